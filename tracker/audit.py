"""Every create, reversal and edit leaves a row in the audit log, inside the same transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import peewee as pw

from models import AuditLog, Village, utc_now


def snapshot(instance: pw.Model) -> dict:
    """The record as stored: foreign keys as ids, dates as ISO text."""
    data = {}
    for name, field in instance._meta.fields.items():
        value = instance.__data__.get(name)
        if isinstance(field, pw.ForeignKeyField):
            name = field.column_name
        if isinstance(value, dt.date):
            value = value.isoformat()
        data[name] = value
    return data


def cadre_name() -> str:
    """The cadre every change is logged under: the village's 经办人."""
    village = Village.select(Village.cadre_name).order_by(Village.id).first()
    return village.cadre_name if village else ""


def log(action: str, instance: pw.Model, before: dict | None = None) -> AuditLog:
    after = None if action == "delete" else snapshot(instance)
    return AuditLog.create(
        at=utc_now(),
        cadre=cadre_name(),
        table=instance._meta.table_name,
        record_uuid=getattr(instance, "uuid", ""),
        action=action,
        before=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False) if after is not None else None,
    )


def log_many(
    action: str,
    instances: Sequence[pw.Model],
    befores: Sequence[dict] | None = None,
    *,
    cadre: str | None = None,
) -> None:
    """One audit row per instance, as ``log`` writes them, in one statement.

    For the import's thousands of rows: the cadre's name is read once (``cadre``, read by the
    caller once for all its batches, or here), not once a row.
    """
    if not instances:
        return
    cadre = cadre_name() if cadre is None else cadre
    at = utc_now()
    rows = []
    for i, instance in enumerate(instances):
        before = befores[i] if befores is not None else None
        after = None if action == "delete" else snapshot(instance)
        rows.append(
            (
                at,
                cadre,
                instance._meta.table_name,
                getattr(instance, "uuid", ""),
                action,
                json.dumps(before, ensure_ascii=False) if before is not None else None,
                json.dumps(after, ensure_ascii=False) if after is not None else None,
            )
        )
    fields = [AuditLog.at, AuditLog.cadre, AuditLog.table, AuditLog.record_uuid, AuditLog.action]
    insert_rows(AuditLog, [*fields, AuditLog.before, AuditLog.after], rows)


def insert_rows(model: type[pw.Model], fields: Sequence[pw.Field], rows: Sequence[Sequence[object]]) -> None:
    """Insert rows of values already as stored (``db_value``) in one ``executemany``.

    peewee's ``insert_many`` builds a statement value by value: for ten thousand rows that is
    most of an import's time. The values here are the columns' own, so the driver takes them as
    they are.
    """
    if not rows:
        return
    db = model._meta.database
    columns = ", ".join(f.column_name.join(db.quote) for f in fields)
    marks = ", ".join(db.param for _ in fields)
    sql = f"INSERT INTO {model._meta.table_name.join(db.quote)} ({columns}) VALUES ({marks})"
    with pw.__exception_wrapper__:  # the driver's errors as peewee's, as for every other query
        db.cursor().executemany(sql, rows)


def history(record_uuid: str) -> list[AuditLog]:
    return list(AuditLog.select().where(AuditLog.record_uuid == record_uuid).order_by(AuditLog.id))
