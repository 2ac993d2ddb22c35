"""Copies of a database file made through SQLite's online backup API, and the check of a copy.

A plain file copy of a WAL-mode database misses every commit still in the -wal file, and a copy
taken while a writer is busy may hold half of a transaction. The backup API reads one consistent
snapshot through SQLite itself, while other connections keep reading and writing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .db import DatabaseError, _probe, busy_timeout, check_ours, connect_read_only, problem_of, writable


def copy_database(source: Path, dest: Path) -> Path:
    """Write a consistent, self-contained copy of ``source`` to ``dest`` (replaced if present).

    The copy is written beside ``dest`` under a temporary name, checked, synced and only then
    renamed, so ``dest`` is never half a file. Raises DatabaseError ("locked", "damaged", ...).
    """
    source, dest = Path(source), Path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError("cannot_write", dest, exc.strerror or str(exc)) from exc
    if not writable(dest):
        raise DatabaseError("cannot_write", dest)
    part = dest.with_name(dest.name + ".part")
    _remove(part)
    try:
        src = (
            sqlite3.connect(source, timeout=busy_timeout()) if writable(source) else connect_read_only(source)
        )
        try:
            out = sqlite3.connect(part)
            try:
                # All pages in one step: one read snapshot, so writers that commit meanwhile are
                # neither blocked nor able to make the copy restart forever.
                src.backup(out, pages=-1)
                # The copy stands alone: no -wal beside it is needed or created when it is opened.
                out.execute("PRAGMA journal_mode=DELETE")
                problems = integrity_problems(out)
            finally:
                out.close()
        finally:
            src.close()
        if problems:
            raise DatabaseError("damaged", source, "; ".join(problems[:3]))
        _fsync(part)
        os.replace(part, dest)
        _fsync_folder(dest.parent)
    except sqlite3.Error as exc:
        _remove(part)
        raise DatabaseError(problem_of(exc) or "unreadable", source, str(exc)) from exc
    except BaseException:
        _remove(part)
        raise
    return dest


def integrity_problems(con: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong; an empty list for a healthy file."""
    rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def check_backup(path: Path) -> int:
    """The schema version of ``path`` if it is a healthy xiumei database this program can open.

    Raises DatabaseError: "backup_missing", "unreadable" (not SQLite), "not_ours", "too_new", "damaged".
    Nothing is written to the file or beside it.
    """
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseError("backup_missing", path)
    version, tables = _probe(path)
    check_ours(path, version, tables, blank_ok=False)
    try:
        con = connect_read_only(path)
        try:
            problems = integrity_problems(con)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(problem_of(exc) or "damaged", path, str(exc)) from exc
    if problems:
        raise DatabaseError("damaged", path, "; ".join(problems[:3]))
    return version


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_folder(folder: Path) -> None:
    # A rename is only durable once the folder's entry is on the disk; Windows has no such call.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
