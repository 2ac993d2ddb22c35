"""到账: money that arrived, with its 收据编号 (unique among a village's live receipts)."""

from __future__ import annotations

from typing import Any

from models import Receipt
from tracker import records
from tracker.i18n import register

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
    zh={"form.title.receipt": "新增到账", "form.placeholder.voucher": "收据上的编号，可不填"},
    en={"form.title.receipt": "New receipt", "form.placeholder.voucher": "number on the receipt, optional"},
)
