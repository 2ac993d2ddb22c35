"""The progress report as an Excel workbook, the form the town works in.

Amounts are numeric cells in 元 (exact, from integer 分) with a ``#,##0.00`` format, dates are
date cells, 到位率 a percent cell; every sheet has its headers frozen and prints on A4
landscape, one page wide, with the title and headers on every page.

The report is written by ``xlsx_stream`` (a town's workbook has millions of cells: openpyxl,
even in write-only mode, takes minutes and gigabytes there); the 公示 keeps openpyxl through
``SheetWriter``. Both take every look from ``style_for``, so the two files look alike.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from .. import money
from ..i18n import t
from ..text_table import width
from . import xlsx_stream as xs
from .report_charts_xlsx import write_chart_sheet
from .report_data import (
    DATE,
    DAYS,
    INT,
    MONEY,
    PCT,
    REVERSAL,
    REVERSED,
    SUBTOTAL,
    TOTAL,
    Column,
    ReportData,
    Table,
    display,
    value_key,
)

FORMATS = {MONEY: "#,##0.00", PCT: "0.0%", DAYS: "#,##0.0", INT: "0", DATE: "yyyy-mm-dd"}
MAX_WIDTH, WRAP_WIDTH, MIN_WIDTH = 60, 36, 5
ROW_HEIGHT = 14  # points, one line of 10-point text
FONT = "宋体"  # what Chinese offices print with; Excel elsewhere substitutes a CJK font


def cell_value(column: Column, value: object) -> object:
    """A typed report value as what an xlsx cell should hold (never a float)."""
    if value is None or isinstance(value, str):
        return value  # a label such as 合计 in a numeric column stays text
    if column.kind == MONEY:
        return money.to_yuan_decimal(value)  # type: ignore[arg-type]
    if column.kind == PCT:
        return Decimal(value).scaleb(-2)  # type: ignore[arg-type]  # 90.2 (%) -> 0.902, exactly
    if column.kind == DATE:
        d: dt.date = value  # type: ignore[assignment]
        return dt.date(d.year, d.month, d.day)  # a plain date: openpyxl knows it, pendulum's subclass aside
    return value


def style_for(name: str) -> xs.Style:
    """The look of a cell: ``head``, ``title``, ``title-left``, ``spread``, ``line-left``,
    ``line-bold-left`` (…-center, -right), or ``<row style>-<cell kind>`` for table cells."""
    base = xs.Font(FONT, 10)
    bold = xs.Font(FONT, 10, bold=True)
    if name == "title":
        return xs.Style(xs.Font(FONT, 16, bold=True), horizontal="center", vertical="center", wrap=True)
    if name == "title-left":
        return xs.Style(xs.Font(FONT, 16, bold=True), horizontal="left", vertical="center")
    if name == "spread":  # short texts that may run over the empty cells beside them
        return xs.Style(base, horizontal="left", vertical="center")
    if name.startswith("line-"):
        font = bold if "-bold-" in name else base
        return xs.Style(font, horizontal=name.rsplit("-", 1)[1], vertical="center", wrap=True)
    if name == "head":
        return xs.Style(bold, fill="D9E1F2", border=True, horizontal="center", vertical="center", wrap=True)
    row_style, kind = name.rsplit("-", 1)
    font, fill = base, ""
    if row_style in (TOTAL, SUBTOTAL):
        font, fill = bold, "F2F2F2"
    elif row_style == REVERSED:
        font = xs.Font(FONT, 10, strike=True, color="808080")
    elif row_style == REVERSAL:
        font = xs.Font(FONT, 10, color="C00000")
    if kind in FORMATS:
        return xs.Style(
            font, fill, True, FORMATS[kind], horizontal="center" if kind == DATE else "", vertical="center"
        )
    return xs.Style(font, fill, True, vertical="center", wrap=kind == "wrap")


class _TableSheet:
    """What both sheet writers share: a table is its header then its body; columns fit their text."""

    widths: list[int]

    def table(self, table: Table) -> tuple[int, int]:
        head = self.header(table)  # type: ignore[attr-defined]
        self.body(table)  # type: ignore[attr-defined]
        return head

    def _fit(self, index: int, text: str, wrap: bool) -> None:
        cap = WRAP_WIDTH if wrap else MAX_WIDTH
        longest = max((width(line) for line in text.splitlines() or [""]), default=0)
        self.widths[index] = max(self.widths[index], min(cap, longest + 2))


class SheetWriter(_TableSheet):
    """Writes titled tables down one worksheet and sizes its columns for Chinese text.

    Cells are styled through a few named styles made once per workbook: assigning a font,
    border and fill to each of thousands of cells one by one is slow in openpyxl.
    """

    def __init__(self, ws, ncols: int) -> None:
        self.ws = ws
        self.ncols = ncols
        self.row = 1
        self.widths = [MIN_WIDTH] * ncols
        self._made: set[str] = set()
        self._wrapped: list[tuple[int, list[tuple[int, str]]]] = []  # rows with wrapping text

    def style(self, name: str) -> str:
        """The name of a named style (made on first use) with the look ``style_for(name)``."""
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        full = f"xiumei-{name}"
        if full in self._made:
            return full
        wb = self.ws.parent
        self._made.add(full)
        if full in wb.named_styles:  # made by another sheet's writer
            return full
        spec = style_for(name)
        f = spec.font
        ns = NamedStyle(name=full)
        ns.font = Font(name=f.name, size=f.size, bold=f.bold, strike=f.strike, color=f.color or None)
        if spec.fill:
            ns.fill = PatternFill("solid", fgColor=spec.fill)
        if spec.border:
            thin = Side(style="thin", color="000000")
            ns.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if spec.number_format != "General":
            ns.number_format = spec.number_format
        if spec.horizontal or spec.vertical or spec.wrap:
            ns.alignment = Alignment(
                horizontal=spec.horizontal or None,
                vertical=spec.vertical or None,
                wrap_text=spec.wrap or None,
            )
        wb.add_named_style(ns)
        return full

    def merged_line(
        self,
        text: str,
        *,
        bold: bool = False,
        title: bool = False,
        align: str = "center",
        height: float | None = None,
    ) -> None:
        ws = self.ws
        cell = ws.cell(row=self.row, column=1, value=text)
        cell.style = self.style("title" if title else f"line-{'bold-' if bold else ''}{align}")
        if self.ncols > 1:
            ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.ncols)
        if height:
            ws.row_dimensions[self.row].height = height
        self.row += 1

    def title(self, text: str, *, column: int | None = None) -> None:
        """The title, merged and centred; or, from ``column`` on, unmerged and left-aligned.

        On a sheet printed two pages wide a merged title would be cut in half at the page
        break; one that starts right of the repeated columns prints whole on the first page.
        """
        if column is None:
            self.merged_line(text, title=True, height=30)
            return
        self.ws.cell(row=self.row, column=column, value=text).style = self.style("title-left")
        self.ws.row_dimensions[self.row].height = 30
        self.row += 1

    def plain_line(self, text: str, column: int = 1) -> None:
        """A line that is not merged (runs on over the empty cells beside it)."""
        self.ws.cell(row=self.row, column=column, value=text).style = self.style("spread")
        self.row += 1

    def blank(self) -> None:
        self.row += 1

    def spread(self, texts: list[str], first: int = 1, last: int | None = None) -> None:
        """A few texts spread over columns first..last (the 填报单位/填报人/填报日期 footer)."""
        step = max(1, ((last or self.ncols) - first + 1) // len(texts))
        for i, text in enumerate(texts):
            cell = self.ws.cell(row=self.row, column=first + i * step, value=text)
            cell.style = self.style("spread")
        self.row += 1

    def header(self, table: Table) -> tuple[int, int]:
        """The header rows of a table (two levels when grouped); returns (first, last) row."""
        ws, first = self.ws, self.row
        levels = 2 if table.two_level else 1
        cols = table.columns
        for i, col in enumerate(cols, start=1):
            if levels == 2 and col.group:
                ws.cell(row=first + 1, column=i, value=col.label)
                starts_run = i == 1 or cols[i - 2].group != col.group
                if starts_run:
                    end = i
                    while end < len(cols) and cols[end].group == col.group:
                        end += 1
                    ws.cell(row=first, column=i, value=col.group)
                    if end > i:
                        ws.merge_cells(start_row=first, start_column=i, end_row=first, end_column=end)
            else:
                ws.cell(row=first, column=i, value=col.label)
                if levels == 2:
                    ws.merge_cells(start_row=first, start_column=i, end_row=first + 1, end_column=i)
            self._fit(i - 1, col.label, col.wrap)
        head = self.style("head")
        for r in range(first, first + levels):
            ws.row_dimensions[r].height = 22
            for c in range(1, len(cols) + 1):
                ws.cell(row=r, column=c).style = head  # merged cells too, or their borders vanish
        self.row = first + levels
        return first, first + levels - 1

    def body(self, table: Table) -> None:
        ws = self.ws
        for row in table.rows:
            wrapped = []
            for i, (col, value) in enumerate(zip(table.columns, row.values, strict=True), start=1):
                cell = ws.cell(row=self.row, column=i, value=cell_value(col, value))
                typed = value is not None and not isinstance(value, str) and col.kind in FORMATS
                kind = col.kind if typed else ("wrap" if col.wrap else "text")
                cell.style = self.style(f"{row.style or 'plain'}-{kind}")
                if value is not None:
                    self._fit(i - 1, display(col, value), col.wrap)
                    if col.wrap:
                        wrapped.append((i - 1, display(col, value)))
            if wrapped:
                self._wrapped.append((self.row, wrapped))
            self.row += 1

    def finish(
        self,
        *,
        landscape: bool = True,
        title_rows: str | None = None,
        title_cols: str | None = None,
        freeze: str | None = None,
        pages_wide: int = 1,
    ) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.page import PageMargins

        ws = self.ws
        # openpyxl stores any text that begins with "=" as a formula; the report writes none, so
        # such a cell is a name or a note someone typed, and Excel must show it, not run it.
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
        for i, w in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        # Neither Excel nor LibreOffice grows a row for wrapped text in a file it did not lay
        # out itself, so give such rows the height of their longest cell.
        for r, cells in self._wrapped:
            lines = max(-(-width(text) // max(1, self.widths[i] - 2)) for i, text in cells)
            if lines > 1:
                ws.row_dimensions[r].height = ROW_HEIGHT * lines
        if freeze:
            ws.freeze_panes = freeze
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = pages_wide
        ws.page_setup.fitToHeight = 0  # as many pages down as it takes
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
        if title_rows:
            ws.print_title_rows = title_rows
        if title_cols:
            ws.print_title_cols = title_cols
        ws.oddFooter.center.text = "&P / &N"


class StreamSheetWriter(_TableSheet):
    """``SheetWriter``'s layout on an ``xlsx_stream`` sheet: rows are written as they come, each
    look is one style number, and a column's width is measured once per distinct value."""

    def __init__(self, book: xs.Workbook, name: str, ncols: int) -> None:
        self.book = book
        self.sheet = book.sheet(name)
        self.ncols = ncols
        self.widths = [MIN_WIDTH] * ncols
        self._ids: dict[str, int] = {}

    @property
    def row(self) -> int:
        """The number of the next row."""
        return self.sheet.rows + 1

    def _id(self, name: str) -> int:
        index = self._ids.get(name)
        if index is None:
            index = self._ids[name] = self.book.style(style_for(name))
        return index

    def _text_cell(self, column: int, text: str, style: str) -> str:
        ref = f"{xs.column_letter(column)}{self.row}"
        return f'<c r="{ref}" s="{self._id(style)}" t="inlineStr">{xs.text_xml(text)}</c>'

    def merged_line(
        self,
        text: str,
        *,
        bold: bool = False,
        title: bool = False,
        align: str = "center",
        height: float | None = None,
    ) -> None:
        cell = self._text_cell(1, text, "title" if title else f"line-{'bold-' if bold else ''}{align}")
        if self.ncols > 1:
            self.sheet.merge(self.row, 1, self.row, self.ncols)
        self.sheet.row(cell, height=height, ncols=self.ncols)

    def title(self, text: str, *, column: int | None = None) -> None:
        """As ``SheetWriter.title``: merged and centred, or unmerged from ``column`` on."""
        if column is None:
            self.merged_line(text, title=True, height=30)
            return
        self.sheet.row(self._text_cell(column, text, "title-left"), height=30, ncols=column)

    def plain_line(self, text: str, column: int = 1) -> None:
        self.sheet.row(self._text_cell(column, text, "spread"), ncols=column)

    def blank(self) -> None:
        self.sheet.row("")

    def spread(self, texts: list[str], first: int = 1, last: int | None = None) -> None:
        step = max(1, ((last or self.ncols) - first + 1) // len(texts))
        cells = "".join(self._text_cell(first + i * step, text, "spread") for i, text in enumerate(texts))
        self.sheet.row(cells, ncols=first + (len(texts) - 1) * step)

    def header(self, table: Table) -> tuple[int, int]:
        first = self.row
        levels = 2 if table.two_level else 1
        cols = table.columns
        head = self._id("head")
        grid: list[list[str | None]] = [[None] * len(cols) for _ in range(levels)]
        for i, col in enumerate(cols, start=1):
            if levels == 2 and col.group:
                grid[1][i - 1] = col.label
                if i == 1 or cols[i - 2].group != col.group:
                    end = i
                    while end < len(cols) and cols[end].group == col.group:
                        end += 1
                    grid[0][i - 1] = col.group
                    if end > i:
                        self.sheet.merge(first, i, first, end)
            else:
                grid[0][i - 1] = col.label
                if levels == 2:
                    self.sheet.merge(first, i, first + 1, i)
            self._fit(i - 1, col.label, col.wrap)
        for level in grid:  # every header cell styled, merged ones too, or their borders vanish
            r = self.row
            cells = "".join(
                f'<c r="{xs.column_letter(c)}{r}" s="{head}"/>'
                if text is None
                else f'<c r="{xs.column_letter(c)}{r}" s="{head}" t="inlineStr">{xs.text_xml(text)}</c>'
                for c, text in enumerate(level, start=1)
            )
            self.sheet.row(cells, height=22, ncols=len(cols))
        return first, first + levels - 1

    def body(self, table: Table) -> None:
        cols = table.columns
        n = len(cols)
        letters = [xs.column_letter(i) for i in range(1, n + 1)]
        number = [_NUMBER.get(c.kind) for c in cols]
        wraps = [c.wrap for c in cols]
        caps = [WRAP_WIDTH if c.wrap else MAX_WIDTH for c in cols]
        # Widths without measuring every cell: a text's width once per distinct text; the widest
        # amount or count is that of the largest or the most negative, so only those two are kept.
        texts: dict[str, tuple[str, int]] = {}  # text -> (cell body, width of its longest line)
        extremes: list[list] = [[None, None] for _ in cols]  # (smallest, largest) int per column
        measured: list[dict[object, int]] = [{} for _ in cols]  # other typed values -> width
        styles: dict[str, tuple[list[int], list[int]]] = {}
        widths = self.widths
        sheet = self.sheet
        for row in table.rows:
            ids = styles.get(row.style)
            if ids is None:
                prefix = row.style or "plain"
                ids = styles[row.style] = (
                    [self._id(f"{prefix}-{'wrap' if c.wrap else 'text'}") for c in cols],
                    [self._id(f"{prefix}-{c.kind}") if c.kind in FORMATS else 0 for c in cols],
                )
            plain_ids, typed_ids = ids
            r = sheet.rows + 1
            parts = []
            wrapped = None
            for i, value in enumerate(row.values):
                if value is None or value == "":  # an empty text is an empty cell, as openpyxl writes it
                    parts.append(f'<c r="{letters[i]}{r}" s="{plain_ids[i]}"/>')
                    continue
                cls = value.__class__
                if cls is str or number[i] is None:
                    text = value if cls is str else display(cols[i], value)
                    known = texts.get(text)
                    if known is None:
                        longest = max((width(line) for line in text.splitlines() or [""]), default=0)
                        known = texts[text] = (xs.text_xml(text), longest)
                    parts.append(f'<c r="{letters[i]}{r}" s="{plain_ids[i]}" t="inlineStr">{known[0]}</c>')
                    w = known[1] + 2
                    if w > widths[i]:
                        widths[i] = min(caps[i], w)
                    if wraps[i] and text:
                        wrapped = wrapped or []
                        wrapped.append((i, text))
                    continue
                parts.append(f'<c r="{letters[i]}{r}" s="{typed_ids[i]}"><v>{number[i](value)}</v></c>')
                if cls is int:
                    low, high = extremes[i]
                    if high is None or value > high:
                        extremes[i][1] = value
                    if low is None or value < low:
                        extremes[i][0] = value
                else:
                    key = value_key(value)
                    w = measured[i].get(key)
                    if w is None:
                        w = measured[i][key] = width(display(cols[i], value)) + 2
                    if w > widths[i]:
                        widths[i] = min(caps[i], w)
            sheet.row("".join(parts), ncols=n, later=self._height(wrapped) if wrapped else None)
        for i, (low, high) in enumerate(extremes):
            for value in (low, high):
                if value is not None:
                    widths[i] = max(widths[i], min(caps[i], width(display(cols[i], value)) + 2))

    def _height(self, cells: list[tuple[int, str]]):
        # Neither Excel nor LibreOffice grows a row for wrapped text in a file it did not lay
        # out itself, so such a row gets the height of its longest cell at the final widths.
        def height(_sheet: xs.Sheet) -> float | None:
            lines = max(-(-width(text) // max(1, self.widths[i] - 2)) for i, text in cells)
            return ROW_HEIGHT * lines if lines > 1 else None

        return height

    def finish(
        self,
        *,
        landscape: bool = True,
        title_rows: str | None = None,
        title_cols: str | None = None,
        freeze: str | None = None,
        pages_wide: int = 1,
    ) -> None:
        sheet = self.sheet
        sheet.widths = {i: w for i, w in enumerate(self.widths, start=1)}
        sheet.freeze = freeze
        sheet.landscape = landscape
        sheet.fit_width = pages_wide
        if title_rows:
            sheet.print_rows = "$" + title_rows.replace(":", ":$")
        if title_cols:
            sheet.print_cols = "$" + title_cols.replace(":", ":$")


def _yuan(fen: int) -> str:
    """分 as the exact number of 元 a cell holds: 123450 -> 1234.5."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    if not cents:
        return f"{sign}{yuan}"
    return f"{sign}{yuan}.{cents:02d}".rstrip("0")


def _decimal(value) -> str:
    return f"{Decimal(value):f}"


def _percent(value) -> str:
    return f"{Decimal(value).scaleb(-2):f}"  # 90.2 (%) -> 0.902, exactly


# How a typed value of each kind becomes the number in a cell (never through a float).
_NUMBER = {MONEY: _yuan, PCT: _percent, DATE: xs.date_serial, DAYS: _decimal, INT: _decimal}


def write_xlsx(data: ReportData, path: str | Path) -> Path:
    """Write the workbook: 进度汇总, 资金明细, 支出明细, 投工明细, 节点进度."""
    path = Path(path)
    book = xs.Workbook(path)
    for table in data.tables:
        sheet = StreamSheetWriter(book, _sheet_name(table.title), len(table.columns))
        if table.key == "progress":
            sheet.title(data.title, column=3)
            sheet.plain_line(data.subtitle_for(table), column=3)
        else:
            sheet.title(table.heading)
            sheet.merged_line(data.subtitle_for(table), align="left")
        first, last = sheet.table(table)
        for note in table.notes:
            sheet.merged_line(note, align="left")
        if table.key == "progress":
            sheet.blank()
            # On the first printed page, right of the repeated columns (see finish below).
            last_col = len(table.parts[0]) if table.parts else None
            sheet.spread(
                [f"{k}：{v}" if data.lang == "zh" else f"{k}: {v}" for k, v in data.footer],
                first=3,
                last=last_col,
            )
            # Thirty columns on one A4 page would print at a third of their size; two pages wide,
            # with 序号 and 屋场名称 repeated on the second, stay readable.
            sheet.finish(title_rows=f"1:{last}", title_cols="A:B", freeze=f"C{last + 1}", pages_wide=2)
        else:
            sheet.finish(title_rows=f"1:{last}", freeze=f"A{last + 1}")
    write_chart_sheet(book, data, _sheet_name(t("chart.title", data.lang)))
    book.title = data.title
    book.creator = data.village.cadre_name or "xiumei"
    return book.close()


def _sheet_name(text: str) -> str:
    # Excel refuses these characters and more than 31 characters in a sheet name.
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]
