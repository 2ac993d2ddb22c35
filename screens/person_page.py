"""A villager's page: where they live, their party member, labour days, and what they gave.

``c`` opens their contributor page, ``m`` edits them; the facts and lists load in a worker
(screens.record_page).
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from textual.binding import Binding

from models import Person
from tracker import ledger, listings
from tracker.i18n import register, t
from tracker.quantities import half_days_text

from .forms import PersonForm
from .record_page import RecordPage, money_fact, money_items
from .widgets.cells import days


@dataclass(frozen=True)
class PersonPage:
    statement: ledger.PersonStatement
    phone: str
    is_household_head: bool
    items: list[listings.MoneyRow]


class PersonScreen(RecordPage):
    """A villager's page; ``c`` opens their contributor page, ``m`` edits them."""

    BINDINGS = [
        Binding("c", "contributor", "key.people.contributor"),
        Binding("g", "merge", "key.merge"),
        Binding("x", "delete", "key.delete_person"),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self._contributors: list[int] = []

    def fetch_page(self, as_of: pendulum.Date) -> PersonPage:
        statement = ledger.person_statement(self.person_id, as_of)
        person = Person.get_by_id(self.person_id)  # phone and household head: not in the statement
        items = money_items([c.id for c in statement.contributions], as_of)
        return PersonPage(statement, person.phone or "", bool(person.is_household_head), items)

    def show_page(self, page: PersonPage) -> None:
        statement = page.statement
        self._contributors = [c.id for c in statement.contributions]
        facts = [
            t("people.fact.place", group=statement.group or "—", household=statement.household or "—")
            + (t("people.fact.head") if page.is_household_head else ""),
            t("people.fact.party")
            if statement.is_party_member
            else t("people.fact.mobiliser", name=statement.mobiliser or "—"),
        ]
        if page.phone:
            facts.append(t("people.fact.phone", phone=page.phone))
        labour = "、".join(f"{name} {half_days_text(h)}" for name, h in statement.labour_by_project)
        facts.append(t("people.fact.labour", days=days(statement.labour_days), detail=labour or "—"))
        facts += [money_fact(c) for c in statement.contributions]
        self.show_heading(statement.name, facts)
        lines = [line for c in statement.contributions for line in c.lines]
        self.show_lines(lines, many=len(statement.contributions) > 1)
        self.show_items(page.items)

    def action_contributor(self) -> None:
        if not self.loaded:
            return
        if not self._contributors:
            self.notify(t("people.not_contributor"), severity="warning")
            return
        from .contributor_page import ContributorScreen  # the two pages open each other

        self.app.push_screen(ContributorScreen(self._contributors[0]))

    def action_edit(self) -> None:
        self.app.push_screen(PersonForm(record_id=self.person_id), callback=self._changed)

    def action_merge(self) -> None:
        """This villager was entered twice: move everything to the other entry."""
        from .merge import MergeScreen

        def merged(kept: int | None) -> None:
            if kept is not None:
                self.notify(t("merge.done", name=Person.get_by_id(kept).name))
                self.app.switch_screen(PersonScreen(kept))

        self.app.push_screen(MergeScreen("person", self.person_id), merged)

    def action_delete(self) -> None:
        """A villager entered by mistake, with nothing recorded: delete (else say what holds them)."""
        from tracker import corrections
        from tracker.errors import UserError

        from .confirm import ConfirmScreen

        person = Person.get_by_id(self.person_id)
        if corrections.person_record_counts(person):
            try:
                corrections.delete_person(person)
            except UserError as exc:
                self.notify(exc.message(), severity="warning", timeout=8)
            return

        def gone(answer: str | None) -> None:
            if answer is not None:
                corrections.delete_person(person)
                self.notify(t("delete.done", name=person.name))
                self.dismiss()

        ask = ConfirmScreen(
            t("delete.person_title", name=person.name), t("delete.person_explain"), t("ui.delete")
        )
        self.app.push_screen(ask, gone)


register(
    zh={
        "people.fact.place": "{group} · {household}",
        "people.fact.head": "（户主）",
        "people.not_contributor": "这位村民还没有认捐或捐款记录",
        "key.people.contributor": "捐助记录",
        "key.merge": "合并",
        "key.delete_person": "删除",
    },
    en={
        "people.fact.place": "{group} · {household}",
        "people.fact.head": " (head of household)",
        "people.not_contributor": "This villager has no pledges or gifts yet",
        "key.people.contributor": "Contributions",
        "key.merge": "Merge",
        "key.delete_person": "Delete",
    },
)
