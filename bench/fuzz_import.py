"""The import's fuzz test at length: many more generated workbooks than the test suite runs.

    python bench/fuzz_import.py [--workbooks 2000] [--seed 1]

Each workbook is a good ledger written one of many ways, or that with one cell wrong, or a
damaged file (tests/test_import_fuzz.py says which). Prints the counts: workbooks tried, exit 2,
exit 0, internal errors and partial writes (both must be 0), and any workbook whose import did
not do what it must.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("XIUMEI_TODAY", "2026-11-28")  # the generated dates are all before it

from test_import_fuzz import fuzz  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbooks", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XIUMEI_DATA_DIR"] = tmp
        start = time.perf_counter()
        tally = fuzz(args.workbooks, args.seed, Path(tmp))
        took = time.perf_counter() - start
    print(f"seed {args.seed}: {tally.line()} ({took:.0f} s)")
    for line in tally.wrong:
        print(line)
    return 1 if tally.wrong or tally.internal_errors or tally.partial_writes else 0


if __name__ == "__main__":
    raise SystemExit(main())
