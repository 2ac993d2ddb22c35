"""各村总览: a town's (or county's) villages side by side, from the bundles they sent.

Every figure is ``tracker.exchange.town_ledger.town_summary``'s (loaded in a thread worker).
The clerk picks the order (``o``: 到位率, 进度, 逾期, 最近报送); a village that has not sent for
more than a week is marked. Enter opens that village's dashboard, read-only (a town keeps no
forms); ``i`` receives bundles after showing the dry run; ``e`` writes the town report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pendulum
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from tracker import prefs
from tracker.exchange import messages as _messages  # noqa: F401  (the town's labels)
from tracker.exchange.town_ledger import LATE_DAYS, TownSummary, VillageFigures, town_summary
from tracker.i18n import register, t

from .dashboard import DashboardScreen
from .keys import Translated
from .widgets.cells import date_text, days, pct, right, wan
from .widgets.dbthread import thread_connection
from .widgets.errors import ReportWorkerErrors
from .widgets.record_table import RecordTable

SORTS = ("received_rate", "progress", "overdue", "last_sent")
TOTAL_KEY = "total"
COLUMNS = (
    ("name", "ui.town.col.name", False),
    ("projects", "ui.town.col.projects", True),
    ("budget", "ui.dash.col.budget", True),
    ("received", "ui.dash.col.received", True),
    ("rate", "ui.dash.col.rate", True),
    ("spent", "ui.dash.col.spent", True),
    ("labour", "ui.dash.col.labour", True),
    ("progress", "ui.dash.col.progress", True),
    ("overdue", "ui.dash.col.overdue", True),
    ("last_sent", "ui.town.col.last_sent", True),
    ("late", "ui.town.col.late", False),
)


def village_cells(v: VillageFigures | None, summary: TownSummary) -> list[Text]:
    fig = v.figures if v is not None else summary.totals
    style = "" if v is not None else "bold"
    late = v is not None and v.late
    return [
        Text(v.name if v else t("ui.dash.total"), style=style),
        right(str(v.projects if v else summary.projects), style),
        right(wan(fig.budget_fen), style),
        right(wan(fig.received.total), style),
        right(pct(fig.received_rate_pct), style),
        right(wan(fig.spent_fen), style),
        right(days(fig.labour_days), style),
        right(pct(fig.progress_pct), style),
        right(str(fig.milestones_overdue), "bold red" if fig.milestones_overdue else style),
        right(date_text(v.last_sent) if v else "", "bold red" if late else style),
        Text(t("town.late", days=LATE_DAYS) if late else "", style="bold red"),
    ]


class TownDashboardScreen(Translated, ReportWorkerErrors, Screen):
    CSS_PATH = "town_dashboard.tcss"
    BINDINGS = [
        Binding("enter", "open", "key.open", show=False),
        Binding("o", "sort", "key.town.sort"),
        Binding("i", "receive", "key.town.receive"),
        Binding("e", "export", "key.town.export"),
        Binding("d", "as_of", "key.as_of"),
    ]

    @dataclass
    class Loaded(Message):
        summary: TownSummary

    def __init__(self) -> None:
        super().__init__()
        self.summary: TownSummary | None = None
        self.sort = SORTS[0]
        self.help_title = t("ui.town.help_title")

    def compose(self) -> ComposeResult:
        yield Static(t("ui.loading"), id="title")
        yield Static("", id="sort")
        table = RecordTable(id="villages")
        for key, label in self._columns():
            table.add_column(label, key=key)
        yield table
        yield Static(t("ui.town.hint"), id="hint")
        yield Footer()

    @staticmethod
    def _columns() -> list[tuple[str, Text]]:
        return [(k, Text(t(label), justify="right" if num else "left")) for k, label, num in COLUMNS]

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        # The town's own view is each village at its latest bundle; a date picked with d asks
        # every village for that date instead.
        as_of = None if self.app.as_of == self.app.today else self.app.as_of
        self._load(as_of, self.app.today)

    @work(thread=True, exclusive=True, exit_on_error=False, group="town")
    def _load(self, as_of: pendulum.Date | None, today: pendulum.Date) -> None:
        with thread_connection():
            summary = town_summary(as_of, today)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(summary))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        summary = self.summary = message.summary
        self.query_one("#title", Static).update(self._title(summary))
        self.query_one("#sort", Static).update(
            t("ui.town.sorted", order=t(f"ui.town.sort.{self.sort}"), n=len(summary.villages))
        )
        rows = [(str(v.id), village_cells(v, summary)) for v in summary.sorted_by(self.sort)]
        rows.append((TOTAL_KEY, village_cells(None, summary)))
        table = self.query_one("#villages", RecordTable)
        keep = self.highlighted_village_id()
        keys = [k for k, _ in rows]
        table.fill(self._columns(), rows, cursor=keys.index(str(keep)) if str(keep) in keys else 0)

    def _title(self, summary: TownSummary) -> Text:
        text = Text(t("ui.town.title", town=summary.town, county=summary.county), style="bold")
        text.append("    ")
        when = t("ui.dash.as_of", date=date_text(summary.as_of)) if summary.as_of else t("town.as_of_own")
        text.append(when, style="bold")
        if not summary.villages:
            text.append("\n" + t("ui.town.empty"), style="italic")
        return text

    def highlighted_village_id(self) -> int | None:
        table = self.query_one("#villages", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value and row_key.value != TOTAL_KEY else None

    # --- keys ----------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#villages")
    def action_open(self) -> None:
        vid = self.highlighted_village_id()
        if vid is not None:
            self.app.push_screen(DashboardScreen(village_id=vid))

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.summary is not None:
            self._show(self.Loaded(self.summary))

    def action_as_of(self) -> None:
        self.app.action_as_of()

    def action_receive(self) -> None:
        self.app.push_screen(ReceiveScreen(), lambda _: self.reload())

    def action_export(self) -> None:
        if self.summary is not None:
            self._export(self.summary, prefs.export_folder())

    @work(thread=True, exit_on_error=False, group="export")
    def _export(self, summary: TownSummary, folder: Path) -> None:
        from tracker.exchange import town_report

        with thread_connection():
            data = town_report.build(summary)
            path = town_report.write(data, "xlsx", folder / town_report.default_name(summary, "xlsx"))
        self.app.call_from_thread(self.notify, t("town.report_done", path=path))


class ReceiveScreen(Translated, ModalScreen[bool]):
    """收入报送: the file(s) to receive, the dry run of what they would change, then confirm."""

    CSS_PATH = "town_dashboard.tcss"
    BINDINGS = [Binding("escape", "cancel", "key.back")]

    def __init__(self) -> None:
        super().__init__()
        self.checked: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("ui.recv.title"), id="recv-title")
        yield Input(placeholder=t("ui.recv.placeholder"), id="recv-files")
        yield Static("", id="recv-plan")
        with Horizontal(id="recv-buttons"):
            yield Button(t("ui.recv.check"), id="recv-check", variant="primary")
            yield Button(t("ui.recv.confirm"), id="recv-confirm", variant="success", disabled=True)
            yield Button(t("ui.recv.cancel"), id="recv-cancel")

    def _files(self) -> list[str]:
        text = self.query_one("#recv-files", Input).value
        return [p.strip().strip('"') for p in text.split(";") if p.strip()]

    @on(Input.Submitted, "#recv-files")
    @on(Button.Pressed, "#recv-check")
    def _check(self) -> None:
        files = self._files()
        if files:
            self.query_one("#recv-plan", Static).update(t("ui.recv.checking"))
            self._run(files, dry_run=True)

    @on(Button.Pressed, "#recv-confirm")
    def _confirm(self) -> None:
        if self.checked:
            self._run(self.checked, dry_run=False)

    @on(Button.Pressed, "#recv-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="receive")
    def _run(self, files: list[str], dry_run: bool) -> None:
        from tracker.exchange.receive import receive_data

        lines: list[tuple[str, bool]] = []
        ok = 0
        with thread_connection():
            for name in files:
                try:
                    data = Path(name).read_bytes()
                except OSError as exc:
                    lines.append((t("bundle.unreadable", file=name, detail=exc.strerror or exc), True))
                    continue
                for outcome in receive_data(data, Path(name).name, dry_run=dry_run):
                    if outcome.error is not None:
                        lines.append((outcome.error.message(), True))
                        continue
                    ok += 1
                    plan = outcome.plan
                    added, changed, removed = plan.totals()
                    names = {"village": plan.village_name, "as_of": plan.as_of}
                    if plan.outcome == "unchanged":
                        key = "recv.dry_unchanged" if dry_run else "recv.unchanged"
                        lines.append((t(key, **names).strip(), False))
                    else:
                        key = "recv.dry_village" if dry_run else "recv.added"
                        counts = {"added": added, "changed": changed, "removed": removed}
                        lines.append((t(key, **names, **counts).strip(), False))
        self.app.call_from_thread(self._shown, files, lines, dry_run, ok)

    def _shown(self, files: list[str], lines: list[tuple[str, bool]], dry_run: bool, ok: int) -> None:
        text = Text()
        for line, bad in lines:
            text.append(line + "\n", style="bold red" if bad else "")
        if dry_run:
            text.append(t("ui.recv.confirm_hint") if ok else t("ui.recv.nothing"), style="italic")
            self.checked = files if ok else None
            self.query_one("#recv-confirm", Button).disabled = not ok
        else:
            self.checked = None
            self.query_one("#recv-confirm", Button).disabled = True
            self.notify(t("ui.recv.done"))
        self.query_one("#recv-plan", Static).update(text)


register(
    zh={
        "ui.town.help_title": "各村总览的按键",
        "ui.town.title": "{county}{town}各村秀美屋场",
        "ui.town.empty": "还没有收到村里的报送：按 i 收入报送文件。",
        "ui.town.sorted": "共 {n} 个村，按{order}排序（按 o 换排序）；金额单位：万元，投工单位：工日",
        "ui.town.sort.received_rate": "到位率",
        "ui.town.sort.progress": "进度",
        "ui.town.sort.overdue": "逾期",
        "ui.town.sort.last_sent": "最近报送",
        "ui.town.hint": "回车打开该村总览（只读）；i 收入报送；e 写出全镇汇总表；d 改截至日期。",
        "ui.town.col.name": "村",
        "ui.town.col.projects": "屋场",
        "ui.town.col.last_sent": "最近报送",
        "ui.town.col.late": "报送情况",
        "ui.town.read_only": "镇（县）的数据库里各村的记录只读：请在村里录入，再报送",
        "key.town.sort": "排序",
        "key.town.receive": "收入报送",
        "key.town.export": "写出汇总表",
        "ui.recv.title": "收入报送文件（多个文件用 ; 隔开）：先检查，看清将新增、修改和删除什么，再确认收入",
        "ui.recv.placeholder": "报送文件路径，如 D:\\报送\\桐柏村_2026-11-30.xiumei",
        "ui.recv.check": "检查",
        "ui.recv.confirm": "确认收入",
        "ui.recv.cancel": "取消",
        "ui.recv.checking": "正在检查……",
        "ui.recv.confirm_hint": "以上是预演，尚未写入；按“确认收入”收入。",
        "ui.recv.nothing": "没有可以收入的报送。",
        "ui.recv.done": "报送已收入",
    },
    en={
        "ui.town.help_title": "Keys of the villages' overview",
        "ui.town.title": "{county} {town}: homestead projects of every village",
        "ui.town.empty": "No village has sent a bundle yet: press i to receive one.",
        "ui.town.sorted": "{n} villages, sorted by {order} (o to change); money in 10,000 yuan, labour in days",
        "ui.town.sort.received_rate": "received / budget",
        "ui.town.sort.progress": "progress",
        "ui.town.sort.overdue": "overdue milestones",
        "ui.town.sort.last_sent": "last sent",
        "ui.town.hint": "Enter opens the village's dashboard (read-only); i receives bundles; e writes the town report; d changes the date.",
        "ui.town.col.name": "Village",
        "ui.town.col.projects": "Projects",
        "ui.town.col.last_sent": "Last sent",
        "ui.town.col.late": "Sending",
        "ui.town.read_only": "Villages' records are read-only in a town or county database: enter them in the village and send",
        "key.town.sort": "Sort",
        "key.town.receive": "Receive",
        "key.town.export": "Town report",
        "ui.recv.title": "Receive bundle files (separate several with ;): check first to see what would be added, changed and removed, then confirm",
        "ui.recv.placeholder": "bundle path, e.g. D:\\bundles\\village_2026-11-30.xiumei",
        "ui.recv.check": "Check",
        "ui.recv.confirm": "Receive",
        "ui.recv.cancel": "Cancel",
        "ui.recv.checking": "Checking…",
        "ui.recv.confirm_hint": "This was a dry run; nothing is written yet. Press Receive to receive.",
        "ui.recv.nothing": "Nothing here can be received.",
        "ui.recv.done": "Bundles received",
    },
)
