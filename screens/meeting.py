"""记会议: a meeting with its roll ticked from the roster by household, its vote and the levy it
decides. As ticks change, the counts and whether the meeting keeps its quorum and majority are
shown (``tracker.assembly``); ctrl+s saves through ``tracker.meetings.add_meeting``, which refuses a
levy that breaks a rule, naming it, before anything is saved.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from models import MEETING_KINDS
from tracker import assembly, dates, field_parsers, listings, meetings
from tracker.errors import FieldError, UserError, ValidationError
from tracker.i18n import register, t

from .keys import Translated


class MeetingScreen(Translated, Screen):
    DEFAULT_CSS = """
    MeetingScreen .row { height: 3; }
    MeetingScreen .row Label { width: auto; padding: 1 1 0 1; }
    MeetingScreen .row Input { width: 1fr; }
    MeetingScreen .row Select { width: 24; }
    MeetingScreen #meeting-status { padding: 0 1; height: auto; }
    MeetingScreen #meeting-error { padding: 0 1; color: $error; height: auto; }
    MeetingScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("ctrl+s", "save", "key.save"),
        Binding("ctrl+t", "tick", "key.meeting.tick"),
        Binding("ctrl+h", "tick_household", "key.meeting.household"),
    ]

    def __init__(self, project_id: int | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self.help_title = t("ui.meeting.help_title")
        self.ticked: set[int] = set()
        self.households: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        today = self.app.as_of
        projects = [(name, pid) for pid, name, _group in listings.projects()]
        with Horizontal(classes="row"):
            yield Label(t("field.date"))
            yield Input(today.isoformat(), id="date")
            yield Label(t("field.kind"))
            yield Select(
                [(t(f"meeting.kind.{k}"), k) for k in MEETING_KINDS],
                value="wuchang",
                allow_blank=False,
                id="kind",
            )
            yield Label(t("field.project"))
            yield Select(projects, value=self.project_id or Select.BLANK, id="project")
        with Horizontal(classes="row"):
            yield Label(t("field.topic"))
            yield Input("", id="topic")
            yield Label(t("ui.meeting.votes"))
            yield Input("", placeholder="30,2,1", id="votes")
        with Horizontal(classes="row"):
            yield Label(t("ui.meeting.decision"))
            yield Input("", id="decision")
            yield Label(t("ui.meeting.levy"))
            yield Input("", placeholder=t("ui.meeting.levy_money"), id="levy_money")
            yield Input("", placeholder=t("ui.meeting.levy_days"), id="levy_days")
        yield Static("", id="meeting-status")
        yield Static("", id="meeting-error")
        yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#roster", DataTable)
        table.add_column("✓", key="tick", width=2)
        table.add_column(t("ui.meeting.household"), key="household", width=16)
        table.add_column(t("ui.meeting.name"), key="name", width=10)
        table.add_column(t("ui.meeting.age"), key="age", width=6)
        day = self._date() or self.app.as_of
        for v in sorted(assembly.roster_on(day), key=lambda v: (v.group, v.household, v.id)):
            if not v.resident:
                continue
            self.households[v.id] = v.household or f"#{v.id}"
            table.add_row(
                Text(""),
                Text(v.household),
                Text(v.name),
                Text("" if v.age is None else str(v.age)),
                key=str(v.id),
            )
        self._update_status()

    # --- ticking -------------------------------------------------------------------------------

    def _row_id(self) -> int | None:
        table = self.query_one("#roster", DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _set(self, pid: int, ticked: bool) -> None:
        (self.ticked.add if ticked else self.ticked.discard)(pid)
        cell = Text("✔", style="bold green") if ticked else Text("")
        self.query_one("#roster", DataTable).update_cell(str(pid), "tick", cell)

    @on(DataTable.RowSelected, "#roster")
    def action_tick(self) -> None:
        pid = self._row_id()
        if pid is not None:
            self._set(pid, pid not in self.ticked)
            self.query_one("#roster", DataTable).action_cursor_down()
            self._update_status()

    def action_tick_household(self) -> None:
        pid = self._row_id()
        if pid is None:
            return
        members = [m for m, h in self.households.items() if h == self.households[pid]]
        on = not all(m in self.ticked for m in members)
        for m in members:
            self._set(m, on)
        self._update_status()

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._update_status()

    def _date(self):
        try:
            return field_parsers.date(self.query_one("#date", Input).value, "date")
        except FieldError:
            return None

    def _votes(self) -> tuple[int, int, int] | None:
        text = self.query_one("#votes", Input).value.replace("，", ",").strip()
        if not text:
            return None
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 3:
            raise ValidationError([FieldError("votes", "error.votes", {"text": text})])
        return tuple(field_parsers.integer(p, "votes", high=10**6) for p in parts)  # type: ignore[return-value]

    def _update_status(self) -> None:
        status = self.query_one("#meeting-status", Static)
        day = self._date()
        if day is None:
            status.update(t("ui.meeting.bad_date"))
            return
        try:
            votes = self._votes()
        except (ValidationError, FieldError):
            votes = None
        kind = self.query_one("#kind", Select).value
        c = assembly.check_meeting(day, str(kind), self.ticked, votes)
        text = Text(
            t(
                "ui.meeting.counts",
                present=c.present,
                adults=c.adults_present,
                of_adults=c.adults_eligible,
                households=c.households_present,
                of_households=c.households_eligible,
            )
        )
        if c.problems:
            for p in c.problems:
                text.append("\n⚠ " + p.message(), style="bold red")
        else:
            text.append("  " + meetings.verdict(c)[0], style="bold green")
        status.update(text)

    # --- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        error = self.query_one("#meeting-error", Static)
        error.update("")
        try:
            day = field_parsers.date(self.query_one("#date", Input).value, "date")
            project_id = self.query_one("#project", Select).value
            project = meetings.project_by_id(project_id if isinstance(project_id, int) else None)
            levy = None
            money_text = self.query_one("#levy_money", Input).value
            days_text = self.query_one("#levy_days", Input).value
            if money_text.strip() or days_text.strip():
                if project is None:
                    raise ValidationError([FieldError("project", "error.required")])
                levy = meetings.LevyPlan(
                    project=project,
                    year=day.year,
                    money_per_person_fen=field_parsers.amount(money_text, "money_per_person", required=False)
                    or 0,
                    labour_half_days_per_labourer=field_parsers.half_days(days_text, "labour_days")
                    if days_text.strip()
                    else 0,
                )
            meeting = meetings.add_meeting(
                day,
                str(self.query_one("#kind", Select).value),
                self.query_one("#topic", Input).value,
                project=project,
                attendees=meetings.people_by_id(self.ticked),
                decision=self.query_one("#decision", Input).value,
                votes=self._votes(),
                levy=levy,
                today=dates.today(),
            )
        except FieldError as exc:
            error.update(f"{t('field.' + exc.field)}: {exc.message()}")
            return
        except UserError as exc:
            error.update(exc.message())
            return
        self.notify(t("ui.meeting.saved", line=meetings.meeting_line(meeting)))
        self.app.pop_screen()

    def action_back(self) -> None:
        self.app.pop_screen()


register(
    zh={
        "key.meeting.tick": "勾选到会",
        "key.meeting.household": "整户勾选",
        "ui.meeting.help_title": "记会议的按键",
        "ui.meeting.votes": "表决(同意,反对,弃权)",
        "ui.meeting.decision": "决定",
        "ui.meeting.levy": "一事一议",
        "ui.meeting.levy_money": "每人筹资(元)",
        "ui.meeting.levy_days": "每劳动力筹劳(工日)",
        "ui.meeting.age": "年龄",
        "ui.meeting.household": "户",
        "ui.meeting.name": "姓名",
        "ui.meeting.bad_date": "日期应为 YYYY-MM-DD",
        "ui.meeting.counts": "到会 {present} 人（18岁以上 {adults}/{of_adults} 人），{households}/{of_households} 户。"
        "回车勾选一人，ctrl+h 整户，ctrl+s 保存。",
        "ui.meeting.saved": "已记录会议：{line}",
    },
    en={
        "key.meeting.tick": "Tick present",
        "key.meeting.household": "Tick household",
        "ui.meeting.help_title": "Keys of the meeting screen",
        "ui.meeting.votes": "Vote (for,against,abstain)",
        "ui.meeting.decision": "Decision",
        "ui.meeting.levy": "Levy",
        "ui.meeting.levy_money": "yuan per person",
        "ui.meeting.levy_days": "days per labourer",
        "ui.meeting.age": "Age",
        "ui.meeting.household": "Household",
        "ui.meeting.name": "Name",
        "ui.meeting.bad_date": "The date should be YYYY-MM-DD",
        "ui.meeting.counts": "{present} present ({adults}/{of_adults} villagers 18+), {households}/{of_households} "
        "households. Enter ticks one, ctrl+h a household, ctrl+s saves.",
        "ui.meeting.saved": "Meeting recorded: {line}",
    },
)
