"""总览: every project's money, labour and progress as of a date, and what needs attention.

Every figure comes from ``tracker.ledger.summary`` (loaded in a thread worker); the screen only
formats. The table shows money in 万元 so all the columns fit a 120-column terminal; the panel
under it gives the highlighted project's figures in ¥ to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tracker import ledger
from tracker.i18n import register, t
from tracker.ledger import Attention, AttentionPage, Figures, Summary

from .keys import Translated
from .widgets.cells import date_text, days, pct, right, wan, yuan
from .widgets.dbthread import thread_connection
from .widgets.errors import ReportWorkerErrors
from .widgets.figures import FiguresPanel, project_heading
from .widgets.record_table import RecordTable

TOTAL_KEY = "total"
ATTENTION_PAGE = 50  # a county has tens of thousands of items: the list shows a page at a time

# Below these widths (terminal columns) the table keeps fewer columns, the rest being in the
# figures panel under it: the project's name, 到位, 到位率 and 进度 are always on screen.
NARROW, MEDIUM = 100, 120
NARROW_KEYS = ("name", "received", "rate", "progress", "overdue", "outstanding")
MEDIUM_KEYS = (*NARROW_KEYS, "budget", "spent", "balance", "labour")

# (column key, label key, right-aligned)
COLUMNS = (
    ("name", "ui.dash.col.name", False),
    ("budget", "ui.dash.col.budget", True),
    ("received", "ui.dash.col.received", True),
    ("rate", "ui.dash.col.rate", True),
    ("self_raised", "ui.dash.col.self_raised", True),
    ("donation", "ui.dash.col.donation", True),
    ("government", "ui.dash.col.government", True),
    ("collective", "ui.dash.col.collective", True),
    ("outstanding", "ui.dash.col.outstanding", True),
    ("spent", "ui.dash.col.spent", True),
    ("balance", "ui.dash.col.balance", True),
    ("labour", "ui.dash.col.labour", True),
    ("progress", "ui.dash.col.progress", True),
    ("overdue", "ui.dash.col.overdue", True),
)


def row_cells(fig: Figures, name: str, style: str = "") -> list[Text]:
    """The cells of one table row: figures exactly as the ledger has them, formatted."""
    overdue_style = "bold red" if fig.milestones_overdue else style
    balance_style = "red" if fig.balance_fen < 0 else style
    return [
        Text(name, style=style),
        right(wan(fig.budget_fen), style),
        right(wan(fig.received.total), style),
        right(pct(fig.received_rate_pct), style),
        right(wan(fig.received.self_raised), style),
        right(wan(fig.received.donation), style),
        right(wan(fig.received.government), style),
        right(wan(fig.received.collective), style),
        right(wan(fig.outstanding_pledges_fen), style),
        right(wan(fig.spent_fen), style),
        right(wan(fig.balance_fen), balance_style),
        right(days(fig.labour_days), style),
        right(pct(fig.progress_pct), style),
        right(str(fig.milestones_overdue), overdue_style),
    ]


def attention_text(item: Attention) -> str:
    when = date_text(item.date)
    if item.kind == "overdue_milestone":
        return t("ui.att.milestone", project=item.project, subject=item.subject, date=when)
    if item.kind == "late_pledge":
        return t(
            "ui.att.pledge",
            project=item.project,
            subject=item.subject,
            date=when,
            amount=yuan(item.amount_fen),
        )
    if item.kind == "open_pledge":
        return t(
            "ui.att.open_pledge",
            project=item.project,
            subject=item.subject,
            date=when,
            amount=yuan(item.amount_fen),
        )
    return t("ui.att.overspent", project=item.project, amount=yuan(item.amount_fen))


class DashboardScreen(Translated, ReportWorkerErrors, Screen):
    CSS_PATH = "dashboard.tcss"
    BINDINGS = [
        Binding("enter", "open", "key.open", show=False),
        Binding("a", "add", "key.add"),
        Binding("d", "as_of", "key.as_of"),
        Binding("slash", "search", "key.search"),
        Binding("s", "settings", "key.settings"),
        Binding("p", "pace", "key.pace"),
        Binding("c", "charts", "key.charts", show=False),  # from the pace board too (enter)
        Binding("m", "app.meeting", "key.meeting", show=False),
        Binding("left_square_bracket", "attention_page(-1)", "key.prev_page", show=False),
        Binding("right_square_bracket", "attention_page(1)", "key.next_page", show=False),
    ]

    @dataclass
    class Loaded(Message):
        summary: Summary

    @dataclass
    class AttentionLoaded(Message):
        page: AttentionPage

    def __init__(self, village_id: int | None = None) -> None:
        super().__init__()
        # In a town database: the one village shown (read-only), opened from the town's overview.
        self.village_id = village_id
        self.summary: Summary | None = None
        self.attention: list[Attention] = []  # the page shown
        self.attention_total = 0
        self.attention_offset = 0
        self.help_title = t("ui.dash.help_title")

    def compose(self) -> ComposeResult:
        yield Static(t("ui.loading"), id="title")
        yield Static(t("ui.dash.units"), id="units")
        # On a small screen the body scrolls: the attention list is below the fold, reached by Tab.
        with VerticalScroll(id="body", can_focus=False):
            table = RecordTable(id="projects")
            for key, label in self._columns():
                table.add_column(label, key=key)
            yield table
            yield FiguresPanel(id="figures")
            yield Static(t("ui.dash.attention", n=0), id="attention-title")
            yield OptionList(id="attention")
        yield Footer()

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if self._fit(event.size.width) and self.summary is not None:
            self._fill_table()
            self._show_figures()

    def _fit(self, width: int) -> bool:
        """Narrow or medium layout for ``width``; True when it changed."""
        size = "narrow" if width < NARROW else "medium" if width < MEDIUM else "wide"
        if getattr(self, "_fit_size", None) == size:
            return False
        self._fit_size = size
        self.set_class(size == "narrow", "-narrow")
        self.set_class(size != "wide", "-scroll")
        # Scrolled right, the project's name stays in view (a full-width table needs no scrolling).
        self.query_one("#projects", RecordTable).fixed_columns = 0 if size == "wide" else 1
        self.query_one("#units", Static).update(
            t("ui.dash.units_short" if size == "narrow" else "ui.dash.units")
        )
        return True

    # --- loading -----------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load(self.app.as_of)

    @work(thread=True, exclusive=True, exit_on_error=False, group="summary")
    def _load(self, as_of: pendulum.Date) -> None:
        worker = get_current_worker()
        with thread_connection():
            summary = ledger.summary(as_of, village_id=self.village_id)
            if worker.is_cancelled:
                return
            self.post_message(self.Loaded(summary))  # the table first: it is what the cadre reads
            page = ledger.attention_page(
                as_of, offset=self.attention_offset, limit=ATTENTION_PAGE, village_id=self.village_id
            )
        if not worker.is_cancelled:
            self.post_message(self.AttentionLoaded(page))

    @work(thread=True, exclusive=True, exit_on_error=False, group="attention")
    def _load_attention(self, as_of: pendulum.Date, offset: int) -> None:
        with thread_connection():
            page = ledger.attention_page(
                as_of, offset=offset, limit=ATTENTION_PAGE, village_id=self.village_id
            )
        if not get_current_worker().is_cancelled:
            self.post_message(self.AttentionLoaded(page))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        summary = self.summary = message.summary
        self.query_one("#title", Static).update(self._title(summary))

        self._fill_table()
        self._show_figures()

    @on(AttentionLoaded)
    def _show_attention(self, message: AttentionLoaded) -> None:
        page = message.page
        if not page.items and page.total and page.offset:  # the list shrank below this page
            self.attention_offset = (page.total - 1) // ATTENTION_PAGE * ATTENTION_PAGE
            self._load_attention(self.app.as_of, self.attention_offset)
            return
        self.attention, self.attention_total = page.items, page.total
        self.attention_offset = page.offset
        options = self.query_one("#attention", OptionList)
        options.clear_options()
        options.add_options(
            [Option(attention_text(item), id=str(i)) for i, item in enumerate(self.attention)]
        )
        if not self.attention:
            options.add_option(Option(t("ui.dash.nothing"), disabled=True))
        if page.total > ATTENTION_PAGE:
            title = t(
                "ui.dash.attention_paged",
                n=page.total,
                first=page.offset + 1,
                last=page.offset + len(page.items),
            )
        else:
            title = t("ui.dash.attention", n=page.total)
        self.query_one("#attention-title", Static).update(title)

    def action_attention_page(self, delta: int) -> None:
        """[ and ]: the previous or next 50 items of the attention list."""
        offset = self.attention_offset + delta * ATTENTION_PAGE
        if 0 <= offset < self.attention_total and offset != self.attention_offset:
            self.attention_offset = offset
            self._load_attention(self.app.as_of, offset)

    def _fill_table(self) -> None:
        summary = self.summary
        assert summary is not None
        table = self.query_one("#projects", RecordTable)
        keep = self._highlighted_key()
        keys = self._keys()
        shown = [i for i, (key, _, _) in enumerate(COLUMNS) if key in keys]

        def cells(fig: Figures, name: str, style: str = "") -> list[Text]:
            every = row_cells(fig, name, style)
            return [every[i] for i in shown]

        rows = [(str(fig.id), cells(fig, fig.name)) for fig in summary.projects]
        rows.append((TOTAL_KEY, cells(summary.totals, t("ui.dash.total"), "bold")))
        row_keys = [key for key, _ in rows]
        table.fill(self._columns(), rows, cursor=row_keys.index(keep) if keep in row_keys else 0)

    def _keys(self) -> tuple[str, ...]:
        size = getattr(self, "_fit_size", "wide")
        if size == "narrow":
            return NARROW_KEYS
        if size == "medium":
            return MEDIUM_KEYS
        return tuple(key for key, _, _ in COLUMNS)

    def _columns(self) -> list[tuple[str, Text]]:
        keys = self._keys()
        return [
            (key, Text(t(label), justify="right" if numeric else "left"))
            for key, label, numeric in COLUMNS
            if key in keys
        ]

    def _title(self, summary: Summary) -> Text:
        v = summary.village
        text = Text()
        if v.name:
            text.append(t("ui.dash.village", village=v.name, town=v.town, county=v.county), style="bold")
        else:
            text.append(t("ui.dash.no_village"), style="bold yellow")
        text.append("    ")
        text.append(t("ui.dash.as_of", date=date_text(summary.as_of)), style="bold")
        if summary.as_of != self.app.today:
            text.append("  " + t("ui.dash.not_today"), style="yellow")
        if not summary.projects:
            text.append("\n" + t("ui.dash.no_projects"), style="italic")
        return text

    # --- the highlighted project ---------------------------------------------------------------

    def _highlighted_key(self) -> str | None:
        table = self.query_one("#projects", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def highlighted_project_id(self) -> int | None:
        key = self._highlighted_key()
        return int(key) if key and key != TOTAL_KEY else None

    @on(DataTable.RowHighlighted, "#projects")
    def _show_figures(self) -> None:
        if self.summary is None:
            return
        pid = self.highlighted_project_id()
        fig = next((p for p in self.summary.projects if p.id == pid), None)
        panel = self.query_one("#figures", FiguresPanel)
        # Two label/value pairs a line need 120 columns; fewer would cut the amounts.
        panel.columns = 2 if getattr(self, "_fit_size", "wide") == "wide" else 1
        if fig is None:
            panel.show(self.summary.totals, t("ui.dash.total_heading", n=len(self.summary.projects)))
        else:
            panel.show(fig, project_heading(fig))

    # --- keys ----------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#projects")
    def action_open(self) -> None:
        pid = self.highlighted_project_id()
        if pid is not None:
            self.app.open_project(pid)
        elif self.summary is not None and self.summary.projects:
            self.notify(t("ui.dash.pick_project"))

    @on(OptionList.OptionSelected, "#attention")
    def _attention_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.open_project(self.attention[int(event.option.id)].project_id)

    def action_add(self) -> None:
        self.app.choose_and_add(self.highlighted_project_id())

    def action_as_of(self) -> None:
        self.app.action_as_of()

    def action_search(self) -> None:
        self.app.action_people()

    def action_settings(self) -> None:
        self.app.action_settings()

    def action_pace(self) -> None:
        self.app.action_pace()

    def action_charts(self) -> None:
        self.app.action_charts()


register(
    zh={
        "ui.dash.help_title": "总览的按键",
        "key.pace": "进度节奏",
        "key.charts": "图表",
        "key.meeting": "记会议",
        "ui.dash.village": "{village}（{county}{town}）秀美屋场",
        "ui.dash.no_village": "还没有村：按 s 打开设置填写村名，或运行 xiumei demo 装入演示数据",
        "ui.dash.as_of": "截至 {date}",
        "ui.dash.not_today": "（不是今天，按 d 更改）",
        "ui.dash.no_projects": "还没有屋场：按 a 新增屋场。",
        "ui.dash.units_short": "金额：万元。其余数字见下方明细；Tab 到“需要关注”。",
        "ui.dash.units": "金额单位：万元；投工单位：工日。待到账＝已认捐未到账，逾期＝逾期节点个数。选中一行看明细，回车打开屋场。",
        "ui.dash.col.name": "屋场",
        "ui.dash.col.budget": "预算",
        "ui.dash.col.received": "到位",
        "ui.dash.col.rate": "到位率",
        "ui.dash.col.self_raised": "群众自筹",
        "ui.dash.col.donation": "社会捐赠",
        "ui.dash.col.government": "项目资金",
        "ui.dash.col.collective": "村集体",
        "ui.dash.col.outstanding": "待到账",
        "ui.dash.col.spent": "已支出",
        "ui.dash.col.balance": "结余",
        "ui.dash.col.labour": "投工",
        "ui.dash.col.progress": "进度",
        "ui.dash.col.overdue": "逾期",
        "ui.dash.total": "合计",
        "ui.dash.total_heading": "合计（{n} 个屋场）",
        "ui.dash.attention": "需要关注（{n} 项，回车打开所在屋场）",
        "ui.dash.attention_paged": "需要关注（共 {n} 项，这里是第 {first}–{last} 项，按 [ ] 翻页，回车打开所在屋场）",
        "ui.dash.nothing": "没有逾期的节点或认捐，也没有超支的屋场。",
        "ui.dash.pick_project": "请选中一个屋场再按回车",
        "ui.att.milestone": "节点逾期：{project}「{subject}」计划 {date} 完成，至今未完成",
        "ui.att.pledge": "认捐逾期：{subject} 认捐{project}，约定 {date} 到账，尚欠 {amount}",
        "ui.att.open_pledge": "认捐未到账：{subject} {date} 认捐{project}，没有约定日期，尚欠 {amount}",
        "ui.att.overspent": "超支：{project} 已支出超过到位资金 {amount}",
    },
    en={
        "ui.dash.help_title": "Keys of the dashboard",
        "key.pace": "Pace",
        "key.charts": "Charts",
        "key.meeting": "Record a meeting",
        "ui.dash.village": "{village}, {town}, {county}: homestead projects",
        "ui.dash.no_village": "No village yet: press s to enter its name in Settings, or run xiumei demo",
        "ui.dash.as_of": "As of {date}",
        "ui.dash.not_today": "(not today; press d to change)",
        "ui.dash.no_projects": "No projects yet: press a to add one.",
        "ui.dash.units_short": "Amounts in 10,000 yuan; the rest below. Tab to Needs attention.",
        "ui.dash.units": "Amounts in 10,000 yuan; labour in work days. Received by source: Self = self-raised, "
        "Donat. = donations, Funds = project funds, Coll. = village collective. "
        "Owed = pledged, not yet received. Late = overdue milestones.",
        "ui.dash.col.name": "Project",
        "ui.dash.col.budget": "Budget",
        "ui.dash.col.received": "Received",
        "ui.dash.col.rate": "Rate",
        "ui.dash.col.self_raised": "Self",
        "ui.dash.col.donation": "Donat.",
        "ui.dash.col.government": "Funds",
        "ui.dash.col.collective": "Coll.",
        "ui.dash.col.outstanding": "Owed",
        "ui.dash.col.spent": "Spent",
        "ui.dash.col.balance": "Balance",
        "ui.dash.col.labour": "Days",
        "ui.dash.col.progress": "Progress",
        "ui.dash.col.overdue": "Late",
        "ui.dash.total": "Total",
        "ui.dash.total_heading": "Total ({n} {n|project|projects})",
        "ui.dash.attention": "Needs attention ({n}; enter opens the project)",
        "ui.dash.attention_paged": "Needs attention ({n}; showing {first}-{last}, [ ] for more; "
        "enter opens the project)",
        "ui.dash.nothing": "No overdue milestones or pledges, no project spending more than it received.",
        "ui.dash.pick_project": "Highlight a project, then press enter",
        "ui.att.milestone": 'Milestone overdue: {project} "{subject}" was due {date} and is not done',
        "ui.att.pledge": "Late pledge: {subject} for {project}, due {date}, {amount} still owed",
        "ui.att.open_pledge": "Unpaid pledge: {subject} pledged to {project} on {date}, no due date, {amount} still owed",
        "ui.att.overspent": "Overspent: {project} has spent {amount} more than it received",
    },
)
