"""The app on a town database: the villages side by side, a village read-only, receive and export."""

from __future__ import annotations

import shutil

import pendulum
import pytest
from textual.widgets import DataTable, Input, Static

from models import close_database, open_database
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.town_dashboard import ReceiveScreen, TownDashboardScreen
from tracker import records
from tracker.cli import main
from tracker.exchange.town_ledger import town_summary

TODAY = pendulum.date(2026, 11, 28)
SIZE = (130, 40)
pytestmark = pytest.mark.ui


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def cells(table: DataTable, key: str) -> dict[str, str]:
    values = table.get_row(key)
    return {
        str(c.key.value): getattr(v, "plain", str(v))
        for c, v in zip(table.ordered_columns, values, strict=True)
    }


@pytest.fixture
def town(tmp_path, demo_template, monkeypatch):
    """白马镇 holding 桐柏村's bundle; 杨家村's bundle (sent 20 days ago) waiting beside it."""
    monkeypatch.setenv("XIUMEI_DATA_DIR", str(tmp_path / "data"))
    demo = tmp_path / "桐柏村.db"
    shutil.copyfile(demo_template, demo)
    other = tmp_path / "杨家村.db"
    open_database(other)
    records.create_village("杨家村", "白马镇", "涟源市", labour_rate_fen=12000)
    records.add_project("杨家屋场", "三组", budget_fen=30_000_000, status="building")
    close_database()
    assert main(["--db", str(demo), "send", "-o", str(tmp_path / "桐柏村.xiumei")]) == 0
    monkeypatch.setenv("XIUMEI_TODAY", "2026-11-08")
    assert main(["--db", str(other), "send", "-o", str(tmp_path / "杨家村.xiumei")]) == 0
    monkeypatch.setenv("XIUMEI_TODAY", TODAY.isoformat())
    path = tmp_path / "白马镇.db"
    assert main(["--db", str(path), "town", "init", "--town", "白马镇", "--county", "涟源市"]) == 0
    assert main(["--db", str(path), "receive", str(tmp_path / "桐柏村.xiumei")]) == 0
    return path


async def test_a_town_database_opens_on_its_villages_and_a_village_is_read_only(town, tmp_path):
    async with make_app(town, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TownDashboardScreen)
        table = screen.query_one("#villages", DataTable)
        expected = town_summary(None, TODAY).villages[0]
        row = cells(table, str(expected.id))
        assert row["name"] == "桐柏村" and row["rate"] == "66.0%" and row["late"] == ""
        assert table.row_count == 2  # the village and 合计

        # i: the dry run first, nothing written until confirmed.
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReceiveScreen)
        pilot.app.screen.query_one("#recv-files", Input).value = str(tmp_path / "杨家村.xiumei")
        await pilot.click("#recv-check")
        await settle(pilot)
        plan = str(pilot.app.screen.query_one("#recv-plan", Static).render())
        assert "杨家村" in plan and "将新增" in plan
        assert len(town_summary(None, TODAY).villages) == 1
        await pilot.click("#recv-confirm")
        await settle(pilot)
        assert len(town_summary(None, TODAY).villages) == 2
        await pilot.press("escape")
        await settle(pilot)

        # 杨家村 sent 20 days ago: marked late; o sorts by another key.
        summary = town_summary(None, TODAY)
        yang = next(v for v in summary.villages if v.name == "杨家村")
        assert cells(table, str(yang.id))["late"] == "超过7天未报送"
        await pilot.press("o")
        await pilot.pause()
        assert "进度" in str(screen.query_one("#sort", Static).render())

        # Enter: that village's own dashboard, its projects only, and no form opens there.
        table.move_cursor(row=[str(k.value) for k in table.rows].index(str(expected.id)))
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        village = pilot.app.screen
        assert isinstance(village, DashboardScreen) and village.village_id == expected.id
        assert village.summary.village.name == "桐柏村"
        assert {p.name for p in village.summary.projects} == {"桐梓组秀美屋场", "枫树湾屋场"}
        await pilot.press("a")
        await settle(pilot)
        assert pilot.app.screen is village
        await pilot.press("escape")
        await settle(pilot)


async def test_e_writes_the_town_report(town, tmp_path):
    from tracker import prefs

    prefs.set_export_folder(tmp_path / "out")
    (tmp_path / "out").mkdir()
    async with make_app(town, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
    written = list((tmp_path / "out").glob("白马镇进度汇总_*.xlsx"))
    assert len(written) == 1
