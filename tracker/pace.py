"""The pace board: is each project on course for its planned completion date?

Per project with a start and a planned end: days left, progress now, what a straight line from
start (0%) to planned end (100%) wants today, the pace of the last four weeks and the pace still
needed (percent a week), the finish date the recent pace leads to, and a verdict.

Progress on a past day comes from ``progress_on``, the one place that reads how far the
milestones had come by a day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pendulum
from peewee import fn

from models import DateField, Milestone, MilestoneProgress, Project

from . import ledger
from .i18n import register, t

RECENT_WEEKS = 4


def progress_on(day: pendulum.Date, project_id: int | None = None) -> dict[int, Decimal]:
    """Weighted milestone progress of each project as of ``day``, in percent (one query), read
    through the ledger's one milestone rule from the milestones' dated progress history."""
    percent = ledger.milestone_state_sql(day).percent
    query = Milestone.select(
        Milestone.project, fn.SUM(Milestone.weight * percent), fn.SUM(Milestone.weight)
    ).group_by(Milestone.project)
    if project_id is not None:
        query = query.where(Milestone.project == project_id)
    out: dict[int, Decimal] = {}
    for pid, weighted, weights in query.tuples():
        out[pid] = Decimal(weighted or 0) / weights if weights else Decimal(0)
    return out


def progress_series(project_id: int, days: list[pendulum.Date]) -> list[Decimal]:
    """``progress_on`` for one project on many days (a chart's line), from two queries: each
    milestone at its latest update dated on or before the day, 0 before its first."""
    as_date = DateField().python_value
    weights = dict(
        Milestone.select(Milestone.id, Milestone.weight).where(Milestone.project == project_id).tuples()
    )
    total = sum(weights.values())
    if not total:
        return [Decimal(0)] * len(days)
    updates: dict[int, list[tuple[pendulum.Date, int]]] = {}
    rows = (
        MilestoneProgress.select(
            MilestoneProgress.milestone, MilestoneProgress.date, MilestoneProgress.progress_pct
        )
        .join(Milestone, on=(MilestoneProgress.milestone == Milestone.id))
        .where(Milestone.project == project_id)
        .order_by(MilestoneProgress.date, MilestoneProgress.id)
        .tuples()
    )
    for mid, date, pct in rows:
        updates.setdefault(mid, []).append((as_date(date), pct))

    def percent_on(mid: int, day: pendulum.Date) -> int:
        found = 0
        for date, recorded in updates.get(mid, []):
            if date > day:
                break
            found = recorded
        return found

    return [Decimal(sum(w * percent_on(mid, day) for mid, w in weights.items())) / total for day in days]


@dataclass(frozen=True)
class Pace:
    project_id: int
    name: str
    start_date: pendulum.Date
    planned_end: pendulum.Date
    as_of: pendulum.Date
    progress_pct: Decimal
    days_left: int
    planned_pct_today: Decimal
    pct_per_week_recent: Decimal
    pct_per_week_needed: Decimal | None  # None: the planned end has passed (or it is done)
    expected_finish: pendulum.Date | None  # None: no progress lately, or done
    verdict: str  # done, on_track, behind, cannot_finish

    def as_dict(self) -> dict:
        return {
            "days_left": self.days_left,
            "planned_pct_today": float(self.planned_pct_today),
            "pct_per_week_recent": float(self.pct_per_week_recent),
            "pct_per_week_needed": None
            if self.pct_per_week_needed is None
            else float(self.pct_per_week_needed),
            "expected_finish": self.expected_finish.isoformat() if self.expected_finish else None,
            "progress_pct": float(self.progress_pct),
            "verdict": self.verdict,
        }

    def line(self, lang: str | None = None) -> str:
        """The pace in one sentence (the project screen, the chart screen)."""
        needed = "—" if self.pct_per_week_needed is None else f"{self.pct_per_week_needed}"
        return t(
            "pace.line",
            lang,
            end=self.planned_end.isoformat(),
            days=self.days_left,
            now=self.progress_pct,
            planned=self.planned_pct_today,
            recent=self.pct_per_week_recent,
            needed=needed,
            verdict=self.verdict_text(lang),
        )

    def verdict_text(self, lang: str | None = None) -> str:
        if self.verdict == "cannot_finish" and self.expected_finish is None:
            return t("pace.never", lang)
        finish = self.expected_finish.isoformat() if self.expected_finish else ""
        return t(f"pace.{self.verdict}", lang, date=finish)


def _one(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def pace_of(
    project_id: int,
    name: str,
    start: pendulum.Date,
    end: pendulum.Date,
    as_of: pendulum.Date,
    now_pct: Decimal,
    then_pct: Decimal,
) -> Pace:
    """The pace figures from progress now and four weeks ago (pure arithmetic, shown in the docs)."""
    span = max((end - start).days, 1)
    elapsed = min(max((as_of - start).days, 0), span)
    planned = Decimal(elapsed * 100) / span
    days_left = (end - as_of).days
    recent = (now_pct - then_pct) / RECENT_WEEKS
    remaining = Decimal(100) - now_pct
    needed = remaining * 7 / days_left if days_left > 0 and remaining > 0 else None
    expected = None
    if remaining <= 0:
        verdict = "done"
    else:
        if recent > 0:
            expected = as_of.add(days=math.ceil(remaining * 7 / recent))
        if needed is None or recent < needed:
            verdict = "cannot_finish"
        elif now_pct < planned:
            verdict = "behind"
        else:
            verdict = "on_track"
    return Pace(
        project_id=project_id,
        name=name,
        start_date=start,
        planned_end=end,
        as_of=as_of,
        progress_pct=_one(now_pct),
        days_left=days_left,
        planned_pct_today=_one(planned),
        pct_per_week_recent=_one(recent),
        pct_per_week_needed=None if needed is None else _one(needed),
        expected_finish=expected,
        verdict=verdict,
    )


def board(as_of: pendulum.Date, project_id: int | None = None) -> list[Pace]:
    """The pace of every project with a planned end (and a start): three queries."""
    query = Project.select().where(Project.planned_end.is_null(False)).order_by(Project.id)
    if project_id is not None:
        query = query.where(Project.id == project_id)
    now = progress_on(as_of, project_id)
    then = progress_on(as_of.subtract(weeks=RECENT_WEEKS), project_id)
    out = []
    for p in query:
        start = p.start_date or pendulum.parse(p.created_at[:10]).date()
        out.append(
            pace_of(
                p.id,
                p.name,
                start,
                p.planned_end,
                as_of,
                now.get(p.id, Decimal(0)),
                then.get(p.id, Decimal(0)),
            )
        )
    return out


register(
    zh={
        "pace.title": "进度节奏",
        "pace.line": "进度节奏：计划 {end} 完工，剩 {days} 天；进度 {now}%，计划线今日 {planned}%；"
        "近4周 {recent}%/周，需 {needed}%/周：{verdict}",
        "pace.done": "已完成",
        "pace.on_track": "按计划推进",
        "pace.behind": "落后于计划线，按近期速度可按期完成",
        "pace.cannot_finish": "按近期速度不能按期完成，预计 {date}",
        "pace.never": "近4周没有进展，不能按期完成",
        "pace.col.project": "屋场",
        "pace.col.planned_end": "计划完工",
        "pace.col.days_left": "剩余天数",
        "pace.col.progress": "当前进度%",
        "pace.col.planned": "计划线今日%",
        "pace.col.recent": "近4周 %/周",
        "pace.col.needed": "所需 %/周",
        "pace.col.expected": "预计完工",
        "pace.col.verdict": "判断",
    },
    en={
        "pace.title": "Pace",
        "pace.line": "Pace: planned end {end}, {days} days left; progress {now}%, the line wants {planned}% today; "
        "last 4 weeks {recent}%/wk, needed {needed}%/wk: {verdict}",
        "pace.done": "done",
        "pace.on_track": "on track",
        "pace.behind": "behind the planned line, but on time at the recent pace",
        "pace.cannot_finish": "cannot finish at this pace: expected {date}",
        "pace.never": "no progress in 4 weeks: cannot finish",
        "pace.col.project": "Project",
        "pace.col.planned_end": "Planned end",
        "pace.col.days_left": "Days left",
        "pace.col.progress": "Progress %",
        "pace.col.planned": "Planned today %",
        "pace.col.recent": "Last 4 wks %/wk",
        "pace.col.needed": "Needed %/wk",
        "pace.col.expected": "Expected finish",
        "pace.col.verdict": "Verdict",
    },
)
