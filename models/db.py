"""The database life cycle: open, migrate (after a backup), refuse what a newer program wrote.

How the file is kept safe (docs/reliability.md says why each choice was made):

- WAL journal with ``synchronous=FULL``: a commit is on the disk when it returns, so it survives a
  power cut, not only a killed process; readers never block the writer.
- Every write transaction begins with ``BEGIN IMMEDIATE`` (the connection's ``lock_type``), so a
  second writer waits up to the busy timeout for the first instead of failing at once.
- A file that is not ours is refused before anything is written to it; a read-only file or folder
  is opened read-only for the commands that only read.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee as pw

from .base import database_proxy, utc_now
from .migrations import SCHEMA_VERSION, VERSION_TABLE, for_dialect

# Tables every xiumei database has; a file without them is not ours.
_OUR_TABLES = {"village", "project", "pledge", "receipt", "audit_log"}

# How long a writer waits for another one to finish. Tests shorten it with the variable.
BUSY_TIMEOUT_ENV = "XIUMEI_BUSY_TIMEOUT"
BUSY_TIMEOUT_S = 5.0

# What went wrong with the file, as told to the user: "locked" (another writer holds it: try
# again) and "damaged" (restore a backup) must never be confused.
LOCKED, DAMAGED, READ_ONLY = "locked", "damaged", "read_only"
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 8, 11, 26


class DatabaseError(Exception):
    """A database that cannot be used; ``code`` names why, ``detail`` what was found."""

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{code}: {path} {detail}".strip())
        # missing, not_ours, too_new, unreadable, locked, damaged, read_only, read_only_old, in_use
        self.code = code
        self.path = path
        self.detail = detail


def busy_timeout() -> float:
    """Seconds a writer waits for the write lock before giving up."""
    try:
        return max(0.0, float(os.environ.get(BUSY_TIMEOUT_ENV, "")))
    except ValueError:
        return BUSY_TIMEOUT_S


def problem_of(exc: BaseException) -> str | None:
    """``LOCKED``, ``DAMAGED`` or ``READ_ONLY`` if ``exc`` (or what it wraps) is SQLite saying so.

    peewee re-raises sqlite3's errors as its own, carrying the original as the first argument, so
    the chain is walked; the result code is used where Python gives it, the message otherwise.
    """
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, DatabaseError) and e.code in (LOCKED, DAMAGED, READ_ONLY):
            return e.code
        if isinstance(e, sqlite3.Error):
            code = (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF
            text = str(e).lower()
            if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text or "is locked" in text:
                return LOCKED
            if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
                return DAMAGED
            if code == _SQLITE_READONLY or "readonly database" in text:
                return READ_ONLY
        todo.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
    return None


def read_only_uri(path: Path) -> str:
    """A URI that reads ``path`` without creating or changing any file.

    ``mode=ro`` alone is not enough on a WAL-mode file: SQLite would still create -shm beside it,
    which fails in a read-only folder. Without a -wal file there is nothing uncommitted to read,
    so the file is opened as immutable; with one, SQLite must read it (and the -shm must exist).
    """
    wal = path.with_name(path.name + "-wal")
    return f"{path.resolve().as_uri()}?mode=ro" + ("" if wal.exists() else "&immutable=1")


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=busy_timeout())


def _probe(path: Path) -> tuple[int, set[str]]:
    """Read the schema version and table names without changing anything in the file."""
    try:
        con = connect_read_only(path)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = _stored_version(con, tables)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        # A file held in exclusive mode by another program is busy, not damaged.
        code = "locked" if problem_of(exc) == LOCKED else "unreadable"
        raise DatabaseError(code, path, str(exc)) from exc
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


def check_ours(path: Path, version: int, tables: set[str], *, blank_ok: bool) -> None:
    """Refuse a file that is not a xiumei database of a version this program can open.

    A SQLite file with no table at all (``blank_ok``) is what an ``init`` cut short leaves; the
    commands that create a village may take it, the others refuse it like any foreign file.
    """
    if version == 0 and not tables and blank_ok:
        return
    # Another program's file is "not ours" whatever its user_version says, so check that first.
    if version == 0 or not _OUR_TABLES <= tables:
        raise DatabaseError("not_ours", path, ",".join(sorted(tables)))
    if version > SCHEMA_VERSION:
        raise DatabaseError("too_new", path, f"{version}>{SCHEMA_VERSION}")


def writable(path: Path) -> bool:
    """Whether this process may change the file and create its -wal/-shm beside it."""
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:  # a folder still to be created
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def backup_path(path: Path, from_version: int) -> Path:
    stamp = utc_now().replace(":", "").replace("-", "").replace("+0000", "")
    return path.with_name(f"{path.stem}.v{from_version}.{stamp}.bak{path.suffix}")


def open_database(path: Path | str, *, create: bool = True, readonly_ok: bool = False) -> pw.Database:
    """Open (or create) a village database, migrating it to this program's schema.

    A file of a newer schema, or one that is not a xiumei database, is refused and left
    untouched. Before an older one is migrated, a copy of the file is made beside it.
    ``readonly_ok``: the caller only reads, so a file or folder that cannot be written is opened
    read-only (no journal-mode switch, nothing created beside it) instead of being refused.
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
        check_ours(path, version, tables, blank_ok=create)
    elif not create:
        raise DatabaseError("missing", path)

    if existed and readonly_ok and not writable(path):
        return _open_read_only(path, version)
    if not writable(path):
        raise DatabaseError("read_only", path)
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)

    if existed and 0 < version < SCHEMA_VERSION:
        from .backup import copy_database  # the online backup API: it sees what sits in the WAL too

        copy_database(path, backup_path(path, version))

    db = pw.SqliteDatabase(
        str(path),
        timeout=busy_timeout(),
        lock_type="IMMEDIATE",  # take the write lock at BEGIN, so a second writer waits for it
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            # FULL: in WAL mode NORMAL keeps the file consistent but may lose the last commits in a
            # power cut; FULL syncs the WAL at every commit, so a saved receipt stays saved.
            "synchronous": "full",
            "fullfsync": 1,  # macOS: a plain fsync does not reach the disk's platter; no-op elsewhere
            "busy_timeout": int(busy_timeout() * 1000),
        },
    )
    try:
        db.connect()
        _migrate(db, version)
    except pw.DatabaseError as exc:
        db.close()
        problem = problem_of(exc)
        # os.access can say yes where SQLite then cannot create -shm (an ACL, a read-only mount).
        if readonly_ok and (problem == READ_ONLY or "unable to open" in str(exc)):
            return _open_read_only(path, version)
        if problem is not None:
            raise DatabaseError(problem, path, str(exc)) from exc
        raise
    except Exception:
        db.close()
        raise
    database_proxy.initialize(db)
    return db


def _open_read_only(path: Path, version: int) -> pw.SqliteDatabase:
    if version < SCHEMA_VERSION:  # it would need an upgrade, which is a write
        raise DatabaseError("read_only_old", path)
    db = pw.SqliteDatabase(
        read_only_uri(path),
        uri=True,
        timeout=busy_timeout(),
        pragmas={"query_only": 1, "foreign_keys": 1, "busy_timeout": int(busy_timeout() * 1000)},
    )
    try:
        db.connect()
    except pw.DatabaseError as exc:
        db.close()
        raise DatabaseError(problem_of(exc) or "unreadable", path, str(exc)) from exc
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
            # Another process may have upgraded the file while this one waited for the lock.
            current = schema_version(db)
            if current >= SCHEMA_VERSION:
                return
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
    if isinstance(db, pw.SqliteDatabase):
        tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        return _stored_version(db.connection(), tables)
    row = db.execute_sql(f'SELECT MAX("version") FROM "{VERSION_TABLE}"').fetchone()
    return int(row[0]) if row and row[0] is not None else 0


@contextmanager
def without_waiting() -> Iterator[None]:
    """Inside, a transaction that finds the write lock taken fails at once (LOCKED) instead of
    waiting: the app tries a save this way on its own thread, and waits in a worker only if it
    has to, so the screen never freezes."""
    db = database_proxy.obj
    if not isinstance(db, pw.SqliteDatabase):  # a server database does its own waiting
        yield
        return
    db.execute_sql("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {int(busy_timeout() * 1000)}")


def is_read_only(db: pw.Database | None = None) -> bool:
    db = db or database_proxy.obj
    return isinstance(db, pw.SqliteDatabase) and "mode=ro" in str(db.database)


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()
