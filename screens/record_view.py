"""A record, read-only: every field, and its history from the audit log (who changed what, when)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tracker import audit, money
from tracker.i18n import register, t
from tracker.listings import LabourRow, MilestoneRow, MoneyRow

from .commands import kind_name
from .keys import Translated
from .widgets.cells import auto, date_text, days
from .widgets.sources import money_remark

Field = tuple[str, str]  # (label, value)

# Audit columns that change on every edit and say nothing to a cadre.
_BOOKKEEPING = {"id", "uuid", "created_at", "updated_at", "version"}


def money_fields(row: MoneyRow) -> list[Field]:
    fields = [
        (t("field.project"), row.project),
        (t("field.date"), date_text(row.date)),
        (t("field.contributor"), row.contributor),
        (t("field.kind"), t(f"kind.{row.contributor_kind}") if row.contributor_kind else ""),
        (t("field.source"), t(f"source.{row.source}") if row.source else ""),
        (t("field.item"), row.item),
        (t("field.quantity"), f"{row.quantity}{row.unit}"),
        (t("field.amount"), auto(row.amount_fen)),
        (t("ui.rec.capitals"), money.capitals(row.amount_fen)),
        (t("field.due_date"), date_text(row.due_date)),
        (t("field.payee"), row.payee),
        (t("field.voucher"), row.voucher),
        (t("field.note"), row.note),
    ]
    if row.is_reversal or row.reversed:
        fields.append((t("ui.rec.state"), money_remark(row)))
    return [(label, value) for label, value in fields if value]


def labour_fields(row: LabourRow) -> list[Field]:
    fields = [
        (t("field.project"), row.project),
        (t("field.date"), date_text(row.date)),
        (t("field.person"), row.person),
        (t("field.group"), row.group),
        (t("field.household"), row.household),
        (t("field.days"), days(row.days)),
        (t("field.work_type"), row.work_type),
        (t("field.note"), row.note),
    ]
    return [(label, value) for label, value in fields if value]


def milestone_fields(row: MilestoneRow) -> list[Field]:
    fields = [
        (t("field.project"), row.project),
        (t("field.name"), row.name),
        (t("field.weight"), str(row.weight)),
        (t("field.planned_date"), date_text(row.planned_date)),
        (t("field.done_date"), date_text(row.done_date)),
        (t("field.progress_pct"), f"{row.progress_pct}%"),
    ]
    return [(label, value) for label, value in fields if value]


def title_of(row: Any) -> str:
    if isinstance(row, MoneyRow):
        return kind_name(row.kind)
    if isinstance(row, LabourRow):
        return kind_name("labour")
    return kind_name("milestone")


def fields_of(row: Any) -> list[Field]:
    if isinstance(row, MoneyRow):
        return money_fields(row)
    if isinstance(row, LabourRow):
        return labour_fields(row)
    return milestone_fields(row)


def _local_time(stamp: str) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _label(column: str) -> str:
    key = "field." + column.removesuffix("_fen").removesuffix("_id")
    text = t(key)
    return column if text == key else text


def _value(column: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if column.endswith("_fen") and isinstance(value, int):
        return money.format_yuan(value)
    return str(value)


def change_text(action: str, before: str | None, after: str | None) -> str:
    """What an audit row changed: "进度(%)：80 → 100" for an edit, nothing more for a create."""
    if action != "update" or not before or not after:
        return ""
    old, new = json.loads(before), json.loads(after)
    changes = [
        t("ui.rec.changed", field=_label(k), old=_value(k, old.get(k)), new=_value(k, new.get(k)))
        for k in new
        if k not in _BOOKKEEPING and old.get(k) != new.get(k)
    ]
    return t("ui.rec.change_sep").join(changes)


def history_table(record_uuid: str) -> Table | Text:
    rows = audit.history(record_uuid)
    if not rows:
        return Text(t("ui.rec.no_history"), style="dim")
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, pad_edge=False)
    for key in ("ui.rec.when", "ui.rec.who", "ui.rec.action", "ui.rec.change"):
        table.add_column(t(key), no_wrap=key != "ui.rec.change")
    for row in rows:
        table.add_row(
            _local_time(row.at),
            row.cadre or "—",
            t(f"ui.audit.{row.action}"),
            change_text(row.action, row.before, row.after),
        )
    return table


class RecordView(Translated, ModalScreen[str | None]):
    """Dismisses with "reverse" when ``r`` asks for the record to be reversed (or taken back)."""

    CSS_PATH = "record_view.tcss"
    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("r", "reverse", "key.reverse"),
        Binding("enter", "close", "key.close", show=False),
        Binding("q", "close", "key.close", show=False),
    ]

    def __init__(self, row: Any) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="dim", no_wrap=True)
        fields.add_column()
        for label, value in fields_of(self.row):
            fields.add_row(label, value)
        struck = isinstance(self.row, MoneyRow) and self.row.reversed
        with VerticalScroll(id="record"):
            yield Static(Text(title_of(self.row), style="bold strike" if struck else "bold"), classes="title")
            yield Static(fields, id="fields")
            yield Static(Text(t("ui.rec.history"), style="bold"), classes="section")
            yield Static(history_table(self.row.uuid), id="history")
            yield Static(t("ui.rec.hint"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_reverse(self) -> None:
        self.dismiss("reverse")


register(
    zh={
        "ui.rec.capitals": "大写",
        "ui.rec.changed": "{field}：{old} → {new}",
        "ui.rec.change_sep": "；",
        "ui.rec.state": "冲销",
        "ui.rec.history": "修改记录",
        "ui.rec.no_history": "没有修改记录",
        "ui.rec.when": "时间",
        "ui.rec.who": "填报人",
        "ui.rec.action": "操作",
        "ui.rec.change": "内容",
        "ui.rec.hint": "只读。资金记录不能修改，按 r 冲销；投工记录按 r 撤回。Esc 关闭。",
        "ui.audit.create": "新建",
        "ui.audit.update": "修改",
        "ui.audit.delete": "删除",
        "ui.audit.reverse": "冲销",
        "ui.audit.merge": "合并",
    },
    en={
        "ui.rec.capitals": "In words (receipt)",
        "ui.rec.changed": "{field}: {old} → {new}",
        "ui.rec.change_sep": "; ",
        "ui.rec.state": "Reversal",
        "ui.rec.history": "History",
        "ui.rec.no_history": "No history",
        "ui.rec.when": "When",
        "ui.rec.who": "By",
        "ui.rec.action": "Action",
        "ui.rec.change": "Change",
        "ui.rec.hint": "Read only. Money records are not edited: press r to reverse one; r takes a labour entry back. Esc closes.",
        "ui.audit.create": "Created",
        "ui.audit.update": "Edited",
        "ui.audit.delete": "Deleted",
        "ui.audit.reverse": "Reversed",
        "ui.audit.merge": "Merged",
    },
)
