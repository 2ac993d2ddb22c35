"""图表 and 进度节奏 in the app: reached by keys from the dashboard, drawn from the ledger's figures."""

from __future__ import annotations

import pendulum
import pytest
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from screens.app import make_app
from screens.charts import ChartsScreen, PaceScreen
from tracker import pace

pytestmark = pytest.mark.ui

TODAY = pendulum.date(2026, 11, 28)


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_charts_and_pace_are_keyboard_reachable(demo_db, db_path):
    board = pace.board(TODAY)
    async with make_app(db_path, today=TODAY).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ChartsScreen)
        assert "桐梓组秀美屋场" in text(screen, "#chart-title") and "到账资金" in text(screen, "#chart-title")
        assert f"剩 {board[0].days_left} 天" in text(screen, "#chart-pace")
        assert "群众自筹" in text(screen, "#chart-legend")
        assert screen.query_one(PlotextPlot).size.height > 20
        await pilot.press("2")
        assert "进度与计划线" in text(screen, "#chart-title")
        await pilot.press("3")
        assert "每周投工天数" in text(screen, "#chart-title")
        await pilot.press("right_square_bracket")
        assert "枫树湾屋场" in text(screen, "#chart-title")
        await pilot.press("escape")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PaceScreen)
        table = pilot.app.screen.query_one(DataTable)
        assert table.row_count == len(board)
        verdict = table.get_row_at(0)[-1]
        assert verdict.plain == board[0].verdict_text("zh")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChartsScreen)


async def test_charts_in_english(demo_db, db_path):
    async with make_app(db_path, lang="en", today=TODAY).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = pilot.app.screen
        assert "Money received" in text(screen, "#chart-title")
        assert "Self-raised" in text(screen, "#chart-legend") and "Budget" in text(screen, "#chart-legend")


async def test_the_palette_exports_a_project_plan_as_a_model(demo_db, db_path, tmp_path, monkeypatch):
    from tracker import prefs

    monkeypatch.setattr(prefs, "export_folder", lambda: tmp_path)
    async with make_app(db_path, today=TODAY).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"样板计划")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    written = sorted(tmp_path.glob("*计划模板*.xlsx"))
    assert len(written) == 1


async def test_the_levy_rules_are_edited_in_settings(demo_db, db_path):
    from textual.widgets import Input

    from models import RuleSettings

    async with make_app(db_path, today=TODAY).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.query_one("#money_cap", Input).value == "15.00"
        assert screen.query_one("#men", Input).value == "18-55"
        screen.query_one("#men", Input).value = "55-18"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "18-55" in str(screen.query_one("#men-error").content)
        assert RuleSettings.select().count() == 0
        screen.query_one("#men", Input).value = "18-60"
        screen.query_one("#money_cap", Input).value = "20"
        await pilot.press("ctrl+s")
        await settle(pilot)
    rules = RuleSettings.get()
    assert rules.money_cap_fen == 2000 and rules.men_to_age == 60 and rules.labour_cap_half_days == 20


async def test_a_meeting_is_ticked_by_household_and_its_quorum_shown_before_saving(db, db_path):
    from textual.widgets import DataTable, Input, Select

    from models import Meeting
    from screens.meeting import MeetingScreen
    from tracker import records

    records.add_project("上屋场", "一组")
    for i in range(3):
        records.add_person(f"户主{i}", "一组", f"{i}号", is_household_head=True)
        records.add_person(f"家人{i}", "一组", f"{i}号")
    async with make_app(db_path, today=TODAY).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        screen.query_one("#kind", Select).value = "villagers"
        screen.query_one("#topic", Input).value = "修路"
        screen.query_one("#votes", Input).value = "2,0,0"
        screen.query_one("#levy_money", Input).value = "10"
        screen.query_one("#project", Select).value = 1
        screen.query_one("#roster", DataTable).focus()
        await pilot.press("enter")  # 户主0
        await pilot.pause()
        status = str(screen.query_one("#meeting-status", Static).render())
        assert "到会 1 人" in status and "1/3 户" in status and "不足法定人数" in status
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "不足法定人数" in str(screen.query_one("#meeting-error", Static).render())
        assert Meeting.select().count() == 0
        await pilot.press("down", "ctrl+h")  # 1号 as a household
        await pilot.pause()
        status = str(screen.query_one("#meeting-status", Static).render())
        assert "到会 3 人" in status and "2/3 户" in status and "符合议事规则" in status
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, MeetingScreen)
    meeting = Meeting.get()
    assert meeting.kind == "villagers" and meeting.levies.count() == 1
