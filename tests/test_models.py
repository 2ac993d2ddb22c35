"""The peewee model: identities that never change, dates as pendulum dates, money as integers."""

from __future__ import annotations

import sqlite3

import peewee as pw
import pendulum
import pytest

from models import (
    CONTRIBUTOR_KINDS,
    MONEY_MODELS,
    PROJECT_STATUSES,
    SOURCES,
    Pledge,
    Project,
    Receipt,
)
from tracker import records


def test_the_four_sources_kinds_and_statuses():
    assert SOURCES == ("self_raised", "donation", "government", "collective")
    assert set(CONTRIBUTOR_KINDS) == {"person", "xiangxian", "enterprise", "government", "collective"}
    assert PROJECT_STATUSES == ("planning", "building", "completed", "accepted")
    assert set(MONEY_MODELS) == {"pledge", "receipt", "in_kind", "expense"}


def test_every_record_has_a_uuid_that_never_changes(db):
    a = records.add_project("上屋场")
    b = records.add_project("下屋场")
    assert len(a.uuid) == 36 and a.uuid != b.uuid
    assert (a.version, a.created_at) == (1, a.updated_at)
    edited = records.update(a, leader="梁旦")
    edited = records.update(edited, status="building")
    stored = Project.get_by_id(a.id)
    assert stored.uuid == a.uuid
    assert stored.version == 3
    assert stored.created_at == a.created_at
    assert stored.updated_at >= a.updated_at


def test_uuids_are_unique_in_the_database(db):
    a = records.add_project("上屋场")
    with pytest.raises(pw.IntegrityError):
        Project.create(name="下屋场", uuid=a.uuid)


def test_dates_come_back_as_pendulum_dates_stored_as_iso_text(db, db_path):
    project = records.add_project("上屋场", start_date=pendulum.date(2026, 3, 1))
    contributor = records.add_contributor("张三")
    records.add_pledge(
        project,
        contributor,
        "self_raised",
        1_000,
        pendulum.date(2026, 5, 26),
        due_date=pendulum.date(2026, 6, 30),
    )
    pledge = Pledge.get()
    assert isinstance(pledge.date, pendulum.Date)
    assert pledge.date == pendulum.date(2026, 5, 26)
    assert pledge.due_date == pendulum.date(2026, 6, 30)
    assert Project.get().planned_end is None
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT date, typeof(date), due_date FROM pledge").fetchone() == (
            "2026-05-26",
            "text",
            "2026-06-30",
        )
    finally:
        con.close()


def test_dates_compare_in_sql_as_dates(db):
    """ISO text sorts like dates, so `date <= as_of` in SQL is right across months and years."""
    project = records.add_project("上屋场")
    c = records.add_contributor("张三")
    for day in (pendulum.date(2026, 9, 30), pendulum.date(2026, 10, 1), pendulum.date(2027, 1, 5)):
        records.add_receipt(project, c, "self_raised", 100, day)
    found = Receipt.select().where(Receipt.date <= pendulum.date(2026, 10, 1)).count()
    assert found == 2


def test_foreign_keys_are_enforced(db):
    contributor = records.add_contributor("张三")
    with pytest.raises(pw.IntegrityError):
        Pledge.create(
            project=9999,
            contributor=contributor,
            source="self_raised",
            amount_fen=1,
            date=pendulum.date(2026, 3, 1),
        )


def test_an_entry_can_be_reversed_only_once_even_bypassing_records(db):
    project = records.add_project("上屋场")
    c = records.add_contributor("张三")
    receipt = records.add_receipt(project, c, "self_raised", 100, pendulum.date(2026, 3, 1))
    Receipt.create(
        project=project,
        contributor=c,
        source="self_raised",
        amount_fen=-100,
        date=pendulum.date(2026, 3, 2),
        reverses=receipt,
        reason="错",
    )
    with pytest.raises(pw.IntegrityError):
        Receipt.create(
            project=project,
            contributor=c,
            source="self_raised",
            amount_fen=-100,
            date=pendulum.date(2026, 3, 3),
            reverses=receipt,
            reason="又错",
        )


def test_money_columns_hold_integers(db, db_path):
    project = records.add_project("上屋场", budget_fen=123_456_78)
    c = records.add_contributor("张三")
    day = pendulum.date(2026, 3, 1)
    records.add_pledge(project, c, "self_raised", 1_050, day)
    records.add_receipt(project, c, "self_raised", 5, day)
    records.add_in_kind(project, c, "self_raised", "砖", 999_999, day)
    records.add_expense(project, "砖", 10, day)
    con = sqlite3.connect(db_path)
    try:
        for table in ("pledge", "receipt", "in_kind", "expense"):
            assert con.execute(f"SELECT DISTINCT typeof(amount_fen) FROM {table}").fetchall() == [
                ("integer",)
            ]
        assert con.execute("SELECT typeof(budget_fen), budget_fen FROM project").fetchone() == (
            "integer",
            12_345_678,
        )
    finally:
        con.close()
