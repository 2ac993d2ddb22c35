"""``?``: every key of the screen the cadre is on, read from its bindings, in the UI's language."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tracker.i18n import register, t

from .keys import Translated, text_of

Entry = tuple[str, str]  # (key as shown, what it does)

# Keys every Textual screen has (focus moves, copy, the emergency quit): listed last, apart.
GENERAL_KEYS = {"tab", "shift+tab", "ctrl+c", "ctrl+q"}
HIDDEN_KEYS = {"super+c"}  # the macOS twin of ctrl+c


def keys_of(screen: Screen, app: App) -> tuple[list[Entry], list[Entry], list[Entry]]:
    """(the screen's and the app's own keys, the focused widget's keys, general keys)."""
    own: list[Entry] = []
    widget: list[Entry] = []
    general: list[Entry] = []
    seen: set[str] = set(HIDDEN_KEYS)

    def add(key: str, node, binding: Binding, into: list[Entry]) -> None:
        text = text_of(node, binding)
        if text and not binding.system and key not in seen:
            seen.add(key)
            (general if key in GENERAL_KEYS else into).append((app.get_key_display(binding), text))

    # The screen's own keys first, then the app-wide ones (l, e, ?, q, ctrl+p) …
    for node in (screen, app):
        for key, binding in node._bindings:
            add(key, node, binding, own)
    # … then what the focused table or field adds (cursor keys, paging).
    for key, active in screen.active_bindings.items():
        add(key, active.node, active.binding, widget)
    return own, widget, general


class HelpScreen(Translated, ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("question_mark", "close", "key.close", show=False),
        Binding("q", "close", "key.close", show=False),
    ]

    def __init__(self, title: str, own: list[Entry], widget: list[Entry], general: list[Entry]) -> None:
        super().__init__()
        self._title = title
        self.own = own
        self.widget = widget
        self.general = general

    @classmethod
    def of(cls, screen: Screen, app: App) -> HelpScreen:
        title = getattr(screen, "help_title", "") or t("ui.help.title")
        return cls(title, *keys_of(screen, app))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(self._title, style="bold"), classes="title")
            with Horizontal(id="columns"):
                with Vertical(classes="column"):
                    yield Static(Text(t("ui.help.screen_keys"), style="bold underline"), classes="heading")
                    yield Static(_table(self.own), id="own-keys")
                with Vertical(classes="column"):
                    if self.widget:
                        yield Static(
                            Text(t("ui.help.widget_keys"), style="bold underline"), classes="heading"
                        )
                        yield Static(_table(self.widget), id="widget-keys")
                    if self.general:
                        yield Static(
                            Text(t("ui.help.general_keys"), style="bold underline"), classes="heading"
                        )
                        yield Static(_table(self.general), id="general-keys")
            yield Static(t("ui.help.footer"), classes="hint")

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.set_class(width < 96, "-narrow")

    def action_close(self) -> None:
        self.dismiss(None)


def _table(entries: list[Entry]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, text in entries:
        table.add_row(key, text)
    return table


register(
    zh={
        "ui.help.title": "帮助",
        "ui.help.screen_keys": "本屏按键",
        "ui.help.widget_keys": "当前表格或输入框",
        "ui.help.general_keys": "通用按键",
        "ui.help.footer": "按 Esc 或 ? 关闭。任何屏幕按 ctrl+p 可按名称（或拼音首字母）查找命令。",
    },
    en={
        "ui.help.title": "Help",
        "ui.help.screen_keys": "Keys of this screen",
        "ui.help.widget_keys": "Table or field in focus",
        "ui.help.general_keys": "Everywhere",
        "ui.help.footer": "Esc or ? closes this. On any screen, ctrl+p finds a command by name.",
    },
)
