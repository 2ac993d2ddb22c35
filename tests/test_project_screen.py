"""The project screen: its tabs list what tracker.listings lists, filtered and paged."""

from __future__ import annotations

import io

import pendulum
import pytest
from conftest import SIZE, TODAY, settle
from peewee import chunked
from rich.console import Console
from textual.widgets import DataTable, Static, TabbedContent

from models import LabourEntry, Project
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.project import TABS, ProjectScreen
from screens.record_view import RecordView
from screens.widgets.figures import FiguresPanel
from screens.widgets.paged_table import PAGE_SIZE, PagedTable
from tracker import ledger, listings, money, records
from tracker.demo import MAIN
from tracker.summary_table import rows_of

TAB_LABELS = ["概况", "认捐", "到账", "筹料", "支出", "投工", "节点"]


def plain(renderable) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def main_id() -> int:
    return Project.get(Project.name == MAIN).id


async def open_project(pilot, project_id: int, tab: str | None = None) -> ProjectScreen:
    await settle(pilot)
    pilot.app.open_project(project_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen)
    if tab is not None:
        await pilot.press(str(TABS.index(tab) + 1))
        await settle(pilot)
    return screen


def listed(screen: ProjectScreen, tab: str) -> tuple[PagedTable, DataTable]:
    paged = screen.query_one(f"#list-{tab}", PagedTable)
    return paged, paged.query_one(DataTable)


def column(table: DataTable, key: str) -> list:
    return [table.get_cell(row.key, key) for row in table.ordered_rows]


async def test_project_screen_has_seven_tabs_and_the_projects_figures(demo_db, db_path):
    pid = main_id()
    fig = ledger.summary(TODAY, pid).projects[0]
    notes = listings.note_rows(pid, as_of=TODAY)
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        tabs = screen.query_one("#tabs", TabbedContent)
        labels = [str(tab.label) for tab in tabs.query("ContentTab")]
        assert labels == TAB_LABELS
        assert tabs.active == "overview"
        figures = plain(screen.query_one("#figures", FiguresPanel).content)
        for _label, value in rows_of(fig):
            assert value in figures
        shown = plain(screen.query_one("#notes", Static).content)
        # newest first
        positions = [shown.index(note.text) for note in notes]
        assert positions == sorted(positions) and len(notes) > 1
        assert "五小建设" in plain(screen.query_one("#project-attention", Static).content)


async def test_each_tab_lists_its_records(demo_db, db_path):
    pid = main_id()
    expected = {
        **{
            kind: listings.count_money_rows(kind, as_of=TODAY, project_id=pid)
            for kind in listings.MONEY_KINDS
        },
        "labour": listings.count_labour_rows(as_of=TODAY, project_id=pid),
        "milestone": len(listings.milestone_rows(TODAY, project_id=pid)),
    }
    assert set(expected) == set(TABS[1:]) and all(expected.values())
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        for number, tab in enumerate(TABS[1:], 2):
            await pilot.press(str(number))
            await settle(pilot)
            paged, table = listed(screen, tab)
            assert table.row_count == min(expected[tab], PAGE_SIZE), tab
            assert paged.total == expected[tab], tab
            pager = str(paged.query_one("#pager", Static).content)
            assert f"共 {expected[tab]:,} 条" in pager, tab


async def test_filter_narrows_the_rows_by_pinyin_initials(demo_db, db_path):
    pid = main_id()
    expected = listings.money_rows("receipt", as_of=TODAY, project_id=pid, text="lxj")
    assert expected and len(expected) < listings.count_money_rows("receipt", as_of=TODAY, project_id=pid)
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "receipt")
        await pilot.press("slash", "l", "x", "j")
        await settle(pilot)
        _, table = listed(screen, "receipt")
        names = {cell.plain for cell in column(table, "contributor")}
        assert table.row_count == len(expected)
        assert names == {row.contributor for row in expected} == {"梁湘江"}
        # escape leaves the filter for the rows, a second escape goes back
        await pilot.press("escape")
        assert isinstance(pilot.app.screen.focused, DataTable)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)


async def test_reversed_records_are_struck_through_and_reversals_say_why(demo_db, db_path):
    pid = main_id()
    rows = listings.money_rows("receipt", as_of=TODAY, project_id=pid, newest_first=True)
    reversed_row = next(r for r in rows if r.reversed)
    reversal = next(r for r in rows if r.is_reversal)
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "receipt")
        _, table = listed(screen, "receipt")
        struck = table.get_row(str(reversed_row.id))
        assert all("strike" in str(cell.style) for cell in struck)
        assert "已冲销" in struck[-1].plain
        live = next(r for r in rows if r.live)
        assert not any("strike" in str(cell.style) for cell in table.get_row(str(live.id)))
        remark = table.get_cell(str(reversal.id), "remark").plain
        assert remark == f"冲销：{reversal.reason}"
        # r on the reversed record says it is already reversed and opens nothing
        table.move_cursor(row=table.get_row_index(str(reversed_row.id)))
        await pilot.press("r")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert any("已经冲销过了" in str(n.message) for n in pilot.app._notifications)


async def test_r_on_a_live_receipt_opens_the_reversal(demo_db, db_path):
    import screens.reverse  # noqa: F401
    from screens.reverse import ReverseScreen

    pid = main_id()
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "receipt")
        _, table = listed(screen, "receipt")
        table.move_cursor(row=0)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReverseScreen)
        first = listings.money_rows("receipt", as_of=TODAY, project_id=pid, newest_first=True)[0]
        assert pilot.app.screen.record.id == first.id


async def test_enter_opens_a_record_with_its_history(demo_db, db_path):
    pid = main_id()
    first = listings.money_rows("expense", as_of=TODAY, project_id=pid, newest_first=True)[0]
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "expense")
        _, table = listed(screen, "expense")
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        view = pilot.app.screen
        assert isinstance(view, RecordView)
        fields = plain(view.query_one("#fields", Static).content)
        assert first.item in fields and first.payee in fields and first.voucher in fields
        history = plain(view.query_one("#history", Static).content)
        assert "新建" in history and "梁旦" in history
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_a_adds_a_record_of_the_tab_in_view(demo_db, db_path):
    from screens import forms

    pid = main_id()
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        await open_project(pilot, pid, "receipt")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, forms.FORMS["receipt"])
        assert pilot.app.screen.project_id == pid
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("6", "a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, forms.FORMS["labour"])


async def test_enter_on_a_milestone_opens_its_progress_form(demo_db, db_path):
    from screens.forms import milestone

    pid = main_id()
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "milestone")
        _, table = listed(screen, "milestone")
        names = [cell.plain for cell in column(table, "name")]
        table.move_cursor(row=names.index("五小建设"))
        states = {c.plain for c in column(table, "state")}
        assert "逾期" in states
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, milestone.MilestoneProgressForm)
        assert pilot.app.screen.milestone.name == "五小建设"


async def test_an_expense_saved_in_its_form_shows_in_the_tab_and_the_figures(demo_db, db_path):
    from screens import forms

    pid = main_id()
    spent_before = ledger.summary(TODAY, pid).projects[0].spent_fen
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "expense")
        paged, table = listed(screen, "expense")
        before = paged.total
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, forms.FORMS["expense"])
        form.query_one("#f-item").value = "打扫卫生工具"
        form.query_one("#f-amount").value = "120"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert paged.total == before + 1
        assert table.get_cell_at((0, 1)).plain == "打扫卫生工具"  # newest first
        spent_after = ledger.summary(TODAY, pid).projects[0].spent_fen
        assert spent_after == spent_before + 12_000
        await pilot.press("1")
        await settle(pilot)
        figures = plain(screen.query_one("#figures", FiguresPanel).content)
        assert money.format_yuan(spent_after) in figures


async def test_the_tab_and_figures_follow_a_record_written_elsewhere(demo_db, db_path):
    pid = main_id()
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid, "expense")
        paged, _ = listed(screen, "expense")
        before = paged.total
        spent_before = ledger.summary(TODAY, pid).projects[0].spent_fen
        # e.g. the roll call or a form on another screen: reload() is what a screen runs on resume
        records.add_expense(Project.get_by_id(pid), "打扫卫生工具", 12_000, TODAY, payee="白马镇五金店")
        screen.reload()
        await settle(pilot)
        assert paged.total == before + 1
        assert "打扫卫生工具" in [c.plain for c in column(paged.query_one(DataTable), "item")]
        spent_after = ledger.summary(TODAY, pid).projects[0].spent_fen
        assert spent_after == spent_before + 12_000
        figures = plain(screen.query_one("#figures", FiguresPanel).content)
        assert money.format_yuan(spent_after) in figures


# --- a big project: 20,000 labour entries ------------------------------------------------------


@pytest.fixture
def big_project(db):
    project = records.add_project("大屋场", "一组", budget_fen=10_000_000)
    people = [records.add_person(f"村民{i:02d}", "一组", f"一组{i // 4:02d}户") for i in range(40)]
    start = pendulum.date(2026, 1, 1)
    rows = [
        {
            "person": people[i % 40].id,
            "project": project.id,
            "date": start.add(days=i // 80).isoformat(),
            "half_days": 2,
            "work_type": "挖土方",
        }
        for i in range(20_000)
    ]
    with db.atomic():
        for batch in chunked(rows, 500):
            LabourEntry.insert_many(batch).execute()
    return project


async def test_twenty_thousand_labour_entries_are_paged(big_project, db_path):
    total = listings.count_labour_rows(project_id=big_project.id, as_of=TODAY)
    assert total == 20_000
    async with make_app(db_path, today=TODAY).run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, big_project.id, "labour")
        paged, table = listed(screen, "labour")
        assert table.row_count == PAGE_SIZE
        assert "第 1/200 页  共 20,000 条" in str(paged.query_one("#pager", Static).content)
        first_page_ids = [row.key.value for row in table.ordered_rows]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "第 2/200 页" in str(paged.query_one("#pager", Static).content)
        assert table.row_count == PAGE_SIZE
        second = listings.labour_rows(
            project_id=big_project.id, as_of=TODAY, limit=PAGE_SIZE, offset=PAGE_SIZE, newest_first=True
        )
        assert [row.key.value for row in table.ordered_rows] == [str(r.id) for r in second]
        assert set(first_page_ids).isdisjoint(row.key.value for row in table.ordered_rows)
        await pilot.press("pageup")
        await settle(pilot)
        assert "第 1/200 页" in str(paged.query_one("#pager", Static).content)
        # a filter narrows the whole table, still a page at most
        await pilot.press("slash", *"村民07")
        await settle(pilot)
        assert paged.total == listings.count_labour_rows(
            project_id=big_project.id, as_of=TODAY, text="村民07"
        )
        assert paged.total == 500 and table.row_count == PAGE_SIZE
        assert {c.plain for c in column(table, "person")} == {"村民07"}
