"""Matching the rows against the ledger: which are already there, which are new, which clash.

Each sheet has a natural key (see the package's description); a row whose key is already in
the database is skipped, so importing the same file twice adds nothing. The result is a plan of
what writing would add and update; nothing here writes.

The rules a record keeps are tracker.rules', the same the forms and the CLI meet: each record
the plan would add or update is asked about here, so that every problem of the file is listed
at once (records asks again when writing). A contributor is the one ``records.contributor_named``
finds; a name that could mean several villagers is a problem of each row that names it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import peewee as pw
import pendulum

from models import Contributor, Expense, InKind, LabourEntry, Milestone, Person, Pledge, Project, Receipt

from .. import field_parsers, records, rules
from ..errors import FieldError
from ..i18n import register
from . import batches, roster
from .reading import Book, Row, blank
from .results import Problem, SheetCount
from .sheet_format import ROSTER_SHEET

# --- what is already there ------------------------------------------------------------------

_KEYS: dict[str, Callable[[dict], tuple]] = {
    "pledge": lambda v: (v["date"], v["contributor"], v["project"], v["source"], v["amount"]),
    "receipt": lambda v: (
        v["date"],
        v["contributor"],
        v["project"],
        v["source"],
        v["amount"],
        v["voucher"] or None,
    ),
    "in_kind": lambda v: (v["date"], v["contributor"], v["project"], v["item"], v["amount"], v["source"]),
    "expense": lambda v: (v["date"], v["project"], v["item"], v["amount"], v["payee"], v["voucher"]),
    "labour_entry": lambda v: (v["date"], v["person"], v["project"], v["days"], v["work_type"]),
}


def _existing_keys(table: str) -> Counter:
    """The keys of every record of a table, in one query (reversing entries left out)."""
    if table in ("pledge", "receipt", "in_kind"):
        model = {"pledge": Pledge, "receipt": Receipt, "in_kind": InKind}[table]
        extra = {"pledge": (), "receipt": (Receipt.voucher,), "in_kind": (InKind.item,)}[table]
        query = (
            model.select(model.date, Contributor.name, Project.name, model.source, model.amount_fen, *extra)
            .join(Contributor, on=(model.contributor == Contributor.id))
            .switch(model)
            .join(Project, on=(model.project == Project.id))
            .where(model.reverses.is_null() & model.id.not_in(batches.undone_originals(model)))
            .tuples()
        )
        if table == "pledge":
            return Counter(query)
        if table == "receipt":
            # A row without a 收据编号 was given the next number when first imported: it is the
            # same receipt as one with any number (a key ending in None, beside the numbered one).
            found: Counter = Counter()
            for d, c, p, s, a, voucher in query:
                found[(d, c, p, s, a, voucher or "")] += 1
                found[(d, c, p, s, a, None)] += 1
            return found
        return Counter((d, c, p, item, a, s) for d, c, p, s, a, item in query)
    if table == "expense":
        query = (
            Expense.select(
                Expense.date, Project.name, Expense.item, Expense.amount_fen, Expense.payee, Expense.voucher
            )
            .join(Project, on=(Expense.project == Project.id))
            .where(Expense.reverses.is_null() & Expense.id.not_in(batches.undone_originals(Expense)))
            .tuples()
        )
        return Counter((d, p, i, a, payee, voucher or "") for d, p, i, a, payee, voucher in query)
    query = (
        LabourEntry.select(
            LabourEntry.date, Person.name, Project.name, LabourEntry.half_days, LabourEntry.work_type
        )
        .join(Person, on=(LabourEntry.person == Person.id))
        .switch(LabourEntry)
        .join(Project, on=(LabourEntry.project == Project.id))
        .tuples()
    )
    return Counter(query)


def _first_by_name(model: type) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in model.select().order_by(model.id):
        found.setdefault(record.name, record)
    return found


# --- the plan: what would be written -------------------------------------------------------


@dataclass
class Plan:
    counts: dict[str, SheetCount]  # by sheet spec name
    new: dict[str, list[Row]]  # by table, in file order
    milestone_updates: list[tuple[Row, Milestone, int, pendulum.Date | None]]
    projects: dict[str, Project]
    contributors: dict[str, Contributor]
    people: dict[str, Person]
    new_contributors: set[str]
    new_people: set[str]
    roster: roster.RosterPlan | None = None  # the 村民 sheet's villagers to add and update
    warnings: list[Problem] = field(default_factory=list)  # asked in a form; listed, never blocking


def plan_import(
    book: Book, checked: dict[str, list[Row]], today: pendulum.Date
) -> tuple[Plan, list[Problem]]:
    """What the rows that read would add or update, and the problems matching them found."""
    problems: list[Problem] = []
    counts = {sheet.spec.name: SheetCount(sheet.spec.name, rows=len(sheet.rows)) for sheet in book.sheets}
    plan = Plan(counts, {}, [], _first_by_name(Project), {}, {}, set(), set())
    if "person" in checked:
        plan.roster = roster.plan(checked["person"], counts[ROSTER_SHEET], problems)

    # Projects of the 项目 sheet are known even when their row has a problem of its own, so the
    # rows that name them are not reported a second time.
    sheet_projects = {
        str(field_parsers.cell_text(cells["name"])).strip()
        for sheet in book.sheets
        if sheet.spec.table == "project"
        for _, cells in sheet.rows
        if not blank(cells.get("name"))
    }
    seen: dict[str, int] = {}
    for row in checked.get("project", []):
        if not row.ok:
            continue
        name = row.values["name"]
        if rules.name_key(name) in seen:
            problems.append(
                row.problem("name", "import.twice", {"text": name, "row": seen[rules.name_key(name)]})
            )
        elif name in plan.projects:
            counts["项目"].skipped += 1
        else:
            seen[rules.name_key(name)] = row.number
            plan.new.setdefault("project", []).append(row)
    known = set(plan.projects) | sheet_projects
    _dates_from_offsets(checked, plan, problems)
    _levies_named(checked, problems)

    for table in ("milestone", "pledge", "receipt", "in_kind", "expense", "labour_entry"):
        rows = []
        for row in checked.get(table, []):
            name = row.values.get("project")
            if name is not None and name not in known:
                problems.append(row.problem("project", "import.unknown_project", {"text": name}))
            elif row.ok:
                rows.append(row)
        if table == "milestone":
            _plan_milestones(rows, plan, problems)
        elif rows:
            _plan_records(table, rows, plan, problems)

    _plan_contributors(plan, problems)
    if plan.new.get("labour_entry"):
        plan.people = _first_by_name(Person)
    plan.new_people = {r.values["person"] for r in plan.new.get("labour_entry", [])} - set(plan.people)
    if plan.roster is not None:
        plan.new_people -= {r.values["name"] for r in plan.roster.new}
    for row in plan.new.get("labour_entry", []):
        if row.values["person"] in plan.new_people:
            shape = rules.name_shape_problem(row.values["person"], "person")
            if shape is not None:
                problems.append(row.refused(shape))
    problems += _rule_problems(plan, today)
    plan.warnings = _warnings(plan, today)
    return plan, problems


def _dates_from_offsets(checked: dict[str, list[Row]], plan: Plan, problems: list[Problem]) -> None:
    """A copied plan gives 工期 and each milestone's 距开工天数: dated here from the start date of
    this village's project (its 项目 row, else the ledger's), unless a date is typed beside them."""
    starts: dict[str, pendulum.Date | None] = {name: p.start_date for name, p in plan.projects.items()}
    for row in checked.get("project", []):
        if not row.ok:
            continue
        v = row.values
        starts.setdefault(v["name"], v["start_date"])
        if v.get("duration_days") is not None and v["planned_end"] is None:
            if v["start_date"] is None:
                problems.append(
                    row.problem("duration_days", "import.offset_needs_start", {"text": v["name"]})
                )
            else:
                v["planned_end"] = v["start_date"].add(days=v["duration_days"])
    for row in checked.get("milestone", []):
        v = row.values
        if not row.ok or v.get("offset_days") is None or v["planned_date"] is not None:
            continue
        start = starts.get(v["project"])
        if start is None:
            problems.append(row.problem("offset_days", "import.offset_needs_start", {"text": v["project"]}))
        else:
            v["planned_date"] = start.add(days=v["offset_days"])


def _levies_named(checked: dict[str, list[Row]], problems: list[Problem]) -> None:
    """A receipt or labour row with a 一事一议年度 is against that year's levy of its project: the
    levy is looked up once for all rows (``v["levy"]`` becomes it); none is a problem of the row."""
    from models import Levy

    rows = [
        r
        for table in ("receipt", "labour_entry")
        for r in checked.get(table, [])
        if r.ok and r.values.get("levy")
    ]
    if not rows:
        return
    levies = {
        (levy.project.name, levy.year): levy
        for levy in Levy.select(Levy, Project).join(Project, on=(Levy.project == Project.id))
    }
    for row in rows:
        v = row.values
        levy = levies.get((v["project"], v["levy"]))
        if levy is None:
            problems.append(row.problem("levy", "import.no_levy", {"text": v["project"], "year": v["levy"]}))
            row.ok = False
        else:
            v["levy"] = levy


def _warnings(plan: Plan, today: pendulum.Date) -> list[Problem]:
    """What a form would ask about (tracker.rules.questions), as warnings that do not block: a new
    contributor (once, on the first row naming it), a source that does not fit a known
    contributor, a date after today or far from it."""
    found: list[Problem] = []
    named: set[str] = set()
    for table in ("pledge", "receipt", "in_kind", "expense", "labour_entry"):
        for row in plan.new.get(table, []):
            v = row.values
            record = _record(table, v, plan) if table != "labour_entry" else LabourEntry(date=v.get("date"))
            name = v.get("contributor") if table in ("pledge", "receipt", "in_kind") else None
            known = plan.contributors.get(name) if name else None
            new = name if name and known is None and name not in named else None
            if new:
                named.add(new)
            asked = rules.questions(
                record, today=today, contributor_kind=known.kind if known else None, new_contributor=new
            )
            found += [row.refused(q) for q in asked if q.key != "ask.new_contributor" or new]
    return found


def _plan_contributors(plan: Plan, problems: list[Problem]) -> None:
    """The contributor each name of the money rows means, as the forms find it; new names are
    created when writing. A name that could mean several is reported on every row naming it."""
    rows: dict[str, list[Row]] = {}
    for table in ("pledge", "receipt", "in_kind"):
        for row in plan.new.get(table, []):
            rows.setdefault(row.values["contributor"], []).append(row)
    for name, found in records.contributors_named(rows).items():
        if isinstance(found, FieldError):
            problems += [row.refused(found) for row in rows[name]]
        elif found is None:
            shape = rules.name_shape_problem(name, "contributor")
            if shape is not None:  # #N/A or 3000 in the name column: refused, as in a form
                problems += [row.refused(shape) for row in rows[name]]
            else:
                plan.new_contributors.add(name)
        else:
            plan.contributors[name] = found


def _record(table: str, v: dict[str, Any], plan: Plan) -> pw.Model | None:
    """The record a new row would be, unsaved, for tracker.rules to ask about (None: no rule)."""
    project = plan.projects.get(v.get("project") or "")
    if table == "project":
        return Project(
            name=v["name"],
            group=v["group"],
            households=v["households"],
            leader=v["leader"],
            budget_fen=v["budget"],
            start_date=v["start_date"],
            planned_end=v["planned_end"],
            status=v["status"],
        )
    if table == "milestone":
        return Milestone(
            project=project.id if project else None,
            name=v["name"],
            weight=v["weight"],
            planned_date=v["planned_date"],
            done_date=v["done_date"],
            progress_pct=v["progress"] or 0,
        )
    money = {"amount_fen": v.get("amount"), "date": v.get("date")}
    if table == "pledge":
        return Pledge(source=v["source"], due_date=v["due_date"], **money)
    if table == "receipt":
        against = {}
        if v.get("levy") and project is not None:  # the levy's rules are asked before anything is written
            against = {"levy": v["levy"].id, "project": project.id}
        return Receipt(source=v["source"], voucher=v["voucher"] or None, **money, **against)
    if table == "in_kind":
        return InKind(source=v["source"], item=v["item"], **money)
    if table == "expense":
        return Expense(item=v["item"], **money)
    return None


def _rule_problems(plan: Plan, today: pendulum.Date) -> list[Problem]:
    """What tracker.rules says of every record the plan would add or update, asked all at once."""
    asked: list[tuple[Row, pw.Model]] = []
    for table, rows in plan.new.items():
        for row in rows:
            record = _record(table, row.values, plan)
            if record is not None:
                asked.append((row, record))
    for row, milestone, progress, done in plan.milestone_updates:
        asked.append((row, Milestone(**{**milestone.__data__, "progress_pct": progress, "done_date": done})))
    ask = rules.Prefetched([record for _, record in asked], today)
    return [row.refused(error) for row, record in asked for error in rules.problems(record, ask=ask)]


def _plan_records(table: str, rows: list[Row], plan: Plan, problems: list[Problem]) -> None:
    count = plan.counts[rows[0].sheet.spec.name]
    existing = _existing_keys(table)
    key_of = _KEYS[table]
    voucher_rows: dict[str, int] = {}  # within the file; a voucher of the ledger is a rule's
    for row in rows:
        key = key_of(row.values)
        if existing[key] > 0:
            existing[key] -= 1
            count.skipped += 1
            continue
        voucher = row.values.get("voucher") if table == "receipt" else ""
        if voucher and voucher in voucher_rows:
            problems.append(
                row.problem(
                    "voucher", "import.voucher_twice", {"text": voucher, "row": voucher_rows[voucher]}
                )
            )
            continue
        if voucher:
            voucher_rows[voucher] = row.number
        plan.new.setdefault(table, []).append(row)


def _plan_milestones(rows: list[Row], plan: Plan, problems: list[Problem]) -> None:
    if not rows:
        return
    count = plan.counts["节点"]
    query = (
        Milestone.select(Milestone, Project.name.alias("project_name"))
        .join(Project, on=(Milestone.project == Project.id))
        .objects()
    )
    existing = {(m.project_name, m.name): m for m in query}
    seen: dict[tuple[str, str], int] = {}  # names as tracker.rules compares them
    for row in rows:
        v = row.values
        twice = (rules.name_key(v["project"]), rules.name_key(v["name"]))
        if twice in seen:
            problems.append(row.problem("name", "import.twice", {"text": v["name"], "row": seen[twice]}))
            continue
        seen[twice] = row.number
        milestone = existing.get((v["project"], v["name"]))
        if milestone is None:
            plan.new.setdefault("milestone", []).append(row)
            continue
        done = v["done_date"] or milestone.done_date
        progress = 100 if done is not None else max(milestone.progress_pct, v["progress"] or 0)
        if (progress, done) == (milestone.progress_pct, milestone.done_date):
            count.skipped += 1
        else:
            plan.milestone_updates.append((row, milestone, progress, done))


register(
    zh={
        "import.unknown_project": "找不到屋场“{text}”，应先写在“项目”表里，或已在台账中",
        "import.twice": "“{text}”与第{row}行重复",
        "import.voucher_twice": "收据编号“{text}”与第{row}行重复，编号不能重复",
        "import.offset_needs_start": "按工期或距开工天数排期，须先在“项目”表填写屋场“{text}”的开工日期",
        "import.no_levy": "屋场“{text}”没有 {year} 年的一事一议筹资筹劳（先在会议中定下）",
    },
    en={
        "import.unknown_project": 'project "{text}" not found; expected it in the 项目 sheet or already in the ledger',
        "import.twice": '"{text}" repeats row {row}',
        "import.voucher_twice": 'voucher number "{text}" repeats row {row}; numbers must be unique',
        "import.offset_needs_start": 'dating by days from the start needs the start date of project "{text}" in the 项目 sheet',
        "import.no_levy": 'project "{text}" has no levy for {year} (a meeting sets it first)',
    },
)
