"""村民/捐助方: find people and contributors by name or pinyin initials; enter opens a page.

The search pages in SQL (tracker.search through the shared PagedTable), so a county's thousands
of names never sit in one table. The pages it opens are screens.person_page and
screens.contributor_page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Tab, Tabs

from tracker import search
from tracker.i18n import register, t

from .contributor_page import ContributorScreen
from .forms import ContributorForm, PersonForm
from .forms.widgets import plain, translate_bindings
from .person_page import PersonScreen
from .widgets.cells import left
from .widgets.paged_table import Column, PagedTable


class PeopleSource:
    """Villagers for the PagedTable: name, 组, household, party member, 联户党员."""

    columns = [
        Column("name", "field.person"),
        Column("group", "field.group"),
        Column("household", "field.household"),
        Column("head", "form.field.household_head"),
        Column("party", "form.field.party_member"),
        Column("mobiliser", "form.field.mobiliser"),
    ]
    placeholder = "people.placeholder"

    def count(self, text: str) -> int:
        return search.count_people(text)

    def fetch(self, text: str, limit: int, offset: int) -> list[search.PersonHit]:
        return search.search_people(text, limit=limit, offset=offset, count=False).items

    def extra(self, text: str) -> str:
        return ""

    def key(self, row: search.PersonHit) -> str:
        return f"p{row.id}"

    def cells(self, row: search.PersonHit) -> list[Text]:
        return [
            left(row.name),
            left(row.group),
            left(row.household),
            left(t("form.yes") if row.is_household_head else ""),
            left(t("form.yes") if row.is_party_member else ""),
            left(row.mobiliser),
        ]


class ContributorSource:
    """Contributors for the PagedTable: name, kind, the linked villager's 组."""

    columns = [
        Column("name", "field.contributor"),
        Column("kind", "field.kind"),
        Column("group", "field.group"),
    ]
    placeholder = "people.placeholder"

    def count(self, text: str) -> int:
        return search.count_contributors(text)

    def fetch(self, text: str, limit: int, offset: int) -> list[search.ContributorHit]:
        return search.search_contributors(text, limit=limit, offset=offset, count=False).items

    def extra(self, text: str) -> str:
        return ""

    def key(self, row: search.ContributorHit) -> str:
        return f"c{row.id}"

    def cells(self, row: search.ContributorHit) -> list[Text]:
        return [left(row.name), left(t(f"kind.{row.kind}")), left(row.group)]


class PeopleScreen(Screen[None]):
    """Search villagers and contributors; enter opens a page. Dismisses with None."""

    CSS_PATH = Path(__file__).with_name("people_search.tcss")
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("slash", "search", "key.search"),
        Binding("ctrl+t", "switch", "key.people.switch"),
        Binding("a", "add", "key.add"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.mode = "people"

    def compose(self) -> ComposeResult:
        yield Label(plain(t("people.title")), classes="page-title")
        yield Tabs(
            Tab(t("people.tab.people"), id="people"), Tab(t("people.tab.contributors"), id="contributors")
        )
        yield PagedTable(PeopleSource(), page_size=50, id="people-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus_filter()

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    @on(Tabs.TabActivated)
    async def _tab(self, event: Tabs.TabActivated) -> None:
        mode = event.tab.id or "people"
        if mode != self.mode:
            self.mode = mode
            await self._rebuild_table()

    async def _rebuild_table(self) -> None:
        # The columns differ between the two lists: a fresh table keeps the typed search.
        old = self.table
        text = old.filter_text
        source = PeopleSource() if self.mode == "people" else ContributorSource()
        await old.remove()
        new = PagedTable(source, page_size=50, id="people-table")
        await self.mount(new, before=self.query_one(Footer))
        new.query_one("#filter", Input).value = text
        new.focus_filter()

    def action_switch(self) -> None:
        tabs = self.query_one(Tabs)
        tabs.active = "contributors" if self.mode == "people" else "people"

    def action_search(self) -> None:
        self.table.focus_filter()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        form = PersonForm() if self.mode == "people" else ContributorForm()
        self.app.push_screen(form, callback=self._added)

    def _added(self, record: Any) -> None:
        if record is not None:
            self.table.reload()

    def reload(self) -> None:
        self.table.reload()

    @on(PagedTable.Opened)
    def _open(self, event: PagedTable.Opened) -> None:
        row = event.row
        if isinstance(row, search.PersonHit):
            self.app.push_screen(PersonScreen(row.id))
        elif isinstance(row, search.ContributorHit):
            self.app.push_screen(ContributorScreen(row.id))


register(
    zh={
        "people.title": "村民与捐助方",
        "people.tab.people": "村民",
        "people.tab.contributors": "捐助方",
        "people.placeholder": "输入姓名或拼音首字母查找，如 lxj；回车到列表，Ctrl+T 切换村民/捐助方",
        "key.people.switch": "村民/捐助方",
    },
    en={
        "people.title": "People and contributors",
        "people.tab.people": "Villagers",
        "people.tab.contributors": "Contributors",
        "people.placeholder": "Type a name or pinyin initials, e.g. lxj; Enter goes to the list, Ctrl+T switches",
        "key.people.switch": "Villagers/contributors",
    },
)
