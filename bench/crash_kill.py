"""Kill a writing xiumei process hundreds of times and check the ledger after every kill.

    python bench/crash_kill.py [--kills 350] [--max-delay 0.3] [--keep DIR]

Each round starts a fresh Python process that writes batches (a receipt and 25 labour entries in
one transaction, every record with its audit row), kills it with SIGKILL after a random delay and
checks the file: ``integrity_check``, every commit that returned is there, every batch all or
nothing, every record paired with its audit row. The checks are those of tests/test_crash.py,
which runs 24 kills of a forked writer in the suite; this script runs real processes (the cost
of starting Python included) on any platform, as long as you like.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_crash import kill_loop, prepare, write_batches  # noqa: E402


def spawn(path: Path, first: int, report: int) -> int:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", str(path), str(first), str(report)],
        pass_fds=(report,),
        cwd=ROOT,
    )
    return proc.pid


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=350)
    parser.add_argument("--max-delay", type=float, default=0.3, help="seconds a writer runs at most")
    parser.add_argument("--keep", type=Path, help="folder to keep the database in")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        path, first, report = args.child
        write_batches(Path(path), int(first), int(report))
        return 1
    os.environ.setdefault("XIUMEI_DATA_DIR", tempfile.mkdtemp(prefix="xiumei-crash-data-"))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="xiumei-crash-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "断电村.db"
    prepare(path)
    started = time.monotonic()
    report = kill_loop(path, args.kills, spawn, max_delay=args.max_delay)
    elapsed = time.monotonic() - started
    print(f"kills: {report.kills} ({report.mid_transaction} inside a transaction) in {elapsed:.1f} s")
    print(f"batches committed and found: {report.batches}")
    print(f"problems: {len(report.problems)}")
    for problem in report.problems[:20]:
        print(f"  {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
