"""Snapshots at 80×24, the smallest screen the app is made for (a small laptop, a terminal window
left at its default size): the dashboard, a money form with an error, the roll call and the help.

Update with ``pytest tests/test_snapshots_small.py --snapshot-update`` only after looking at the
report: at this size a cut amount or a button off the screen is the bug these pictures guard.
"""

from __future__ import annotations

import pytest
from test_snapshots import TODAY, main_id, settle, still_cursors
from textual.widgets import Input

from screens.app import make_app

SIZE = (80, 24)
pytestmark = pytest.mark.ui


def test_dashboard_80x24_zh(demo_db, db_path, snap_compare):
    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=settle)


def test_pledge_form_with_an_error_80x24_zh(demo_db, db_path, snap_compare):
    pid = main_id()

    async def bad_pledge(pilot) -> None:
        await settle(pilot)
        pilot.app.open_project(pid)
        await settle(pilot)
        await pilot.press("2", "a")
        await settle(pilot)
        pilot.app.screen.query_one("#f-amount", Input).value = "3,000元整"
        await pilot.press("ctrl+s")
        await settle(pilot)
        still_cursors(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=bad_pledge)


def test_roll_call_80x24_zh(demo_db, db_path, snap_compare):
    async def roll_call(pilot) -> None:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("space", "a")
        await settle(pilot)
        still_cursors(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=roll_call)


def test_help_80x24_zh(demo_db, db_path, snap_compare):
    async def help_(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=help_)
