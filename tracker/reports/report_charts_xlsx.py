"""The pace board and the charts of the xlsx report: native Excel charts over a data table.

One sheet 图表 (Charts): the pace board on top, then per project a block of weekly figures (the
charts' source cells, so a cadre can check a point or redraw it) with three charts beside it:
money received by source (stacked areas) against the budget (a line), progress against the
planned line, and labour days a week (columns).
"""

from __future__ import annotations

import datetime as dt

from models import SOURCES

from ..charts import ProjectCharts, labels
from ..i18n import t
from . import xlsx_stream as xs
from .report_data import ReportData

CHART_WIDTH_CM = 16
CHART_HEIGHT_CM = 7.5
ROWS_PER_CHART = 16  # the rows a chart of CHART_HEIGHT_CM covers at the default row height


def _pace_rows(data: ReportData) -> tuple[list[str], list[list[object]]]:
    lang = data.lang
    head = [
        t(f"pace.col.{k}", lang)
        for k in (
            "project",
            "planned_end",
            "days_left",
            "progress",
            "planned",
            "recent",
            "needed",
            "expected",
            "verdict",
        )
    ]
    rows = []
    for p in data.pace:
        rows.append(
            [
                p.name,
                p.planned_end,
                p.days_left,
                float(p.progress_pct),
                float(p.planned_pct_today),
                float(p.pct_per_week_recent),
                None if p.pct_per_week_needed is None else float(p.pct_per_week_needed),
                p.expected_finish,
                p.verdict_text(lang),
            ]
        )
    return head, rows


def chart_table(c: ProjectCharts, lang: str) -> tuple[list[str], list[list[object]]]:
    """The weekly figures of one project as a header and rows (yuan, percent, days)."""
    lb = labels(lang)
    head = [
        lb["week"],
        *(lb[s] for s in SOURCES),
        lb["budget"],
        lb["actual"],
        lb["planned"],
        lb["labour"],
    ]
    rows = []
    for i, week in enumerate(c.weeks):
        rows.append(
            [
                week.isoformat(),
                *(c.received_fen[s][i] / 100 for s in SOURCES),
                c.budget_fen / 100,
                c.progress_pct[i],
                c.planned_pct[i],
                c.labour_days[i],
            ]
        )
    return head, rows


def build_charts(sheet_ref: str, first_row: int, last_row: int, lang: str):
    """The three openpyxl charts of one project block whose header is ``first_row``: money
    (columns B–E stacked, F budget), progress (G actual, H planned), labour (I)."""
    from openpyxl.chart import AreaChart, BarChart, LineChart, Reference
    from openpyxl.utils import get_column_letter

    lb = labels(lang)

    def ref(col: int, with_header: bool = True) -> Reference:
        letter = get_column_letter(col)
        top = first_row if with_header else first_row + 1
        return Reference(range_string=f"{sheet_ref}!${letter}${top}:${letter}${last_row}")

    cats = ref(1, with_header=False)

    money = AreaChart()
    money.grouping = "stacked"
    money.title = lb["money"]
    money.y_axis.title = lb["yuan"]
    for col in range(2, 2 + len(SOURCES)):
        money.add_data(ref(col), titles_from_data=True)
    money.set_categories(cats)
    budget = LineChart()
    budget.add_data(ref(2 + len(SOURCES)), titles_from_data=True)
    budget.set_categories(cats)
    money += budget

    progress = LineChart()
    progress.title = lb["progress"]
    progress.y_axis.title = lb["pct"]
    progress.y_axis.scaling.min = 0
    progress.y_axis.scaling.max = 100
    for col in (7, 8):
        progress.add_data(ref(col), titles_from_data=True)
    progress.set_categories(cats)

    labour = BarChart()
    labour.type = "col"
    labour.title = lb["labour"]
    labour.y_axis.title = lb["days"]
    labour.add_data(ref(9), titles_from_data=True)
    labour.set_categories(cats)
    labour.legend = None

    # The weeks are text: a numeric reference would show them as 1, 2, 3 in Excel.
    from openpyxl.chart.data_source import AxDataSource, StrRef

    for chart in (money, budget, progress, labour):
        for series in chart.series:
            series.cat = AxDataSource(strRef=StrRef(f=str(cats)))
    for chart in (money, progress, labour):
        chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
        # Excel hides the axes of a chart openpyxl writes unless told to show them.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
    return money, progress, labour


def _cell(ref: str, value: object, style: int) -> str:
    if value is None:
        return ""
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        return f'<c r="{ref}"{s} t="inlineStr">{xs.text_xml(value)}</c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s}><v>{xs.date_serial(value)}</v></c>'
    return (
        f'<c r="{ref}"{s}><v>{value!r}</v></c>'
        if isinstance(value, float)
        else f'<c r="{ref}"{s}><v>{value}</v></c>'
    )


def write_chart_sheet(book: xs.Workbook, data: ReportData, sheet_name: str) -> None:
    """Add the 图表 sheet to a streamed workbook (see the module's docstring): its cells as rows,
    its charts as a drawing part and one chart part each, written with openpyxl's serialisers."""
    if not data.pace and not data.charts:
        return
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.xml.functions import tostring

    sheet = book.sheet(sheet_name)
    plain = 0
    bold = book.style(xs.Style(font=xs.Font(bold=True)))
    title = book.style(xs.Style(font=xs.Font(bold=True, size=13)))
    date = book.style(xs.Style(number_format="yyyy-mm-dd"))
    yuan = book.style(xs.Style(number_format="#,##0.00"))

    def put(values: list[object], styles: dict[int, int] | int = plain) -> int:
        n = sheet.rows + 1
        cells = "".join(
            _cell(
                f"{xs.column_letter(col)}{n}",
                v,
                styles if isinstance(styles, int) else styles.get(col, plain),
            )
            for col, v in enumerate(values, start=1)
        )
        return sheet.row(cells, ncols=max(len(values), 1))

    put([t("pace.title", data.lang)], title)
    head, rows = _pace_rows(data)
    put(head, bold)
    for row in rows:
        put(row, {2: date, 8: date})
    ref = "'" + sheet_name.replace("'", "''") + "'"
    money_styles = {col: yuan for col in range(2, 3 + len(SOURCES))}
    drawing = SpreadsheetDrawing()
    for c in data.charts:
        put([])
        put([c.name], title)
        head, rows = chart_table(c, data.lang)
        first = put(head, bold)
        for row in rows:
            put(row, money_styles)
        last = max(sheet.rows, first + 1)
        for i, chart in enumerate(build_charts(ref, first, last, data.lang)):
            chart.anchor = f"K{first + i * ROWS_PER_CHART}"
            drawing.charts.append(chart)
        while sheet.rows < first + 3 * ROWS_PER_CHART - 1:  # the next block starts below the charts
            put([])
    sheet.widths.update({1: 24, **{col: 13 for col in range(2, 10)}})
    sheet.fit_width = 1
    if drawing.charts:
        # Numbered after the sheet, so a workbook with charts on more sheets never reuses a name.
        drawing._id = sheet.number
        first_chart = sum(1 for name, _ in book._parts if name.startswith("xl/charts/")) + 1
        for i, chart in enumerate(drawing.charts):
            chart._id = first_chart + i
        book.add_part(drawing.path[1:], tostring(drawing._write()), drawing.mime_type)
        book.add_part(get_rels_path(drawing.path)[1:], tostring(drawing._write_rels()), "")
        for chart in drawing.charts:
            book.add_part(chart.path[1:], tostring(chart._write()), chart.mime_type)
        sheet.drawing = drawing.path[1:]
