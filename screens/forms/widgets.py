"""Widgets and helpers shared by the forms, the roll call and the people screens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from screens.keys import translate
from tracker import dates


def translate_bindings(node: DOMNode) -> None:
    """Binding descriptions are i18n keys ("key.save"); show them in the current language.

    BINDINGS are read when a class is defined, before ``--lang`` is known, so each screen
    translates its own copy when it is created (the app's ``screens.keys.translate``).
    """
    translate(node)


def plain(text: object) -> Content:
    """Text shown as typed: a name like ``[李]`` must not be read as markup."""
    return Content(str(text))


def show_date(value: object) -> str:
    """A date as the UI's language writes it: 2026年5月26日, or 2026-05-26 in English."""
    return dates.format_for(value)  # type: ignore[arg-type]


class PickList(OptionList, can_focus=False):
    """The suggestions under a picker; the input keeps focus while arrows move through it."""


class PickerInput(Input):
    """The text box of a Picker: up/down walk the suggestions, enter takes the highlighted one."""

    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("escape", "close", "key.close"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With the list closed, escape and the arrows belong to the form (cancel, move on).
        if action in ("move", "close"):
            return isinstance(self.parent, Picker) and self.picker.is_open
        return super().check_action(action, parameters)

    @property
    def picker(self) -> Picker:
        parent = self.parent
        assert isinstance(parent, Picker)
        return parent

    def action_move(self, step: int) -> None:
        if not self.picker.is_open:
            raise SkipAction()  # let the screen move focus instead
        self.picker.move(step)

    def action_close(self) -> None:
        if not self.picker.is_open:
            raise SkipAction()  # escape then cancels the form
        self.picker.close()

    def on_blur(self) -> None:
        # Moving on to another field puts the suggestions away (a click on one keeps focus here).
        if isinstance(self.parent, Picker):
            self.picker.close()

    async def action_submit(self) -> None:
        if self.picker.is_open and self.picker.take_highlighted():
            return
        await super().action_submit()


class Picker(Vertical):
    """A name typed in Chinese or pinyin initials, with a list of matches to pick from.

    ``lookup(text)`` returns hits (objects with ``id`` and ``name``); ``describe(hit)`` is the
    line shown for each. ``picked`` is the hit chosen, or None when the text was typed freely
    (the form then decides: an exact name, a new contributor, or an error).
    """

    DEFAULT_CSS = """
    Picker { height: auto; width: 1fr; }
    Picker > PickList { display: none; height: auto; max-height: 7; border: none; padding: 0; }
    Picker.-open > PickList { display: block; }
    """

    class Picked(Message):
        def __init__(self, picker: Picker, hit: Any) -> None:
            super().__init__()
            self.picker = picker
            self.hit = hit

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(
        self,
        lookup: Callable[[str], Sequence[Any]],
        describe: Callable[[Any], str],
        *,
        value: str = "",
        placeholder: str = "",
        input_id: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._lookup = lookup
        self._describe = describe
        self._value = value
        self._placeholder = placeholder
        self._input_id = input_id
        self._hits: list[Any] = []
        self.picked: Any | None = None

    def compose(self) -> ComposeResult:
        yield PickerInput(self._value, placeholder=self._placeholder, id=self._input_id, compact=True)
        yield PickList()

    @property
    def input(self) -> PickerInput:
        return self.query_one(PickerInput)

    @property
    def value(self) -> str:
        return self.input.value

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def close(self) -> None:
        self._set_open(False)

    def _set_open(self, is_open: bool) -> None:
        if is_open != self.is_open:
            self.set_class(is_open, "-open")
            self.screen.refresh_bindings()

    def move(self, step: int) -> None:
        options = self.query_one(PickList)
        if options.highlighted is None:
            options.highlighted = 0
        else:
            options.highlighted = (options.highlighted + step) % max(1, options.option_count)

    def take_highlighted(self) -> bool:
        options = self.query_one(PickList)
        if options.highlighted is None or not self._hits:
            return False
        self.pick(self._hits[options.highlighted])
        return True

    def pick(self, hit: Any) -> None:
        self.picked = hit
        with self.input.prevent(Input.Changed):
            self.input.value = hit.name
        self.input.cursor_position = len(hit.name)
        self.close()
        self.post_message(self.Picked(self, hit))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if self.picked is not None and event.value.strip() != self.picked.name:
            self.picked = None
        if not self.input.has_focus:
            return  # a value set by the form (a prefill) opens no list
        text = event.value.strip()
        self._hits = list(self._lookup(text)) if text else []
        exact = len(self._hits) == 1 and self._hits[0].name == text
        options = self.query_one(PickList)
        options.set_options(Option(plain(self._describe(hit))) for hit in self._hits)
        if self._hits and not exact:
            options.highlighted = 0
            self._set_open(True)
        else:
            self.close()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._hits):
            self.pick(self._hits[event.option_index])
            self.input.focus()
