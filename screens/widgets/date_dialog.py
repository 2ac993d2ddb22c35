"""A small dialog asking for one date (the as-of date), typed the way people type dates."""

from __future__ import annotations

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tracker import dates, field_parsers
from tracker.errors import FieldError
from tracker.i18n import register, t

from ..keys import Translated


class DateDialog(Translated, ModalScreen[pendulum.Date | None]):
    """Dismisses with the date typed (2026-05-26, 5/26, 5月26日) or None on escape."""

    DEFAULT_CSS = """
    DateDialog { align: center middle; }
    DateDialog > Vertical {
        width: 60; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    DateDialog .title { text-style: bold; margin-bottom: 1; }
    DateDialog .hint { color: $text-muted; }
    DateDialog .error { color: $error; height: auto; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("enter", "save", "key.save", show=True),
    ]

    def __init__(
        self, current: pendulum.Date, *, title_key: str = "ui.as_of.title", today: pendulum.Date | None = None
    ) -> None:
        super().__init__()
        self._current = current
        self._title_key = title_key
        self._today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t(self._title_key), classes="title")
            yield Input(value=dates.format_iso(self._current), id="date", select_on_focus=True)
            yield Label("", id="date-error", classes="error")
            yield Static(t("ui.as_of.hint"), classes="hint")

    @on(Input.Submitted, "#date")
    def action_save(self) -> None:
        text = self.query_one("#date", Input).value
        try:
            value = field_parsers.date(text, "date", today=self._today)
        except FieldError as exc:
            self.query_one("#date-error", Label).update(f"{t('field.date')}: {exc.message()}")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


register(
    zh={
        "ui.as_of.title": "截至日期：之后的记录不计入",
        "ui.as_of.hint": "可填 2026-05-26、5/26 或 5月26日；回车确定，Esc 取消",
    },
    en={
        "ui.as_of.title": "As-of date: later records are left out",
        "ui.as_of.hint": "Type 2026-05-26, 5/26 or 5月26日; Enter to apply, Esc to cancel",
    },
)
