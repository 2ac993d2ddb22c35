"""Each import is numbered, and an import can be undone as a whole.

An import writes in one transaction, and every record it adds or changes leaves an audit row in
it. So the import is the run of audit rows between the last one before it and the last one it
wrote: ``mark`` reads where the log stands inside the transaction, ``record`` closes the run
with one audit row of its own (table ``import_batch``) holding the number, the file and that
range. Nothing else is stored and no table is added: the audit log is the record of the import.

``undo`` reads the range back and, in one transaction: reverses every money record it added to a
project that was already in the ledger (dated as the original, so the figures on every date are
back as they were); deletes a project the import itself added as a whole, with the money under it
(nothing else can be under it: see below), each row kept in the audit log with the reason; deletes
the labour entries, milestones, villagers and contributors it added; and puts back the milestones
and villagers it changed. A villager or contributor the import added stays when it holds reversed
money (a reversed pair is the ledger's record of the mistake). It refuses, naming them, when
records entered since depend on what it would remove or restore.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw
import pendulum

from models import (
    MONEY_MODELS,
    AuditLog,
    Contributor,
    DateField,
    LabourEntry,
    Milestone,
    Person,
    Project,
    Village,
    new_uuid,
)

from .. import audit, records
from ..errors import UserError
from ..i18n import register, t

TABLE = "import_batch"
_RESTORABLE = {"milestone": Milestone, "person": Person}  # records an import may change


@dataclass(frozen=True)
class Batch:
    number: int
    file: str
    at: str
    first_audit: int  # the batch's audit rows are (first_audit, last_audit]
    last_audit: int
    added: int
    undone: bool = False


@dataclass
class Undone:
    number: int
    reversed: int = 0  # money records reversed
    removed: dict[str, int] = field(default_factory=dict)  # table -> records deleted
    restored: int = 0  # milestones and villagers put back as they were
    kept: list[str] = field(default_factory=list)  # added records kept: they hold reversed money


def undone_originals(model: type[pw.Model]) -> pw.ModelSelect:
    """Ids of ``model``'s records reversed by an import's undo: as if never imported, so the same
    rows, fixed or not, can be imported again (a reversal the cadre made keeps its row out)."""
    prefix = t("undo.reason", "zh", number="", file="").split(" ")[0]  # 撤销第
    return model.select(model.reverses).where(
        model.reverses.is_null(False) & model.reason.startswith(prefix) & model.reason.contains("次导入")
    )


def mark() -> int:
    """Where the audit log stands: call inside the import's transaction, before it writes."""
    return AuditLog.select(pw.fn.MAX(AuditLog.id)).scalar() or 0


def _cadre() -> str:
    village = Village.select(Village.cadre_name).order_by(Village.id).first()
    return village.cadre_name if village else ""


def next_number() -> int:
    """The number the next import will have (the dry run names it)."""
    return _batch_rows().count() + 1


def _batch_rows() -> pw.ModelSelect:
    return AuditLog.select().where((AuditLog.table == TABLE) & (AuditLog.action == "import"))


def record(path: Path, first_audit: int, added: int) -> Batch | None:
    """Close the import's run of audit rows with the batch's own row; None when it wrote nothing."""
    last = mark()
    if last == first_audit:
        return None
    number = next_number()
    at = pendulum.now("UTC").to_iso8601_string()
    info = {
        "number": number,
        "file": path.name,
        "first_audit": first_audit,
        "last_audit": last,
        "added": added,
    }
    AuditLog.create(
        at=at,
        cadre=AuditLog.get_by_id(last).cadre,  # the import's own rows name the cadre: no second look-up
        table=TABLE,
        record_uuid=new_uuid(),
        action="import",
        after=json.dumps(info, ensure_ascii=False),
    )
    return Batch(number, path.name, at, first_audit, last, added)


def batches() -> list[Batch]:
    """Every import, newest first."""
    undone = {
        json.loads(r.after)["number"]
        for r in AuditLog.select().where((AuditLog.table == TABLE) & (AuditLog.action == "undo"))
    }
    found = []
    for row in _batch_rows().order_by(AuditLog.id.desc()):
        info = json.loads(row.after)
        found.append(
            Batch(
                info["number"],
                info["file"],
                row.at,
                info["first_audit"],
                info["last_audit"],
                info["added"],
                info["number"] in undone,
            )
        )
    return found


def find(number: int) -> Batch:
    batch = next((b for b in batches() if b.number == number), None)
    if batch is None:
        raise UserError("undo.unknown", number=number)
    if batch.undone:
        raise UserError("undo.already", number=number)
    return batch


def undo(number: int) -> Undone:
    """Undo import ``number`` as a whole, in one transaction; UserError naming what stands in the way."""
    with records.atomic():
        batch = find(number)
        rows = list(
            AuditLog.select()
            .where((AuditLog.id > batch.first_audit) & (AuditLog.id <= batch.last_audit))
            .order_by(AuditLog.id)
        )
        created: dict[str, list[str]] = {}
        updates: list[AuditLog] = []
        for row in rows:
            if row.action == "create":
                created.setdefault(row.table, []).append(row.record_uuid)
            elif row.action == "update" and row.table in _RESTORABLE:
                updates.append(row)
        result = Undone(number)
        blockers = _blockers(created, updates, batch.last_audit)
        if blockers:
            raise UserError("undo.blocked", number=number, what="；".join(blockers))

        undo_start = mark()
        reason = t("undo.reason", "zh", number=number, file=batch.file)
        new_projects = {
            pid
            for (pid,) in Project.select(Project.id)
            .where(Project.uuid.in_(created.get("project", [])))
            .tuples()
        }
        for table, model in MONEY_MODELS.items():
            uuids = created.get(table, [])
            for entry in model.select().where(model.uuid.in_(uuids)).order_by(model.id.desc()):
                if entry.project_id in new_projects:
                    # The project came with this import and nothing else was entered under it (see
                    # _blockers): it goes as a whole, its money with it, each row kept in the audit log.
                    row = _delete(entry, result)
                    row.after = json.dumps({"reason": reason}, ensure_ascii=False)
                    row.save()
                elif not records.is_reversed(entry):
                    records.reverse(entry, reason, entry.date)
                    result.reversed += 1
        for entry in LabourEntry.select().where(LabourEntry.uuid.in_(created.get("labour_entry", []))):
            _delete(entry, result)
        for row in reversed(updates):
            _restore(row)
            result.restored += 1
        for m in Milestone.select().where(Milestone.uuid.in_(created.get("milestone", []))):
            _delete(m, result)
        for model in (Contributor, Person, Project):
            table = model._meta.table_name
            for added in (
                model.select().where(model.uuid.in_(created.get(table, []))).order_by(model.id.desc())
            ):
                if _holds_records(added):
                    result.kept.append(t("undo.kept_item", what=t("table." + table), name=added.name))
                else:
                    _delete(added, result)
        AuditLog.create(
            at=pendulum.now("UTC").to_iso8601_string(),
            cadre=_cadre(),
            table=TABLE,
            record_uuid=new_uuid(),
            action="undo",
            after=json.dumps(
                {"number": number, "file": batch.file, "first_audit": undo_start, "last_audit": mark()},
                ensure_ascii=False,
            ),
        )
    return result


def _blockers(created: dict[str, list[str]], updates: list[AuditLog], last_audit: int) -> list[str]:
    """What was entered or changed since the import and depends on what undoing would remove."""
    found = []
    mine = {table: set(uuids) for table, uuids in created.items()}

    def later(model: type[pw.Model], cond: pw.Expression) -> int:
        return (
            model.select()
            .where(cond & model.uuid.not_in(sorted(mine.get(model._meta.table_name, ()))))
            .count()
        )

    for project in Project.select().where(Project.uuid.in_(created.get("project", []))):
        n = sum(
            later(model, model.project == project.id)
            for model in (*MONEY_MODELS.values(), LabourEntry, Milestone)
        )
        if n:
            found.append(t("undo.blocked_project", name=project.name, n=n))
    for person in Person.select().where(Person.uuid.in_(created.get("person", []))):
        n = later(LabourEntry, LabourEntry.person == person.id)
        n += later(Contributor, Contributor.person == person.id)
        if n:
            found.append(t("undo.blocked_person", name=person.name, n=n))
    for contributor in Contributor.select().where(Contributor.uuid.in_(created.get("contributor", []))):
        n = sum(
            later(model, model.contributor == contributor.id)
            for model in (MONEY_MODELS["pledge"], MONEY_MODELS["receipt"], MONEY_MODELS["in_kind"])
        )
        if n:
            found.append(t("undo.blocked_contributor", name=contributor.name, n=n))
    touched = {*created.get("milestone", []), *(row.record_uuid for row in updates)}
    changed_since = (
        AuditLog.select(AuditLog.record_uuid)
        .where(
            AuditLog.table.in_(list(_RESTORABLE))
            & AuditLog.record_uuid.in_(sorted(touched))
            & (AuditLog.id > last_audit)
        )
        .distinct()
    )
    # A later import that was undone, and its undo, changed nothing in the end.
    for lo, hi in _undone_ranges():
        changed_since = changed_since.where(~((AuditLog.id > lo) & (AuditLog.id <= hi)))
    since = {uuid for (uuid,) in changed_since.tuples()}
    for m in Milestone.select().where(Milestone.uuid.in_(sorted(since))):
        found.append(t("undo.blocked_milestone", name=m.name))
    for p in Person.select().where(Person.uuid.in_(sorted(since))):
        found.append(t("undo.blocked_person_changed", name=p.name))
    return found


def _undone_ranges() -> list[tuple[int, int]]:
    """The audit rows of every undone import and of its undo."""
    ranges = []
    undone = set()
    for row in AuditLog.select().where((AuditLog.table == TABLE) & (AuditLog.action == "undo")):
        info = json.loads(row.after)
        undone.add(info["number"])
        ranges.append((info.get("first_audit", 0), info.get("last_audit", 0)))
    ranges += [(b.first_audit, b.last_audit) for b in batches() if b.number in undone]
    return ranges


def _holds_records(record: pw.Model) -> bool:
    if isinstance(record, Project):
        return any(m.select().where(m.project == record.id).exists() for m in MONEY_MODELS.values())
    if isinstance(record, Contributor):
        return any(
            m.select().where(m.contributor == record.id).exists()
            for m in (MONEY_MODELS["pledge"], MONEY_MODELS["receipt"], MONEY_MODELS["in_kind"])
        )
    if isinstance(record, Person):
        return Contributor.select().where(Contributor.person == record.id).exists() or (
            LabourEntry.select().where(LabourEntry.person == record.id).exists()
        )
    return False


def _delete(record: pw.Model, result: Undone) -> AuditLog:
    before = audit.snapshot(record)
    record.delete_instance()
    row = audit.log("delete", record, before)
    table = record._meta.table_name
    result.removed[table] = result.removed.get(table, 0) + 1
    return row


def _restore(row: AuditLog) -> None:
    """Put back the fields an import changed, as the audit row's "before" has them."""
    model = _RESTORABLE[row.table]
    record = model.get_or_none(model.uuid == row.record_uuid)
    if record is None:
        return
    before, after = json.loads(row.before), json.loads(row.after)
    changes: dict[str, object] = {}
    for name, field_ in model._meta.fields.items():
        column = field_.column_name
        if column in ("version", "updated_at") or before.get(column) == after.get(column):
            continue
        value = before.get(column)
        if isinstance(field_, DateField) and value:
            value = pendulum.parse(value).date()
        changes[name] = value
    if changes:
        records.update(record, **changes)


register(
    zh={
        "undo.unknown": "没有编号为 {number} 的导入；xiumei import --list 列出各次导入",
        "undo.already": "第 {number} 次导入已经撤销过了",
        "undo.blocked": "第 {number} 次导入之后又录入了依赖它的记录，没有撤销：{what}",
        "undo.blocked_project": "屋场“{name}”下有 {n} 条导入之后录入的记录",
        "undo.blocked_person": "村民“{name}”有 {n} 条导入之后录入的记录",
        "undo.blocked_contributor": "捐助方“{name}”有 {n} 条导入之后录入的记录",
        "undo.blocked_milestone": "节点“{name}”的进度在导入之后又改过",
        "undo.blocked_person_changed": "村民“{name}”的信息在导入之后又改过",
        "undo.reason": "撤销第 {number} 次导入（{file}）",
        "undo.kept_item": "{what}“{name}”",
    },
    en={
        "undo.unknown": "there is no import number {number}; xiumei import --list lists the imports",
        "undo.already": "import {number} has already been undone",
        "undo.blocked": "records entered after import {number} depend on it; nothing undone: {what}",
        "undo.blocked_project": 'project "{name}" has {n} {n|record|records} entered since',
        "undo.blocked_person": 'villager "{name}" has {n} {n|record|records} entered since',
        "undo.blocked_contributor": 'contributor "{name}" has {n} {n|record|records} entered since',
        "undo.blocked_milestone": 'the progress of milestone "{name}" was changed since',
        "undo.blocked_person_changed": 'villager "{name}" was edited since',
        "undo.reason": "import {number} ({file}) undone",
        "undo.kept_item": '{what} "{name}"',
    },
)
