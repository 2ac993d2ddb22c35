"""A screen that only says what went wrong (e.g. the database cannot be opened) and how to quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from tracker.i18n import register, t

from ..keys import Translated

EXIT_USAGE = 2


class ErrorScreen(Translated, Screen):
    DEFAULT_CSS = """
    ErrorScreen #message {
        width: 80; height: auto; padding: 1 2;
        border: thick $error; background: $surface;
    }
    """
    BINDINGS = [
        Binding("q", "leave", "key.quit"),
        Binding("escape", "leave", "key.quit", show=False),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(f"{self._message}\n\n{t('ui.error.quit')}", id="message")
        yield Footer()

    def action_leave(self) -> None:
        self.app.exit(return_code=EXIT_USAGE)


register(
    zh={"ui.error.quit": "按 q 退出。"},
    en={"ui.error.quit": "Press q to quit."},
)
