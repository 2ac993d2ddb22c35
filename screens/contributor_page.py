"""A contributor's page: its kind, the villager it is (if any), and what it pledged and gave.

``p`` opens the villager it is, ``m`` edits it; the facts and lists load in a worker
(screens.record_page).
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from textual.binding import Binding

from models import Contributor
from tracker import ledger, listings
from tracker.i18n import register, t
from tracker.quantities import half_days_text

from .forms import ContributorForm
from .record_page import RecordPage, money_fact, money_items
from .widgets.cells import days


@dataclass(frozen=True)
class ContributorPage:
    statement: ledger.ContributorStatement
    person: ledger.PersonStatement | None  # the villager this contributor is
    phone: str
    items: list[listings.MoneyRow]


class ContributorScreen(RecordPage):
    """A contributor's page; ``p`` opens the villager it is, ``m`` edits it."""

    BINDINGS = [Binding("p", "person", "key.people.person"), Binding("g", "merge", "key.merge")]

    def __init__(self, contributor_id: int) -> None:
        super().__init__()
        self.contributor_id = contributor_id
        self._person_id: int | None = None

    def fetch_page(self, as_of: pendulum.Date) -> ContributorPage:
        statement = ledger.contributor_statement(self.contributor_id, as_of)
        contributor = Contributor.get_by_id(self.contributor_id)
        person = (
            ledger.person_statement(statement.person_id, as_of) if statement.person_id is not None else None
        )
        items = money_items([self.contributor_id], as_of)
        return ContributorPage(statement, person, contributor.phone or "", items)

    def show_page(self, page: ContributorPage) -> None:
        statement, person = page.statement, page.person
        self._person_id = statement.person_id
        facts = [t("people.fact.kind", kind=t(f"kind.{statement.kind}"))]
        if person is not None:
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
            labour = "、".join(f"{n} {half_days_text(h)}" for n, h in person.labour_by_project)
            facts.append(t("people.fact.labour", days=days(statement.labour_days), detail=labour or "—"))
        if page.phone:
            facts.append(t("people.fact.phone", phone=page.phone))
        facts.append(money_fact(statement))
        self.show_heading(statement.name, facts)
        self.show_lines(statement.lines, many=False)
        self.show_items(page.items)

    def action_person(self) -> None:
        if not self.loaded:
            return
        if self._person_id is None:
            self.notify(t("people.not_person"), severity="warning")
            return
        from .person_page import PersonScreen  # the two pages open each other

        self.app.push_screen(PersonScreen(self._person_id))

    def action_edit(self) -> None:
        self.app.push_screen(ContributorForm(record_id=self.contributor_id), callback=self._changed)

    def action_merge(self) -> None:
        """This contributor was entered twice: move their pledges, receipts and gifts to the other."""
        from .merge import MergeScreen

        def merged(kept: int | None) -> None:
            if kept is not None:
                self.notify(t("merge.done", name=Contributor.get_by_id(kept).name))
                self.app.switch_screen(ContributorScreen(kept))

        self.app.push_screen(MergeScreen("contributor", self.contributor_id), merged)


register(
    zh={
        "people.fact.kind": "类别：{kind}",
        "people.fact.is_person": "本村村民：{name}，{group} · {household}",
        "people.not_person": "这个捐助方不是本村村民",
        "key.people.person": "村民页",
    },
    en={
        "people.fact.kind": "Kind: {kind}",
        "people.fact.is_person": "Villager: {name}, {group} · {household}",
        "people.not_person": "This contributor is not a villager",
        "key.people.person": "Villager page",
    },
)
