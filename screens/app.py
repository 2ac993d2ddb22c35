"""The Textual app: what ``xiumei`` opens when it is run without a command.

``make_app`` builds the app (the CLI and the tests both call it); ``run_app`` runs it and returns
the exit status. The app opens the village database when it starts and closes it when it ends;
every figure its screens show comes from the ledger. Screens other than the dashboard are imported
when first opened, so the first screen is not kept waiting for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import peewee as pw
import pendulum
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from models import DatabaseError, close_database, open_database
from models.db import is_server_url
from tracker import dates, prefs, search
from tracker import errors as _errors  # noqa: F401  (registers the db.* messages shown when a file cannot be opened)
from tracker.i18n import LANGS, get_lang, register, set_lang, t

from . import APP_CSS
from .commands import ADD_KINDS, XiumeiCommands, kind_name
from .dashboard import DashboardScreen
from .keys import translate, translate_textual_widgets
from .widgets.error_screen import ErrorScreen
from .widgets.errors import log_error

EXIT_OK = 0


class XiumeiApp(App[None]):
    # The daily backup starts this many seconds after the first screen, once the dashboard is filled.
    AUTO_BACKUP_DELAY = 2.0
    CSS_PATH = APP_CSS
    COMMANDS = {XiumeiCommands}
    BINDINGS = [
        Binding("l", "roll_call", "key.roll_call"),
        Binding("e", "export", "key.export"),
        Binding("i", "import_ledger", "key.import"),
        Binding("question_mark", "help", "key.help"),
        Binding("q", "quit", "key.quit"),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
        Binding("ctrl+q", "quit", "key.quit", show=False, priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, db_path: Path, today: pendulum.Date) -> None:
        super().__init__()
        self.db_path = db_path if is_server_url(db_path) else Path(db_path)
        self.today = today
        self.read_only = False  # a town or county database: villages' records are only read
        self.as_of = today
        self.database_open = False
        translate(self)
        translate_textual_widgets()
        self.title = t("ui.app.title")

    # --- life cycle ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            open_database(self.db_path, create=False)
        except DatabaseError as exc:
            self.push_screen(ErrorScreen(t(f"db.{exc.code}", path=exc.path, detail=exc.detail)))
            return
        self.database_open = True
        try:
            search.index_names()  # spellings of names written by an older version, once
        except pw.DatabaseError:
            pass  # a read-only file: its names are found by their initials meanwhile
        self.push_screen(self._first_screen())
        if not is_server_url(self.db_path):  # a server database is backed up by its server
            self.set_timer(self.AUTO_BACKUP_DELAY, self._start_daily_backup)

    def _first_screen(self) -> Screen:
        from tracker.exchange import keys

        if keys.is_town_level():
            from .town_dashboard import TownDashboardScreen

            self.read_only = True
            return TownDashboardScreen()
        return DashboardScreen()

    # Screens that write records: a town or county database opens none of them.
    # (The village export reads one village's database; a town writes its own report with e.)
    _WRITERS = frozenset(
        {
            "RecordForm",
            "ReverseScreen",
            "RollCallScreen",
            "ImportScreen",
            "SettingsScreen",
            "AddMenu",
            "ExportScreen",
        }
    )

    def push_screen(self, screen, *args: Any, **kwargs: Any):  # type: ignore[override]
        if self.read_only and not isinstance(screen, str):
            if self._WRITERS & {c.__name__ for c in type(screen).__mro__}:
                self.notify(t("ui.town.read_only"), severity="warning")
                return None
        return super().push_screen(screen, *args, **kwargs)

    def _start_daily_backup(self) -> None:
        if self.database_open:
            self.run_worker(self._daily_backup, thread=True, group="backup", exit_on_error=False)

    def _daily_backup(self) -> None:
        """One copy a day through SQLite's backup API, the newest 14 kept (tracker.backup)."""
        from tracker.backup import auto_backup

        try:
            auto_backup(self.db_path)
        except DatabaseError as exc:  # e.g. a full disk or a read-only folder: say so, keep working
            reason = t(f"db.{exc.code}", path=exc.path, detail=exc.detail)
            self.call_from_thread(self.notify, t("ui.backup.failed", reason=reason), severity="warning")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.call_from_thread(self.notify, t("ui.backup.failed", reason=reason), severity="warning")

    def on_unmount(self) -> None:
        close_database()
        self.database_open = False

    def _fatal_error(self) -> None:
        # Textual would print a traceback on exit; a cadre gets one line, the details go to a log.
        log = log_error(self._exception)
        self.bell()
        self._exit_renderables.append(t("cli.internal", path=log))
        self._close_messages_no_wait()

    # --- what screens, keys and the command palette ask for -------------------------------------

    def open_project(self, project_id: int) -> None:
        from .project import ProjectScreen

        # One project screen at a time: opening another replaces it, so escape leads to the dashboard.
        if isinstance(self.screen, ProjectScreen):
            self.switch_screen(ProjectScreen(project_id))
        else:
            self._to_dashboard_then(lambda: self.push_screen(ProjectScreen(project_id)))

    def _to_dashboard_then(self, then: Callable[[], object]) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()
        then()

    def current_project_id(self, screen: Screen | None = None) -> int | None:
        """The project in view: the project screen's, or the dashboard's highlighted row."""
        screen = screen or self.screen
        project_id = getattr(screen, "project_id", None)
        if project_id is None and isinstance(screen, DashboardScreen):
            project_id = screen.highlighted_project_id()
        return project_id

    def edit_project(self, project_id: int) -> None:
        """Name, 组, leader, budget, dates and status of a project (the palette's 修改屋场)."""
        from .forms.project import ProjectForm

        self.push_screen(ProjectForm(record_id=project_id), self._saved("project"))

    def add_record(self, kind: str, project_id: int | None = None) -> None:
        from .forms import FORMS

        self.push_screen(FORMS[kind](project_id=project_id, initial=None), self._saved(kind))

    def _saved(self, kind: str) -> Callable[[Any], None]:
        # The screen below reloads its figures when it is shown again; this only says it worked.
        def done(value: Any) -> None:
            if value is not None:
                self.notify(self.saved_text(kind, value), timeout=8)

        return done

    def saved_text(self, kind: str, record: Any) -> str:
        """What a save says: what was saved, where it went when the list in view cannot show it,
        and for a receipt its number and how to print it."""
        parts = [t("ui.saved", what=kind_name(kind))]
        day = getattr(record, "date", None)
        if day is not None and day > self.as_of:
            parts.append(
                t("ui.saved.after_as_of", date=dates.format_iso(day), as_of=dates.format_iso(self.as_of))
            )
        voucher = getattr(record, "voucher", None)
        if kind == "receipt" and voucher:
            self.last_receipt = voucher
            parts.append(t("ui.saved.receipt", voucher=voucher))
        return t("ui.saved.sep").join(parts)

    def print_receipt(self, voucher: str) -> None:
        """Write the receipt's HTML (as ``xiumei receipt`` does) into the export folder; say where."""
        from tracker import exports
        from tracker.errors import UserError

        request = exports.ExportRequest("receipt", "html", prefs.export_folder(), get_lang(), voucher=voucher)
        try:
            written = exports.write_export(request)
        except UserError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.notify(" ".join([t("ui.receipt.written", path=str(written.path)), *written.notes]), timeout=12)

    def choose_and_add(self, project_id: int | None) -> None:
        from .widgets.add_menu import AddMenu

        name = self._project_name(project_id)
        title = t("ui.add.title_project", name=name) if name else t("ui.add.title")
        kinds = [(kind, kind_name(kind)) for kind in ADD_KINDS]
        from tracker import listings

        # A village with no project yet can record nothing else: offer the project first.
        first = None if listings.projects() else "project"

        def chosen(kind: str | None) -> None:
            if kind:
                self.add_record(kind, project_id)

        self.push_screen(AddMenu(kinds, title, first=first), chosen)

    def _project_name(self, project_id: int | None) -> str:
        if project_id is None:
            return ""
        from tracker import listings

        return next((name for pid, name, _ in listings.projects() if pid == project_id), "")

    def reload_screen(self) -> None:
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()

    def action_roll_call(self) -> None:
        from .roll_call import RollCallScreen

        self.push_screen(RollCallScreen(project_id=self.current_project_id()))

    def action_people(self) -> None:
        from .people_search import PeopleScreen

        self.push_screen(PeopleScreen())

    def action_export(self) -> None:
        from .export import ExportScreen

        # The project in view (not a highlighted dashboard row) narrows the export to that project.
        self.push_screen(ExportScreen(project_id=getattr(self.screen, "project_id", None), as_of=self.as_of))

    def action_charts(self) -> None:
        from .charts import ChartsScreen

        self.push_screen(ChartsScreen(self.current_project_id()))

    def action_meeting(self) -> None:
        from .meeting import MeetingScreen

        self.push_screen(MeetingScreen(self.current_project_id()))

    def action_pace(self) -> None:
        from .charts import PaceScreen

        self.push_screen(PaceScreen())

    def export_plan_template(self, name: str) -> None:
        """ "Copy our model": the project's plan, written to the export folder."""
        from tracker.errors import UserError
        from tracker.importer.plan_template import plan_file_name, write_plan_template

        path = prefs.export_folder() / plan_file_name(name)
        n = 1
        while path.exists():  # an earlier copy may have been edited since: never written over
            n += 1
            path = path.with_name(f"{Path(plan_file_name(name)).stem}（{n}）.xlsx")
        try:
            written = write_plan_template(name, path)
        except UserError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.notify(t("ui.plan.written", path=written))

    def action_import_ledger(self) -> None:
        from .import_screen import ImportScreen

        self.push_screen(ImportScreen())  # the dashboard reloads when it is shown again

    def action_settings(self) -> None:
        from .settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_help(self) -> None:
        from .help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.of(self.screen, self))

    def action_dashboard(self) -> None:
        self._to_dashboard_then(lambda: None)

    def action_as_of(self) -> None:
        from .widgets.date_dialog import DateDialog

        def chosen(value: pendulum.Date | None) -> None:
            if value is not None and value != self.as_of:
                self.as_of = value
                self.notify(t("ui.as_of.changed", date=dates.format_iso(value)))
                self.reload_screen()

        self.push_screen(DateDialog(self.as_of, today=self.today), chosen)

    def action_quit(self) -> None:
        # A screen holding unsaved input (the roll call's ticks) may ask to be left first.
        confirm_leave = getattr(self.screen, "confirm_leave", None)
        if confirm_leave is not None and not confirm_leave():
            return
        self.exit(return_code=EXIT_OK)

    def action_help_quit(self) -> None:
        self.notify(t("ui.how_to_quit"))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("cmd.placeholder"), id="--command-palette"))

    def set_language(self, lang: str) -> None:
        """Switch every label to ``lang``, remember it, and draw the screens again in it."""
        if lang not in LANGS:
            return
        set_lang(lang)
        prefs.set_language(lang)
        translate(self)
        translate_textual_widgets()
        self.title = t("ui.app.title")
        self.refresh_bindings()
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        # Screens hold their text from when they were built: replace them with fresh ones.
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if self.database_open:
            await self.switch_screen(self._first_screen())
        self.notify(t("ui.lang.changed"))

    def get_system_commands(self, screen: Screen):  # type: ignore[override]
        # Textual's own commands are English only; ours (screens.commands) cover what a cadre needs.
        return iter(())


def make_app(db_path: Path, lang: str | None = None, today: pendulum.Date | None = None) -> XiumeiApp:
    """The app on ``db_path``; ``lang`` (else the saved preference) and ``today`` (tests pin it)."""
    chosen = lang or prefs.language() or get_lang()
    set_lang(chosen if chosen in LANGS else "zh")
    translate_textual_widgets()
    return XiumeiApp(db_path if is_server_url(db_path) else Path(db_path), today or dates.today())


def run_app(db_path: Path, lang: str | None = None) -> int:
    app = make_app(db_path, lang)
    try:
        app.run()
    finally:
        close_database()
    return app.return_code or EXIT_OK


register(
    zh={
        "ui.app.title": "秀美屋场台账",
        "ui.saved": "已保存：{what}",
        "ui.saved.sep": "；",
        "ui.saved.after_as_of": "日期 {date} 在截至日期 {as_of} 之后，当前列表和合计里看不到它；按 d 改截至日期可看到",
        "ui.saved.receipt": "收据编号 {voucher}，在“到账”页选中它按 p 打印收据",
        "ui.receipt.written": "收据已写入 {path}，用浏览器打开打印",
        "ui.backup.failed": "今天的自动备份没有做成：{reason}。可以运行 xiumei backup -o 指定位置备份",
        "ui.as_of.changed": "截至日期改为 {date}",
        "ui.how_to_quit": "按 q 退出程序",
        "ui.lang.changed": "界面语言：中文",
        "ui.plan.written": "已导出样板计划：{path}",
    },
    en={
        "ui.app.title": "Xiumei: village homestead projects",
        "ui.saved": "Saved: {what}",
        "ui.saved.sep": "; ",
        "ui.saved.after_as_of": "its date {date} is after the as-of date {as_of}: it is not in the lists and totals in view; d changes the as-of date",
        "ui.saved.receipt": "voucher number {voucher}; select it on the Receipts tab and press p to print the receipt",
        "ui.receipt.written": "Receipt written to {path}; open it in a browser to print",
        "ui.backup.failed": "Today's automatic backup was not made: {reason}. Run xiumei backup -o to back up elsewhere",
        "ui.as_of.changed": "As-of date set to {date}",
        "ui.how_to_quit": "Press q to quit",
        "ui.lang.changed": "Language: English",
        "ui.plan.written": "Plan exported: {path}",
    },
)
