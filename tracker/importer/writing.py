"""Writing an import's plan: every new row and milestone update, in batches, in the caller's
write transaction (the one the plan was made in, so nothing can come in between).

Ten thousand rows are a few statements a table, not a transaction or savepoint a row: each row
becomes its record in memory, every record is checked against the rules ``records`` keeps
(``records.record_problems``; the rules that compare with the ledger were checked while
matching, in one query a table), and only when all keep them are they inserted, each table in
one ``records.add_many`` with its audit rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import peewee as pw

from models import Contributor, Expense, InKind, LabourEntry, Milestone, Person, Pledge, Project, Receipt

from .. import audit, records
from ..i18n import t
from .matching import Plan
from .reading import Row
from .results import Problem

# Contributors are made by the money sheets in this order, so the first row that names one gives
# its kind, as when the rows were written one at a time.
_CONTRIBUTOR_TABLES = ("pledge", "receipt", "in_kind")
_KIND_OF_SOURCE = {"government": "government", "collective": "collective"}


def write(plan: Plan) -> None:
    """Write the plan inside the caller's ``records.write_transaction``.

    Raises RowRefused, with nothing written, should a record break a rule of ``records``.
    """
    projects, contributors, people = plan.projects, plan.contributors, plan.people
    cadre = audit.cadre_name()  # every audit row of the import is under it: read once

    new_projects = [(row, _project(row.values)) for row in plan.new.get("project", [])]
    _add(new_projects, cadre)
    projects.update((p.name, p) for _, p in new_projects)

    new_contributors: list[tuple[Row, Contributor]] = []
    villagers = _first_by_name(Person) if plan.new_contributors else {}
    for table in _CONTRIBUTOR_TABLES:
        for row in plan.new.get(table, []):
            name = row.values["contributor"].strip()
            if name not in contributors:
                kind = _KIND_OF_SOURCE.get(row.values["source"], "person")
                contributors[name] = Contributor(
                    name=name, initials=records.initials_of(name), kind=kind, person=villagers.get(name)
                )
                new_contributors.append((row, contributors[name]))
    new_people: list[tuple[Row, Person]] = []
    for row in plan.new.get("labour_entry", []):
        name = row.values["person"].strip()
        if name not in people:
            group = projects[row.values["project"]].group
            people[name] = Person(name=name, initials=records.initials_of(name), group=group.strip())
            new_people.append((row, people[name]))
    _add(new_contributors, cadre)
    _add(new_people, cadre)

    builders: dict[str, Callable[[dict], pw.Model]] = {
        "milestone": lambda v: _milestone(projects[v["project"]], v),
        "pledge": lambda v: Pledge(
            project=projects[v["project"]],
            contributor=contributors[v["contributor"].strip()],
            source=v["source"],
            amount_fen=v["amount"],
            date=v["date"],
            due_date=v["due_date"],
            note=v["note"],
        ),
        "receipt": lambda v: Receipt(
            project=projects[v["project"]],
            contributor=contributors[v["contributor"].strip()],
            source=v["source"],
            amount_fen=v["amount"],
            date=v["date"],
            voucher=(v["voucher"] or "").strip() or None,
            note=v["note"],
        ),
        "in_kind": lambda v: InKind(
            project=projects[v["project"]],
            contributor=contributors[v["contributor"].strip()],
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
            person=people[v["person"].strip()],
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
    problems = [p for batch in batches.values() for row, record in batch for p in _problems(row, record)]
    for row, _, progress, _ in plan.milestone_updates:
        if not 0 <= progress <= 100:
            problems.append(_problem(row, "progress_pct", "error.integer", {"low": 0, "high": 100}))
    if problems:
        raise RowRefused(problems)
    for batch in batches.values():
        records.add_many([record for _, record in batch], cadre=cadre)
        count = plan.counts.get(batch[0][0].sheet.spec.name) if batch else None
        if count is not None:
            count.added += len(batch)
    if "project" in plan.new:
        plan.counts["项目"].added += len(new_projects)
    # A done milestone is done whatever was typed: progress 100 (records.set_milestone_progress).
    records.edit_many(
        [
            (milestone, {"progress_pct": 100 if done is not None else progress, "done_date": done})
            for _, milestone, progress, done in plan.milestone_updates
        ],
        cadre=cadre,
    )
    if plan.milestone_updates:
        plan.counts["节点"].updated += len(plan.milestone_updates)


def _project(v: dict) -> Project:
    return Project(
        name=v["name"].strip(),
        group=v["group"].strip(),
        households=v["households"],
        leader=v["leader"].strip(),
        budget_fen=v["budget"],
        start_date=v["start_date"],
        planned_end=v["planned_end"],
        status=v["status"],
    )


def _milestone(project: Project, v: dict) -> Milestone:
    done = v["done_date"]
    return Milestone(
        project=project,
        name=v["name"].strip(),
        weight=v["weight"],
        planned_date=v["planned_date"],
        done_date=done,
        progress_pct=100 if done is not None else (v["progress"] or 0),
    )


def _first_by_name(model: type) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in model.select().order_by(model.id):
        found.setdefault(record.name, record)
    return found


def _add(batch: list[tuple[Row, pw.Model]], cadre: str) -> None:
    problems = [p for row, record in batch for p in _problems(row, record)]
    if problems:
        raise RowRefused(problems)
    records.add_many([record for _, record in batch], cadre=cadre)


def _problems(row: Row, record: pw.Model) -> list[Problem]:
    # Every rule records keeps was checked while reading and matching; should one still refuse a
    # row, it is reported against that row and the transaction rolls back.
    return [_problem(row, e.field, e.key, e.kwargs) for e in records.record_problems(record)]


def _problem(row: Row, field: str, key: str, kwargs: dict) -> Problem:
    column = row.sheet.headers.get(field, t(f"field.{field}"))
    return Problem(row.sheet.title, row.number, column, key, kwargs)


class RowRefused(Exception):
    """A row records refused while writing; the transaction rolls back."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems
