"""A seeded synthetic ledger of any number of villages, for the benchmarks.

    python bench/synthetic.py --size village|town|county [-o PATH] [--seed 13]

Sizes (per village: 10 projects, 2,000 money records, 20,000 labour entries, 500 people):

    village = 1 village, town = 20 villages, county = 300 villages

A town or county is that many villages in one file, each with its own row in ``village`` (and
its own labour day rate); ``village_rows`` gives each project, person and contributor its village.

Rows are written with raw ``executemany`` in one transaction: going through the models would
take minutes at county size and measure the generator instead of the ledger. The same seed
gives the same file content (uuids included), so two runs compare the same ledger.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"village": 1, "town": 20, "county": 300}
SOURCES = ("self_raised", "donation", "government", "collective")
AS_OF = "2026-11-28"  # the date every benchmark asks about; a few records fall after it
NOW = "2026-01-01T00:00:00+00:00"


@dataclass(frozen=True)
class Shape:
    """What one village holds. Money records split as pledges, receipts, in-kind, expenses."""

    projects: int = 10
    people: int = 500
    organisations: int = 20
    pledges: int = 800
    receipts: int = 800
    in_kind: int = 100
    expenses: int = 300
    labour: int = 20_000
    milestones: int = 6  # per project


class Generator:
    """Fills an empty, migrated xiumei database; ids are assigned here so rows can refer to them."""

    def __init__(self, con: sqlite3.Connection, seed: int, shape: Shape) -> None:
        self.con = con
        self.rng = random.Random(seed)
        self.shape = shape
        self.next_id: dict[str, int] = {}

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def ids(self, table: str, n: int) -> range:
        first = self.next_id.get(table, 1)
        self.next_id[table] = first + n
        return range(first, first + n)

    def date(self, late_share: float = 0.02) -> str:
        """A day in the year up to the as-of date; ``late_share`` of them after it."""
        if self.rng.random() < late_share:
            return f"2026-12-{self.rng.randint(1, 28):02d}"
        month = self.rng.randint(1, 11)
        return f"2026-{month:02d}-{self.rng.randint(1, 28):02d}"

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        names = ", ".join(f'"{c}"' for c in ("uuid", "created_at", "updated_at", "version", *columns))
        marks = ", ".join("?" * (len(columns) + 4))
        self.con.executemany(
            f'INSERT INTO "{table}" (id, {names}) VALUES (?, {marks})',
            [(row[0], self.uuid(), NOW, NOW, 1, *row[1:]) for row in rows],
        )

    def village_rows(self, v: int) -> None:
        """One village's projects, people, contributors, money, labour and milestones."""
        s, rng = self.shape, self.rng
        self.insert(
            "village",
            ("name", "town", "county", "labour_rate_fen", "cadre_name"),
            [(v, f"基准{v}村", f"基准镇{(v - 1) // 20 + 1}", "基准县", 10000 + (v % 5) * 1000, "王书记")],
        )
        projects = self.ids("project", s.projects)
        self.insert(
            "project",
            (
                "name",
                "group",
                "households",
                "leader",
                "budget_fen",
                "start_date",
                "planned_end",
                "status",
                "village_id",
            ),
            [
                (
                    pid,
                    f"{v}村屋场{pid}",
                    f"{v}村{pid % 12 + 1}组",
                    rng.randint(10, 60),
                    f"组长{pid}",
                    rng.randint(20, 200) * 1_000_000,
                    "2026-01-10",
                    "2026-12-31",
                    rng.choice(("planning", "building", "building", "completed")),
                    v,
                )
                for pid in projects
            ],
        )
        people = self.ids("person", s.people)
        self.insert(
            "person",
            (
                "name",
                "initials",
                "group",
                "household",
                "is_household_head",
                "phone",
                "is_party_member",
                "village_id",
            ),
            [
                (
                    i,
                    f"村民{i}",
                    "",
                    f"{v}村{i % 12 + 1}组",
                    f"户{i // 4}",
                    int(i % 4 == 0),
                    "",
                    int(i % 25 == 0),
                    v,
                )
                for i in people
            ],
        )
        # Every fifth villager gives money (a contributor linked to the person); organisations too.
        givers = [p for p in people if p % 5 == 0]
        contributors = self.ids("contributor", len(givers) + s.organisations)
        kinds = ("xiangxian", "enterprise", "government", "collective")
        self.insert(
            "contributor",
            ("name", "initials", "kind", "person_id", "phone", "village_id"),
            [(cid, f"村民{p}", "", "person", p, "", v) for cid, p in zip(contributors, givers, strict=False)]
            + [
                (cid, f"{v}村单位{cid}", "", kinds[cid % 4], None, "", v)
                for cid in contributors[len(givers) :]
            ],
        )
        self.money(projects, contributors)
        self.insert(
            "labour_entry",
            ("person_id", "project_id", "date", "half_days", "work_type", "note"),
            [
                (
                    lid,
                    rng.choice(people),
                    rng.choice(projects),
                    self.date(),
                    rng.choice((1, 2, 2, 2)),
                    rng.choice(("", "挖基础", "砌墙", "清淤")),
                    "",
                )
                for lid in self.ids("labour_entry", s.labour)
            ],
        )
        names = ("规划设计", "三清三拆", "道路硬化", "改水改厕", "五小建设", "绿化亮化")
        rows = []
        for pid in projects:
            for k, mid in enumerate(self.ids("milestone", s.milestones)):
                planned = f"2026-{2 + k * 2:02d}-{rng.randint(1, 28):02d}"
                done = f"2026-{2 + k * 2:02d}-28" if rng.random() < 0.5 else None
                pct = 100 if done else rng.choice((0, 20, 50, 80, 100))
                rows.append(
                    (
                        mid,
                        pid,
                        names[k % len(names)] + ("" if k < len(names) else str(k)),
                        1 + k % 3,
                        planned,
                        done,
                        pct,
                    )
                )
        self.insert(
            "milestone", ("project_id", "name", "weight", "planned_date", "done_date", "progress_pct"), rows
        )

    def money(self, projects: range, contributors: range) -> None:
        s, rng = self.shape, self.rng

        def with_reversals(table: str, n: int, make) -> list[tuple]:
            # One in a hundred entries is reversed (冲销): the reversal negates it and points back.
            ids = self.ids(table, n)
            rows = [make(i) for i in ids[: n - n // 100]]
            for original in rows[: n // 100]:
                rid = ids[len(rows)]
                rows.append((rid, *original[1:3], -original[3], *original[4:], original[0]))
            return [r if len(r) == len(rows[-1]) else (*r, None) for r in rows]

        def pledge(i: int) -> tuple:
            due = f"2026-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.6 else None
            return (
                i,
                rng.choice(projects),
                self.date(),
                rng.randint(1, 500) * 10_000,
                "",
                "",
                rng.choice(contributors),
                rng.choice(SOURCES),
                due,
            )

        def receipt(i: int) -> tuple:
            return (
                i,
                rng.choice(projects),
                self.date(),
                rng.randint(1, 400) * 10_000,
                "",
                "",
                rng.choice(contributors),
                rng.choice(SOURCES),
                f"V{i}",
            )

        def in_kind(i: int) -> tuple:
            return (
                i,
                rng.choice(projects),
                self.date(),
                rng.randint(1, 100) * 10_000,
                "",
                "",
                rng.choice(contributors),
                rng.choice(SOURCES),
                "水泥",
                str(rng.randint(1, 50)),
                "吨",
            )

        def expense(i: int) -> tuple:
            return (
                i,
                rng.choice(projects),
                self.date(),
                rng.randint(1, 3000) * 10_000,
                "",
                "",
                rng.choice(("材料费", "人工费", "设计费")),
                f"供应商{i % 40}",
                f"Z{i}",
            )

        common = ("project_id", "date", "amount_fen", "note", "reason")
        self.insert(
            "pledge",
            (*common, "contributor_id", "source", "due_date", "reverses_id"),
            with_reversals("pledge", s.pledges, pledge),
        )
        self.insert(
            "receipt",
            (*common, "contributor_id", "source", "voucher", "reverses_id"),
            with_reversals("receipt", s.receipts, receipt),
        )
        self.insert(
            "in_kind",
            (*common, "contributor_id", "source", "item", "quantity", "unit", "reverses_id"),
            with_reversals("in_kind", s.in_kind, in_kind),
        )
        self.insert(
            "expense",
            (*common, "item", "payee", "voucher", "reverses_id"),
            with_reversals("expense", s.expenses, expense),
        )


def generate(path: Path, villages: int, seed: int = 13, shape: Shape = Shape()) -> Path:
    """A fresh database at ``path`` (replaced if it exists) holding ``villages`` villages."""
    sys.path.insert(0, str(ROOT))
    from models import close_database, open_database

    path = Path(path)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    open_database(path)  # creates and migrates: the schema is the program's own
    close_database()
    con = sqlite3.connect(path)
    try:
        with con:
            gen = Generator(con, seed, shape)
            for v in range(1, villages + 1):
                gen.village_rows(v)
        con.execute("ANALYZE")
    finally:
        con.close()
    return path


def cached(size: str, folder: Path, seed: int = 13) -> Path:
    """The database of a size in ``folder``, generated on first use (county takes minutes).

    The file name carries the schema version, so a migration makes a fresh one.
    """
    sys.path.insert(0, str(ROOT))
    from models.migrations import SCHEMA_VERSION

    path = Path(folder) / f"{size}-seed{seed}-v{SCHEMA_VERSION}.db"
    if not path.exists():
        began = time.perf_counter()
        tmp = path.with_name(path.name + ".part")
        generate(tmp, SIZES[size], seed)
        tmp.replace(path)
        print(f"generated {path.name} in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="village")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("-o", "--output", default=None, help="database file (default: SIZE.db here)")
    args = parser.parse_args()
    path = Path(args.output or f"{args.size}.db")
    began = time.perf_counter()
    generate(path, SIZES[args.size], args.seed)
    print(f"{path}: {args.size} ({SIZES[args.size]} villages) in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
