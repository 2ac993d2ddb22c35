"""A town or county database on a PostgreSQL server (``postgresql://user@host:5432/name``).

The same models and the same migrations as a village file; the server is reached through
psycopg, which only a town or county installation needs (``pip install xiumei[town]``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

import peewee as pw

from .migrations import SCHEMA_VERSION, VERSION_TABLE

# Tables every xiumei database has; a database without them is not ours.
_OUR_TABLES = {"village", "project", "pledge", "receipt", "audit_log"}
# Several clerks may open a new server database at once: one migrates, the others wait for it.
_MIGRATION_LOCK = 0x786D6967  # "xmig"


def _shown(url: str) -> str:
    """The address without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def connect_params(url: str) -> dict:
    """psycopg's keywords for a ``postgresql://`` address; query parameters (``host`` for a
    socket folder, ``sslmode``…) pass through."""
    parts = urlsplit(url)
    params: dict = {k: v for k, v in parse_qsl(parts.query)}
    if parts.hostname and "host" not in params:
        params["host"] = parts.hostname
    if parts.port:
        params["port"] = parts.port
    if parts.username:
        params["user"] = unquote(parts.username)
    if parts.password:
        params["password"] = unquote(parts.password)
    params["dbname"] = unquote(parts.path.lstrip("/")) or params.get("dbname", "")
    return params


def open_server(url: str) -> pw.Database:
    from .db import DatabaseError

    params = connect_params(url)
    name = params.pop("dbname")
    try:
        db = pw.PostgresqlDatabase(name, prefer_psycopg3=True, autoconnect=True, **params)
        db.connect()
    except pw.ImproperlyConfigured as exc:
        raise DatabaseError("no_driver", _shown(url), str(exc)) from exc
    except pw.OperationalError as exc:
        raise DatabaseError("unreachable", _shown(url), str(exc).strip().splitlines()[0]) from exc
    try:
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            tables = set(db.get_tables())
            version = 0
            if VERSION_TABLE in tables:
                row = db.execute_sql(f'SELECT MAX("version") FROM "{VERSION_TABLE}"').fetchone()
                version = int(row[0] or 0)
            if (version == 0 and tables) or (version > 0 and not _OUR_TABLES <= tables):
                raise DatabaseError("not_ours", _shown(url), ",".join(sorted(tables)))
            if version > SCHEMA_VERSION:
                raise DatabaseError("too_new", _shown(url), f"{version}>{SCHEMA_VERSION}")
            if version < SCHEMA_VERSION:
                from .db import run_migrations

                run_migrations(db, version, "postgres")
    except Exception:
        db.close()
        raise
    return db
