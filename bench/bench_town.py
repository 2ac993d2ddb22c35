"""The town side at scale: receiving every village's bundle, and ``town summary``.

    python bench/bench_town.py --size town|county [--pg postgresql://…] [--folder bench-data]

The villages come from the seeded synthetic generator (``synthetic.py``: per village 10
projects, 2,000 money records, 20,000 labour entries); each village's bundle is written from
that file (signed with a key of its own) and kept in ``--folder``, so a second run measures the
receiving only. Then, on SQLite (and on PostgreSQL with ``--pg``, or ``XIUMEI_BENCH_PG``):

- receive: every bundle into an empty town (or county) database, one transaction a bundle;
- summary at the bundles' dates: ``town summary`` as the clerk opens it (the stored totals);
- summary for an earlier date: computed from the records, beside the same SQL run raw through
  the database driver (no peewee, no Python assembly), and the ratio of the two;
- the number of queries each summary runs, for town and county size alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pendulum  # noqa: E402
import synthetic  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from models import Village, close_database, database_proxy, open_database  # noqa: E402
from tracker import ledger  # noqa: E402
from tracker.exchange import bundle as bundles  # noqa: E402
from tracker.exchange import keys  # noqa: E402
from tracker.exchange.receive import receive_data  # noqa: E402
from tracker.exchange.town_ledger import town_summary  # noqa: E402

AS_OF = pendulum.date(2026, 11, 28)
EARLIER = pendulum.date(2026, 9, 30)


def make_bundles(size: str, folder: Path) -> list[Path]:
    out = folder / f"bundles-{size}-v3"
    done = out / "done"
    if done.exists():
        return sorted(out.glob("*.xiumei"))
    out.mkdir(parents=True, exist_ok=True)
    source = synthetic.cached(size, folder)
    open_database(source)
    began = time.perf_counter()
    try:
        ids = [v.id for v in Village.select(Village.id).order_by(Village.id)]
        for vid in ids:
            key = Ed25519PrivateKey.from_private_bytes(vid.to_bytes(32, "big"))
            built = bundles.build_village(AS_OF, village_id=vid, key=key, made_at="2026-11-28T10:00:00+00:00")
            (out / f"{vid:04d}.xiumei").write_bytes(built.data)
    finally:
        close_database()
    done.touch()
    print(f"wrote {len(ids)} bundles in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return sorted(out.glob("*.xiumei"))


class Counter:
    """Counts the statements a database runs (to show the query count does not grow per village)."""

    def __init__(self, db) -> None:
        self.db, self.n = db, 0
        self._orig = db.execute_sql

    def __enter__(self):
        def counted(sql, params=None, *a, **k):
            self.n += 1
            return self._orig(sql, params, *a, **k)

        if self.db.__class__.__name__.startswith("Sqlite"):
            # The ledger runs its SQL on the sqlite3 connection itself: count there.
            self.db.connection().set_trace_callback(lambda _: self._tick())
        else:
            self.db.execute_sql = counted
        return self

    def _tick(self) -> None:
        self.n += 1

    def __exit__(self, *exc) -> None:
        self.db.execute_sql = self._orig
        if self.db.__class__.__name__.startswith("Sqlite"):
            self.db.connection().set_trace_callback(None)


def raw_runner(location: str):
    """The summary's SQL texts run through the plain driver, rows fetched and nothing else."""
    texts = [
        ledger._figure_sql(k, "all")
        for k in (
            "projects",
            "pledged",
            "received",
            "in_kind",
            "spent",
            "outstanding",
            "labour",
            "milestones",
        )
    ]
    params = {"as_of": EARLIER.isoformat(), "pid": None, "vid": None}
    if location.startswith("postgresql://"):
        import psycopg

        from models.server import connect_params

        con = psycopg.connect(**connect_params(location))
        texts = [ledger._PG_PARAM.sub(r"%(\1)s", t) for t in texts]
    else:
        import sqlite3

        con = sqlite3.connect(location)

    def run() -> None:
        for text in texts:
            con.execute(text, params).fetchall()

    return run, con


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        out.append(time.perf_counter() - began)
    return out


def fresh_target(backend: str, folder: Path, size: str, pg: str) -> str:
    if backend == "sqlite":
        path = folder / f"{size}-town.db"
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
        return str(path)
    import psycopg

    from models.server import connect_params

    name = f"xbench_{size}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(**connect_params(pg), autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    base, _, query = pg.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def bench(
    backend: str, size: str, files: list[Path], folder: Path, pg: str, runs: int, existing: str = ""
) -> dict:
    """Receive every bundle into a new database (or take ``existing``, received before), then
    time the summaries."""
    location = existing or fresh_target(backend, folder, size, pg)
    db = open_database(location)
    receive_s, per = 0.0, [0.0]
    if not existing:
        keys.make_town("基准镇" if size == "town" else "", "基准县")
        print(f"receiving into {location}", file=sys.stderr)
        began = time.perf_counter()
        per = []
        for f in files:
            t0 = time.perf_counter()
            outcome = receive_data(f.read_bytes(), f.name)
            assert outcome[0].error is None, outcome[0].error
            per.append(time.perf_counter() - t0)
        receive_s = time.perf_counter() - began
        db.execute_sql("ANALYZE")
    own = timed(lambda: town_summary(None, AS_OF), runs)
    with Counter(db) as c1:
        town_summary(None, AS_OF)
    earlier = timed(lambda: town_summary(EARLIER, AS_OF), max(1, runs // 2))
    with Counter(db) as c2:
        town_summary(EARLIER, AS_OF)
    raw, con = raw_runner(location)
    raw_times = timed(raw, max(1, runs // 2))
    con.close()
    close_database()
    _ = database_proxy
    return {
        "backend": backend,
        "size": size,
        "villages": len(files),
        "receive_s": receive_s,
        "receive_each_ms": statistics.median(per) * 1000,
        "summary_own_ms": statistics.median(own) * 1000,
        "summary_own_queries": c1.n,
        "summary_earlier_ms": statistics.median(earlier) * 1000,
        "summary_earlier_queries": c2.n,
        "raw_sql_earlier_ms": statistics.median(raw_times) * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("town", "county"), default="town")
    parser.add_argument("--folder", default=str(ROOT / "bench-data"))
    parser.add_argument("--pg", default=os.environ.get("XIUMEI_BENCH_PG", ""))
    parser.add_argument("--only", choices=("sqlite", "pg"), default=None)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--existing", default="", help="time the summaries of a database received before")
    args = parser.parse_args()
    os.environ.setdefault("XIUMEI_DATA_DIR", str(Path(args.folder) / "data"))
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = make_bundles(args.size, folder)
    backends = [b for b in ("sqlite", "pg") if (b != "pg" or args.pg) and args.only in (None, b)]
    for backend in backends:
        r = bench(backend, args.size, files, folder, args.pg, args.runs, args.existing)
        print(
            f"{r['backend']:6} {r['size']:6} {r['villages']:3} villages: receive {r['receive_s']:.1f} s"
            f" ({r['receive_each_ms']:.0f} ms a bundle); town summary at the bundles' dates"
            f" {r['summary_own_ms']:.1f} ms ({r['summary_own_queries']} queries); --as-of {EARLIER}"
            f" {r['summary_earlier_ms']:.0f} ms ({r['summary_earlier_queries']} queries) vs raw SQL"
            f" {r['raw_sql_earlier_ms']:.0f} ms = {r['summary_earlier_ms'] / r['raw_sql_earlier_ms']:.2f}x",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
