"""筹料: materials given instead of money (stone, saplings, cement), valued in 元."""

from __future__ import annotations

from typing import Any

from models import InKind
from tracker import records
from tracker.i18n import register

from .base import Field
from .money import CONTRIBUTOR, DATE, NEW_KIND, NOTE, PROJECT, SOURCE, ContributorMoneyForm


class InKindForm(ContributorMoneyForm):
    KIND = "in_kind"
    TITLE_KEY = "form.title.in_kind"
    FIELDS = (
        PROJECT,
        CONTRIBUTOR,
        NEW_KIND,
        SOURCE,
        Field("item", required=True, label="form.field.material", max_len=100),
        Field("quantity", max_len=20),
        Field("unit", max_len=10, placeholder="form.placeholder.unit"),
        Field(
            "amount",
            "amount",
            required=True,
            label="form.field.valued",
            placeholder="form.placeholder.amount",
        ),
        DATE,
        NOTE,
    )

    def write(self, values: dict[str, Any]) -> InKind:
        return records.add_in_kind(
            self.project(values),
            self.contributor(values),
            values["source"],
            values["item"],
            values["amount"],
            values["date"],
            quantity=values.get("quantity", ""),
            unit=values.get("unit", ""),
            note=values.get("note", ""),
        )


register(
    zh={
        "form.title.in_kind": "新增筹料",
        "form.field.material": "物品",
        "form.field.valued": "折价(元)",
        "form.placeholder.unit": "如 吨、株、平方米",
    },
    en={
        "form.title.in_kind": "New in-kind gift",
        "form.field.material": "Item",
        "form.field.valued": "Value (yuan)",
        "form.placeholder.unit": "e.g. t, trees, m²",
    },
)
