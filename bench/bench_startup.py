"""How fast the app shows its first screen on the demo village.

    python bench/bench_startup.py [--runs 5] [--db PATH]

Measures, each as the median of ``--runs`` fresh processes (so every run pays the imports):

- ``import screens.app``: a cold ``python -c "import screens.app"``, whole process;
- dashboard shown: from the start of the process until the dashboard is on screen (title,
  empty table, footer) — what the cadre sees first;
- dashboard filled: until the projects table has its rows (the summary comes from a worker);
- project opened: from enter on a row until the project screen shows its figures.

The app runs headless at 120×40 through ``App.run_test``; nothing is drawn on this terminal.
Without ``--db`` the demo village is loaded into a temporary file first (not timed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START = time.perf_counter()  # the child's clock: after the standard library, before textual and ours
START_CPU = time.process_time()


def _now() -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) since START: on a busy machine the CPU time is
    close to what the wall time would be on an idle one."""
    return time.perf_counter() - START, time.process_time() - START_CPU


def child(db: str) -> None:
    """One run in this process: print the timings as JSON."""
    import asyncio

    sys.path.insert(0, str(ROOT))
    from textual.widgets import DataTable

    from screens.app import make_app
    from screens.dashboard import DashboardScreen
    from screens.project import ProjectScreen

    marks: dict[str, tuple[float, float]] = {"import": _now()}

    # The dashboard is on screen (title, empty table, footer) when it mounts; its figures come later.
    DashboardScreen.on_mount = lambda self: marks.setdefault("shown", _now())

    async def run() -> dict[str, tuple[float, float]]:
        app = make_app(Path(db))
        async with app.run_test(size=(120, 40)) as pilot:
            while not isinstance(app.screen, DashboardScreen):
                await asyncio.sleep(0.001)
            table = app.screen.query_one("#projects", DataTable)
            while table.row_count == 0:
                await asyncio.sleep(0.001)
            marks["filled"] = _now()
            await pilot.pause()
            began = _now()
            await pilot.press("enter")
            while not (isinstance(app.screen, ProjectScreen) and app.screen.query_one("#figures").content):
                await asyncio.sleep(0.001)
            ended = _now()
            marks["project"] = (ended[0] - began[0], ended[1] - began[1])
            await pilot.press("q")
        return marks

    print(json.dumps(asyncio.run(run())))


def cold_import() -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import screens.app"], cwd=ROOT, check=True)
    return time.perf_counter() - began


def demo_db(folder: Path) -> str:
    path = folder / "demo.db"
    env = {**os.environ, "XIUMEI_DATA_DIR": str(folder)}
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(path), "demo"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return str(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="a village database (default: the demo, in a temporary folder)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or demo_db(Path(tmp))
        env = {**os.environ, "XIUMEI_DATA_DIR": tmp, "XIUMEI_TODAY": "2026-11-28"}
        imports = [cold_import() for _ in range(args.runs)]
        runs = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, __file__, "--child", db],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:6.0f} ms"

    def row(label: str, key: str, note: str = "") -> None:
        wall = ms([r[key][0] for r in runs])
        cpu = ms([r[key][1] for r in runs])
        print(f"{label:<40}{wall}  {cpu}  {note}".rstrip())

    print(
        f"runs: {args.runs} (median), Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
        if hasattr(os, "getloadavg")
        else ""
    )
    print(f"{'':<40}{'wall':>9}  {'CPU':>9}")
    print(f"{'python -c import screens.app':<40}{ms(imports)}  {'':>9}  whole process")
    row("imports inside the app process", "import")
    row("dashboard shown (title, table, footer)", "shown", "from process start")
    row("dashboard filled (projects listed)", "filled", "from process start")
    row("project screen (enter -> figures)", "project")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
