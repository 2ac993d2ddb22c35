"""Writing an import's plan: every new row and milestone update in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from models import Contributor, Person

from .. import records
from ..errors import UserError, ValidationError
from ..i18n import t
from .matching import Plan
from .reading import Row
from .results import Problem
from .sheet_format import SHEETS


def write(plan: Plan) -> None:
    """Write the plan in one transaction, a row at a time through ``records`` (so each is audited).

    Raises RowRefused, with nothing written, should records refuse a row.
    """
    projects, contributors, people = plan.projects, plan.contributors, plan.people

    def contributor(v: dict) -> Contributor:
        name = v["contributor"]
        if name not in contributors:
            kind = {"government": "government", "collective": "collective"}.get(v["source"], "person")
            contributors[name] = records.contributor_for(name, kind)
        return contributors[name]

    def person(v: dict) -> Person:
        name = v["person"]
        if name not in people:
            people[name] = records.add_person(name, projects[v["project"]].group)
        return people[name]

    writers: dict[str, Callable[[dict], object]] = {
        "project": lambda v: projects.__setitem__(
            v["name"],
            records.add_project(
                v["name"],
                v["group"],
                households=v["households"],
                leader=v["leader"],
                budget_fen=v["budget"],
                start_date=v["start_date"],
                planned_end=v["planned_end"],
                status=v["status"],
            ),
        ),
        "milestone": lambda v: records.add_milestone(
            projects[v["project"]],
            v["name"],
            weight=v["weight"],
            planned_date=v["planned_date"],
            done_date=v["done_date"],
            progress_pct=v["progress"] or 0,
        ),
        "pledge": lambda v: records.add_pledge(
            projects[v["project"]],
            contributor(v),
            v["source"],
            v["amount"],
            v["date"],
            due_date=v["due_date"],
            note=v["note"],
        ),
        "receipt": lambda v: records.add_receipt(
            projects[v["project"]],
            contributor(v),
            v["source"],
            v["amount"],
            v["date"],
            voucher=v["voucher"],
            note=v["note"],
        ),
        "in_kind": lambda v: records.add_in_kind(
            projects[v["project"]],
            contributor(v),
            v["source"],
            v["item"],
            v["amount"],
            v["date"],
            quantity=v["quantity"],
            unit=v["unit"],
            note=v["note"],
        ),
        "expense": lambda v: records.add_expense(
            projects[v["project"]],
            v["item"],
            v["amount"],
            v["date"],
            payee=v["payee"],
            voucher=v["voucher"],
            note=v["note"],
        ),
        "labour_entry": lambda v: records.add_labour(
            person(v), projects[v["project"]], v["date"], v["days"], work_type=v["work_type"], note=v["note"]
        ),
    }
    with records.atomic():
        for spec in SHEETS:
            add = writers[spec.table]
            for row in plan.new.get(spec.table, []):
                _guarded(row, add, row.values)
                plan.counts[spec.name].added += 1
        for row, milestone, progress, done in plan.milestone_updates:
            _guarded(row, records.set_milestone_progress, milestone, progress, done)
            plan.counts["节点"].updated += 1


def _guarded(row: Row, write: Callable[..., object], *args: object) -> None:
    # Every rule records enforces was checked while reading and matching; should one still refuse
    # a row, it is reported against that row and the transaction rolls back.
    try:
        write(*args)
    except ValidationError as exc:
        raise RowRefused(
            [
                Problem(
                    row.sheet.title,
                    row.number,
                    row.sheet.headers.get(e.field, t(f"field.{e.field}")),
                    e.key,
                    e.kwargs,
                )
                for e in exc.errors
            ]
        ) from exc
    except UserError as exc:
        raise RowRefused([Problem(row.sheet.title, row.number, "", exc.key, exc.kwargs)]) from exc


class RowRefused(Exception):
    """A row records refused while writing; the transaction has rolled back."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems
