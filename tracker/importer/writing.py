"""Writing an import's plan: every new row and milestone update, in batches, in the caller's
write transaction (the one the plan was made in, so nothing can come in between).

Ten thousand rows are a few statements a table, not a transaction or savepoint a row: each row
becomes its record in memory, every record is checked against ``tracker.rules`` as ``records``
checks one (``records.batch_problems``: the rules' look-ups in the ledger made once for the
batch), and only when all keep them are they inserted, each table in one ``records.add_many``
with its audit rows.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw
import pendulum

from models import Contributor, Expense, InKind, LabourEntry, Milestone, Person, Pledge, Project, Receipt

from .. import audit, records, rules
from . import roster
from .matching import Plan
from .reading import Row
from .results import Problem
from .sheet_format import ROSTER_SHEET

# Contributors are made by the money sheets in this order, so the first row that names one gives
# its kind, as when the rows were written one at a time.
_CONTRIBUTOR_TABLES = ("pledge", "receipt", "in_kind")
_KIND_OF_SOURCE = {"government": "government", "collective": "collective"}


def write(plan: Plan, today: pendulum.Date) -> None:
    """Write the plan inside the caller's ``records.write_transaction``.

    Raises RowRefused, with nothing written, should a record break a rule of ``tracker.rules``.
    """
    projects, contributors, people = plan.projects, plan.contributors, plan.people
    cadre = audit.cadre_name()  # every audit row of the import is under it: read once

    new_projects = [(row, _project(row.values)) for row in plan.new.get("project", [])]
    _add(new_projects, today, cadre)
    projects.update((p.name, p) for _, p in new_projects)
    if plan.roster is not None:
        # The roster first: the money and labour sheets may name the villagers it adds.
        roster.write(plan.roster, people, plan.counts[ROSTER_SHEET])

    # A new name is a new contributor, linked to the villager it means if it means one (as
    # records.contributor_for makes one); names that differ only as rules.name_key ignores are one.
    new_contributors: list[tuple[Row, Contributor]] = []
    villagers = records.villagers_named(plan.new_contributors) if plan.new_contributors else {}
    by_key: dict[str, Contributor] = {}
    for table in _CONTRIBUTOR_TABLES:
        for row in plan.new.get(table, []):
            name = row.values["contributor"]
            if name in contributors:
                continue
            key = rules.name_key(name)
            if key not in by_key:
                person = villagers.get(name)
                kind = _KIND_OF_SOURCE.get(row.values["source"], "person")
                tidy = rules.tidy_name(person.name if person is not None else name)
                by_key[key] = Contributor(
                    name=tidy, initials=records.initials_of(tidy), kind=kind, person=person
                )
                new_contributors.append((row, by_key[key]))
            contributors[name] = by_key[key]
    new_people: list[tuple[Row, Person]] = []
    for row in plan.new.get("labour_entry", []):
        name = row.values["person"]
        if name not in people:
            group = projects[row.values["project"]].group
            tidy = rules.tidy_name(name)
            people[name] = Person(name=tidy, initials=records.initials_of(tidy), group=group.strip())
            new_people.append((row, people[name]))
    _add(new_contributors, today, cadre)
    _add(new_people, today, cadre)

    builders: dict[str, Callable[[dict], pw.Model]] = {
        "milestone": lambda v: _milestone(projects[v["project"]], v),
        "pledge": lambda v: Pledge(
            project=projects[v["project"]],
            contributor=contributors[v["contributor"]],
            source=v["source"],
            amount_fen=v["amount"],
            date=v["date"],
            due_date=v["due_date"],
            note=v["note"],
        ),
        "receipt": lambda v: Receipt(
            project=projects[v["project"]],
            contributor=contributors[v["contributor"]],
            source=v["source"],
            amount_fen=v["amount"],
            date=v["date"],
            voucher=(v["voucher"] or "").strip() or None,
            note=v["note"],
        ),
        "in_kind": lambda v: InKind(
            project=projects[v["project"]],
            contributor=contributors[v["contributor"]],
            source=v["source"],
            item=v["item"].strip(),
            amount_fen=v["amount"],
            date=v["date"],
            quantity=str(v["quantity"]).strip(),
            unit=v["unit"].strip(),
            note=v["note"],
        ),
        "expense": lambda v: Expense(
            project=projects[v["project"]],
            item=v["item"].strip(),
            amount_fen=v["amount"],
            date=v["date"],
            payee=v["payee"].strip(),
            voucher=(v["voucher"] or "").strip() or None,
            note=v["note"],
        ),
        "labour_entry": lambda v: LabourEntry(
            person=people[v["person"]],
            project=projects[v["project"]],
            date=v["date"],
            half_days=v["days"],
            work_type=v["work_type"].strip(),
            note=v["note"],
        ),
    }
    batches = {
        table: [(row, build(row.values)) for row in plan.new.get(table, [])]
        for table, build in builders.items()
    }
    edited = [
        (row, Milestone(**{**milestone.__data__, "progress_pct": progress, "done_date": done}))
        for row, milestone, progress, done in plan.milestone_updates
    ]
    problems = _problems([pair for batch in batches.values() for pair in batch] + edited, today)
    if problems:
        raise RowRefused(problems)
    for batch in batches.values():
        records.add_many([record for _, record in batch], cadre=cadre)
        count = plan.counts.get(batch[0][0].sheet.spec.name) if batch else None
        if count is not None:
            count.added += len(batch)
    if "project" in plan.new:
        plan.counts["项目"].added += len(new_projects)
    records.edit_many(
        [
            (milestone, {"progress_pct": progress, "done_date": done})
            for _, milestone, progress, done in plan.milestone_updates
        ],
        cadre=cadre,
    )
    if plan.milestone_updates:
        plan.counts["节点"].updated += len(plan.milestone_updates)


def _project(v: dict) -> Project:
    return Project(
        name=rules.tidy_name(v["name"]),
        group=v["group"].strip(),
        households=v["households"],
        leader=v["leader"].strip(),
        budget_fen=v["budget"],
        start_date=v["start_date"],
        planned_end=v["planned_end"],
        status=v["status"],
    )


def _milestone(project: Project, v: dict) -> Milestone:
    return Milestone(
        project=project,
        name=rules.tidy_name(v["name"]),
        weight=v["weight"],
        planned_date=v["planned_date"],
        done_date=v["done_date"],
        progress_pct=v["progress"] or 0,  # records.add_many settles a done one at 100
    )


def _add(batch: list[tuple[Row, pw.Model]], today: pendulum.Date, cadre: str) -> None:
    problems = _problems(batch, today)
    if problems:
        raise RowRefused(problems)
    records.add_many([record for _, record in batch], cadre=cadre)


def _problems(batch: list[tuple[Row, pw.Model]], today: pendulum.Date) -> list[Problem]:
    # Matching asked the rules about every row's record already; records asks again when it
    # writes, as it does of one record, and a rule that still refuses one names its row.
    found = records.batch_problems([record for _, record in batch], today)
    return [row.refused(error) for (row, _), errors in zip(batch, found, strict=True) for error in errors]


class RowRefused(Exception):
    """A row records refused while writing; the transaction rolls back."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems
