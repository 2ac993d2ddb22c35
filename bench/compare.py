"""xiumei against raw SQL (and hledger), side by side, on synthetic ledgers of three sizes.

    python bench/compare.py [--size village --size town | --size county] [--runs 5]
                            [--parts check,ledger,reports,dashboard,process,imports,hledger]
                            [--cache FOLDER]

Default sizes: village and town; county (300 villages, about 2 GB) only when asked. The
databases come from ``synthetic.py`` (seeded) and are kept in ``--cache`` between runs.

First every figure is checked: ``ledger.summary`` (all projects, and one) must equal the
raw-SQL computation of ``raw_summary.py`` as JSON text, byte for byte, and ``ledger.attention``
its raw-SQL list; if not, the script stops with the difference. Only then is anything timed:

- ledger: each pair runs alternately in this process (xiumei, raw, raw, xiumei, ...), medians;
- reports: each format written by a fresh process (time to build and write, and its peak
  memory from ``ru_maxrss``; not measured on Windows);
- dashboard: process start to the projects table filled (``bench_startup.py``'s child);
- process: ``xiumei summary --json`` against ``raw_summary.py`` as whole processes, outputs
  compared byte for byte, alternately; and the raw script again with peewee (and pendulum)
  imported first: the floor that only a command without those libraries could go below;
- imports: ``python -X importtime`` of ``summary --json``: what it imports and what that costs;
- hledger: when ``hledger`` is on PATH, its balances of a journal written from the same database
  (checked against xiumei's received, spent and labour totals first), timed against
  ``xiumei summary --json``, else a note.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import raw_summary  # noqa: E402
import synthetic  # noqa: E402

AS_OF = synthetic.AS_OF
PARTS = ("check", "ledger", "reports", "dashboard", "process", "imports", "hledger")
# Child processes keep their bytecode (__pycache__) as an installed program does: with
# PYTHONDONTWRITEBYTECODE set, every run would compile our modules again (30-40 ms) and the
# whole-process figures would measure the compiler.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "XIUMEI_TODAY": AS_OF,
    "PYTHONPATH": str(ROOT),
}


def fail(message: str) -> None:
    print(f"\nMISMATCH: {message}\nNothing was timed: a fast wrong figure is not a result.", file=sys.stderr)
    raise SystemExit(1)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def ratio_line(
    label: str, ours: float, raw: float, goal: float | None = None, cpu: tuple[float, float] | None = None
) -> str:
    """One comparison: wall-clock medians and their ratio; with ``cpu``, the CPU-time ratio too,
    and the goal is judged on it: on a machine shared with other work the wall clock of either
    side swings with what else runs, so a lucky wall ratio must not pass a goal the CPU misses."""
    r = ours / raw if raw else float("inf")
    line = f"  {label:<34}{ours:9.2f} ms {raw:9.2f} ms {r:6.2f}x"
    judged = r
    if cpu is not None:
        rc = cpu[0] / cpu[1] if cpu[1] else float("inf")
        line += f"   cpu {cpu[0]:8.2f} ms {cpu[1]:8.2f} ms {rc:6.2f}x"
        judged = rc
    mark = "" if goal is None else ("  ok" if judged <= goal else f"  over {goal}x")
    return line + mark


# --- check -------------------------------------------------------------------------------------


def attention_tuples(items) -> list[tuple]:
    return [
        (a.kind, a.project_id, a.project, a.subject, a.date.isoformat() if a.date else None, a.amount_fen)
        for a in items
    ]


def check(db: Path, con: sqlite3.Connection) -> None:
    import pendulum

    from tracker import ledger

    as_of = pendulum.parse(AS_OF).date()
    for pid in (None, 3):
        ours = json.dumps(ledger.summary(as_of, pid).as_dict(), ensure_ascii=False, indent=2)
        raw = json.dumps(raw_summary.figures(con, AS_OF, pid), ensure_ascii=False, indent=2)
        if ours != raw:
            a, b = ours.splitlines(), raw.splitlines()
            line = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
            )
            fail(
                f"summary(project={pid}) differs at line {line + 1}: {a[line : line + 1]} vs {b[line : line + 1]}"
            )
    ours_att = attention_tuples(ledger.attention(as_of))
    raw_att = raw_summary.attention(con, AS_OF)
    if ours_att != raw_att:
        diff = next((i for i, (x, y) in enumerate(zip(ours_att, raw_att, strict=False)) if x != y), None)
        fail(f"attention: {len(ours_att)} items vs {len(raw_att)} raw; first difference at {diff}")
    page = getattr(ledger, "attention_page", None)
    if page is not None:
        got = page(as_of, offset=0, limit=50)
        if attention_tuples(got.items) != raw_att[:50] or got.total != len(raw_att):
            fail("attention_page(0, 50) is not the first 50 of the raw list with its count")
    print(
        f"  check: summary (all, one project) byte-identical to raw SQL; attention {len(raw_att)} items equal"
    )


# --- ledger ------------------------------------------------------------------------------------


def side_by_side(pairs: list[tuple[str, Callable, Callable, float | None]], runs: int) -> None:
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, *_ in pairs}
    cpu: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, *_ in pairs}
    # A sub-millisecond query is called several times a sample (the same count on both sides),
    # so that a sample is a few ms and the clocks' and the loop's own cost do not dominate.
    repeat: dict[str, int] = {}
    for name, _ours, raw, _goal in pairs:
        began = time.perf_counter()
        raw()
        repeat[name] = max(1, min(200, int(0.005 / max(time.perf_counter() - began, 1e-6))))
    for run in range(runs):
        for name, ours, raw, _goal in pairs:
            order = ((0, ours), (1, raw)) if run % 2 == 0 else ((1, raw), (0, ours))
            n = repeat[name]
            for side, fn in order:
                gc.collect()  # a collection started by the other side's garbage is not this side's time
                gc.disable()
                began, began_cpu = time.perf_counter(), time.process_time()
                for _ in range(n):
                    fn()
                times[name][side].append((time.perf_counter() - began) / n)
                cpu[name][side].append((time.process_time() - began_cpu) / n)
                gc.enable()
    print(f"  {'':<34}{'xiumei':>12} {'raw SQL':>12} {'ratio':>7}")
    for name, _ours, _raw, goal in pairs:
        c = (median_ms(cpu[name][0]), median_ms(cpu[name][1]))
        print(ratio_line(name, median_ms(times[name][0]), median_ms(times[name][1]), goal, c))


def ledger_part(db: Path, con: sqlite3.Connection, runs: int) -> None:
    import pendulum

    from tracker import ledger

    as_of = pendulum.parse(AS_OF).date()

    def raw_rows(key: str, pid: int | None = None) -> Callable[[], list]:
        sql = raw_summary._sql(raw_summary.SQL[key], pid)
        return lambda: con.execute(sql, {"as_of": AS_OF, "pid": pid}).fetchall()

    pairs: list[tuple[str, Callable, Callable, float | None]] = [
        (
            "summary, all projects",
            lambda: ledger.summary(as_of),
            lambda: raw_summary.figures(con, AS_OF),
            1.2,
        ),
        (
            "summary, one project",
            lambda: ledger.summary(as_of, 3),
            lambda: raw_summary.figures(con, AS_OF, 3),
            2.0,
        ),
    ]
    # Each figure's own query, where the ledger names them (FIGURE_QUERIES: key -> (as_of, pid) -> rows).
    queries = getattr(ledger, "FIGURE_QUERIES", {})
    for key, fn in queries.items():
        pairs.append((f"  {key}", lambda fn=fn: fn(as_of, None), raw_rows(key), 1.2))
    if not queries and hasattr(ledger, "_outstanding_by_project"):
        pairs.append(
            (
                "  outstanding",
                lambda: ledger._outstanding_by_project(as_of, None),
                raw_rows("outstanding"),
                1.2,
            )
        )
    pairs.append(
        (
            "attention, whole list",
            lambda: ledger.attention(as_of),
            lambda: raw_summary.attention(con, AS_OF),
            1.5,
        )
    )
    if hasattr(ledger, "attention_page"):
        pairs.append(
            (
                "attention, first 50 + count",
                lambda: ledger.attention_page(as_of, offset=0, limit=50),
                lambda: raw_attention_page(con, 50),
                1.5,
            )
        )
    side_by_side(pairs, runs)


def raw_attention_page(con: sqlite3.Connection, limit: int) -> tuple[list, int]:
    items = raw_summary.attention(con, AS_OF)
    return items[:limit], len(items)


def explain(con: sqlite3.Connection) -> None:
    """The plan of each raw figure query, and whether every table is read from a covering index."""
    for key, text in raw_summary.SQL.items():
        plan = [
            row[-1]
            for row in con.execute(
                "EXPLAIN QUERY PLAN " + raw_summary._sql(text, None), {"as_of": AS_OF, "pid": None}
            )
        ]
        print(f"    {key:<12}{' | '.join(plan)}")


# --- reports -----------------------------------------------------------------------------------


def report_child(fmt: str, db: str, out: str) -> None:
    """In a fresh process: build and write one report; print seconds and peak memory as JSON."""
    began = time.perf_counter()
    import pendulum

    from models import open_database
    from tracker.reports import build

    try:
        from tracker.exports import write_report
    except ImportError:  # before the export code had its module
        from tracker.reports import write_report

    imported, imported_cpu = time.perf_counter(), time.process_time()
    open_database(db, create=False)
    data = build(pendulum.parse(AS_OF).date(), lang="zh")
    built = time.perf_counter()
    write_report(data, fmt, Path(out) / f"report.{'zip' if fmt == 'csv' else fmt}")
    ended, ended_cpu = time.perf_counter(), time.process_time()
    peak = None
    try:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak = rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux
    except ImportError:  # Windows: no ru_maxrss
        pass
    print(
        json.dumps(
            {
                "import": imported - began,
                "build": built - imported,
                "write": ended - built,
                "total": ended - imported,
                "cpu": ended_cpu - imported_cpu,
                "peak_mb": peak,
            }
        )
    )


def reports_part(db: Path, runs: int) -> None:
    print(f"  {'format':<8}{'build+write':>12}{'(build':>9}{'write)':>9}{'CPU':>9}{'peak memory':>14}")
    for fmt in ("xlsx", "html", "csv", "md"):
        results = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as out:
                cmd = [sys.executable, __file__, "--child-report", fmt, str(db), out]
                done = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
                if done.returncode:
                    print(done.stderr[-2000:])
                    raise SystemExit(f"report {fmt} failed")
                results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        total = statistics.median(r["total"] for r in results)
        build = statistics.median(r["build"] for r in results)
        write = statistics.median(r["write"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        peaks = [r["peak_mb"] for r in results if r["peak_mb"] is not None]
        peak = f"{max(peaks):9.0f} MB" if peaks else "   (n/a)"
        print(f"  {fmt:<8}{total:10.2f} s{build:8.2f} s{write:8.2f} s{cpu:7.2f} s{peak:>14}")


# --- dashboard, whole process, imports ---------------------------------------------------------


def dashboard_part(db: Path, runs: int) -> None:
    filled, shown = [], []
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**ENV, "XIUMEI_DATA_DIR": data_dir}
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, str(HERE / "bench_startup.py"), "--child", str(db)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode:
                print(done.stderr[-2000:])
                raise SystemExit("dashboard run failed")
            marks = json.loads(done.stdout.strip().splitlines()[-1])
            shown.append(marks["shown"])
            filled.append(marks["filled"])
    wall = (median_ms([w for w, _ in shown]), median_ms([w for w, _ in filled]))
    cpu = (median_ms([c for _, c in shown]), median_ms([c for _, c in filled]))
    print(
        f"  dashboard shown {wall[0]:6.0f} ms, filled {wall[1]:6.0f} ms from process start"
        f" (CPU of the app's process: shown {cpu[0]:.0f} ms, filled {cpu[1]:.0f} ms)"
    )


def process_part(db: Path, runs: int) -> None:
    ours_cmd = [sys.executable, "-m", "tracker", "--db", str(db), "summary", "--json", "--as-of", AS_OF]
    raw_args = [str(HERE / "raw_summary.py"), str(db), "--as-of", AS_OF]
    # The raw script with the libraries xiumei stands on imported first: what no change to our
    # own code can go below, so a ratio over the goal says whether our code or the stack is why.
    floors = {
        "raw SQL + import peewee": "peewee",
        "raw SQL + import peewee, pendulum": "peewee, pendulum",
    }
    cmds = [ours_cmd, [sys.executable, *raw_args]] + [
        [
            sys.executable,
            "-c",
            f"import {mods}\nimport runpy, sys\nsys.argv = {raw_args!r}\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')",
        ]
        for mods in floors.values()
    ]
    times: list[list[float]] = [[] for _ in cmds]
    cpu: list[list[float]] = [[] for _ in cmds]
    outputs: list[bytes | None] = [None] * len(cmds)
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**ENV, "XIUMEI_DATA_DIR": data_dir}
        for run in range(runs):
            # A different order each run, so that no side always follows the same one.
            shift = run % len(cmds)
            for side in [*range(shift, len(cmds)), *range(shift)]:
                began, began_cpu = time.perf_counter(), children_cpu()
                done = subprocess.run(cmds[side], cwd=ROOT, env=env, capture_output=True, check=True)
                times[side].append(time.perf_counter() - began)
                cpu[side].append(children_cpu() - began_cpu)
                outputs[side] = done.stdout
    if any(out != outputs[0] for out in outputs):
        fail("xiumei summary --json and raw_summary.py print different JSON")
    print("  outputs byte-identical")
    raw_wall, raw_cpu = median_ms(times[1]), median_ms(cpu[1])
    for side, label in enumerate(["summary --json, whole process", "", *floors]):
        if side == 1:  # the raw script itself: the denominator of every line
            continue
        c = (median_ms(cpu[side]), raw_cpu) if hasattr(os, "wait4") else None
        goal = 1.3 if side == 0 else None
        print(ratio_line(label, median_ms(times[side]), raw_wall, goal, c))


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes; 0 where unknown (Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def imports_part(db: Path) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        done = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-m",
                "tracker",
                "--db",
                str(db),
                "summary",
                "--json",
                "--as-of",
                AS_OF,
            ],
            cwd=ROOT,
            env={**ENV, "XIUMEI_DATA_DIR": data_dir},
            capture_output=True,
            text=True,
        )
    # Each module's own time ("self"), summed by top-level package: what each package costs.
    tops: dict[str, int] = {}
    ours: list[str] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        own, _, name = line.split("|")
        own = own.rsplit(":", 1)[1].strip()
        if not own.isdigit():
            continue
        package = name.strip().split(".")[0]
        tops[package] = tops.get(package, 0) + int(own)
        if package in ("tracker", "models", "screens"):
            ours.append(name.strip())
    total = sum(tops.values())
    print(f"  imports of summary --json (python -X importtime): {total / 1000:.0f} ms in all, by package:")
    for package, us in sorted(tops.items(), key=lambda kv: -kv[1])[:15]:
        print(f"    {package:<24}{us / 1000:8.1f} ms")
    print(f"    our modules imported: {', '.join(ours)}")


# --- hledger -----------------------------------------------------------------------------------


def hledger_part(db: Path, con: sqlite3.Connection, runs: int) -> None:
    hledger = shutil.which("hledger")
    if not hledger:
        print("  hledger is not on PATH: skipped (install hledger to compare with it)")
        return
    from decimal import Decimal

    figures = raw_summary.figures(con, AS_OF)
    totals = figures["totals"]
    want = {
        "received": totals["received_fen"]["total"],
        "spent": totals["spent_fen"],
        "labour": round(Decimal(str(totals["labour_days"])) * 2),  # half days
    }
    ours_cmd = [sys.executable, "-m", "tracker", "--db", str(db), "summary", "--json", "--as-of", AS_OF]
    with tempfile.TemporaryDirectory() as tmp:
        # hledger reads the whole journal whatever the query asks, so "money only" needs a journal
        # without the labour entries (at town size 400,000 of them, 95% of the file).
        money_journal, all_journal = Path(tmp) / "money.journal", Path(tmp) / "all.journal"
        write_journal(con, money_journal, labour=False)
        write_journal(con, all_journal, labour=True)

        options = ["balance", "-e", "2026-11-29", "-O", "csv", "--flat"]

        def balance(journal: Path, *accounts: str) -> list[str]:
            return [hledger, "-f", str(journal), *options, *accounts]

        money_cmd = balance(money_journal, "received", "spent")
        all_cmd = balance(all_journal, "received", "spent", "labour")
        done = subprocess.run(all_cmd, capture_output=True, text=True, check=True)
        sums: dict[str, Decimal] = {}
        for line in done.stdout.splitlines()[1:]:  # "account","balance"
            account, _, amount = (part.strip('"') for part in line.partition(","))
            if account == "total" or not amount:
                continue
            top = account.split(":")[0]
            sums[top] = sums.get(top, Decimal(0)) + Decimal(amount.split()[0].replace(",", ""))
        got = {
            "received": int(sums.get("received", 0) * 100),
            "spent": int(sums.get("spent", 0) * 100),
            "labour": int(sums.get("labour", 0)),
        }
        if got != want:
            fail(f"hledger balances {got} differ from xiumei's {want}")
        print("  hledger balances equal xiumei's (received, spent, labour)")
        times: dict[str, list[float]] = {"xiumei": [], "money": [], "all": []}
        cpu: dict[str, list[float]] = {"xiumei": [], "money": [], "all": []}
        cmds = (("xiumei", ours_cmd), ("money", money_cmd), ("all", all_cmd))
        with tempfile.TemporaryDirectory() as data_dir:
            env = {**ENV, "XIUMEI_DATA_DIR": data_dir}
            for run in range(runs):
                for key, cmd in cmds[run % 3 :] + cmds[: run % 3]:
                    began, began_cpu = time.perf_counter(), children_cpu()
                    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True)
                    times[key].append(time.perf_counter() - began)
                    cpu[key].append(children_cpu() - began_cpu)
    ours, ours_cpu = median_ms(times["xiumei"]), median_ms(cpu["xiumei"])
    print(f"  xiumei summary --json (everything)  {ours:8.0f} ms   cpu {ours_cpu:8.0f} ms")
    for key, label in (("money", "hledger balance, money"), ("all", "hledger balance, money and labour")):
        ms, ms_cpu = median_ms(times[key]), median_ms(cpu[key])
        ratio_cpu = f"{ms_cpu / ours_cpu:6.1f}x" if ours_cpu else "   n/a"
        print(
            f"  {label:<35}{ms:8.0f} ms   cpu {ms_cpu:8.0f} ms   {ms / ours:6.1f}x xiumei (cpu {ratio_cpu})"
        )


def write_journal(con: sqlite3.Connection, path: Path, *, labour: bool) -> None:
    """Receipts, expenses (and labour) as hledger transactions, one a record, dated by the record."""
    with path.open("w", encoding="utf-8") as fh:
        for table, account in (("receipt", "received"), ("expense", "spent")):
            for date, pid, amount in con.execute(
                f"SELECT date, project_id, amount_fen FROM {table} WHERE date <= ?", (AS_OF,)
            ):
                fh.write(f"{date} {table}\n    {account}:p{pid}  {amount / 100:.2f} CNY\n    equity\n\n")
        if not labour:
            return
        for date, pid, halves in con.execute(
            "SELECT date, project_id, half_days FROM labour_entry WHERE date <= ?", (AS_OF,)
        ):
            fh.write(f"{date} labour\n    labour:p{pid}  {halves} H\n    equity\n\n")


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", choices=synthetic.SIZES)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "xiumei-bench"))
    parser.add_argument("--child-report", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_report:
        report_child(*args.child_report)
        return 0

    parts = set(args.parts.split(","))
    sizes = args.size or ["village", "town"]
    Path(args.cache).mkdir(parents=True, exist_ok=True)
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, SQLite {sqlite3.sqlite_version}{load}; as of {AS_OF}, {args.runs} runs"
    )

    from models import close_database, open_database

    for size in sizes:
        db = synthetic.cached(size, Path(args.cache))
        print(f"\n== {size}: {synthetic.SIZES[size]} village(s), {db.stat().st_size / 1e6:.0f} MB")
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        open_database(db, create=False)
        try:
            if "check" in parts:
                check(db, con)
            if "ledger" in parts:
                ledger_part(db, con, args.runs)
                explain(con)
        finally:
            close_database()
        if "reports" in parts:
            reports_part(db, 1 if size != "village" else 3)
        if "dashboard" in parts and size != "county":
            dashboard_part(db, args.runs)
        if "process" in parts:
            process_part(db, args.runs)
        if "imports" in parts and size == "village":
            imports_part(db)
        if "hledger" in parts:
            hledger_part(db, con, 3)
        con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
