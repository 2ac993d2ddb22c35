"""A writer killed at random moments (SIGKILL, as when a laptop's battery dies under the app):
after every kill the file is intact, every commit that returned is there, each batch is all or
nothing and every record has its audit row.

The suite kills a forked writer 24 times in a few seconds; ``bench/crash_kill.py`` kills real
processes hundreds of times with the same checks.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import pendulum
import pytest

BATCH = 25  # labour entries in one transaction, with one receipt: all of them or none
KILLS = 24


def prepare(path: Path) -> None:
    """A village with one project, one contributor and BATCH villagers."""
    from models import close_database, open_database
    from tracker import records

    open_database(path)
    records.create_village("断电村", "测试镇", "测试县", cadre_name="张书记")
    project = records.add_project("断电屋场", "一组", budget_fen=1_000_000_00)
    records.add_contributor("李老板", "enterprise")
    for i in range(BATCH):
        records.add_person(f"村民{i:02d}", "一组", str(i))
    assert project.id
    close_database()


def write_batches(path: Path, first: int, report: int) -> None:
    """Write batch after batch until killed; after each commit returns, write its number to ``report``.

    Each batch is one transaction: a receipt (voucher K<n>) and BATCH labour entries noted
    ``batch-<n>``, every record with its audit row (records writes them in the same transaction).
    """
    from models import Contributor, Person, Project, open_database
    from tracker import records

    open_database(path, create=False)
    project = Project.get()
    contributor = Contributor.get()
    people = list(Person.select().order_by(Person.id))
    day = pendulum.date(2026, 11, 1)
    os.write(report, b"open\n")
    n = first
    while True:
        os.write(report, f"begin {n}\n".encode())
        with records.atomic():
            records.add_receipt(project, contributor, "donation", 100_00, day, voucher=f"K{n}")
            for person in people:
                records.add_labour(person, project, day, 2, note=f"batch-{n}")
        os.write(report, f"commit {n}\n".encode())
        n += 1


@dataclass
class Ledger:
    batches: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def check(path: Path) -> Ledger:
    """What a careful bookkeeper checks after a crash, read straight from the file."""
    result = Ledger()
    con = sqlite3.connect(path)
    try:
        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            result.problems.append(f"integrity: {integrity[:3]}")
            return result
        for note, n in con.execute("SELECT note, COUNT(*) FROM labour_entry GROUP BY note"):
            if n != BATCH:
                result.problems.append(f"{note}: {n} of {BATCH} entries")
            result.batches.add(int(note.split("-")[1]))
        vouchers = {int(v[1:]) for (v,) in con.execute("SELECT voucher FROM receipt")}
        if vouchers != result.batches:
            result.problems.append(f"receipts {sorted(vouchers ^ result.batches)[:5]} without their batch")
        for table in ("receipt", "labour_entry"):
            orphans = con.execute(
                f'SELECT COUNT(*) FROM "{table}" r LEFT JOIN audit_log a '
                f"ON a.record_uuid = r.uuid AND a.\"table\" = '{table}' AND a.action = 'create' "
                "WHERE a.id IS NULL"
            ).fetchone()[0]
            ghosts = con.execute(
                f'SELECT COUNT(*) FROM audit_log a LEFT JOIN "{table}" r ON r.uuid = a.record_uuid '
                f"WHERE a.\"table\" = '{table}' AND r.id IS NULL"
            ).fetchone()[0]
            if orphans or ghosts:
                result.problems.append(
                    f"{table}: {orphans} without audit row, {ghosts} audit rows without record"
                )
    finally:
        con.close()
    return result


@dataclass
class KillReport:
    kills: int = 0
    mid_transaction: int = 0
    batches: int = 0
    problems: list[str] = field(default_factory=list)


def read_lines(fd: int, until: float) -> list[str]:
    data = b""
    while time.monotonic() < until:
        ready, _, _ = select.select([fd], [], [], max(0.0, until - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data.decode().split()


def kill_loop(path: Path, kills: int, spawn, *, max_delay: float = 0.12, seed: int = 10) -> KillReport:
    """Start a writer, kill it after a random delay, check the file; ``kills`` times.

    ``spawn(path, first_batch, report_fd) -> pid`` starts a writer process.
    """
    rng = random.Random(seed)
    report = KillReport()
    committed: set[int] = set()
    for _ in range(kills):
        first = max(committed, default=-1) + 1
        r, w = os.pipe()
        pid = spawn(path, first, w)
        os.close(w)
        words = read_lines_until_open(r)
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        words += read_lines(r, time.monotonic() + 0.05)
        os.close(r)
        report.kills += 1
        events = list(zip(words[::2], words[1::2], strict=False))
        committed |= {int(n) for what, n in events if what == "commit"}
        if events and events[-1][0] == "begin":
            report.mid_transaction += 1
        found = check(path)
        report.problems += found.problems
        missing = committed - found.batches
        if missing:
            report.problems.append(f"committed but lost: {sorted(missing)[:5]}")
        committed = found.batches  # a batch begun but not reported may have committed: it counts
    report.batches = len(committed)
    return report


def read_lines_until_open(fd: int) -> list[str]:
    data = b""
    deadline = time.monotonic() + 30
    while b"open\n" not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    words = data.decode().split()
    assert "open" in words, "the writer did not start"
    return [w for w in words if w != "open"]


def fork_writer(path: Path, first: int, report: int) -> int:
    pid = os.fork()
    if pid == 0:  # the child: write until killed, never return into pytest
        try:
            write_batches(path, first, report)
        finally:
            os._exit(1)
    return pid


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks a writer; bench/crash_kill.py runs anywhere")
def test_killed_writers_never_damage_the_ledger(tmp_path):
    from models import close_database

    path = tmp_path / "断电村.db"
    prepare(path)
    close_database()
    started = time.monotonic()
    report = kill_loop(path, KILLS, fork_writer)
    assert report.problems == []
    assert report.kills >= 20
    assert report.mid_transaction >= 1  # some kills landed inside a transaction
    assert report.batches >= 1
    assert time.monotonic() - started < 30
