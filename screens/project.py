"""One project (屋场): its figures and notes, and a tab per kind of record.

概况 shows ``ledger.summary(as_of, project_id)`` and the progress notes, newest first; 认捐, 到账,
筹料, 支出, 投工 and 节点 list their records page by page (tracker.listings), filterable. ``a`` adds a
record of the tab in view, ``r`` reverses the selected money record, enter opens a record (on 节点:
updates its progress).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pendulum
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from tracker import ledger, listings
from tracker.i18n import register, t
from tracker.ledger import Attention, Summary
from tracker.listings import MONEY_KINDS, MoneyRow, NoteRow

from .dashboard import attention_text
from .keys import Translated
from .widgets.cells import date_text
from .widgets.dbthread import thread_connection
from .widgets.errors import ReportWorkerErrors
from .widgets.figures import FiguresPanel, project_heading
from .widgets.paged_table import PagedTable, RowSource
from .widgets.sources import LabourSource, MilestoneSource, MoneySource

TABS = ("overview", "pledge", "receipt", "in_kind", "expense", "labour", "milestone")
# What ``a`` adds on each tab.
ADD_KIND = {"overview": "progress_note", **{k: k for k in TABS[1:]}}


def tab_label(tab: str) -> str:
    return t(f"ui.proj.tab.{tab}")


class ProjectScreen(Translated, ReportWorkerErrors, Screen):
    CSS_PATH = "project.tcss"
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("enter", "open", "key.open", show=False),
        Binding("a", "add", "key.add"),
        Binding("r", "reverse", "key.reverse"),
        Binding("p", "print_receipt", "key.print_receipt"),
        Binding("slash", "filter", "key.filter"),
        Binding("d", "as_of", "key.as_of"),
        Binding("down", "focus_rows", show=False),
        *[Binding(str(i), f"tab('{tab}')", f"key.tab.{tab}", show=False) for i, tab in enumerate(TABS, 1)],
    ]

    @dataclass
    class Loaded(Message):
        summary: Summary
        attention: list[Attention]
        notes: list[NoteRow]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.help_title = t("ui.proj.help_title")

    @property
    def as_of(self) -> pendulum.Date:
        return self.app.as_of

    def _source(self, tab: str) -> RowSource:
        if tab in MONEY_KINDS:
            return MoneySource(tab, self.project_id, self.as_of)
        if tab == "labour":
            return LabourSource(self.project_id, self.as_of)
        return MilestoneSource(self.project_id, self.as_of)

    def compose(self) -> ComposeResult:
        yield Static(t("ui.loading"), id="title")
        with TabbedContent(id="tabs", initial="overview"):
            with TabPane(tab_label("overview"), id="overview"):
                with VerticalScroll(id="overview-body"):
                    yield FiguresPanel(id="figures")
                    yield Static("", id="project-attention")
                    yield Static(Text(t("ui.proj.notes"), style="bold"), classes="section")
                    yield Static("", id="notes")
            for tab in TABS[1:]:
                # A list is built when its tab is first shown: opening a project draws only 概况.
                yield TabPane(tab_label(tab), id=tab)
        yield Footer()

    # --- loading -----------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Figures and notes again, and every list that has loaded once (with the as-of date now)."""
        as_of = self.as_of
        self._load(as_of)
        for table in self.query(PagedTable):
            table.set_source(self._source((table.id or "").removeprefix("list-")))

    @work(thread=True, exclusive=True, exit_on_error=False, group="overview")
    def _load(self, as_of: pendulum.Date) -> None:
        with thread_connection():
            summary = ledger.summary(as_of, self.project_id)
            attention = ledger.attention(as_of, self.project_id, figures=summary)
            notes = listings.note_rows(self.project_id, as_of=as_of)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(summary, attention, notes))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        summary = message.summary
        title = Text()
        if not summary.projects:
            title.append(t("ui.proj.missing"), style="bold red")
            self.query_one("#title", Static).update(title)
            return
        fig = summary.projects[0]
        title.append(project_heading(fig), style="bold")
        title.append("    " + t("ui.dash.as_of", date=date_text(summary.as_of)), style="bold")
        self.query_one("#title", Static).update(title)
        self.query_one("#figures", FiguresPanel).show(fig)
        lines = Text("\n").join(
            Text("⚠ " + attention_text(item), style="yellow") for item in message.attention
        )
        self.query_one("#project-attention", Static).update(lines)
        self.query_one("#notes", Static).update(_notes_table(message.notes))

    # --- tabs --------------------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        return self.query_one("#tabs", TabbedContent).active or "overview"

    def active_list(self) -> PagedTable | None:
        tab = self.active_tab
        if tab == "overview":
            return None
        return self.query(f"#list-{tab}").first(PagedTable) if self.query(f"#list-{tab}") else None

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        self.call_after_refresh(self.action_focus_rows)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        tab = self.active_tab
        if tab != "overview" and self.active_list() is None:
            # First time shown: build its list, which loads with the as-of date of now.
            self.query_one(f"TabPane#{tab}", TabPane).mount(PagedTable(self._source(tab), id=f"list-{tab}"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reverse":
            return True if self.active_tab in MONEY_KINDS else None
        if action == "filter":
            return True if self.active_tab != "overview" else None
        if action == "print_receipt":
            return self.active_tab == "receipt"  # only the 到账 tab has receipts to print
        return True

    def action_focus_rows(self) -> None:
        paged = self.active_list()
        if paged is not None:
            paged.focus_rows()
        else:
            self.query_one("#overview-body").focus()

    # --- keys --------------------------------------------------------------------------------

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.action_focus_rows()
            return
        self.dismiss()

    def action_filter(self) -> None:
        paged = self.active_list()
        if paged is not None:
            paged.focus_filter()

    def action_as_of(self) -> None:
        self.app.action_as_of()

    def action_add(self) -> None:
        self.app.add_record(ADD_KIND[self.active_tab], self.project_id)

    def action_open(self) -> None:
        paged = self.active_list()
        row = paged.selected() if paged is not None else None
        if row is not None:
            self._open(paged, row)

    @on(PagedTable.Opened)
    def _opened(self, event: PagedTable.Opened) -> None:
        self._open(event.table, event.row)

    def _open(self, paged: PagedTable, row: Any) -> None:
        if paged.id == "list-milestone":
            from .forms.milestone import MilestoneProgressForm

            self.app.push_screen(MilestoneProgressForm(row.id))
            return
        from .record_view import RecordView

        self.app.push_screen(RecordView(row))

    def action_print_receipt(self) -> None:
        """p on a row of 到账: write that receipt's HTML, like ``xiumei receipt``."""
        paged = self.active_list()
        row: MoneyRow | None = paged.selected() if paged is not None else None
        if row is None or not row.voucher:
            self.notify(t("ui.proj.pick_record"))
            return
        self.app.print_receipt(row.voucher)

    def action_reverse(self) -> None:
        tab = self.active_tab
        paged = self.active_list()
        if tab not in MONEY_KINDS or paged is None:
            return
        row: MoneyRow | None = paged.selected()
        if row is None:
            self.notify(t("ui.proj.pick_record"))
            return
        if row.is_reversal:
            self.notify(t("error.reverse_reversal"), severity="warning")
            return
        if row.reversed:
            self.notify(t("error.already_reversed"), severity="warning")
            return
        from .reverse import ReverseScreen

        def done(value: object) -> None:
            if value is not None:
                self.notify(t("ui.proj.reversed"))
                self.reload()

        self.app.push_screen(ReverseScreen(tab, row.id), done)


def _notes_table(notes: list[NoteRow]) -> Table | Text:
    if not notes:
        return Text(t("ui.proj.no_notes"), style="dim")
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="dim")
    table.add_column()
    for note in notes:
        text = note.text + (f"  [{t('field.photo_path')}: {note.photo_path}]" if note.photo_path else "")
        table.add_row(date_text(note.date), text)
    return table


register(
    zh={
        "ui.proj.help_title": "屋场页的按键",
        "ui.proj.tab.overview": "概况",
        "ui.proj.tab.pledge": "认捐",
        "ui.proj.tab.receipt": "到账",
        "ui.proj.tab.in_kind": "筹料",
        "ui.proj.tab.expense": "支出",
        "ui.proj.tab.labour": "投工",
        "ui.proj.tab.milestone": "节点",
        "ui.proj.notes": "进度记录（最新在前）",
        "ui.proj.no_notes": "还没有进度记录：在概况页按 a 新增。",
        "ui.proj.missing": "找不到这个屋场",
        "ui.proj.pick_record": "请先选中一条记录",
        "ui.proj.reversed": "已冲销，原记录保留并划线显示",
        "key.print_receipt": "打印收据",
        "key.tab.overview": "概况",
        "key.tab.pledge": "认捐",
        "key.tab.receipt": "到账",
        "key.tab.in_kind": "筹料",
        "key.tab.expense": "支出",
        "key.tab.labour": "投工",
        "key.tab.milestone": "节点",
    },
    en={
        "ui.proj.help_title": "Keys of the project screen",
        "ui.proj.tab.overview": "Overview",
        "ui.proj.tab.pledge": "Pledges",
        "ui.proj.tab.receipt": "Receipts",
        "ui.proj.tab.in_kind": "In-kind gifts",
        "ui.proj.tab.expense": "Expenses",
        "ui.proj.tab.labour": "Labour",
        "ui.proj.tab.milestone": "Milestones",
        "ui.proj.notes": "Progress notes (newest first)",
        "ui.proj.no_notes": "No progress notes yet: press a on the Overview tab to add one.",
        "ui.proj.missing": "This project cannot be found",
        "ui.proj.pick_record": "Select a record first",
        "ui.proj.reversed": "Reversed; the original stays, struck through",
        "key.print_receipt": "Print receipt",
        "key.tab.overview": "Overview tab",
        "key.tab.pledge": "Pledges tab",
        "key.tab.receipt": "Receipts tab",
        "key.tab.in_kind": "In-kind gifts tab",
        "key.tab.expense": "Expenses tab",
        "key.tab.labour": "Labour tab",
        "key.tab.milestone": "Milestones tab",
    },
)
