"""One project (屋场): its figures and notes, and a tab per kind of record.

概况 shows ``ledger.summary(as_of, project_id)`` and the progress notes, newest first; 认捐, 到账,
筹料, 支出, 投工 and 节点 list their records page by page (tracker.listings), filterable. ``a`` adds a
record of the tab in view, ``r`` reverses the selected money record, enter opens a record (on 节点:
updates its progress).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

from models import Milestone, Project
from tracker import ledger, listings, meetings, pace
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
        Binding("p", "edit_project", "key.edit_project"),
        Binding("c", "change", "key.change"),
        Binding("x", "delete", "key.delete_record"),
        Binding("slash", "filter", "key.filter"),
        Binding("d", "as_of", "key.as_of"),
        Binding("t", "app.charts", "key.charts", show=False),
        Binding("m", "app.meeting", "key.meeting", show=False),
        Binding("down", "focus_rows", show=False),
        *[Binding(str(i), f"tab('{tab}')", f"key.tab.{tab}", show=False) for i, tab in enumerate(TABS, 1)],
    ]

    @dataclass
    class Loaded(Message):
        summary: Summary
        attention: list[Attention]
        notes: list[NoteRow]
        pace: str = ""  # the pace board's line for this project, when it has a planned end
        meetings: list[str] = field(default_factory=list)  # each meeting, valid or not, with its counts
        levy_flags: list[str] = field(default_factory=list)  # the rules its levies break

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
            board = pace.board(as_of, self.project_id)
            meeting_lines = [
                meetings.meeting_line(m) for m in meetings.meetings_of(self.project_id) if m.date <= as_of
            ]
            flags = [f.message() for f in meetings.levy_flags(self.project_id)]
        if not get_current_worker().is_cancelled:
            line = board[0].line() if board else ""
            self.post_message(self.Loaded(summary, attention, notes, line, meeting_lines, flags))

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
        panel = self.query_one("#figures", FiguresPanel)
        panel.columns = 1 if self.app.size.width < 120 else 2  # no amount cut on a smaller screen
        panel.show(fig)
        lines = Text("\n").join(
            [
                *(Text("⚠ " + flag, style="bold red") for flag in message.levy_flags),
                *(Text("⚠ " + attention_text(item), style="yellow") for item in message.attention),
                *([Text(message.pace)] if message.pace else []),
                *(Text(line) for line in message.meetings),
            ]
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
            return True if self.active_tab in (*MONEY_KINDS, "labour") else None
        if action == "filter":
            return True if self.active_tab != "overview" else None
        if action == "print_receipt":
            return self.active_tab == "receipt"  # only the 到账 tab has receipts to print
        if action == "edit_project":
            return self.active_tab != "receipt"  # there p prints the receipt in view
        # Shown only on the tabs they act on: a 80-column footer has no room for idle keys.
        if action == "change":
            return self.active_tab == "milestone"
        if action == "delete":
            return self.active_tab in ("milestone", "overview")
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

        def closed(asked: str | None) -> None:
            if asked == "reverse":  # r in the record view: the same as r on the row in the list
                self.action_reverse()

        self.app.push_screen(RecordView(row), closed)

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
        if tab == "labour" and paged is not None:
            self._take_back(paged.selected())
            return
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

    # --- corrections ---------------------------------------------------------------------------

    def action_edit_project(self) -> None:
        """Name, 组, leader, budget, dates and status (back with a reason)."""
        from .forms.project import ProjectForm

        def done(saved: object) -> None:
            if saved is not None:
                self.notify(t("ui.proj.edited"))
                self.reload()

        self.app.push_screen(ProjectForm(record_id=self.project_id), done)

    def action_change(self) -> None:
        paged = self.active_list()
        row = paged.selected() if paged is not None and self.active_tab == "milestone" else None
        if row is None:
            self.notify(t("ui.proj.pick_record"))
            return
        from .forms.milestone import MilestoneForm

        def done(saved: object) -> None:
            if saved is not None:
                self.reload()

        self.app.push_screen(MilestoneForm(self.project_id, record_id=row.id), done)

    def action_delete(self) -> None:
        from tracker import corrections
        from tracker.errors import UserError

        from .confirm import ConfirmScreen

        if self.active_tab == "overview":
            project = Project.get_by_id(self.project_id)
            if corrections.project_record_counts(project):
                try:
                    corrections.delete_project(project)
                except UserError as exc:
                    self.notify(exc.message(), severity="warning", timeout=8)
                return

            def gone(reason: str | None) -> None:
                if reason is not None:
                    corrections.delete_project(project)
                    self.notify(t("ui.proj.deleted", name=project.name))
                    self.dismiss()

            ask = ConfirmScreen(
                t("ui.proj.delete_title", name=project.name), t("ui.proj.delete_explain"), t("ui.delete")
            )
            self.app.push_screen(ask, gone)
            return
        paged = self.active_list()
        row = paged.selected() if paged is not None else None
        if row is None:
            self.notify(t("ui.proj.pick_record"))
            return
        milestone = Milestone.get_by_id(row.id)

        def deleted(reason: str | None) -> None:
            if reason is not None:
                corrections.delete_milestone(milestone, reason)
                self.notify(t("ui.proj.milestone_deleted", name=milestone.name))
                self.reload()

        ask = ConfirmScreen(
            t("ui.proj.milestone_delete_title", name=milestone.name),
            t("ui.proj.milestone_delete_explain"),
            t("ui.delete"),
            reason=True,
        )
        self.app.push_screen(ask, deleted)

    def _take_back(self, row: Any) -> None:
        if row is None:
            self.notify(t("ui.proj.pick_record"))
            return
        from .take_back import TakeBackLabourScreen

        def done(taken: bool | None) -> None:
            if taken:
                self.notify(t("ui.proj.taken_back"))
                self.reload()

        self.app.push_screen(TakeBackLabourScreen(row.id), done)


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
        "key.edit_project": "修改屋场",
        "key.change": "修改节点",
        "key.delete_record": "删除",
        "ui.delete": "删除",
        "ui.proj.edited": "屋场已修改",
        "ui.proj.taken_back": "已撤回这条投工记录",
        "ui.proj.deleted": "已删除屋场“{name}”",
        "ui.proj.delete_title": "删除屋场“{name}”？",
        "ui.proj.delete_explain": "这个屋场下还没有任何记录。删除后它的原有内容留在修改记录里。",
        "ui.proj.milestone_deleted": "已删除节点“{name}”",
        "ui.proj.milestone_delete_title": "删除节点“{name}”？",
        "ui.proj.milestone_delete_explain": "节点和它的进度一起删除，形象进度按其余节点重算；原有内容和原因留在修改记录里。",
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
        "key.edit_project": "Edit project",
        "key.change": "Edit milestone",
        "key.delete_record": "Delete",
        "ui.delete": "Delete",
        "ui.proj.edited": "Project saved",
        "ui.proj.taken_back": "The labour entry was taken back",
        "ui.proj.deleted": 'Project "{name}" deleted',
        "ui.proj.delete_title": 'Delete project "{name}"?',
        "ui.proj.delete_explain": "Nothing is recorded under this project yet. What it was stays in the history.",
        "ui.proj.milestone_deleted": 'Milestone "{name}" deleted',
        "ui.proj.milestone_delete_title": 'Delete milestone "{name}"?',
        "ui.proj.milestone_delete_explain": "The milestone goes with its progress and the project's progress is "
        "worked out from the others; what it was and why stay in the history.",
        "key.tab.pledge": "Pledges tab",
        "key.tab.receipt": "Receipts tab",
        "key.tab.in_kind": "In-kind gifts tab",
        "key.tab.expense": "Expenses tab",
        "key.tab.labour": "Labour tab",
        "key.tab.milestone": "Milestones tab",
    },
)
