"""Snapshots of the main screens at 120×40 on the demo village, today fixed at 2026-11-28.

Update with ``pytest tests/test_snapshots.py --snapshot-update`` only after looking at the report:
a snapshot shows Chinese text, and a change in its alignment is a bug, not noise.
"""

from __future__ import annotations

from conftest import SIZE, TODAY, settle
from textual.widgets import Input

from models import Project
from screens.app import make_app
from tracker.demo import MAIN


def still_cursors(pilot) -> None:
    # A blinking cursor would make the picture depend on the moment it is taken.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def main_id() -> int:
    return Project.get(Project.name == MAIN).id


def test_dashboard_zh(demo_db, db_path, snap_compare):
    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=settle)


def test_dashboard_en(demo_db, db_path, snap_compare):
    assert snap_compare(make_app(db_path, lang="en", today=TODAY), terminal_size=SIZE, run_before=settle)


def test_project_screen_zh(demo_db, db_path, snap_compare):
    pid = main_id()

    async def open_main(pilot) -> None:
        await settle(pilot)
        pilot.app.open_project(pid)
        await settle(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=open_main)


def test_project_receipts_zh(demo_db, db_path, snap_compare):
    """The 到账 tab: amounts, vouchers, the reversed entry struck through and its reversal."""
    pid = main_id()

    async def receipts(pilot) -> None:
        await settle(pilot)
        pilot.app.open_project(pid)
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        still_cursors(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=receipts)


def test_receipt_form_with_an_error_zh(demo_db, db_path, snap_compare):
    from screens import forms

    pid = main_id()

    async def bad_receipt(pilot) -> None:
        await settle(pilot)
        pilot.app.open_project(pid)
        await settle(pilot)
        await pilot.press("3", "a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, forms.FORMS["receipt"])
        form.query_one("#f-amount", Input).value = "3,000元整"
        await pilot.press("ctrl+s")
        await settle(pilot)
        still_cursors(pilot)

    assert snap_compare(make_app(db_path, today=TODAY), terminal_size=SIZE, run_before=bad_receipt)
