"""The modal form every record type is entered with.

A form is a list of ``Field``s. Saving reads every field through ``field_parsers.parse`` (the
reading the import uses too), runs the form's own checks (which villager or contributor a typed
name means) and asks tracker/rules.py about the record it would write, so every message shows at
once; only when nothing is wrong does it write through tracker/records.py inside one transaction,
which runs the same rules again. Any error is shown under its field and nothing is written.
Escape dismisses with None and writes nothing. A form holds no rule of its own: the rules are the
tracker's, the same for the CLI and the import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import peewee as pw
import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select

from models import SOURCES, Project
from tracker import dates, field_parsers, listings, money, quantities, rules
from tracker.errors import FieldError, UserError, ValidationError
from tracker.i18n import register, t

from ..widgets import saving
from .confirm import Confirm
from .widgets import Picker, plain, translate_bindings

FORMS_TCSS = Path(__file__).with_name("forms.tcss")

INPUT_KINDS = ("text", "amount", "date", "days", "integer", "source", "path")


@dataclass(frozen=True)
class Field:
    """One field of a form. ``name`` is also the FieldError field records.py reports."""

    name: str
    kind: str = "text"  # one of INPUT_KINDS, or select, check, picker, project
    required: bool = False
    label: str = ""  # i18n key; "field.<name>" when empty
    placeholder: str = ""  # i18n key
    low: int = 0
    high: int = 10**9
    max_len: int = 200
    hidden: bool = False  # shown by the form when it applies (the kind of a new contributor)

    @property
    def label_key(self) -> str:
        return self.label or f"field.{self.name}"


def input_id(name: str) -> str:
    return f"f-{name}"


class RecordForm(ModalScreen[pw.Model | None]):
    """Base of every form: subclasses give FIELDS, TITLE_KEY and ``write``."""

    CSS_PATH = FORMS_TCSS
    TITLE_KEY: ClassVar[str] = ""
    EDIT_TITLE_KEY: ClassVar[str] = ""
    FIELDS: ClassVar[Sequence[Field]] = ()
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", priority=True),
        Binding("escape", "cancel", "key.cancel"),
    ]

    def __init__(
        self,
        project_id: int | None = None,
        initial: dict | None = None,
        *,
        record_id: int | None = None,
        focus: str | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.project_id = project_id
        self.initial = dict(initial or {})
        self.record_id = record_id
        self.focus_field = focus  # where the cursor starts (the amount, in a corrected entry)
        self._typed_start: tuple = ()
        self.today = dates.today()
        self._errors: dict[str, str] = {}
        self._saving = False  # a save waiting for another writer to finish
        self._hints: dict[str, str] = {}
        self._projects = listings.projects() if self.has_project_field else []

    # --- what subclasses provide ----------------------------------------------------------

    def defaults(self) -> dict[str, Any]:
        """Starting values of a new record (before ``initial`` is applied): nothing of the previous
        entry is carried over but its date (and the project, which the caller gives)."""
        return {"date": getattr(self.app, "entry_date", None) or dates.format_iso(self.today)}

    def existing(self) -> dict[str, Any]:
        """Values of the record being edited (forms that can edit override this)."""
        return {}

    def choices(self, field: Field) -> list[tuple[str, Any]]:
        if field.kind == "source":
            return [(t(f"source.{key}"), key) for key in SOURCES]
        return []

    def suggestions(self, field: Field) -> list[str]:
        return []

    def lookup(self, field: Field, text: str) -> Sequence[Any]:
        return []

    def describe(self, field: Field, hit: Any) -> str:
        return hit.name

    def questions(self, values: dict[str, Any]) -> list[str]:
        """What to ask before saving (tracker.rules.questions of the record); [] to save at once."""
        record = self.candidate(values)
        if record is None or not hasattr(record, "date") or self.editing:
            return []
        return [q.message() for q in rules.questions(record, today=self.today, as_of=self.as_of())]

    def as_of(self) -> Any:
        """The as-of date on screen (the app's), else today."""
        return getattr(self.app, "as_of", None) or self.today

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        """Resolve what was typed (a name to the villager it means); add messages by field name."""

    def candidate(self, values: dict[str, Any]) -> pw.Model | None:
        """The record ``write`` would store, unsaved, from the values read so far: its rules are
        asked before writing so their messages show beside the parse errors of other fields."""
        return None

    def write(self, values: dict[str, Any]) -> pw.Model:
        raise NotImplementedError

    def after_save(self, values: dict[str, Any]) -> None:
        """Remember choices for the next form (runs only after a successful save)."""

    def title_text(self) -> str:
        return t(self.EDIT_TITLE_KEY if self.editing and self.EDIT_TITLE_KEY else self.TITLE_KEY)

    # --- layout --------------------------------------------------------------------------------

    @property
    def has_project_field(self) -> bool:
        return any(f.kind == "project" for f in self.FIELDS)

    @property
    def editing(self) -> bool:
        return self.record_id is not None

    def start_values(self) -> dict[str, Any]:
        values = self.existing() if self.editing else self.defaults()
        if self.project_id is not None:
            values.setdefault("project", self.project_id)
        elif len(self._projects) == 1:
            values.setdefault("project", self._projects[0][0])
        return {**values, **self.initial}

    def compose(self) -> ComposeResult:
        start = self.start_values()
        title = self.title_text()
        with Vertical(id="form-box"):
            yield Label(plain(title), id="form-title")
            with VerticalScroll(id="form-body"):
                for field in self.FIELDS:
                    yield self._row(field, start.get(field.name))
            yield Label("", id="form-error", classes="error")
            with Horizontal(id="form-buttons"):
                yield Button(t("form.save"), id="save", variant="primary", compact=True)
                yield Button(t("form.cancel"), id="cancel", compact=True)
        yield Footer()

    def _row(self, field: Field, value: Any) -> Widget:
        label = t(field.label_key) + (" *" if field.required else "")
        widget = self._widget(field, value)
        row = Vertical(
            Horizontal(Label(plain(label), classes="field-label"), widget, classes="field-line"),
            Label("", id=f"e-{field.name}", classes="note"),
            id=f"row-{field.name}",
            classes="field",
        )
        row.display = not field.hidden
        return row

    def _widget(self, field: Field, value: Any) -> Widget:
        fid = input_id(field.name)
        placeholder = t(field.placeholder) if field.placeholder else ""
        if field.kind == "project":
            options = [(f"{name}（{group}）" if group else name, pid) for pid, name, group in self._projects]
            ids = {pid for pid, _, _ in self._projects}
            return Select(
                options,
                value=value if value in ids else Select.NULL,
                id=fid,
                compact=True,
                prompt=t("form.select.project"),
                allow_blank=True,
            )
        if field.kind in ("select", "source"):
            options = self.choices(field)
            known = {v for _, v in options}
            return Select(
                options,
                value=value if value in known else Select.NULL,
                id=fid,
                compact=True,
                prompt=t("form.select.choose"),
                # the source stays blank until the payer is known (it follows the contributor), and
                # a new contributor's kind until the user chooses it: neither is carried over
                allow_blank=not field.required or field.kind == "source" or field.hidden,
            )
        if field.kind == "check":
            return Checkbox(t("form.yes"), value=bool(value), id=fid, compact=True)
        if field.kind == "picker":
            return Picker(
                lambda text, f=field: self.lookup(f, text),
                lambda hit, f=field: self.describe(f, hit),
                value=_text(value),
                placeholder=placeholder,
                input_id=fid,
                id=f"p-{field.name}",
            )
        names = self.suggestions(field)
        suggester = SuggestFromList(names, case_sensitive=False) if names else None
        return Input(_text(value), placeholder=placeholder, id=fid, compact=True, suggester=suggester)

    def on_mount(self) -> None:
        for field in self.FIELDS:
            if field.kind in ("amount", "date", "days"):
                self._hint(field, self.query_one(f"#{input_id(field.name)}", Input).value)
        self._focus_first()
        self.call_after_refresh(self._remember_start)

    def _remember_start(self) -> None:
        self._typed_start = self._typed()

    def _typed(self) -> tuple:
        return tuple(self._value(f) for f in self.FIELDS)

    def _focus_first(self) -> None:
        chosen = next((f for f in self.FIELDS if f.name == self.focus_field), None)
        if chosen is not None and self._field_widget(chosen) is not None:
            widget = self._field_widget(chosen)
            (widget.input if isinstance(widget, Picker) else widget).focus()
            return
        for field in self.FIELDS:
            widget = self._field_widget(field)
            if field.hidden or widget is None:
                continue
            if field.kind == "project" and self._value(field) is not None:
                continue  # the project in view is already chosen: start on the next field
            target = widget.input if isinstance(widget, Picker) else widget
            target.focus()
            return

    # --- reading fields ------------------------------------------------------------------------

    def _field_widget(self, field: Field) -> Widget | None:
        selector = f"#p-{field.name}" if field.kind == "picker" else f"#{input_id(field.name)}"
        found = self.query(selector)
        return found.first() if found else None

    def _value(self, field: Field) -> Any:
        widget = self._field_widget(field)
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Picker):
            return widget.value
        if isinstance(widget, Input):
            return widget.value
        return None

    def picked(self, name: str) -> Any | None:
        """The hit chosen from a picker's list, if the text still is its name."""
        widget = self.query_one(f"#p-{name}", Picker)
        hit = widget.picked
        return hit if hit is not None and hit.name == widget.value.strip() else None

    def parse(self, field: Field, raw: Any) -> Any:
        """The typed value of one field, or FieldError (message in the UI's language)."""
        name, kind = field.name, field.kind
        if kind in ("select", "project", "source"):
            if raw is None and field.required:
                raise FieldError(
                    name,
                    "form.error.no_project" if kind == "project" and not self._projects else "error.required",
                )
            return raw
        if kind == "check":
            return bool(raw)
        if kind == "path":
            text = field_parsers.parse("text", raw, name, max_len=field.max_len).strip("\"'")
            if text and not Path(text).expanduser().is_file():
                raise FieldError(name, "form.error.no_file", {"text": text})
            return text
        return field_parsers.parse(
            "text" if kind == "picker" else kind,
            raw,
            name,
            required=field.required,
            max_len=field.max_len,
            low=field.low,
            high=field.high,
            default=field.low,
            today=self.today,
        )

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for field in self.FIELDS:
            if field.hidden and not self.query_one(f"#row-{field.name}").display:
                continue
            try:
                values[field.name] = self.parse(field, self._value(field))
            except FieldError as exc:
                errors[field.name] = exc.message()
        return values, errors

    # --- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        values, errors = self.collect()
        self.check(values, errors)
        record = self.candidate(values)
        if record is not None:
            for error in rules.problems(record, self.today):
                errors.setdefault(error.field, error.message())
        if errors:
            self.show_errors(errors)
            return
        if self._saving:  # a save is already waiting for the lock: one ctrl+s is enough
            return
        asked = self.questions(values)
        if not asked:
            self._write(values)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(values)

        self.app.push_screen(Confirm(asked), answered)

    def _write(self, values: dict[str, Any]) -> None:
        if self._saving:
            return
        # Written at once when the file is free; when another window or program is writing, the
        # write waits in a worker and the form says so, keeping what was typed.
        self._saving = saving.save(self, lambda: self.write(values), lambda r, e: self._saved(values, r, e))
        if self._saving:
            self.show_errors({}, t("ui.save.waiting"))

    def _saved(self, values: dict[str, Any], instance: Any, error: BaseException | None) -> None:
        self._saving = False
        problem = saving.problem_message(error)  # locked past the timeout, damaged, read-only
        if problem is not None:
            self.show_errors({}, problem)
            return
        if isinstance(error, ValidationError):
            self.show_errors(error.by_field())
            return
        if isinstance(error, UserError):
            self.show_errors({}, error.message())
            return
        if isinstance(error, pw.IntegrityError):
            self.show_errors({}, t("form.error.not_saved", error=str(error)))
            return
        if error is not None:
            raise error
        self.after_save(values)
        if "date" in values and values["date"] is not None and not self.editing:
            self.app.entry_date = dates.format_iso(values["date"])  # the next entry starts on it
        self.dismiss(instance)

    def action_cancel(self) -> None:
        """Esc: leave at once when nothing was typed; otherwise ask before the typing is lost."""
        if self._saving:  # the write may still land: leaving now would hide it
            return
        if not self._typed_start or self._typed() == self._typed_start:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            Confirm([t("form.ask.discard")], yes=t("form.ask.discard_yes"), back=t("form.ask.discard_back")),
            answered,
        )

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        names = {f.name for f in self.FIELDS if self.query_one(f"#row-{f.name}").display}
        others = [
            t("form.error.field", field=t("field." + name), message=msg)
            for name, msg in errors.items()
            if name not in names
        ]
        first: Field | None = None
        for field in self.FIELDS:
            message = errors.get(field.name, "") if field.name in names else ""
            self._errors[field.name] = message
            self._show_note(field.name)
            widget = self._field_widget(field)
            if widget is not None:
                widget.set_class(bool(message), "-invalid")
            if message and first is None:
                first = field
        general_label = self.query_one("#form-error", Label)
        general_text = t("form.sep").join([general, *others] if general else others)
        general_label.update(plain(general_text))
        general_label.set_class(bool(general_text), "-shown")
        if first is not None:
            widget = self._field_widget(first)
            target = widget.input if isinstance(widget, Picker) else widget
            if target is not None:
                target.focus()
                if isinstance(target, Input):
                    target.select_all()  # already focused: no focus event selects it, so typing replaces

    def error_text(self, field: str) -> str:
        """The message shown under a field ("" when none): what a user reads, for tests."""
        return self._errors.get(field, "")

    # --- as the user types ---------------------------------------------------------------------

    def _hint(self, field: Field, raw: str) -> None:
        """A live reading of what was typed: 1.2万 -> ¥12,000.00, 5/26 -> 2026年5月26日."""
        text = ""
        try:
            if raw.strip():
                value = self.parse(field, raw)
                if field.kind == "amount" and value is not None:
                    text = money.format_auto(value)
                elif field.kind == "date" and value is not None:
                    text = hint_date(value)
                elif field.kind == "days":
                    text = t("form.hint.days", days=days_text(value))
        except FieldError:
            text = ""  # the error itself is shown on save, not while typing
        self.set_hint(field.name, text)

    def set_hint(self, name: str, text: str) -> None:
        self._hints[name] = text
        self._show_note(name)

    def _show_note(self, name: str) -> None:
        """The line under a field: its error if it has one, else the live hint, else nothing."""
        label = self.query_one(f"#e-{name}", Label)
        error, hint = self._errors.get(name, ""), self._hints.get(name, "")
        label.update(plain(error or hint))
        label.set_class(bool(error), "error")
        label.set_class(bool(hint) and not error, "hint")
        label.set_class(bool(error or hint), "-shown")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field = self._field_by_input(event.input)
        if field is not None and self._errors.get(field.name) and event.input.has_focus:
            self._errors[field.name] = ""  # being corrected: the live hint takes over
            self._show_note(field.name)
        if field is not None and field.kind in ("amount", "date", "days"):
            self._hint(field, event.value)
        if field is not None:
            self.field_changed(field, event.value)

    def field_changed(self, field: Field, value: str) -> None:
        """Hook for forms that react while typing (a new contributor shows its kind)."""

    @on(Picker.Picked)
    def _picked(self, event: Picker.Picked) -> None:
        name = (event.picker.id or "").removeprefix("p-")
        field = next((f for f in self.FIELDS if f.name == name), None)
        if field is not None:
            self.field_changed(field, event.hit.name)
        self.focus_next()

    def _field_by_input(self, widget: Input) -> Field | None:
        name = (widget.id or "").removeprefix("f-")
        return next((f for f in self.FIELDS if f.name == name), None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last field it saves."""
        event.stop()
        visible = [w for w in self.query(Input) if w.display and w.parent is not None and self._row_shown(w)]
        if visible and event.input is visible[-1]:
            self.action_save()
        else:
            self.focus_next()

    def _row_shown(self, widget: Widget) -> bool:
        node: Any = widget
        while node is not None and node is not self:
            if not node.display:
                return False
            node = node.parent
        return True

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def show_row(self, name: str, shown: bool) -> None:
        self.query_one(f"#row-{name}").display = shown

    # --- helpers for subclasses ----------------------------------------------------------------

    def project(self, values: dict[str, Any]) -> Project:
        return Project.get_by_id(values["project"])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, pendulum.Date):
        return dates.format_iso(value)
    return str(value)


def hint_date(value: pendulum.Date) -> str:
    """What a typed date was read as, with its weekday: 2026年5月26日 星期二 / Tue 26 May 2026."""
    return dates.format_with_weekday(value)


days_text = quantities.half_days_text


def date_text(value: Any) -> str:
    return _text(value)


register(
    zh={
        "form.save": "保存 (Ctrl+S)",
        "form.cancel": "取消 (Esc)",
        "form.yes": "是",
        "form.sep": "；",
        "form.select.project": "请选择屋场",
        "form.select.choose": "请选择",
        "form.hint.days": "{days} 个工日",
        "form.error.no_project": "还没有屋场，请先新建屋场",
        "form.error.no_file": "找不到文件“{text}”，请检查路径",
        "form.error.not_saved": "没有保存：{error}",
        "form.error.field": "{field}：{message}",
        "form.ask.discard": "放弃这次录入？",
        "form.ask.discard_yes": "放弃",
        "form.ask.discard_back": "继续录入",
    },
    en={
        "form.save": "Save (Ctrl+S)",
        "form.cancel": "Cancel (Esc)",
        "form.yes": "Yes",
        "form.sep": "; ",
        "form.select.project": "Choose a project",
        "form.select.choose": "Choose",
        "form.hint.days": "{days} work days",
        "form.error.no_project": "there is no project yet; create a project first",
        "form.error.no_file": 'file "{text}" not found; check the path',
        "form.error.not_saved": "not saved: {error}",
        "form.error.field": "{field}: {message}",
        "form.ask.discard": "Discard this entry?",
        "form.ask.discard_yes": "discard it",
        "form.ask.discard_back": "keep typing",
    },
)
