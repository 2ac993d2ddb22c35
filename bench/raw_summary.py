"""The figures of ``xiumei summary --json``, computed with the standard library only.

    python bench/raw_summary.py DB [--as-of 2026-11-28] [--project ID]

The best SQL we know for each figure (each side summed first, then joined; ``COUNT(*)``; every
GROUP BY over a covering index), assembled in plain Python into exactly the JSON xiumei prints,
byte for byte. ``compare.py`` checks xiumei against it before it times anything, and times the
two side by side; run on its own it is the "Python script that runs the same SQL" of the
whole-process comparison. Nothing here imports xiumei, peewee or pendulum.

It also computes the attention list (overdue milestones, late pledges, overspent projects) with
one SQL statement per kind, the raw side of that comparison.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from decimal import ROUND_HALF_UP, Decimal

SOURCES = ("self_raised", "donation", "government", "collective")

# A milestone's percent on the day: its latest progress update dated on or before it (0 before any).
PCT = (
    "COALESCE((SELECT h.progress_pct FROM milestone_progress AS h WHERE h.milestone_id = milestone.id"
    " AND h.date <= :as_of ORDER BY h.date DESC, h.id DESC LIMIT 1), 0)"
)
DONE = f"({PCT} >= 100)"

# One statement per figure; ``{where}`` narrows to one project (or to none).
SQL = {
    "village": "SELECT name, town, county, labour_rate_fen, cadre_name FROM village ORDER BY id LIMIT 1",
    "projects": 'SELECT id, uuid, name, "group", status, households, leader, budget_fen, start_date,'
    " planned_end, village_id FROM project {pwhere} ORDER BY id",
    "rates": "SELECT id, labour_rate_fen FROM village",
    "pledged": "SELECT project_id, source, SUM(amount_fen) FROM pledge WHERE date <= :as_of {where}"
    " GROUP BY project_id, source",
    "received": "SELECT project_id, source, SUM(amount_fen) FROM receipt WHERE date <= :as_of {where}"
    " GROUP BY project_id, source",
    "in_kind": "SELECT project_id, SUM(amount_fen) FROM in_kind WHERE date <= :as_of {where} GROUP BY project_id",
    "spent": "SELECT project_id, SUM(amount_fen) FROM expense WHERE date <= :as_of {where} GROUP BY project_id",
    "outstanding": "SELECT p.project_id, SUM(MAX(p.amount - COALESCE(r.amount, 0), 0)) FROM"
    " (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount FROM pledge"
    "  WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS p"
    " LEFT JOIN"
    " (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount FROM receipt"
    "  WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS r"
    " ON r.contributor_id = p.contributor_id AND r.project_id = p.project_id AND r.source = p.source"
    " GROUP BY p.project_id",
    "labour": "SELECT project_id, SUM(half_days), COUNT(*) FROM labour_entry WHERE date <= :as_of {where}"
    " GROUP BY project_id",
    # The milestone rule (ledger.milestone_state_sql): the percent of its latest progress update
    # dated on or before the day; done at 100.
    "milestones": "SELECT project_id,"
    " SUM(weight * " + PCT + "), SUM(weight),"
    " SUM(" + DONE + "), COUNT(*),"
    " SUM(planned_date < :as_of AND NOT " + DONE + ")"
    " FROM milestone WHERE 1 {where} GROUP BY project_id",
}

ATTENTION_SQL = {
    "overdue_milestone": "SELECT m.project_id, p.name, m.name, m.planned_date, 0 FROM milestone AS m"
    " JOIN project AS p ON p.id = m.project_id"
    " WHERE m.planned_date < :as_of"
    " AND NOT (" + DONE.replace("milestone.id", "m.id") + ")"
    " {mwhere}"
    " ORDER BY m.planned_date, m.id",
    # A line is late when what fell due before the as-of date is more than what was received.
    "late_pledge": "SELECT l.project_id, p.name, c.name, l.passed, l.due - COALESCE(r.amount, 0) FROM"
    " (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount,"
    "   SUM(CASE WHEN due_date < :as_of THEN amount_fen ELSE 0 END) AS due,"
    "   MIN(CASE WHEN due_date < :as_of THEN due_date END) AS passed"
    "  FROM pledge WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS l"
    " LEFT JOIN"
    " (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount FROM receipt"
    "  WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS r"
    " ON r.contributor_id = l.contributor_id AND r.project_id = l.project_id AND r.source = l.source"
    " JOIN contributor AS c ON c.id = l.contributor_id JOIN project AS p ON p.id = l.project_id"
    " WHERE l.amount > 0 AND COALESCE(r.amount, 0) < l.amount AND l.due > COALESCE(r.amount, 0)"
    " ORDER BY l.project_id, c.name, l.contributor_id, l.source",
    "overspent": "SELECT p.id, p.name, '', NULL, e.amount - COALESCE(r.amount, 0) FROM project AS p"
    " JOIN (SELECT project_id, SUM(amount_fen) AS amount FROM expense WHERE date <= :as_of {where}"
    "  GROUP BY project_id) AS e ON e.project_id = p.id"
    " LEFT JOIN (SELECT project_id, SUM(amount_fen) AS amount FROM receipt WHERE date <= :as_of {where}"
    "  GROUP BY project_id) AS r ON r.project_id = p.id"
    " WHERE e.amount > COALESCE(r.amount, 0) ORDER BY p.id",
    # A line with pledges without a due date still unpaid the village's days after they were
    # made, and not already late.
    "open_pledge": "SELECT l.project_id, p.name, c.name, l.since,"
    " MIN(l.stale, l.amount - COALESCE(r.amount, 0)) FROM"
    " (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount,"
    "   SUM(CASE WHEN due_date < :as_of THEN amount_fen ELSE 0 END) AS due,"
    "   SUM(CASE WHEN due_date IS NULL AND date <= :stale_before THEN amount_fen ELSE 0 END) AS stale,"
    "   MIN(CASE WHEN due_date IS NULL AND date <= :stale_before THEN date END) AS since"
    "  FROM pledge WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS l"
    " LEFT JOIN"
    " (SELECT contributor_id, project_id, source, SUM(amount_fen) AS amount FROM receipt"
    "  WHERE date <= :as_of {where} GROUP BY contributor_id, project_id, source) AS r"
    " ON r.contributor_id = l.contributor_id AND r.project_id = l.project_id AND r.source = l.source"
    " JOIN contributor AS c ON c.id = l.contributor_id JOIN project AS p ON p.id = l.project_id"
    " WHERE l.stale > 0 AND COALESCE(r.amount, 0) < l.amount AND l.due <= COALESCE(r.amount, 0)"
    " ORDER BY l.project_id, c.name, l.contributor_id, l.source",
}


def _sql(text: str, project_id: int | None) -> str:
    where = "AND project_id = :pid" if project_id is not None else ""
    return text.format(
        where=where,
        pwhere="WHERE id = :pid" if project_id is not None else "",
        mwhere="AND m.project_id = :pid" if project_id is not None else "",
    )


def _pct(numerator: int, denominator: int) -> int | float:
    value = (Decimal(numerator) * 100 / denominator) if denominator else Decimal(0)
    return _num(value.quantize(Decimal("0.1"), ROUND_HALF_UP))


def _progress(weighted: int, weights: int) -> int | float:
    if weights <= 0:
        return 0
    return _num((Decimal(weighted) / weights).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _days(halves: int) -> int | float:
    return halves // 2 if halves % 2 == 0 else halves / 2


def _by_source(amounts: dict[str, int]) -> dict[str, int]:
    out = {s: amounts.get(s, 0) for s in SOURCES}
    out["total"] = sum(out.values())
    return out


FIELDS = (
    "budget_fen",
    "pledged",
    "received",
    "in_kind_fen",
    "spent_fen",
    "outstanding_pledges_fen",
    "labour_half_days",
    "labour_entries",
    "labour_value_fen",
    "weighted",
    "weights",
    "milestones_done",
    "milestones_total",
    "milestones_overdue",
)


def figures(con: sqlite3.Connection, as_of: str, project_id: int | None = None) -> dict:
    """Every figure, per project and for the totals, as ``xiumei summary --json`` gives them."""
    args = {"as_of": as_of, "pid": project_id}
    run = lambda key: con.execute(_sql(SQL[key], project_id), args)  # noqa: E731
    village = run("village").fetchone() or ("", "", "", 10000, "")
    rates = dict(con.execute(SQL["rates"]))  # each village's labour is valued at its own rate
    projects: dict[int, dict] = {}
    for pid, uuid, name, group, status, households, leader, budget, start, end, vid in run("projects"):
        projects[pid] = {
            "village": vid,
            "head": {"uuid": uuid, "name": name, "group": group, "status": status},
            "tail": {"households": households, "leader": leader, "start_date": start, "planned_end": end},
            "budget_fen": budget,
            "pledged": {},
            "received": {},
            **{f: 0 for f in FIELDS[3:]},
        }
    for key in ("pledged", "received"):
        for pid, source, amount in run(key):
            if pid in projects:
                projects[pid][key][source] = amount
    for key, attr in (
        ("in_kind", "in_kind_fen"),
        ("spent", "spent_fen"),
        ("outstanding", "outstanding_pledges_fen"),
    ):
        for pid, amount in run(key):
            if pid in projects:
                projects[pid][attr] = amount
    for pid, halves, count in run("labour"):
        if pid in projects:
            p = projects[pid]
            p["labour_half_days"], p["labour_entries"] = halves, count
            p["labour_value_fen"] = (halves * rates.get(p["village"], 10000) + 1) // 2
    for pid, weighted, weights, done, total, overdue in run("milestones"):
        if pid in projects:
            p = projects[pid]
            p["weighted"], p["weights"] = weighted or 0, weights or 0
            p["milestones_done"], p["milestones_total"], p["milestones_overdue"] = (
                done or 0,
                total,
                overdue or 0,
            )

    totals = {"budget_fen": 0, "pledged": {}, "received": {}, **{f: 0 for f in FIELDS[3:]}}
    for p in projects.values():
        for f in FIELDS:
            if f in ("pledged", "received"):
                for s, amount in p[f].items():
                    totals[f][s] = totals[f].get(s, 0) + amount
            else:
                totals[f] += p[f]
    by_village: dict[int, int] = {}
    for p in projects.values():
        by_village[p["village"]] = by_village.get(p["village"], 0) + p["labour_half_days"]
    totals["labour_value_fen"] = sum((h * rates.get(v, 10000) + 1) // 2 for v, h in by_village.items())

    def as_dict(p: dict) -> dict:
        pledged, received = _by_source(p["pledged"]), _by_source(p["received"])
        return {
            "budget_fen": p["budget_fen"],
            "pledged_fen": pledged,
            "received_fen": received,
            "received_rate_pct": _pct(received["total"], p["budget_fen"]) if p["budget_fen"] > 0 else None,
            "in_kind_fen": p["in_kind_fen"],
            "spent_fen": p["spent_fen"],
            "balance_fen": received["total"] - p["spent_fen"],
            "outstanding_pledges_fen": p["outstanding_pledges_fen"],
            "labour_days": _days(p["labour_half_days"]),
            "labour_entries": p["labour_entries"],
            "labour_value_fen": p["labour_value_fen"],
            "progress_pct": _progress(p["weighted"], p["weights"]),
            "milestones_done": p["milestones_done"],
            "milestones_total": p["milestones_total"],
            "milestones_overdue": p["milestones_overdue"],
        }

    return {
        "village": dict(
            zip(("name", "town", "county", "labour_rate_fen", "cadre_name"), village, strict=True)
        ),
        "as_of": as_of,
        "projects": [{**p["head"], **as_dict(p), **p["tail"]} for p in projects.values()],
        "totals": as_dict(totals),
    }


def attention(con: sqlite3.Connection, as_of: str, project_id: int | None = None) -> list[tuple]:
    """(kind, project id, project, subject, date, amount) in the order the dashboard lists them."""
    days = con.execute("SELECT pledge_followup_days FROM village ORDER BY id LIMIT 1").fetchone()
    stale_before = (dt.date.fromisoformat(as_of) - dt.timedelta(days=days[0] if days else 30)).isoformat()
    args = {"as_of": as_of, "pid": project_id, "stale_before": stale_before}
    items = []
    for kind, text in ATTENTION_SQL.items():
        items += [(kind, *row) for row in con.execute(_sql(text, project_id), args)]
    return items


def main(argv: list[str]) -> int:
    db, as_of, project_id = argv[0], "2026-11-28", None
    if "--as-of" in argv:
        as_of = argv[argv.index("--as-of") + 1]
    if "--project" in argv:
        project_id = int(argv[argv.index("--project") + 1])
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        sys.stdout.write(json.dumps(figures(con, as_of, project_id), ensure_ascii=False, indent=2) + "\n")
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
