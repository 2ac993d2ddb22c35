"""The import against two windows at once and against any file: one write transaction that
plans and writes, each table in a batch; every cell read as Excel shows it; a damaged file is
one line. The fuzz test at the end runs a few hundred generated workbooks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from models import AuditLog, Expense, Milestone, Project, Receipt
from tracker import cli, records
from tracker.importer import ImportProblems, import_workbook

ROOT = Path(__file__).resolve().parents[1]
P = "东坡屋场"
EXPENSE_HEAD = ["日期*", "项目名称*", "事项*", "金额(元)*", "收款方", "凭证号", "备注"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def expense_book(path: Path, rows: int) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "项目"
    ws.append(["项目名称*", "所属组"])
    ws.append([P, "东坡组"])
    ws = book.create_sheet("支出")
    ws.append(EXPENSE_HEAD)
    for i in range(rows):
        ws.append([f"2026-05-{i % 28 + 1:02d}", P, f"材料{i}", 100 + i, "建材店", f"ZC-{i}", ""])
    book.save(path)
    return path


# --- two imports at once ------------------------------------------------------------------------

_CHILD = """
import sys, time
from pathlib import Path
from tracker import cli
from tracker.importer import reading  # openpyxl and the importer loaded before the start line
import openpyxl.reader.excel
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
ready.write_text("ready", encoding="utf-8")
while not go.exists():
    time.sleep(0.005)
raise SystemExit(cli.main(sys.argv[3:]))
"""


def test_two_imports_of_one_file_at_once_store_it_once(db, tmp_path):
    """Both processes start the import at the same instant; the second waits for the first's
    write lock, then finds every row already there: it adds nothing and says so."""
    rows = 400
    book = expense_book(tmp_path / "支出.xlsx", rows)
    database = str(db.database)
    records.add_project("别的屋场")  # the ledger is not empty: the plan reads it
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    go = tmp_path / "go"
    children = []
    for n in range(2):
        ready = tmp_path / f"ready{n}"
        argv = [str(ready), str(go), "--db", database, "import", str(book)]
        children.append(
            (
                ready,
                subprocess.Popen(
                    [sys.executable, "-c", _CHILD, *argv],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    encoding="utf-8",
                ),
            )
        )
    deadline = time.monotonic() + 60
    while not all(ready.exists() for ready, _ in children):
        assert time.monotonic() < deadline, "the importing processes did not start"
        time.sleep(0.01)
    go.write_text("go", encoding="utf-8")
    results = [child.communicate(timeout=120) + (child.returncode,) for _, child in children]

    for out, err, code in results:
        assert code == 0, err
        assert err == "" and "Traceback" not in out
    assert Expense.select().count() == rows
    assert Project.select().where(Project.name == P).count() == 1
    assert AuditLog.select().where(AuditLog.table == "expense").count() == rows
    outputs = sorted((out for out, _, _ in results), key=lambda out: "都已在台账中" in out)
    assert re.search(rf"支出\s+{rows}\s+0\s+0", outputs[0])
    assert re.search(rf"支出\s+0\s+{rows}\s+0", outputs[1])
    assert "文件中的数据都已在台账中，没有改动。" in outputs[1]


def test_the_import_is_one_immediate_transaction_without_a_savepoint_a_row(db, tmp_path):
    book = expense_book(tmp_path / "支出.xlsx", 50)
    statements: list[str] = []
    db.connection().set_trace_callback(statements.append)  # every statement SQLite runs
    try:
        import_workbook(book)
    finally:
        db.connection().set_trace_callback(None)
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]
    assert not [s for s in statements if "SAVEPOINT" in s]
    # An executemany is traced once a row: what is not an insert is a few statements a table.
    assert len([s for s in statements if not s.startswith("INSERT")]) < 30
    # The cadre's name is read once for the whole batch, and every record has its audit row.
    assert sum(s.startswith('SELECT "t1"."cadre_name"') for s in statements) == 1
    audits = list(AuditLog.select().where(AuditLog.table == "expense"))
    assert len(audits) == 50 and {a.cadre for a in audits} == {"张书记"}
    assert {a.record_uuid for a in audits} == {e.uuid for e in Expense.select()}


def test_a_record_refused_while_writing_leaves_nothing(db, tmp_path, monkeypatch):
    """Should a rule refuse a row after the batch began, the whole import rolls back."""
    from tracker.errors import FieldError

    book = expense_book(tmp_path / "支出.xlsx", 5)
    asked = records.batch_problems

    def refused(batch, today=None):
        found = asked(batch, today)
        return [
            [FieldError("item", "error.required")] if isinstance(r, Expense) and r.item == "材料3" else errors
            for r, errors in zip(batch, found, strict=True)
        ]

    monkeypatch.setattr(records, "batch_problems", refused)
    with pytest.raises(ImportProblems) as caught:
        import_workbook(book)
    assert [p.message() for p in caught.value.problems] == ["支出，第5行，事项：必填，不能为空"]
    assert Project.select().count() == 0 and Expense.select().count() == 0
    assert AuditLog.select().where(AuditLog.table != "village").count() == 0


# --- cells as Excel shows them ------------------------------------------------------------------

RECEIPT_HEAD = ["日期*", "姓名/单位*", "资金来源*", "项目名称*", "金额(元)*", "收据编号", "备注"]


def receipt_book(path: Path, rows: list[list], **sheets: list[list]) -> Workbook:
    """A 项目 sheet with P and a 到账 sheet of ``rows``; returned unsaved, to be shaped further."""
    book = Workbook()
    ws = book.active
    ws.title = "项目"
    ws.append(["项目名称*"])
    ws.append([P])
    ws = book.create_sheet("到账")
    ws.append(RECEIPT_HEAD)
    for row in rows:
        ws.append(row)
    return book


def rewrite(path: Path, part: str, change) -> Path:
    """The workbook with one part of its zip changed, as another program might have left it."""
    with zipfile.ZipFile(path) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def messages(path: Path) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        import_workbook(path)
    return [p.message() for p in caught.value.problems]


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"])
def test_an_error_value_is_refused_naming_the_cell(db, tmp_path, error):
    path = tmp_path / "e.xlsx"
    receipt_book(path, [["2026-05-01", error, "群众自筹", P, 300, "", ""]]).save(path)
    assert messages(path) == [f"到账，第2行，姓名/单位：单元格显示错误值 {error}，请改正公式或直接填写"]
    assert Receipt.select().count() == 0


def test_a_formula_without_a_stored_result_is_refused_in_any_column(db, tmp_path):
    """openpyxl and other programs write formulas without their result; Excel and WPS save it."""
    path = tmp_path / "f.xlsx"
    receipt_book(
        path,
        [
            ["2026-05-01", "=A1", "群众自筹", P, 300, "", ""],  # a name column: not "必填"
            ["2026-05-01", "王五", "群众自筹", P, "=100+200", "", ""],
        ],
    ).save(path)
    hint = "是公式，文件里没有保存计算结果；请在 Excel 或 WPS 中打开并保存后再导入"
    assert messages(path) == [f"到账，第2行，姓名/单位：{hint}", f"到账，第3行，金额(元)：{hint}"]
    assert Project.select().count() == 0


def test_a_formula_with_its_stored_result_reads_as_the_result(db, tmp_path):
    path = tmp_path / "f.xlsx"
    receipt_book(path, [["2026-05-01", "王五", "群众自筹", P, "=100+200", "", ""]]).save(path)
    rewrite(
        path,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace("<f>100+200</f><v />", "<f>100+200</f><v>300</v>"),
    )
    import_workbook(path)
    assert [r.amount_fen for r in Receipt.select()] == [30000]


def test_hidden_sheets_are_skipped_and_named(db, tmp_path, capsys):
    path = tmp_path / "h.xlsx"
    book = receipt_book(path, [["2026-05-01", "王五", "群众自筹", P, 300, "", ""]])
    hidden = book.create_sheet("支出")
    hidden.append(EXPENSE_HEAD)
    hidden.append(["2026-05-02", P, "旧账", 999, "", "", ""])
    hidden.sheet_state = "hidden"
    book["到账"].sheet_state = "visible"
    book.save(path)
    code, out, _ = run(capsys, "--db", str(db.database), "import", "--dry-run", str(path))
    assert code == 0
    assert "隐藏的工作表不导入：支出" in out
    assert "支出 " not in out.split("隐藏")[0]  # no 支出 line in the table
    import_workbook(path)
    assert Expense.select().count() == 0 and Receipt.select().count() == 1


def test_a_hidden_project_sheet_is_not_where_projects_are_found(db, tmp_path):
    path = tmp_path / "h.xlsx"
    book = receipt_book(path, [["2026-05-01", "王五", "群众自筹", P, 300, "", ""]])
    book["项目"].sheet_state = "hidden"
    book.active = 1
    book.save(path)
    assert messages(path) == [f"到账，第2行，项目名称：找不到屋场“{P}”，应先写在“项目”表里，或已在台账中"]


def test_percent_cells_read_as_the_percent_shown(db, tmp_path):
    path = tmp_path / "p.xlsx"
    book = receipt_book(path, [])
    ws = book.create_sheet("节点")
    ws.append(["项目名称*", "节点名称*", "进度(%)"])
    for name, value, number_format in [("拆旧", 1.0, "0%"), ("砌墙", 0.35, "0.00%"), ("通水", 40, "General")]:
        ws.append([P, name, value])
        ws.cell(ws.max_row, 3).number_format = number_format
    book.save(path)
    import_workbook(path)
    assert {m.name: m.progress_pct for m in Milestone.select()} == {"拆旧": 100, "砌墙": 35, "通水": 40}


def test_a_percent_that_is_not_a_whole_number_is_refused_as_typed(db, tmp_path):
    path = tmp_path / "p.xlsx"
    book = receipt_book(path, [])
    ws = book.create_sheet("节点")
    ws.append(["项目名称*", "节点名称*", "进度(%)"])
    ws.append([P, "拆旧", 0.125])
    ws["C2"].number_format = "0%"
    book.save(path)
    assert messages(path) == ["节点，第2行，进度(%)：应为 0 到 100 之间的整数"]


def test_merged_cells_read_their_value_on_every_row(db, tmp_path):
    path = tmp_path / "m.xlsx"
    book = receipt_book(
        path,
        [
            ["2026-05-01", "王五", "群众自筹", P, 300, "", ""],
            ["2026-05-02", "赵六", None, None, 200, "", ""],
            ["2026-05-03", "钱七", None, None, 100, "", ""],
            [None, None, None, None, None, None, None],  # blank but for the merged cells: skipped
        ],
    )
    book["到账"].merge_cells("C2:C5")
    book["到账"].merge_cells("D2:D5")
    book.save(path)
    result = import_workbook(path)
    assert result.added == 4  # the project and three receipts
    assert sorted((r.contributor.name, r.source, r.project.name) for r in Receipt.select()) == [
        ("王五", "self_raised", P),
        ("赵六", "self_raised", P),
        ("钱七", "self_raised", P),
    ]


def test_chart_sheets_are_ignored(db, tmp_path):
    from openpyxl.chart import BarChart, Reference

    path = tmp_path / "c.xlsx"
    book = receipt_book(path, [["2026-05-01", "王五", "群众自筹", P, 300, "", ""]])
    for title in ("支出", "图表"):  # even one named like a sheet of the format
        chart = BarChart()
        chart.add_data(Reference(book["到账"], min_col=5, min_row=1, max_row=2))
        book.create_chartsheet(title).add_chart(chart)
    book.save(path)
    result = import_workbook(path)
    assert result.added == 2 and "图表" not in result.ignored_sheets


def _good(path: Path) -> Path:
    receipt_book(path, [["2026-05-01", "王五", "群众自筹", P, 300, "", ""]]).save(path)
    return path


def _truncated(path: Path) -> Path:
    data = _good(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _garbled(path: Path) -> Path:
    """A zip whose sheet's compressed bytes were overwritten: a CRC or inflate error on reading."""
    _good(path)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet2.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    data[start : start + 40] = bytes(range(40))
    path.write_bytes(bytes(data))
    return path


DAMAGED = {
    "broken zip": _truncated,
    "garbled zip member": _garbled,
    "malformed sheet XML": lambda p: rewrite(
        _good(p), "xl/worksheets/sheet2.xml", lambda x: x.replace("</row>", "</rwo>", 1)
    ),
    "bad shared-string index": lambda p: rewrite(
        _good(p),
        "xl/worksheets/sheet2.xml",
        lambda x: re.sub(
            r'<c r="B2" t="inlineStr"><is><t>[^<]*</t></is></c>', '<c r="B2" t="s"><v>99</v></c>', x
        ),
    ),
    "numeric cell holding text": lambda p: rewrite(
        _good(p), "xl/worksheets/sheet2.xml", lambda x: x.replace("<v>300</v>", "<v>三百</v>")
    ),
    "malformed workbook XML": lambda p: rewrite(_good(p), "xl/workbook.xml", lambda x: x[: len(x) // 2]),
    "malformed relations": lambda p: rewrite(
        _good(p), "xl/_rels/workbook.xml.rels", lambda x: x.replace("Relationship ", "Relationship<", 1)
    ),
    "malformed styles": lambda p: rewrite(_good(p), "xl/styles.xml", lambda x: x.replace("<", "<<", 3)),
}


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_a_damaged_file_is_one_line_and_exit_2(db, tmp_path, capsys, kind):
    path = DAMAGED[kind](tmp_path / "d.xlsx")
    code, out, err = run(capsys, "--db", str(db.database), "import", str(path))
    assert (code, out) == (2, ""), err
    assert len(err.strip().splitlines()) == 1
    assert "文件已损坏，无法读取" in err
    assert Project.select().count() == 0


def test_a_zip_that_is_not_a_workbook_is_not_called_damaged(db, tmp_path, capsys):
    path = tmp_path / "w.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    code, _, err = run(capsys, "--db", str(db.database), "import", str(path))
    assert code == 2 and "不是 xlsx 工作簿" in err


def test_every_record_a_batch_adds_has_its_audit_row_as_stored(db, tmp_path):
    """The audit row of a batch-written record is what ``records`` would log for it one by one."""
    import json

    from test_import import full_rows, write_book

    from models import MODELS
    from tracker import audit

    import_workbook(write_book(tmp_path / "full.xlsx", full_rows()))
    logged = {a.record_uuid: a for a in AuditLog.select().where(AuditLog.action == "create")}
    created = 0
    for model in MODELS:
        if model._meta.table_name in ("village", "audit_log"):
            continue
        for record in model.select():
            entry = logged[record.uuid]
            assert entry.table == model._meta.table_name and entry.cadre == "张书记"
            assert json.loads(entry.after) == audit.snapshot(record)
            created += 1
    assert created == len(logged) - 1 > 10  # the village's own, and every imported record's


def as_excel_saves_it(path: Path) -> Path:
    """openpyxl writes text inline; Excel and WPS keep it in a shared-string table, and store each
    formula's result beside it. The workbook rewritten that way."""
    strings: list[str] = []

    def shared(match: re.Match) -> str:
        strings.append(match.group(2))
        return f'<c r="{match.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        xml = re.sub(r'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, parts[name])
        parts[name] = xml.replace("<f>100+200</f><v />", "<f>100+200</f><v>300</v>")
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main}" count="{len(strings)}">{items}</sst>'
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return path


def test_a_workbook_as_excel_saves_it_imports(db, tmp_path):
    path = tmp_path / "x.xlsx"
    receipt_book(
        path,
        [
            ["2026-05-01", "王五", "群众自筹", P, "=100+200", "SJ-1", "现金"],
            ["2026-05-02", "东坡建材公司", "社会捐赠", P, 5000, "SJ-2", None],
        ],
    ).save(path)
    result = import_workbook(as_excel_saves_it(path))
    assert result.added == 3
    assert sorted((r.contributor.name, r.amount_fen, r.voucher, r.note) for r in Receipt.select()) == [
        ("东坡建材公司", 500000, "SJ-2", ""),
        ("王五", 30000, "SJ-1", "现金"),
    ]


def test_rich_text_written_in_a_cell_reads_as_its_plain_text(db, tmp_path):
    """Text in runs of different fonts, and the phonetic guide some programs add, read as shown."""
    path = tmp_path / "r.xlsx"
    receipt_book(path, [["2026-05-01", "王五", "群众自筹", P, 300, "", ""]]).save(path)
    rich = '<is><r><t>东坡</t></r><r><rPr><b/></rPr><t>建材</t></r><r><t>公司</t></r><rPh sb="0" eb="1"><t>ドン</t></rPh></is>'
    rewrite(path, "xl/worksheets/sheet2.xml", lambda x: re.sub(r"<is><t>王五</t></is>", rich, x))
    import_workbook(path)
    assert [r.contributor.name for r in Receipt.select()] == ["东坡建材公司"]
