"""People and contributors: pinyin search, and a person's page showing what the ledger says."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SIZE, Host, fill, settle
from textual.widgets import DataTable, Label, Static

from models import Person, Project, Receipt
from screens.widgets import cells
from tracker import dates, i18n, ledger, money, search
from tracker.demo import MAIN


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def facts(screen) -> str:
    return str(screen.query_one("#facts", Static).content)


@pytest.fixture
def lxj(demo_db) -> Person:
    return Person.get(Person.name == "梁湘江")


def people_host() -> Host:
    from screens.people_search import PeopleScreen

    return Host(PeopleScreen)


async def test_typing_lxj_finds_liang_xiangjiang_and_enter_opens_his_page(lxj):
    from screens.person_page import PersonScreen

    app = people_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"lxj")
        await settle(pilot)
        table = app.screen.query_one("#people-table DataTable", DataTable)
        assert [r[0] for r in rows(table)] == ["梁湘江"]
        assert rows(table)[0][1:3] == ["桐梓组", "桐梓组01户"]
        await pilot.press("enter", "enter")  # to the list, then open the row
        await settle(pilot)
        page = app.screen
        assert isinstance(page, PersonScreen) and page.person_id == lxj.id
        statement = ledger.person_statement(lxj.id, dates.today())
        text = facts(page)
        assert i18n.t("people.fact.mobiliser", name="梁旦") in text
        assert "13907380001" in text  # the cadre's own page shows the phone
        ((project, halves),) = statement.labour_by_project
        assert (
            i18n.t(
                "people.fact.labour",
                days=cells.days(statement.labour_days),
                detail=f"{project} {cells.days(Decimal(halves) / 2)}",
            )
            in text
        )
        (contribution,) = statement.contributions
        assert money.format_auto(contribution.received_fen) in text
        lines = rows(page.query_one("#lines", DataTable))
        assert lines == [
            [
                MAIN,
                i18n.t("source.donation"),
                "¥100,000.00",
                "¥100,000.00",
                "¥0.00",
                "2026年5月8日",
                i18n.t("pledge_status.paid"),
            ]
        ]
        items = rows(page.query_one("#items", DataTable))
        assert [r[1] for r in items] == [i18n.t("table.receipt"), i18n.t("table.pledge")]
        assert items[0][5] == "TB2026-100"


async def test_the_list_is_paged_not_loaded_whole(demo_db):
    app = people_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paged = app.screen.query_one("#people-table")
        assert paged.total == Person.select().count() == 169
        assert paged.table.row_count == 50
        await pilot.press("enter", "right_square_bracket")  # to the list, next page
        await settle(pilot)
        assert paged.page == 1 and paged.table.row_count == 50
        first_of_second = str(paged.table.get_row_at(0)[0])
        assert first_of_second == search.search_people("", limit=1, offset=50).items[0].name


async def test_contributors_tab_and_an_overdue_pledge_on_the_contributor_page(demo_db):
    from screens.contributor_page import ContributorScreen

    late = next(line for line in ledger.pledge_lines(dates.today()) if line.status == ledger.STATUS_OVERDUE)
    app = people_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await fill(pilot, "#people-table #filter", late.contributor)
        await settle(pilot)
        table = app.screen.query_one("#people-table DataTable", DataTable)
        assert rows(table)[0][:2] == [late.contributor, i18n.t(f"kind.{late.contributor_kind}")]
        await pilot.press("enter", "enter")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, ContributorScreen) and page.contributor_id == late.contributor_id
        (line,) = rows(page.query_one("#lines", DataTable))
        assert line[2:5] == [
            money.format_yuan(late.pledged_fen),
            money.format_yuan(late.received_fen),
            money.format_yuan(late.outstanding_fen),
        ]
        assert line[-1] == i18n.t("pledge_status.overdue")
        assert i18n.t("pledge_status.overdue") in facts(page)
        await pilot.press("p")  # the villager this contributor is
        await settle(pilot)
        assert app.screen.query_one("#page-title", Label).content.plain == late.contributor


async def test_reverse_a_receipt_from_a_persons_page(lxj):
    from screens.person_page import PersonScreen
    from screens.reverse import ReverseScreen

    receipt = Receipt.get(Receipt.voucher == "TB2026-100")
    app = Host(lambda: PersonScreen(lxj.id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#items")
        await pilot.press("home", "r")  # the newest item: the 10万 receipt
        await pilot.pause()
        assert isinstance(app.screen, ReverseScreen)
        await fill(pilot, "#reason", "duplicate")
        await pilot.press("ctrl+s", "n")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, PersonScreen)
        items = rows(page.query_one("#items", DataTable))
        assert items[0][4] == money.format_auto(-receipt.amount_fen)  # the reversing entry, newest
        assert Receipt.get(Receipt.reverses == receipt.id).reason == "duplicate"
        statement = ledger.person_statement(lxj.id, dates.today())
        assert money.format_auto(statement.contributions[0].received_fen) in facts(page)
        assert statement.contributions[0].received_fen == 0


async def test_a_party_member_and_a_villager_who_gave_nothing(demo_db):
    from screens.person_page import PersonScreen

    party = Person.get(Person.name == "梁旦")
    quiet = Person.select().where(Person.group == "枫树组", Person.is_household_head == False).first()  # noqa: E712
    app = Host(lambda: PersonScreen(party.id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert i18n.t("people.fact.party") in facts(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(PersonScreen(quiet.id))
        await settle(pilot)
        assert rows(app.screen.query_one("#lines", DataTable)) == [[i18n.t("people.none")] + [""] * 6]


async def test_english_person_page(lxj):
    from screens.person_page import PersonScreen

    i18n.set_lang("en")
    app = Host(lambda: PersonScreen(lxj.id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        page = app.screen
        assert "Mobilising party member: 梁旦" in facts(page)
        headers = [str(c.label) for c in page.query_one("#lines", DataTable).columns.values()]
        assert headers == ["Project", "Source", "Pledged", "Received", "Outstanding", "Due date", "Status"]
        assert rows(page.query_one("#lines", DataTable))[0][-1] == "Received"
        descriptions = {b.binding.description for b in page.active_bindings.values() if b.binding.show}
        assert {"Back", "Reverse", "Edit"} <= descriptions


async def test_adding_a_person_from_the_people_screen(demo_db):
    app = people_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "a")  # from the list: a new villager
        await pilot.pause()
        await fill(pilot, "#f-name", "王新来")
        await fill(pilot, "#f-group", "枫树组")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one("#people-table").total == 170
    assert search.search_people("wxl").items[0].name == "王新来"
    assert Project.select().count() == 2


async def test_a_page_that_cannot_be_read_says_so_and_the_app_keeps_running(demo_db):
    """The page's queries run in a worker: a failure there is a message, not a crash."""
    from screens.person_page import PersonScreen

    missing = Person.select().count() + 1000
    app = Host(lambda: PersonScreen(missing))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        page = app.screen
        assert isinstance(page, PersonScreen) and not page.loaded
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith("读取数据时出错") for m in messages)
        await pilot.press("c")  # nothing loaded: nothing to open
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PersonScreen)
