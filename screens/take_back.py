"""Take back a labour entry recorded by mistake (投工 is not money: it leaves the totals, and the
audit log keeps it as it was with the reason). ``r`` on the 投工 tab and in the record view."""

from __future__ import annotations

from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label

from models import LabourEntry
from tracker import corrections
from tracker.errors import UserError, ValidationError
from tracker.i18n import register, t

from .forms.widgets import plain, show_date, translate_bindings
from .widgets.cells import days


class TakeBackLabourScreen(ModalScreen[bool]):
    """Dismisses with True when the entry was taken back."""

    CSS_PATH = "take_back.tcss"
    BINDINGS = [
        Binding("ctrl+s", "confirm", "key.take_back", priority=True),
        Binding("escape", "cancel", "key.back"),
    ]

    def __init__(self, entry_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.entry = LabourEntry.get_by_id(entry_id)

    def compose(self) -> ComposeResult:
        e = self.entry
        rows = [
            (t("field.project"), e.project.name),
            (t("field.person"), e.person.name),
            (t("field.date"), show_date(e.date)),
            (t("field.days"), days(Decimal(e.half_days) / 2)),
            (t("field.work_type"), e.work_type),
        ]
        with Vertical(id="reverse-box"):
            yield Label(plain(t("takeback.title")), id="reverse-title")
            for label, value in rows:
                yield Horizontal(
                    Label(plain(label), classes="detail-label"), Label(plain(str(value))), classes="detail"
                )
            yield Label(plain(t("takeback.explain")), id="reverse-explain")
            with Horizontal(classes="detail"):
                yield Label(plain(t("takeback.reason") + " *"), classes="detail-label")
                yield Input(id="reason", placeholder=t("takeback.placeholder"), compact=True)
            yield Label("", id="e-reason", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("takeback.confirm"), id="confirm", variant="error", compact=True)
                yield Button(t("form.cancel"), id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def action_confirm(self) -> None:
        try:
            corrections.remove_labour(self.entry, self.query_one("#reason", Input).value)
        except ValidationError as exc:
            message = exc.by_field().get("reason") or exc.message()
        except UserError as exc:
            message = exc.message()
        else:
            self.dismiss(True)
            return
        error = self.query_one("#e-reason", Label)
        error.update(plain(message))
        error.add_class("-shown")

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#confirm")
    def _confirmed(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


register(
    zh={
        "takeback.title": "撤回投工记录",
        "takeback.explain": "这条投工不再计入工日和折资；它原来的内容和撤回原因留在修改记录里。",
        "takeback.confirm": "撤回 (Ctrl+S)",
        "takeback.reason": "撤回原因",
        "takeback.placeholder": "如：重复记录、记错了人",
        "key.take_back": "撤回",
    },
    en={
        "takeback.title": "Take back a labour entry",
        "takeback.explain": "The entry no longer counts in days or value; what it was and why it was taken "
        "back stay in the history.",
        "takeback.confirm": "Take back (Ctrl+S)",
        "takeback.reason": "Reason",
        "takeback.placeholder": "e.g. recorded twice, wrong person",
        "key.take_back": "Take back",
    },
)
