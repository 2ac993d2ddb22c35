"""导出 (``e``): write the progress report, the 公示 or a receipt to a folder, in a worker.

The screen only collects what to write and where into an ``ExportRequest`` and hands it to
``tracker.exports.write_export``, the function ``xiumei report`` / ``notice`` / ``receipt`` call,
so a file exported here is the file the CLI would write. The folder is remembered
(``tracker.prefs``) for next time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pendulum
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Select, TextArea
from textual.worker import Worker, WorkerState

from tracker import dates, field_parsers, listings, prefs
from tracker.errors import FieldError, UserError
from tracker.exports import KINDS, NOTICE_FORMATS, REPORT_FORMATS, Exported, ExportRequest, write_export
from tracker.i18n import get_lang, register, t

from .keys import Translated
from .widgets.dbthread import thread_connection
from .widgets.errors import ReportWorkerErrors

ALL_PROJECTS = 0  # Select value of "every project" (project ids start at 1)


class ExportScreen(Translated, ReportWorkerErrors, ModalScreen[Path | None]):
    """Dismisses with the last file written (None when nothing was)."""

    CSS_PATH = "export.tcss"
    BINDINGS = [
        Binding("ctrl+s", "export", "key.exp_write", priority=True),
        Binding("escape", "close", "key.close"),
    ]

    @dataclass
    class Written(Message):
        exported: Exported

    @dataclass
    class Failed(Message):
        field: str  # the field the message goes beside ("" for the line above the buttons)
        message: str

    def __init__(self, project_id: int | None = None, as_of: pendulum.Date | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self.as_of = as_of
        self.help_title = t("ui.exp.title")
        self.written: Path | None = None
        self.busy = False
        self._projects = listings.projects()

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        as_of = self.as_of or getattr(self.app, "as_of", None) or dates.today()
        start, end = _notice_period()
        projects = [(Text(t("ui.exp.all_projects")), ALL_PROJECTS)] + [
            (Text(f"{name}（{group}）" if group else name), pid) for pid, name, group in self._projects
        ]
        chosen = self.project_id if any(p[0] == self.project_id for p in self._projects) else ALL_PROJECTS
        with Vertical(id="export-box"):
            yield Label(t("ui.exp.title"), id="export-title")
            with Horizontal(classes="line field"):
                yield Label(t("ui.exp.what"), classes="label")
                with RadioSet(id="kind", compact=True):
                    for kind in KINDS:
                        yield RadioButton(
                            t(f"ui.exp.kind.{kind}"), value=kind == "report", id=f"kind-{kind}", compact=True
                        )
            with Vertical(id="report-fields", classes="group"):
                yield from _line(
                    "report-format",
                    t("ui.exp.format"),
                    Select(
                        [(t(f"ui.exp.fmt.report.{f}"), f) for f in REPORT_FORMATS],
                        value=REPORT_FORMATS[0],
                        allow_blank=False,
                        id="report-format",
                        compact=True,
                    ),
                )
                yield from _line(
                    "as-of",
                    t("ui.exp.as_of"),
                    Input(dates.format_iso(as_of), id="as-of", select_on_focus=True, compact=True),
                )
            with Vertical(id="notice-fields", classes="group"):
                yield from _line(
                    "notice-format",
                    t("ui.exp.format"),
                    Select(
                        [(t(f"ui.exp.fmt.notice.{f}"), f) for f in NOTICE_FORMATS],
                        value=NOTICE_FORMATS[0],
                        allow_blank=False,
                        id="notice-format",
                        compact=True,
                    ),
                )
                yield from _line(
                    "date-from",
                    t("ui.exp.from"),
                    Input(dates.format_iso(start), id="date-from", select_on_focus=True, compact=True),
                )
                yield from _line(
                    "date-to",
                    t("ui.exp.period_end"),
                    Input(dates.format_iso(end), id="date-to", select_on_focus=True, compact=True),
                )
            with Vertical(id="project-fields", classes="group"):
                yield from _line(
                    "project",
                    t("ui.exp.project"),
                    Select(projects, value=chosen, allow_blank=False, id="project", compact=True),
                )
            with Vertical(id="receipt-fields", classes="group"):
                yield from _line(
                    "voucher",
                    t("ui.exp.voucher"),
                    Input(id="voucher", placeholder=t("ui.exp.voucher_hint"), compact=True),
                )
            yield from _line(
                "folder", t("ui.exp.folder"), Input(str(prefs.export_folder()), id="folder", compact=True)
            )
            yield Label(t("ui.exp.hint"), id="export-hint", classes="hint")
            yield Label("", id="status")
            yield Label("", id="written")
            # The 公示's WeChat text, shown here as well as written: select it and copy it to the group.
            wechat = TextArea("", read_only=True, id="wechat", soft_wrap=True, show_line_numbers=False)
            wechat.styles.height = 12
            wechat.display = False
            yield wechat
            with Horizontal(classes="buttons"):
                yield Button(t("ui.exp.write"), id="write", variant="primary", compact=True)
                yield Button(t("ui.exp.close"), id="close", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show_kind()
        self.query_one("#kind", RadioSet).focus()

    def _show_kind(self) -> None:
        kind = self.kind
        self.query_one("#report-fields").display = kind == "report"
        self.query_one("#notice-fields").display = kind == "notice"
        self.query_one("#project-fields").display = kind in ("report", "notice")
        self.query_one("#receipt-fields").display = kind == "receipt"

    @property
    def kind(self) -> str:
        pressed = self.query_one("#kind", RadioSet).pressed_button
        return pressed.id.removeprefix("kind-") if pressed is not None and pressed.id else "report"

    @on(RadioSet.Changed, "#kind")
    def _kind_changed(self) -> None:
        self._show_kind()
        self._clear_messages()

    # --- reading the fields ----------------------------------------------------------------------

    def _date(self, field_id: str, label_key: str) -> pendulum.Date:
        text = self.query_one(f"#{field_id}", Input).value
        try:
            value = field_parsers.date(text, field_id, today=dates.today())
        except FieldError as exc:
            raise _FieldProblem(
                field_id, t("ui.exp.field_error", field=t(label_key), message=exc.message())
            ) from None
        assert value is not None
        return value

    def _folder(self) -> Path:
        text = self.query_one("#folder", Input).value.strip()
        if not text:
            raise _FieldProblem("folder", t("ui.exp.folder_required"))
        folder = Path(text).expanduser().absolute()
        if folder.exists() and not folder.is_dir():
            raise _FieldProblem("folder", t("ui.exp.not_a_folder", path=folder))
        return folder

    def _project(self) -> tuple[int, str] | None:
        value = self.query_one("#project", Select).value
        return next(((pid, name) for pid, name, _ in self._projects if pid == value), None)

    def read_request(self) -> ExportRequest:
        """The request the fields describe; ``_FieldProblem`` for the first field that is wrong."""
        kind = self.kind
        if kind == "report":
            fmt = str(self.query_one("#report-format", Select).value)
            as_of = self._date("as-of", "ui.exp.as_of")
            return ExportRequest(kind, fmt, self._folder(), get_lang(), as_of=as_of, project=self._project())
        if kind == "notice":
            fmt = str(self.query_one("#notice-format", Select).value)
            start, end = self._date("date-from", "ui.exp.from"), self._date("date-to", "ui.exp.period_end")
            try:
                _notice_period(start, end)
            except UserError:
                raise _FieldProblem(
                    "date-from",
                    t("ui.exp.bad_period", start=dates.format_iso(start), end=dates.format_iso(end)),
                ) from None
            return ExportRequest(
                kind, fmt, self._folder(), get_lang(), date_from=start, date_to=end, project=self._project()
            )
        voucher = self.query_one("#voucher", Input).value.strip()
        if not voucher:
            raise _FieldProblem("voucher", t("ui.exp.voucher_required"))
        return ExportRequest(kind, "html", self._folder(), get_lang(), voucher=voucher)

    # --- writing ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "close"):
            return not self.busy  # the file is being written: wait for it to say where
        return True

    @on(Button.Pressed, "#write")
    @on(Input.Submitted)
    def action_export(self) -> None:
        if self.busy:
            return
        self._clear_messages()
        try:
            request = self.read_request()
        except _FieldProblem as problem:
            self._show_error(problem.field, problem.message)
            return
        self._set_busy(True)
        # The screen names the file it replaced in what it shows after writing, so it may replace.
        self._write(replace(request, overwrite=True))

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _write(self, request: ExportRequest) -> None:
        with thread_connection():
            try:
                exported = write_export(request)
            except UserError as exc:
                where = {"receipt.unknown": "voucher", "rep.cannot_write": "folder"}.get(exc.key, "")
                self.post_message(self.Failed(where, exc.message(request.lang)))
                return
        prefs.set_export_folder(request.folder)
        self.post_message(self.Written(exported))

    @on(Written)
    def _written(self, message: Written) -> None:
        self._set_busy(False)
        path = message.exported.path
        self.written = path
        text = t("ui.exp.written", path=path)
        label = self.query_one("#written", Label)
        label.update(_plain("\n".join([text, *message.exported.notes])))
        label.add_class("-shown")
        self.notify(text, timeout=8, markup=False)
        wechat = self.query_one("#wechat", TextArea)
        wechat.display = path.suffix.lower() == ".txt" and path.is_file()
        if wechat.display:
            wechat.load_text(path.read_text(encoding="utf-8-sig"))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._set_busy(False)
        self._show_error(message.field, message.message)

    @on(Worker.StateChanged)
    def _worker_ended(self, event: Worker.StateChanged) -> None:
        # A bug (not a UserError): ReportWorkerErrors logs it and tells the user; unlock the screen.
        if event.state is WorkerState.ERROR:
            self._set_busy(False)
            self._show_error("", t("ui.exp.failed"))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#write", Button).disabled = busy
        status = self.query_one("#status", Label)
        status.update(t("ui.exp.busy") if busy else "")
        status.set_class(busy, "-shown")
        status.remove_class("error")
        self.refresh_bindings()

    def _show_error(self, field_id: str, message: str) -> None:
        if field_id:
            label = self.query_one(f"#e-{field_id}", Label)
            target = self.query_one(f"#{field_id}")
            target.focus()
        else:
            label = self.query_one("#status", Label)
            label.add_class("error")
        label.update(_plain(message))
        label.add_class("-shown")

    def _clear_messages(self) -> None:
        for label in self.query(".field-error"):
            label.remove_class("-shown")
        for selector in ("#status", "#written"):
            self.query_one(selector, Label).remove_class("-shown")

    # --- leaving ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.written)


class _FieldProblem(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _line(field_id: str, label: str, widget) -> ComposeResult:
    """A label, its field, and the line under it where the field's error shows."""
    with Vertical(classes="field"):
        with Horizontal(classes="line"):
            yield Label(label, classes="label")
            yield widget
        yield Label("", id=f"e-{field_id}", classes="field-error error")


def _notice_period(
    start: pendulum.Date | None = None, end: pendulum.Date | None = None
) -> tuple[pendulum.Date, pendulum.Date]:
    from tracker.reports import notice_data

    return notice_data.period(start, end)


def _plain(text: str):
    from textual.content import Content

    return Content(text)  # a path like C:\[2026]\ must not be read as markup


register(
    zh={
        "ui.exp.title": "导出报表",
        "ui.exp.what": "导出内容",
        "ui.exp.kind.report": "进度汇总表（报镇里）",
        "ui.exp.kind.notice": "资金公示",
        "ui.exp.kind.receipt": "收款收据",
        "ui.exp.format": "格式",
        "ui.exp.fmt.report.xlsx": "xlsx（Excel 表格，报镇里用）",
        "ui.exp.fmt.report.html": "html（网页，用浏览器打印）",
        "ui.exp.fmt.report.csv": "csv（每张表一个文件，打成压缩包）",
        "ui.exp.fmt.report.md": "md（纯文本表格）",
        "ui.exp.fmt.notice.html": "html（网页，打印后张贴）",
        "ui.exp.fmt.notice.xlsx": "xlsx（Excel 表格）",
        "ui.exp.fmt.notice.text": "text（发微信群的短文字）",
        "ui.exp.as_of": "截至日期",
        "ui.exp.from": "公示期间从",
        "ui.exp.project": "屋场",
        "ui.exp.all_projects": "全部屋场",
        "ui.exp.voucher": "收据编号",
        "ui.exp.voucher_hint": "到账记录的收据编号，如 TB2026-100",
        "ui.exp.folder": "保存到文件夹",
        "ui.exp.hint": "文件名自动生成（村名、报表名和日期）；文件夹里已有同名文件时会被替换。",
        "ui.exp.write": "导出 (Ctrl+S)",
        "ui.exp.close": "关闭 (Esc)",
        "ui.exp.busy": "正在写文件……",
        "ui.exp.written": "已写入：{path}",
        "ui.exp.failed": "导出时程序出错，没有写成文件；详情已记录到错误日志",
        "ui.exp.folder_required": "请填写保存文件的文件夹",
        "ui.exp.not_a_folder": "{path} 是一个文件，不是文件夹；请填文件夹的路径",
        "ui.exp.voucher_required": "请填写收据编号，如 TB2026-100",
        "ui.exp.bad_period": "开始日期 {start} 晚于结束日期 {end}；开始日期应在结束日期之前",
        "ui.exp.period_end": "公示期间到",
        "ui.exp.field_error": "{field}：{message}",
        "key.exp_write": "导出",
    },
    en={
        "ui.exp.title": "Export",
        "ui.exp.what": "What",
        "ui.exp.kind.report": "Progress report (for the town)",
        "ui.exp.kind.notice": "Public notice",
        "ui.exp.kind.receipt": "Receipt",
        "ui.exp.format": "Format",
        "ui.exp.fmt.report.xlsx": "xlsx (Excel workbook, for the town)",
        "ui.exp.fmt.report.html": "html (web page, print from a browser)",
        "ui.exp.fmt.report.csv": "csv (one file per table, in a zip)",
        "ui.exp.fmt.report.md": "md (plain-text tables)",
        "ui.exp.fmt.notice.html": "html (web page to print and post)",
        "ui.exp.fmt.notice.xlsx": "xlsx (Excel workbook)",
        "ui.exp.fmt.notice.text": "text (short text for a WeChat group)",
        "ui.exp.as_of": "As of",
        "ui.exp.from": "Period from",
        "ui.exp.project": "Project",
        "ui.exp.all_projects": "All projects",
        "ui.exp.voucher": "Voucher number",
        "ui.exp.voucher_hint": "voucher number of the receipt, e.g. TB2026-100",
        "ui.exp.folder": "Save in folder",
        "ui.exp.hint": "The file is named for you (village, report and date); a file of that name in the "
        "folder is replaced.",
        "ui.exp.write": "Export (Ctrl+S)",
        "ui.exp.close": "Close (Esc)",
        "ui.exp.busy": "Writing the file…",
        "ui.exp.written": "Written: {path}",
        "ui.exp.failed": "Exporting failed because of a program error; no file was written. Details are in the error log",
        "ui.exp.folder_required": "Enter the folder to save the file in",
        "ui.exp.not_a_folder": "{path} is a file, not a folder; enter the path of a folder",
        "ui.exp.voucher_required": "Enter the voucher number, e.g. TB2026-100",
        "ui.exp.bad_period": "The start date {start} is after the end date {end}; the start must come first",
        "ui.exp.period_end": "Period to",
        "ui.exp.field_error": "{field}: {message}",
        "key.exp_write": "Export",
    },
)
