"""The progress report as CSV: one file per table, UTF-8 with a BOM so Excel shows Chinese.

Where the files go depends on ``path``:

- ``….zip``: one zip holding ``1-进度汇总.csv``, ``2-资金明细.csv``, … (the default: one file to send);
- ``….csv``: files beside it named after its stem, ``报表-进度汇总.csv``, ``报表-资金明细.csv``, …;
- anything else: a folder (created if needed) holding ``1-进度汇总.csv``, ….

Each file is a plain table: one header row (two-level headers flattened to ``群众自筹（认捐）``),
then the rows, total rows included. Amounts have no thousands separators so that Excel reads
them as numbers; dates are ISO (2026-11-28).

Text typed by people (a name, an item, a note) that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return would be run by Excel or WPS as a formula when the file is opened (CSV
injection, as OWASP describes it): such a cell is written with a leading ``'``, which makes the
spreadsheet show it as text. Numbers are never touched, so -200.00 stays a negative amount.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .report_data import ReportData, Table, display, value_key

ENCODING = "utf-8-sig"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text as a spreadsheet will show it and never evaluate it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(column, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # text typed by someone: never a formula
        return safe_text(value)
    return display(column, value, plain=True)


def iter_rows(table: Table) -> Iterator[list[str]]:
    """The header, then each row as text, made as they are read."""
    cols = table.columns
    yield [c.flat_label() for c in cols]
    made: list[dict[object, str]] = [{} for _ in cols]  # value -> text, per column: values repeat
    for row in table.rows:
        out = []
        for c, v, seen in zip(cols, row.values, made, strict=True):
            key = value_key(v)
            try:
                text = seen[key]
            except KeyError:
                text = seen[key] = _cell(c, v)
            except TypeError:  # not hashable
                text = _cell(c, v)
            out.append(text)
        yield out


def table_rows(table: Table) -> list[list[str]]:
    return list(iter_rows(table))


def table_text(table: Table) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(iter_rows(table))  # \r\n line ends, as Excel writes them
    return buffer.getvalue()


def file_names(data: ReportData, stem: str | None = None) -> list[str]:
    if stem is not None:
        return [f"{stem}-{t.title}.csv" for t in data.tables]
    return [f"{i}-{t.title}.csv" for i, t in enumerate(data.tables, start=1)]


def write_csv(data: ReportData, path: str | Path) -> Path:
    """Write every table; returns the zip, or the folder the files are in."""
    path = Path(path)
    if path.suffix.lower() == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, table in zip(file_names(data), data.tables, strict=True):
                with zf.open(name, "w") as raw, io.TextIOWrapper(raw, encoding=ENCODING, newline="") as fh:
                    csv.writer(fh).writerows(iter_rows(table))
        return path
    if path.suffix.lower() == ".csv":
        folder, names = path.parent, file_names(data, path.stem)
    else:
        folder, names = path, file_names(data)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in zip(names, data.tables, strict=True):
        with (folder / name).open("w", encoding=ENCODING, newline="") as fh:
            csv.writer(fh).writerows(iter_rows(table))
    return folder
