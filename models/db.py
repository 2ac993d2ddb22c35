"""The database life cycle: open, migrate (after a backup), refuse what a newer program wrote."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import peewee as pw

from .base import database_proxy, utc_now
from .migrations import SCHEMA_VERSION, VERSION_TABLE, for_dialect

# Tables every xiumei database has; a file without them is not ours.
_OUR_TABLES = {"village", "project", "pledge", "receipt", "audit_log"}


class DatabaseError(Exception):
    """A database that cannot be used; ``code`` names why, ``detail`` what was found."""

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{code}: {path} {detail}".strip())
        self.code = code  # not_ours, too_new, unreadable
        self.path = path
        self.detail = detail


def _probe(path: Path) -> tuple[int, set[str]]:
    """Read the schema version and table names without changing anything in the file."""
    # Read-only is not enough: on a WAL-mode file SQLite would still create -wal/-shm files beside
    # it. Without a WAL file there is nothing uncommitted to read, so open it as immutable.
    wal = path.with_name(path.name + "-wal")
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if wal.exists() else "&immutable=1")
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = _stored_version(con, tables)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError("unreadable", path, str(exc)) from exc
    return version, tables


def _stored_version(con, tables: set[str]) -> int:
    """The version in the table; a file from before the table existed has it only in
    user_version, which every SQLite file keeps as a mirror, so the higher of the two counts."""
    mirrored = con.execute("PRAGMA user_version").fetchone()[0]
    if VERSION_TABLE in tables:
        row = con.execute(f'SELECT MAX("version") FROM "{VERSION_TABLE}"').fetchone()
        if row and row[0] is not None:
            return max(int(row[0]), mirrored)
    return mirrored


def is_server_url(location: object) -> bool:
    """True for a ``postgresql://`` address (a town or county database on a server)."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def backup_path(path: Path, from_version: int) -> Path:
    stamp = utc_now().replace(":", "").replace("-", "").replace("+0000", "")
    return path.with_name(f"{path.stem}.v{from_version}.{stamp}.bak{path.suffix}")


def open_database(path: Path | str, *, create: bool = True) -> pw.Database:
    """Open (or create) a village database, migrating it to this program's schema.

    A file of a newer schema, or one that is not a xiumei database, is refused and left
    untouched. Before an older one is migrated, a copy of the file is made beside it.
    A ``postgresql://`` address opens a town or county database on a server instead.
    """
    if is_server_url(path):
        from .server import open_server

        db = open_server(str(path))
        database_proxy.initialize(db)
        return db
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    version = 0
    if existed:
        version, tables = _probe(path)
        # Another program's file is "not ours" whatever its user_version says, so check that first.
        if (version == 0 and tables) or (version > 0 and not _OUR_TABLES <= tables):
            raise DatabaseError("not_ours", path, ",".join(sorted(tables)))
        if version > SCHEMA_VERSION:
            raise DatabaseError("too_new", path, f"{version}>{SCHEMA_VERSION}")
    elif not create:
        raise DatabaseError("missing", path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)

    if existed and 0 < version < SCHEMA_VERSION:
        # Checkpoint first so the copy holds everything, including what sits in the WAL file.
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        shutil.copy2(path, backup_path(path, version))

    db = pw.SqliteDatabase(
        str(path),
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": "normal",  # WAL + NORMAL: durable on commit barriers, 7x faster
            "busy_timeout": 5000,
        },
    )
    db.connect()
    try:
        _migrate(db, version)
    except Exception:
        db.close()
        raise
    database_proxy.initialize(db)
    return db


def _migrate(db: pw.SqliteDatabase, current: int) -> None:
    if current >= SCHEMA_VERSION:
        return
    # A table rebuild must not fire foreign-key actions, and SQLite only changes this setting
    # outside a transaction; the keys are checked before the upgrade commits.
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            run_migrations(db, current, "sqlite")
            bad = db.execute_sql("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise pw.IntegrityError(f"foreign keys broken by the upgrade: {bad[:3]}")
            # Mirrored for older programs, which read only this and so refuse a newer file.
            db.execute_sql(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")


def run_migrations(db: pw.Database, current: int, dialect: str) -> None:
    """Every version after ``current``, inside the caller's transaction, then the version row."""
    for target in range(current + 1, SCHEMA_VERSION + 1):
        for statement in for_dialect(target, dialect):
            db.execute_sql(statement)
    db.execute_sql(f'DELETE FROM "{VERSION_TABLE}"')
    db.execute_sql(f'INSERT INTO "{VERSION_TABLE}" ("version") VALUES ({int(SCHEMA_VERSION)})')


def schema_version(db: pw.Database) -> int:
    row = db.execute_sql(f'SELECT MAX("version") FROM "{VERSION_TABLE}"').fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()
