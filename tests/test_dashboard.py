"""The dashboard (总览) driven through the real app: its figures are the ledger's, as of a date."""

from __future__ import annotations

import io

import pendulum
from conftest import SIZE, TODAY, fill, settle, wait_until
from rich.console import Console
from textual.widgets import DataTable, OptionList, Static

from screens.app import make_app
from screens.dashboard import TOTAL_KEY, DashboardScreen
from screens.project import ProjectScreen
from screens.widgets.figures import FiguresPanel
from tracker import ledger, money
from tracker.summary_table import rows_of


def plain(renderable) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def cells(table: DataTable, key: str) -> dict[str, str]:
    """A row's cells by column key, as the user reads them."""
    values = table.get_row(key)
    return {
        str(col.key.value): getattr(v, "plain", str(v))
        for col, v in zip(table.ordered_columns, values, strict=True)
    }


def wan(fen: int) -> str:
    return money.format_wan(fen).removesuffix("万元")


async def test_dashboard_lists_every_project_with_the_ledgers_figures(demo_db, db_path):
    expected = ledger.summary(TODAY)
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        table = pilot.app.screen.query_one("#projects", DataTable)
        assert table.row_count == len(expected.projects) + 1  # and the 合计 row
        for fig in expected.projects:
            row = cells(table, str(fig.id))
            assert row["name"] == fig.name
            assert row["received"] == wan(fig.received.total)
            assert row["budget"] == wan(fig.budget_fen)
            for source in ("self_raised", "donation", "government", "collective"):
                assert row[source] == wan(fig.received.get(source))
            assert row["spent"] == wan(fig.spent_fen)
            assert row["balance"] == wan(fig.balance_fen)
            assert row["outstanding"] == wan(fig.outstanding_pledges_fen)
            assert row["rate"] == f"{fig.received_rate_pct}%"
            assert row["progress"] == f"{fig.progress_pct}%"
            assert row["overdue"] == str(fig.milestones_overdue)
        total = cells(table, TOTAL_KEY)
        assert total["name"] == "合计"
        assert total["received"] == wan(expected.totals.received.total)
        assert total["spent"] == wan(expected.totals.spent_fen)
        title = plain(pilot.app.screen.query_one("#title", Static).content)
        assert "桐柏村" in title and "2026年11月28日" in title


async def test_the_highlighted_project_shows_its_figures_in_yuan(demo_db, db_path):
    expected = ledger.summary(TODAY)
    main = expected.projects[0]
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = plain(pilot.app.screen.query_one("#figures", FiguresPanel).content)
        for _label, value in rows_of(main):
            assert value in text
        assert money.format_yuan(main.received.total) in text
        # Down to the totals row: the panel follows the cursor.
        await pilot.press("down", "down")
        await settle(pilot)
        text = plain(pilot.app.screen.query_one("#figures", FiguresPanel).content)
        assert "合计" in text
        assert money.format_yuan(expected.totals.received.total) in text


async def test_attention_lists_the_overdue_milestone_and_late_pledges(demo_db, db_path):
    items = ledger.attention(TODAY)
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        options = pilot.app.screen.query_one("#attention", OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(texts) == len(items)
        assert any("五小建设" in text and "逾期" in text for text in texts)
        assert any(text.startswith("认捐逾期") for text in texts)
        # enter on an item opens its project
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProjectScreen)
        assert pilot.app.screen.project_id == items[0].project_id


async def test_changing_the_as_of_date_changes_the_figures(demo_db, db_path):
    earlier = pendulum.date(2026, 4, 30)
    before, after = ledger.summary(TODAY), ledger.summary(earlier)
    main_id = before.projects[0].id
    assert after.projects[0].received.total < before.projects[0].received.total
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        await fill(pilot, "#date", "4月30日")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.as_of == earlier
        table = pilot.app.screen.query_one("#projects", DataTable)
        assert cells(table, str(main_id))["received"] == wan(after.projects[0].received.total)
        assert cells(table, TOTAL_KEY)["received"] == wan(after.totals.received.total)
        title = plain(pilot.app.screen.query_one("#title", Static).content)
        assert "2026年4月30日" in title


async def test_a_date_that_is_not_a_date_is_refused_in_the_dialog(demo_db, db_path):
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        await fill(pilot, "#date", "13/45")
        await pilot.press("enter")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#date-error").content)
        assert "13/45" in error and "日期" in error
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.as_of == TODAY


async def test_enter_opens_the_highlighted_project_with_its_tabs(demo_db, db_path):
    expected = ledger.summary(TODAY)
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ProjectScreen)
        assert screen.project_id == expected.projects[1].id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)


async def test_an_empty_village_says_what_to_do(db, db_path):
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one("#projects", DataTable)
        assert table.row_count == 1  # only the 合计 row
        title = plain(pilot.app.screen.query_one("#title", Static).content)
        assert "还没有屋场" in title


async def test_a_failing_load_is_reported_in_words_and_logged_not_raised(demo_db, db_path, monkeypatch):
    import screens.dashboard
    from tracker import config

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(screens.dashboard.ledger, "summary", broken)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        # (not settle: waiting on the failed worker would re-raise its error here)
        await wait_until(pilot, lambda: app._notifications)
        assert isinstance(app.screen, DashboardScreen)  # still running
        messages = [str(n.message) for n in app._notifications]
        assert any("读取数据时出错" in m for m in messages)
    log = (config.data_dir() / "error.log").read_text(encoding="utf-8")
    assert "disk on fire" in log


async def test_add_on_an_empty_village_offers_a_project_first_and_then_a_pledge(db, db_path):
    from screens.widgets.add_menu import AddMenu
    from tracker import records

    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, AddMenu)
        options = menu.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted).id == "project"
        await pilot.press("escape")
        await settle(pilot)
    records.add_project("桐梓组秀美屋场", "桐梓组")
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted).id == "pledge"
