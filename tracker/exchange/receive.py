"""Bringing a village's bundle into a town or county database, all or nothing per bundle.

What a town would expect and what ODK Central and DHIS2 do: records keep the UUIDs the village
gave them; a dry run says what would change; nothing is overwritten silently. The first bundle
of a village registers its key, and a bundle signed with another key is refused unless the
clerk accepts the new key with a reason. The same bundle again changes nothing; an older one
is refused; a record UUID held under another village is refused (a copied database); what a
newer bundle no longer holds is removed. UUIDs are unique in every table, so two clerks
receiving at once can never double a record: the second waits for the first (a write lock on
SQLite, a per-village advisory lock on PostgreSQL) and then finds nothing to add.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import peewee as pw

from models import (
    AuditLog,
    Contributor,
    Expense,
    InKind,
    LabourEntry,
    Milestone,
    MilestoneProgress,
    Person,
    Pledge,
    ProgressNote,
    Project,
    Receipt,
    ReceivedBundle,
    ReceiveLog,
    Village,
    database_proxy,
    utc_now,
)

from .. import ledger
from ..errors import UserError
from . import bundle as bundles
from . import keys
from .bundle import BundleError, Opened

MODEL = {
    "person": Person,
    "contributor": Contributor,
    "project": Project,
    "milestone": Milestone,
    "milestone_progress": MilestoneProgress,
    "pledge": Pledge,
    "receipt": Receipt,
    "in_kind": InKind,
    "expense": Expense,
    "labour_entry": LabourEntry,
    "progress_note": ProgressNote,
}
_OWNED = {"person", "contributor", "project"}  # the tables that name their village themselves
_CHUNK = 900  # rows (or UUIDs) per statement: well inside SQLite's and PostgreSQL's limits


@dataclass
class Change:
    added: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """What receiving one village bundle does (or would do, in a dry run)."""

    file: str
    sha256: str
    village_uuid: str
    village_name: str
    as_of: str
    outcome: str  # new, update, unchanged
    new_key: bool = False
    changes: dict[str, Change] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            t: {"added": len(c.added), "changed": len(c.changed), "removed": len(c.removed)}
            for t, c in self.changes.items()
        }

    def totals(self) -> tuple[int, int, int]:
        a = sum(len(c.added) for c in self.changes.values())
        ch = sum(len(c.changed) for c in self.changes.values())
        r = sum(len(c.removed) for c in self.changes.values())
        return a, ch, r


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _is_sqlite() -> bool:
    return isinstance(database_proxy.obj, pw.SqliteDatabase)


def plan(opened: Opened, *, accept_new_key: str | None = None) -> Plan:
    """Check a verified village bundle against what the database holds and list the changes.

    Raises ``BundleError`` for a key that is not the village's, an older bundle, or records held
    under another village.
    """
    m = opened.manifest
    info = m["village"]
    village = Village.get_or_none(Village.uuid == info["uuid"])
    result = Plan(opened.file, opened.sha256, info["uuid"], info["name"], m["as_of"], "new")
    if village is not None:
        result.village_name = village.name
        if village.public_key and village.public_key != m["public_key"]:
            if not accept_new_key:
                raise BundleError("bundle.other_key", file=opened.file, village=village.name)
            result.new_key = True
        held = ReceivedBundle.get_or_none(ReceivedBundle.village == village.id)
        if held is not None:
            if held.sha256 == opened.sha256:
                result.outcome = "unchanged"
                return result
            if (m["as_of"], m["made_at"]) < (held.as_of.isoformat(), held.made_at):
                raise BundleError(
                    "bundle.older",
                    file=opened.file,
                    village=village.name,
                    as_of=m["as_of"],
                    held=held.as_of.isoformat(),
                )
        result.outcome = "update"
    held_records = bundles.snapshot(village.id) if village is not None else {t: [] for t in bundles.TABLES}
    incoming = opened.records()
    for table in bundles.TABLES:
        old = {r["uuid"]: r for r in held_records[table]}
        new = {r["uuid"]: r for r in incoming[table]}
        change = Change(
            added=[r for u, r in new.items() if u not in old],
            changed=[r for u, r in new.items() if u in old and old[u] != r],
            removed=[u for u in old if u not in new],
        )
        result.changes[table] = change
    _refuse_foreign_uuids(result, opened.file)
    return result


def _refuse_foreign_uuids(result: Plan, file: str) -> None:
    """A new record's UUID already in the database belongs to another village: someone copied a
    village's database to start a second one. Nothing of the bundle is taken."""
    for table, change in result.changes.items():
        uuids = [r["uuid"] for r in change.added]
        for part in _chunks(uuids, 5000):
            marks = ", ".join(f":u{i}" for i in range(len(part)))
            owner = (
                "t.village_id"
                if table in _OWNED
                else f"(SELECT village_id FROM project WHERE id = {bundles.project_of(table)})"
            )
            rows = ledger.run_sql(
                f'SELECT t.uuid, v.name FROM "{table}" t JOIN village v ON v.id = {owner}'
                f" WHERE t.uuid IN ({marks}) LIMIT 1",
                {f"u{i}": u for i, u in enumerate(part)},
            )
            if rows:
                raise BundleError(
                    "bundle.uuid_elsewhere",
                    file=file,
                    village=result.village_name,
                    other=rows[0][1],
                    table=table,
                    uuid=rows[0][0],
                )


def _ids(table: str, village_id: int) -> dict[str, int]:
    if table in _OWNED:
        sql = f'SELECT uuid, id FROM "{table}" WHERE village_id = :vid'
    else:
        sql = (
            f'SELECT t.uuid, t.id FROM "{table}" t JOIN project p ON p.id = {bundles.project_of(table)}'
            " WHERE p.village_id = :vid"
        )
    return dict(ledger.run_sql(sql, {"vid": village_id}))


def _row(table: str, record: dict, ids: dict[str, dict[str, int]], village_id: int) -> dict:
    spec = bundles.TABLES[table]
    row = {c: record.get(c) for c in spec["cols"]}
    for ref, target in spec["refs"].items():
        u = record.get(ref)
        row[ref] = ids[target][u] if u else None
    if table in _OWNED:
        row["village"] = village_id
    return row


def apply(opened: Opened, *, clerk: str = "", accept_new_key: str | None = None) -> Plan:
    """Receive one verified village bundle in one transaction, planned inside it (so a second
    clerk receiving the same bundle at once finds it there and adds nothing)."""
    db = database_proxy.obj
    txn = db.atomic(lock_type="IMMEDIATE") if _is_sqlite() else db.atomic()
    with txn:
        if not _is_sqlite():
            db.execute_sql(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", (opened.manifest["village"]["uuid"],)
            )
        result = plan(opened, accept_new_key=accept_new_key)
        if result.outcome != "unchanged":
            _write(opened, result, accept_new_key)
        added, changed, removed = result.totals()
        ReceiveLog.create(
            at=utc_now(),
            clerk=clerk or _clerk(),
            file=opened.file,
            sha256=opened.sha256,
            village_uuid=result.village_uuid,
            village_name=result.village_name,
            outcome="new_key" if result.new_key else result.outcome,
            added=added,
            changed=changed,
            removed=removed,
            detail=json.dumps(
                {"as_of": result.as_of, "counts": result.counts(), "new_key_reason": accept_new_key or ""}
                if result.outcome != "unchanged"
                else {"as_of": result.as_of},
                ensure_ascii=False,
            ),
        )
    return result


def _clerk() -> str:
    site = keys.site()
    who = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    return who or site.town or site.county


def _write(opened: Opened, result: Plan, accept_new_key: str | None) -> None:
    m = opened.manifest
    info = m["village"]
    village = Village.get_or_none(Village.uuid == info["uuid"])
    fields = {
        "name": info["name"],
        "town": info.get("town", ""),
        "county": info.get("county", ""),
        "labour_rate_fen": int(info.get("labour_rate_fen", 10000)),
        "public_key": m["public_key"],
    }
    if village is None:
        village = Village.create(uuid=info["uuid"], **fields)
    else:
        Village.update(**fields).where(Village.id == village.id).execute()
    vid = village.id

    ids: dict[str, dict[str, int]] = {}
    for table, spec in bundles.TABLES.items():
        model = MODEL[table]
        change = result.changes[table]
        if "reverses" in spec["refs"]:
            ids[table] = _ids(table, vid)
            first = [r for r in change.added if not r.get("reverses")]
            _insert(model, [_row(table, r, ids, vid) for r in first])
            ids[table] = _ids(table, vid)
            rest = [r for r in change.added if r.get("reverses")]
            _insert(model, [_row(table, r, ids, vid) for r in rest])
        else:
            _insert(model, [_row(table, r, ids, vid) for r in change.added])
        for record in change.changed:
            row = _row(table, record, ids, vid)
            model.update(**{k: v for k, v in row.items() if k != "uuid"}).where(
                model.uuid == record["uuid"]
            ).execute()
        if table in (
            "person",
            "contributor",
            "project",
            "milestone",
            "pledge",
            "receipt",
            "in_kind",
            "expense",
        ):
            ids[table] = _ids(table, vid)

    for table in reversed(list(bundles.TABLES)):
        model = MODEL[table]
        removed = result.changes[table].removed
        for part in _chunks(removed):
            if "reverses" in bundles.TABLES[table]["refs"]:
                model.delete().where(model.uuid.in_(part) & model.reverses.is_null(False)).execute()
            model.delete().where(model.uuid.in_(part)).execute()

    ReceivedBundle.delete().where(ReceivedBundle.village == vid).execute()
    ReceivedBundle.create(
        village=vid,
        sha256=opened.sha256,
        format_version=m["format"],
        as_of=m["as_of"],
        made_at=m["made_at"],
        received_at=utc_now(),
        manifest=json.dumps(m, ensure_ascii=False),
        summary=opened.parts["summary.json"].decode("utf-8"),
        data=opened.raw,
    )
    added, changed, removed = result.totals()
    AuditLog.create(
        at=utc_now(),
        cadre=_clerk(),
        table="received_bundle",
        record_uuid=info["uuid"],
        action="receive",
        before=None,
        after=json.dumps(
            {
                "file": opened.file,
                "sha256": opened.sha256,
                "as_of": m["as_of"],
                "added": added,
                "changed": changed,
                "removed": removed,
                "new_key_reason": accept_new_key or "",
            },
            ensure_ascii=False,
        ),
    )


def _insert(model: type[pw.Model], rows: list[dict]) -> None:
    """Insert plain rows with the driver's executemany: peewee building one INSERT of thousands
    of values costs several times the insert itself (measured, bench/bench_town.py). Columns a
    bundle does not carry get their field's default."""
    if not rows:
        return
    db = database_proxy.obj
    fields = [f for f in model._meta.sorted_fields if f.name != "id"]
    defaults = {
        f.name: (f.default() if callable(f.default) else f.default) for f in fields if f.name not in rows[0]
    }
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([db.param] * len(fields))
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    values = [
        tuple(f.db_value(row[f.name] if f.name in row else defaults[f.name]) for f in fields) for row in rows
    ]
    cursor = db.cursor()
    for part in _chunks(values, 5000):
        cursor.executemany(sql, part)


# --- files -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One village bundle of a receive: its plan, or why it was refused."""

    file: str
    plan: Plan | None = None
    error: UserError | None = None


def receive_data(
    data: bytes, file: str, *, dry_run: bool = False, accept_new_key: str | None = None, clerk: str = ""
) -> list[Outcome]:
    """Receive one file: a village bundle, or a town's bundle of its villages' bundles (each
    village all or nothing on its own)."""
    if not keys.is_town_level():
        raise UserError("town.not_town")
    try:
        opened = bundles.open_bundle(data, file)
        inner = bundles.inner_bundles(opened) if opened.kind in ("town", "county") else [opened]
    except BundleError as exc:
        return [Outcome(file, error=exc)]
    out = []
    for one in inner:
        try:
            if dry_run:
                out.append(Outcome(one.file, plan(one, accept_new_key=accept_new_key)))
            else:
                out.append(Outcome(one.file, apply(one, clerk=clerk, accept_new_key=accept_new_key)))
        except BundleError as exc:
            out.append(Outcome(one.file, error=exc))
        except pw.IntegrityError:
            # Another clerk's receive of the same village won the race: the constraints kept
            # anything from doubling, and a second look finds what it wrote.
            out.append(Outcome(one.file, apply(one, clerk=clerk, accept_new_key=accept_new_key)))
    return out
