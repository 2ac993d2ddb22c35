"""Shared fixtures, and the helpers every UI test drives the app with.

Every test gets its own data folder, so the user's real data is never touched.

A test that runs the Textual app (an ``async`` test, or one taking ``snap_compare``) is marked ``ui``
here, so ``pytest -m "not ui"`` runs the core alone; a test left unmarked that starts the app anyway
fails and says so.
"""

from __future__ import annotations

import gc
import inspect
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
import textual._wait
from textual._styles_cache import StylesCache
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerFailed

from models import MODELS, Contributor, Person, close_database, database_proxy, open_database
from tracker import i18n, records

TODAY = pendulum.date(2026, 11, 28)
SIZE = (120, 40)  # the terminal every UI test runs in (columns, lines)
NOT_SET = object()  # what Host.result holds until its screen is dismissed

# Textual's Pilot waits for the app to go idle after every key and every pause by sampling the
# process's CPU time in 20 ms sleeps: 40 ms a key at the very least, and most of the time a UI test
# took. 5 ms samples at the same ratio (idle = under 5 % CPU) answer the same question sooner.
# (Textual is pinned to a minor release in pyproject, so these two names stay where they are.)
textual._wait.SLEEP_GRANULARITY = 0.005
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


def pytest_collection_finish(session: pytest.Session) -> None:
    # What lives the whole session (the modules, and pypinyin's dictionary: some 190,000 lists, loaded
    # on first use) is left out of the garbage collector's full passes, which would otherwise walk it
    # again every few tests, a tenth of a second or more each time.
    from pypinyin import lazy_pinyin

    lazy_pinyin("屋场")
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "function", None)
        if inspect.iscoroutinefunction(function) or "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.ui)


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch, request):
    home = tmp_path_factory.mktemp("xiumei-data")
    monkeypatch.setenv("XIUMEI_DATA_DIR", str(home))
    monkeypatch.delenv("XIUMEI_DB", raising=False)
    monkeypatch.setenv("XIUMEI_TODAY", TODAY.isoformat())
    ui = request.node.get_closest_marker("ui") is not None
    if not ui:
        monkeypatch.setattr(App, "_process_messages", _not_without_the_ui_marker)
    i18n.set_lang("zh")
    yield
    i18n.set_lang("zh")
    close_database()
    database_proxy.initialize(None)  # the next test starts with no database, as a new process does
    if ui:
        # Textual caches StylesCache.get_inner_outer with the StylesCache in the key, which keeps the
        # lines drawn by the last 1,024 widgets alive after their app is gone; the collector would
        # walk them all on every full pass.
        StylesCache.get_inner_outer.cache_clear()


def _not_without_the_ui_marker(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("this test runs the app: make it async or mark it ui")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "village.db"


@pytest.fixture
def db(db_path):
    """An empty village database: 测试村 with a labour rate of 100 元 a day."""
    database = open_database(db_path)
    records.create_village("测试村", "测试镇", "测试县", cadre_name="张书记", labour_rate_fen=10000)
    yield database
    close_database()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo loaded once per session; each test gets its own copy of the file."""
    from tracker.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    open_database(path)
    load_demo()
    close_database()  # checkpoints the WAL into the file, so the .db alone is complete
    return path


@pytest.fixture
def demo_db(db_path, demo_template):
    """The demo village of the story (桐柏村), in a file of this test's own."""
    shutil.copyfile(demo_template, db_path)
    database = open_database(db_path)
    yield database
    close_database()


# --- the database, as a test checks it ---------------------------------------------------------


def counts() -> dict[str, int]:
    """Rows in every table by table name, the audit log included."""
    return {model._meta.table_name: model.select().count() for model in MODELS}


def _with_digits(phones: set[str]) -> list[str]:
    phones.discard("")
    return sorted(phones | {re.sub(r"\D", "", phone) for phone in phones})


def phone_numbers() -> list[str]:
    """Every phone number in the open database, villagers' and givers', as typed and as bare digits."""
    return _with_digits(
        {p.phone for p in Person.select(Person.phone)}
        | {c.phone for c in Contributor.select(Contributor.phone)}
    )


@pytest.fixture(scope="session")
def demo_phones(demo_template) -> list[str]:
    """The demo's phone numbers, for a test whose database is closed (the CLI opens it itself)."""
    con = sqlite3.connect(demo_template)
    try:
        rows = con.execute("SELECT phone FROM person UNION SELECT phone FROM contributor").fetchall()
    finally:
        con.close()
    return _with_digits({phone for (phone,) in rows})


def assert_no_phone_number(text: str, phones: list[str] | None = None) -> None:
    """Names are public in a report or a 公示; phone numbers never are."""
    leaked = [phone for phone in (phone_numbers() if phones is None else phones) if phone in text]
    assert not leaked, f"phone numbers shown: {leaked}"


# --- driving the app -----------------------------------------------------------------------------


class Host(App):
    """A bare app that pushes one screen on start and keeps what the screen was dismissed with."""

    def __init__(self, make: Callable[[], Screen]) -> None:
        super().__init__()
        self._make = make
        self.result: Any = NOT_SET

    def on_mount(self) -> None:
        self.push_screen(self._make(), callback=self._done)

    def _done(self, value: Any) -> None:
        self.result = value


def _busy(app: App) -> list:
    # A DirectoryTree's loader (group "_loader") runs for as long as its tree is shown: not ours.
    return [w for w in app.workers if w.group != "_loader" and not w.is_finished]


async def settle(pilot: Pilot) -> None:
    """Let the workers finish and what they post land (a load may start another: three rounds)."""
    for _ in range(3):
        busy = _busy(pilot.app)
        if busy:
            try:
                await pilot.app.workers.wait_for_complete(busy)
            except WorkerFailed:
                pass  # a failing worker is what some tests are about: they read what the screen says
        await pilot.pause()


async def wait_until(pilot: Pilot, condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Pause until ``condition()`` holds, rather than sleeping a fixed time and hoping."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still not so after {timeout} s"
        await pilot.pause(0.01)


async def type_in(pilot: Pilot, selector: str, text: str) -> None:
    """Click a field, clear it and type ``text`` key by key, as a cadre would (for tests of typing)."""
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_visible(animate=False)
    await pilot.pause()
    await pilot.click(widget)
    await pilot.press("end", "ctrl+u", *["space" if ch == " " else ch for ch in text])
    await pilot.pause()


async def fill(pilot: Pilot, selector: str, text: str) -> None:
    """Put ``text`` in a field at once and focus it, where the typing itself is not what is tested."""
    field = pilot.app.screen.query_one(selector, Input)
    field.value = text
    field.focus()
    await pilot.pause()
