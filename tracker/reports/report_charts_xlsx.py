"""The pace board and the charts of the xlsx report: native Excel charts over a data table.

One sheet 图表 (Charts): the pace board on top, then per project a block of weekly figures (the
charts' source cells, so a cadre can check a point or redraw it) with three charts beside it:
money received by source (stacked areas) against the budget (a line), progress against the
planned line, and labour days a week (columns).
"""

from __future__ import annotations

from models import SOURCES

from ..charts import ProjectCharts, labels
from ..i18n import t
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


def add_chart_sheet(wb, data: ReportData, sheet_name: str) -> None:
    """Add the 图表 sheet to an openpyxl workbook (see the module's docstring)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname

    if not data.pace and not data.charts:
        return
    ws = wb.create_sheet(sheet_name)
    bold = Font(bold=True)
    at = 1

    def put(values: list[object], font: Font | None = None, formats: dict[int, str] | None = None) -> int:
        nonlocal at
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=at, column=col, value=value)
            if font is not None:
                cell.font = font
            if formats and col in formats:
                cell.number_format = formats[col]
        at += 1
        return at - 1

    put([t("pace.title", data.lang)], Font(bold=True, size=13))
    head, rows = _pace_rows(data)
    put(head, bold)
    for row in rows:
        put(row, formats={2: "yyyy-mm-dd", 8: "yyyy-mm-dd"})
    ref = quote_sheetname(sheet_name)
    money_formats = {col: "#,##0.00" for col in range(2, 3 + len(SOURCES))}
    for c in data.charts:
        at += 1
        put([c.name], Font(bold=True, size=12))
        head, rows = chart_table(c, data.lang)
        first = put(head, bold)
        for row in rows:
            put(row, formats=money_formats)
        last = max(at - 1, first + 1)
        for i, chart in enumerate(build_charts(ref, first, last, data.lang)):
            ws.add_chart(chart, f"K{first + i * ROWS_PER_CHART}")
        at = max(at, first + 3 * ROWS_PER_CHART)  # the next block starts below this one's charts
    for col in range(1, 10):
        ws.column_dimensions[get_column_letter(col)].width = 13 if col > 1 else 24
    # Printed like the other sheets: A4 landscape, one page wide.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.oddFooter.center.text = "&P / &N"
