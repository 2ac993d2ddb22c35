"""冲销: correct a saved money record by a reversing entry, then offer the corrected entry.

The original is never changed: records.reverse adds the negated entry that points at it,
dated today, with the reason. The corrected entry opens prefilled from the original.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label

from models import MONEY_MODELS
from tracker import dates, money, records
from tracker.errors import UserError, ValidationError
from tracker.i18n import register, t

from .forms import FORMS
from .forms.widgets import plain, show_date, translate_bindings
from .widgets import saving


class ReverseScreen(ModalScreen[Any]):
    """Dismisses with the reversing entry, or None when nothing was reversed."""

    CSS_PATH = Path(__file__).with_name("reverse.tcss")
    BINDINGS = [
        Binding("ctrl+s", "confirm", "key.reverse", priority=True),
        Binding("escape", "cancel", "key.back"),
        Binding("y", "correct", "key.correct"),
        Binding("n", "no_correction", "key.no"),
    ]

    def __init__(self, kind: str, record_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        if kind not in MONEY_MODELS:
            raise ValueError(kind)
        self.kind = kind
        self.record = MONEY_MODELS[kind].get_by_id(record_id)
        self.reversal: Any | None = None
        self.corrected: Any | None = None
        self._saving = False  # a reversal waiting for another writer to finish

    def reverse_date(self) -> Any:
        """Today; or the original's own date when it lies ahead (a reversal is never dated before it)."""
        return max(dates.today(), self.record.date)

    def _blocked(self) -> str:
        """Why this record cannot be reversed ("" when it can)."""
        if self.record.reverses_id is not None:
            return t("error.reverse_reversal")
        if records.is_reversed(self.record):
            return t("error.already_reversed")
        return ""

    def _details(self) -> list[tuple[str, str]]:
        r = self.record
        rows = [
            (t("reverse.record"), t(f"table.{self.kind}")),
            (t("field.project"), r.project.name),
            (t("field.date"), show_date(r.date)),
        ]
        if self.kind != "expense":
            rows += [
                (t("field.contributor"), r.contributor.name),
                (t("field.source"), t(f"source.{r.source}")),
            ]
        if self.kind in ("in_kind", "expense"):
            rows.append((t("field.item"), r.item))
        if self.kind == "in_kind" and (r.quantity or r.unit):
            rows.append((t("field.quantity"), f"{r.quantity}{r.unit}"))
        if self.kind == "expense" and r.payee:
            rows.append((t("field.payee"), r.payee))
        rows.append((t("field.amount"), money.format_auto(r.amount_fen)))
        if getattr(r, "voucher", None):
            rows.append((t("field.voucher"), r.voucher))
        if r.note:
            rows.append((t("field.note"), r.note))
        return rows

    def compose(self) -> ComposeResult:
        blocked = self._blocked()
        with Vertical(id="reverse-box"):
            yield Label(plain(t("reverse.title", kind=t(f"table.{self.kind}"))), id="reverse-title")
            for label, value in self._details():
                yield Horizontal(
                    Label(plain(label), classes="detail-label"), Label(plain(value)), classes="detail"
                )
            yield Label(plain(t("reverse.explain")), id="reverse-explain")
            with Vertical(id="ask"):
                with Horizontal(classes="detail"):
                    yield Label(plain(t("field.reason") + " *"), classes="detail-label")
                    yield Input(
                        id="reason",
                        placeholder=t("reverse.placeholder"),
                        compact=True,
                        disabled=bool(blocked),
                    )
                yield Label(plain(blocked), id="e-reason", classes="error" + (" -shown" if blocked else ""))
                with Horizontal(classes="buttons"):
                    yield Button(
                        t("reverse.confirm"),
                        id="confirm",
                        variant="error",
                        compact=True,
                        disabled=bool(blocked),
                    )
                    yield Button(t("form.cancel"), id="cancel", compact=True)
            with Vertical(id="offer"):
                yield Label("", id="done")
                with Horizontal(classes="buttons"):
                    yield Button(t("reverse.correct"), id="yes", variant="primary", compact=True)
                    yield Button(t("reverse.no_correction"), id="no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#offer").display = False
        if not self._blocked():
            self.query_one("#reason", Input).focus()
        else:
            self.query_one("#cancel", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        offering = self.reversal is not None
        if action in ("correct", "no_correction"):
            return offering
        if action == "confirm":
            return not offering and not self._blocked()
        return True

    # --- stage 1: the reason and the reversing entry ----------------------------------------------

    def action_confirm(self) -> None:
        if self._saving:
            return
        reason, day = self.query_one("#reason", Input).value, self.reverse_date()
        self._saving = saving.save(self, lambda: records.reverse(self.record, reason, day), self._reversed)
        if self._saving:
            self._show_error(t("ui.save.waiting"))

    def _show_error(self, message: str) -> None:
        error = self.query_one("#e-reason", Label)
        error.update(plain(message))
        error.set_class(bool(message), "-shown")

    def _reversed(self, reversal: Any, exc: BaseException | None) -> None:
        self._saving = False
        self.reversal = reversal
        error = self.query_one("#e-reason", Label)
        problem = saving.problem_message(exc)
        if problem is not None:
            message = problem
        elif isinstance(exc, ValidationError):
            message = exc.by_field().get("reason") or exc.message()
        elif isinstance(exc, UserError):
            message = exc.message()
        elif exc is not None:
            raise exc
        else:
            message = ""
        error.update(plain(message))
        error.set_class(bool(message), "-shown")
        if self.reversal is None:
            self.query_one("#reason", Input).focus()
            return
        self.query_one("#ask").display = False
        self.query_one("#done", Label).update(
            plain(
                t(
                    "reverse.done",
                    amount=money.format_auto(self.reversal.amount_fen),
                    date=show_date(self.reversal.date),
                )
            )
        )
        self.query_one("#offer").display = True
        # The buttons are shown from the next refresh on; focus them then, not the hidden input.
        self.call_after_refresh(self.query_one("#yes", Button).focus)
        self.refresh_bindings()

    @on(Input.Submitted, "#reason")
    def _reason_entered(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#confirm")
    def _confirm_pressed(self) -> None:
        self.action_confirm()

    def action_cancel(self) -> None:
        self.dismiss(self.reversal)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # --- stage 2: the corrected entry --------------------------------------------------------------

    def action_correct(self) -> None:
        if self.reversal is None:
            return
        form_class = FORMS[self.kind]
        initial = form_class.initial_from(self.record)  # type: ignore[attr-defined]
        # The amount is what a correction most often changes: the cursor starts there, its text selected.
        form = form_class(self.record.project_id, initial=initial, focus="amount")
        self.app.push_screen(form, callback=self._corrected)

    def _corrected(self, result: Any) -> None:
        self.corrected = result
        self.dismiss(self.reversal)

    def action_no_correction(self) -> None:
        self.dismiss(self.reversal)

    @on(Button.Pressed, "#yes")
    def _yes_pressed(self) -> None:
        self.action_correct()

    @on(Button.Pressed, "#no")
    def _no_pressed(self) -> None:
        self.action_no_correction()


register(
    zh={
        "reverse.title": "冲销{kind}记录",
        "reverse.record": "记录",
        "reverse.explain": "原记录保留不动，另记一笔金额相反的冲销，然后可以录入更正后的记录。",
        "reverse.placeholder": "如：金额录错、重复录入",
        "reverse.confirm": "冲销 (Ctrl+S)",
        "reverse.correct": "录入更正后的记录 (Y)",
        "reverse.no_correction": "不用 (N)",
        "reverse.done": "已冲销：记了一笔 {amount}，日期 {date}。录入更正后的记录吗？",
        "key.correct": "录入更正",
        "key.no": "不用",
    },
    en={
        "reverse.title": "Reverse a {kind}",
        "reverse.record": "Record",
        "reverse.explain": "The original stays as it is; a reversing entry of the opposite amount is added, "
        "then you can enter the corrected record.",
        "reverse.placeholder": "e.g. wrong amount, entered twice",
        "reverse.confirm": "Reverse (Ctrl+S)",
        "reverse.correct": "Enter the corrected record (Y)",
        "reverse.no_correction": "No (N)",
        "reverse.done": "Reversed: an entry of {amount} dated {date} was added. Enter the corrected record?",
        "key.correct": "Correct",
        "key.no": "No",
    },
)
