"""Item-by-item rows for the project tabs, the detail sheets of reports and the 公示.

Each function is one query (joins, no per-row look-ups) with the same filters, so a screen can
page through 20,000 labour entries (``limit``/``offset``) and a report can take them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import peewee as pw
import pendulum
from peewee import JOIN, fn

from models import (
    MONEY_MODELS,
    Contributor,
    LabourEntry,
    Milestone,
    Person,
    ProgressNote,
    Project,
)

from . import ledger

MONEY_KINDS = ("pledge", "receipt", "in_kind", "expense")


def _cursor(query: pw.Query) -> Iterator[tuple]:
    """The query's rows as the database gives them, fetched as they are read.

    peewee converts every cell of every row through its field (several µs a cell); a town's
    400,000 labour entries took over 20 s that way. Ids, names and amounts need no conversion,
    and a ledger has a few hundred distinct dates, which ``_dates`` converts once each.
    """
    sql, params = query.sql()
    return query.model._meta.database.connection().execute(sql, params)


def _dates() -> Callable[[str | None], pendulum.Date | None]:
    convert = LabourEntry.date.python_value
    seen: dict[str | None, pendulum.Date | None] = {None: None, "": None}

    def to_date(text: str | None) -> pendulum.Date | None:
        try:
            return seen[text]
        except KeyError:
            value = seen[text] = convert(text)
            return value

    return to_date


@dataclass(frozen=True)
class MoneyRow:
    kind: str  # pledge, receipt, in_kind or expense
    id: int
    uuid: str
    project_id: int
    project: str
    date: pendulum.Date
    amount_fen: int  # negative on a reversing entry
    source: str  # "" for an expense
    contributor: str  # "" for an expense
    contributor_kind: str
    item: str  # in-kind item or expense item
    quantity: str
    unit: str
    payee: str
    voucher: str
    due_date: pendulum.Date | None
    note: str
    reverses_id: int | None  # set on a reversing entry: the id of the original
    reason: str  # why it was reversed (on the reversing entry)
    reversed: bool  # this entry has been reversed by a later one

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def live(self) -> bool:
        """Neither reversed nor a reversal: what a 公示 lists as standing."""
        return not self.reversed and self.reverses_id is None


@dataclass(frozen=True)
class LabourRow:
    id: int
    uuid: str
    project_id: int
    project: str
    person_id: int
    person: str
    group: str
    household: str
    date: pendulum.Date
    half_days: int
    work_type: str
    note: str

    @property
    def days(self) -> Decimal:
        return Decimal(self.half_days) / 2


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    uuid: str
    project_id: int
    project: str
    name: str
    weight: int
    planned_date: pendulum.Date | None
    done_date: pendulum.Date | None  # when done by the as-of date; None if not, or done on a day not written
    progress_pct: int  # the percent it counts for as of the date
    overdue: bool  # planned date before the as-of date and not done by it
    done: bool  # done by the as-of date (ledger.milestone_state)


@dataclass(frozen=True)
class NoteRow:
    id: int
    project_id: int
    project: str
    date: pendulum.Date
    text: str
    photo_path: str


def _money_query(
    kind: str,
    *,
    as_of=None,
    date_from=None,
    project_id=None,
    contributor_id=None,
    text: str | None = None,
    live_only: bool = False,
    source: str | None = None,
):
    model = MONEY_MODELS[kind]
    later = model.alias("later")
    has_contributor = kind != "expense"
    cond = pw.Value(1) == pw.Value(1)
    if as_of is not None:
        cond &= model.date <= as_of
    if date_from is not None:
        cond &= model.date >= date_from
    if project_id is not None:
        cond &= model.project == project_id
    if source is not None and has_contributor:
        cond &= model.source == source
    if contributor_id is not None and has_contributor:
        cond &= model.contributor == contributor_id
    if live_only:
        cond &= model.reverses.is_null() & later.id.is_null()
    if text:
        like = f"%{text.strip()}%"
        match = model.note**like
        if has_contributor:
            pinyin = text.strip().lower()
            # any reading's initials or full pinyin (tracker.spelling), as the name lookup finds them
            match |= (
                (Contributor.name**like)
                | (Contributor.initials ** f"{pinyin}%")
                | (Contributor.spell ** f"%|{pinyin}%")
            )
        if kind in ("in_kind", "expense"):
            match |= model.item**like
        if kind == "expense":
            match |= (model.payee**like) | (model.voucher**like)
        if kind == "receipt":
            match |= model.voucher**like
        cond &= match
    query = (
        model.select(*_money_columns(model, later, kind))
        .join_from(model, Project, on=(model.project == Project.id))
        .join_from(model, later, JOIN.LEFT_OUTER, on=(later.reverses == model.id))
    )
    if has_contributor:
        query = query.join_from(model, Contributor, on=(model.contributor == Contributor.id))
    return query.where(cond)


def _money_columns(model, later, kind):
    blank = pw.Value("")
    return [
        model.id,
        model.uuid,
        model.project,
        Project.name.alias("project_name"),
        model.date,
        model.amount_fen,
        model.source if kind != "expense" else blank.alias("source"),
        Contributor.name.alias("contributor_name") if kind != "expense" else blank.alias("contributor_name"),
        Contributor.kind.alias("contributor_kind") if kind != "expense" else blank.alias("contributor_kind"),
        model.item if kind in ("in_kind", "expense") else blank.alias("item"),
        model.quantity if kind == "in_kind" else blank.alias("quantity"),
        model.unit if kind == "in_kind" else blank.alias("unit"),
        model.payee if kind == "expense" else blank.alias("payee"),
        model.voucher if kind in ("receipt", "expense") else blank.alias("voucher"),
        model.due_date if kind == "pledge" else pw.Value(None).alias("due_date"),
        model.note,
        model.reverses,
        model.reason,
        later.id.alias("later_id"),
    ]


def money_rows(
    kind: str,
    *,
    as_of: pendulum.Date | None = None,
    date_from: pendulum.Date | None = None,
    project_id: int | None = None,
    contributor_id: int | None = None,
    text: str | None = None,
    live_only: bool = False,
    source: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[MoneyRow]:
    """Entries of one money table, oldest first (or newest), reversals included unless live_only."""
    model = MONEY_MODELS[kind]
    query = _money_query(
        kind,
        as_of=as_of,
        date_from=date_from,
        project_id=project_id,
        contributor_id=contributor_id,
        text=text,
        live_only=live_only,
        source=source,
    )
    order = (model.date.desc(), model.id.desc()) if newest_first else (model.date, model.id)
    query = query.order_by(*order)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    to_date = _dates()
    return [
        MoneyRow(
            kind,
            r[0],
            r[1],
            r[2],
            r[3],
            to_date(r[4]),
            r[5],
            r[6] or "",
            r[7] or "",
            r[8] or "",
            r[9] or "",
            r[10] or "",
            r[11] or "",
            r[12] or "",
            r[13] or "",
            to_date(r[14]),
            r[15] or "",
            r[16],
            r[17] or "",
            r[18] is not None,
        )
        for r in _cursor(query)
    ]


def count_money_rows(kind: str, **filters) -> int:
    return _money_query(kind, **filters).count()


def money_total(kind: str, **filters) -> int:
    """SUM of the amounts that ``money_rows`` would list with the same filters (reversals net out)."""
    model = MONEY_MODELS[kind]
    query = _money_query(kind, **filters)
    return query.select(fn.COALESCE(fn.SUM(model.amount_fen), 0)).scalar() or 0


def _labour_query(*, as_of=None, date_from=None, project_id=None, person_id=None, text=None):
    cond = pw.Value(1) == pw.Value(1)
    if as_of is not None:
        cond &= LabourEntry.date <= as_of
    if date_from is not None:
        cond &= LabourEntry.date >= date_from
    if project_id is not None:
        cond &= LabourEntry.project == project_id
    if person_id is not None:
        cond &= LabourEntry.person == person_id
    if text:
        like = f"%{text.strip()}%"
        cond &= (
            (Person.name**like)
            | (Person.initials ** f"{text.strip().lower()}%")
            | (Person.spell ** f"%|{text.strip().lower()}%")
            | (LabourEntry.work_type**like)
            | (Person.household**like)
        )
    return (
        LabourEntry.select(
            LabourEntry.id,
            LabourEntry.uuid,
            LabourEntry.project,
            Project.name,
            LabourEntry.person,
            Person.name,
            Person.group,
            Person.household,
            LabourEntry.date,
            LabourEntry.half_days,
            LabourEntry.work_type,
            LabourEntry.note,
        )
        .join_from(LabourEntry, Project, on=(LabourEntry.project == Project.id))
        .join_from(LabourEntry, Person, on=(LabourEntry.person == Person.id))
        .where(cond)
    )


def labour_rows(
    *,
    as_of: pendulum.Date | None = None,
    date_from: pendulum.Date | None = None,
    project_id: int | None = None,
    person_id: int | None = None,
    text: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[LabourRow]:
    return list(
        iter_labour_rows(
            as_of=as_of,
            date_from=date_from,
            project_id=project_id,
            person_id=person_id,
            text=text,
            limit=limit,
            offset=offset,
            newest_first=newest_first,
        )
    )


def iter_labour_rows(
    *,
    as_of: pendulum.Date | None = None,
    date_from: pendulum.Date | None = None,
    project_id: int | None = None,
    person_id: int | None = None,
    text: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> Iterator[LabourRow]:
    """``labour_rows`` one at a time, read from the database as they are used (a report of a
    town's 400,000 entries never holds them all)."""
    for r in _labour_cursor(as_of, date_from, project_id, person_id, text, limit, offset, newest_first):
        yield LabourRow(*r)


def iter_labour_values(
    *, as_of: pendulum.Date | None = None, project_id: int | None = None
) -> Iterator[tuple]:
    """The fields of ``iter_labour_rows`` as plain tuples, in the same order: for a report of
    hundreds of thousands of rows, where making a frozen dataclass of each costs seconds."""
    return _labour_cursor(as_of, None, project_id, None, None, None, 0, False)


def _labour_cursor(
    as_of, date_from, project_id, person_id, text, limit, offset, newest_first
) -> Iterator[tuple]:
    query = _labour_query(
        as_of=as_of, date_from=date_from, project_id=project_id, person_id=person_id, text=text
    )
    if newest_first:
        query = query.order_by(LabourEntry.date.desc(), LabourEntry.id.desc())
    else:
        query = query.order_by(LabourEntry.date, LabourEntry.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    to_date = _dates()
    for r in _cursor(query):
        yield (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], to_date(r[8]), r[9], r[10], r[11])


def count_labour_rows(**filters) -> int:
    return _labour_query(**filters).count()


def labour_total(**filters) -> tuple[int, int, int]:
    """人次, half-days and 折资 (fen, at the village's rate) of the labour rows ``filters`` list."""
    from .ledger import labour_value_fen, village_info

    inner = _labour_query(**filters).alias("listed")
    query = pw.Select([inner], [pw.fn.COUNT(pw.SQL("*")), pw.fn.SUM(pw.SQL("half_days"))])
    entries, halves = query.bind(LabourEntry._meta.database).tuples().get()
    halves = int(halves or 0)
    return entries, halves, labour_value_fen(halves, village_info().labour_rate_fen)


def milestone_rows(as_of: pendulum.Date, *, project_id: int | None = None) -> list[MilestoneRow]:
    state = ledger.milestone_state_sql(as_of)
    query = (
        Milestone.select(
            Milestone.id,
            Milestone.uuid,
            Milestone.project,
            Project.name,
            Milestone.name,
            Milestone.weight,
            Milestone.planned_date,
            state.done_date,
            state.percent,
            state.overdue,
            state.done,
        )
        .join(Project, on=(Milestone.project == Project.id))
        .order_by(Project.id, Milestone.planned_date.asc(nulls="LAST"), Milestone.id)
    )
    if project_id is not None:
        query = query.where(Milestone.project == project_id)
    to_date = Milestone.planned_date.python_value
    return [
        MilestoneRow(*r[:6], to_date(r[6]), to_date(r[7]), r[8], bool(r[9]), bool(r[10]))
        for r in query.tuples()
    ]


def note_rows(
    project_id: int | None = None, *, as_of: pendulum.Date | None = None, limit: int | None = None
) -> list[NoteRow]:
    """Progress notes, newest first."""
    query = (
        ProgressNote.select(
            ProgressNote.id,
            ProgressNote.project,
            Project.name,
            ProgressNote.date,
            ProgressNote.text,
            ProgressNote.photo_path,
        )
        .join(Project, on=(ProgressNote.project == Project.id))
        .order_by(ProgressNote.date.desc(), ProgressNote.id.desc())
    )
    if project_id is not None:
        query = query.where(ProgressNote.project == project_id)
    if as_of is not None:
        query = query.where(ProgressNote.date <= as_of)
    if limit is not None:
        query = query.limit(limit)
    to_date = ProgressNote.date.python_value
    return [NoteRow(r[0], r[1], r[2], to_date(r[3]), r[4], r[5]) for r in query.tuples()]


def projects() -> list[tuple[int, str, str]]:
    """(id, name, group) of every project, in the order they were created."""
    return list(Project.select(Project.id, Project.name, Project.group).order_by(Project.id).tuples())


__all__ = [
    "MONEY_KINDS",
    "MoneyRow",
    "LabourRow",
    "MilestoneRow",
    "NoteRow",
    "money_rows",
    "count_money_rows",
    "money_total",
    "labour_rows",
    "iter_labour_rows",
    "iter_labour_values",
    "count_labour_rows",
    "milestone_rows",
    "note_rows",
    "projects",
]
