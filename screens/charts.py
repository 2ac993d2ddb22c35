"""图表 and 进度节奏: a project's charts drawn in the terminal, and the pace board of every project.

The figures come from ``tracker.charts`` and ``tracker.pace`` (the same the reports draw); the
charts are drawn with textual-plotext. Keys: 1 money, 2 progress, 3 labour; [ and ] the previous
and next project.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual_plotext import PlotextPlot

from models import SOURCES
from tracker import charts, listings, pace
from tracker.i18n import register, t

from .keys import Translated

CHARTS = ("money", "progress", "labour")
# plotext's colour names that rich spells otherwise.
RICH_COLOURS = {"orange": "dark_orange", "gray": "grey50"}
SOURCE_COLOURS = {"self_raised": "blue", "donation": "orange", "government": "green", "collective": "yellow"}


def pace_line(p: pace.Pace) -> str:
    return p.line()


class ChartsScreen(Translated, Screen):
    DEFAULT_CSS = """
    ChartsScreen #chart-title { padding: 0 1; text-style: bold; }
    ChartsScreen #chart-pace { padding: 0 1; color: $text-muted; }
    ChartsScreen PlotextPlot { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("1", "show('money')", "key.chart.money"),
        Binding("2", "show('progress')", "key.chart.progress"),
        Binding("3", "show('labour')", "key.chart.labour"),
        Binding("left_square_bracket", "step(-1)", "key.chart.prev"),
        Binding("right_square_bracket", "step(1)", "key.chart.next"),
    ]

    def __init__(self, project_id: int | None = None) -> None:
        super().__init__()
        self.projects = [pid for pid, _name, _group in listings.projects()]
        self.project_id = project_id if project_id in self.projects else (self.projects or [None])[0]
        self.chart = "money"
        self.help_title = t("ui.chart.help_title")

    def compose(self) -> ComposeResult:
        yield Static("", id="chart-title")
        yield Static("", id="chart-pace")
        yield Static("", id="chart-legend")
        yield PlotextPlot(id="plot")
        yield Footer()

    def on_mount(self) -> None:
        self.draw()

    def on_screen_resume(self) -> None:
        self.draw()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_show(self, chart: str) -> None:
        self.chart = chart
        self.draw()

    def action_step(self, delta: int) -> None:
        if self.projects and self.project_id is not None:
            i = (self.projects.index(self.project_id) + delta) % len(self.projects)
            self.project_id = self.projects[i]
            self.draw()

    def draw(self) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        title = self.query_one("#chart-title", Static)
        if self.project_id is None:
            title.update(t("chart.none"))
            plot.refresh()
            return
        as_of = self.app.as_of
        data = charts.charts_of(self.project_id, as_of)
        if data is None:
            title.update(t("chart.none"))
            plot.refresh()
            return
        lb = charts.labels()
        n = len(self.projects)
        title.update(
            t(
                "ui.chart.title",
                name=data.name,
                chart=lb[self.chart],
                i=self.projects.index(self.project_id) + 1,
                n=n,
                date=as_of.isoformat(),
            )
        )
        board = pace.board(as_of, self.project_id)
        self.query_one("#chart-pace", Static).update(pace_line(board[0]) if board else t("ui.pace.no_end"))
        xs = list(range(1, len(data.weeks) + 1))
        step = max(1, len(xs) // 8)
        # Chinese is drawn two cells wide but plotext counts one: every text inside the plot stays
        # ASCII (ticks), and the legend and units are a line of their own above it.
        legend: list[tuple[str, str]] = []
        if self.chart == "money":
            unit = t("ui.chart.wan")
            for s in SOURCES:
                plt.plot(xs, [v / 1_000_000 for v in data.received_fen[s]], color=SOURCE_COLOURS[s])
                legend.append((lb[s], SOURCE_COLOURS[s]))
            plt.plot(xs, [v / 1_000_000 for v in data.received_total_fen], color="white", marker="braille")
            legend.append((lb["received"], "white"))
            plt.hline(data.budget_fen / 1_000_000, color="red")
            legend.append((lb["budget"], "red"))
            top = max([data.budget_fen, *data.received_total_fen, 100]) / 1_000_000
            plt.ylim(0, top * 1.05)
        elif self.chart == "progress":
            unit = "%"
            plt.ylim(0, 100)
            plt.plot(xs, data.progress_pct, color="cyan", marker="braille")
            legend.append((lb["actual"], "cyan"))
            planned = [(x, v) for x, v in zip(xs, data.planned_pct, strict=True) if v is not None]
            if planned:
                plt.plot([x for x, _ in planned], [v for _, v in planned], color="gray")
                legend.append((lb["planned"], "gray"))
        else:
            unit = lb["days"]
            plt.bar(xs, data.labour_days, color="green", width=0.6)
            plt.ylim(0, max([*data.labour_days, 1]) * 1.1)
            legend.append((lb["labour"], "green"))
        plt.xticks(xs[::step], [f"{w.month}/{w.day}" for w in data.weeks][::step])
        text = Text(f" {t('ui.chart.unit', unit=unit)}   ")
        for name, colour in legend:
            text.append("■ ", style=RICH_COLOURS.get(colour, colour))
            text.append(f"{name}  ")
        self.query_one("#chart-legend", Static).update(text)
        plot.refresh()


class PaceScreen(Translated, Screen):
    """进度节奏: every project with a planned end, against its straight line and its deadline."""

    DEFAULT_CSS = """
    PaceScreen #pace-title { padding: 0 1; text-style: bold; }
    PaceScreen #pace-help { padding: 0 1; color: $text-muted; }
    PaceScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("enter", "charts", "key.chart.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.help_title = t("ui.pace.help_title")
        self.rows: list[pace.Pace] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="pace-title")
        yield Static(t("ui.pace.help"), id="pace-help")
        yield DataTable(id="pace", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        as_of = self.app.as_of
        self.query_one("#pace-title", Static).update(t("ui.pace.title", date=as_of.isoformat()))
        table = self.query_one(DataTable)
        for key in (
            "project",
            "planned_end",
            "days_left",
            "progress",
            "planned",
            "recent",
            "needed",
            "verdict",
        ):
            table.add_column(t(f"pace.col.{key}"), key=key)
        self.rows = pace.board(as_of)
        for p in self.rows:
            style = {"on_track": "green", "behind": "yellow", "cannot_finish": "bold red"}.get(p.verdict, "")
            table.add_row(
                p.name,
                p.planned_end.isoformat(),
                Text(str(p.days_left), justify="right"),
                Text(f"{p.progress_pct}", justify="right"),
                Text(f"{p.planned_pct_today}", justify="right"),
                Text(f"{p.pct_per_week_recent}", justify="right"),
                Text("—" if p.pct_per_week_needed is None else f"{p.pct_per_week_needed}", justify="right"),
                Text(p.verdict_text(), style=style),
                key=str(p.project_id),
            )
        if not self.rows:
            self.query_one("#pace-help", Static).update(t("ui.pace.none"))

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(DataTable.RowSelected, "#pace")
    def action_charts(self) -> None:
        table = self.query_one(DataTable)
        if self.rows:
            self.app.push_screen(ChartsScreen(self.rows[table.cursor_row].project_id))


register(
    zh={
        "key.chart.money": "资金图",
        "key.chart.progress": "进度图",
        "key.chart.labour": "投工图",
        "key.chart.prev": "上一个屋场",
        "key.chart.next": "下一个屋场",
        "key.chart.open": "看图表",
        "ui.chart.help_title": "图表的按键",
        "ui.chart.title": "{name}：{chart}（屋场 {i}/{n}，截至 {date}）",
        "ui.chart.wan": "万元",
        "ui.chart.unit": "单位：{unit}",
        "ui.pace.no_end": "这个屋场没有计划完工日期，无法判断进度节奏",
        "ui.pace.help_title": "进度节奏的按键",
        "ui.pace.title": "进度节奏（截至 {date}）",
        "ui.pace.help": "计划线：从开工 0% 到计划完工 100% 的直线；近4周速度与按期完工所需速度，单位：%/周。回车看图表。",
        "ui.pace.none": "没有填写计划完工日期的屋场。",
    },
    en={
        "key.chart.money": "Money",
        "key.chart.progress": "Progress",
        "key.chart.labour": "Labour",
        "key.chart.prev": "Previous project",
        "key.chart.next": "Next project",
        "key.chart.open": "Charts",
        "ui.chart.help_title": "Keys of the charts",
        "ui.chart.title": "{name}: {chart} (project {i}/{n}, as of {date})",
        "ui.chart.wan": "10,000 yuan",
        "ui.chart.unit": "Unit: {unit}",
        "ui.pace.no_end": "This project has no planned completion date: no pace to judge",
        "ui.pace.help_title": "Keys of the pace board",
        "ui.pace.title": "Pace (as of {date})",
        "ui.pace.help": "The planned line runs from 0% at the start to 100% at the planned end; paces in %/week. "
        "Enter shows the charts.",
        "ui.pace.none": "No project has a planned completion date.",
    },
)
