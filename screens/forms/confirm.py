"""A question a form asks before it goes on: a new contributor, a source that does not fit, a date
far from today or after the as-of date, typing about to be thrown away.

``y`` goes ahead; Enter or Esc goes back to the form with everything as it was typed, so a key
pressed out of habit never saves or discards anything.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tracker.i18n import register, t

from ..keys import Translated
from .widgets import plain


class Confirm(Translated, ModalScreen[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 72; max-width: 95%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    Confirm .question { margin-bottom: 1; }
    Confirm .keys { color: $text-muted; }
    """
    BINDINGS = [
        Binding("y", "yes", "key.confirm_yes"),
        Binding("enter", "no", "key.confirm_back"),
        Binding("escape", "no", "key.confirm_back", show=False),
    ]

    def __init__(self, questions: list[str], yes: str = "", back: str = "") -> None:
        super().__init__()
        self.questions = questions
        self.yes_text = yes or t("confirm.yes")
        self.back_text = back or t("confirm.back")

    def compose(self) -> ComposeResult:
        with Vertical():
            for question in self.questions:
                yield Static(plain(question), classes="question")
            yield Static(plain(f"y {self.yes_text}    Enter {self.back_text}"), classes="keys")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


register(
    zh={
        "confirm.yes": "确定保存",
        "confirm.back": "返回修改",
        "key.confirm_yes": "确定",
        "key.confirm_back": "返回",
    },
    en={
        "confirm.yes": "save it",
        "confirm.back": "go back and change it",
        "key.confirm_yes": "Yes",
        "key.confirm_back": "Back",
    },
)
