"""支出: money spent on a project, with who was paid and the voucher."""

from __future__ import annotations

from typing import Any

from models import Expense
from tracker import records
from tracker.i18n import register

from .base import Field
from .money import AMOUNT, DATE, NOTE, PROJECT, MoneyForm


class ExpenseForm(MoneyForm):
    KIND = "expense"
    TITLE_KEY = "form.title.expense"
    FIELDS = (
        PROJECT,
        Field("item", required=True, label="form.field.spent_on", max_len=100),
        AMOUNT,
        DATE,
        Field("payee", max_len=100),
        Field("voucher", max_len=40, label="form.field.expense_voucher"),
        NOTE,
    )

    def defaults(self) -> dict[str, Any]:
        return {"date": super().defaults()["date"]}

    def write(self, values: dict[str, Any]) -> Expense:
        return records.add_expense(
            self.project(values),
            values["item"],
            values["amount"],
            values["date"],
            payee=values.get("payee", ""),
            voucher=values.get("voucher") or None,
            note=values.get("note", ""),
        )


register(
    zh={
        "form.title.expense": "新增支出",
        "form.field.spent_on": "事项",
        "form.field.expense_voucher": "凭证号",
    },
    en={
        "form.title.expense": "New expense",
        "form.field.spent_on": "Spent on",
        "form.field.expense_voucher": "Voucher no.",
    },
)
