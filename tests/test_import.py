"""Importing a ledger from xlsx: accepted forms, every kind of bad row, all or nothing, re-import,
dry run, the template, and a workbook made by hand by another village's cadre."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pendulum
import pytest
from conftest import counts

from models import MODELS, AuditLog, LabourEntry, Milestone, Person, Pledge, Project, Receipt
from tracker import cli, i18n, ledger, records
from tracker.importer import ImportProblems, import_workbook
from tracker.importer.template import write_template

HEAD = {
    "项目": ["项目名称*", "所属组", "户数", "负责人", "预算(元)", "开工日期", "计划完工日期", "状态"],
    "认捐": ["日期*", "姓名/单位*", "资金来源*", "项目名称*", "金额(元)*", "约定到账日期", "备注"],
    "到账": ["日期*", "姓名/单位*", "资金来源*", "项目名称*", "金额(元)*", "收据编号", "备注"],
    "筹料": ["日期*", "姓名/单位*", "项目名称*", "物品*", "数量", "单位", "折价(元)*", "资金来源*"],
    "支出": ["日期*", "项目名称*", "事项*", "金额(元)*", "收款方", "凭证号", "备注"],
    "投工": ["日期*", "姓名*", "项目名称*", "工日*", "工种", "备注"],
    "节点": ["项目名称*", "节点名称*", "权重", "计划完成日期", "实际完成日期", "进度(%)"],
}

P = "东坡屋场"


def full_rows() -> dict[str, list[list]]:
    """A small valid ledger: one project and a row or two in every sheet (no header)."""
    return {
        "项目": [[P, "东坡组", 20, "李四", 200000, "2026-03-01", "2026-12-31", "在建"]],
        "认捐": [
            ["2026-03-02", "王五", "群众自筹", P, 5000, "2026-04-30", ""],
            ["2026-03-03", "东坡建材公司", "社会捐赠", P, "2万", None, "老板是本村人"],
        ],
        "到账": [
            ["2026-03-10", "王五", "群众自筹", P, 5000, "DP-001", ""],
            ["2026-03-12", "县农业农村局", "项目资金", P, "10万", "DP-002", ""],
        ],
        "筹料": [["2026-03-05", "赵六", P, "水泥", 40, "包", 1200, "群众自筹"]],
        "支出": [["2026-03-20", P, "购买红砖", 8000.5, "建材店", "ZC-1", ""]],
        "投工": [
            ["2026-03-21", "钱七", P, 1.5, "泥工", ""],
            ["2026-03-22", "钱七", P, 1, "小工", ""],
        ],
        "节点": [
            [P, "拆旧", 1, "2026-04-30", "2026-04-20", None],
            [P, "砌墙", 2, "2026-06-30", None, 50],
        ],
    }


FULL_COUNTS = {"项目": 1, "认捐": 2, "到账": 2, "筹料": 1, "支出": 1, "投工": 2, "节点": 2}


def write_book(path: Path, sheets: dict[str, list[list]], heads: dict[str, list] | None = None) -> Path:
    """A workbook as openpyxl writes it; ``heads`` defaults to the standard headers."""
    from openpyxl import Workbook

    heads = HEAD if heads is None else heads
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        if name in heads:
            ws.append(heads[name])
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def problems_of(path: Path, **kwargs) -> list:
    with pytest.raises(ImportProblems) as caught:
        import_workbook(path, **kwargs)
    return caught.value.problems


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(db):
    return records.add_project(P, "东坡组", budget_fen=20000000)


def receipt_book(
    tmp_path: Path, cell: object, header: str = "金额(元)*", date: object = "2026-05-26"
) -> Path:
    heads = {"到账": ["日期*", "姓名/单位*", "资金来源*", "项目名称*", header]}
    return write_book(tmp_path / "r.xlsx", {"到账": [[date, "王五", "群众自筹", P, cell]]}, heads)


# --- accepted forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        dt.datetime(2026, 5, 26),
        dt.date(2026, 5, 26),
        "2026-05-26",
        "2026/5/26",
        "2026年5月26日",
        " 2026/05/26 ",
    ],
)
def test_each_date_form_is_read(project, tmp_path, cell):
    import_workbook(receipt_book(tmp_path, 300, date=cell))
    assert Receipt.get().date == pendulum.date(2026, 5, 26)


@pytest.mark.parametrize(
    ("cell", "fen"),
    [
        (300, 30000),
        (1234.56, 123456),
        ("1,234.56", 123456),
        ("12.5万", 12500000),
        ("¥300", 30000),
        ("￥3,000", 300000),
        (0.1 + 0.2, 30),
    ],  # a sum computed in a cell reads as Excel shows it
)
def test_each_amount_form_is_read(project, tmp_path, cell, fen):
    import_workbook(receipt_book(tmp_path, cell))
    assert Receipt.get().amount_fen == fen


@pytest.mark.parametrize(
    "header", ["金额(元)*", "金额（元）", "金额", "金额（元）＊", " 金额 (元)", "到账金额"]
)
def test_amount_header_spellings(project, tmp_path, header):
    import_workbook(receipt_book(tmp_path, 300, header=header))
    assert Receipt.get().amount_fen == 30000


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("金额(万元)", "import.wan_column"),
        ("金额2", "import.missing_column"),
        ("款项", "import.missing_column"),
    ],
)
def test_a_header_that_is_not_ours_is_never_guessed(project, tmp_path, header, key):
    before = counts()
    problems = problems_of(receipt_book(tmp_path, 300, header=header))
    assert [(p.sheet, p.row, p.key) for p in problems] == [("到账", 1, key)]
    assert counts() == before


def test_the_same_column_twice_is_refused(project, tmp_path):
    heads = {"到账": ["日期", "姓名", "姓名/单位", "资金来源", "项目名称", "金额"]}
    book = write_book(
        tmp_path / "r.xlsx", {"到账": [["2026-05-26", "王五", "王六", "群众自筹", P, 1]]}, heads
    )
    problems = problems_of(book)
    assert [(p.row, p.column, p.key) for p in problems] == [(1, "姓名/单位", "import.column_twice")]


def test_sheet_name_variants_and_blank_and_example_rows(project, tmp_path):
    heads = {"到帐": ["序号", *HEAD["到账"]]}
    rows = [
        ["示例", "2026-04-20", "梁湘江", "社会捐赠", P, 100000, "TZ-0001", ""],
        [1, "2026-05-01", "王五", "群众自筹", P, 100, "A-1", ""],
        [],
        [2, None, None, None, None, None, None, None],  # numbered in advance, not filled in
        [None, "2026-05-02", "王五", "群众自筹", P, 200, "A-2", ""],
    ]
    result = import_workbook(write_book(tmp_path / "r.xlsx", {"到帐": rows}, heads))
    assert [r.amount_fen for r in Receipt.select().order_by(Receipt.id)] == [10000, 20000]
    assert result.sheets[0].added == 2
    assert not Receipt.select().where(Receipt.voucher == "TZ-0001").exists()


# --- bad rows: all or nothing ---------------------------------------------------------------


BAD_ROWS = [
    # sheet, bad row appended, column named, words of the message
    ("到账", ["2026-03-15", "", "群众自筹", P, 100, "", ""], "姓名/单位", "必填，不能为空"),
    ("认捐", [None, "王五", "群众自筹", P, 100, None, ""], "日期", "必填，不能为空"),
    ("到账", ["2026-13-45", "王五", "群众自筹", P, 100, "", ""], "日期", "“2026-13-45”不是一个存在的日期"),
    ("支出", ["上个月", P, "买砖", 100, "", "", ""], "日期", "“上个月”不是日期"),
    (
        "到账",
        ["2026-03-15", "王五", "群众自筹", P, "abc", "", ""],
        "金额(元)",
        "“abc”不是金额，应填如 1,234.56、1.2万 或 ¥300",
    ),
    ("支出", ["2026-03-20", P, "买砖", -5, "", "", ""], "金额(元)", "为负数"),
    ("筹料", ["2026-03-05", "赵六", P, "沙", 1, "车", 0, "群众自筹"], "折价(元)", "金额应大于零"),
    (
        "认捐",
        ["2026-03-02", "王五", "乡贤捐款", P, 100, None, ""],
        "资金来源",
        "“乡贤捐款”不是资金来源，应为：群众自筹、社会捐赠、项目资金、村集体",
    ),
    ("支出", ["2026-03-20", "西坡屋场", "买砖", 100, "", "", ""], "项目名称", "找不到屋场“西坡屋场”"),
    ("投工", ["2026-03-21", "钱七", P, 0.3, "", ""], "工日", "“0.3”不是工日数"),
    ("投工", ["2026-03-21", "钱七", P, "两天", "", ""], "工日", "“两天”不是工日数"),
    (
        "到账",
        ["2026-03-15", "孙八", "群众自筹", P, 100, "DP-001", ""],
        "收据编号",
        "收据编号“DP-001”与第2行重复",
    ),
    (
        "认捐",
        ["2026-03-02", "王五", "群众自筹", P, 100, "2026-03-01", ""],
        "约定到账日期",
        "不能早于认捐日期",
    ),
    (
        "项目",
        ["北坡屋场", "北坡组", 5, "", 1000, "", "", "快完了"],
        "状态",
        "“快完了”无效，应为：规划、在建、完工、已验收",
    ),
    ("节点", [P, "拆旧", 1, None, None, 10], "节点名称", "“拆旧”与第2行重复"),
    ("节点", [P, "通水", 1, None, None, 120], "进度(%)", "应为 0 到 100 之间的整数"),
    ("节点", [P, "通电", 1, None, "2027-01-01", None], "实际完成日期", "不能晚于今天"),
]


@pytest.mark.parametrize(("sheet", "bad", "column", "words"), BAD_ROWS)
def test_a_bad_row_is_named_and_nothing_is_written(db, tmp_path, sheet, bad, column, words):
    rows = full_rows()
    rows[sheet].append(bad)
    book = write_book(tmp_path / "bad.xlsx", rows)
    before = counts()
    problems = problems_of(book)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.sheet, problem.row, problem.column) == (sheet, len(rows[sheet]) + 1, column)
    assert words in problem.message()
    assert problem.message().startswith(f"{sheet}，第{problem.row}行，{column}：")
    assert counts() == before


def test_a_voucher_already_in_the_ledger_is_a_row_error(project, tmp_path):
    records.add_receipt(
        project,
        records.contributor_for("王五"),
        "self_raised",
        100,
        pendulum.date(2026, 1, 5),
        voucher="DP-001",
    )
    before = counts()
    problems = problems_of(write_book(tmp_path / "bad.xlsx", full_rows()))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("到账", 2, "收据编号")]
    assert "“DP-001”已用过" in problems[0].message()
    assert counts() == before


def test_a_missing_required_column_is_reported_once_not_per_row(db, tmp_path):
    heads = dict(HEAD, 投工=["日期*", "姓名*", "项目名称*", "工种"])
    rows = full_rows()
    rows["投工"] = [["2026-03-21", "钱七", P, "泥工"]] * 30
    problems = problems_of(write_book(tmp_path / "bad.xlsx", rows, heads))
    assert [p.message() for p in problems] == ["投工，第1行，工日：缺少这一列，应在第1行表头写上“工日”"]


def test_every_problem_of_every_sheet_is_listed_in_order(db, tmp_path, capsys):
    rows = full_rows()
    rows["到账"].append(["2026-03-15", "王五", "群众自筹", P, "abc", "", ""])
    rows["到账"].append(["2026/2/30", "", "群众自筹", P, 5, "", ""])
    rows["投工"].append(["2026-03-21", "钱七", "西坡屋场", 0.3, "", ""])
    write_book(tmp_path / "bad.xlsx", rows)
    before = counts()
    code, out, err = run(capsys, "--db", str(db.database), "import", str(tmp_path / "bad.xlsx"))
    assert code == 2
    assert err.splitlines() == [
        "xiumei: bad.xlsx 有 5 处错误，没有导入任何数据：",
        "到账，第4行，金额(元)：“abc”不是金额，应填如 1,234.56、1.2万 或 ¥300",
        "到账，第5行，日期：“2026/2/30”不是一个存在的日期",
        "到账，第5行，姓名/单位：必填，不能为空",
        "投工，第4行，项目名称：找不到屋场“西坡屋场”，应先写在“项目”表里，或已在台账中",
        "投工，第4行，工日：“0.3”不是工日数，应为 0.5 的整数倍，如 0.5、1、1.5",
    ]
    assert out == ""
    assert counts() == before


def test_messages_in_english_with_lang_en(db, tmp_path, capsys):
    rows = full_rows()
    rows["到账"].append(["2026-03-15", "王五", "群众自筹", P, "abc", "", ""])
    write_book(tmp_path / "bad.xlsx", rows)
    code, _, err = run(capsys, "--db", str(db.database), "--lang", "en", "import", str(tmp_path / "bad.xlsx"))
    assert code == 2
    assert err.splitlines() == [
        "xiumei: bad.xlsx has 1 problem; nothing was imported:",
        '到账, row 4, 金额(元): "abc" is not an amount; expected e.g. 1,234.56, 1.2万 or ¥300',
    ]


def test_import_messages_exist_in_both_languages():
    import tracker.cmd_import  # noqa: F401  (registers its messages)
    import tracker.importer.template  # noqa: F401

    missing = i18n.missing_keys()
    assert not {k for side in missing.values() for k in side if k.split(".")[0] in ("import", "template")}


# --- writing, re-import and dry run ---------------------------------------------------------


def test_import_writes_every_sheet_with_an_audit_row_for_each_record(db, tmp_path):
    result = import_workbook(write_book(tmp_path / "ok.xlsx", full_rows()))
    assert {s.sheet: s.added for s in result.sheets} == FULL_COUNTS
    assert (result.new_contributors, result.new_people) == (4, 1)  # 王五 东坡建材公司 县农业农村局 赵六; 钱七
    assert Person.get(Person.name == "钱七").group == "东坡组"  # the project's 组
    audited = {a.record_uuid for a in AuditLog.select().where(AuditLog.action == "create")}
    for model in (m for m in MODELS if m is not AuditLog):
        assert {r.uuid for r in model.select()} <= audited, model
    figures = ledger.summary(pendulum.date(2026, 11, 28)).totals
    assert figures.received.as_dict() == {
        "self_raised": 500000,
        "donation": 0,
        "government": 10000000,
        "collective": 0,
        "total": 10500000,
    }
    assert figures.pledged.total == 500000 + 2000000
    assert (figures.in_kind_fen, figures.spent_fen, figures.labour_half_days) == (120000, 800050, 5)
    assert (figures.milestones_done, figures.milestones_total) == (1, 2)


def test_reimporting_the_same_file_adds_nothing_and_says_what_it_skipped(db, tmp_path, capsys):
    book = write_book(tmp_path / "ok.xlsx", full_rows())
    assert run(capsys, "--db", str(db.database), "import", str(book))[0] == 0
    after_first = counts()
    code, out, _ = run(capsys, "--db", str(db.database), "import", str(book))
    assert code == 0
    assert counts() == after_first
    lines = out.splitlines()
    assert lines[1].split() == ["工作表", "新增", "已有跳过", "更新"]
    table = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[3:10]}
    assert table == {sheet: [0, n, 0] for sheet, n in FULL_COUNTS.items()}
    assert "文件中的数据都已在台账中，没有改动。" in out


def test_identical_rows_are_each_added_once_and_never_again(project, tmp_path):
    row = ["2026-03-21", "钱七", P, 1, "小工", ""]
    book = write_book(tmp_path / "twice.xlsx", {"投工": [row, row]})
    assert import_workbook(book).sheets[0].added == 2
    again = import_workbook(book).sheets[0]
    assert (again.added, again.skipped) == (0, 2)
    assert LabourEntry.select().count() == 2


def test_a_reversed_receipt_is_not_imported_again(db, tmp_path):
    book = write_book(tmp_path / "ok.xlsx", full_rows())
    import_workbook(book)
    records.reverse(Receipt.get(Receipt.voucher == "DP-001"), "录错了", pendulum.date(2026, 3, 11))
    result = import_workbook(book)
    assert result.added == 0
    assert Receipt.select().count() == 3  # the two imported and the reversal


def test_milestone_progress_moves_forward_only(db, tmp_path):
    import_workbook(write_book(tmp_path / "ok.xlsx", full_rows()))

    def reimport(progress, done=None):
        rows = {"节点": [[P, "砌墙", 2, "2026-06-30", done, progress]]}
        result = import_workbook(write_book(tmp_path / f"m{progress}.xlsx", rows)).sheets[0]
        milestone = Milestone.get(Milestone.name == "砌墙")
        return (result.updated, result.skipped), (milestone.progress_pct, milestone.done_date)

    assert reimport(80) == ((1, 0), (80, None))
    assert reimport(30) == ((0, 1), (80, None))  # an older workbook does not roll progress back
    assert reimport(None, "2026-07-01") == ((1, 0), (100, pendulum.date(2026, 7, 1)))
    assert reimport(50) == ((0, 1), (100, pendulum.date(2026, 7, 1)))  # nor reopen a done milestone
    updates = AuditLog.select().where((AuditLog.table == "milestone") & (AuditLog.action == "update"))
    assert updates.count() == 2


def test_dry_run_writes_nothing_and_tells_what_would_be_added(db, tmp_path, capsys):
    book = write_book(tmp_path / "ok.xlsx", full_rows())
    before = counts()
    code, out, _ = run(capsys, "--db", str(db.database), "import", str(book), "--dry-run")
    assert code == 0
    assert counts() == before
    assert out.splitlines()[0] == f"试导入 {book}（未写入任何数据）"
    table = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in out.splitlines()[3:10]}
    assert table == {sheet: [n, 0, 0] for sheet, n in FULL_COUNTS.items()}
    assert "将新建捐助方 4 个、村民 1 人。" in out
    dry = import_workbook(book, dry_run=True)
    real = import_workbook(book)
    assert [(s.sheet, s.added) for s in dry.sheets] == [(s.sheet, s.added) for s in real.sheets]


def test_dry_run_of_a_bad_file_lists_problems_and_exits_2(db, tmp_path, capsys):
    rows = full_rows()
    rows["到账"].append(["2026-03-15", "王五", "群众自筹", P, "abc", "", ""])
    book = write_book(tmp_path / "bad.xlsx", rows)
    code, out, err = run(capsys, "--db", str(db.database), "import", str(book), "--dry-run")
    assert (code, out) == (2, "")
    assert "到账，第4行，金额(元)：" in err


# --- CLI exit codes -------------------------------------------------------------------------


def test_cli_exit_codes(db, tmp_path, capsys):
    database = str(db.database)
    ok = write_book(tmp_path / "ok.xlsx", full_rows())
    assert run(capsys, "--db", database, "import", str(ok))[0] == 0

    code, out, err = run(capsys, "--db", database, "import", str(tmp_path / "none.xlsx"))
    assert (code, out) == (2, "")
    assert err.strip() == f"xiumei: 找不到文件 {tmp_path / 'none.xlsx'}"

    (tmp_path / "text.xlsx").write_text("日期,金额\n", encoding="utf-8")
    (tmp_path / "old.csv").write_text("日期,金额\n", encoding="utf-8")
    for name in ("text.xlsx", "old.csv"):
        code, _, err = run(capsys, "--db", database, "import", str(tmp_path / name))
        assert code == 2
        assert "不是 xlsx 工作簿" in err and "Traceback" not in err

    code, _, err = run(
        capsys, "--db", database, "import", str(write_book(tmp_path / "x.xlsx", {"Sheet1": [[1]]}))
    )
    assert code == 2
    assert "没有可导入的工作表" in err


def test_import_into_a_missing_database_exits_2(tmp_path, capsys):
    book = write_book(tmp_path / "ok.xlsx", full_rows())
    code, _, err = run(capsys, "--db", str(tmp_path / "none.db"), "import", str(book))
    assert code == 2
    assert "找不到数据库文件" in err


# --- the template ---------------------------------------------------------------------------


def test_template_has_headers_dropdowns_formats_and_an_example_row(tmp_path, capsys):
    from openpyxl import load_workbook

    path = tmp_path / "台账模板.xlsx"
    code, out, _ = run(capsys, "template", "-o", str(path))
    assert code == 0 and str(path) in out
    book = load_workbook(path)
    assert book.sheetnames[:8] == ["村民", *HEAD]  # the roster first, then the ledger
    for name, headers in HEAD.items():
        ws = book[name]
        row1 = [c.value for c in ws[1]]
        assert row1[0] == "序号" and set(headers) <= set(row1[1:]), name
        assert ws.freeze_panes == "A2"
        assert ws["A2"].value == "示例"
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1])
        validations = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
        for cell in ws[1]:
            letter = cell.column_letter
            if cell.value.startswith("资金来源"):
                assert validations[f"{letter}2:{letter}1048576"] == '"群众自筹,社会捐赠,项目资金,村集体"'
            if cell.value == "状态":
                assert validations[f"{letter}2:{letter}1048576"] == '"规划,在建,完工,已验收"'
            if "日期" in cell.value:
                assert ws.column_dimensions[letter].number_format == "yyyy-mm-dd"
                assert ws[f"{letter}2"].value is None or ws[f"{letter}2"].is_date
    assert book["到账"]["F1"].value == "金额(元)*"  # the 序号 column first, then as in the issue


def test_template_does_not_overwrite_a_file(tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"filled in")
    code, _, err = run(capsys, "template", "-o", str(path))
    assert code == 2 and "已经存在" in err
    assert path.read_bytes() == b"filled in"
    assert run(capsys, "template", "-o", str(path), "--force")[0] == 0
    assert path.read_bytes()[:2] == b"PK"


def test_the_empty_template_imports_nothing(db, tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    before = counts()
    result = import_workbook(path)
    assert (result.added, sum(s.rows for s in result.sheets), result.ignored_sheets) == (0, 0, [])
    assert counts() == before


def test_template_filled_in_imports_and_the_summary_adds_up(db, tmp_path):
    from openpyxl import load_workbook

    path = write_template(tmp_path / "t.xlsx")
    book = load_workbook(path)
    fill = {
        "村民": [{"姓名": "周三", "组": "南岭组", "户": "南岭组01户", "户主": "是"}],
        "项目": [{"项目名称": "南岭屋场", "所属组": "南岭组", "预算(元)": "15万", "状态": "规划"}],
        "认捐": [
            {
                "日期": dt.datetime(2026, 2, 1),
                "姓名/单位": "周一",
                "资金来源": "群众自筹",
                "项目名称": "南岭屋场",
                "金额(元)": 2000,
            },
            {
                "日期": "2026/2/2",
                "姓名/单位": "南岭商会",
                "资金来源": "社会捐赠",
                "项目名称": "南岭屋场",
                "金额(元)": "3万",
            },
        ],
        "到账": [
            {
                "日期": "2026年3月1日",
                "姓名/单位": "周一",
                "资金来源": "群众自筹",
                "项目名称": "南岭屋场",
                "金额(元)": 1500,
                "收据编号": "NL-1",
            },
            {
                "日期": "2026-03-05",
                "姓名/单位": "镇财政所",
                "资金来源": "项目资金",
                "项目名称": "南岭屋场",
                "金额(元)": 50000.25,
                "收据编号": "NL-2",
            },
        ],
        "筹料": [
            {
                "日期": "2026-03-02",
                "姓名/单位": "周二",
                "项目名称": "南岭屋场",
                "物品": "河沙",
                "数量": 3,
                "单位": "车",
                "折价(元)": 900,
                "资金来源": "群众自筹",
            }
        ],
        "支出": [{"日期": "2026-03-10", "项目名称": "南岭屋场", "事项": "砂石", "金额(元)": "¥4,500"}],
        "投工": [
            {"日期": "2026-03-11", "姓名": "周三", "项目名称": "南岭屋场", "工日": 2},
            {"日期": "2026-03-12", "姓名": "周三", "项目名称": "南岭屋场", "工日": 0.5},
        ],
        "节点": [{"项目名称": "南岭屋场", "节点名称": "清表", "进度(%)": 40}],
    }
    for sheet, rows in fill.items():
        ws = book[sheet]
        headers = [str(c.value).rstrip("*") for c in ws[1]]
        for row in rows:
            ws.append([row.get(h) for h in headers])
    book.save(path)

    result = import_workbook(path)
    assert {s.sheet: s.added for s in result.sheets} == {k: len(v) for k, v in fill.items()}
    assert not Project.select().where(Project.name == "桐梓组秀美屋场").exists()  # the example rows
    assert [(p.name, p.household) for p in Person.select()] == [("周三", "南岭组01户")]  # 投工 found him
    totals = ledger.summary(pendulum.date(2026, 11, 28)).totals
    assert totals.budget_fen == 15000000
    assert totals.pledged.as_dict() == {
        "self_raised": 200000,
        "donation": 3000000,
        "government": 0,
        "collective": 0,
        "total": 3200000,
    }
    assert totals.received.as_dict() == {
        "self_raised": 150000,
        "donation": 0,
        "government": 5000025,
        "collective": 0,
        "total": 5150025,
    }
    assert (totals.in_kind_fen, totals.spent_fen, totals.balance_fen) == (90000, 450000, 5150025 - 450000)
    assert (totals.labour_half_days, totals.labour_entries, totals.labour_value_fen) == (5, 2, 25000)
    assert (totals.milestones_total, totals.progress_pct) == (1, 40)


# --- a workbook of another village, made by hand ------------------------------------------


def cadre_workbook(path: Path) -> Path:
    """青山村's ledger as its cadre typed it: own column order, 序号 and 经手人 columns, dates and
    amounts in every form, a blank row, sheets in their own order, no 筹料 or 节点 sheet."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)

    ws = book.create_sheet("投工")
    ws.append(["序号", "工日", "姓名", "项目名称", "日期", "工种", "经手人"])
    ws.append([1, 1, "刘小河", "青山组屋场", "2026-06-21", "小工", "张会计"])
    ws.append([2, 0.5, "刘大山", "青山组屋场", "2026/6/22", "泥工", "张会计"])
    ws.append([3, "1.5", "李木匠", "竹林组屋场", "2026年7月2日", "木工", ""])

    ws = book.create_sheet("到账")
    ws.append(["序号", "日期", "项目名称", "姓名/单位", "金额", "资金来源", "收据编号", "经手人"])
    ws.append([1, "2026-05-26", "青山组屋场", "刘大山", "1.5万", "社会捐赠", "QS-001", "张会计"])
    ws.append([2, "2026/6/3", "青山组屋场", "刘小河", "¥3,000", "群众自筹", "QS-002", "张会计"])
    ws.append([])
    ws.append([3, "2026年6月10日", "竹林组屋场", "县水利局", 80000, "项目资金", "QS-003", "李主任"])
    ws.append([4, dt.datetime(2026, 6, 15), "竹林组屋场", "竹林合作社", 2500.5, "村集体", None, "李主任"])

    ws = book.create_sheet("支出")
    ws.append(["事项", "金额（元）", "日期", "项目名称", "收款方", "凭证号", "经手人"])
    ws.append(["购买水泥", "1,234.56", "2026-06-20", "青山组屋场", "建材店", "Z-1", "张会计"])
    ws.append(["挖机台班", 6000, dt.datetime(2026, 7, 1), "竹林组屋场", "王师傅", None, "李主任"])

    ws = book.create_sheet("项目")
    ws.append(["序号", "项目名称", "预算（元）", "所属组", "负责人", "状态", "户数", "开工日期"])
    ws.append([1, "青山组屋场", "30万", "青山组", "刘支书", "在建", 28, dt.datetime(2026, 5, 1)])
    ws.append([2, "竹林组屋场", 200000, "竹林组", "李主任", "规划", "16户", "2026/6/1"])

    ws = book.create_sheet("认捐")
    ws.append(["姓名/单位", "日期", "金额（元）", "项目名称", "资金来源", "经手人", "备注"])
    ws.append(["刘大山", dt.datetime(2026, 4, 1), "2万", "青山组屋场", "社会捐赠", "张会计", "在外老板"])
    ws.append(["刘小河", "2026/4/2", 3000, "青山组屋场", "群众自筹", "张会计", None])
    ws.append(["竹林合作社", "2026年4月3日", "¥5,000", "竹林组屋场", "村集体", "", None])

    ws = book.create_sheet("统计")  # the cadre's own sums: not ours, ignored
    ws.append(["合计", 100])
    book.save(path)
    return path


def test_another_villages_workbook_imports_and_its_summary_equals_its_sheets(tmp_path, capsys):
    database = str(tmp_path / "qingshan.db")
    assert run(capsys, "--db", database, "init", "--village", "青山村", "--town", "石门镇")[0] == 0
    book = cadre_workbook(tmp_path / "青山村台账.xlsx")

    code, out, err = run(capsys, "--db", database, "import", str(book))
    assert (code, err) == (0, "")
    assert "“到账”表中未识别的列已忽略：经手人" in out
    assert "未识别的工作表已忽略：统计" in out

    code, out, _ = run(capsys, "--db", database, "summary", "--json")
    assert code == 0
    summary = json.loads(out)
    totals = summary["totals"]
    assert totals["budget_fen"] == 300000_00 + 200000_00
    assert totals["pledged_fen"] == {
        "self_raised": 3000_00,
        "donation": 20000_00,
        "government": 0,
        "collective": 5000_00,
        "total": 28000_00,
    }
    # 1.5万 + ¥3,000 + 80000 + 2500.5
    assert totals["received_fen"] == {
        "self_raised": 3000_00,
        "donation": 15000_00,
        "government": 80000_00,
        "collective": 2500_50,
        "total": 100500_50,
    }
    assert totals["spent_fen"] == 1234_56 + 6000_00
    assert totals["balance_fen"] == 100500_50 - (1234_56 + 6000_00)
    assert totals["in_kind_fen"] == 0
    assert (totals["labour_days"], totals["labour_entries"]) == (3, 3)  # 1 + 0.5 + 1.5
    assert totals["labour_value_fen"] == 3 * 100_00  # the default 100 元 a day
    projects = {p["name"]: p for p in summary["projects"]}
    assert set(projects) == {"青山组屋场", "竹林组屋场"}
    assert projects["竹林组屋场"]["received_fen"]["total"] == 80000_00 + 2500_50
    assert (projects["竹林组屋场"]["households"], projects["竹林组屋场"]["status"]) == (16, "planning")
    assert projects["青山组屋场"]["start_date"] == "2026-05-01"

    code, out, _ = run(capsys, "--db", database, "import", str(book))
    assert code == 0 and "没有改动" in out
    assert json.loads(run(capsys, "--db", database, "summary", "--json")[1])["totals"] == totals


def test_a_project_in_the_ledger_is_found_without_a_project_sheet(project, tmp_path):
    book = write_book(tmp_path / "r.xlsx", {"认捐": full_rows()["认捐"]})
    import_workbook(book)
    assert Pledge.select().where(Pledge.project == project).count() == 2


def test_checking_a_file_costs_the_same_queries_whatever_its_length(db, tmp_path):
    """Duplicates and names are looked up one query per sheet, never one per row."""

    def statements(n: int) -> int:
        rows = full_rows()
        rows["到账"] = [["2026-03-10", f"捐款人{i}", "群众自筹", P, 100 + i, f"V{i}", ""] for i in range(n)]
        rows["投工"] = [["2026-03-21", f"村民{i}", P, 1, "小工", ""] for i in range(n)]
        book = write_book(tmp_path / f"n{n}.xlsx", rows)
        seen: list[str] = []
        db.connection().set_trace_callback(seen.append)
        try:
            import_workbook(book, dry_run=True)
        finally:
            db.connection().set_trace_callback(None)
        return len(seen)

    records.add_project(P, "东坡组")
    assert statements(5) == statements(200)


@pytest.mark.parametrize("name", ["#N/A", 3000])
def test_a_receipt_naming_an_error_value_or_an_amount_exits_2_and_writes_nothing(db, tmp_path, capsys, name):
    rows = full_rows()
    rows["到账"][1][1] = name
    book = write_book(tmp_path / "bad.xlsx", rows)
    before = counts()
    code, out, err = run(capsys, "--db", str(db.database), "import", str(book))
    assert code == 2 and counts() == before
    expected = "单元格显示错误值 #N/A" if name == "#N/A" else "“3000”是数字或金额，不是名字"
    assert f"到账，第3行，姓名/单位：{expected}" in err


def test_an_old_ledger_with_new_contributors_and_year_old_dates_imports_with_its_warnings(
    db, tmp_path, capsys
):
    rows = full_rows()
    rows["认捐"] += [
        [
            f"2025-10-{1 + i:02d}",
            f"乡贤{'甲乙丙丁戊己庚辛'[i]}",
            "社会捐赠",
            rows["项目"][0][0],
            1000,
            None,
            "",
        ]
        for i in range(8)
    ]
    book = write_book(tmp_path / "old.xlsx", rows)
    code, out, err = run(capsys, "--db", str(db.database), "import", "--dry-run", str(book))
    assert (code, err) == (0, "")
    assert "请核对以下" in out and "认捐，第4行，姓名/单位：新建捐助方“乡贤甲”" in out
    assert "认捐，第4行，日期：日期 2025-10-01 离今天超过 60 天，年份或月份是否输错了？" in out
    code, out, _ = run(capsys, "--db", str(db.database), "import", str(book))
    assert code == 0 and Pledge.select().count() == 10 and "请核对以下" in out
