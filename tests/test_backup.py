"""Backup and restore: a copy taken while another process writes is whole and consistent; a restore
after a crash puts exactly the backup's records in place, whatever -wal lies beside the database,
and keeps the database it replaces; anything that is not a healthy xiumei backup is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models import SCHEMA_VERSION, close_database, open_database
from models.backup import check_backup
from tracker import backup
from tracker.cli import main

ROOT = Path(__file__).resolve().parents[1]

# A second process that adds receipts until it is stopped, printing each voucher once committed.
WRITER = """
import sys
import pendulum
from models import Contributor, Project, open_database
from tracker import records
open_database(sys.argv[1], create=False)
project, contributor = Project.get(), Contributor.get()
print("open", flush=True)
n = 0
while True:
    records.add_receipt(project, contributor, "donation", 100_00, pendulum.date(2026, 11, 1), voucher=f"W{n}")
    print(f"W{n}", flush=True)
    n += 1
"""


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def vouchers(path: Path) -> set[str]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {v for (v,) in con.execute("SELECT voucher FROM receipt WHERE voucher IS NOT NULL")}
    finally:
        con.close()


def healthy(path: Path) -> bool:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("PRAGMA integrity_check")] == ["ok"]
    finally:
        con.close()


def audit_pairs_ok(path: Path) -> bool:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return (
            con.execute(
                "SELECT COUNT(*) FROM receipt r LEFT JOIN audit_log a ON a.record_uuid = r.uuid WHERE a.id IS NULL"
            ).fetchone()[0]
            == 0
        )
    finally:
        con.close()


def folder_state(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


@pytest.fixture
def village(tmp_path, demo_template) -> Path:
    folder = tmp_path / "数据"
    folder.mkdir()
    path = folder / "xiumei.db"
    shutil.copyfile(demo_template, path)
    return path


class Writer:
    """A second xiumei process writing receipts, one commit at a time."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.proc.stdout.readline().strip() == "open", self.proc.stderr.read()
        self.committed: list[str] = []

    def wait_for(self, n: int) -> None:
        while len(self.committed) < n:
            line = self.proc.stdout.readline().strip()
            assert line, self.proc.stderr.read()
            self.committed.append(line)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        # Read the rest through the same buffered file that readline() used: communicate() reads the
        # raw pipe and would miss lines already in that buffer (commits the writer did report).
        self.committed += self.proc.stdout.read().split()
        self.proc.stdout.close()
        self.proc.stderr.close()


# --- xiumei backup ------------------------------------------------------------------------------


def test_backup_is_beside_the_database_named_with_the_village_and_the_time(village, capsys):
    code, out, err = run(capsys, "--db", village, "backup")
    assert (code, err) == (0, "")
    copies = list(village.parent.glob("桐柏村_备份_2026-11-28_*.db"))
    assert len(copies) == 1 and str(copies[0]) in out
    assert healthy(copies[0]) and vouchers(copies[0]) == vouchers(village)
    assert check_backup(copies[0]) == SCHEMA_VERSION
    assert not any(p.name.endswith(".part") for p in village.parent.iterdir())
    assert not copies[0].with_name(copies[0].name + "-wal").exists()  # the copy stands alone
    # In English the file says so too.
    assert run(capsys, "--db", village, "--lang", "en", "backup", "-o", village.parent / "usb")[0] == 0
    assert (village.parent / "usb.db").exists()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_backup_while_another_process_writes(village, tmp_path, capsys):
    writer = Writer(village)
    try:
        copies = []
        for i in range(3):
            writer.wait_for(5 * (i + 1))
            before = set(writer.committed)
            code, out, err = run(capsys, "--db", village, "backup", "-o", tmp_path / f"copy{i}.db")
            assert (code, err) == (0, "")
            copies.append((tmp_path / f"copy{i}.db", before))
    finally:
        writer.kill()
    for copy, before in copies:
        assert healthy(copy) and audit_pairs_ok(copy)
        written = {v for v in vouchers(copy) if v.startswith("W")}
        # Every receipt committed before the backup began is in it, and the copy is one moment of
        # the ledger: the writer's receipts W0, W1, ... up to some n, none missing, none half-written.
        assert before <= written
        assert written == {f"W{n}" for n in range(len(written))}
        assert len(written) <= len(writer.committed) + 1  # killed between a commit and its report
    assert len({len(vouchers(copy)) for copy, _ in copies}) == 3  # each copy saw the writer move on


def test_backup_refuses_to_overwrite_what_is_not_a_backup(village, tmp_path, capsys):
    other = tmp_path / "报表.xlsx"
    other.write_bytes(b"PK\x03\x04 not a database")
    code, _, err = run(capsys, "--db", village, "backup", "-o", other)
    assert code == 2 and len(err.splitlines()) == 1
    assert other.read_bytes() == b"PK\x03\x04 not a database"
    code, _, err = run(capsys, "--db", village, "backup", "-o", village)
    assert code == 2 and healthy(village)


def test_backup_of_a_missing_database(tmp_path, capsys):
    code, _, err = run(capsys, "--db", tmp_path / "无.db", "backup")
    assert code == 2 and "找不到" in err
    assert list(tmp_path.iterdir()) == []


# --- xiumei restore -----------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_restore_after_a_crash_with_a_stale_wal(village, tmp_path, capsys):
    assert run(capsys, "--db", village, "backup", "-o", tmp_path / "周一.db")[0] == 0
    saved = vouchers(tmp_path / "周一.db")
    writer = Writer(village)
    writer.wait_for(20)
    writer.kill()  # the laptop dies: committed receipts sit in the -wal beside the database
    wal = village.with_name(village.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    later = set(writer.committed)

    code, out, err = run(capsys, "--db", village, "restore", tmp_path / "周一.db")
    assert (code, err) == (0, "")
    assert healthy(village)
    assert vouchers(village) == saved  # exactly the backup's records, none replayed from the -wal
    assert not wal.exists()
    # The replaced database was kept with its -wal: nothing committed is lost.
    kept = [p for p in village.parent.iterdir() if ".before-restore-" in p.name and p.suffix == ".db"]
    assert len(kept) == 1 and str(kept[0]) in out
    assert later <= vouchers(kept[0]) and healthy(kept[0])
    # And the restored database is the one the commands now use.
    assert run(capsys, "--db", village, "summary")[0] == 0
    assert run(capsys, "--db", village, "backup", "-o", tmp_path / "again.db")[0] == 0
    assert vouchers(tmp_path / "again.db") == saved


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"hello " * 1000)


def _foreign(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()


def _too_new(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()


def _damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for n in range(len(data) // page // 2, len(data) // page - 1):
        data[n * page + 8 : n * page + 64] = os.urandom(56)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (_not_sqlite, "不是 SQLite"),
        (_foreign, "不是 xiumei 的数据库"),
        (_too_new, "更新版本"),
        (_damaged, "损坏"),
        (lambda p: p.unlink(), "找不到备份文件"),
    ],
)
def test_restore_refuses_anything_but_a_healthy_xiumei_backup(village, tmp_path, capsys, spoil, words):
    candidate = tmp_path / "候选.db"
    run(capsys, "--db", village, "backup", "-o", candidate)
    if spoil in (_not_sqlite, _foreign):
        candidate.unlink()
    spoil(candidate)
    before = folder_state(village.parent)
    code, out, err = run(capsys, "--db", village, "restore", candidate)
    assert code == 2 and words in err and len(err.splitlines()) == 1
    assert folder_state(village.parent) == before  # nothing moved, nothing created


def test_restore_refuses_while_the_database_is_open(village, tmp_path, capsys):
    run(capsys, "--db", village, "backup", "-o", tmp_path / "b.db")
    app = sqlite3.connect(village)  # the app, still open in another window, idle
    try:
        app.execute("SELECT COUNT(*) FROM receipt").fetchone()
        before = folder_state(village.parent)
        code, _, err = run(capsys, "--db", village, "restore", tmp_path / "b.db")
        assert code == 2 and "关闭" in err
        assert folder_state(village.parent) == before
    finally:
        app.close()


def _v1_file(path: Path) -> Path:
    from models.migrations import V1

    con = sqlite3.connect(path)
    for statement in V1:
        con.execute(statement)
    con.execute("PRAGMA user_version = 1")
    now = "2026-03-01T08:00:00+00:00"
    con.execute(
        "INSERT INTO village VALUES (1, 'v-1', ?, ?, 1, '老村', '白马镇', '涟源市', 12000, '梁旦')",
        (now, now),
    )
    con.commit()
    con.close()
    return path


def test_restore_of_an_older_version_is_upgraded_when_opened(village, tmp_path, capsys):
    old = _v1_file(tmp_path / "old.db")
    assert run(capsys, "--db", village, "restore", old)[0] == 0
    code, out, err = run(capsys, "--db", village, "summary", "--json")
    assert (code, err) == (0, "")
    assert '"老村"' in out


# --- the app's daily copy -----------------------------------------------------------------------


def test_daily_backup_once_a_day_keeping_fourteen(village, capsys):
    manual = village.parent / "我自己的备份.db"
    run(capsys, "--db", village, "backup", "-o", manual)
    start = dt.datetime(2026, 11, 1, 9, 30)
    made = []
    for day in range(20):
        when = start + dt.timedelta(days=day)
        made.append(backup.auto_backup(village, when=when))
        assert backup.auto_backup(village, when=when + dt.timedelta(hours=3)) is None  # once a day
    assert all(made)
    kept = sorted(p.name for p in backup.auto_folder(village).iterdir())
    assert kept == sorted(p.name for p in made[-14:])
    assert all(name.startswith("桐柏村_备份_2026-") for name in kept)
    assert healthy(made[-1]) and manual.exists()


# --- the migration's copy -----------------------------------------------------------------------


def test_the_pre_upgrade_copy_holds_what_sits_in_the_wal(tmp_path):
    """A reader holding a snapshot stops a checkpoint; a file copy would then miss commits."""
    path = tmp_path / "v1.db"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=wal")
    from models.migrations import V1

    for statement in V1:
        con.execute(statement)
    con.execute("PRAGMA user_version = 1")
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM village").fetchone()  # holds the snapshot open
    now = "2026-03-01T08:00:00+00:00"
    con.execute(
        "INSERT INTO village VALUES (1, 'v-1', ?, ?, 1, '老村', '白马镇', '涟源市', 12000, '梁旦')",
        (now, now),
    )
    try:
        open_database(path)
    finally:
        close_database()
        reader.close()
        con.close()
    copies = list(tmp_path.glob("v1.v1.*.bak.db"))
    assert len(copies) == 1
    check = sqlite3.connect(copies[0])
    try:
        assert check.execute("SELECT name FROM village").fetchall() == [("老村",)]
        assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        check.close()


def test_restore_onto_a_new_machine(village, tmp_path, capsys):
    """No database yet (a new laptop): the backup simply becomes it."""
    copy = tmp_path / "U盘" / "桐柏村.db"
    assert run(capsys, "--db", village, "backup", "-o", copy)[0] == 0
    fresh = tmp_path / "新电脑" / "数据" / "xiumei.db"
    code, out, err = run(capsys, "--db", fresh, "restore", copy)
    assert (code, err) == (0, "")
    assert vouchers(fresh) == vouchers(village) and healthy(fresh)
    assert sorted(p.name for p in fresh.parent.iterdir()) == ["xiumei.db"]
