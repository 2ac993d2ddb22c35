"""The command line: exit codes, one-line messages, the summary's JSON and table, where the database lives."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models import MODELS, SCHEMA_VERSION, Contributor, Person, close_database, open_database
from tracker import ledger
from tracker.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCE_KEYS = {"self_raised", "donation", "government", "collective", "total"}
FIGURE_KEYS = {
    "budget_fen",
    "pledged_fen",
    "received_fen",
    "in_kind_fen",
    "spent_fen",
    "balance_fen",
    "outstanding_pledges_fen",
    "labour_days",
    "labour_value_fen",
    "progress_pct",
    "milestones_done",
    "milestones_total",
    "milestones_overdue",
}
MONEY_KEYS = {
    "budget_fen",
    "in_kind_fen",
    "spent_fen",
    "balance_fen",
    "outstanding_pledges_fen",
    "labour_value_fen",
}
WAN = 10_000 * 100  # 1万元 in fen


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {
            m._meta.table_name: con.execute(f'SELECT COUNT(*) FROM "{m._meta.table_name}"').fetchone()[0]
            for m in MODELS
        }
    finally:
        con.close()


@pytest.fixture
def demo_file(tmp_path, demo_template) -> Path:
    """The demo village in a file of this test's own, closed: the command opens it as a user would."""
    path = tmp_path / "桐柏村.db"
    shutil.copyfile(demo_template, path)
    return path


def summary_json(capsys, path: Path, *extra: str) -> dict:
    code, out, err = run(capsys, "--db", path, "summary", "--json", *extra)
    assert (code, err) == (0, "")
    return json.loads(out)


# --- init and demo -----------------------------------------------------------------------------


def test_init_creates_a_village_database(tmp_path, capsys):
    path = tmp_path / "data" / "新村.db"
    code, out, err = run(
        capsys,
        "--db",
        path,
        "init",
        "--village",
        "新村",
        "--town",
        "白马镇",
        "--county",
        "涟源市",
        "--cadre",
        "李书记",
    )
    assert (code, err) == (0, "")
    assert "新村" in out
    con = sqlite3.connect(path)
    try:
        assert con.execute(
            "SELECT name, town, county, cadre_name, labour_rate_fen FROM village"
        ).fetchall() == [("新村", "白马镇", "涟源市", "李书记", 10_000)]
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        con.close()


def test_init_twice_is_refused(tmp_path, capsys):
    path = tmp_path / "v.db"
    assert run(capsys, "--db", path, "init", "--village", "新村")[0] == 0
    code, out, err = run(capsys, "--db", path, "init", "--village", "别村")
    assert code == 2
    assert "新村" in err and len(err.strip().splitlines()) == 1
    assert _counts(path)["village"] == 1


def test_init_without_a_name_creates_nothing(tmp_path, capsys):
    path = tmp_path / "v.db"
    code, _, err = run(capsys, "--db", path, "init", "--village", "  ")
    assert code == 2
    assert "村名" in err  # names the field
    assert not path.exists()


def test_demo_twice_changes_nothing(tmp_path, capsys):
    path = tmp_path / "桐柏村.db"
    assert run(capsys, "--db", path, "demo")[0] == 0
    first = _counts(path)
    assert first["project"] == 2 and first["receipt"] > 0
    code, out, err = run(capsys, "--db", path, "demo")
    assert (code, err) == (0, "")
    assert "未作改动" in out
    assert _counts(path) == first


def test_demo_into_another_village_is_refused(tmp_path, capsys):
    path = tmp_path / "v.db"
    run(capsys, "--db", path, "init", "--village", "新村")
    code, out, err = run(capsys, "--db", path, "demo")
    assert code == 2
    assert "新村" in err and len(err.strip().splitlines()) == 1
    counts = _counts(path)
    assert (counts["village"], counts["project"], counts["person"]) == (1, 0, 0)


# --- summary --json -----------------------------------------------------------------------------


def test_summary_json_shape(demo_file, capsys):
    data = summary_json(capsys, demo_file)
    assert set(data) >= {"village", "as_of", "projects", "totals"}
    assert set(data["village"]) >= {"name", "town", "county", "labour_rate_fen"}
    assert data["as_of"] == "2026-11-28"  # XIUMEI_TODAY
    assert len(data["projects"]) == 2
    for figures in [*data["projects"], data["totals"]]:
        assert set(figures) >= FIGURE_KEYS
        assert set(figures["pledged_fen"]) == set(figures["received_fen"]) == SOURCE_KEYS
        for key in MONEY_KEYS:
            assert type(figures[key]) is int, key
        for key in ("pledged_fen", "received_fen"):
            assert all(type(v) is int for v in figures[key].values())
            by_source = figures[key]
            assert by_source["total"] == sum(by_source[s] for s in SOURCE_KEYS - {"total"})
    for project in data["projects"]:
        assert set(project) >= {"uuid", "name", "group", "status"}
        assert len(project["uuid"]) == 36
    assert not {"uuid", "name", "group", "status"} & set(data["totals"])
    # the totals are the sum of the projects
    for key in MONEY_KEYS - {"labour_value_fen"}:
        assert data["totals"][key] == sum(p[key] for p in data["projects"]), key
    for key in ("pledged_fen", "received_fen"):
        for s in SOURCE_KEYS:
            assert data["totals"][key][s] == sum(p[key][s] for p in data["projects"])


def test_summary_matches_the_story(demo_file, capsys):
    data = summary_json(capsys, demo_file)
    assert (data["village"]["name"], data["village"]["town"], data["village"]["county"]) == (
        "桐柏村",
        "白马镇",
        "涟源市",
    )
    received = data["totals"]["received_fen"]
    assert 70 * WAN < received["total"] < 80 * WAN  # 70余万元
    assert 10 * WAN < received["self_raised"] < 20 * WAN  # 群众自筹 10余万元
    assert received["government"] > 0  # department funds
    names = [p["name"] for p in data["projects"]]
    assert any("桐梓组" in n for n in names)
    started = next(p for p in data["projects"] if "桐梓组" not in p["name"])
    assert started["received_fen"]["total"] < 10 * WAN  # the second 屋场 has just started

    open_database(demo_file)
    try:
        liang = Contributor.get(Contributor.name == "梁湘江")
        statement = ledger.contributor_statement(liang.id, ledger_date(data))
        assert statement.received_fen == statement.pledged_fen == 10 * WAN
        assert {line.source for line in statement.lines} == {"donation"}
        in_group = Person.select().where(Person.group == "桐梓组")
        assert in_group.count() == 145
        assert in_group.where(Person.is_party_member).count() == 11
    finally:
        close_database()


def ledger_date(data: dict):
    import pendulum

    return pendulum.parse(data["as_of"]).date()


def test_summary_as_of_leaves_later_records_out(demo_file, capsys):
    now = summary_json(capsys, demo_file)
    spring = summary_json(capsys, demo_file, "--as-of", "2026-04-01")
    assert spring["as_of"] == "2026-04-01"
    assert 0 < spring["totals"]["received_fen"]["total"] < now["totals"]["received_fen"]["total"]
    assert summary_json(capsys, demo_file, "--as-of", "2026年4月1日") == spring
    before = summary_json(capsys, demo_file, "--as-of", "2026-01-01")
    assert before["totals"]["received_fen"]["total"] == before["totals"]["spent_fen"] == 0


def test_options_may_follow_the_command(demo_file, capsys):
    code, out, _ = run(capsys, "summary", "--json", "--db", demo_file)
    assert code == 0 and json.loads(out)["village"]["name"] == "桐柏村"


# --- summary table ------------------------------------------------------------------------------


def test_summary_table(demo_file, capsys):
    code, out, err = run(capsys, "--db", demo_file, "summary")
    assert (code, err) == (0, "")
    for text in ("桐梓组秀美屋场", "枫树湾屋场", "合计", "群众自筹", "到位率", "桐柏村"):
        assert text in out
    assert "¥" in out


def test_summary_table_in_english(demo_file, capsys):
    code, out, _ = run(capsys, "--db", demo_file, "--lang", "en", "summary")
    assert code == 0
    for text in ("Total", "Budget", "Self-raised", "桐梓组秀美屋场"):
        assert text in out
    assert "合计" not in out and "预算" not in out


# --- bad input: exit 2, one line, no traceback ----------------------------------------------------


@pytest.mark.parametrize("value", ["2026-13-45", "昨天", "abc"])
def test_bad_as_of(demo_file, capsys, value):
    code, out, err = run(capsys, "--db", demo_file, "summary", "--as-of", value)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "--as-of" in err and value in err


def test_missing_database(tmp_path, capsys):
    path = tmp_path / "nowhere.db"
    code, out, err = run(capsys, "--db", path, "summary")
    assert code == 2
    assert str(path) in err and len(err.strip().splitlines()) == 1
    assert not path.exists()
    code, _, err = run(capsys, "--db", path, "--lang", "en", "summary")
    assert code == 2 and "not found" in err


def test_newer_database(tmp_path, capsys):
    path = tmp_path / "newer.db"
    run(capsys, "--db", path, "init", "--village", "新村")
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = path.read_bytes()
    code, out, err = run(capsys, "--db", path, "summary")
    assert code == 2
    assert "更新版本" in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before
    code, _, err = run(capsys, "--db", path, "--lang", "en", "summary")
    assert code == 2 and "newer" in err


@pytest.mark.parametrize("content", [b"hello, this is not a database\n" * 10, b"\x00\x01\x02" * 100])
def test_not_a_database(tmp_path, capsys, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    for argv in (["summary"], ["demo"], ["init", "--village", "新村"]):
        code, out, err = run(capsys, "--db", path, *argv)
        assert code == 2, argv
        assert len(err.strip().splitlines()) == 1
    assert path.read_bytes() == content


def test_another_programs_database(tmp_path, capsys):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    code, _, err = run(capsys, "--db", path, "summary")
    assert code == 2 and "不是 xiumei 的数据库" in err


@pytest.mark.parametrize(
    "argv", [["frobnicate"], ["summary", "--nope"], ["--lang", "fr", "summary"], ["init"]]
)
def test_bad_arguments(tmp_path, capsys, argv):
    code, out, err = run(capsys, "--db", tmp_path / "x.db", *argv)
    assert code == 2
    assert err.startswith("xiumei: ")
    assert not (tmp_path / "x.db").exists()


# --- where the database lives -------------------------------------------------------------------


def test_xiumei_db_environment_variable(tmp_path, capsys, monkeypatch):
    path = tmp_path / "env" / "村.db"
    monkeypatch.setenv("XIUMEI_DB", str(path))
    assert run(capsys, "init", "--village", "环境村")[0] == 0
    assert path.exists()
    assert not (Path(os.environ["XIUMEI_DATA_DIR"]) / "xiumei.db").exists()
    # --db wins over the variable
    other = tmp_path / "other.db"
    assert run(capsys, "--db", other, "init", "--village", "别村")[0] == 0
    assert other.exists()


def test_default_database_in_the_data_folder(capsys):
    expected = Path(os.environ["XIUMEI_DATA_DIR"]) / "xiumei.db"
    assert not expected.exists()
    code, out, _ = run(capsys, "init", "--village", "默认村")
    assert code == 0
    assert expected.exists()
    assert str(expected) in out
    code, out, _ = run(capsys, "summary", "--json")
    assert json.loads(out)["village"]["name"] == "默认村"


# --- as a program -------------------------------------------------------------------------------


def test_python_m_tracker_help(tmp_path):
    env = {**os.environ, "XIUMEI_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "summary" in done.stdout and "demo" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_subcommand_help_in_english(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "en", "summary", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "--as-of" in out and "as-of date" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_of_every_command_is_translated(lang, capsys):
    from tracker.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["--lang", lang, "--help"])
    assert exc.value.code == 0
    top = capsys.readouterr().out
    for command in ("init", "demo", "summary", "report", "notice", "receipt", "import", "template"):
        assert command in top
        with pytest.raises(SystemExit):
            main(["--lang", lang, command, "--help"])
        text = top + capsys.readouterr().out
        # A raw catalogue key (cli.template) means a message was never registered.
        assert "cli." not in text and "error." not in text, command


def test_summary_as_of_a_day_between_two_progress_updates_gives_that_days_progress(demo_file, capsys):
    # 五美庭院 (weight 30) was at 50% on 6-15 and done on 7-25; 五小建设 (20) at 40% from 7-10
    july = summary_json(capsys, demo_file, "--as-of", "2026-07-01")["projects"][0]
    assert july["progress_pct"] == 25  # 古树保护 10 × 100 + 五美庭院 30 × 50
    august = summary_json(capsys, demo_file, "--as-of", "2026-08-01")["projects"][0]
    assert august["progress_pct"] == 48  # + 五美庭院 done + 五小建设 20 × 40
    assert (july["milestones_done"], august["milestones_done"]) == (1, 2)
