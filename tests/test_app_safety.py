"""The app while another window or program writes, and its daily backup: a save that must wait says
so and lands when the lock is free; one blocked past the timeout keeps the form and its text and
says why in one line; the screen never freezes."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from pathlib import Path

import pendulum
import pytest
from textual.app import App
from textual.widgets import Input, Label

from models import AuditLog, Expense, Project, database_proxy
from models.db import BUSY_TIMEOUT_ENV
from tracker import backup
from tracker.demo import MAIN

SIZE = (120, 40)
TODAY = pendulum.date(2026, 11, 28)
LOCKED = "另一个窗口或程序正在写入这个数据库，请稍后再试"
NOT_SET = object()


class Host(App):
    def __init__(self, make) -> None:
        super().__init__()
        self._make = make
        self.result = NOT_SET

    def on_mount(self) -> None:
        self.push_screen(self._make(), callback=self._done)

    def _done(self, value) -> None:
        self.result = value


@contextlib.contextmanager
def lock_held(path: Path):
    """Another window holds the write lock until the block ends (or ``release`` is set)."""
    release, taken = threading.Event(), threading.Event()

    def hold() -> None:
        con = sqlite3.connect(path, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            taken.set()
            release.wait(30)
            con.execute("COMMIT")
        finally:
            con.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert taken.wait(5)
    try:
        yield release
    finally:
        release.set()
        thread.join(10)


async def type_in(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).value = text
    await pilot.pause()


async def fill_expense(pilot) -> None:
    await type_in(pilot, "#f-item", "路灯维修")
    await type_in(pilot, "#f-amount", "1,280.50")
    await type_in(pilot, "#f-date", "11月20日")


def general_line(form) -> str:
    return str(form.query_one("#form-error", Label).content)


async def until(pilot, condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


@pytest.fixture
def short_wait(monkeypatch):
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "0.6")


def expense_form_host() -> Host:
    from screens.forms import FORMS

    project_id = Project.get(Project.name == MAIN).id
    return Host(lambda: FORMS["expense"](project_id, initial=None))


async def test_a_save_that_must_wait_says_so_and_then_saves(demo_db, db_path):
    before = Expense.select().count()
    app = expense_form_host()
    async with app.run_test(size=SIZE) as pilot:
        await fill_expense(pilot)
        form = app.screen
        with lock_held(db_path) as release:
            await pilot.press("ctrl+s")
            await pilot.pause(0.2)
            assert app.screen is form  # still open, and the screen answers while it waits
            assert "等" in general_line(form)
            await pilot.press("ctrl+s")  # a second ctrl+s does not save twice
            release.set()
            await until(pilot, lambda: app.result is not NOT_SET)
    saved = app.result
    assert isinstance(saved, Expense) and saved.item == "路灯维修" and saved.amount_fen == 128_050
    assert Expense.select().count() == before + 1
    assert AuditLog.select().where(AuditLog.record_uuid == saved.uuid).count() == 1


async def test_a_save_blocked_past_the_timeout_keeps_the_form_and_its_text(short_wait, demo_db, db_path):
    before = Expense.select().count()
    app = expense_form_host()
    async with app.run_test(size=SIZE) as pilot:
        await fill_expense(pilot)
        form = app.screen
        with lock_held(db_path):
            await pilot.press("ctrl+s")
            await until(pilot, lambda: LOCKED in general_line(form))
        assert app.screen is form and app.result is NOT_SET
        assert form.query_one("#f-item", Input).value == "路灯维修"
        assert form.query_one("#f-amount", Input).value == "1,280.50"
        assert Expense.select().count() == before
        # Once the other window is done, the same ctrl+s saves what was typed.
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.result is not NOT_SET)
    assert Expense.select().count() == before + 1


async def test_the_app_makes_its_daily_backup_after_the_first_screen(demo_db, db_path, monkeypatch):
    from screens.app import XiumeiApp, make_app

    monkeypatch.setattr(XiumeiApp, "AUTO_BACKUP_DELAY", 0.05)
    folder = backup.auto_folder(db_path)
    for _ in range(2):  # the second start on the same day makes none
        app = make_app(db_path, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: folder.is_dir() and any(folder.iterdir()))
            await pilot.app.workers.wait_for_complete()
            await pilot.press("q")
    copies = list(folder.iterdir())
    assert len(copies) == 1 and copies[0].name.startswith("桐柏村_备份_2026-11-28_")
    assert database_proxy.obj.is_closed()
