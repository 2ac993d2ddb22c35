"""Backups a cadre can trust: ``xiumei backup``, ``xiumei restore`` and the app's daily copy.

Every copy goes through SQLite's online backup API (``models.backup.copy_database``) and is checked
with ``integrity_check`` before it gets its name, so it may be taken while the app is open and
never holds half a transaction. A restore never deletes anything: the database it replaces is
moved aside together with its -wal/-shm files, which belong to it and to nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models import DatabaseError
from models.backup import check_backup, copy_database
from models.db import _probe, busy_timeout, check_ours, connect_read_only, problem_of, writable

from . import dates
from .i18n import get_lang, register, t

AUTO_KEEP = 14
# The files SQLite keeps beside a database: they belong to it and move with it.
COMPANIONS = ("-wal", "-shm", "-journal")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_AUTO_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_(\d{6})\.db$")


@dataclass(frozen=True)
class Restored:
    database: Path
    source: Path
    version: int
    moved: tuple[Path, ...]  # where the replaced database and its -wal/-shm now are


def now() -> dt.datetime:
    """Local time, on the pinned day when ``XIUMEI_TODAY`` is set (tests, demos)."""
    clock = dt.datetime.now()
    day = dates.today()
    return clock.replace(year=day.year, month=day.month, day=day.day)


def village_name(db_path: Path) -> str:
    """The village's name as stored, read without writing; the file's stem if there is none."""
    try:
        con = connect_read_only(db_path)
        try:
            row = con.execute("SELECT name FROM village ORDER BY id LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        row = None
    name = _UNSAFE.sub("", row[0]).strip(" .") if row and row[0] else ""
    return name or db_path.stem


def default_name(db_path: Path, when: dt.datetime | None = None, lang: str | None = None) -> str:
    """``桐柏村_备份_2026-11-28_093012.db``: the village and the time, so copies sort by time."""
    when = when or now()
    word = t("backup.word", lang or get_lang())
    return f"{village_name(db_path)}_{word}_{when:%Y-%m-%d_%H%M%S}.db"


def backup(db_path: Path, dest: Path | None = None) -> Path:
    """Copy the database to ``dest`` (a file or a folder; default: beside the database).

    Refuses a file that is not a xiumei database, and a destination that is the database itself
    or an existing file that is not a xiumei database (a mistyped ``-o`` must not destroy it).
    """
    db_path = Path(db_path)
    _require_ours(db_path)
    if dest is None:
        dest = db_path.parent / default_name(db_path)
    else:
        dest = Path(dest).expanduser().absolute()
        if dest.is_dir():
            dest = dest / default_name(db_path)
        elif not dest.suffix:
            dest = dest.with_name(dest.name + ".db")
    if _same(dest, db_path) or any(_same(dest, _companion(db_path, s)) for s in COMPANIONS):
        raise DatabaseError("backup_onto_itself", dest)
    if dest.exists() and not _is_ours(dest):
        raise DatabaseError("backup_would_replace", dest)
    return copy_database(db_path, dest)


def restore(db_path: Path, source: Path) -> Restored:
    """Put the backup ``source`` in place of the database at ``db_path``.

    The backup is checked first (a healthy xiumei database of a version this program opens) and
    copied beside the database; only then is the current database, with its -wal/-shm, moved aside
    (kept) and the copy renamed into its place. A stale -wal can therefore never be replayed onto
    the restored file. Refused while another window or program has the database open.
    """
    db_path, source = Path(db_path).absolute(), Path(source).expanduser().absolute()
    version = check_backup(source)
    if _same(source, db_path):
        raise DatabaseError("restore_onto_itself", source)
    if not writable(db_path):
        raise DatabaseError("read_only", db_path)
    incoming = db_path.with_name(db_path.name + ".restoring")
    copy_database(source, incoming)
    try:
        if db_path.exists():
            _ensure_not_in_use(db_path)
        moved = _move_aside(db_path)
        os.replace(incoming, db_path)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    _fsync_folder(db_path.parent)
    return Restored(database=db_path, source=source, version=version, moved=tuple(moved))


def auto_folder(db_path: Path) -> Path:
    return Path(db_path).parent / f"{Path(db_path).stem}-{t('backup.auto_folder', 'zh')}"


def auto_backup(db_path: Path, keep: int = AUTO_KEEP, when: dt.datetime | None = None) -> Path | None:
    """The app's daily copy: none if one was made today; keeps the newest ``keep`` copies.

    They go into their own folder beside the database, so that only copies made here are ever
    pruned; a backup the cadre made with ``xiumei backup`` is never removed.
    """
    when = when or now()
    folder = auto_folder(db_path)
    existing = _auto_copies(folder)
    if any(day == f"{when:%Y-%m-%d}" for day, _, _ in existing):
        return None
    made = copy_database(Path(db_path), folder / default_name(Path(db_path), when, lang="zh"))
    for _, _, old in sorted(_auto_copies(folder), reverse=True)[keep:]:
        old.unlink(missing_ok=True)
    return made


def _auto_copies(folder: Path) -> list[tuple[str, str, Path]]:
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _AUTO_NAME.search(p.name)
        if m and p.is_file():
            found.append((m.group(1), m.group(2), p))
    return found


def _require_ours(db_path: Path) -> None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        raise DatabaseError("missing", db_path)
    version, tables = _probe(db_path)
    check_ours(db_path, version, tables, blank_ok=False)


def _is_ours(path: Path) -> bool:
    try:
        _require_ours(path)
    except DatabaseError:
        return False
    return True


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _companion(db_path: Path, suffix: str) -> Path:
    return db_path.with_name(db_path.name + suffix)


def _ensure_not_in_use(db_path: Path) -> None:
    """Refuse while any other connection has the database open (the app, an import...).

    An exclusive lock is granted only when no other connection holds the file, even an idle
    reader in WAL mode. A file that is damaged or not SQLite is not in use by xiumei: it may go.
    """
    try:
        con = sqlite3.connect(db_path, timeout=min(busy_timeout(), 1.0), isolation_level=None)
        try:
            con.execute("PRAGMA locking_mode=EXCLUSIVE")
            con.execute("BEGIN EXCLUSIVE")
            con.execute("ROLLBACK")
        finally:
            con.close()
    except sqlite3.Error as exc:
        if problem_of(exc) == "locked":
            raise DatabaseError("in_use", db_path) from exc


def _move_aside(db_path: Path) -> list[Path]:
    stamp = f"{now():%Y%m%d-%H%M%S}"
    base = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
    n = 2
    while any(_companion(base, s).exists() for s in ("", *COMPANIONS)):
        base = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}-{n}{db_path.suffix}")
        n += 1
    moved = []
    # The database first, then what belongs to it: its -wal stays paired with it under the new
    # name, so the kept copy opens with every commit it had.
    for suffix in ("", *COMPANIONS):
        current = _companion(db_path, suffix)
        if current.exists():
            target = _companion(base, suffix)
            os.replace(current, target)
            moved.append(target)
    return moved


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


register(
    zh={
        "backup.word": "备份",
        "backup.auto_folder": "自动备份",
    },
    en={
        "backup.word": "backup",
        "backup.auto_folder": "自动备份",
    },
)
