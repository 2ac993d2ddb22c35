"""The demo village of the story: 桐柏村, 白马镇, 涟源市."""

from __future__ import annotations

import sqlite3

import pendulum
import pytest
from conftest import counts

from models import (
    AuditLog,
    Contributor,
    Expense,
    InKind,
    LabourEntry,
    Milestone,
    Person,
    Pledge,
    Project,
    Receipt,
    Village,
)
from tracker import ledger, records
from tracker.demo import MAIN, SECOND, load_demo
from tracker.errors import UserError

TODAY = pendulum.date(2026, 11, 28)
WAN = 1_000_000  # 1万元 in fen


def test_every_money_column_holds_integers(demo_db, db_path):
    con = sqlite3.connect(db_path)
    try:
        for table in ("pledge", "receipt", "in_kind", "expense"):
            kinds = con.execute(f"SELECT DISTINCT typeof(amount_fen) FROM {table}").fetchall()
            assert kinds == [("integer",)], table
        assert con.execute("SELECT DISTINCT typeof(budget_fen) FROM project").fetchall() == [("integer",)]
        assert con.execute("SELECT DISTINCT typeof(labour_rate_fen) FROM village").fetchall() == [
            ("integer",)
        ]
        assert con.execute("SELECT DISTINCT typeof(half_days) FROM labour_entry").fetchall() == [("integer",)]
    finally:
        con.close()


def test_the_village_and_its_people(demo_db):
    village = Village.get()
    assert (village.name, village.town, village.county) == ("桐柏村", "白马镇", "涟源市")
    group = Person.select().where(Person.group == "桐梓组")
    assert group.count() == 145
    party = group.where(Person.is_party_member)
    assert party.count() == 11
    # every villager who is not a party member has a 联户党员 who is
    mobilisers = {p.mobiliser_id for p in group.where(~Person.is_party_member)}
    assert None not in mobilisers
    assert mobilisers <= {p.id for p in party}


def test_the_story_figures(demo_db):
    s = ledger.summary(TODAY)
    main = s.project(MAIN)
    assert main.group == "桐梓组"
    assert 70 * WAN < s.totals.received.total < 80 * WAN  # 70余万元
    assert 10 * WAN < s.totals.received.self_raised < 20 * WAN  # 群众自筹 10余万元
    assert main.received.government > 0 and main.received.donation > 0
    assert main.labour_days > 0 and main.spent_fen > 0 and main.in_kind_fen > 0
    second = s.project(SECOND)
    assert second is not None and second.received.total < main.received.total
    assert second.milestones_done == 0  # just started


def test_liang_xiangjiang_gave_100000_yuan(demo_db):
    lines = [x for x in ledger.pledge_lines(TODAY) if x.contributor == "梁湘江"]
    assert [(x.source, x.pledged_fen, x.received_fen, x.status) for x in lines] == [
        ("donation", 10 * 10_000 * 100, 10 * 10_000 * 100, ledger.STATUS_PAID)
    ]


def test_the_milestones_of_the_story(demo_db):
    names = {m.name for m in Milestone.select().join(Project).where(Project.name == MAIN)}
    assert {"五美庭院", "五小建设", "道路硬化", "道路两旁绿化"} <= names


def test_records_are_dated_2026(demo_db):
    for model in (Pledge, Receipt, InKind, Expense, LabourEntry):
        years = {r.date.year for r in model.select(model.date)}
        assert years == {2026}, model


def test_the_demo_has_something_for_every_status_and_a_reversal(demo_db):
    statuses = {x.status for x in ledger.pledge_lines(TODAY)}
    assert {ledger.STATUS_PAID, ledger.STATUS_OVERDUE, ledger.STATUS_UNPAID} <= statuses
    assert Receipt.select().where(Receipt.reverses.is_null(False)).count() == 1
    kinds = {a.kind for a in ledger.attention(TODAY)}
    assert {"overdue_milestone", "late_pledge"} <= kinds


def test_two_givers_have_a_phone_of_their_own(demo_db):
    """So that a report, notice or receipt showing a giver's phone fails its test."""
    givers = list(Contributor.select().where(Contributor.phone != ""))
    assert {c.name for c in givers} == {"梁湘江", "涟源市湘中建材有限公司"}
    assert {c.phone for c in givers}.isdisjoint(p.phone for p in Person.select())
    assert all(Receipt.select().where(Receipt.contributor == c).exists() for c in givers)


def test_every_demo_record_is_in_the_audit_log_with_the_cadre(demo_db):
    logged = AuditLog.select().where(AuditLog.action.in_(["create", "reverse"])).count()
    assert logged == sum(counts().values()) - counts()["audit_log"]
    assert {a.cadre for a in AuditLog.select(AuditLog.cadre).distinct()} == {"梁旦"}


def test_loading_twice_changes_nothing(demo_db):
    before = counts()
    assert load_demo() == "present"
    assert counts() == before


def test_demo_into_an_empty_village_of_the_same_name(db_path):
    from models import open_database

    open_database(db_path)
    records.create_village("桐柏村", "白马镇", "涟源市")
    assert load_demo() == "created"
    assert Village.select().count() == 1
    assert Project.select().count() == 2


def test_demo_refuses_another_village(db):
    before = counts()
    with pytest.raises(UserError) as exc:
        load_demo()
    assert "测试村" in exc.value.message()
    assert counts() == before
