"""Two writers at once, a locked or damaged file, a foreign or read-only one, dates out of bounds and
exports that a spreadsheet must not run: what a cadre sees is one line, and nothing is lost."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pendulum
import pytest

from models import Expense, close_database, database_proxy, open_database
from models.db import BUSY_TIMEOUT_ENV, is_read_only
from tracker import records
from tracker.cli import main

PROJECT = "桐梓组秀美屋场"
LOCKED_ZH = "xiumei: 另一个窗口或程序正在写入这个数据库，请稍后再试\n"
LOCKED_EN = "xiumei: Another window or program is writing to this database; please try again in a moment\n"


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of the folder and its bytes: nothing may be written, created or switched."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def demo_file(tmp_path, demo_template) -> Path:
    folder = tmp_path / "村"
    folder.mkdir()
    path = folder / "桐柏村.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def expenses_xlsx(tmp_path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出"
    ws.append(["日期*", "项目名称*", "事项*", "金额(元)*", "收款方", "凭证号", "备注"])
    for i in range(3):
        ws.append(["2026-11-20", PROJECT, f"锁测试{i}", 100 + i, "建材店", "", ""])
    path = tmp_path / "支出.xlsx"
    wb.save(path)
    return path


@contextlib.contextmanager
def write_lock_held(path: Path, seconds: float | None = None, *, exclusive: bool = False):
    """Another program holds the write lock: for ``seconds``, or until the block ends."""
    release = threading.Event()
    taken = threading.Event()

    def hold() -> None:
        con = sqlite3.connect(path, isolation_level=None)
        try:
            if exclusive:  # how some programs hold a file: nobody else may even read it
                con.execute("PRAGMA locking_mode=EXCLUSIVE")
                con.execute("BEGIN EXCLUSIVE")
                con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            else:
                con.execute("BEGIN IMMEDIATE")
            taken.set()
            release.wait(seconds)
            con.execute("COMMIT")
        finally:
            con.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert taken.wait(5)
    try:
        yield
    finally:
        release.set()
        thread.join(10)


# --- 1. writers wait, then say so ---------------------------------------------------------------


def test_a_writer_blocked_for_two_seconds_waits_and_succeeds(demo_file, expenses_xlsx, capsys):
    before = count(demo_file, "expense")
    started = time.monotonic()
    with write_lock_held(demo_file, 2.0):
        code, out, err = run(capsys, "--db", demo_file, "import", expenses_xlsx)
    waited = time.monotonic() - started
    assert (code, err) == (0, "")
    assert waited >= 1.8
    assert count(demo_file, "expense") == before + 3


@pytest.mark.parametrize(("lang", "message"), [("zh", LOCKED_ZH), ("en", LOCKED_EN)])
def test_a_writer_blocked_past_the_timeout_gets_one_line_and_writes_nothing(
    demo_file, expenses_xlsx, capsys, monkeypatch, lang, message
):
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "0.5")
    before = {t: count(demo_file, t) for t in ("expense", "audit_log")}
    with write_lock_held(demo_file):
        code, out, err = run(capsys, "--db", demo_file, "--lang", lang, "import", expenses_xlsx)
    assert code == 2
    assert err == message
    assert {t: count(demo_file, t) for t in ("expense", "audit_log")} == before


def test_transactions_that_read_before_they_write_wait_for_each_other(demo_db):
    """Without BEGIN IMMEDIATE, the second of two read-then-write transactions fails at once."""
    from screens.widgets.dbthread import thread_connection

    project = records.Project.get(records.Project.name == PROJECT)
    failures: list[BaseException] = []

    def write(i: int) -> None:
        try:
            with thread_connection(), records.atomic():
                Expense.select().count()
                time.sleep(0.2)
                records.add_expense(project, f"并发{i}", 100, pendulum.date(2026, 11, 20))
        except BaseException as exc:  # noqa: BLE001  reported below
            failures.append(exc)

    before = Expense.select().count()
    threads = [threading.Thread(target=write, args=(i,)) for i in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(20)
    assert failures == []
    assert Expense.select().count() == before + 3


def test_write_transactions_begin_immediate_on_sqlite_only(demo_db):
    assert demo_db._lock_type == "IMMEDIATE"
    statements: list[str] = []
    demo_db.connection().set_trace_callback(statements.append)
    try:
        with records.atomic():
            pass
    finally:
        demo_db.connection().set_trace_callback(None)
    assert statements[0] == "BEGIN IMMEDIATE"
    # The helper adds nothing of its own: on another database the server's BEGIN is used.
    import peewee as pw

    assert "lock_type" not in pw.PostgresqlDatabase.begin.__code__.co_varnames


# --- locked and damaged are told apart ----------------------------------------------------------


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_file_held_exclusively_is_locked_not_damaged(demo_file, capsys, monkeypatch, journal):
    con = sqlite3.connect(demo_file)
    con.execute(f"PRAGMA journal_mode={journal}")
    con.close()
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "0.3")
    with write_lock_held(demo_file, exclusive=True):
        code, out, err = run(capsys, "--db", demo_file, "summary")
    assert code == 2
    assert err == LOCKED_ZH


def test_a_damaged_file_is_damaged_not_internal(demo_file, capsys):
    data = bytearray(demo_file.read_bytes())
    page = 4096
    for n in range(len(data) // page // 2, len(data) // page - 1):  # the later half of the pages
        data[n * page : (n + 1) * page] = b"\xff" * page
    demo_file.write_bytes(bytes(data))
    code, out, err = run(capsys, "--db", demo_file, "summary")
    assert code == 2
    assert "已损坏" in err and "内部" not in err and len(err.splitlines()) == 1
    code, out, err = run(capsys, "--db", demo_file, "--lang", "en", "summary")
    assert code == 2 and "damaged" in err and "internal" not in err


# --- 5. foreign and read-only files -------------------------------------------------------------


@pytest.fixture
def blank_sqlite(tmp_path) -> Path:
    """A SQLite file another program made and left without tables."""
    folder = tmp_path / "别的程序"
    folder.mkdir()
    path = folder / "empty.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.execute("DROP TABLE t")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["summary"],
        ["report", "--format", "md", "-o", "{out}/r.md"],
        ["notice", "--format", "text"],
        ["receipt", "TB2026-100", "-o", "{out}/r.html"],
        ["import", "{xlsx}"],
        ["backup", "-o", "{out}"],
    ],
)
def test_every_command_refuses_a_foreign_sqlite_file_without_writing(
    blank_sqlite, expenses_xlsx, tmp_path, capsys, argv
):
    out = tmp_path / "out"
    out.mkdir()
    before = fingerprint(blank_sqlite.parent)
    argv = [a.format(out=out, xlsx=expenses_xlsx) for a in argv]
    code, _, err = run(capsys, "--db", blank_sqlite, *argv)
    assert code == 2
    assert "不是 xiumei 的数据库" in err
    assert fingerprint(blank_sqlite.parent) == before
    assert list(out.iterdir()) == []


def test_init_may_use_a_blank_sqlite_file(blank_sqlite, capsys):
    # What an init cut short leaves: no table, nothing to lose.
    assert run(capsys, "--db", blank_sqlite, "init", "--village", "新村")[0] == 0
    assert count(blank_sqlite, "village") == 1


def _make_read_only(target: Path) -> Callable[[], None] | None:
    """Make a file or folder read-only for this process; None if the system will not."""
    if os.geteuid() == 0:  # root writes through permission bits; the immutable flag stops it
        if shutil.which("chattr") is None:
            return None
        if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode != 0:
            return None
        undo = lambda: subprocess.run(["chattr", "-i", str(target)], check=False)  # noqa: E731
    else:
        mode = target.stat().st_mode
        target.chmod(0o555 if target.is_dir() else 0o444)
        undo = lambda: target.chmod(mode)  # noqa: E731
    if os.access(target, os.W_OK):
        undo()
        return None
    return undo


@pytest.mark.skipif(os.name != "posix", reason="permission bits and chattr are POSIX")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_read_commands_work_on_a_read_only_database(demo_file, tmp_path, capsys, what):
    out = tmp_path / "out"
    out.mkdir()
    undo = _make_read_only(demo_file.parent if what == "folder" else demo_file)
    if undo is None:
        pytest.skip("cannot make a read-only file here")
    try:
        before = fingerprint(demo_file.parent)
        assert run(capsys, "--db", demo_file, "summary", "--json")[0] == 0
        assert run(capsys, "--db", demo_file, "report", "--format", "xlsx", "-o", out / "r.xlsx")[0] == 0
        assert run(capsys, "--db", demo_file, "notice", "-o", out / "n.html")[0] == 0
        assert run(capsys, "--db", demo_file, "receipt", "TB2026-100", "-o", out / "s.html")[0] == 0
        assert run(capsys, "--db", demo_file, "backup", "-o", out)[0] == 0
        # A write is refused in one line, not attempted.
        code, _, err = run(capsys, "--db", demo_file, "init", "--village", "又一村")
        assert code == 2 and len(err.splitlines()) == 1
        assert fingerprint(demo_file.parent) == before  # no -wal, no -shm, not one byte
    finally:
        undo()
    assert {p.suffix for p in out.iterdir()} == {".xlsx", ".html", ".db"}


def test_read_only_open_switches_nothing(demo_file, monkeypatch):
    import models.db

    monkeypatch.setattr(models.db, "writable", lambda path: False)
    before = fingerprint(demo_file.parent)
    db = open_database(demo_file, create=False, readonly_ok=True)
    assert is_read_only(db)
    assert db.execute_sql("PRAGMA query_only").fetchone()[0] == 1
    assert records.get_village().name == "桐柏村"
    close_database()
    assert fingerprint(demo_file.parent) == before
    assert database_proxy.obj is db


# --- 7. dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["summary", "--as-of", "2026-11-28T25:00"], "--as-of"),
        (["summary", "--as-of", "2026-11-28 09:30"], "--as-of"),
        (["notice", "--to", "9999-12-31", "--format", "text"], "2099"),
        (["notice", "--from", "0001-01-01", "--format", "text"], "1900"),
        (["notice", "--days", "3000000", "--format", "text"], "365"),
        (["report", "--as-of", "9999-12-31", "--format", "md"], "2099"),
    ],
)
def test_dates_out_of_bounds_are_one_line(demo_file, capsys, argv, expected):
    code, out, err = run(capsys, "--db", demo_file, *argv)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and expected in err


# --- 8. exports a spreadsheet never runs --------------------------------------------------------

FORMULAS = ["+1+1", "@SUM(1)", "-2+3", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0"]


@pytest.fixture
def formula_file(db, db_path) -> Path:
    project = records.add_project("公式屋场", "一组", budget_fen=100_000_00)
    for i, name in enumerate(FORMULAS):
        contributor = records.add_contributor(f"{name}公司", "enterprise")  # a name has Chinese in it
        records.add_receipt(project, contributor, "donation", 1000_00, pendulum.date(2026, 11, 1), note=name)
        records.add_expense(project, name, 200_00 + i, pendulum.date(2026, 11, 2), payee=name, note=name)
    wrong = records.add_expense(project, "写错了", 300_00, pendulum.date(2026, 11, 3))
    records.reverse(wrong, "金额写错", pendulum.date(2026, 11, 4))  # a negative amount, a number
    close_database()
    return db_path


def test_csv_cells_that_look_like_formulas_are_text(formula_file, tmp_path, capsys):
    zipped = tmp_path / "r.zip"
    assert run(capsys, "--db", formula_file, "report", "--format", "csv", "-o", zipped)[0] == 0
    cells: list[str] = []
    with zipfile.ZipFile(zipped) as zf:
        for name in zf.namelist():
            cells += [c for row in csv.reader(io.StringIO(zf.read(name).decode("utf-8-sig"))) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c.startswith("-") and not _is_number(c)]
    for formula in FORMULAS:
        assert "'" + formula in cells
    assert "-300.00" in cells  # the reversal's amount is still a number


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_xlsx_and_html_keep_formulas_as_text(formula_file, tmp_path, capsys):
    assert run(capsys, "--db", formula_file, "report", "--format", "xlsx", "-o", tmp_path / "r.xlsx")[0] == 0
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c.coordinate for c in texts if c.data_type == "f"]
    assert {f for f in FORMULAS} <= {c.value for c in texts}
    assert run(capsys, "--db", formula_file, "report", "--format", "html", "-o", tmp_path / "r.html")[0] == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html or "=HYPERLINK(&#34;" in html


def test_without_waiting_fails_at_once_and_then_waits_again(demo_db):
    from models.db import LOCKED, problem_of, without_waiting

    path = Path(demo_db.database)
    project = records.Project.get(records.Project.name == PROJECT)
    with write_lock_held(path, 1.0):
        started = time.monotonic()
        with pytest.raises(Exception) as info:  # noqa: PT011  peewee's OperationalError
            with without_waiting(), records.atomic():
                records.add_expense(project, "不等", 100, pendulum.date(2026, 11, 20))
        assert problem_of(info.value) == LOCKED
        assert time.monotonic() - started < 0.5
        records.add_expense(project, "等一等", 100, pendulum.date(2026, 11, 20))  # waits for the lock
    assert Expense.select().where(Expense.item == "等一等").count() == 1
    assert Expense.select().where(Expense.item == "不等").count() == 0


def test_the_app_refuses_a_blank_sqlite_file_without_writing(blank_sqlite, capsys):
    from screens.main import main as program  # what the xiumei command runs

    before = fingerprint(blank_sqlite.parent)
    code = program(["--db", str(blank_sqlite)])
    _, err = capsys.readouterr()
    assert code == 2 and "不是 xiumei 的数据库" in err
    assert fingerprint(blank_sqlite.parent) == before
