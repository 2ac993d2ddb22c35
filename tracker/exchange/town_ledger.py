"""Every village of a town (or county) database side by side, and the total.

At the bundles' own dates each village's figures are those its bundle carried (the village's
own ``summary --json`` totals, checked against its records when it was received), read in one
query whatever the number of villages. For an earlier date they are computed from the records in
SQL: the ledger's summary over every village, grouped by village, a fixed number of queries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pendulum

from models import SOURCES, ReceivedBundle, Village

from .. import dates, ledger
from ..ledger import BySource, Figures
from . import keys

LATE_DAYS = 7  # a village that has not sent for longer is marked late
SORT_KEYS = ("name", "received_rate", "progress", "overdue", "last_sent")


@dataclass
class VillageFigures:
    id: int
    uuid: str
    name: str
    town: str
    bundle_as_of: pendulum.Date
    made_at: str
    received_at: str
    projects: int
    figures: Figures
    late: bool = False

    @property
    def last_sent(self) -> pendulum.Date:
        return dates.parse_date(self.made_at[:10])

    def as_dict(self) -> dict:
        return {
            "uuid": self.uuid,
            "name": self.name,
            "town": self.town,
            "bundle_as_of": self.bundle_as_of.isoformat(),
            "received_at": self.received_at,
            "late": self.late,
            "projects": self.projects,
            **self.figures.as_dict(),
        }


@dataclass
class TownSummary:
    level: str
    town: str
    county: str
    as_of: pendulum.Date | None  # None: each village at its own bundle's date
    today: pendulum.Date
    villages: list[VillageFigures] = field(default_factory=list)
    totals: Figures = field(default_factory=Figures)

    @property
    def projects(self) -> int:
        return sum(v.projects for v in self.villages)

    def as_dict(self) -> dict:
        return {
            "town": {"name": self.town, "county": self.county, "level": self.level},
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "villages": [v.as_dict() for v in self.villages],
            "totals": {"projects": self.projects, **self.totals.as_dict()},
        }

    def sorted_by(self, key: str) -> list[VillageFigures]:
        """Villages in the order a clerk picks: the best first, the late ones first."""
        rules = {
            "name": lambda v: v.name,
            "received_rate": lambda v: -(v.figures.received_rate_pct or 0),
            "progress": lambda v: -v.figures.progress_pct,
            "overdue": lambda v: -v.figures.milestones_overdue,
            "last_sent": lambda v: v.made_at,
        }
        return sorted(self.villages, key=rules[key])


def figures_from(totals: dict, weights: dict) -> Figures:
    """A village's totals as its bundle carried them (``summary --json`` plus the weights)."""
    return Figures(
        budget_fen=totals["budget_fen"],
        pledged=BySource(**{s: totals["pledged_fen"][s] for s in SOURCES}),
        received=BySource(**{s: totals["received_fen"][s] for s in SOURCES}),
        in_kind_fen=totals["in_kind_fen"],
        spent_fen=totals["spent_fen"],
        outstanding_pledges_fen=totals["outstanding_pledges_fen"],
        labour_half_days=weights["labour_half_days"],
        labour_entries=totals["labour_entries"],
        labour_value_fen=totals["labour_value_fen"],
        weighted_progress=weights["weighted_progress"],
        weight_total=weights["weight_total"],
        milestones_done=totals["milestones_done"],
        milestones_total=totals["milestones_total"],
        milestones_overdue=totals["milestones_overdue"],
    )


_HELD_SQL = (
    "SELECT v.id, v.uuid, v.name, v.town, b.as_of, b.made_at, b.received_at, {manifest}"
    " FROM village v JOIN received_bundle b ON b.village_id = v.id"
)


def town_summary(as_of: pendulum.Date | None = None, today: pendulum.Date | None = None) -> TownSummary:
    """Per village and in total the figures of a village's summary; ``as_of`` None means each
    village as of its own latest bundle."""
    site = keys.site()
    today = today or dates.today()
    out = TownSummary(site.level, site.town, site.county, as_of, today)
    # Sorted here, not by the database: SQLite and PostgreSQL collate Chinese names differently.
    # The manifests (each village's totals) are read only when they are the answer.
    sql = _HELD_SQL.format(manifest="b.manifest" if as_of is None else "NULL")
    held = sorted(ledger.run_sql(sql, {}), key=lambda r: (r[2], r[1]))
    computed: dict[int, Figures] = {}
    counts: dict[int, int] = {}
    if as_of is not None:
        summary = ledger.summary(as_of)
        computed = summary.by_village
        for p in summary.projects:
            counts[p.village_id] = counts.get(p.village_id, 0) + 1
    for vid, uuid, name, town, b_as_of, made_at, received_at, manifest_text in held:
        if as_of is None:
            manifest = json.loads(manifest_text)
            figures = figures_from(manifest["totals"], manifest["weights"])
            projects = manifest["projects"]
        else:
            figures = computed.get(vid, Figures())
            projects = counts.get(vid, 0)
        row = VillageFigures(
            vid,
            uuid,
            name,
            town,
            dates.parse_date(str(b_as_of)[:10]),
            made_at,
            received_at,
            projects,
            figures,
        )
        row.late = (today - row.last_sent).days > LATE_DAYS
        out.villages.append(row)
        out.totals.add(figures)
    return out


def village_summary(village_id: int, as_of: pendulum.Date | None = None) -> ledger.Summary:
    """One village's own summary (its projects too), at its bundle's date unless ``as_of``."""
    if as_of is None:
        held = ReceivedBundle.get_or_none(ReceivedBundle.village == village_id)
        as_of = held.as_of if held is not None else dates.today()
    return ledger.summary(as_of, village_id=village_id)


def village_name(village_id: int) -> str:
    v = Village.get_or_none(Village.id == village_id)
    return v.name if v else ""
