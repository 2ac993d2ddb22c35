"""How fast the ledger answers at village and town size.

    python bench/bench_ledger.py [--villages 20]

Builds a synthetic ledger in a temporary file (per village: 10 projects, 2,000 pledges and
receipts, 20,000 labour entries; rows inserted with executemany, docs/performance.md) and times
``ledger.summary``, ``ledger.pledge_lines`` and one project's figures (median of 5 runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pendulum  # noqa: E402

from models import database_proxy, open_database  # noqa: E402
from tracker import ledger, records  # noqa: E402


def build(villages: int) -> None:
    records.create_village("基准村", "基准镇", "基准县")
    db = database_proxy.obj
    con = db.connection()
    now = "2026-01-01T00:00:00+00:00"
    projects = villages * 10
    with db.atomic():
        con.executemany(
            'INSERT INTO project (uuid, created_at, updated_at, version, name, "group", households, leader,'
            " budget_fen, status) VALUES (?,?,?,1,?,?,30,'',50000000,'building')",
            [(str(uuid.uuid4()), now, now, f"屋场{i}", f"组{i}") for i in range(projects)],
        )
        people = villages * 500
        con.executemany(
            'INSERT INTO person (uuid, created_at, updated_at, version, name, initials, "group", household,'
            " is_household_head, phone, is_party_member) VALUES (?,?,?,1,?,'',?,'',0,'',0)",
            [(str(uuid.uuid4()), now, now, f"村民{i}", f"组{i % projects}") for i in range(people)],
        )
        con.executemany(
            "INSERT INTO contributor (uuid, created_at, updated_at, version, name, initials, kind, phone)"
            " VALUES (?,?,?,1,?,'','person','')",
            [(str(uuid.uuid4()), now, now, f"捐助{i}") for i in range(people)],
        )
        sources = ("self_raised", "donation", "government", "collective")
        n = villages * 2000
        for table in ("pledge", "receipt"):
            con.executemany(
                f"INSERT INTO {table} (uuid, created_at, updated_at, version, project_id, date, amount_fen,"
                " note, reason, contributor_id, source) VALUES (?,?,?,1,?,?,?,'','',?,?)",
                [
                    (
                        str(uuid.uuid4()),
                        now,
                        now,
                        1 + i % projects,
                        f"2026-{1 + i % 12:02d}-15",
                        100000 + i,
                        1 + i % people,
                        sources[i % 4],
                    )
                    for i in range(n)
                ],
            )
        con.executemany(
            "INSERT INTO labour_entry (uuid, created_at, updated_at, version, person_id, project_id, date,"
            " half_days, work_type, note) VALUES (?,?,?,1,?,?,?,?,'','')",
            [
                (
                    str(uuid.uuid4()),
                    now,
                    now,
                    1 + i % people,
                    1 + i % projects,
                    f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    1 + i % 2,
                )
                for i in range(villages * 20000)
            ],
        )


def timed(fn, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        open_database(Path(tmp) / "bench.db")
        start = time.perf_counter()
        build(args.villages)
        print(f"build {args.villages} village(s): {time.perf_counter() - start:.1f} s")
        as_of = pendulum.date(2026, 11, 28)
        print(f"summary (all projects):  {timed(lambda: ledger.summary(as_of)):8.1f} ms")
        print(f"summary (one project):   {timed(lambda: ledger.summary(as_of, project_id=3)):8.1f} ms")
        print(f"pledge_lines (all):      {timed(lambda: ledger.pledge_lines(as_of), 3):8.1f} ms")
        print(f"attention:               {timed(lambda: ledger.attention(as_of), 3):8.1f} ms")
        database_proxy.obj.close()


if __name__ == "__main__":
    main()
