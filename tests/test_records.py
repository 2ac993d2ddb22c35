"""Writing records: validation, reversals (冲销), the audit log, all-or-nothing roll calls, vouchers."""

from __future__ import annotations

import json

import pendulum
import pytest

from models import (
    AuditLog,
    Contributor,
    Expense,
    InKind,
    LabourEntry,
    Milestone,
    Person,
    Pledge,
    ProgressNote,
    Project,
    Receipt,
    Village,
)
from tracker import ledger, records
from tracker.errors import UserError, ValidationError


def d(month: int, day: int) -> pendulum.Date:
    return pendulum.date(2026, month, day)


@pytest.fixture
def base(db):
    project = records.add_project("上屋场", "一组", budget_fen=1_000_000)
    contributor = records.add_contributor("张三")
    return project, contributor


def _audit(table: str | None = None, action: str | None = None) -> list[AuditLog]:
    q = AuditLog.select().order_by(AuditLog.id)
    if table:
        q = q.where(AuditLog.table == table)
    if action:
        q = q.where(AuditLog.action == action)
    return list(q)


ADDERS = {
    "pledge": lambda p, c: records.add_pledge(p, c, "self_raised", 12_300, d(3, 1), due_date=d(4, 1)),
    "receipt": lambda p, c: records.add_receipt(p, c, "donation", 12_300, d(3, 1), voucher="SJ-1"),
    "in_kind": lambda p, c: records.add_in_kind(p, c, "self_raised", "水泥", 12_300, d(3, 1), quantity="2"),
    "expense": lambda p, c: records.add_expense(p, "水泥", 12_300, d(3, 1), payee="建材店", voucher="ZC-1"),
}
MODELS = {"pledge": Pledge, "receipt": Receipt, "in_kind": InKind, "expense": Expense}


# --- reversals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ADDERS))
def test_reversal_keeps_the_original_and_adds_the_negated_entry(base, kind):
    original = ADDERS[kind](*base)
    negated = records.reverse(original, "  金额录错  ", d(3, 5))
    model = MODELS[kind]
    kept = model.get_by_id(original.id)
    assert kept.amount_fen == 12_300 and kept.reverses_id is None and kept.version == 1
    assert negated.amount_fen == -12_300
    assert negated.reverses_id == original.id
    assert negated.reason == "金额录错"
    assert negated.date == d(3, 5)
    assert negated.project_id == original.project_id
    assert negated.uuid != original.uuid
    if kind != "expense":
        assert negated.contributor_id == original.contributor_id
        assert negated.source == original.source
    if kind == "receipt":
        assert (kept.voucher, negated.voucher) == ("SJ-1", None)  # the number stays with the original
    assert model.select().count() == 2
    assert records.is_reversed(kept) and not records.is_reversed(negated)
    net = sum(r.amount_fen for r in model.select())
    assert net == 0


def test_reversal_nets_to_zero_in_the_ledger(base):
    project, contributor = base
    receipt = records.add_receipt(project, contributor, "self_raised", 50_000, d(3, 1))
    records.reverse(receipt, "重复录入", d(3, 2))
    records.add_receipt(project, contributor, "self_raised", 5_000, d(3, 2))
    assert ledger.summary(d(6, 1)).project("上屋场").received.self_raised == 5_000


def test_cannot_reverse_twice(base):
    receipt = ADDERS["receipt"](*base)
    records.reverse(receipt, "错", d(3, 2))
    with pytest.raises(UserError) as exc:
        records.reverse(receipt, "又错", d(3, 3))
    assert exc.value.key == "error.already_reversed"
    assert Receipt.select().count() == 2


def test_cannot_reverse_a_reversal(base):
    pledge = ADDERS["pledge"](*base)
    negated = records.reverse(pledge, "错", d(3, 2))
    with pytest.raises(UserError) as exc:
        records.reverse(negated, "撤销冲销", d(3, 3))
    assert exc.value.key == "error.reverse_reversal"
    assert Pledge.select().count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_reversal_needs_a_reason(base, reason):
    expense = ADDERS["expense"](*base)
    audit_rows = len(_audit())
    with pytest.raises(ValidationError) as exc:
        records.reverse(expense, reason, d(3, 2))
    assert list(exc.value.by_field()) == ["reason"]
    assert Expense.select().count() == 1
    assert len(_audit()) == audit_rows


def test_reversal_cannot_be_dated_before_the_original(base):
    receipt = ADDERS["receipt"](*base)
    with pytest.raises(ValidationError) as exc:
        records.reverse(receipt, "错", d(2, 28))
    assert list(exc.value.by_field()) == ["date"]
    assert Receipt.select().count() == 1
    records.reverse(receipt, "错", d(3, 1))  # the same day is fine


@pytest.mark.parametrize("kind", list(ADDERS))
def test_money_records_cannot_be_edited_or_deleted(base, kind):
    entry = ADDERS[kind](*base)
    with pytest.raises(UserError) as exc:
        records.update(entry, amount_fen=1)
    assert exc.value.key == "error.money_immutable"
    with pytest.raises(UserError):
        records.delete(entry)
    stored = MODELS[kind].get_by_id(entry.id)
    assert (stored.amount_fen, stored.version) == (12_300, 1)
    assert len(_audit(MODELS[kind]._meta.table_name)) == 1  # the create, nothing else


# --- the audit log ---------------------------------------------------------------------------------


def test_create_writes_an_audit_row_with_the_cadre(base):
    project, contributor = base
    pledge = records.add_pledge(
        project, contributor, "donation", 80_000, d(3, 1), due_date=d(5, 1), note="屋场会"
    )
    (row,) = _audit("pledge")
    assert (row.action, row.record_uuid, row.cadre) == ("create", pledge.uuid, "张书记")
    assert row.before is None
    after = json.loads(row.after)
    assert after["amount_fen"] == 80_000
    assert after["project_id"] == project.id
    assert after["contributor_id"] == contributor.id
    assert after["date"] == "2026-03-01" and after["due_date"] == "2026-05-01"
    assert after["uuid"] == pledge.uuid
    assert row.at  # a timestamp


def test_the_cadre_in_the_audit_log_follows_the_village(base):
    project, _ = base
    records.update(Village.get(), cadre_name="李第一书记")
    note = records.add_progress_note(project, d(3, 1), "开工")
    (row,) = _audit("progress_note")
    assert (row.record_uuid, row.cadre) == (note.uuid, "李第一书记")


def test_reversal_writes_a_reverse_row(base):
    receipt = ADDERS["receipt"](*base)
    negated = records.reverse(receipt, "重复录入", d(3, 2))
    (row,) = _audit("receipt", "reverse")
    assert row.record_uuid == negated.uuid
    after = json.loads(row.after)
    assert (after["amount_fen"], after["reverses_id"], after["reason"]) == (-12_300, receipt.id, "重复录入")
    assert [r.action for r in _audit("receipt")] == ["create", "reverse"]


def test_update_writes_before_and_after_and_bumps_the_version(base):
    project, _ = base
    updated = records.update(project, leader="王组长", budget_fen=1_200_000)
    assert updated.version == 2
    stored = Project.get_by_id(project.id)
    assert (stored.leader, stored.budget_fen, stored.version, stored.uuid) == (
        "王组长",
        1_200_000,
        2,
        project.uuid,
    )
    (row,) = _audit("project", "update")
    before, after = json.loads(row.before), json.loads(row.after)
    assert (before["leader"], before["budget_fen"], before["version"]) == ("", 1_000_000, 1)
    assert (after["leader"], after["budget_fen"], after["version"]) == ("王组长", 1_200_000, 2)
    assert row.record_uuid == project.uuid and row.cadre == "张书记"


def test_update_that_changes_nothing_writes_nothing(base):
    project, _ = base
    rows = len(_audit())
    same = records.update(project, leader="", budget_fen=1_000_000)
    assert same.version == 1
    assert len(_audit()) == rows


def test_history_of_a_record(base):
    project, _ = base
    records.update(project, leader="甲")
    records.update(project, leader="乙")
    from tracker import audit

    assert [r.action for r in audit.history(project.uuid)] == ["create", "update", "update"]
    assert json.loads(audit.history(project.uuid)[-1].before)["leader"] == "甲"


def test_deleting_a_labour_entry_is_logged(base):
    project, _ = base
    person = records.add_person("王五", "一组")
    entry = records.add_labour(person, project, d(4, 1), 3, work_type="砌墙")
    records.delete(entry)
    assert LabourEntry.select().count() == 0
    (row,) = _audit("labour_entry", "delete")
    assert row.record_uuid == entry.uuid
    assert row.after is None
    before = json.loads(row.before)
    assert (before["half_days"], before["person_id"], before["work_type"]) == (3, person.id, "砌墙")


def test_deleting_a_progress_note_is_allowed_other_records_are_not(base):
    project, _ = base
    note = records.add_progress_note(project, d(4, 1), "打地基")
    records.delete(note)
    assert ProgressNote.select().count() == 0
    milestone = records.add_milestone(project, "五美庭院")
    with pytest.raises(UserError):
        records.delete(milestone)
    assert Milestone.select().count() == 1


# --- the labour roll call --------------------------------------------------------------------------


def test_labour_roll_writes_every_entry(base):
    project, _ = base
    people = [records.add_person(n, "一组") for n in ("甲", "乙", "丙")]
    entries = records.add_labour_roll(
        project, d(4, 1), "铺路", [(people[0], 2), (people[1], 1), (people[2], 2)]
    )
    assert len(entries) == 3
    assert sorted(e.half_days for e in LabourEntry.select()) == [1, 2, 2]
    assert {e.work_type for e in LabourEntry.select()} == {"铺路"}
    assert len(_audit("labour_entry", "create")) == 3
    assert ledger.summary(d(4, 1)).project("上屋场").labour_days == 2.5


@pytest.mark.parametrize("bad", [0, -1, 63])
def test_labour_roll_is_all_or_nothing(base, bad):
    project, _ = base
    people = [records.add_person(n, "一组") for n in ("甲", "乙", "丙")]
    rows = len(_audit())
    with pytest.raises(ValidationError) as exc:
        records.add_labour_roll(project, d(4, 1), "铺路", [(people[0], 2), (people[1], bad), (people[2], 2)])
    assert list(exc.value.by_field()) == ["days"]
    assert LabourEntry.select().count() == 0
    assert len(_audit()) == rows


# --- vouchers --------------------------------------------------------------------------------------


def test_voucher_is_unique_among_live_receipts(base):
    project, contributor = base
    first = records.add_receipt(project, contributor, "self_raised", 1_000, d(3, 1), voucher="TB-001")
    assert records.voucher_in_use("TB-001")
    with pytest.raises(ValidationError) as exc:
        records.add_receipt(project, contributor, "self_raised", 2_000, d(3, 2), voucher=" TB-001 ")
    assert list(exc.value.by_field()) == ["voucher"]
    assert Receipt.select().count() == 1

    # Reversed, the number is free again for the corrected entry.
    records.reverse(first, "金额录错", d(3, 2))
    assert not records.voucher_in_use("TB-001")
    corrected = records.add_receipt(project, contributor, "self_raised", 2_000, d(3, 2), voucher="TB-001")
    assert corrected.voucher == "TB-001"
    assert records.voucher_in_use("TB-001")
    with pytest.raises(ValidationError):
        records.add_receipt(project, contributor, "self_raised", 3_000, d(3, 3), voucher="TB-001")


def test_receipts_without_a_voucher_get_numbers_that_do_not_clash(base):
    project, contributor = base
    records.add_receipt(project, contributor, "self_raised", 1_000, d(3, 1))
    records.add_receipt(project, contributor, "self_raised", 1_000, d(3, 1), voucher="  ")
    assert [r.voucher for r in Receipt.select()] == ["CS2026-001", "CS2026-002"]  # numbered, never clashing


# --- validation: nothing is written when input is wrong ----------------------------------------------


@pytest.mark.parametrize("amount", [0, -500])
def test_amount_must_be_above_zero(base, amount):
    project, contributor = base
    with pytest.raises(ValidationError) as exc:
        records.add_pledge(project, contributor, "self_raised", amount, d(3, 1))
    assert "amount" in exc.value.by_field()
    with pytest.raises(ValidationError):
        records.add_expense(project, "水泥", amount, d(3, 1))
    assert Pledge.select().count() == Expense.select().count() == 0


def test_amounts_are_integer_fen(base):
    project, contributor = base
    with pytest.raises(TypeError):
        records.add_receipt(project, contributor, "self_raised", 12.5, d(3, 1))
    assert Receipt.select().count() == 0


def test_several_wrong_fields_are_reported_together(base):
    project, contributor = base
    with pytest.raises(ValidationError) as exc:
        records.add_pledge(project, contributor, "gift", -1, d(3, 5), due_date=d(3, 1))
    assert set(exc.value.by_field()) == {"amount", "source", "due_date"}
    assert Pledge.select().count() == 0


def test_messages_name_the_field_in_either_language(base):
    project, contributor = base
    with pytest.raises(ValidationError) as exc:
        records.add_receipt(project, contributor, "gift", 100, d(3, 1))
    assert "资金来源" in exc.value.message("zh")
    assert "gift" in exc.value.message("zh")
    assert "Source" in exc.value.message("en")


def test_in_kind_and_expense_need_an_item(base):
    project, contributor = base
    with pytest.raises(ValidationError) as exc:
        records.add_in_kind(project, contributor, "self_raised", " ", 100, d(3, 1))
    assert list(exc.value.by_field()) == ["item"]
    with pytest.raises(ValidationError):
        records.add_expense(project, "", 100, d(3, 1))
    assert InKind.select().count() == Expense.select().count() == 0


def test_projects(db):
    records.add_project("上屋场")
    with pytest.raises(ValidationError) as exc:
        records.add_project(" 上屋场 ", budget_fen=-1, status="done")
    assert set(exc.value.by_field()) == {"name", "budget", "status"}
    assert Project.select().count() == 1


def test_one_village_per_database(db):
    with pytest.raises(UserError) as exc:
        records.create_village("别的村")
    assert "测试村" in exc.value.message()
    assert Village.select().count() == 1


def test_milestones(base):
    project, _ = base
    done = records.add_milestone(project, "古树保护", weight=10, done_date=d(4, 20), progress_pct=30)
    assert done.progress_pct == 100  # done is done
    m = records.add_milestone(project, "五美庭院", weight=30)
    m = records.set_milestone_progress(m, 60)
    assert (Milestone.get_by_id(m.id).progress_pct, m.version) == (60, 2)
    m = records.set_milestone_progress(m, 70, done_date=d(7, 25))
    stored = Milestone.get_by_id(m.id)
    assert (stored.progress_pct, stored.done_date) == (100, d(7, 25))
    with pytest.raises(ValidationError):
        records.set_milestone_progress(m, 101)
    with pytest.raises(ValidationError):
        records.add_milestone(project, "绿化", progress_pct=-1)
    assert Milestone.get_by_id(m.id).progress_pct == 100


def test_people_and_contributors(db):
    head = records.add_person("梁湘江", "桐梓组", "桐梓组01户", is_household_head=True)
    assert head.initials == "lxj"
    assert records.initials_of("周海军2") == "zhj2"
    linked = records.contributor_for("梁湘江")
    assert linked.person_id == head.id
    assert records.contributor_for(" 梁湘江 ").id == linked.id  # found again, not duplicated
    org = records.contributor_for("湘中建材公司", "enterprise")
    assert (org.kind, org.person_id) == ("enterprise", None)
    assert Contributor.select().count() == 2
    with pytest.raises(ValidationError) as exc:
        records.add_contributor("某公司", "company")
    assert list(exc.value.by_field()) == ["kind"]
    with pytest.raises(ValidationError):
        records.add_person("  ")
    assert Person.select().count() == 1
