"""到账: money that arrived, with its 收据编号 (unique among a village's live receipts; the next one
of the village when left blank, tracker.vouchers)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from models import Receipt
from tracker import records, vouchers
from tracker.i18n import register, t

from .base import Field
from .money import AMOUNT, CONTRIBUTOR, DATE, NEW_KIND, NOTE, PROJECT, SOURCE, ContributorMoneyForm


class ReceiptForm(ContributorMoneyForm):
    KIND = "receipt"
    TITLE_KEY = "form.title.receipt"
    FIELDS = (
        PROJECT,
        CONTRIBUTOR,
        NEW_KIND,
        SOURCE,
        AMOUNT,
        DATE,
        Field("voucher", max_len=40, placeholder="form.placeholder.voucher"),
        NOTE,
    )

    def on_mount(self) -> None:
        # Left blank, the next number is given: the placeholder says which.
        box = self.query_one("#f-voucher", Input)
        box.placeholder = t("form.placeholder.voucher_next", next=vouchers.next_voucher(self.today))

    def write(self, values: dict[str, Any]) -> Receipt:
        return records.add_receipt(
            self.project(values),
            self.contributor(values),
            values["source"],
            values["amount"],
            values["date"],
            voucher=values.get("voucher") or None,
            note=values.get("note", ""),
        )


register(
    zh={
        "form.title.receipt": "新增到账",
        "form.placeholder.voucher": "收据上的编号；不填则自动编号",
        "form.placeholder.voucher_next": "不填则自动编号：{next}",
    },
    en={
        "form.title.receipt": "New receipt",
        "form.placeholder.voucher": "number on the receipt; blank gives the next",
        "form.placeholder.voucher_next": "blank gives the next number: {next}",
    },
)
