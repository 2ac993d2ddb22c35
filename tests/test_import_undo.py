"""An import undone as a whole: every figure back as it was, the audit trail kept."""

from __future__ import annotations

import json

import pendulum
from test_import import P, full_rows, run, write_book

from models import AuditLog, LabourEntry, Milestone, Person, Project
from tracker import cli, records
from tracker.importer import import_workbook

AS_OF = pendulum.date(2026, 11, 28)


def _summary_json(capsys, db) -> dict:
    code, out, _ = run(capsys, "--db", str(db.database), "summary", "--json", "--as-of", AS_OF.isoformat())
    assert code == 0
    return json.loads(out)


def test_an_import_undone_puts_every_figure_of_summary_back(db, tmp_path, capsys):
    rows = full_rows()
    first = import_workbook(write_book(tmp_path / "first.xlsx", {"项目": rows["项目"], "节点": rows["节点"]}))
    assert first.number == 1
    before = _summary_json(capsys, db)
    audit_rows = AuditLog.select().count()

    book = write_book(tmp_path / "second.xlsx", {k: v for k, v in rows.items() if k != "项目"})
    code, out, _ = run(capsys, "--db", str(db.database), "import", str(book), "--dry-run")
    assert "将是第 2 次导入" in out
    code, out, _ = run(capsys, "--db", str(db.database), "import", str(book))
    assert code == 0 and "这是第 2 次导入" in out and "--undo 2" in out
    assert _summary_json(capsys, db) != before

    code, out, err = run(capsys, "--db", str(db.database), "import", "--undo", "2")
    assert code == 0, err
    assert "已撤销第 2 次导入：冲销资金记录 6 条" in out
    after = _summary_json(capsys, db)
    assert after == before
    assert not LabourEntry.select().exists() and not Person.select().exists()
    assert AuditLog.select().count() > audit_rows  # nothing taken out of the trail

    code, _, err = run(capsys, "--db", str(db.database), "import", "--undo", "2")
    assert code == 2 and "已经撤销过" in err
    code, out, _ = run(capsys, "--db", str(db.database), "import", "--list")
    assert "second.xlsx" in out and "2（已撤销）" in out


def test_an_undo_is_refused_naming_what_was_entered_since(db, tmp_path, capsys):
    import_workbook(write_book(tmp_path / "ok.xlsx", full_rows()))
    project = Project.get(Project.name == P)
    records.add_expense(project, "补买水泥", 30_000, pendulum.date(2026, 4, 1))
    records.set_milestone_progress(Milestone.get(Milestone.name == "砌墙"), 70)
    code, _, err = run(capsys, "--db", str(db.database), "import", "--undo", "1")
    assert code == 2
    assert f"屋场“{P}”下有 1 条导入之后录入的记录" in err and "节点“砌墙”的进度在导入之后又改过" in err
    assert LabourEntry.select().count() == 2  # nothing undone


def test_an_unknown_import_number_is_a_clear_message(db, capsys):
    code, _, err = run(capsys, "--lang", "en", "--db", str(db.database), "import", "--undo", "9")
    assert code == 2 and "there is no import number 9" in err
    assert cli.EXIT_USAGE == 2


def test_an_import_that_brought_its_own_project_is_undone_to_the_last_figure(db, tmp_path, capsys):
    records.add_project("老屋场", "老组", budget_fen=1_000_000)
    before = _summary_json(capsys, db)
    result = import_workbook(write_book(tmp_path / "all.xlsx", full_rows()))
    run(capsys, "--db", str(db.database), "import", "--undo", str(result.number))
    assert _summary_json(capsys, db) == before
    assert not Project.select().where(Project.name == P).exists()


def test_after_an_undo_the_file_fixed_or_not_imports_again(db, tmp_path):
    rows = full_rows()
    import_workbook(write_book(tmp_path / "first.xlsx", {"项目": rows["项目"]}))
    book = write_book(tmp_path / "money.xlsx", {"认捐": rows["认捐"], "到账": rows["到账"]})
    second = import_workbook(book)
    from tracker.importer import batches

    batches.undo(second.number)
    again = import_workbook(book)
    assert again.added == second.added == 4  # the undone rows are not "already in the ledger"
