"""Reading a workbook: open it, find each sheet's columns by their headers, and read every row's
cells into typed values, each cell that does not read a problem naming its sheet, row and column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum

from .. import field_parsers
from ..errors import FieldError, UserError
from ..i18n import register, t
from .results import Problem
from .sheet_format import (
    EXAMPLE_MARK,
    NOTES_SHEET,
    ROW_NUMBER_HEADER,
    SHEETS,
    Column,
    SheetSpec,
    normalise_header,
    sheet_spec,
)


@dataclass
class Sheet:
    spec: SheetSpec
    title: str  # as named in the workbook
    headers: dict[str, str]  # column key -> header as typed (for messages)
    rows: list[tuple[int, dict[str, object]]]  # Excel row number, column key -> cell value


@dataclass
class Book:
    sheets: list[Sheet]
    problems: list[Problem]
    ignored_sheets: list[str]
    ignored_columns: dict[str, list[str]]


def load(path: Path) -> Book:
    """Every sheet of the format in the workbook, its columns found and its rows as typed.

    Raises UserError when the file is missing or not an xlsx workbook; a sheet or header the
    format cannot take is a problem of the returned book.
    """
    from openpyxl import load_workbook  # 0.26 s to import: only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise UserError("import.missing_file", path=path)
    # Opened as a file object so a workbook saved without the .xlsx extension still reads.
    with path.open("rb") as fh:
        try:
            book = load_workbook(fh, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
            raise UserError("import.not_xlsx", path=path) from exc
        try:
            return _read_book(book)
        finally:
            book.close()


def _read_book(book: Any) -> Book:
    found: dict[str, str] = {}
    result = Book([], [], [], {})
    for title in book.sheetnames:
        spec = sheet_spec(title)
        if spec is None:
            if re.sub(r"\s+", "", title) not in (NOTES_SHEET, "说明"):
                result.ignored_sheets.append(title)
            continue
        if spec.name in found:
            result.problems.append(
                Problem(title, None, None, "import.sheet_twice", {"other": found[spec.name]})
            )
            continue
        found[spec.name] = title
        ws = book[title]
        if not hasattr(ws, "reset_dimensions"):  # a chart sheet of that name
            continue
        ws.reset_dimensions()  # some writers store a wrong size; read what is really there
        result.sheets.append(_read_sheet(spec, title, ws.iter_rows(values_only=True), result))
    result.sheets.sort(key=lambda s: SHEETS.index(s.spec))
    return result


def _read_sheet(spec: SheetSpec, title: str, rows: Iterator[tuple], book: Book) -> Sheet:
    header = next(rows, ())
    by_name = {name: column for column in spec.columns for name in column.names()}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored = []
    wrong_unit: set[str] = set()  # amount columns in 万元: reported as such, not as missing
    for index, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        typed = re.sub(r"\s+", "", str(cell)).replace("*", "").replace("＊", "")
        name = normalise_header(cell)
        column = by_name.get(name)
        if column is None:
            base = name.removesuffix("(万元)")
            wan = by_name.get(base) if base != name else None
            if wan is not None and wan.kind == "amount":
                book.problems.append(Problem(title, 1, typed, "import.wan_column", {"header": wan.header}))
                wrong_unit.add(wan.key)
            elif name != normalise_header(ROW_NUMBER_HEADER):
                ignored.append(typed)
            continue
        if column.key in positions:
            book.problems.append(
                Problem(title, 1, typed, "import.column_twice", {"other": headers[column.key]})
            )
            continue
        positions[column.key] = index
        headers[column.key] = typed
    for column in spec.columns:
        if column.required and column.key not in positions and column.key not in wrong_unit:
            book.problems.append(
                Problem(title, 1, column.header, "import.missing_column", {"header": column.header})
            )
        headers.setdefault(column.key, column.header)
    if ignored:
        book.ignored_columns[title] = ignored

    data = []
    for number, values in enumerate(rows, start=2):
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if all(blank(v) for v in cells.values()):
            continue  # blank, or only a 序号 or other unknown columns filled in
        if any(isinstance(v, str) and v.strip() == EXAMPLE_MARK for v in values):
            continue
        data.append((number, cells))
    return Sheet(spec, title, headers, data)


# --- cells to values ----------------------------------------------------------------------


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_value(column: Column, value: object, today: pendulum.Date) -> object:
    """The typed value of one cell of ``column``, or FieldError."""
    typed = field_parsers.parse(
        column.kind,
        value,
        column.key,
        required=column.required,
        max_len=column.max_len,
        high=column.high,
        default=column.default,
        today=today,
    )
    if column.kind != "amount":
        return typed
    return typed or 0  # a blank budget is none; a zero amount is refused by tracker.rules


# A record's field named by a rule -> the sheet's column of it, where the two differ.
FIELD_COLUMNS = {"progress_pct": "progress"}


@dataclass
class Row:
    sheet: Sheet
    number: int
    values: dict[str, Any]  # the cells that read
    ok: bool = True  # every cell read

    def problem(self, key: str, err_key: str, kwargs: dict | None = None) -> Problem:
        return Problem(self.sheet.title, self.number, self.sheet.headers[key], err_key, kwargs or {})

    def refused(self, error: FieldError) -> Problem:
        """A rule's FieldError as a problem of this row, in the column of the field it names."""
        column = FIELD_COLUMNS.get(error.field, error.field)
        header = self.sheet.headers.get(column) or t(f"field.{error.field}")
        return Problem(self.sheet.title, self.number, header, error.key, error.kwargs)


def read_rows(book: Book, today: pendulum.Date) -> tuple[dict[str, list[Row]], list[Problem]]:
    """Every sheet's rows (by table) with the values that read, and the problems found so far."""
    problems = list(book.problems)
    return {sheet.spec.table: _read_values(sheet, today, problems) for sheet in book.sheets}, problems


def _read_values(sheet: Sheet, today: pendulum.Date, problems: list[Problem]) -> list[Row]:
    """Every row with the values that read; a missing column is reported once, not on every row."""
    checked = []
    for number, cells in sheet.rows:
        row = Row(sheet, number, {})
        wrong = []
        for column in sheet.spec.columns:
            if column.key not in cells and column.required:
                wrong.append(None)
                continue
            try:
                row.values[column.key] = cell_value(column, cells.get(column.key), today)
            except FieldError as exc:
                wrong.append(row.problem(column.key, exc.key, exc.kwargs))
        # The rules a record keeps across its fields (a due date after the pledge's, a done date
        # not in the future) are tracker.rules', asked when the rows are matched.
        problems.extend(p for p in wrong if p is not None)
        row.ok = not wrong
        checked.append(row)
    return checked


register(
    zh={
        "import.missing_file": "找不到文件 {path}",
        "import.not_xlsx": "{path} 不是 xlsx 工作簿；旧版 .xls 或 .csv 请先在 Excel 或 WPS 中另存为 .xlsx",
        "import.sheet_twice": "与工作表“{other}”是同一张表，只能保留一张",
        "import.missing_column": "缺少这一列，应在第1行表头写上“{header}”",
        "import.column_twice": "与“{other}”列是同一列，只能保留一列",
        "import.wan_column": "金额应以元为单位，请把表头改为“{header}”并按元填写",
    },
    en={
        "import.missing_file": "File {path} not found",
        "import.not_xlsx": "{path} is not an xlsx workbook; save an old .xls or a .csv as .xlsx in Excel or WPS first",
        "import.sheet_twice": 'is the same sheet as "{other}"; keep only one',
        "import.missing_column": 'column missing; expected the header "{header}" in row 1',
        "import.column_twice": 'is the same column as "{other}"; keep only one',
        "import.wan_column": 'amounts are in yuan; name the column "{header}" and enter yuan',
    },
)
