"""The figures behind the charts: money received over time by source against the budget,
progress over time against the planned line, labour days a week.

Weekly points (each week's Monday) from the project's start (or its first record) to the as-of
date; sums are SQL aggregates grouped by date, one query a series. The app draws them with
textual-plotext, the xlsx report as native Excel charts and the HTML report as inline SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pendulum
from peewee import fn

from models import SOURCES, LabourEntry, Project, Receipt

from . import pace
from .i18n import register, t

MAX_WEEKS = 104  # two years of weeks: a longer project is drawn from its last two years


@dataclass
class ProjectCharts:
    project_id: int
    name: str
    weeks: list[pendulum.Date]  # the Monday of each week
    budget_fen: int
    received_fen: dict[str, list[int]] = field(default_factory=dict)  # cumulative, by source
    progress_pct: list[float] = field(default_factory=list)
    planned_pct: list[float | None] = field(default_factory=list)  # None: no planned line
    labour_days: list[float] = field(default_factory=list)  # days worked in the week

    @property
    def received_total_fen(self) -> list[int]:
        return [sum(self.received_fen[s][i] for s in SOURCES) for i in range(len(self.weeks))]


def _monday(d: pendulum.Date) -> pendulum.Date:
    return d.subtract(days=d.weekday())


def _first_day(project: Project) -> pendulum.Date | None:
    firsts = [project.start_date]
    for model in (Receipt, LabourEntry):
        first = model.select(fn.MIN(model.date)).where(model.project == project.id).scalar()
        if first:
            firsts.append(pendulum.parse(str(first)[:10]).date())
    found = [d for d in firsts if d is not None]
    return min(found) if found else None


def project_charts(project: Project, as_of: pendulum.Date) -> ProjectCharts:
    first = _first_day(project) or as_of
    start = _monday(min(first, as_of))
    weeks = []
    week = start
    while week <= as_of:
        weeks.append(week)
        week = week.add(weeks=1)
    weeks = weeks[-MAX_WEEKS:]
    charts = ProjectCharts(project.id, project.name, weeks, project.budget_fen)

    # Money: cumulative to each week's end (or the as-of day), by source.
    rows = (
        Receipt.select(Receipt.date, Receipt.source, fn.SUM(Receipt.amount_fen))
        .where((Receipt.project == project.id) & (Receipt.date <= as_of))
        .group_by(Receipt.date, Receipt.source)
        .order_by(Receipt.date)
        .tuples()
    )
    ends = [min(w.add(days=6), as_of) for w in weeks]
    running = dict.fromkeys(SOURCES, 0)
    series = {s: [0] * len(weeks) for s in SOURCES}
    rows = [(pendulum.parse(str(d)[:10]).date(), s, a) for d, s, a in rows]
    i = 0
    for w, end in enumerate(ends):
        while i < len(rows) and rows[i][0] <= end:
            running[rows[i][1]] = running.get(rows[i][1], 0) + rows[i][2]
            i += 1
        for s in SOURCES:
            series[s][w] = running[s]
    charts.received_fen = series

    # Labour: half-days worked in each week.
    halves = dict.fromkeys(weeks, 0)
    rows = (
        LabourEntry.select(LabourEntry.date, fn.SUM(LabourEntry.half_days))
        .where(
            (LabourEntry.project == project.id) & (LabourEntry.date <= as_of) & (LabourEntry.date >= weeks[0])
        )
        .group_by(LabourEntry.date)
        .tuples()
    )
    for d, h in rows:
        monday = _monday(pendulum.parse(str(d)[:10]).date())
        if monday in halves:
            halves[monday] += h
    charts.labour_days = [halves[w] / 2 for w in weeks]

    # Progress: at each week's end against the straight line from start to planned end.
    charts.progress_pct = [float(round(v, 1)) for v in pace.progress_series(project.id, ends)]
    for end in ends:
        if project.start_date and project.planned_end and project.planned_end > project.start_date:
            span = (project.planned_end - project.start_date).days
            gone = min(max((end - project.start_date).days, 0), span)
            charts.planned_pct.append(round(gone * 100 / span, 1))
        else:
            charts.planned_pct.append(None)
    return charts


def charts_of(project_id: int, as_of: pendulum.Date) -> ProjectCharts | None:
    project = Project.get_or_none(Project.id == project_id)
    return project_charts(project, as_of) if project is not None else None


def all_charts(as_of: pendulum.Date, project_id: int | None = None) -> list[ProjectCharts]:
    query = Project.select().order_by(Project.id)
    if project_id is not None:
        query = query.where(Project.id == project_id)
    return [project_charts(p, as_of) for p in query]


def labels(lang: str | None = None) -> dict[str, str]:
    """Every text a chart shows, in one language."""
    keys = (
        "money",
        "progress",
        "labour",
        "budget",
        "planned",
        "actual",
        "week",
        "yuan",
        "pct",
        "days",
        "received",
    )
    out = {k: t(f"chart.{k}", lang) for k in keys}
    out.update({s: t(f"chart.source.{s}", lang) for s in SOURCES})
    return out


register(
    zh={
        "chart.money": "到账资金（按来源累计）与预算",
        "chart.progress": "进度与计划线",
        "chart.labour": "每周投工天数",
        "chart.budget": "预算",
        "chart.planned": "计划线",
        "chart.actual": "实际进度",
        "chart.week": "周",
        "chart.yuan": "元",
        "chart.pct": "%",
        "chart.days": "天",
        "chart.received": "到账合计",
        "chart.source.self_raised": "群众自筹",
        "chart.source.donation": "社会捐赠",
        "chart.source.government": "项目资金",
        "chart.source.collective": "村集体",
        "chart.title": "图表",
        "chart.none": "没有可画的数据",
    },
    en={
        "chart.money": "Money received (cumulative, by source) against the budget",
        "chart.progress": "Progress against the planned line",
        "chart.labour": "Labour days a week",
        "chart.budget": "Budget",
        "chart.planned": "Planned",
        "chart.actual": "Progress",
        "chart.week": "week",
        "chart.yuan": "yuan",
        "chart.pct": "%",
        "chart.days": "days",
        "chart.received": "Received",
        "chart.source.self_raised": "Self-raised",
        "chart.source.donation": "Donations",
        "chart.source.government": "Government",
        "chart.source.collective": "Collective",
        "chart.title": "Charts",
        "chart.none": "Nothing to draw",
    },
)
