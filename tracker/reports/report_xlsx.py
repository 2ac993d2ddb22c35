"""The progress report as an Excel workbook, the form the town works in.

Amounts are numeric cells in 元 (exact Decimals from ``money.to_yuan_decimal``) with a
``#,##0.00`` format, dates are date cells, 到位率 a percent cell; every sheet has its headers
frozen and prints on A4 landscape, one page wide, with the title and headers on every page.
openpyxl is imported only when a workbook is written (it costs time at start-up).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from .. import money
from ..text_table import width
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


class SheetWriter:
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
        """The name of a named style (made on first use): ``head``, ``title``, ``line-left``,
        ``line-bold-left``, or ``<row style>-<cell kind>`` for table cells."""
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        full = f"xiumei-{name}"
        if full in self._made:
            return full
        wb = self.ws.parent
        self._made.add(full)
        if full in wb.named_styles:  # made by another sheet's writer
            return full
        thin = Side(style="thin", color="000000")
        ns = NamedStyle(name=full)
        ns.font = Font(name=FONT, size=10)
        if name == "title":
            ns.font = Font(name=FONT, size=16, bold=True)
            ns.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        elif name == "title-left":
            ns.font = Font(name=FONT, size=16, bold=True)
            ns.alignment = Alignment(horizontal="left", vertical="center")
        elif name == "spread":  # short texts that may run over the empty cells beside them
            ns.alignment = Alignment(horizontal="left", vertical="center")
        elif name.startswith("line-"):
            ns.font = Font(name=FONT, size=10, bold="-bold-" in name)
            ns.alignment = Alignment(horizontal=name.rsplit("-", 1)[1], vertical="center", wrap_text=True)
        elif name == "head":
            ns.font = Font(name=FONT, size=10, bold=True)
            ns.fill = PatternFill("solid", fgColor="D9E1F2")
            ns.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            ns.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        else:
            row_style, kind = name.rsplit("-", 1)
            ns.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if row_style in (TOTAL, SUBTOTAL):
                ns.font = Font(name=FONT, size=10, bold=True)
                ns.fill = PatternFill("solid", fgColor="F2F2F2")
            elif row_style == REVERSED:
                ns.font = Font(name=FONT, size=10, strike=True, color="808080")
            elif row_style == REVERSAL:
                ns.font = Font(name=FONT, size=10, color="C00000")
            if kind in FORMATS:
                ns.number_format = FORMATS[kind]
                ns.alignment = Alignment(vertical="center", horizontal="center" if kind == DATE else None)
            else:
                ns.alignment = Alignment(vertical="center", wrap_text=kind == "wrap")
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

    def table(self, table: Table) -> tuple[int, int]:
        head = self.header(table)
        self.body(table)
        return head

    def _fit(self, index: int, text: str, wrap: bool) -> None:
        cap = WRAP_WIDTH if wrap else MAX_WIDTH
        longest = max((width(line) for line in text.splitlines() or [""]), default=0)
        self.widths[index] = max(self.widths[index], min(cap, longest + 2))

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


def write_xlsx(data: ReportData, path: str | Path) -> Path:
    """Write the workbook: 进度汇总, 资金明细, 支出明细, 投工明细, 节点进度."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for table in data.tables:
        ws = wb.create_sheet(_sheet_name(table.title))
        sheet = SheetWriter(ws, len(table.columns))
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
        if table.key == "progress":
            # Thirty columns on one A4 page would print at a third of their size; two pages wide,
            # with 序号 and 屋场名称 repeated on the second, stay readable.
            sheet.finish(title_rows=f"1:{last}", title_cols="A:B", freeze=f"C{last + 1}", pages_wide=2)
        else:
            sheet.finish(title_rows=f"1:{last}", freeze=f"A{last + 1}")
    wb.properties.title = data.title
    wb.properties.creator = data.village.cadre_name or "xiumei"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _sheet_name(text: str) -> str:
    # Excel refuses these characters and more than 31 characters in a sheet name.
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]
