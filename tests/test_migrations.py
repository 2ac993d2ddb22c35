"""The database life cycle: an older file is upgraded after a backup; a newer or foreign one is refused
and left exactly as it was; the migrations build the same schema as the models describe."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import peewee as pw
import pendulum
import pytest

from models import (
    ALL_MODELS,
    SCHEMA_VERSION,
    DatabaseError,
    Pledge,
    Village,
    close_database,
    database_proxy,
    open_database,
    schema_version,
)
from models.migrations import MIGRATIONS, V1, for_dialect
from tracker import ledger, records


def _fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """The file's bytes and mtime, and what else lies beside it (no -wal/-shm may appear)."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        sorted(p.name for p in path.parent.iterdir()),
    )


def _sqlite(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    try:
        for s in statements:
            con.execute(s)
        con.commit()
    finally:
        con.close()


def _user_version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def v1_db(tmp_path) -> Path:
    """A database as version 1 of the program left it, with a village and one pledge."""
    path = tmp_path / "old" / "村.db"
    path.parent.mkdir()
    now = "2026-03-01T08:00:00+00:00"
    common = "'{u}', '" + now + "', '" + now + "', 1"
    _sqlite(
        path,
        *V1,
        "PRAGMA user_version = 1",
        "INSERT INTO village (id, uuid, created_at, updated_at, version, name, town, county, labour_rate_fen, "
        f"cadre_name) VALUES (1, {common.format(u='v-1')}, '老村', '白马镇', '涟源市', 12000, '梁旦')",
        'INSERT INTO project (id, uuid, created_at, updated_at, version, name, "group", households, leader, '
        f"budget_fen, start_date, planned_end, status) VALUES (1, {common.format(u='p-1')}, '老屋场', '一组', 10, "
        "'', 500000, '2026-03-01', NULL, 'building')",
        "INSERT INTO contributor (id, uuid, created_at, updated_at, version, name, initials, kind, person_id, phone) "
        f"VALUES (1, {common.format(u='c-1')}, '梁湘江', 'lxj', 'xiangxian', NULL, '')",
        "INSERT INTO pledge (id, uuid, created_at, updated_at, version, project_id, date, amount_fen, note, "
        f"reverses_id, reason, contributor_id, source, due_date) VALUES (1, {common.format(u='pl-1')}, 1, "
        "'2026-04-08', 10000000, '', NULL, '', 1, 'donation', '2026-05-08')",
    )
    return path


def test_an_old_database_is_upgraded_after_a_backup(v1_db):
    assert _user_version(v1_db) == 1
    db = open_database(v1_db)
    assert schema_version(db) == SCHEMA_VERSION

    # the data came through
    village = Village.get()
    assert (village.name, village.labour_rate_fen, village.cadre_name, village.uuid) == (
        "老村",
        12000,
        "梁旦",
        "v-1",
    )
    pledge = Pledge.get()
    assert (pledge.uuid, pledge.amount_fen, pledge.source) == ("pl-1", 10_000_000, "donation")
    assert pledge.date == pendulum.date(2026, 4, 8)
    assert ledger.summary(pendulum.date(2026, 6, 1)).project("老屋场").outstanding_pledges_fen == 10_000_000
    # and the upgraded file takes new records
    records.add_receipt(pledge.project, pledge.contributor, "donation", 10_000_000, pendulum.date(2026, 5, 1))
    close_database()

    backups = sorted(v1_db.parent.glob("村.v1.*.bak.db"))
    assert len(backups) == 1, sorted(p.name for p in v1_db.parent.iterdir())
    backup = backups[0]
    assert _user_version(backup) == 1
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT name, cadre_name FROM village").fetchall() == [("老村", "梁旦")]
        assert con.execute("SELECT amount_fen, source FROM pledge").fetchall() == [(10_000_000, "donation")]
        assert con.execute("SELECT COUNT(*) FROM receipt").fetchone()[0] == 0  # taken before the upgrade
    finally:
        con.close()


def test_a_current_database_is_opened_without_a_backup(db_path):
    open_database(db_path)
    records.create_village("新村")
    close_database()
    open_database(db_path)
    assert Village.get().name == "新村"
    close_database()
    assert not list(db_path.parent.glob("*.bak*"))


def test_a_newer_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.db"
    open_database(path)
    records.create_village("未来村")
    close_database()
    _sqlite(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = _fingerprint(path)
    with pytest.raises(DatabaseError) as exc:
        open_database(path)
    assert exc.value.code == "too_new"
    assert _fingerprint(path) == before


def test_a_newer_database_with_a_wal_file_is_refused_and_untouched(tmp_path):
    """Left open by a newer program (its WAL file still beside it): nothing is checkpointed or copied."""
    path = tmp_path / "busy.db"
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = wal")
    for statement in [s for v in sorted(MIGRATIONS) for s in for_dialect(v, "sqlite")]:
        con.execute(statement)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.commit()
    try:
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        before = _fingerprint(path), hashlib.sha256(wal.read_bytes()).hexdigest()
        with pytest.raises(DatabaseError) as exc:
            open_database(path)
        assert exc.value.code == "too_new"
        assert (_fingerprint(path), hashlib.sha256(wal.read_bytes()).hexdigest()) == before
    finally:
        con.close()


@pytest.mark.parametrize("user_version", [0, 1, 7])
def test_another_programs_database_is_refused_and_untouched(tmp_path, user_version):
    path = tmp_path / "places.sqlite"
    _sqlite(
        path,
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",
        "INSERT INTO moz_places (url) VALUES ('https://example.org')",
        f"PRAGMA user_version = {user_version}",
    )
    before = _fingerprint(path)
    with pytest.raises(DatabaseError) as exc:
        open_database(path)
    assert exc.value.code == "not_ours"  # never "too new": upgrading xiumei would not help
    assert _fingerprint(path) == before


def test_a_text_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "台账.xlsx.txt"
    path.write_text("姓名,金额\n梁湘江,100000\n" * 20, encoding="utf-8")
    before = _fingerprint(path)
    with pytest.raises(DatabaseError) as exc:
        open_database(path)
    assert exc.value.code in ("unreadable", "not_ours")
    assert _fingerprint(path) == before


def test_a_missing_file_is_not_created_when_asked_not_to(tmp_path):
    path = tmp_path / "none.db"
    with pytest.raises(DatabaseError) as exc:
        open_database(path, create=False)
    assert exc.value.code == "missing"
    assert not path.exists()


def test_a_new_database_gets_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "sub" / "new.db"  # the folder is created too
    db = open_database(path)
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert schema_version(db) == SCHEMA_VERSION


# --- the migrations and the models agree ---------------------------------------------------------


def _schema(con) -> dict:
    """Columns (name, type, not null, default, pk), indexes (name, unique, columns) and foreign keys per table."""
    out = {}
    tables = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    for table in tables:
        columns = [tuple(r[1:6]) for r in con.execute(f'PRAGMA table_info("{table}")')]
        indexes = {}
        for row in con.execute(f'PRAGMA index_list("{table}")'):
            name, unique = row[1], row[2]
            indexes[name] = (unique, [c[2] for c in con.execute(f'PRAGMA index_info("{name}")')])
        fks = sorted((r[2], r[3], r[4], r[6]) for r in con.execute(f'PRAGMA foreign_key_list("{table}")'))
        out[table] = {"columns": columns, "indexes": indexes, "foreign_keys": fks}
    return out


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    migrated = open_database(tmp_path / "migrated.db")
    from_migrations = _schema(migrated.connection())
    close_database()

    fresh = pw.SqliteDatabase(":memory:")
    database_proxy.initialize(fresh)
    try:
        fresh.create_tables(ALL_MODELS)
        from_models = _schema(fresh.connection())
    finally:
        fresh.close()

    assert sorted(from_migrations) == sorted(from_models)
    for table in from_models:
        assert from_migrations[table] == from_models[table], table


def test_the_ledger_indexes_exist():
    """What the ledger groups by is indexed (a county office holds 300 villages' records)."""
    con = sqlite3.connect(":memory:")
    for version in sorted(MIGRATIONS):
        for statement in for_dialect(version, "sqlite"):
            con.execute(statement)
    schema = _schema(con)
    for table in ("pledge", "receipt"):
        leading = {tuple(cols[:2]) for _, cols in schema[table]["indexes"].values()}
        assert ("project_id", "source") in leading
        assert ("contributor_id", "project_id") in leading
    for table in ("in_kind", "expense", "labour_entry"):
        assert any(cols[:2] == ["project_id", "date"] for _, cols in schema[table]["indexes"].values()), table


def test_milestones_become_history_and_todays_figures_do_not_change(tmp_path, capsys):
    """A version-2 database's milestones turn into one history row each, dated at the done date or
    at the last update (never the upgrade's day): summary --json for today keeps every figure."""
    from models.migrations import V2
    from tracker.cli import main

    path = tmp_path / "v2.db"
    row = (
        "INSERT INTO milestone (id, uuid, created_at, updated_at, version, project_id, name, weight, "
        "planned_date, done_date, progress_pct) VALUES ({}, 'm-{}', '2026-03-01T08:00:00+00:00', "
        "'{}T09:00:00+00:00', 2, 1, '{}', {}, {}, {}, {})"
    )
    _sqlite(
        path,
        *V1,
        *V2,
        "PRAGMA user_version = 2",
        "INSERT INTO village (id, uuid, created_at, updated_at, version, name, town, county, labour_rate_fen, "
        "cadre_name) VALUES (1, 'v', '2026-03-01', '2026-03-01', 1, '老村', '白马镇', '涟源市', 12000, '')",
        'INSERT INTO project (id, uuid, created_at, updated_at, version, name, "group", households, leader, '
        "budget_fen, start_date, planned_end, status) VALUES (1, 'p', '2026-03-01', '2026-03-01', 1, '老屋场', "
        "'一组', 10, '', 500000, '2026-03-01', NULL, 'building')",
        row.format(1, 1, "2026-04-25", "古树保护", 10, "'2026-04-30'", "'2026-04-20'", 100),
        row.format(2, 2, "2026-05-02", "五美庭院", 30, "'2026-05-31'", "NULL", 100),  # 100%, no done date
        row.format(3, 3, "2026-05-10", "道路硬化", 60, "'2026-05-31'", "NULL", 40),
    )
    main(["--db", str(path), "summary", "--json"])
    (figures,) = json.loads(capsys.readouterr().out)["projects"]
    # as the version-2 program gave them: 100% without a done date counted as done, whatever the day
    assert figures["progress_pct"] == 64
    assert (figures["milestones_done"], figures["milestones_overdue"], figures["milestones_total"]) == (
        2,
        1,
        3,
    )

    con = sqlite3.connect(path)
    try:
        history = con.execute(
            "SELECT milestone_id, date, progress_pct, done_date FROM milestone_progress ORDER BY milestone_id"
        ).fetchall()
    finally:
        con.close()
    assert history == [
        (1, "2026-04-20", 100, "2026-04-20"),
        (2, "2026-05-02", 100, "2026-05-02"),
        (3, "2026-05-10", 40, None),
    ]
    # between the updates, each is what it was then
    main(["--db", str(path), "summary", "--json", "--as-of", "2026-05-05"])
    (then,) = json.loads(capsys.readouterr().out)["projects"]
    assert (then["progress_pct"], then["milestones_done"]) == (40, 2)  # 道路硬化 not yet at 40%


def test_an_old_databases_records_get_its_village_and_its_version_moves_to_a_table(v1_db):
    """Schema 3 rebuilds the tables that name their village (SQLite cannot add a required column
    to a filled table); the version is read once from user_version, then kept in a table."""
    from models import Contributor, Project, Site

    db = open_database(v1_db)
    try:
        village = Village.get()
        assert Project.get().village_id == village.id and Contributor.get().village_id == village.id
        assert db.execute_sql("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert not Site.select().exists()  # made on first use, as a village
        project = records.add_project("新屋场", "二组")
        assert project.village_id == village.id
    finally:
        close_database()
    assert _user_version(v1_db) == SCHEMA_VERSION  # older programs still see a newer file
