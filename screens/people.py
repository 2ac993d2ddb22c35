"""村民/捐助方: find people and contributors by name or pinyin initials, and see one's page.

The search pages in SQL (tracker.search through the shared PagedTable), so a county's thousands
of names never sit in one table. A person's or contributor's page shows what the ledger says of
them (ledger.person_statement / contributor_statement / pledge_lines): pledges, receipts, what is
outstanding and its status, labour days, and the party member who mobilises their household.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static, Tab, Tabs

from models import Contributor, Person
from tracker import dates, ledger, listings, search
from tracker.i18n import register, t
from tracker.quantities import half_days_text

from .forms import ContributorForm, PersonForm
from .forms.widgets import plain, translate_bindings
from .reverse import ReverseScreen
from .widgets.cells import auto, date_text, days, left, right, yuan
from .widgets.paged_table import Column, PagedTable
from .widgets.sources import REVERSAL_STYLE, REVERSED_STYLE, money_remark

PEOPLE_TCSS = Path(__file__).with_name("people.tcss")
DETAIL_LIMIT = 200  # one person's records; more than this and the project tabs are the place


def _as_of(screen: Screen) -> Any:
    """The app's as-of date when it has one (the dashboard can change it), else today."""
    return getattr(screen.app, "as_of", None) or dates.today()


# --- the search ----------------------------------------------------------------------------------


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

    CSS_PATH = PEOPLE_TCSS
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


# --- one person's or contributor's page ----------------------------------------------------------


class _RecordPage(Screen[None]):
    """What the person and contributor pages share: the pledge lines and the money items."""

    CSS_PATH = PEOPLE_TCSS
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("r", "reverse", "key.reverse"),
        Binding("m", "edit", "key.edit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.as_of = dates.today()
        self._items: dict[str, listings.MoneyRow] = {}

    def on_mount(self) -> None:
        self.as_of = _as_of(self)
        self.reload()

    def compose_tables(self) -> ComposeResult:
        yield Label(plain(t("people.lines")), classes="section")
        yield DataTable(id="lines", cursor_type="row", zebra_stripes=True)
        yield Label(plain(t("people.items")), classes="section")
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)

    def contributor_ids(self) -> list[int]:
        raise NotImplementedError

    def show_lines(self, lines: list[ledger.PledgeLine], many: bool) -> None:
        table = self.query_one("#lines", DataTable)
        table.clear(columns=True)
        headers = ([("contributor", "field.contributor")] if many else []) + [
            ("project", "field.project"),
            ("source", "field.source"),
            ("pledged", "people.col.pledged"),
            ("received", "people.col.received"),
            ("outstanding", "people.col.outstanding"),
            ("due", "field.due_date"),
            ("status", "people.col.status"),
        ]
        for key, label in headers:
            align = "right" if key in ("pledged", "received", "outstanding") else "left"
            table.add_column(Text(t(label), justify=align), key=key)
        for line in lines:
            status = t(f"pledge_status.{line.status}") if line.status else ""
            style = "bold red" if line.status == ledger.STATUS_OVERDUE else ""
            cells = ([left(line.contributor)] if many else []) + [
                left(line.project),
                left(t(f"source.{line.source}")),
                right(yuan(line.pledged_fen)),
                right(yuan(line.received_fen)),
                right(yuan(line.outstanding_fen)),
                left(date_text(line.due_date)),
                left(status, style),
            ]
            table.add_row(*cells)
        if not lines:
            table.add_row(*([left(t("people.none"))] + [left("")] * (len(headers) - 1)))

    def show_items(self, contributor_ids: list[int]) -> None:
        """Pledges, receipts and in-kind gifts of these contributors, newest first."""
        rows: list[listings.MoneyRow] = []
        for cid in contributor_ids:
            for kind in ("pledge", "receipt", "in_kind"):
                rows += listings.money_rows(
                    kind, as_of=self.as_of, contributor_id=cid, limit=DETAIL_LIMIT, newest_first=True
                )
        rows.sort(key=lambda r: (r.date, r.id), reverse=True)
        table = self.query_one("#items", DataTable)
        table.clear(columns=True)
        for key, label in [
            ("date", "field.date"),
            ("kind", "people.col.kind"),
            ("project", "field.project"),
            ("source", "field.source"),
            ("amount", "field.amount"),
            ("voucher", "field.voucher"),
            ("remark", "people.col.remark"),
        ]:
            table.add_column(Text(t(label), justify="right" if key == "amount" else "left"), key=key)
        self._items = {}
        for row in rows[:DETAIL_LIMIT]:
            key = f"{row.kind}:{row.id}"
            self._items[key] = row
            style = REVERSED_STYLE if row.reversed else REVERSAL_STYLE if row.is_reversal else ""
            what = t(f"table.{row.kind}") + (f" {row.item}" if row.item else "")
            table.add_row(
                left(date_text(row.date), style),
                left(what, style),
                left(row.project, style),
                left(t(f"source.{row.source}") if row.source else "", style),
                right(auto(row.amount_fen), style),
                left(row.voucher, style),
                left(money_remark(row), style),
                key=key,
            )
        if not rows:
            table.add_row(left(t("people.none")), *[left("")] * 6)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reverse(self) -> None:
        table = self.query_one("#items", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        row = self._items.get(key or "")
        if row is None:
            self.notify(t("people.pick_item"), severity="warning")
            return
        self.app.push_screen(ReverseScreen(row.kind, row.id), callback=self._changed)

    def _changed(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError


class PersonScreen(_RecordPage):
    """A villager's page; ``c`` opens their contributor page, ``m`` edits them."""

    BINDINGS = [Binding("c", "contributor", "key.people.contributor")]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self._contributors: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="page"):
            yield Label("", id="page-title", classes="page-title")
            yield Static("", id="facts")
            yield from self.compose_tables()
        yield Footer()

    def reload(self) -> None:
        statement = ledger.person_statement(self.person_id, self.as_of)
        person = Person.get_by_id(self.person_id)  # phone and household head: not in the statement
        self._contributors = [c.id for c in statement.contributions]
        self.query_one("#page-title", Label).update(plain(statement.name))
        facts = [
            t("people.fact.place", group=statement.group or "—", household=statement.household or "—")
            + (t("people.fact.head") if person.is_household_head else ""),
            t("people.fact.party")
            if statement.is_party_member
            else t("people.fact.mobiliser", name=statement.mobiliser or "—"),
        ]
        if person.phone:
            facts.append(t("people.fact.phone", phone=person.phone))
        labour = "、".join(f"{name} {half_days_text(h)}" for name, h in statement.labour_by_project)
        facts.append(t("people.fact.labour", days=days(statement.labour_days), detail=labour or "—"))
        for c in statement.contributions:
            facts.append(_money_fact(c))
        self.query_one("#facts", Static).update(plain("\n".join(facts)))
        lines = [line for c in statement.contributions for line in c.lines]
        self.show_lines(lines, many=len(statement.contributions) > 1)
        self.show_items(self._contributors)
        self.title = statement.name

    def action_contributor(self) -> None:
        if not self._contributors:
            self.notify(t("people.not_contributor"), severity="warning")
            return
        self.app.push_screen(ContributorScreen(self._contributors[0]))

    def action_edit(self) -> None:
        self.app.push_screen(PersonForm(record_id=self.person_id), callback=self._changed)


class ContributorScreen(_RecordPage):
    """A contributor's page; ``p`` opens the villager it is, ``m`` edits it."""

    BINDINGS = [Binding("p", "person", "key.people.person")]

    def __init__(self, contributor_id: int) -> None:
        super().__init__()
        self.contributor_id = contributor_id
        self._person_id: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="page"):
            yield Label("", id="page-title", classes="page-title")
            yield Static("", id="facts")
            yield from self.compose_tables()
        yield Footer()

    def reload(self) -> None:
        statement = ledger.contributor_statement(self.contributor_id, self.as_of)
        contributor = Contributor.get_by_id(self.contributor_id)
        self._person_id = statement.person_id
        self.query_one("#page-title", Label).update(plain(statement.name))
        facts = [t("people.fact.kind", kind=t(f"kind.{statement.kind}"))]
        if statement.person_id is not None:
            person = ledger.person_statement(statement.person_id, self.as_of)
            facts.append(
                t(
                    "people.fact.is_person",
                    name=person.name,
                    group=person.group or "—",
                    household=person.household or "—",
                )
            )
            facts.append(
                t("people.fact.party")
                if person.is_party_member
                else t("people.fact.mobiliser", name=person.mobiliser or "—")
            )
            facts.append(
                t("people.fact.labour", days=days(statement.labour_days), detail="—")
                if not person.labour_by_project
                else t(
                    "people.fact.labour",
                    days=days(statement.labour_days),
                    detail="、".join(f"{n} {half_days_text(h)}" for n, h in person.labour_by_project),
                )
            )
        if contributor.phone:
            facts.append(t("people.fact.phone", phone=contributor.phone))
        facts.append(_money_fact(statement))
        self.query_one("#facts", Static).update(plain("\n".join(facts)))
        self.show_lines(statement.lines, many=False)
        self.show_items([self.contributor_id])
        self.title = statement.name

    def action_person(self) -> None:
        if self._person_id is None:
            self.notify(t("people.not_person"), severity="warning")
            return
        self.app.push_screen(PersonScreen(self._person_id))

    def action_edit(self) -> None:
        self.app.push_screen(ContributorForm(record_id=self.contributor_id), callback=self._changed)


def _money_fact(statement: ledger.ContributorStatement) -> str:
    status = t(f"pledge_status.{statement.status}") if statement.status else "—"
    return t(
        "people.fact.money",
        name=statement.name,
        pledged=auto(statement.pledged_fen),
        received=auto(statement.received_fen),
        outstanding=auto(statement.outstanding_fen),
        status=status,
    )


register(
    zh={
        "people.title": "村民与捐助方",
        "people.tab.people": "村民",
        "people.tab.contributors": "捐助方",
        "people.placeholder": "输入姓名或拼音首字母查找，如 lxj；回车到列表，Ctrl+T 切换村民/捐助方",
        "people.lines": "认捐与到账（按屋场、资金来源）",
        "people.items": "明细（新的在前；r 冲销所选记录）",
        "people.col.pledged": "认捐",
        "people.col.received": "到账",
        "people.col.outstanding": "未到账",
        "people.col.status": "状态",
        "people.col.kind": "类型",
        "people.col.remark": "备注",
        "people.none": "（无）",
        "people.fact.place": "{group} · {household}",
        "people.fact.head": "（户主）",
        "people.fact.party": "党员",
        "people.fact.mobiliser": "联户党员：{name}",
        "people.fact.phone": "电话：{phone}",
        "people.fact.labour": "投工：{days} 个工日（{detail}）",
        "people.fact.kind": "类别：{kind}",
        "people.fact.is_person": "本村村民：{name}，{group} · {household}",
        "people.fact.money": "{name}：认捐 {pledged}，到账 {received}，未到账 {outstanding}，状态：{status}",
        "people.not_contributor": "这位村民还没有认捐或捐款记录",
        "people.not_person": "这个捐助方不是本村村民",
        "people.pick_item": "请先在明细里选中一条记录",
        "key.people.switch": "村民/捐助方",
        "key.people.contributor": "捐助记录",
        "key.people.person": "村民页",
        "key.edit": "修改",
    },
    en={
        "people.title": "People and contributors",
        "people.tab.people": "Villagers",
        "people.tab.contributors": "Contributors",
        "people.placeholder": "Type a name or pinyin initials, e.g. lxj; Enter goes to the list, Ctrl+T switches",
        "people.lines": "Pledged and received (by project and source)",
        "people.items": "Items (newest first; r reverses the selected one)",
        "people.col.pledged": "Pledged",
        "people.col.received": "Received",
        "people.col.outstanding": "Outstanding",
        "people.col.status": "Status",
        "people.col.kind": "Type",
        "people.col.remark": "Remark",
        "people.none": "(none)",
        "people.fact.place": "{group} · {household}",
        "people.fact.head": " (head of household)",
        "people.fact.party": "Party member",
        "people.fact.mobiliser": "Mobilising party member: {name}",
        "people.fact.phone": "Phone: {phone}",
        "people.fact.labour": "Labour: {days} work days ({detail})",
        "people.fact.kind": "Kind: {kind}",
        "people.fact.is_person": "Villager: {name}, {group} · {household}",
        "people.fact.money": "{name}: pledged {pledged}, received {received}, outstanding {outstanding}, "
        "status: {status}",
        "people.not_contributor": "This villager has no pledges or gifts yet",
        "people.not_person": "This contributor is not a villager",
        "people.pick_item": "Select a record in the items first",
        "key.people.switch": "Villagers/contributors",
        "key.people.contributor": "Contributions",
        "key.people.person": "Villager page",
        "key.edit": "Edit",
    },
)
