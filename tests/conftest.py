"""Shared fixtures. Every test gets its own data folder, so the user's real data is never touched."""

from __future__ import annotations

import shutil

import pendulum
import pytest

from models import close_database, database_proxy, open_database
from tracker import i18n, records

TODAY = pendulum.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("xiumei-data")
    monkeypatch.setenv("XIUMEI_DATA_DIR", str(home))
    monkeypatch.delenv("XIUMEI_DB", raising=False)
    monkeypatch.setenv("XIUMEI_TODAY", TODAY.isoformat())
    i18n.set_lang("zh")
    yield
    i18n.set_lang("zh")
    close_database()
    database_proxy.initialize(None)  # the next test starts with no database, as a new process does


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
