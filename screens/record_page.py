"""What a villager's page and a contributor's page share: facts, pledge lines and money items.

A page shows what the ledger says of one person or contributor (ledger.person_statement /
contributor_statement and their pledge lines, listings.money_rows for the items). Its queries run
in a thread worker and come back as one message, so opening a page never blocks the keyboard;
``r`` reverses the selected money item, ``m`` edits the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static
from textual.worker import get_current_worker

from tracker import dates, ledger, listings
from tracker.i18n import register, t

from .forms.widgets import plain, translate_bindings
from .reverse import ReverseScreen
from .widgets.cells import auto, date_text, left, right, yuan
from .widgets.dbthread import thread_connection
from .widgets.errors import ReportWorkerErrors
from .widgets.sources import REVERSAL_STYLE, REVERSED_STYLE, money_remark

RECORD_PAGE_TCSS = Path(__file__).with_name("record_page.tcss")
DETAIL_LIMIT = 200  # one person's records; more than this and the project tabs are the place


def money_items(contributor_ids: list[int], as_of: pendulum.Date) -> list[listings.MoneyRow]:
    """Pledges, receipts and in-kind gifts of these contributors, newest first, at most DETAIL_LIMIT."""
    rows: list[listings.MoneyRow] = []
    for cid in contributor_ids:
        for kind in ("pledge", "receipt", "in_kind"):
            rows += listings.money_rows(
                kind, as_of=as_of, contributor_id=cid, limit=DETAIL_LIMIT, newest_first=True
            )
    rows.sort(key=lambda r: (r.date, r.id), reverse=True)
    return rows[:DETAIL_LIMIT]


def money_fact(statement: ledger.ContributorStatement) -> str:
    status = t(f"pledge_status.{statement.status}") if statement.status else "—"
    return t(
        "people.fact.money",
        name=statement.name,
        pledged=auto(statement.pledged_fen),
        received=auto(statement.received_fen),
        outstanding=auto(statement.outstanding_fen),
        status=status,
    )


class RecordPage(ReportWorkerErrors, Screen[None]):
    """A page of one person or contributor. Subclasses say what to fetch and how to show it."""

    CSS_PATH = RECORD_PAGE_TCSS
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("r", "reverse", "key.reverse"),
        Binding("m", "edit", "key.edit"),
    ]

    @dataclass
    class Loaded(Message):
        page: Any  # what fetch_page returned

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.as_of = dates.today()
        self.loaded = False
        self._items: dict[str, listings.MoneyRow] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="page"):
            yield Label("", id="page-title", classes="page-title")
            yield Static("", id="facts")
            yield Label(plain(t("people.lines")), classes="section")
            yield DataTable(id="lines", cursor_type="row", zebra_stripes=True)
            yield Label(plain(t("people.items")), classes="section")
            yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        # The app's as-of date when it has one (the dashboard can change it), else today.
        self.as_of = getattr(self.app, "as_of", None) or dates.today()
        self.reload()

    # --- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self._load(self.as_of)

    @work(thread=True, exclusive=True, exit_on_error=False, group="page")
    def _load(self, as_of: pendulum.Date) -> None:
        with thread_connection():
            page = self.fetch_page(as_of)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(page))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        self.show_page(message.page)
        self.loaded = True

    def fetch_page(self, as_of: pendulum.Date) -> Any:
        """Runs in the worker thread: queries only, never a widget."""
        raise NotImplementedError

    def show_page(self, page: Any) -> None:
        raise NotImplementedError

    # --- drawing -------------------------------------------------------------------------------

    def show_heading(self, name: str, facts: list[str]) -> None:
        self.query_one("#page-title", Label).update(plain(name))
        self.query_one("#facts", Static).update(plain("\n".join(facts)))
        self.title = name

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

    def show_items(self, rows: list[listings.MoneyRow]) -> None:
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
        for row in rows:
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

    # --- keys ----------------------------------------------------------------------------------

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
        """A form or the reversal closed: load the page again if it saved something."""
        if result is not None:
            self.reload()


register(
    zh={
        "people.lines": "认捐与到账（按屋场、资金来源）",
        "people.items": "明细（新的在前；r 冲销所选记录）",
        "people.col.pledged": "认捐",
        "people.col.received": "到账",
        "people.col.outstanding": "未到账",
        "people.col.status": "状态",
        "people.col.kind": "类型",
        "people.col.remark": "备注",
        "people.none": "（无）",
        "people.fact.party": "党员",
        "people.fact.mobiliser": "联户党员：{name}",
        "people.fact.phone": "电话：{phone}",
        "people.fact.labour": "投工：{days} 个工日（{detail}）",
        "people.fact.money": "{name}：认捐 {pledged}，到账 {received}，未到账 {outstanding}，状态：{status}",
        "people.pick_item": "请先在明细里选中一条记录",
        "key.edit": "修改",
    },
    en={
        "people.lines": "Pledged and received (by project and source)",
        "people.items": "Items (newest first; r reverses the selected one)",
        "people.col.pledged": "Pledged",
        "people.col.received": "Received",
        "people.col.outstanding": "Outstanding",
        "people.col.status": "Status",
        "people.col.kind": "Type",
        "people.col.remark": "Remark",
        "people.none": "(none)",
        "people.fact.party": "Party member",
        "people.fact.mobiliser": "Mobilising party member: {name}",
        "people.fact.phone": "Phone: {phone}",
        "people.fact.labour": "Labour: {days} work days ({detail})",
        "people.fact.money": "{name}: pledged {pledged}, received {received}, outstanding {outstanding}, "
        "status: {status}",
        "people.pick_item": "Select a record in the items first",
        "key.edit": "Edit",
    },
)
