"""The one BaseModel and the database proxy every model is bound through.

The proxy is initialised when a database is opened (`models.db.open_database`), never at import
time, so the same models can later run on PostgreSQL for a county office.
"""

from __future__ import annotations

import datetime as dt
import uuid

import peewee as pw

database_proxy = pw.DatabaseProxy()


def new_uuid() -> str:
    return str(uuid.uuid4())


def utc_now() -> str:
    # Stored as ISO text in UTC: sortable, timezone-free and the same on every platform.
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class DateField(pw.Field):
    """A calendar date stored as ISO text ``YYYY-MM-DD``.

    sqlite3 adapts ``datetime.date`` by exact type, so pendulum's ``Date`` subclass cannot be
    bound as is; this field is the one place where dates cross into and out of the database.
    """

    field_type = "DATE"

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"

    def python_value(self, value):
        if value is None or value == "":
            return None
        import pendulum

        if isinstance(value, dt.date):
            return pendulum.date(value.year, value.month, value.day)
        y, m, d = str(value)[:10].split("-")
        return pendulum.date(int(y), int(m), int(d))


class FlagField(pw.BooleanField):
    """A yes/no stored as 0/1 in an INTEGER column, the same on SQLite and PostgreSQL (whose
    driver would otherwise send a boolean that an INTEGER column refuses)."""

    field_type = "INTEGER"

    def db_value(self, value):
        return None if value is None else int(bool(value))

    def python_value(self, value):
        return None if value is None else bool(value)


def home_village_id() -> int | None:
    """The village a new person, contributor or project belongs to when none is named: the
    database's first village (a village database holds exactly one)."""
    db = database_proxy.obj
    cached = getattr(db, "_xiumei_home_village", None)
    if cached is None:
        row = db.execute_sql('SELECT id FROM "village" ORDER BY id LIMIT 1').fetchone()
        cached = row[0] if row else None
        if cached is not None:
            db._xiumei_home_village = cached
    return cached


class BaseModel(pw.Model):
    """Every record has a UUID that never changes, created/updated times and a version counter."""

    uuid = pw.CharField(max_length=36, unique=True, default=new_uuid)
    created_at = pw.CharField(max_length=32, default=utc_now)
    updated_at = pw.CharField(max_length=32, default=utc_now)
    version = pw.IntegerField(default=1)

    class Meta:
        database = database_proxy
        legacy_table_names = False
