"""Every create, reversal and edit leaves a row in the audit log, inside the same transaction."""

from __future__ import annotations

import datetime as dt
import json

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


def log(action: str, instance: pw.Model, before: dict | None = None) -> AuditLog:
    village = Village.select(Village.cadre_name).order_by(Village.id).first()
    after = None if action == "delete" else snapshot(instance)
    return AuditLog.create(
        at=utc_now(),
        cadre=village.cadre_name if village else "",
        table=instance._meta.table_name,
        record_uuid=getattr(instance, "uuid", ""),
        action=action,
        before=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False) if after is not None else None,
    )


def history(record_uuid: str) -> list[AuditLog]:
    return list(AuditLog.select().where(AuditLog.record_uuid == record_uuid).order_by(AuditLog.id))
