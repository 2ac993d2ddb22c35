"""认捐: what a contributor promised to give to a project, with the date it is due."""

from __future__ import annotations

from typing import Any

from models import Pledge
from tracker import records
from tracker.i18n import register

from .base import Field
from .money import AMOUNT, CONTRIBUTOR, DATE, NEW_KIND, NOTE, PROJECT, SOURCE, ContributorMoneyForm


class PledgeForm(ContributorMoneyForm):
    KIND = "pledge"
    TITLE_KEY = "form.title.pledge"
    FIELDS = (
        PROJECT,
        CONTRIBUTOR,
        NEW_KIND,
        SOURCE,
        AMOUNT,
        DATE,
        Field("due_date", "date", placeholder="form.placeholder.date"),
        NOTE,
    )

    def write(self, values: dict[str, Any]) -> Pledge:
        return records.add_pledge(
            self.project(values),
            self.contributor(values),
            values["source"],
            values["amount"],
            values["date"],
            due_date=values.get("due_date"),
            note=values.get("note", ""),
        )


register(zh={"form.title.pledge": "新增认捐"}, en={"form.title.pledge": "New pledge"})
