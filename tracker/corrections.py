"""Putting mistakes right: editing and deleting what is not money, merging two entries for one
person or contributor, and the status of a project.

Each function writes in one transaction and leaves audit rows from which the change can be read
back (before/after). Money stays as it is: a pledge, receipt, gift or expense is only ever reversed
(``records.reverse``); a merge re-points it to the contributor it belonged to all along, and the
audit row of each re-pointed record names both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import peewee as pw
import pendulum

from models import (
    PROJECT_STATUSES,
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
)

from . import audit, records, rules
from .errors import FieldError, UserError, ValidationError
from .i18n import register, t

_CONTRIBUTOR_MONEY = (Pledge, Receipt, InKind)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError([FieldError("reason", "error.required")])
    return reason


def _with_reason(row: AuditLog, reason: str) -> None:
    # The audit row's "after" of a deletion is empty: it carries why, so the trail reads whole.
    row.after = json.dumps({"reason": reason}, ensure_ascii=False)
    row.save()


def _counted(counts: dict[str, int]) -> str:
    """投工 4、认捐 1 — what is recorded, by table, as a message names it."""
    return t("corr.sep").join(f"{t('table.' + k)} {n}" for k, n in counts.items())


# --- projects -----------------------------------------------------------------------------------

PROJECT_FIELDS = ("name", "group", "households", "leader", "budget_fen", "start_date", "planned_end")


def edit_project(
    project: Project,
    *,
    status: str | None = None,
    reason: str = "",
    today: pendulum.Date | None = None,
    **changes: object,
) -> Project:
    """Change a project's name, 组, households, leader, budget, dates and status, in one audited
    edit (its rules kept). The status moves along 规划 → 在建 → 完工 → 已验收; moving it back needs a
    reason, kept as a progress note of the project (so the town sees why it reopened)."""
    unknown = set(changes) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"not a project field: {sorted(unknown)}")
    if "group" in changes:
        changes["group"] = str(changes["group"] or "").strip()
    if "leader" in changes:
        changes["leader"] = str(changes["leader"] or "").strip()
    if status is not None and status not in PROJECT_STATUSES:
        raise ValidationError(
            [FieldError("status", "error.choice", {"text": status, "choices": PROJECT_STATUSES})]
        )
    with records.atomic():
        fresh = Project.get_by_id(project.id)
        if status is not None and status != fresh.status:
            if status_is_backwards(fresh.status, status):
                text = t(
                    "corr.status_back_note",
                    "zh",
                    old=t(f"status.{fresh.status}", "zh"),
                    new=t(f"status.{status}", "zh"),
                    reason=_reason(reason),
                )
                records.add_progress_note(fresh, today or pendulum.today().date(), text)
            changes["status"] = status
        return records.update(fresh, **changes)


def status_is_backwards(current: str, new: str) -> bool:
    return PROJECT_STATUSES.index(new) < PROJECT_STATUSES.index(current)


def set_project_status(
    project: Project, status: str, *, reason: str = "", today: pendulum.Date | None = None
) -> Project:
    """Move a project to ``status`` (back only with a reason); see ``edit_project``."""
    return edit_project(project, status=status, reason=reason, today=today)


def project_record_counts(project: Project) -> dict[str, int]:
    """What is recorded under a project, by table (only those with any)."""
    counts = {}
    for model in (Pledge, Receipt, InKind, Expense, LabourEntry, Milestone, ProgressNote):
        n = model.select().where(model.project == project.id).count()
        if n:
            counts[model._meta.table_name] = n
    return counts


def delete_project(project: Project) -> None:
    """Delete a project entered by mistake; refused while anything is recorded under it."""
    with records.atomic():
        fresh = Project.get_by_id(project.id)
        counts = project_record_counts(fresh)
        if counts:
            raise UserError("error.project_has_records", name=fresh.name, what=_counted(counts))
        before = audit.snapshot(fresh)
        fresh.delete_instance()
        audit.log("delete", fresh, before)


# --- milestones ---------------------------------------------------------------------------------


def edit_milestone(milestone: Milestone, **changes: object) -> Milestone:
    """Rename, re-weight or re-date a milestone (its rules kept, audited)."""
    unknown = set(changes) - {"name", "weight", "planned_date"}
    if unknown:
        raise TypeError(f"not a milestone field: {sorted(unknown)}")
    return records.update(milestone, **changes)


def delete_milestone(milestone: Milestone, reason: str = "") -> None:
    """Delete a milestone and what hangs on it. The one path a milestone's dependants (its progress
    history) join, so all of it goes into the audit log together."""
    with records.atomic():
        fresh = Milestone.get_by_id(milestone.id)
        before = audit.snapshot(fresh)
        fresh.delete_instance()
        row = audit.log("delete", fresh, before)
        if reason.strip():
            _with_reason(row, reason.strip())


# --- labour -------------------------------------------------------------------------------------


def remove_labour(entry: LabourEntry, reason: str) -> None:
    """Take back a labour entry recorded by mistake: it leaves every total, and the audit log keeps
    the entry as it was and why it was taken back."""
    why = _reason(reason)
    with records.atomic():
        fresh = LabourEntry.get_or_none(LabourEntry.id == entry.id)
        if fresh is None:
            raise UserError("error.record_gone")
        before = audit.snapshot(fresh)
        fresh.delete_instance()
        _with_reason(audit.log("delete", fresh, before), why)


def labour_recorded_on(project_id: int, date: pendulum.Date) -> dict[int, int]:
    """Half-days already recorded for each person on that project that day (one query)."""
    query = (
        LabourEntry.select(LabourEntry.person, pw.fn.SUM(LabourEntry.half_days))
        .where((LabourEntry.project == project_id) & (LabourEntry.date == date))
        .group_by(LabourEntry.person)
    )
    return {person_id: int(halves) for person_id, halves in query.tuples()}


# --- people -------------------------------------------------------------------------------------


def person_record_counts(person: Person) -> dict[str, int]:
    counts = {}
    n = LabourEntry.select().where(LabourEntry.person == person.id).count()
    if n:
        counts["labour_entry"] = n
    contributor_ids = Contributor.select(Contributor.id).where(Contributor.person == person.id)
    for model in _CONTRIBUTOR_MONEY:
        n = model.select().where(model.contributor.in_(contributor_ids)).count()
        if n:
            counts[model._meta.table_name] = n
    return counts


def delete_person(person: Person) -> None:
    """Delete a villager entered by mistake; refused while labour or money is recorded under them.
    A contributor entry of theirs with nothing recorded goes with them; whoever they mobilised keeps
    their records and loses only the link."""
    with records.atomic():
        fresh = Person.get_by_id(person.id)
        counts = person_record_counts(fresh)
        if counts:
            raise UserError("error.person_has_records", name=fresh.name, what=_counted(counts))
        for follower in Person.select().where(Person.mobiliser == fresh.id):
            records.update(follower, mobiliser=None)
        for contributor in Contributor.select().where(Contributor.person == fresh.id):
            before = audit.snapshot(contributor)
            contributor.delete_instance()
            audit.log("delete", contributor, before)
        before = audit.snapshot(fresh)
        fresh.delete_instance()
        audit.log("delete", fresh, before)


@dataclass(frozen=True)
class Merged:
    kept: int  # id of the record that stays
    moved: dict[str, int]  # table -> records re-pointed


def _repoint(model: type[pw.Model], field: pw.ForeignKeyField, old_id: int, new_id: int) -> int:
    """Re-point every ``model`` row from ``old_id`` to ``new_id``, one audit row (before/after) each."""
    moved = 0
    for row in model.select().where(field == old_id).order_by(model.id):
        before = audit.snapshot(row)
        model.update({field: new_id}).where(model.id == row.id).execute()
        setattr(row, field.name, new_id)
        audit.log("merge", row, before)
        moved += 1
    return moved


def merge_contributors(keep: Contributor, drop: Contributor, *, _same_person: bool = False) -> Merged:
    """Two entries for one contributor become ``keep``: every pledge, receipt and gift of ``drop``
    is re-pointed to it (figures unchanged), then ``drop`` is deleted. Audited row by row."""
    if keep.id == drop.id:
        raise UserError("error.merge_same")
    with records.atomic():
        keep, drop = Contributor.get_by_id(keep.id), Contributor.get_by_id(drop.id)
        # Two villagers' contributors are merged by merging the villagers (which passes _same_person).
        if keep.person_id and drop.person_id and keep.person_id != drop.person_id and not _same_person:
            raise UserError("error.merge_two_villagers", a=keep.name, b=drop.name)
        moved = {
            model._meta.table_name: _repoint(model, model.contributor, drop.id, keep.id)
            for model in _CONTRIBUTOR_MONEY
        }
        link = drop.person_id
        before = audit.snapshot(drop)
        drop.delete_instance()
        audit.log("delete", drop, before)
        if link and not keep.person_id:
            records.update(keep, person=link)
    return Merged(keep.id, {k: v for k, v in moved.items() if v})


def merge_persons(keep: Person, drop: Person) -> Merged:
    """Two entries for one villager become ``keep``: their labour, whom they mobilised and their
    contributor entry (with its pledges and receipts) move to ``keep``, then ``drop`` is deleted.
    In one transaction, audited row by row: the trail holds every record's before and after."""
    if keep.id == drop.id:
        raise UserError("error.merge_same")
    with records.atomic():
        keep, drop = Person.get_by_id(keep.id), Person.get_by_id(drop.id)
        moved = {"labour_entry": _repoint(LabourEntry, LabourEntry.person, drop.id, keep.id)}
        moved["person"] = _repoint(Person, Person.mobiliser, drop.id, keep.id)
        kept_contributor = Contributor.select().where(Contributor.person == keep.id).first()
        for contributor in Contributor.select().where(Contributor.person == drop.id):
            if kept_contributor is None:
                kept_contributor = records.update(contributor, person=keep.id)
                moved["contributor"] = moved.get("contributor", 0) + 1
            else:
                merged = merge_contributors(kept_contributor, contributor, _same_person=True)
                for table, n in merged.moved.items():
                    moved[table] = moved.get(table, 0) + n
        # The kept entry takes what only the dropped one knew (a phone, party membership).
        fill = {}
        for name in ("household", "phone", "group"):
            if not getattr(keep, name) and getattr(drop, name):
                fill[name] = getattr(drop, name)
        if drop.is_party_member and not keep.is_party_member:
            fill["is_party_member"] = True
        if drop.is_household_head and not keep.is_household_head:
            fill["is_household_head"] = True
        before = audit.snapshot(drop)
        drop.delete_instance()
        audit.log("delete", drop, before)
        if fill:
            records.update(keep, **fill)
    return Merged(keep.id, {k: v for k, v in moved.items() if v})


def namesakes(name: str, group: str, *, exclude_id: int | None = None) -> list[Person]:
    """Villagers of the same 组 already entered under this name: a new one of the name asks first."""
    found = rules.same_name(Person, name)
    return [p for p in found if p.group.strip() == (group or "").strip() and p.id != exclude_id]


def households(group: str | None = None) -> list[str]:
    """The households already entered (of one 组 when given), to choose from rather than retype."""
    query = Person.select(Person.household).where(Person.household != "").distinct()
    if group is not None:
        query = query.where(Person.group == group.strip())
    return sorted(h for (h,) in query.tuples())


def labour_totals(rows: Iterable[object], rate_fen: int) -> tuple[int, int, int]:
    """人次, half-days and 折资 (fen) of labour rows as listed (``half_days`` each)."""
    from .ledger import labour_value_fen

    count = halves = 0
    for row in rows:
        count += 1
        halves += row.half_days  # type: ignore[attr-defined]
    return count, halves, labour_value_fen(halves, rate_fen)


register(
    zh={
        "corr.status_back_note": "状态由“{old}”改回“{new}”：{reason}",
        "corr.sep": "、",
        "error.project_has_records": "“{name}”下已有记录（{what}），不能删除；资金记录请冲销，其他记录先删除",
        "error.person_has_records": "“{name}”已有记录（{what}），不能删除；若是重复录入，请合并到另一位",
        "error.merge_same": "不能与自己合并",
        "error.merge_two_villagers": "“{a}”和“{b}”是两位不同村民的捐助方；请合并这两位村民",
        "error.record_gone": "这条记录已不存在（可能刚被删除）",
    },
    en={
        "corr.status_back_note": 'Status moved back from "{old}" to "{new}": {reason}',
        "corr.sep": ", ",
        "error.project_has_records": '"{name}" has records ({what}) and cannot be deleted; reverse its money and delete the rest first',
        "error.person_has_records": '"{name}" has records ({what}) and cannot be deleted; if entered twice, merge into the other entry',
        "error.merge_same": "a record cannot be merged with itself",
        "error.merge_two_villagers": '"{a}" and "{b}" are the contributors of two different villagers; merge the villagers instead',
        "error.record_gone": "this record no longer exists (it may have just been deleted)",
    },
)
