"""Putting mistakes right in the tracker: the functions the screens, and a test, call."""

from __future__ import annotations

import json

import pendulum
import pytest

from models import (
    AuditLog,
    Contributor,
    LabourEntry,
    Milestone,
    Person,
    Pledge,
    ProgressNote,
    Project,
    Receipt,
)
from tracker import corrections, ledger, records
from tracker.errors import UserError, ValidationError

DAY = pendulum.date(2026, 11, 2)


@pytest.fixture
def village(db):
    project = records.add_project("石门屋场", "石门组", budget_fen=5_000_000)
    a = records.add_person("刘大山", "石门组", "石门组01户")
    b = records.add_person("王建国", "石门组", "石门组02户")
    return project, a, b


def _audit(table: str, action: str) -> list[AuditLog]:
    return list(AuditLog.select().where((AuditLog.table == table) & (AuditLog.action == action)))


def test_a_labour_entry_taken_back_leaves_the_totals_and_the_audit_keeps_why(village):
    project, a, _ = village
    entry = records.add_labour(a, project, DAY, 2)
    assert ledger.summary(DAY).totals.labour_half_days == 2
    with pytest.raises(ValidationError):
        corrections.remove_labour(entry, " ")
    corrections.remove_labour(entry, "记重了")
    assert ledger.summary(DAY).totals.labour_half_days == 0
    (row,) = _audit("labour_entry", "delete")
    assert json.loads(row.before)["half_days"] == 2 and json.loads(row.after) == {"reason": "记重了"}


def test_a_roll_call_taken_twice_is_refused_unless_a_second_entry_is_asked(village):
    project, a, b = village
    records.add_labour_roll(project, DAY, "砌墙", [(a, 2)])
    with pytest.raises(ValidationError) as exc:
        records.add_labour_roll(project, DAY, "砌墙", [(a, 2), (b, 2)])
    assert "刘大山" in exc.value.errors[0].message()
    assert LabourEntry.select().count() == 1  # nothing of the second roll call
    records.add_labour_roll(project, DAY, "砌墙", [(a, 1), (b, 2)], again=[a.id])
    assert corrections.labour_recorded_on(project.id, DAY) == {a.id: 3, b.id: 2}


def test_project_edited_and_moved_along_back_only_with_a_reason(village):
    project, *_ = village
    corrections.edit_project(project, budget_fen=6_000_000, leader="刘书记")
    corrections.set_project_status(project, "building")
    corrections.set_project_status(project, "completed")
    with pytest.raises(ValidationError):
        corrections.set_project_status(project, "building")
    corrections.set_project_status(project, "building", reason="验收前发现排水沟未完工", today=DAY)
    p = Project.get_by_id(project.id)
    assert (p.status, p.budget_fen, p.leader) == ("building", 6_000_000, "刘书记")
    assert "排水沟" in ProgressNote.get().text
    edits = _audit("project", "update")
    assert json.loads(edits[0].before)["budget_fen"] == 5_000_000
    assert json.loads(edits[0].after)["budget_fen"] == 6_000_000
    with pytest.raises(ValidationError):
        corrections.edit_project(project, budget_fen=-1)


def test_only_a_project_with_no_records_can_be_deleted(village):
    project, a, _ = village
    records.add_labour(a, project, DAY, 2)
    with pytest.raises(UserError) as exc:
        corrections.delete_project(project)
    assert "投工 1" in exc.value.message()
    empty = records.add_project("空屋场")
    corrections.delete_project(empty)
    assert not Project.select().where(Project.name == "空屋场").exists()
    assert len(_audit("project", "delete")) == 1


def test_a_milestone_edited_and_one_deleted(village):
    project, *_ = village
    m = records.add_milestone(project, "基础", weight=1)
    other = records.add_milestone(project, "屋面", weight=1, progress_pct=50)
    corrections.edit_milestone(m, name="地基", weight=3, planned_date=DAY)
    m = Milestone.get_by_id(m.id)
    assert (m.name, m.weight, m.planned_date) == ("地基", 3, DAY)
    with pytest.raises(ValidationError):
        corrections.edit_milestone(m, name="屋面")  # two of one name in a project
    corrections.delete_milestone(other, "重复的节点")
    assert Milestone.select().count() == 1
    (row,) = _audit("milestone", "delete")
    assert json.loads(row.before)["progress_pct"] == 50


def test_two_entries_for_one_villager_merged_figures_unchanged(village):
    project, a, _ = village
    twin = records.add_person("刘大山", "石门组", phone="13800000000")
    records.add_labour(a, project, DAY, 2)
    records.add_labour(twin, project, DAY.add(days=1), 1)
    c_twin = records.contributor_of(twin)
    records.add_pledge(project, c_twin, "self_raised", 50_000, DAY)
    records.add_receipt(project, c_twin, "self_raised", 20_000, DAY)
    before = ledger.summary(DAY.add(days=5)).as_dict()
    assert corrections.namesakes("刘大山", "石门组", exclude_id=twin.id) == [a]

    merged = corrections.merge_persons(a, twin)

    assert ledger.summary(DAY.add(days=5)).as_dict() == before
    assert merged.moved == {"labour_entry": 1, "contributor": 1}
    assert not Person.select().where(Person.id == twin.id).exists()
    assert {e.person_id for e in LabourEntry.select()} == {a.id}
    kept = Contributor.get(Contributor.person == a.id)
    assert Pledge.get().contributor_id == kept.id == Receipt.get().contributor_id
    assert Person.get_by_id(a.id).phone == "13800000000"  # what only the twin knew is kept


def test_two_contributors_merged_their_money_under_one(village):
    project, *_ = village
    one, two = (
        records.add_contributor("白马建材", "enterprise"),
        records.add_contributor("白马建材厂", "enterprise"),
    )
    records.add_pledge(project, one, "donation", 100_000, DAY)
    records.add_pledge(project, two, "donation", 30_000, DAY)
    before = ledger.summary(DAY).as_dict()
    merged = corrections.merge_contributors(one, two)
    assert merged.moved == {"pledge": 1}
    assert ledger.summary(DAY).as_dict() == before
    assert {p.contributor_id for p in Pledge.select()} == {one.id}
    (row,) = _audit("pledge", "merge")
    assert (
        json.loads(row.before)["contributor_id"] == two.id
        and json.loads(row.after)["contributor_id"] == one.id
    )


def test_only_a_person_with_no_records_can_be_deleted(village):
    project, a, b = village
    records.add_labour(a, project, DAY, 2)
    with pytest.raises(UserError):
        corrections.delete_person(a)
    corrections.delete_person(b)
    assert [p.name for p in Person.select()] == ["刘大山"]
    assert corrections.households("石门组") == ["石门组01户"]
