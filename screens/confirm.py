"""Asking before a deletion or a merge: what will happen, and (when asked for) why."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label

from tracker.i18n import register, t

from .forms.widgets import plain, translate_bindings


class ConfirmScreen(ModalScreen[str | None]):
    """Dismisses with the reason typed ("" when none is asked), or None when cancelled."""

    CSS_PATH = "take_back.tcss"
    BINDINGS = [
        Binding("ctrl+s", "confirm", "key.confirm", priority=True),
        Binding("escape", "cancel", "key.back"),
    ]

    def __init__(self, title: str, explain: str, confirm: str, *, reason: bool = False) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text, self.explain, self.confirm_text, self.ask_reason = title, explain, confirm, reason

    def compose(self) -> ComposeResult:
        with Vertical(id="reverse-box"):
            yield Label(plain(self.title_text), id="reverse-title")
            yield Label(plain(self.explain), id="reverse-explain")
            if self.ask_reason:
                with Horizontal(classes="detail"):
                    yield Label(plain(t("confirm.reason") + " *"), classes="detail-label")
                    yield Input(id="reason", compact=True)
            yield Label("", id="e-reason", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.confirm_text + " (Ctrl+S)", id="confirm", variant="error", compact=True)
                yield Button(t("form.cancel"), id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        (self.query_one("#reason", Input) if self.ask_reason else self.query_one("#cancel", Button)).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        reason = self.query_one("#reason", Input).value.strip() if self.ask_reason else ""
        if self.ask_reason and not reason:
            error = self.query_one("#e-reason", Label)
            error.update(plain(t("error.required")))
            error.add_class("-shown")
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


register(
    zh={"confirm.reason": "原因", "key.confirm": "确定"},
    en={"confirm.reason": "Reason", "key.confirm": "Confirm"},
)
