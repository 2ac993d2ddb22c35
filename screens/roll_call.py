"""出工点名: tick who came to work today, household by household, and save them all at once.

The people of the project's 组 are listed by household; the search box finds villagers of any 组
and lists them too. In the list: space ticks a person (and moves on), h switches half/whole day, a
ticks a whole household (and moves to the next), Home/End go to the first and last row; ctrl+s
saves every ticked person through records.add_labour_roll, one transaction for the lot.

Who already has labour on the project that day shows it ("已记 1 工日"), and space does not tick
them: a second entry that day is added only on purpose, with + (records refuses it otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Footer, Input, Label, Select

from models import Project
from tracker import dates, field_parsers, listings, prefs, records, search
from tracker.errors import FieldError, UserError, ValidationError
from tracker.i18n import register, t

from .forms.base import days_text
from .forms.widgets import plain, show_date, translate_bindings
from .widgets import saving

WHOLE, HALF = 2, 1  # half days


class RollTable(DataTable):
    """The people of a 组 with their tick and half/whole day; it owns the ticks it shows."""

    BINDINGS = [
        Binding("space", "tick", "key.rollcall.tick"),
        Binding("h", "half", "key.rollcall.half"),
        Binding("a", "household", "key.rollcall.household"),
        Binding("plus", "again", "key.rollcall.again"),
        Binding("home", "first", "key.top", show=False),
        Binding("end", "last", "key.bottom", show=False),
        Binding("slash", "find", "key.search"),
    ]

    @dataclass
    class Changed(Message):
        """The ticks changed: how many people and half days are ticked now."""

        people: int
        half_days: int

    @dataclass
    class Find(Message):
        """The user wants the search box."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        translate_bindings(self)
        self.ticked: dict[int, int] = {}  # person id -> half days
        self.again: set[int] = set()  # already recorded that day, ticked for a second entry on purpose
        self.halves: dict[int, int] = {}  # person id -> half days chosen (whole day unless set)
        self.people: list[search.PersonHit] = []
        self.recorded: dict[int, int] = {}

    def on_mount(self) -> None:
        self.add_column("✓", key="tick", width=2)
        self.add_column(t("rollcall.col.household"), key="household", width=14)
        self.add_column(t("rollcall.col.name"), key="name", width=10)
        self.add_column(t("rollcall.col.days"), key="days", width=6)
        self.add_column(t("rollcall.col.party"), key="party", width=6)
        self.add_column(t("rollcall.col.recorded"), key="recorded", width=12)

    def show(self, people: list[search.PersonHit], recorded: dict[int, int]) -> None:
        """List these people (a whole group, or the ones a search found); ticks are kept."""
        self.people = people
        self.recorded = recorded
        self.clear()
        previous = None
        home_group = people[0].group if people else ""
        for hit in people:
            household = hit.household if hit.household != previous else ""
            if household and hit.group and hit.group != home_group and hit.group not in household:
                household = f"{hit.group} {household}"  # someone from another 组, found by the search
            previous = hit.household
            self.add_row(
                self._tick_cell(hit.id),
                Text(household),
                Text(hit.name),
                self._days_cell(hit.id),
                Text(t("form.party_member") if hit.is_party_member else ""),
                self._recorded_cell(hit.id),
                key=str(hit.id),
            )

    def set_recorded(self, recorded: dict[int, int]) -> None:
        self.recorded = recorded
        for hit in self.people:
            self.update_cell(str(hit.id), "recorded", self._recorded_cell(hit.id))

    def reset(self) -> None:
        self.ticked.clear()
        self.halves.clear()
        self.again.clear()
        for hit in self.people:
            self._refresh_row(hit.id)
        self._changed()

    def _tick_cell(self, pid: int) -> Text:
        if pid in self.again and pid in self.ticked:
            return Text("+", style="bold yellow")
        return Text("✔", style="bold green") if pid in self.ticked else Text("")

    def _days_cell(self, pid: int) -> Text:
        halves = self.halves.get(pid, WHOLE)
        style = "bold" if pid in self.ticked else "dim"
        return Text(days_text(halves), style=style)

    def _recorded_cell(self, pid: int) -> Text:
        halves = self.recorded.get(pid)
        return Text(t("rollcall.recorded", days=days_text(halves)), style="yellow") if halves else Text("")

    def _refresh_row(self, pid: int) -> None:
        self.update_cell(str(pid), "tick", self._tick_cell(pid))
        self.update_cell(str(pid), "days", self._days_cell(pid))

    def _current(self) -> search.PersonHit | None:
        if not self.people or not self.is_valid_coordinate(Coordinate(self.cursor_row, 0)):
            return None
        key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value
        return next((p for p in self.people if str(p.id) == key), None)

    def _changed(self) -> None:
        self.post_message(self.Changed(len(self.ticked), sum(self.ticked.values())))

    def action_tick(self) -> None:
        hit = self._current()
        if hit is None:
            return
        if hit.id in self.ticked:
            del self.ticked[hit.id]
            self.again.discard(hit.id)
        elif hit.id in self.recorded:
            self.app.notify(t("rollcall.already", name=hit.name), severity="warning")
        else:
            self.ticked[hit.id] = self.halves.get(hit.id, WHOLE)
        self._refresh_row(hit.id)
        self._changed()
        self.action_cursor_down()

    def action_again(self) -> None:
        """A second entry that day for someone already recorded, asked for on purpose."""
        hit = self._current()
        if hit is None:
            return
        if hit.id in self.again:
            self.again.discard(hit.id)
            self.ticked.pop(hit.id, None)
        else:
            self.again.add(hit.id)
            self.ticked[hit.id] = self.halves.get(hit.id, WHOLE)
        self._refresh_row(hit.id)
        self._changed()
        self.action_cursor_down()

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=max(self.row_count - 1, 0))

    def action_half(self) -> None:
        hit = self._current()
        if hit is None:
            return
        halves = HALF if self.halves.get(hit.id, WHOLE) == WHOLE else WHOLE
        self.halves[hit.id] = halves
        self.ticked[hit.id] = halves  # choosing a half day means they came
        self._refresh_row(hit.id)
        self._changed()

    def action_household(self) -> None:
        hit = self._current()
        if hit is None:
            return
        members = [p for p in self.people if p.household == hit.household and p.group == hit.group]
        fresh = [p for p in members if p.id not in self.recorded or p.id in self.again]
        untick = all(p.id in self.ticked for p in fresh)
        for p in fresh:
            if untick:
                self.ticked.pop(p.id, None)
                self.again.discard(p.id)
            else:
                self.ticked.setdefault(p.id, self.halves.get(p.id, WHOLE))
            self._refresh_row(p.id)
        self._changed()
        # On to the next household's first row: a roll call goes household by household.
        last = max(i for i, p in enumerate(self.people) if p.id in {m.id for m in members})
        self.move_cursor(row=min(last + 1, self.row_count - 1))

    def action_find(self) -> None:
        self.post_message(self.Find())


class RollCallScreen(Screen[int]):
    """Dismisses with the number of labour entries saved while it was open."""

    CSS_PATH = Path(__file__).with_name("roll_call.tcss")
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", priority=True),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, project_id: int | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.project_id = project_id
        self.saved_entries = 0
        self._saving = False  # a save waiting for another writer to finish
        self._leave_warned = False
        self._projects = listings.projects()
        self._members: list[search.PersonHit] = []
        self._extra: dict[int, search.PersonHit] = {}  # people of other 组 found by the search

    def compose(self) -> ComposeResult:
        projects = [(f"{name}（{group}）" if group else name, pid) for pid, name, group in self._projects]
        ids = {pid for pid, _, _ in self._projects}
        start = (
            self.project_id
            if self.project_id in ids
            else (self._projects[0][0] if len(self._projects) == 1 else Select.NULL)
        )
        yield Label(plain(t("rollcall.title")), id="roll-title")
        with Horizontal(id="roll-top"):
            yield Label(plain(t("field.project")), classes="top-label")
            yield Select(projects, value=start, id="project", compact=True, prompt=t("form.select.project"))
            yield Label(plain(t("field.date")), classes="top-label")
            yield Input(
                dates.format_iso(dates.today()),
                id="date",
                compact=True,
                placeholder=t("form.placeholder.date"),
            )
            yield Label(plain(t("field.work_type")), classes="top-label")
            yield Input(
                prefs.last_work_type(),
                id="work_type",
                compact=True,
                suggester=SuggestFromList(search.work_types(), case_sensitive=False),
                placeholder=t("rollcall.placeholder.work_type"),
            )
        yield Label("", id="roll-error", classes="error")
        with Horizontal(id="roll-find"):
            yield Input(id="filter", compact=True, placeholder=t("rollcall.placeholder.filter"))
            yield Label("", id="roll-summary")
        yield RollTable(id="roll")
        yield Label("", id="roll-status")
        yield Footer()

    def on_mount(self) -> None:
        self._load_group()
        self._update_summary(0, 0)
        if self._project_value() is None:
            self.query_one("#project", Select).focus()
        else:
            self.query_one(RollTable).focus()

    # --- what is shown -------------------------------------------------------------------------

    def _project_value(self) -> int | None:
        value = self.query_one("#project", Select).value
        return None if value is Select.NULL else value

    def _date_value(self) -> Any:
        try:
            return field_parsers.date(self.query_one("#date", Input).value, "date", today=dates.today())
        except FieldError:
            return None

    def _load_group(self) -> None:
        table = self.query_one(RollTable)
        pid = self._project_value()
        table.reset()
        if pid is None:
            self._members = []
            table.show([], {})
            self._status("")
            return
        project = Project.get_by_id(pid)
        self._members = search.group_members(project.group) if project.group else []
        households = len({p.household for p in self._members})
        if self._members:
            self._status(
                t("rollcall.group", group=project.group, households=households, people=len(self._members))
            )
        else:
            self._status(t("rollcall.empty_group", group=project.group or "—"))
        self._apply_filter()

    def _recorded(self) -> dict[int, int]:
        pid, day = self._project_value(), self._date_value()
        return search.labour_on(pid, day) if pid is not None and day is not None else {}

    def _apply_filter(self) -> None:
        text = self.query_one("#filter", Input).value.strip()
        people = self._members
        if text:
            # Anyone of the village: helpers from another 组 come to work too. The 组's own first.
            found = search.search_people(text, limit=200, count=False).items
            group = self._members[0].group if self._members else None
            people = [p for p in found if p.group == group] + [p for p in found if p.group != group]
        table = self.query_one(RollTable)
        # Ticks of people the search no longer shows are kept, and saved with the rest.
        members = {m.id for m in self._members}
        self._extra.update({p.id: p for p in people if p.id not in members})
        table.show(people, self._recorded())

    def _update_summary(self, people: int, half_days: int) -> None:
        self.query_one("#roll-summary", Label).update(
            plain(t("rollcall.summary", people=people, days=days_text(half_days)))
        )

    def _status(self, text: str) -> None:
        self.query_one("#roll-status", Label).update(plain(text))

    def _error(self, text: str) -> None:
        label = self.query_one("#roll-error", Label)
        label.update(plain(text))
        label.set_class(bool(text), "-shown")

    @on(Select.Changed, "#project")
    def _project_changed(self) -> None:
        self._load_group()

    @on(Input.Changed, "#date")
    def _date_changed(self) -> None:
        if self._date_value() is not None:
            self.query_one(RollTable).set_recorded(self._recorded())

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._apply_filter()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(RollTable).focus()

    @on(RollTable.Changed)
    def _ticks_changed(self, event: RollTable.Changed) -> None:
        self._leave_warned = False
        self._update_summary(event.people, event.half_days)

    @on(RollTable.Find)
    def _find(self) -> None:
        self.query_one("#filter", Input).focus()

    # --- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        table = self.query_one(RollTable)
        pid = self._project_value()
        errors = []
        if pid is None:
            errors.append(
                t(
                    "form.error.field",
                    field=t("field.project"),
                    message=t("form.error.no_project") if not self._projects else t("error.required"),
                )
            )
        try:
            day = field_parsers.date(self.query_one("#date", Input).value, "date", today=dates.today())
        except FieldError as exc:
            errors.append(t("form.error.field", field=t("field.date"), message=exc.message()))
            day = None
        try:
            work_type = field_parsers.text(self.query_one("#work_type", Input).value, "work_type", max_len=40)
        except FieldError as exc:
            errors.append(t("form.error.field", field=t("field.work_type"), message=exc.message()))
            work_type = ""
        if not table.ticked:
            errors.append(t("rollcall.nobody"))
        if errors:
            self._error(t("form.sep").join(errors))
            return
        if self._saving:
            return
        order = [p.id for p in self._members if p.id in table.ticked]
        order += [i for i in self._extra if i in table.ticked and i not in order]
        people = search.people_by_id(order)
        attendance = [(people[i], table.ticked[i]) for i in order]
        project = Project.get_by_id(pid)

        def finish(entries: Any, error: BaseException | None) -> None:
            self._saving = False
            problem = saving.problem_message(error)
            if problem is not None:
                self._error(problem)  # the ticks stay: save again once the other is done
            elif isinstance(error, (ValidationError, UserError)):
                self._error(error.message())
            elif error is not None:
                raise error
            else:
                self._saved(entries, day, work_type)

        self._saving = saving.save(
            self,
            lambda: records.add_labour_roll(project, day, work_type, attendance, again=table.again),
            finish,
        )
        if self._saving:
            self._error(t("ui.save.waiting"))

    def _saved(self, entries: list, day: Any, work_type: str) -> None:
        table = self.query_one(RollTable)
        self._error("")
        self.saved_entries += len(entries)
        halves = sum(e.half_days for e in entries)
        prefs.remember(work_type=work_type)
        message = t(
            "rollcall.saved",
            people=len(entries),
            days=days_text(halves),
            date=show_date(day),
            work_type=work_type or "—",
        )
        self._status(message)
        self.notify(message)
        table.reset()
        table.set_recorded(self._recorded())

    def confirm_leave(self) -> bool:
        """False (and a warning) the first time someone leaves with ticks not saved."""
        ticked = len(self.query_one(RollTable).ticked)
        if ticked and not self._leave_warned:
            self._leave_warned = True
            self._error(t("rollcall.unsaved", people=ticked))
            return False
        return True

    def action_back(self) -> None:
        if self.confirm_leave():
            self.dismiss(self.saved_entries)


register(
    zh={
        "rollcall.title": "出工点名",
        "rollcall.col.household": "户",
        "rollcall.col.name": "姓名",
        "rollcall.col.days": "工日",
        "rollcall.col.party": "党员",
        "rollcall.col.recorded": "当天已记",
        "rollcall.recorded": "已记 {days} 工日",
        "rollcall.placeholder.work_type": "如 砌墙、铺路",
        "rollcall.placeholder.filter": "查找全村：姓名或拼音首字母（/）",
        "rollcall.summary": "已勾选 {people} 人，共 {days} 个工日",
        "rollcall.group": "{group}：{households} 户 {people} 人。空格勾选，h 半天/全天，a 全户，/ 查找（各组），Ctrl+S 保存",
        "rollcall.empty_group": "“{group}”还没有村民，请先在村民里添加",
        "rollcall.nobody": "还没有勾选任何人",
        "rollcall.saved": "已保存 {people} 人，共 {days} 个工日（{date}，{work_type}）",
        "rollcall.unsaved": "还有 {people} 人勾选了没保存：按 Ctrl+S 保存，再按 Esc 放弃",
        "key.rollcall.tick": "勾选",
        "key.rollcall.half": "半天/全天",
        "key.rollcall.household": "全户",
        "key.rollcall.again": "另记一笔",
        "rollcall.already": "{name} 当天已记过投工，没有勾选；确需另记一笔请按 +",
    },
    en={
        "rollcall.title": "Labour roll call",
        "rollcall.col.household": "Household",
        "rollcall.col.name": "Name",
        "rollcall.col.days": "Days",
        "rollcall.col.party": "Party",
        "rollcall.col.recorded": "Already in",
        "rollcall.recorded": "{days} {days|day|days} in",
        "rollcall.placeholder.work_type": "e.g. walls, paving",
        "rollcall.placeholder.filter": "Find anyone: name or pinyin initials (/)",
        "rollcall.summary": "{people} ticked, {days} work days",
        "rollcall.group": "{group}: {households} {households|household|households}, {people} {people|person|people}. Space ticks, h half/whole day, "
        "a whole household, / finds (any group), Ctrl+S saves",
        "rollcall.empty_group": '"{group}" has no villagers yet; add them under People first',
        "rollcall.nobody": "Nobody is ticked",
        "rollcall.saved": "Saved {people} people, {days} work days ({date}, {work_type})",
        "rollcall.unsaved": "{people} ticked and not saved: Ctrl+S saves, Esc again discards them",
        "key.rollcall.tick": "Tick",
        "key.rollcall.half": "Half/whole day",
        "key.rollcall.household": "Household",
        "key.rollcall.again": "Second entry",
        "rollcall.already": "{name} already has labour that day and was not ticked; press + for a second entry",
    },
)
