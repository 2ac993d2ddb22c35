"""导入台账: check an Excel workbook, show what it would add, and import it only when confirmed.

The check is ``importer.import_workbook(path, dry_run=True)`` and the import the same call
without ``dry_run`` — the very functions ``xiumei import`` runs — each in a thread worker. A
workbook with any problem lists every one (sheet, row, column) and cannot be confirmed; nothing
is written before the cadre presses ``y`` (or enter) on a clean check of that same path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from tracker import prefs
from tracker.errors import UserError
from tracker.i18n import register, t
from tracker.importer import ImportProblems, ImportResult, import_workbook

from .keys import Translated
from .widgets.dbthread import thread_connection
from .widgets.errors import ReportWorkerErrors

# What the screen is doing; only READY can be confirmed.
IDLE, CHECKING, READY, NOTHING_NEW, PROBLEMS, IMPORTING, DONE = (
    "idle",
    "checking",
    "ready",
    "nothing_new",
    "problems",
    "importing",
    "done",
)


def start_folder() -> Path:
    """Where the file picker opens: the folder last imported from, Documents, or home."""
    return prefs.import_folder()


class WorkbookTree(DirectoryTree):
    """Folders and .xlsx files only; backspace goes up a folder."""

    BINDINGS = [Binding("backspace", "up", "key.imp_up")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .keys import translate

        translate(self)

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        shown = []
        for path in paths:
            if path.name.startswith((".", "~$")):  # hidden files, and Excel's lock file of an open workbook
                continue
            try:
                if path.is_dir() or path.suffix.lower() == ".xlsx":
                    shown.append(path)
            except OSError:  # a folder we may not look into
                continue
        return shown

    def action_up(self) -> None:
        here = Path(self.path)
        if here.parent != here:
            self.path = here.parent


class ImportScreen(Translated, ReportWorkerErrors, ModalScreen[ImportResult | None]):
    """Dismisses with what was imported, or None when nothing was."""

    CSS_PATH = "import_screen.tcss"
    BINDINGS = [
        Binding("y", "confirm", "key.imp_confirm"),
        Binding("enter", "confirm", "key.imp_confirm", show=False),
        Binding("u", "undo", "key.imp_undo"),
        Binding("escape", "cancel", "key.close"),
    ]

    @dataclass
    class Checked(Message):
        path: Path
        result: ImportResult

    @dataclass
    class Refused(Message):
        path: Path
        dry_run: bool
        headline: str
        problems: list[str]

    @dataclass
    class Failed(Message):
        path: Path
        message: str

    def __init__(self) -> None:
        super().__init__()
        self.help_title = t("ui.imp.title")
        self.state = IDLE
        self.checked_path: Path | None = None
        self.imported: ImportResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box"):
            yield Label(t("ui.imp.title"), id="import-title")
            with Horizontal(id="path-line"):
                yield Label(t("ui.imp.file"), classes="label")
                yield Input(id="path", placeholder=t("ui.imp.path_hint"), compact=True)
                yield Button(t("ui.imp.check"), id="check", compact=True)
            yield Label("", id="e-path", classes="error")
            with Horizontal(id="panes"):
                yield WorkbookTree(start_folder(), id="tree")
                with VerticalScroll(id="result"):
                    yield Static(t("ui.imp.intro"), id="result-text")
            yield Label("", id="prompt")
            with Horizontal(classes="buttons"):
                yield Button(
                    t("ui.imp.confirm"), id="confirm", variant="primary", compact=True, disabled=True
                )
                yield Button(t("ui.imp.cancel"), id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    # --- choosing the file -----------------------------------------------------------------------

    @on(DirectoryTree.FileSelected, "#tree")
    def _file_picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)
        self.check()

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        # A check is only good for the file it checked: typing another path takes it back.
        if self.state in (READY, NOTHING_NEW, PROBLEMS) and self._path() != self.checked_path:
            self._set_state(IDLE)
            self._show(Text(t("ui.imp.intro")), "")

    def _path(self) -> Path | None:
        text = self.query_one("#path", Input).value.strip().strip('"')  # Windows "Copy as path" adds quotes
        return Path(text).expanduser().absolute() if text else None

    # --- the dry run -----------------------------------------------------------------------------

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#check")
    def check(self) -> None:
        if self.state in (CHECKING, IMPORTING):
            return
        error = self.query_one("#e-path", Label)
        error.update("")
        path = self._path()
        if path is None:
            error.update(t("ui.imp.path_required"))
            return
        tree = self.query_one("#tree", WorkbookTree)
        if path.is_dir():  # a folder typed: open it in the picker instead
            tree.path = path
            tree.focus()
            return
        if path.parent.is_dir() and not path.is_relative_to(Path(tree.path)):
            tree.path = path.parent  # show the file among its neighbours
        self.checked_path = path
        self._set_state(CHECKING)
        self._show(Text(t("ui.imp.checking", name=path.name)), "")
        self._run(path, dry_run=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _run(self, path: Path, dry_run: bool) -> None:
        with thread_connection():
            try:
                result = import_workbook(path, dry_run=dry_run)
            except ImportProblems as exc:
                self.post_message(
                    self.Refused(path, dry_run, exc.message(), [p.message() for p in exc.problems])
                )
                return
            except UserError as exc:  # missing file, not a workbook, no sheet of ours
                self.post_message(self.Failed(path, exc.message()))
                return
        if not dry_run:
            prefs.set_import_folder(path.parent)  # the picker opens there next time
        self.post_message(self.Checked(path, result))

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        result = message.result
        if not result.dry_run:
            self.imported = result
            self._set_state(DONE)
            self._show(self._result_view(result), t("ui.imp.done_prompt"))
            self.notify(
                t("ui.imp.done", added=result.added, updated=result.updated, name=result.path.name),
                timeout=8,
                markup=False,
            )
            return
        if message.path != self.checked_path or self._path() != message.path:
            self._set_state(IDLE)  # the path was changed while it was being checked
            self._show(Text(t("ui.imp.intro")), "")
            return
        if result.added or result.updated:
            self._set_state(READY)
            prompt = t("ui.imp.ready_prompt", added=result.added, updated=result.updated)
        else:
            self._set_state(NOTHING_NEW)
            prompt = t("ui.imp.no_rows" if not any(s.rows for s in result.sheets) else "ui.imp.nothing_new")
        self._show(self._result_view(result), prompt)
        self.query_one("#result").focus()  # so that y / enter confirm, not re-check

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._set_state(PROBLEMS)
        text = Text(message.headline + "\n", style="bold")
        for line in message.problems:
            text.append("• " + line + "\n")
        self._show(text, t("ui.imp.fix_prompt"))
        self.query_one("#result").focus()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._set_state(IDLE)
        self._show(Text(t("ui.imp.intro")), "")
        self.query_one("#e-path", Label).update(Content(message.message))
        self.query_one("#path", Input).focus()

    @on(Worker.StateChanged)
    def _worker_ended(self, event: Worker.StateChanged) -> None:
        # A bug rather than a bad file: ReportWorkerErrors logs it; nothing was written (one transaction).
        if event.state is WorkerState.ERROR:
            self._set_state(IDLE)
            self._show(Text(t("ui.imp.failed"), style="bold"), "")

    def _result_view(self, result: ImportResult) -> Group:
        """Per sheet: to add (or added), already there, to update; then the notes."""
        dry = result.dry_run
        heading = Text(
            t("ui.imp.title_dry" if dry else "ui.imp.title_done", name=result.path.name) + "\n", style="bold"
        )
        table = Table(box=None, show_edge=False, pad_edge=False)
        table.add_column(t("ui.imp.col_sheet"))
        table.add_column(t("ui.imp.col_add" if dry else "ui.imp.col_added"), justify="right")
        table.add_column(t("ui.imp.col_skipped"), justify="right")
        table.add_column(t("ui.imp.col_update" if dry else "ui.imp.col_updated"), justify="right")
        for sheet in result.sheets:
            table.add_row(sheet.sheet, str(sheet.added), str(sheet.skipped), str(sheet.updated))
        table.add_row(
            *(
                Text(cell, style="bold")
                for cell in (t("ui.imp.total"), str(result.added), str(result.skipped), str(result.updated))
            )
        )
        notes = []
        if result.new_contributors or result.new_people:
            notes.append(
                t(
                    "ui.imp.new_names_dry" if dry else "ui.imp.new_names",
                    contributors=result.new_contributors,
                    people=result.new_people,
                )
            )
        for title, columns in result.ignored_columns.items():
            notes.append(t("ui.imp.ignored_columns", sheet=title, columns="、".join(columns)))
        if result.ignored_sheets:
            notes.append(t("ui.imp.ignored_sheets", sheets="、".join(result.ignored_sheets)))
        if result.hidden_sheets:
            notes.append(t("import.hidden_sheets", sheets="、".join(result.hidden_sheets)))
        if result.number is not None and (result.added or result.updated):
            notes.append(t("ui.imp.number_dry" if dry else "ui.imp.number", number=result.number))
        return Group(heading, table, Text("\n" + "\n".join(notes)) if notes else Text(""))

    def _show(self, body: Text | Group, prompt: str) -> None:
        self.query_one("#result-text", Static).update(body)
        self.query_one("#prompt", Label).update(Content(prompt))

    def _set_state(self, state: str) -> None:
        self.state = state
        self.query_one("#confirm", Button).disabled = state != READY
        self.query_one("#check", Button).disabled = state in (CHECKING, IMPORTING)
        self.query_one("#prompt", Label).set_class(state == READY, "-ready")
        self.query_one("#prompt", Label).set_class(state == PROBLEMS, "-problems")
        self.refresh_bindings()

    # --- confirming ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return self.state == READY
        if action == "undo":
            return self.state == DONE and self.imported is not None and self.imported.number is not None
        if action == "cancel":
            return self.state not in (CHECKING, IMPORTING)  # a check or import is one quick transaction
        return True

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        path = self.checked_path
        if self.state != READY or path is None or self._path() != path:
            return
        self._set_state(IMPORTING)
        self._show(Text(t("ui.imp.importing", name=path.name)), "")
        self._run(path, dry_run=False)

    def action_undo(self) -> None:
        """The import just made, undone as a whole (xiumei import --undo N), after asking."""
        from tracker.cmd_import import render_undone
        from tracker.errors import UserError
        from tracker.importer import batches

        from .confirm import ConfirmScreen

        result = self.imported
        if result is None or result.number is None:
            return
        number = result.number

        def undo(answer: str | None) -> None:
            if answer is None:
                return
            try:
                undone = batches.undo(number)
            except UserError as exc:
                self.notify(exc.message(), severity="warning", timeout=10, markup=False)
                return
            self.imported = None
            self._set_state(IDLE)
            self._show(Text(render_undone(undone)), "")
            self.notify(t("ui.imp.undone", number=number), markup=False)

        ask = ConfirmScreen(
            t("ui.imp.undo_title", number=number, name=result.path.name),
            t("ui.imp.undo_explain"),
            t("ui.imp.undo"),
        )
        self.app.push_screen(ask, undo)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.state not in (CHECKING, IMPORTING):
            self.dismiss(self.imported)


register(
    zh={
        "ui.imp.title": "从 Excel 导入台账",
        "ui.imp.file": "文件",
        "ui.imp.path_hint": "xlsx 文件的路径，或在左边选；格式见 xiumei template",
        "ui.imp.check": "检查",
        "ui.imp.path_required": "请填写要导入的 xlsx 文件的路径，或在下面的文件夹里选一个",
        "ui.imp.intro": "先检查，不写入：选好文件后会列出每张表将新增多少条、有多少条已在台账中；"
        "有错的行会逐条列出（表、第几行、哪一列）。确认后才导入，全部导入或一条也不导入。",
        "ui.imp.checking": "正在检查 {name}……",
        "ui.imp.importing": "正在导入 {name}……",
        "ui.imp.title_dry": "检查 {name}（还没有写入任何数据）",
        "ui.imp.title_done": "已导入 {name}",
        "ui.imp.col_sheet": "工作表",
        "ui.imp.col_add": "将新增",
        "ui.imp.col_added": "新增",
        "ui.imp.col_skipped": "已有，跳过",
        "ui.imp.col_update": "将更新",
        "ui.imp.col_updated": "更新",
        "ui.imp.total": "合计",
        "ui.imp.new_names": "新建了捐助方 {contributors} 个、村民 {people} 人。",
        "ui.imp.new_names_dry": "将新建捐助方 {contributors} 个、村民 {people} 人。",
        "ui.imp.ignored_columns": "{sheet} 表中未识别的列不导入：{columns}",
        "ui.imp.ignored_sheets": "未识别的工作表不导入：{sheets}",
        "ui.imp.ready_prompt": "将新增 {added} 条、更新 {updated} 条。按 y 或回车确认导入，Esc 取消",
        "ui.imp.nothing_new": "文件中的数据都已在台账中，没有要导入的。按 Esc 返回",
        "ui.imp.no_rows": "文件里没有要导入的行（空行和示例行不导入）。按 Esc 返回",
        "ui.imp.fix_prompt": "有错误，不能导入。在 Excel 里改好并保存后，回到文件框按回车重新检查；Esc 返回",
        "ui.imp.done_prompt": "导入完成。按 u 整体撤销这次导入，按 Esc 返回",
        "ui.imp.number": "这是第 {number} 次导入；导错了可以按 u 整体撤销（或 xiumei import --undo {number}）。",
        "ui.imp.number_dry": "导入后将是第 {number} 次导入，之后可以整体撤销。",
        "ui.imp.undo": "撤销导入",
        "ui.imp.undo_title": "撤销第 {number} 次导入（{name}）？",
        "ui.imp.undo_explain": "它加入的资金记录全部冲销，其他记录删除，节点进度和村民信息恢复原样；修改记录全部保留。",
        "ui.imp.undone": "已撤销第 {number} 次导入",
        "key.imp_undo": "撤销导入",
        "ui.imp.done": "已从 {name} 导入 {added} 条记录，更新 {updated} 条",
        "ui.imp.failed": "检查或导入时程序出错，没有写入任何数据；详情已记录到错误日志",
        "ui.imp.confirm": "确认导入 (Y)",
        "ui.imp.cancel": "关闭 (Esc)",
        "key.imp_confirm": "确认导入",
        "key.imp_up": "上一级文件夹",
    },
    en={
        "ui.imp.title": "Import the ledger from Excel",
        "ui.imp.file": "File",
        "ui.imp.path_hint": "path of the xlsx file, or pick it on the left; format: see xiumei template",
        "ui.imp.check": "Check",
        "ui.imp.path_required": "Enter the path of the xlsx file to import, or pick one in the folders below",
        "ui.imp.intro": "Checked first, nothing written: once you pick a file you see, per sheet, how many rows "
        "would be added and how many are already in the ledger; every wrong row is listed "
        "(sheet, row, column). Nothing is imported until you confirm, and then all or nothing.",
        "ui.imp.checking": "Checking {name}…",
        "ui.imp.importing": "Importing {name}…",
        "ui.imp.title_dry": "Check of {name} (nothing written yet)",
        "ui.imp.title_done": "Imported {name}",
        "ui.imp.col_sheet": "Sheet",
        "ui.imp.col_add": "To add",
        "ui.imp.col_added": "Added",
        "ui.imp.col_skipped": "Already there",
        "ui.imp.col_update": "To update",
        "ui.imp.col_updated": "Updated",
        "ui.imp.total": "Total",
        "ui.imp.new_names": "New contributors: {contributors}; new villagers: {people}.",
        "ui.imp.new_names_dry": "Would create contributors: {contributors}; villagers: {people}.",
        "ui.imp.ignored_columns": "Unknown columns in sheet {sheet} are not imported: {columns}",
        "ui.imp.ignored_sheets": "Unknown sheets are not imported: {sheets}",
        "ui.imp.ready_prompt": "{added} to add, {updated} to update. Press y or enter to import, escape to cancel",
        "ui.imp.nothing_new": "Everything in the file is already in the ledger; nothing to import. Escape to go back",
        "ui.imp.no_rows": "The file has no rows to import (blank and example rows are skipped). Escape to go back",
        "ui.imp.fix_prompt": "The file has problems and cannot be imported. Fix and save it in Excel, then press "
        "enter in the file box to check again; escape to go back",
        "ui.imp.done_prompt": "Import finished. u undoes this import as a whole; Escape to go back",
        "ui.imp.number": "This is import {number}; if it was wrong, u undoes it as a whole (or xiumei import --undo {number}).",
        "ui.imp.number_dry": "It will be import {number}, and can be undone as a whole afterwards.",
        "ui.imp.undo": "Undo the import",
        "ui.imp.undo_title": "Undo import {number} ({name})?",
        "ui.imp.undo_explain": "The money records it added are reversed, the rest it added deleted, milestones and "
        "villagers put back as they were; the history keeps everything.",
        "ui.imp.undone": "Import {number} undone",
        "key.imp_undo": "Undo import",
        "ui.imp.done": "Imported {added} {added|record|records} from {name}, updated {updated}",
        "ui.imp.failed": "Checking or importing failed because of a program error; nothing was written. "
        "Details are in the error log",
        "ui.imp.confirm": "Import (Y)",
        "ui.imp.cancel": "Close (Esc)",
        "key.imp_confirm": "Import",
        "key.imp_up": "Parent folder",
    },
)
