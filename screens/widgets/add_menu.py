"""``a`` on the dashboard: which kind of record to add (the highlighted project is kept)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tracker.i18n import register

from ..keys import Translated


class AddMenu(Translated, ModalScreen[str | None]):
    """Dismisses with a form kind ("receipt", "labour" …) or None."""

    DEFAULT_CSS = """
    AddMenu { align: center middle; }
    AddMenu > Vertical {
        width: 50; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    AddMenu OptionList { height: auto; max-height: 16; border: none; }
    AddMenu .title { text-style: bold; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, kinds: list[tuple[str, str]], title: str, *, first: str | None = None) -> None:
        super().__init__()
        self._kinds = kinds
        self._title = title
        self._first = first  # the kind highlighted on opening

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="title")
            options = OptionList(*[Option(label, id=kind) for kind, label in self._kinds])
            if self._first is not None:
                options.highlighted = next(
                    i for i, (kind, _) in enumerate(self._kinds) if kind == self._first
                )
            yield options

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


register(
    zh={"ui.add.title": "新增什么？（↑↓ 选择，回车确定）", "ui.add.title_project": "为“{name}”新增什么？"},
    en={"ui.add.title": "Add what? (↑↓ to choose, enter)", "ui.add.title_project": 'Add what to "{name}"?'},
)
