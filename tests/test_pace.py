"""The pace board: figures for a made-up history, worked out by hand."""

from __future__ import annotations

import json
from decimal import Decimal

import pendulum

from tracker import pace, records
from tracker.cli import main

D = pendulum.date


def test_summary_json_has_the_pace_worked_out_by_hand(db, db_path, capsys):
    # Start 9-01, planned end 12-31: 121 days. As of 11-28 (the tests' today): 88 days gone, 33 left.
    project = records.add_project("上屋场", start_date=D(2026, 9, 1), planned_end=D(2026, 12, 31))
    records.add_milestone(project, "清淤", weight=2, done_date=D(2026, 10, 1))
    records.add_milestone(project, "砌墙", weight=1, done_date=D(2026, 11, 20))
    records.add_milestone(project, "绿化", weight=1)
    records.add_project("没有完工日期的屋场")
    capsys.readouterr()
    assert main(["--db", str(db_path), "summary", "--json"]) == 0
    projects = json.loads(capsys.readouterr().out)["projects"]
    assert "pace" not in projects[1]
    got = projects[0]["pace"]
    # Now (2·100 + 1·100 + 0) / 4 = 75 %; four weeks ago (10-31) only 清淤 was done: 50 %.
    assert got["days_left"] == 33
    assert got["planned_pct_today"] == 72.7  # 88 / 121 = 72.73 %
    assert got["pct_per_week_recent"] == 6.3  # (75 - 50) / 4 = 6.25
    assert got["pct_per_week_needed"] == 5.3  # 25 % in 33 days = 5.30 a week
    assert got["expected_finish"] == "2026-12-26"  # 25 % at 6.25 a week: 28 days after 11-28
    assert got["verdict"] == "on_track"


def test_verdicts():
    start, end, day = D(2026, 1, 1), D(2026, 12, 31), D(2026, 7, 2)  # halfway: the line wants 50 %
    behind = pace.pace_of(1, "x", start, end, day, Decimal(40), Decimal(20))
    assert behind.verdict == "behind"  # 5 %/week recent; 60 % in 182 days needs 2.3
    slow = pace.pace_of(1, "x", start, end, day, Decimal(60), Decimal(58))
    assert slow.verdict == "cannot_finish" and slow.expected_finish == day.add(days=560)
    assert "2028-01-13" in slow.verdict_text("en") and "预计" in slow.verdict_text("zh")
    stalled = pace.pace_of(1, "x", start, end, day, Decimal(60), Decimal(60))
    assert stalled.expected_finish is None and stalled.verdict == "cannot_finish"
    assert pace.pace_of(1, "x", start, end, day, Decimal(100), Decimal(90)).verdict == "done"


def test_the_recent_pace_reads_the_milestones_dated_progress_history(db, db_path, capsys):
    """Partial progress on dated updates, read from the milestones' progress history."""
    # Start 10-01, planned end 12-30: 90 days. As of 11-28: 58 gone (64.4 %), 32 left.
    project = records.add_project("下屋场", start_date=D(2026, 10, 1), planned_end=D(2026, 12, 30))
    wall = records.add_milestone(project, "围墙", weight=1, today=D(2026, 10, 1))
    road = records.add_milestone(project, "道路", weight=1, today=D(2026, 10, 1))
    records.set_milestone_progress(wall, 20, date=D(2026, 10, 20), today=D(2026, 10, 20))
    records.set_milestone_progress(wall, 60, date=D(2026, 11, 20), today=D(2026, 11, 20))
    records.set_milestone_progress(road, 40, date=D(2026, 11, 10), today=D(2026, 11, 10))
    capsys.readouterr()
    assert main(["--db", str(db_path), "summary", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)["projects"][0]["pace"]
    # Now (60 + 40) / 2 = 50 %; on 10-31 only the wall's 20 %: (20 + 0) / 2 = 10 %.
    assert got["progress_pct"] == 50
    assert got["planned_pct_today"] == 64.4  # 58 / 90
    assert got["pct_per_week_recent"] == 10.0  # (50 - 10) / 4
    assert got["pct_per_week_needed"] == 10.9  # 50 % in 32 days = 10.94 a week
    assert got["expected_finish"] == "2027-01-02"  # 50 % at 10 a week: 35 days after 11-28
    assert got["verdict"] == "cannot_finish"
