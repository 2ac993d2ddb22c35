"""``tracker.prefs``: what is remembered between sessions, and what happens when it cannot be."""

from __future__ import annotations

import pytest

from tracker import config, prefs


def test_nothing_remembered_gives_the_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    assert prefs.load() == {}
    assert prefs.language() is None
    assert prefs.export_folder() == tmp_path == prefs.import_folder()
    assert prefs.last_work_type() == ""
    assert not hasattr(prefs, "last_source") and not hasattr(prefs, "last_contributor_kind")  # never carried


def test_choices_are_remembered_in_one_file_in_the_data_folder(tmp_path):
    prefs.set_language("en")
    prefs.set_export_folder(tmp_path)
    prefs.remember(work_type="砌墙")
    assert prefs.path() == config.data_dir() / "prefs.json"
    assert prefs.load() == {
        "lang": "en",
        "export_dir": str(tmp_path),
        "last_work_type": "砌墙",
    }
    assert prefs.language() == "en" and prefs.export_folder() == tmp_path
    assert prefs.last_work_type() == "砌墙"


def test_unknown_values_are_neither_saved_nor_read(tmp_path):
    prefs.path().parent.mkdir(parents=True, exist_ok=True)
    prefs.path().write_text(
        '{"lang": "fr", "last_work_type": 3, "export_dir": "%s"}' % (tmp_path / "gone"), encoding="utf-8"
    )
    assert prefs.language() is None and prefs.last_work_type() == ""
    assert prefs.export_folder() != tmp_path / "gone"  # a folder since deleted is not offered


@pytest.mark.parametrize("content", ["not json", "[1, 2]"])
def test_a_damaged_file_reads_as_nothing_remembered(content):
    prefs.path().parent.mkdir(parents=True, exist_ok=True)
    prefs.path().write_text(content, encoding="utf-8")
    assert prefs.load() == {} and prefs.language() is None


def test_a_data_folder_that_cannot_be_written_only_costs_the_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XIUMEI_DATA_DIR", str(blocker / "data"))  # under a file: mkdir fails
    prefs.set_language("en")
    prefs.remember(work_type="砌墙")
    assert prefs.load() == {}


def test_folders_and_form_choices_live_beside_the_database_the_language_stays_the_users(tmp_path):
    from models import close_database, open_database

    first, second = tmp_path / "a" / "shimen.db", tmp_path / "b" / "tongbai.db"
    folder = tmp_path / "exports"
    folder.mkdir()
    open_database(first)
    prefs.set_export_folder(folder)
    prefs.remember(work_type="砌墙")
    prefs.set_language("en")
    assert prefs.database_path() == first.with_name("shimen.prefs.json")
    close_database()
    open_database(second)
    assert prefs.export_folder() != folder and prefs.last_work_type() == ""
    assert prefs.language() == "en"  # the user's choice, whichever village is open
    close_database()
    open_database(first)
    assert prefs.export_folder() == folder and prefs.last_work_type() == "砌墙"
