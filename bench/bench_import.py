"""How fast a large workbook imports, and re-imports (everything already there).

    python bench/bench_import.py [--rows 10000] [--runs 5] [--pairs 5]

Builds a workbook of ``--rows`` plain rows (no merged cells, no formulas) spread over 项目, 认捐,
到账, 支出 and 投工, then, in a fresh database each run, times ``import_workbook`` on it (reading,
checking, matching and writing) and a second ``import_workbook`` of the same file, which reads and
matches everything and adds nothing. Reports the median of the runs, wall-clock and CPU time of
the process (the machine is shared: the CPU figure is nearer what an idle laptop sees), and the
statements SQLite ran for one more import, traced apart because tracing costs time. The first
run also pays for importing openpyxl and pypinyin.

``--pairs N`` then starts N pairs of ``xiumei import`` processes on the same workbook at the same
instant, each pair on a fresh database, and reports whether each pair stored every row exactly
once, and how long each of the two processes took from the start line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models import AuditLog, close_database, database_proxy, open_database  # noqa: E402
from tracker import records  # noqa: E402
from tracker.importer import import_workbook  # noqa: E402

HEAD = {
    "项目": ["项目名称*", "所属组", "户数", "负责人", "预算(元)", "开工日期", "计划完工日期", "状态"],
    "认捐": ["日期*", "姓名/单位*", "资金来源*", "项目名称*", "金额(元)*", "约定到账日期", "备注"],
    "到账": ["日期*", "姓名/单位*", "资金来源*", "项目名称*", "金额(元)*", "收据编号", "备注"],
    "支出": ["日期*", "项目名称*", "事项*", "金额(元)*", "收款方", "凭证号", "备注"],
    "投工": ["日期*", "姓名*", "项目名称*", "工日*", "工种", "备注"],
}
SOURCES = ("群众自筹", "社会捐赠", "项目资金", "村集体")


def build_workbook(path: Path, rows: int) -> dict[str, int]:
    """A workbook of ``rows`` data rows; returns the rows per sheet."""
    from openpyxl import Workbook

    projects = 10
    per = (rows - projects) // 4
    sizes = {"项目": projects, "认捐": per, "到账": per, "支出": per, "投工": rows - projects - 3 * per}
    book = Workbook(write_only=True)
    sheets = {name: book.create_sheet(name) for name in sizes}
    for name, ws in sheets.items():
        ws.append(HEAD[name])
    names = [f"屋场{i}" for i in range(projects)]
    for i, name in enumerate(names):
        sheets["项目"].append([name, f"{i + 1}组", 30, "李四", 500000, "2026-03-01", "2026-12-31", "在建"])
    for i in range(sizes["认捐"]):
        date = f"2026-{i % 9 + 1:02d}-{i % 28 + 1:02d}"
        sheets["认捐"].append(
            [date, f"村民{i % 700}", SOURCES[i % 4], names[i % projects], 100 + i, None, ""]
        )
    for i in range(sizes["到账"]):
        date = f"2026-{i % 9 + 1:02d}-{i % 28 + 1:02d}"
        sheets["到账"].append(
            [date, f"村民{i % 700}", SOURCES[i % 4], names[i % projects], 50 + i, f"SJ-{i:05d}", "现金"]
        )
    for i in range(sizes["支出"]):
        date = f"2026-{i % 9 + 1:02d}-{i % 28 + 1:02d}"
        sheets["支出"].append([date, names[i % projects], f"材料{i % 50}", 200 + i, "建材店", f"ZC-{i}", ""])
    for i in range(sizes["投工"]):
        date = f"2026-{i % 9 + 1:02d}-{i % 28 + 1:02d}"
        sheets["投工"].append([date, f"村民{i % 400}", names[i % projects], (i % 4 + 1) / 2, "小工", ""])
    book.save(path)
    return sizes


class Counting:
    """Counts what SQLite runs while it is installed: ``count`` statements in all, ``bulk`` of
    them the rows of an ``executemany`` (which SQLite runs, and traces, once a row)."""

    def __init__(self) -> None:
        self.count = self.bulk = 0
        self._last = ""

    def _trace(self, sql: str) -> None:
        self.count += 1
        # executemany traces each row with its values; a repeated INSERT prefix is one of those.
        head = sql.split("VALUES", 1)[0]
        if sql.startswith("INSERT") and head == self._last:
            self.bulk += 1
        self._last = head

    def __enter__(self) -> Counting:
        database_proxy.obj.connection().set_trace_callback(self._trace)
        return self

    def __exit__(self, *exc: object) -> None:
        database_proxy.obj.connection().set_trace_callback(None)


_CHILD = """
import sys, time
from pathlib import Path
from tracker import cli
from tracker.importer import reading
import openpyxl.reader.excel
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
ready.write_text("ready", encoding="utf-8")
while not go.exists():
    time.sleep(0.002)
start = time.perf_counter()
code = cli.main(sys.argv[3:])
print(f"TOOK {time.perf_counter() - start:.3f}")
raise SystemExit(code)
"""


def pairs(book: Path, audits: int, count: int, tmp: Path) -> None:
    """Two imports of ``book`` started together, ``count`` times: is every row stored once?

    ``audits``: the audit rows one import of the book writes, one a record it adds.
    """
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(root)}
    once, took = 0, []
    for n in range(count):
        db_path = tmp / f"pair{n}.db"
        open_database(db_path)
        records.create_village("基准村", "基准镇", "基准县", cadre_name="张书记")
        close_database()
        go = tmp / f"go{n}"
        children = []
        for k in range(2):
            ready = tmp / f"ready{n}.{k}"
            argv = [str(ready), str(go), "--db", str(db_path), "import", str(book)]
            child = subprocess.Popen(
                [sys.executable, "-c", _CHILD, *argv],
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            children.append((ready, child))
        while not all(ready.exists() for ready, _ in children):
            time.sleep(0.01)
        go.write_text("go", encoding="utf-8")
        outs = [(child.communicate()[0], child.returncode) for _, child in children]
        times = sorted(float(out.rsplit("TOOK ", 1)[1]) for out, code in outs if code == 0 and "TOOK" in out)
        open_database(db_path)
        stored = AuditLog.select().where(AuditLog.table != "village").count()
        skipped_all = sum("文件中的数据都已在台账中" in out for out, _ in outs)
        close_database()
        if len(times) == 2 and skipped_all == 1 and stored == audits:
            once += 1
        took.append(times)
        print(f"pair {n + 1}: exit {[code for _, code in outs]}, audit rows {stored}, took {times} s")
    print(f"{once} of {count} pairs stored every row once; the second waited for the first, then skipped all")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "big.xlsx"
        sizes = build_workbook(book, args.rows)
        first, again, first_cpu, again_cpu = [], [], [], []
        for run in range(args.runs + 1):
            db_path = Path(tmp) / f"run{run}.db"
            open_database(db_path)
            records.create_village("基准村", "基准镇", "基准县", cadre_name="张书记")
            if run == args.runs:  # one more import, traced, for the statements (tracing costs time)
                with Counting() as counting:
                    import_workbook(book)
                close_database()
                break
            start, cpu = time.perf_counter(), time.process_time()
            result = import_workbook(book)
            first.append(time.perf_counter() - start)
            first_cpu.append(time.process_time() - cpu)
            audits = AuditLog.select().where(AuditLog.table != "village").count()
            assert result.added == sum(sizes.values()), (result.added, sizes)
            start, cpu = time.perf_counter(), time.process_time()
            result = import_workbook(book)
            again.append(time.perf_counter() - start)
            again_cpu.append(time.process_time() - cpu)
            assert result.added == 0 and result.skipped == sum(sizes.values()), result
            close_database()
        if args.pairs:
            pairs(book, audits, args.pairs, Path(tmp))
    print(f"{args.rows} rows ({', '.join(f'{k} {v}' for k, v in sizes.items())}), median of {args.runs} runs")
    print("               wall       CPU")
    statements = f"{counting.count - counting.bulk} statements and {counting.bulk} rows of bulk inserts"
    print(f"import      {ms(first)}  {ms(first_cpu)}   ({statements})")
    print(f"re-import   {ms(again)}  {ms(again_cpu)}   (adds nothing)")


def ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:5.0f} ms"


if __name__ == "__main__":
    main()
