"""Putting mistakes right from the app, driven through the Pilot on the demo village."""

from __future__ import annotations

import json

import pendulum
import pytest
from test_project_screen import SIZE, TODAY, listed, main_id, open_project, settle
from textual.widgets import Input, Select

from models import AuditLog, LabourEntry, Milestone, Project
from screens.app import make_app
from tracker import cli, ledger, listings

pytestmark = pytest.mark.ui


async def test_a_labour_entry_taken_back_from_the_tab_drops_the_totals(demo_db, db_path):
    pid = main_id()
    before = ledger.summary(TODAY, pid).projects[0].labour_half_days
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "labour")
        paged, table = listed(screen, "labour")
        assert "414 工日" in str(paged.query_one("#pager").render())
        table.move_cursor(row=0)
        entry = paged.selected()
        await pilot.press("r")
        await settle(pilot)
        pilot.app.screen.query_one("#reason", Input).value = "记重了"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "503 人次" in str(paged.query_one("#pager").render())
    assert not LabourEntry.select().where(LabourEntry.id == entry.id).exists()
    assert ledger.summary(TODAY, pid).projects[0].labour_half_days == before - entry.half_days
    row = AuditLog.get((AuditLog.table == "labour_entry") & (AuditLog.action == "delete"))
    assert json.loads(row.after) == {"reason": "记重了"}


async def test_status_moved_and_budget_edited_from_the_project_screen(demo_db, db_path, capsys):
    pid = main_id()
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await open_project(pilot, pid)
        await pilot.press("p")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#f-budget", Input).value = "90万"
        form.query_one("#f-status", Select).value = "planning"  # back from 在建: needs a reason
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form and "必填" in str(form.query_one("#e-reason").render())
        form.query_one("#f-reason", Input).value = "资金未落实，暂缓施工"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is not form
    p = Project.get_by_id(pid)
    assert (p.status, p.budget_fen) == ("planning", 90_000_000)
    edit = AuditLog.select().where((AuditLog.table == "project") & (AuditLog.action == "update")).first()
    assert (
        json.loads(edit.before)["budget_fen"] == 80_000_000
        and json.loads(edit.after)["budget_fen"] == 90_000_000
    )
    cli.main(["--db", str(db_path), "summary", "--json", "--as-of", TODAY.isoformat()])
    figures = json.loads(capsys.readouterr().out)["projects"][0]
    assert (figures["budget_fen"], figures["status"]) == (90_000_000, "planning")


async def test_a_milestone_edited_and_another_deleted(demo_db, db_path):
    pid = main_id()
    rows = listings.milestone_rows(TODAY, project_id=pid)
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "milestone")
        _, table = listed(screen, "milestone")
        table.move_cursor(row=0)
        await pilot.press("c")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#f-name", Input).value = "场地平整（含清表）"
        form.query_one("#f-weight", Input).value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table.move_cursor(row=1)
        await pilot.press("x")
        await settle(pilot)
        pilot.app.screen.query_one("#reason", Input).value = "与其他节点重复"
        await pilot.press("ctrl+s")
        await settle(pilot)
    edited = Milestone.get_by_id(rows[0].id)
    assert (edited.name, edited.weight) == ("场地平整（含清表）", 3)
    assert not Milestone.select().where(Milestone.id == rows[1].id).exists()
    gone = AuditLog.get((AuditLog.table == "milestone") & (AuditLog.action == "delete"))
    assert json.loads(gone.before)["name"] == rows[1].name


async def test_a_roll_call_taken_twice_records_nobody_twice(demo_db, db_path):
    from screens.roll_call import RollCallScreen, RollTable

    pid = main_id()
    count = LabourEntry.select().count()
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(RollCallScreen(pid))
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#date", Input).value = "2026-09-11"  # the demo's last roll call
        await settle(pilot)
        table = screen.query_one(RollTable)
        assert table.recorded  # "已记 1 工日" beside who came that day
        row = next(i for i, p in enumerate(table.people) if p.id in table.recorded)
        someone = table.people[row].id
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("space")
        assert someone not in table.ticked and table.cursor_row == row + 1
        table.ticked[someone] = 2  # ticked all the same: the save refuses, naming them
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "已记过这个屋场的投工" in str(screen.query_one("#roll-error").render())
        assert LabourEntry.select().count() == count
        table.move_cursor(row=row)
        await pilot.press("plus")  # a second entry, asked for on purpose
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert LabourEntry.select().count() == count + 1


async def test_the_roll_call_finds_people_of_another_group(demo_db, db_path):
    from models import Person
    from screens.roll_call import RollCallScreen, RollTable
    from tracker import records

    helper = records.add_person("石大力", "石门组", "石门组01户")
    pid = main_id()
    async with make_app(db_path, today=TODAY).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(RollCallScreen(pid))
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.query_one("#work_type").size.width >= 14  # wide enough to type in at 80×24
        screen.query_one("#filter", Input).value = "sdl"
        await settle(pilot)
        table = screen.query_one(RollTable)
        assert [p.name for p in table.people] == ["石大力"]
        table.focus()
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
    assert LabourEntry.get(LabourEntry.person == helper.id).project_id == pid
    assert Person.select().where(Person.name == "石大力").count() == 1


async def test_two_entries_for_one_villager_merged_from_the_person_page(demo_db, db_path):
    from textual.widgets import OptionList

    from models import Contributor, Person, Pledge
    from screens.person_page import PersonScreen
    from tracker import records

    pid = main_id()
    project = Project.get_by_id(pid)
    keep = Person.get(Person.name == "梁旦")
    twin = records.add_person("梁 旦", "桐梓组", "桐梓组01户")
    records.add_labour(twin, project, pendulum.date(2026, 11, 2), 2)
    records.add_pledge(
        project, records.contributor_of(twin), "self_raised", 50_000, pendulum.date(2026, 11, 2)
    )
    before = ledger.summary(TODAY).as_dict()
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(PersonScreen(twin.id))
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        merge = pilot.app.screen
        merge.query_one("#find", Input).value = "ld"  # pinyin initials
        await settle(pilot)
        hits = merge.query_one("#hits", OptionList)
        index = next(i for i in range(hits.option_count) if hits.get_option_at_index(i).id == str(keep.id))
        hits.focus()
        hits.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")  # confirm
        await settle(pilot)
        assert isinstance(pilot.app.screen, PersonScreen) and pilot.app.screen.person_id == keep.id
    assert ledger.summary(TODAY).as_dict() == before
    assert not Person.select().where(Person.id == twin.id).exists()
    assert LabourEntry.select().where(LabourEntry.person == twin.id).count() == 0
    mine = Contributor.select(Contributor.id).where(Contributor.person == keep.id)
    assert Pledge.select().where(Pledge.contributor.in_(mine) & (Pledge.amount_fen == 50_000)).exists()


async def test_a_new_villager_with_a_namesake_in_the_group_asks_first(demo_db, db_path):
    from models import Person
    from screens.forms import PersonForm

    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(PersonForm(main_id()))
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#f-name", Input).value = "梁旦"
        form.query_one("#f-household", Input).value = "桐梓组01户"
        await pilot.pause(0.2)  # the fields' own Changed messages first: they clear old messages
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form, pilot.app.screen
        assert "桐梓组已有 梁旦（桐梓组01户）" in str(form.query_one("#e-name").render())
        assert Person.select().where(Person.name == "梁旦").count() == 1
        await pilot.press("ctrl+s")  # the cadre has looked: another 梁旦
        await settle(pilot)
    assert Person.select().where(Person.name == "梁旦").count() == 2
