"""Reading a workbook: open it, find each sheet's columns by their headers, and read every row's
cells into typed values, each cell that does not read a problem naming its sheet, row and column.
"""

from __future__ import annotations

import functools
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
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
    hidden_sheets: list[str] = field(default_factory=list)


# --- cells as Excel shows them ----------------------------------------------------------------

# What Excel shows in a cell whose formula failed. openpyxl reads them as text; in a name column
# they would be stored as a name, in an amount column reported as "not an amount".
ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
    | {"#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!"}
)


@dataclass(frozen=True)
class ErrorValue:
    """A cell that shows an error value (#N/A, #DIV/0! …) instead of a value."""

    text: str


@dataclass(frozen=True)
class UnsavedFormula:
    """A formula cell whose result was never saved in the file (written by a program, not Excel)."""


def load(path: Path) -> Book:
    """Every visible sheet of the format in the workbook, its columns found and its rows as shown.

    Raises UserError when the file is missing, not an xlsx workbook, or damaged (a broken zip,
    malformed XML, a cell that cannot be what it says it is); a sheet or header the format cannot
    take is a problem of the returned book.
    """
    if not path.is_file():
        raise UserError("import.missing_file", path=path)
    # Opened as a file object so a workbook saved without the .xlsx extension still reads.
    with path.open("rb") as fh:
        if fh.read(4) != b"PK\x03\x04":  # every xlsx is a zip; .xls, .csv and the rest are not
            raise UserError("import.not_xlsx", path=path)
        fh.seek(0)
        with warnings.catch_warnings():
            # openpyxl warns on stderr about what it drops (extensions, odd styles); none of it
            # is a value the import reads.
            warnings.simplefilter("ignore")
            workbook, sheets = _open(fh, path)
            try:
                return _read_book(workbook, sheets, path)
            finally:
                workbook.archive.close()


def _open(fh: Any, path: Path) -> tuple[Any, list[tuple[Any, Any]]]:
    """The workbook's parts that say what its sheets are, and its sheets (each an entry of the
    workbook and the relation to its part), without reading any sheet yet."""
    from openpyxl.reader.excel import ExcelReader  # 0.26 s to import: only when a workbook is read
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(fh, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UserError("import.damaged", path=path) from exc
    try:
        if "[Content_Types].xml" not in reader.valid_files:  # a zip, but not an Office document
            raise UserError("import.not_xlsx", path=path)
        try:
            reader.read_manifest()
            reader.read_workbook()  # raises OSError for a zip that holds no workbook: a .docx
        except OSError as exc:
            raise UserError("import.not_xlsx", path=path) from exc
        reader.read_strings()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = list(reader.parser.find_sheets())
    except UserError:
        reader.archive.close()
        raise
    except Exception as exc:  # openpyxl raises what its parsers meet: a damaged file, whatever it is
        reader.archive.close()
        raise UserError("import.damaged", path=path) from exc
    return reader, sheets


def _read_book(reader: Any, sheets: list[tuple[Any, Any]], path: Path) -> Book:
    found: dict[str, str] = {}
    result = Book([], [], [], {})
    percent_styles = _percent_styles(reader.wb)
    for entry, rel in sheets:
        title = entry.name
        if "chartsheet" in rel.Type:  # a chart on a sheet of its own holds no rows
            continue
        if entry.state in ("hidden", "veryHidden"):
            # Not what the cadre sees in Excel, so not what is imported; the result names it.
            result.hidden_sheets.append(title)
            continue
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
        try:
            cells = _sheet_cells(reader, rel.target, percent_styles)
        except Exception as exc:  # malformed XML, a bad shared-string index, text in a number cell
            raise UserError("import.damaged_sheet", path=path, sheet=title) from exc
        result.sheets.append(_read_sheet(spec, title, cells, result))
    result.sheets.sort(key=lambda s: SHEETS.index(s.spec))
    return result


def _percent_styles(workbook: Any) -> frozenset[int]:
    """The cell styles whose number format shows a percent: a 1.0 there reads as 100%."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    found = set()
    for style_id, style in enumerate(workbook._cell_styles):
        number_format = style.numFmtId or 0
        if number_format < BUILTIN_FORMATS_MAX_SIZE:
            text = BUILTIN_FORMATS.get(number_format, "")
        elif number_format - BUILTIN_FORMATS_MAX_SIZE < len(workbook._number_formats):
            text = workbook._number_formats[number_format - BUILTIN_FORMATS_MAX_SIZE]
        else:
            text = ""
        if "%" in text:
            found.add(style_id)
    return frozenset(found)


def _sheet_cells(reader: Any, part: str, percent_styles: frozenset[int]) -> dict[int, dict[int, object]]:
    """Every cell of a sheet part as Excel shows it: row -> column (from 1) -> value.

    One pass over the sheet's XML: the stored result of a formula is its value (as Excel shows
    it); a formula without one, and an error value, are marked for the row check to refuse; a
    percent is the text it shows; a merged cell's value is on every row it covers.
    """
    from openpyxl.utils.cell import range_boundaries

    workbook = reader.wb
    rows: dict[int, dict[int, object]] = {}
    with reader.archive.open(part) as source:
        parser = _parser_type()(
            source,
            reader.shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            row = rows.setdefault(number, {})
            for cell in cells:
                value = cell["value"]
                if value is None:
                    if cell.get("formula"):
                        row[cell["column"]] = UnsavedFormula()
                    continue
                if cell["data_type"] == "e" or (isinstance(value, str) and value.strip() in ERROR_VALUES):
                    value = ErrorValue(str(value).strip())
                elif cell["style_id"] in percent_styles and isinstance(value, int | float):
                    value = _percent_text(value)
                row[cell["column"]] = value
        merged = parser.merged_cells
    last = max(rows, default=0)
    for cell_range in getattr(merged, "mergeCell", ()):
        min_col, min_row, _, max_row = range_boundaries(cell_range.ref)
        value = rows.get(min_row, {}).get(min_col)
        if value is None:
            continue
        # Down a merged column the value is on every row; a row blank but for it stays blank.
        for number in range(min_row + 1, min(max_row, last) + 1):
            if number in rows:
                rows[number].setdefault(min_col, _Merged(value))
    return rows


def _percent_text(value: int | float) -> str:
    # repr gives the shortest text of the float: 0.07 is 7%, not 7.000000000000001%
    shown = (Decimal(repr(value)) * 100).normalize()
    return f"{shown:f}%"


class _Merged:
    """A value a merged cell shows on a row below its first: counted only beside other values."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


@functools.cache
def _parser_type() -> type:
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag, run_tag = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"

    class Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict:
            inline = element.find(INLINE_STRING) if element.get("t") == "inlineStr" else None
            if inline is not None:
                # Text written in the cell (as openpyxl and some programs write it): read as
                # openpyxl's Text.content reads it, the plain text and each run's, without
                # building its objects, which took a fifth of a large import.
                element.remove(inline)
                cell = super().parse_cell(element)
                runs = [inline.findtext(text_tag)] + [r.findtext(text_tag) for r in inline.iter(run_tag)]
                cell["value"], cell["data_type"] = "".join(t for t in runs if t is not None), "s"
                return cell
            cell = super().parse_cell(element)
            # Read with data_only, a formula is its stored result; one without is None, like a
            # blank cell. Only then is the formula looked for, so plain cells cost nothing more.
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["formula"] = True
            return cell

    return Parser


def _read_sheet(spec: SheetSpec, title: str, cells: dict[int, dict[int, object]], book: Book) -> Sheet:
    header_cells = cells.get(1, {})
    by_name = {name: column for column in spec.columns for name in column.names()}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored = []
    wrong_unit: set[str] = set()  # amount columns in 万元: reported as such, not as missing
    for index in sorted(header_cells):
        cell = header_cells[index]
        if not isinstance(cell, str | int | float) or not str(cell).strip():
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
    for number in sorted(cells):
        if number < 2:
            continue
        values = cells[number]
        row = {key: values.get(i) for key, i in positions.items()}
        if all(blank(v) or isinstance(v, _Merged) for v in row.values()):
            continue  # blank, or only a 序号, a merged cell's value or other unknown columns filled in
        if any(isinstance(v, str) and v.strip() == EXAMPLE_MARK for v in values.values()):
            continue
        data.append((number, {k: v.value if isinstance(v, _Merged) else v for k, v in row.items()}))
    return Sheet(spec, title, headers, data)


# --- cells to values ----------------------------------------------------------------------


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_value(column: Column, value: object, today: pendulum.Date) -> object:
    """The typed value of one cell of ``column``, or FieldError."""
    if isinstance(value, ErrorValue):
        raise FieldError(column.key, "import.error_value", {"text": value.text})
    if isinstance(value, UnsavedFormula):
        raise FieldError(column.key, "import.unsaved_formula")
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
        "import.damaged": "{path}：文件已损坏，无法读取",
        "import.damaged_sheet": "{path} 的工作表“{sheet}”：文件已损坏，无法读取",
        "import.error_value": "单元格显示错误值 {text}，请改正公式或直接填写",
        "import.unsaved_formula": "是公式，文件里没有保存计算结果；请在 Excel 或 WPS 中打开并保存后再导入",
    },
    en={
        "import.missing_file": "File {path} not found",
        "import.not_xlsx": "{path} is not an xlsx workbook; save an old .xls or a .csv as .xlsx in Excel or WPS first",
        "import.sheet_twice": 'is the same sheet as "{other}"; keep only one',
        "import.missing_column": 'column missing; expected the header "{header}" in row 1',
        "import.column_twice": 'is the same column as "{other}"; keep only one',
        "import.wan_column": 'amounts are in yuan; name the column "{header}" and enter yuan',
        "import.damaged": "{path}: the file is damaged and cannot be read",
        "import.damaged_sheet": '{path}, sheet "{sheet}": the file is damaged and cannot be read',
        "import.error_value": "the cell shows the error value {text}; correct the formula or type the value",
        "import.unsaved_formula": (
            "is a formula whose result was never saved in the file; open and save it in Excel or WPS, then import"
        ),
    },
)
