"""出工点名 driven by keyboard: tick, half days, whole households, one transaction for the lot."""

from __future__ import annotations

import pendulum
import pytest
from conftest import NOT_SET, SIZE, TODAY, Host, fill, settle
from textual.widgets import Label

from models import AuditLog, LabourEntry, Project
from tracker import i18n, records, search
from tracker.demo import MAIN, SECOND
from tracker.errors import FieldError, ValidationError


def roll_call_host(project_id: int | None) -> Host:
    from screens.roll_call import RollCallScreen

    return Host(lambda: RollCallScreen(project_id))


def label_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Label).content)


@pytest.fixture
def main(demo_db) -> Project:
    return Project.get(Project.name == MAIN)


def new_entries(before_id: int) -> list[LabourEntry]:
    return list(LabourEntry.select().where(LabourEntry.id > before_id).order_by(LabourEntry.id))


def last_id() -> int:
    return LabourEntry.select().order_by(LabourEntry.id.desc()).get().id


async def test_thirty_people_by_keyboard_one_entry_each_half_days_honoured(main):
    members = search.group_members("桐梓组")
    start, audits = last_id(), AuditLog.select().count()
    app = roll_call_host(main.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await fill(pilot, "#work_type", "砌墙")
        await pilot.press("enter")  # back to the list
        await pilot.press(*["space"] * 28)  # the first 28 people, the cursor moving on each time
        await pilot.press("h")  # the 29th came for half a day (h ticks as well)
        await pilot.press("down", "h", "h")  # the 30th: half a day, then a whole day after all
        await pilot.pause()
        assert label_text(screen, "#roll-summary") == i18n.t("rollcall.summary", people=30, days="29.5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert label_text(screen, "#roll-status") == i18n.t(
            "rollcall.saved", people=30, days="29.5", date="2026年11月28日", work_type="砌墙"
        )
        assert label_text(screen, "#roll-summary") == i18n.t("rollcall.summary", people=0, days="0")
    entries = new_entries(start)
    assert [e.person_id for e in entries] == [p.id for p in members[:30]]
    assert {(e.project_id, e.date, e.work_type) for e in entries} == {
        (main.id, pendulum.date(2026, 11, 28), "砌墙")
    }
    assert [e.half_days for e in entries] == [2] * 28 + [1, 2]
    assert AuditLog.select().count() == audits + 30
    assert app.result is NOT_SET


async def test_a_whole_household_and_a_date_typed_the_short_way(main):
    members = search.group_members("桐梓组")
    household = [p.id for p in members if p.household == members[4].household]
    start = last_id()
    app = roll_call_host(main.id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "#date", "5/26")
        await fill(pilot, "#work_type", "铺路")
        await pilot.press("enter")
        await pilot.press(*["down"] * 5, "a")  # a member of the second household: all of it
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    entries = new_entries(start)
    assert sorted(e.person_id for e in entries) == sorted(household)
    assert {(e.date, e.half_days, e.work_type) for e in entries} == {(pendulum.date(2026, 5, 26), 2, "铺路")}
    assert app.result == len(household)  # what was saved while it was open


async def test_all_or_nothing_when_one_entry_fails(main, monkeypatch):
    real = records.add_labour
    calls = []

    def third_fails(person, *args, **kwargs):
        calls.append(person)
        if len(calls) == 3:
            raise ValidationError([FieldError("days", "error.days", {"text": "?"})])
        return real(person, *args, **kwargs)

    monkeypatch.setattr(records, "add_labour", third_fails)
    start, audits = last_id(), AuditLog.select().count()
    app = roll_call_host(main.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = label_text(app.screen, "#roll-error")
        assert i18n.t("field.days") in error
        assert label_text(app.screen, "#roll-summary") == i18n.t("rollcall.summary", people=4, days="4")
    assert len(calls) == 3
    assert new_entries(start) == []
    assert AuditLog.select().count() == audits


async def test_bad_date_or_nobody_ticked_writes_nothing(main):
    start = last_id()
    app = roll_call_host(main.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert label_text(app.screen, "#roll-error") == i18n.t("rollcall.nobody")
        await fill(pilot, "#date", "2026-02-30")
        await pilot.press("enter", "space", "ctrl+s")
        await pilot.pause()
        error = label_text(app.screen, "#roll-error")
        assert error == i18n.t(
            "form.error.field",
            field=i18n.t("field.date"),
            message=i18n.t("error.date.invalid", text="2026-02-30"),
        )
    assert new_entries(start) == []


async def test_the_list_is_the_projects_group_and_search_by_initials(main):
    second = Project.get(Project.name == SECOND)
    start = last_id()
    app = roll_call_host(second.id)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("RollTable")
        assert table.row_count == len(search.group_members("枫树组")) == 24
        assert {p.group for p in table.people} == {"枫树组"}
        await pilot.click("#project")
        await pilot.press("up", "enter")  # the other project: 桐梓组
        await pilot.pause()
        assert table.row_count == 145
        await pilot.click("#roll")
        await pilot.press("slash", *"lxj", "enter")
        await pilot.pause()
        assert [p.name for p in table.people] == ["梁湘江"]
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
    (entry,) = new_entries(start)
    assert (entry.person.name, entry.project_id) == ("梁湘江", main.id)


async def test_already_recorded_people_are_marked(main):
    day = pendulum.date(2026, 11, 28)
    first = search.group_members("桐梓组")[0]
    records.add_labour(_person(first.id), main, day, 1, work_type="栽树")
    app = roll_call_host(main.id)
    async with app.run_test(size=SIZE):
        table = app.screen.query_one("RollTable")
        assert str(table.get_cell(str(first.id), "recorded")) == i18n.t("rollcall.recorded", days="0.5")


def _person(person_id: int):
    return search.people_by_id([person_id])[person_id]


async def test_escape_with_ticks_not_saved_asks_first(main):
    start = last_id()
    app = roll_call_host(main.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "escape")
        await pilot.pause()
        assert label_text(app.screen, "#roll-error") == i18n.t("rollcall.unsaved", people=2)
        assert app.result is NOT_SET
        await pilot.press("escape")
        await pilot.pause()
    assert app.result == 0
    assert new_entries(start) == []


async def test_english_roll_call(main):
    i18n.set_lang("en")
    app = roll_call_host(main.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert label_text(screen, "#roll-title") == "Labour roll call"
        descriptions = {b.binding.description for b in screen.active_bindings.values() if b.binding.show}
        assert {"Tick", "Half/whole day", "Household", "Save", "Back"} <= descriptions
        await pilot.press("space")
        await pilot.pause()
        assert label_text(screen, "#roll-summary") == "1 ticked, 1 work days"


async def test_q_in_the_roll_call_warns_before_quitting_with_ticks_not_saved(demo_db, db_path):
    from screens.app import make_app
    from screens.roll_call import RollCallScreen

    app = make_app(db_path, lang="zh", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the dashboard's projects, so `l` knows the project
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, RollCallScreen)
        table = app.screen.query_one("RollTable")
        await settle(pilot)  # the household list loads after the screen appears
        assert table.row_count
        table.focus()
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert len(table.ticked) == 1, (table.row_count, app.focused, table.cursor_row)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running  # the first q only warns
        assert label_text(app.screen, "#roll-error") == i18n.t("rollcall.unsaved", people=1)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert LabourEntry.select().count() == 514  # the demo's entries; the tick was not saved
