"""The rules that turn records into totals, for an as-of date.

Every figure a screen or a report shows comes from here. Totals are SQL aggregates, a fixed
number of queries whatever the size of the ledger (never one query per row); records dated
after the as-of date are left out. Functions return plain dataclasses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw
import pendulum
from peewee import JOIN, Case, Value, fn

from models import (
    SOURCES,
    Contributor,
    DateField,
    LabourEntry,
    Milestone,
    MilestoneProgress,
    Person,
    Pledge,
    Project,
    Receipt,
    Village,
)


@dataclass(frozen=True)
class BySource:
    """Amounts in 分 split by the four sources of funds."""

    self_raised: int = 0
    donation: int = 0
    government: int = 0
    collective: int = 0

    @property
    def total(self) -> int:
        return self.self_raised + self.donation + self.government + self.collective

    def get(self, source: str) -> int:
        return getattr(self, source)

    def __add__(self, other: BySource) -> BySource:
        return BySource(*(self.get(s) + other.get(s) for s in SOURCES))

    def as_dict(self) -> dict[str, int]:
        return {**{s: self.get(s) for s in SOURCES}, "total": self.total}


@dataclass
class Figures:
    """The figures of one project, or of all of them (the totals row)."""

    budget_fen: int = 0
    pledged: BySource = field(default_factory=BySource)
    received: BySource = field(default_factory=BySource)
    in_kind_fen: int = 0
    spent_fen: int = 0
    outstanding_pledges_fen: int = 0
    labour_half_days: int = 0
    labour_entries: int = 0  # 人次: one person on one day
    labour_value_fen: int = 0
    weighted_progress: int = 0  # SUM(weight × progress %)
    weight_total: int = 0
    milestones_done: int = 0
    milestones_total: int = 0
    milestones_overdue: int = 0

    @property
    def balance_fen(self) -> int:
        return self.received.total - self.spent_fen

    @property
    def labour_days(self) -> Decimal:
        return Decimal(self.labour_half_days) / 2

    @property
    def received_rate_pct(self) -> Decimal | None:
        """到位率 = received ÷ budget, in percent to one decimal; None without a budget."""
        if self.budget_fen <= 0:
            return None
        return (Decimal(self.received.total) * 100 / self.budget_fen).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def progress_pct(self) -> Decimal:
        """Milestone progress weighted by weight, to one decimal."""
        if self.weight_total <= 0:
            return Decimal("0.0")
        return (Decimal(self.weighted_progress) / self.weight_total).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def add(self, other: Figures) -> None:
        # Named once (dataclasses.fields is slow): a county adds thousands of projects.
        for name in _FIGURE_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        days = self.labour_days
        return {
            "budget_fen": self.budget_fen,
            "pledged_fen": self.pledged.as_dict(),
            "received_fen": self.received.as_dict(),
            "received_rate_pct": _num(self.received_rate_pct),
            "in_kind_fen": self.in_kind_fen,
            "spent_fen": self.spent_fen,
            "balance_fen": self.balance_fen,
            "outstanding_pledges_fen": self.outstanding_pledges_fen,
            "labour_days": int(days) if days == days.to_integral_value() else float(days),
            "labour_entries": self.labour_entries,
            "labour_value_fen": self.labour_value_fen,
            "progress_pct": _num(self.progress_pct),
            "milestones_done": self.milestones_done,
            "milestones_total": self.milestones_total,
            "milestones_overdue": self.milestones_overdue,
        }


_FIGURE_FIELDS = tuple(f.name for f in fields(Figures))


@dataclass
class ProjectFigures(Figures):
    id: int = 0
    uuid: str = ""
    name: str = ""
    group: str = ""
    status: str = ""
    households: int = 0
    leader: str = ""
    start_date: pendulum.Date | None = None
    planned_end: pendulum.Date | None = None
    village_id: int = 0

    def as_dict(self) -> dict:
        head = {"uuid": self.uuid, "name": self.name, "group": self.group, "status": self.status}
        return {
            **head,
            **super().as_dict(),
            "households": self.households,
            "leader": self.leader,
            "start_date": _iso(self.start_date),
            "planned_end": _iso(self.planned_end),
        }


@dataclass(frozen=True)
class VillageInfo:
    name: str
    town: str
    county: str
    labour_rate_fen: int
    cadre_name: str

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "town": self.town,
            "county": self.county,
            "labour_rate_fen": self.labour_rate_fen,
            "cadre_name": self.cadre_name,
        }


@dataclass
class Summary:
    village: VillageInfo
    as_of: pendulum.Date
    projects: list[ProjectFigures]
    totals: Figures
    by_village: dict[int, Figures] = field(default_factory=dict)  # village id -> its totals

    def as_dict(self) -> dict:
        return {
            "village": self.village.as_dict(),
            "as_of": self.as_of.isoformat(),
            "projects": [p.as_dict() for p in self.projects],
            "totals": self.totals.as_dict(),
        }

    def project(self, name_or_uuid: str) -> ProjectFigures | None:
        return next((p for p in self.projects if name_or_uuid in (p.name, p.uuid)), None)


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


_to_date = DateField().python_value


def _iso(d: pendulum.Date | None) -> str | None:
    return d.isoformat() if d else None


def village_info(village_id: int | None = None) -> VillageInfo:
    """The village (the database's first, or the one named in a town database)."""
    if village_id is None:
        rows = _run(_FIGURE_SQL["village"], {})
    else:
        rows = _run(_FIGURE_SQL["village_by_id"], {"vid": village_id})
    if not rows:
        return VillageInfo("", "", "", 10000, "")
    return VillageInfo(*rows[0])


def _project_filter(model: type[pw.Model], project_id: int | None) -> pw.Expression:
    return (model.project == project_id) if project_id is not None else Value(1) == Value(1)


def _db() -> pw.Database:
    return Project._meta.database


_PG_PARAM = re.compile(r"(?<![:\w]):(\w+)")
_PG_TEXT: dict[str, str] = {}


def _run(sql: str, params: dict) -> list[tuple]:
    db = _db()
    if isinstance(getattr(db, "obj", db), pw.SqliteDatabase):
        # Straight to the thread's sqlite3 connection: for the small figure queries peewee's own
        # wrapping costs as much as the query.
        return db.connection().execute(sql, params).fetchall()
    # psycopg names parameters %(name)s; the text is translated once and kept.
    text = _PG_TEXT.get(sql)
    if text is None:
        text = _PG_TEXT[sql] = _PG_PARAM.sub(
            r"%(\1)s", sql.replace("LIMIT :limit", "LIMIT NULLIF(:limit, -1)")
        )
    # PostgreSQL sums a bigint into numeric; every figure here is a whole number of 分 or days.
    return [
        tuple(int(v) if isinstance(v, Decimal) else v for v in row)
        for row in db.execute_sql(text, params).fetchall()
    ]


def run_sql(sql: str, params: dict) -> list[tuple]:
    """Rows of a SQL text whose parameters are written ``:name``, on SQLite or PostgreSQL."""
    return _run(sql, params)


# The summary's queries as SQL text: each figure is one GROUP BY over a covering index (see
# models.entities), each side summed before any join, and the text is built once, not per call
# (a summary runs on every dashboard refresh). ``{where}`` narrows to one project.
_FIGURE_SQL = {
    "village": "SELECT name, town, county, labour_rate_fen, cadre_name FROM village ORDER BY id LIMIT 1",
    "village_by_id": "SELECT name, town, county, labour_rate_fen, cadre_name FROM village WHERE id = :vid",
    "rates": "SELECT id, labour_rate_fen FROM village",
    "projects": 'SELECT id, uuid, name, "group", status, households, leader, budget_fen, start_date,'
    " planned_end, village_id FROM project {pwhere} ORDER BY id",
    "pledged": "SELECT project_id, source, SUM(amount_fen) FROM pledge WHERE date <= :as_of {where}"
    " GROUP BY project_id, source",
    "received": "SELECT project_id, source, SUM(amount_fen) FROM receipt WHERE date <= :as_of {where}"
    " GROUP BY project_id, source",
    "in_kind": "SELECT project_id, SUM(amount_fen) FROM in_kind WHERE date <= :as_of {where} GROUP BY project_id",
    "spent": "SELECT project_id, SUM(amount_fen) FROM expense WHERE date <= :as_of {where} GROUP BY project_id",
    # Owed per (contributor, project, source) line, never below zero: one giver's overpayment
    # does not pay another's pledge.
    "outstanding": "SELECT p.project_id,"
    " SUM(CASE WHEN p.amount > COALESCE(r.amount, 0) THEN p.amount - COALESCE(r.amount, 0) ELSE 0 END)"
    " FROM (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount FROM pledge"
    "  WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS p"
    " LEFT JOIN (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount FROM receipt"
    "  WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS r"
    " ON r.contributor_id = p.contributor_id AND r.project_id = p.project_id AND r.source = p.source"
    " GROUP BY p.project_id",
    "labour": "SELECT project_id, SUM(half_days), COUNT(*) FROM labour_entry WHERE date <= :as_of {where}"
    " GROUP BY project_id",
    "milestones": "SELECT project_id, SUM(weight * {effective}), SUM(weight),"
    # CASE, not SUM of a comparison: PostgreSQL does not add booleans.
    " SUM(CASE WHEN {done} THEN 1 ELSE 0 END), COUNT(*), SUM(CASE WHEN {overdue} THEN 1 ELSE 0 END)"
    " FROM milestone WHERE 1 = 1 {where} GROUP BY project_id",
}
_SQL_CACHE: dict[tuple[str, object], str] = {}
# What a query is narrowed to: everything, one project, or one village's projects.
_SCOPES = {
    "all": ("", ""),
    "project": ("AND project_id = :pid", "WHERE id = :pid"),
    "village": (
        "AND project_id IN (SELECT id FROM project WHERE village_id = :vid)",
        "WHERE village_id = :vid",
    ),
}


def _figure_sql(key: str, one_project: bool | str) -> str:
    scope = one_project if isinstance(one_project, str) else ("project" if one_project else "all")
    sql = _SQL_CACHE.get((key, scope))
    if sql is None:
        where, pwhere = _SCOPES[scope]
        sql = _SQL_CACHE[(key, scope)] = _FIGURE_SQL[key].format(
            where=where, pwhere=pwhere, **milestone_state_sql_text("")
        )
    return sql


def _figure_rows(
    key: str, as_of: pendulum.Date, project_id: int | None = None, village_id: int | None = None
) -> list[tuple]:
    """The rows of one of the summary's queries (the benchmark times each against raw SQL)."""
    params = {"as_of": _iso(as_of), "pid": project_id, "vid": village_id}
    scope = "project" if project_id is not None else ("village" if village_id is not None else "all")
    return _run(_figure_sql(key, scope), params)


FIGURE_QUERIES = {
    key: (lambda as_of, project_id, key=key: _figure_rows(key, as_of, project_id))
    for key in ("pledged", "received", "in_kind", "spent", "outstanding", "labour", "milestones")
}


def _date_or_none(value: str | None) -> pendulum.Date | None:
    return _to_date(value) if value else None


def summary(as_of: pendulum.Date, project_id: int | None = None, village_id: int | None = None) -> Summary:
    """Every project's figures as of a date, and their totals; ``village_id`` narrows a town
    database to one village. Labour is valued at each project's own village's day rate."""
    village = village_info(village_id)
    rates = dict(_run(_FIGURE_SQL["rates"], {}))
    projects = {
        pid: ProjectFigures(
            id=pid,
            uuid=uuid,
            name=name,
            group=group,
            status=status,
            households=households,
            leader=leader,
            budget_fen=budget,
            start_date=_date_or_none(start),
            planned_end=_date_or_none(end),
            village_id=vid,
        )
        for pid, uuid, name, group, status, households, leader, budget, start, end, vid in _figure_rows(
            "projects", as_of, project_id, village_id
        )
    }
    for key in ("pledged", "received"):
        amounts: dict[int, dict[str, int]] = {}
        for pid, source, amount in _figure_rows(key, as_of, project_id, village_id):
            amounts.setdefault(pid, {})[source] = amount
        for pid, by_source in amounts.items():
            if pid in projects:
                setattr(projects[pid], key, BySource(**by_source))

    for key, attr in (
        ("in_kind", "in_kind_fen"),
        ("spent", "spent_fen"),
        ("outstanding", "outstanding_pledges_fen"),
    ):
        for pid, amount in _figure_rows(key, as_of, project_id, village_id):
            if pid in projects:
                setattr(projects[pid], attr, amount)

    for pid, halves, count in _figure_rows("labour", as_of, project_id, village_id):
        if pid in projects:
            fig = projects[pid]
            fig.labour_half_days = halves
            fig.labour_entries = count
            fig.labour_value_fen = labour_value_fen(
                halves, rates.get(fig.village_id, village.labour_rate_fen)
            )

    for pid, weighted, weights, done, total, overdue in _figure_rows(
        "milestones", as_of, project_id, village_id
    ):
        if pid in projects:
            fig = projects[pid]
            fig.weighted_progress, fig.weight_total = weighted or 0, weights or 0
            fig.milestones_done, fig.milestones_total = done or 0, total or 0
            fig.milestones_overdue = overdue or 0

    per_village = group_by_village(projects.values(), rates)
    totals = Figures()
    for fig in per_village.values():
        totals.add(fig)
    return Summary(village, as_of, list(projects.values()), totals, per_village)


def group_by_village(projects, rates: dict[int, int]) -> dict[int, Figures]:
    """The totals of each village's projects. The value of a village's labour is rated once,
    at its own day rate, so it never differs from days × rate by rounding."""
    out: dict[int, Figures] = {}
    for fig in projects:
        out.setdefault(fig.village_id, Figures()).add(fig)
    for vid, fig in out.items():
        fig.labour_value_fen = labour_value_fen(fig.labour_half_days, rates.get(vid, 10000))
    return out


def labour_value_fen(half_days: int, rate_fen: int) -> int:
    """days × rate, in whole 分 (half a fen rounds up)."""
    return (half_days * rate_fen + 1) // 2


# --- milestones --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneStateSQL:
    """Where each milestone stands on a day, as SQL expressions over the Milestone table."""

    percent: pw.Node  # the percent it counts for in the project's progress
    done: pw.Expression  # done by that day
    done_date: pw.Node  # the done date when done by that day, else NULL
    overdue: pw.Expression  # its planned date has passed and it is not done


def milestone_state_sql(as_of: pendulum.Date) -> MilestoneStateSQL:
    """The one rule of a milestone's state as of a day, for every screen, report, listing, summary
    figure and the import, so a milestone is never "100% and overdue" in one place and done in another.

    Its progress history (``MilestoneProgress``, one row an update) is read at the latest update
    dated on or before the day: its percent (0 before the first), done when that is 100 (every
    update at 100% carries its done date, the history row being dated at it). Overdue: it has a
    planned date before the day and is not done by the day. An earlier day shows the progress as
    it was then.
    """
    history = MilestoneProgress.alias("h")

    def latest(column: pw.Field) -> pw.Select:
        return (
            history.select(column)
            .where((history.milestone == Milestone.id) & (history.date <= as_of))
            .order_by(history.date.desc(), history.id.desc())
            .limit(1)
        )

    percent = fn.COALESCE(latest(history.progress_pct), 0)
    done = percent >= 100
    return MilestoneStateSQL(
        percent=percent,
        done=done,
        done_date=Case(None, [(done, latest(history.done_date))], None),
        overdue=Milestone.planned_date.is_null(False) & (Milestone.planned_date < as_of) & ~done,
    )


def milestone_state_sql_text(alias: str = "m") -> dict[str, str]:
    """``milestone_state_sql`` as SQL text over ``milestone`` (aliased ``alias``) with the as-of date
    as ``:as_of``: ``done``, ``effective`` (the percent it counts for) and ``overdue``.

    The same rule, read from the progress history, spelt for the summary's and the attention
    list's SQL text, which is built once and run as is (tests/test_attention.py checks they agree).
    """
    col = f"{alias}." if alias else "milestone."
    latest = (
        "(SELECT h.progress_pct FROM milestone_progress AS h"
        f" WHERE h.milestone_id = {col}id AND h.date <= :as_of ORDER BY h.date DESC, h.id DESC LIMIT 1)"
    )
    effective = f"COALESCE({latest}, 0)"
    done = f"({effective} >= 100)"
    return {
        "done": done,
        "effective": effective,
        "overdue": f"({col}planned_date < :as_of AND NOT {done})",
    }


def _pledge_balance_query(
    as_of: pendulum.Date, project_id: int | None = None, contributor_id: int | None = None
) -> pw.Select:
    """Per (contributor, project, source): pledged, received, and pledged with a due date passed."""

    def where(model):
        cond = (model.date <= as_of) & _project_filter(model, project_id)
        if contributor_id is not None:
            cond &= model.contributor == contributor_id
        return cond

    past_due = Pledge.due_date.is_null(False) & (Pledge.due_date < as_of)
    pledges = Pledge.select(
        Pledge.contributor.alias("cid"),
        Pledge.project.alias("pid"),
        Pledge.source.alias("src"),
        Pledge.amount_fen.alias("p"),
        Value(0).alias("r"),
        Case(None, [(past_due, Pledge.amount_fen)], 0).alias("due"),
        Pledge.due_date.alias("due_date"),
    ).where(where(Pledge))
    receipts = Receipt.select(
        Receipt.contributor,
        Receipt.project,
        Receipt.source,
        Value(0),
        Receipt.amount_fen,
        Value(0),
        Value(None),
    ).where(where(Receipt))
    both = pledges.union_all(receipts).alias("u")
    return pw.Select(
        [both],
        [
            both.c.cid,
            both.c.pid,
            both.c.src,
            fn.SUM(both.c.p).alias("pledged"),
            fn.SUM(both.c.r).alias("received"),
            fn.SUM(both.c.due).alias("due"),
            # Dates to show: the earliest one passed (for a late line), else the next one ahead.
            fn.MIN(Case(None, [(both.c.due_date < as_of.isoformat(), both.c.due_date)], None)).alias(
                "passed"
            ),
            fn.MIN(Case(None, [(both.c.due_date >= as_of.isoformat(), both.c.due_date)], None)).alias(
                "ahead"
            ),
        ],
    ).group_by(both.c.cid, both.c.pid, both.c.src)


# --- contributors -----------------------------------------------------------------------------

STATUS_UNPAID, STATUS_PARTIAL, STATUS_PAID, STATUS_OVERDUE = "unpaid", "partial", "paid", "overdue"


@dataclass(frozen=True)
class PledgeLine:
    """What one contributor pledged and paid to one project from one source."""

    contributor_id: int
    contributor: str
    contributor_kind: str
    project_id: int
    project: str
    source: str
    pledged_fen: int
    received_fen: int
    overdue_fen: int  # pledged with a due date before the as-of date, not covered by receipts
    due_date: pendulum.Date | None

    @property
    def outstanding_fen(self) -> int:
        return max(0, self.pledged_fen - self.received_fen)

    @property
    def status(self) -> str | None:
        """未到账 / 部分到账 / 已到账, or 逾期 when past due and not fully paid; None if nothing pledged."""
        if self.pledged_fen <= 0:
            return None
        if self.received_fen >= self.pledged_fen:
            return STATUS_PAID
        if self.overdue_fen > 0:
            return STATUS_OVERDUE
        return STATUS_UNPAID if self.received_fen <= 0 else STATUS_PARTIAL


def pledge_lines(
    as_of: pendulum.Date, *, contributor_id: int | None = None, project_id: int | None = None
) -> list[PledgeLine]:
    lines = _pledge_balance_query(as_of, project_id, contributor_id).alias("b")
    query = (
        pw.Select(
            [lines],
            [
                lines.c.cid,
                Contributor.name,
                Contributor.kind,
                lines.c.pid,
                Project.name,
                lines.c.src,
                lines.c.pledged,
                lines.c.received,
                lines.c.due,
                lines.c.passed,
                lines.c.ahead,
            ],
        )
        .join(Contributor, on=(Contributor.id == lines.c.cid))
        .join(Project, on=(Project.id == lines.c.pid))
        .order_by(Project.id, Contributor.name, lines.c.src)
    )
    return [
        PledgeLine(
            cid,
            cname,
            ckind,
            pid,
            pname,
            src,
            pledged,
            received,
            max(0, due - received),
            _to_date(passed if due > received else (ahead or passed)),
        )
        for cid, cname, ckind, pid, pname, src, pledged, received, due, passed, ahead in query.bind(
            Pledge._meta.database
        ).tuples()
    ]


@dataclass
class ContributorStatement:
    id: int
    uuid: str
    name: str
    kind: str
    person_id: int | None
    lines: list[PledgeLine]
    labour_half_days: int = 0

    @property
    def pledged_fen(self) -> int:
        return sum(line.pledged_fen for line in self.lines)

    @property
    def received_fen(self) -> int:
        return sum(line.received_fen for line in self.lines)

    @property
    def outstanding_fen(self) -> int:
        return sum(line.outstanding_fen for line in self.lines)

    @property
    def labour_days(self) -> Decimal:
        return Decimal(self.labour_half_days) / 2

    @property
    def status(self) -> str | None:
        """The worst status of what they pledged: 逾期 > 未到账 > 部分到账 > 已到账."""
        statuses = {line.status for line in self.lines} - {None}
        for status in (STATUS_OVERDUE, STATUS_UNPAID, STATUS_PARTIAL, STATUS_PAID):
            if status in statuses:
                if status == STATUS_UNPAID and statuses & {STATUS_PAID, STATUS_PARTIAL}:
                    return STATUS_PARTIAL
                return status
        return None


def contributor_statement(contributor_id: int, as_of: pendulum.Date) -> ContributorStatement:
    c = Contributor.get_by_id(contributor_id)
    statement = ContributorStatement(
        c.id, c.uuid, c.name, c.kind, c.person_id, pledge_lines(as_of, contributor_id=c.id)
    )
    if c.person_id is not None:
        statement.labour_half_days = person_labour_half_days(c.person_id, as_of)
    return statement


def person_labour_half_days(person_id: int, as_of: pendulum.Date) -> int:
    return (
        LabourEntry.select(fn.COALESCE(fn.SUM(LabourEntry.half_days), 0))
        .where((LabourEntry.person == person_id) & (LabourEntry.date <= as_of))
        .scalar()
    )


@dataclass
class PersonStatement:
    id: int
    name: str
    group: str
    household: str
    is_party_member: bool
    mobiliser: str | None  # the 联户党员 who mobilises their household
    labour_half_days: int
    labour_by_project: list[tuple[str, int]]  # (project name, half days)
    contributions: list[ContributorStatement]

    @property
    def labour_days(self) -> Decimal:
        return Decimal(self.labour_half_days) / 2


def person_statement(person_id: int, as_of: pendulum.Date) -> PersonStatement:
    Mobiliser = Person.alias()
    p = (
        Person.select(Person, Mobiliser.name.alias("mobiliser_name"))
        .join(Mobiliser, JOIN.LEFT_OUTER, on=(Person.mobiliser == Mobiliser.id))
        .where(Person.id == person_id)
        .objects()
        .get()
    )
    by_project = list(
        LabourEntry.select(Project.name, fn.SUM(LabourEntry.half_days))
        .join(Project, on=(LabourEntry.project == Project.id))
        .where((LabourEntry.person == person_id) & (LabourEntry.date <= as_of))
        .group_by(Project.id, Project.name)
        .order_by(Project.id)
        .tuples()
    )
    contributions = [
        contributor_statement(cid, as_of)
        for (cid,) in Contributor.select(Contributor.id).where(Contributor.person == person_id).tuples()
    ]
    return PersonStatement(
        p.id,
        p.name,
        p.group,
        p.household,
        p.is_party_member,
        p.mobiliser_name,
        sum(h for _, h in by_project),
        by_project,
        contributions,
    )


# --- what needs attention -----------------------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    """One thing the cadre should look at; ``kind`` is overdue_milestone, late_pledge, overspent or
    open_pledge (no due date, unpaid a while after it was made; ``date`` is when it was made)."""

    kind: str
    project_id: int
    project: str
    subject: str  # milestone name or contributor name; "" for overspent
    date: pendulum.Date | None = None  # planned date or due date
    amount_fen: int = 0  # the amount overdue or overspent


@dataclass(frozen=True)
class AttentionPage:
    """One page of the attention list and how many items the whole list has."""

    items: list[Attention]
    total: int
    offset: int = 0


# Overdue milestones (earliest planned first), late pledges (by project, contributor, source),
# overspent projects (by project): filtered and ordered in SQL, so a page of a county's list
# costs one statement. A pledge line is late when what fell due before the as-of date exceeds
# what that contributor paid to that project from that source (each side summed first).
_ATTENTION_SQL = """
SELECT 0 AS k, m.project_id, p.name, m.name, m.planned_date, 0, m.planned_date AS o1, m.id AS o2,
       NULL AS o3, NULL AS o4, NULL AS o5
  FROM milestone AS m JOIN project AS p ON p.id = m.project_id
 WHERE {overdue} {mwhere}
UNION ALL
SELECT 1, l.project_id, p.name, c.name, l.passed, l.due - COALESCE(r.amount, 0), NULL, l.project_id, c.name,
       l.contributor_id, l.source
  FROM (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount,
               SUM(CASE WHEN due_date < :as_of THEN amount_fen ELSE 0 END) AS due,
               MIN(CASE WHEN due_date < :as_of THEN due_date END) AS passed
          FROM pledge WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS l
  LEFT JOIN (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount
               FROM receipt WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS r
         ON r.contributor_id = l.contributor_id AND r.project_id = l.project_id AND r.source = l.source
  JOIN contributor AS c ON c.id = l.contributor_id
  JOIN project AS p ON p.id = l.project_id
 WHERE l.amount > 0 AND COALESCE(r.amount, 0) < l.amount AND l.due > COALESCE(r.amount, 0)
UNION ALL
SELECT 2, p.id, p.name, '', NULL, e.amount - COALESCE(r.amount, 0), NULL, p.id, NULL, NULL, NULL
  FROM project AS p
  JOIN (SELECT project_id, SUM(amount_fen) AS amount FROM expense WHERE date <= :as_of {where}
         GROUP BY project_id) AS e ON e.project_id = p.id
  LEFT JOIN (SELECT project_id, SUM(amount_fen) AS amount FROM receipt WHERE date <= :as_of {where}
              GROUP BY project_id) AS r ON r.project_id = p.id
 WHERE e.amount > COALESCE(r.amount, 0)
UNION ALL
SELECT 3, l.project_id, p.name, c.name, l.since,
       CASE WHEN l.stale < l.amount - COALESCE(r.amount, 0) THEN l.stale ELSE l.amount - COALESCE(r.amount, 0) END,
       NULL, l.project_id, c.name, l.contributor_id, l.source
  FROM (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount,
               SUM(CASE WHEN due_date < :as_of THEN amount_fen ELSE 0 END) AS due,
               SUM(CASE WHEN due_date IS NULL AND date <= :stale_before THEN amount_fen ELSE 0 END) AS stale,
               MIN(CASE WHEN due_date IS NULL AND date <= :stale_before THEN date END) AS since
          FROM pledge WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS l
  LEFT JOIN (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount
               FROM receipt WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS r
         ON r.contributor_id = l.contributor_id AND r.project_id = l.project_id AND r.source = l.source
  JOIN contributor AS c ON c.id = l.contributor_id
  JOIN project AS p ON p.id = l.project_id
 WHERE l.stale > 0 AND COALESCE(r.amount, 0) < l.amount AND l.due <= COALESCE(r.amount, 0)
"""
# open_pledge: a pledge without a due date, still unpaid the village's pledge_followup_days (30 by
# default, in settings) after it was made; listed once a line is not already a late pledge.
_ATTENTION_KINDS = ("overdue_milestone", "late_pledge", "overspent", "open_pledge")


def _attention_sql(scope: bool | str) -> str:
    scope = scope if isinstance(scope, str) else ("project" if scope else "all")
    key = ("attention", scope)
    sql = _SQL_CACHE.get(key)
    if sql is None:
        where = _SCOPES[scope][0]
        sql = _SQL_CACHE[key] = _ATTENTION_SQL.format(
            where=where,
            mwhere=where.replace("project_id", "m.project_id", 1),
            **milestone_state_sql_text("m"),
        )
    return sql


def attention_page(
    as_of: pendulum.Date,
    project_id: int | None = None,
    *,
    offset: int = 0,
    limit: int | None = 50,
    village_id: int | None = None,
) -> AttentionPage:
    """``limit`` items of the attention list from ``offset`` on (all with None), and the count;
    ``village_id`` narrows a town database to one village."""
    followup = Village.select(Village.pledge_followup_days).order_by(Village.id).scalar()
    params = {
        "as_of": _iso(as_of),
        "stale_before": _iso(as_of.subtract(days=30 if followup is None else followup)),
        "pid": project_id,
        "vid": village_id,
        "limit": -1 if limit is None else limit,
        "offset": offset,
    }
    body = _attention_sql(
        "project" if project_id is not None else ("village" if village_id is not None else "all")
    )
    # Each ordering column holds one type in every branch (text, whole number, text, whole
    # number, text): PostgreSQL will not UNION a number with text.
    order = " ORDER BY k, o1, o2, o3, o4, o5"
    if limit is None and offset == 0:  # the whole list: its length is the count
        rows = _run(body + order, params)
        total = len(rows)
    else:
        rows = _run(
            f"WITH a AS ({body}) SELECT *, (SELECT COUNT(*) FROM a) FROM a{order} LIMIT :limit OFFSET :offset",
            params,
        )
        total = rows[0][-1] if rows else _run(f"SELECT COUNT(*) FROM ({body}) AS a", params)[0][0]
    dates: dict[str | None, pendulum.Date | None] = {
        None: None
    }  # a county's list has 100,000 items, few dates
    items = []
    for k, pid, project, subject, when, amount, *_ in rows:
        day = dates.get(when, False)
        if day is False:
            day = dates[when] = _date_or_none(when)
        items.append(Attention(_ATTENTION_KINDS[k], pid, project, subject, day, amount))
    return AttentionPage(items, total, offset)


def attention(
    as_of: pendulum.Date, project_id: int | None = None, figures: Summary | None = None
) -> list[Attention]:
    """The whole attention list (``figures`` is accepted for callers that hold a summary; the
    list comes from SQL either way)."""
    return attention_page(as_of, project_id, limit=None).items
