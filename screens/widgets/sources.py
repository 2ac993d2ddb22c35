"""What each project tab lists: tracker.listings queries and the cells of their rows.

A reversed record is drawn struck through; a reversing entry (冲销) says so with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pendulum
from rich.text import Text

from tracker import listings
from tracker.i18n import register, t
from tracker.listings import LabourRow, MilestoneRow, MoneyRow

from .cells import count, date_text, days, left, right, yuan
from .paged_table import Column

REVERSED_STYLE = "strike dim"
REVERSAL_STYLE = "italic"


def _style(row: MoneyRow) -> str:
    if row.reversed:
        return REVERSED_STYLE
    if row.is_reversal:
        return REVERSAL_STYLE
    return ""


def money_remark(row: MoneyRow) -> str:
    """What the last column says: 冲销 with its reason, 已冲销, or the note."""
    if row.is_reversal:
        return t("ui.rec.reversal", reason=row.reason)
    if row.reversed:
        return t("ui.rec.reversed") + (f" {row.note}" if row.note else "")
    return row.note


_MONEY_COLUMNS = {
    "pledge": [
        Column("date", "field.date"),
        Column("contributor", "field.contributor"),
        Column("source", "field.source"),
        Column("amount", "field.amount", ">"),
        Column("due_date", "field.due_date"),
        Column("remark", "ui.col.remark"),
    ],
    "receipt": [
        Column("date", "field.date"),
        Column("contributor", "field.contributor"),
        Column("source", "field.source"),
        Column("amount", "field.amount", ">"),
        Column("voucher", "field.voucher"),
        Column("remark", "ui.col.remark"),
    ],
    "in_kind": [
        Column("date", "field.date"),
        Column("contributor", "field.contributor"),
        Column("item", "field.item"),
        Column("quantity", "field.quantity", ">"),
        Column("source", "field.source"),
        Column("amount", "ui.col.valued", ">"),
        Column("remark", "ui.col.remark"),
    ],
    "expense": [
        Column("date", "field.date"),
        Column("item", "field.item"),
        Column("amount", "field.amount", ">"),
        Column("payee", "field.payee"),
        Column("voucher", "ui.col.expense_voucher"),
        Column("remark", "ui.col.remark"),
    ],
}


@dataclass
class MoneySource:
    kind: str  # pledge, receipt, in_kind or expense
    project_id: int
    as_of: pendulum.Date

    @property
    def columns(self) -> list[Column]:
        return _MONEY_COLUMNS[self.kind]

    @property
    def placeholder(self) -> str:
        return f"ui.filter.{self.kind}"

    def _filters(self, text: str) -> dict:
        return {"as_of": self.as_of, "project_id": self.project_id, "text": text or None}

    def count(self, text: str) -> int:
        return listings.count_money_rows(self.kind, **self._filters(text))

    def fetch(self, text: str, limit: int, offset: int) -> list[MoneyRow]:
        return listings.money_rows(
            self.kind, **self._filters(text), limit=limit, offset=offset, newest_first=True
        )

    def extra(self, text: str) -> str:
        return t("ui.pager.sum", amount=yuan(listings.money_total(self.kind, **self._filters(text))))

    def key(self, row: MoneyRow) -> str:
        return str(row.id)

    def cells(self, row: MoneyRow) -> list[Text]:
        style = _style(row)
        source = t(f"source.{row.source}") if row.source else ""
        values = {
            "date": left(date_text(row.date), style),
            "contributor": left(row.contributor, style),
            "source": left(source, style),
            "amount": right(yuan(row.amount_fen), style),
            "due_date": left(date_text(row.due_date), style),
            "voucher": left(row.voucher, style),
            "item": left(row.item, style),
            "quantity": right(f"{row.quantity}{row.unit}", style),
            "payee": left(row.payee, style),
            "remark": left(money_remark(row), style),
        }
        return [values[c.key] for c in self.columns]


@dataclass
class LabourSource:
    project_id: int
    as_of: pendulum.Date

    columns = (
        Column("date", "field.date"),
        Column("person", "field.person"),
        Column("household", "field.household"),
        Column("days", "field.days", ">"),
        Column("work_type", "field.work_type"),
        Column("note", "field.note"),
    )
    placeholder = "ui.filter.labour"

    def _filters(self, text: str) -> dict:
        return {"as_of": self.as_of, "project_id": self.project_id, "text": text or None}

    def count(self, text: str) -> int:
        return listings.count_labour_rows(**self._filters(text))

    def fetch(self, text: str, limit: int, offset: int) -> list[LabourRow]:
        return listings.labour_rows(**self._filters(text), limit=limit, offset=offset, newest_first=True)

    def extra(self, text: str) -> str:
        entries, halves, value = listings.labour_total(**self._filters(text))
        return t("ui.pager.labour_sum", n=count(entries), days=days(Decimal(halves) / 2), value=yuan(value))

    def key(self, row: LabourRow) -> str:
        return str(row.id)

    def cells(self, row: LabourRow) -> list[Text]:
        return [
            left(date_text(row.date)),
            left(row.person),
            left(row.household),
            right(days(row.days)),
            left(row.work_type),
            left(row.note),
        ]


@dataclass
class MilestoneSource:
    """Milestones are few (a handful a project): filtered by name in memory, never summed here."""

    project_id: int
    as_of: pendulum.Date

    columns = (
        Column("name", "field.name"),
        Column("weight", "field.weight", ">"),
        Column("planned", "field.planned_date"),
        Column("done", "field.done_date"),
        Column("progress", "field.progress_pct", ">"),
        Column("state", "ui.col.state"),
    )
    placeholder = "ui.filter.milestone"

    def _rows(self, text: str) -> list[MilestoneRow]:
        rows = listings.milestone_rows(self.as_of, project_id=self.project_id)
        needle = text.strip().lower()
        return [r for r in rows if needle in r.name.lower()] if needle else rows

    def count(self, text: str) -> int:
        return len(self._rows(text))

    def fetch(self, text: str, limit: int, offset: int) -> list[MilestoneRow]:
        return self._rows(text)[offset : offset + limit]

    def extra(self, text: str) -> str:
        return ""

    def key(self, row: MilestoneRow) -> str:
        return str(row.id)

    def cells(self, row: MilestoneRow) -> list[Text]:
        if row.done:
            state, style = t("ui.ms.done"), "green"
        elif row.overdue:
            state, style = t("ui.ms.overdue"), "bold red"
        else:
            state, style = t("ui.ms.open"), ""
        return [
            left(row.name),
            right(str(row.weight)),
            left(date_text(row.planned_date)),
            left(date_text(row.done_date)),
            right(f"{row.progress_pct}%"),
            left(state, style),
        ]


register(
    zh={
        "ui.col.remark": "备注",
        "ui.col.valued": "折价",
        "ui.col.expense_voucher": "凭证号",
        "ui.col.state": "状态",
        "ui.rec.reversal": "冲销：{reason}",
        "ui.rec.reversed": "已冲销",
        "ui.pager.sum": "金额合计 {amount}",
        "ui.pager.labour_sum": "{n} 人次  {days} 工日  折资 {value}",
        "ui.filter.pledge": "筛选认捐：姓名或拼音首字母（如 lxj）、备注",
        "ui.filter.receipt": "筛选到账：姓名或拼音首字母、收据编号、备注",
        "ui.filter.in_kind": "筛选筹料：姓名或拼音首字母、物品、备注",
        "ui.filter.expense": "筛选支出：事项、收款方、凭证号、备注",
        "ui.filter.labour": "筛选投工：姓名或拼音首字母、户、工种",
        "ui.filter.milestone": "筛选节点：节点名称",
        "ui.ms.done": "已完成",
        "ui.ms.overdue": "逾期",
        "ui.ms.open": "进行中",
    },
    en={
        "ui.col.remark": "Note",
        "ui.col.valued": "Value",
        "ui.col.expense_voucher": "Voucher no.",
        "ui.col.state": "State",
        "ui.rec.reversal": "Reversal: {reason}",
        "ui.rec.reversed": "Reversed",
        "ui.pager.sum": "Total amount {amount}",
        "ui.pager.labour_sum": "{n} {n|person-day|person-days}  {days} work days  value {value}",
        "ui.filter.pledge": "Filter pledges: name or pinyin initials (e.g. lxj), note",
        "ui.filter.receipt": "Filter receipts: name or pinyin initials, voucher no., note",
        "ui.filter.in_kind": "Filter in-kind gifts: name or pinyin initials, item, note",
        "ui.filter.expense": "Filter expenses: item, payee, voucher no., note",
        "ui.filter.labour": "Filter labour: name or pinyin initials, household, work type",
        "ui.filter.milestone": "Filter milestones: name",
        "ui.ms.done": "Done",
        "ui.ms.overdue": "Overdue",
        "ui.ms.open": "In progress",
    },
)
