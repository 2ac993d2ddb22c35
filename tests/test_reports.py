"""The progress report: xlsx read back and checked against the ledger, csv/md golden files, html.

Golden files are the demo village as of 2026-11-28. After a deliberate change to a report,
regenerate them with ``XIUMEI_UPDATE_GOLDEN=1 pytest tests/test_reports.py tests/test_notice.py``
and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pendulum
import pytest
from conftest import assert_no_phone_number
from openpyxl.utils import get_column_letter

from models import close_database, open_database
from tracker import i18n, ledger, listings, records
from tracker.cli import main
from tracker.exports import write_report
from tracker.money import to_yuan_decimal
from tracker.reports import build, resolve_project
from tracker.reports.report_csv import file_names
from tracker.text_table import width

AS_OF = pendulum.date(2026, 11, 28)
GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("XIUMEI_UPDATE_GOLDEN") == "1"
SOURCE_NAMES = {
    "self_raised": "群众自筹",
    "donation": "社会捐赠",
    "government": "项目资金",
    "collective": "村集体",
}


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME (line ends aside: git may change them on Windows)."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}; run with XIUMEI_UPDATE_GOLDEN=1 and check it"
    expected = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert text.replace("\r\n", "\n") == expected


def dec(value) -> Decimal:
    """A number read back from a cell, as Decimal (openpyxl gives int or float)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(str(value))


@pytest.fixture(scope="module")
def report_xlsx(demo_template, tmp_path_factory) -> Path:
    """The demo's xlsx report, written once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("report")
    shutil.copyfile(demo_template, folder / "demo.db")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XIUMEI_TODAY", AS_OF.isoformat())  # the report's 填报日期
        open_database(folder / "demo.db")
        try:
            return write_report(build(AS_OF), "xlsx", folder / "report.xlsx")
        finally:
            close_database()


@pytest.fixture
def workbook(report_xlsx, demo_db):
    return openpyxl.load_workbook(report_xlsx)


def header_map(ws, top: int, levels: int = 2) -> dict[tuple[str, str], int]:
    """(group, label) -> column number, reading a two-level header; merged group cells carry over."""
    columns, group = {}, ""
    for c in range(1, ws.max_column + 1):
        upper = ws.cell(row=top, column=c).value
        lower = ws.cell(row=top + 1, column=c).value if levels == 2 else None
        if upper:
            group = upper
        if lower:
            columns[(group, lower)] = c
        elif upper:
            columns[("", upper)] = c
            group = ""
    return columns


def find_row(ws, column: int, value: str) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=column).value == value:
            return r
    raise AssertionError(f"{value!r} not found in column {column}")


def expected_cells(fig: ledger.Figures) -> dict[tuple[str, str], object]:
    """What the town's form should hold for one project or the totals, straight from the ledger."""
    cells: dict[tuple[str, str], object] = {
        ("", "预算"): to_yuan_decimal(fig.budget_fen),
        ("", "到位合计"): to_yuan_decimal(fig.received.total),
        ("", "筹料折价"): to_yuan_decimal(fig.in_kind_fen),
        ("", "已支出"): to_yuan_decimal(fig.spent_fen),
        ("", "结余"): to_yuan_decimal(fig.balance_fen),
        ("投工", "人次"): Decimal(fig.labour_entries),
        ("投工", "工日"): fig.labour_days,
        ("投工", "折资"): to_yuan_decimal(fig.labour_value_fen),
        ("", "形象进度"): fig.progress_pct / 100,
        ("节点", "完成"): Decimal(fig.milestones_done),
        ("节点", "总数"): Decimal(fig.milestones_total),
        ("节点", "逾期"): Decimal(fig.milestones_overdue),
        ("", "到位率"): fig.received_rate_pct / 100,
    }
    for source, name in SOURCE_NAMES.items():
        cells[(name, "认捐")] = to_yuan_decimal(fig.pledged.get(source))
        cells[(name, "到位")] = to_yuan_decimal(fig.received.get(source))
    return cells


# --- xlsx: 进度汇总 --------------------------------------------------------------------------------


def test_progress_sheet_holds_the_ledgers_figures_for_every_project_and_the_total(workbook):
    ws = workbook["进度汇总"]
    cols = header_map(ws, 3)
    summary = ledger.summary(AS_OF)
    assert len(summary.projects) == 2
    rows = [(p, find_row(ws, cols[("", "屋场名称")], p.name)) for p in summary.projects]
    rows.append((summary.totals, find_row(ws, cols[("", "屋场名称")], "合计")))
    for fig, r in rows:
        for key, expected in expected_cells(fig).items():
            got = ws.cell(row=r, column=cols[key]).value
            assert dec(got) == expected, (getattr(fig, "name", "合计"), key, got, expected)
    # Every figure row, and nothing else, lies between the header and the footer.
    assert rows[-1][1] == 5 + len(summary.projects)


def test_progress_rows_name_the_project_its_dates_status_leader_and_issues(workbook):
    ws = workbook["进度汇总"]
    cols = header_map(ws, 3)
    summary = ledger.summary(AS_OF)
    main_project = summary.projects[0]
    r = find_row(ws, cols[("", "屋场名称")], main_project.name)
    assert ws.cell(row=r, column=cols[("", "序号")]).value == 1
    assert ws.cell(row=r, column=cols[("", "所属组")]).value == "桐梓组"
    assert ws.cell(row=r, column=cols[("", "户数")]).value == 37
    assert ws.cell(row=r, column=cols[("", "状态")]).value == "在建"
    assert ws.cell(row=r, column=cols[("", "负责人")]).value == "梁旦"
    start = ws.cell(row=r, column=cols[("", "开工日期")])
    assert start.is_date and start.value.date() == dt.date(2026, 3, 1)
    end = ws.cell(row=r, column=cols[("", "计划完工")])
    assert end.is_date and end.value.date() == dt.date(2026, 12, 31)
    issues = ws.cell(row=r, column=cols[("", "存在问题")]).value
    attention = [a for a in ledger.attention(AS_OF) if a.project_id == main_project.id]
    assert attention, "the demo has overdue milestones and late pledges"
    for item in attention:
        assert item.subject in issues
    assert "五小建设" in issues and "逾期" in issues
    second = find_row(ws, cols[("", "屋场名称")], summary.projects[1].name)
    assert "支出超过到位资金¥4,000.00" in ws.cell(row=second, column=cols[("", "存在问题")]).value


def test_progress_sheet_has_title_as_of_date_and_footer(workbook):
    ws = workbook["进度汇总"]
    # The title starts right of the columns repeated on the second printed page.
    assert ws["C1"].value == "涟源市白马镇桐柏村秀美屋场建设进度汇总表"
    assert ws["C1"].font.bold
    assert "截至2026年11月28日" in ws["C2"].value and "金额单位：元" in ws["C2"].value
    texts = [c.value for row in ws.iter_rows(min_row=8) for c in row if isinstance(c.value, str)]
    assert "填报单位：桐柏村" in texts
    assert "填报人：梁旦" in texts
    assert "填报日期：2026年11月28日" in texts
    # Two-level header: 群众自筹 spans its 认捐 and 到位 columns.
    merged = {str(m) for m in ws.merged_cells.ranges}
    cols = header_map(ws, 3)
    first = cols[("群众自筹", "认捐")]
    assert (
        f"{ws.cell(row=3, column=first).coordinate}:{ws.cell(row=3, column=first + 1).coordinate}" in merged
    )
    assert "A3:A4" in merged  # 序号 spans both header rows


def test_cells_are_numbers_dates_and_percents_with_formats(workbook):
    ws = workbook["进度汇总"]
    cols = header_map(ws, 3)
    for r in (5, 6, 7):
        for key in [("", "预算"), ("群众自筹", "到位"), ("", "结余"), ("投工", "折资")]:
            cell = ws.cell(row=r, column=cols[key])
            assert cell.data_type == "n" and cell.number_format == "#,##0.00"
        rate = ws.cell(row=r, column=cols[("", "到位率")])
        assert rate.data_type == "n" and rate.number_format == "0.0%"
    for name in ("资金明细", "支出明细", "投工明细"):
        sheet = workbook[name]
        date_cell = sheet.cell(row=4, column=header_map(sheet, 3, 1)[("", "日期")])
        assert date_cell.is_date, name
        assert isinstance(date_cell.value, dt.datetime)
    money = workbook["资金明细"]
    amount = money.cell(row=4, column=header_map(money, 3, 1)[("", "金额（元）")])
    assert amount.data_type == "n" and amount.number_format == "#,##0.00"


def test_headers_frozen_and_a4_landscape_print_settings(workbook):
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToHeight == 0
    progress = workbook["进度汇总"]
    assert progress.freeze_panes == "C5"
    assert progress.print_title_rows == "$1:$4"
    # Thirty columns: two pages wide, 序号 and 屋场名称 repeated on the second.
    assert progress.page_setup.fitToWidth == 2 and progress.print_title_cols == "$A:$B"
    for name in ("资金明细", "支出明细", "投工明细", "节点进度"):
        assert workbook[name].freeze_panes == "A4"
        assert workbook[name].print_title_rows == "$1:$3"
        assert workbook[name].page_setup.fitToWidth == 1
    assert workbook.sheetnames == ["进度汇总", "资金明细", "支出明细", "投工明细", "节点进度", "图表"]


def test_columns_are_wide_enough_for_chinese_text(workbook):
    ws = workbook["进度汇总"]
    cols = header_map(ws, 3)
    letter = get_column_letter(cols[("", "屋场名称")])
    assert ws.column_dimensions[letter].width >= width("桐梓组秀美屋场")  # 14: CJK counts 2
    money = workbook["资金明细"]
    name_col = get_column_letter(header_map(money, 3, 1)[("", "姓名/单位")])
    assert money.column_dimensions[name_col].width >= width("娄底市发展和改革委员会")


# --- xlsx: detail sheets ----------------------------------------------------------------------------


def sheet_rows(ws, key: str) -> list[dict[str, object]]:
    """Data rows of a detail sheet as dicts keyed by header label (title 1, subtitle 2, header 3)."""
    cols = {label: c for (_, label), c in header_map(ws, 3, 1).items()}
    return [
        {label: ws.cell(row=r, column=c).value for label, c in cols.items()} for r in range(4, ws.max_row + 1)
    ]


def test_funds_sheet_lists_every_pledge_receipt_and_gift_with_totals(workbook):
    rows = sheet_rows(workbook["资金明细"], "资金明细")
    for kind, name in (("pledge", "认捐"), ("receipt", "到账"), ("in_kind", "筹料")):
        entries = [r for r in rows if r["类别"] == name]
        assert len(entries) == listings.count_money_rows(kind, as_of=AS_OF)
        total_row = next(r for r in rows if r["类别"] == f"{name}合计")
        assert dec(total_row["金额（元）"]) == to_yuan_decimal(listings.money_total(kind, as_of=AS_OF))
    seqs = [r["序号"] for r in rows if r["序号"] is not None]
    assert seqs == list(range(1, len(seqs) + 1))
    donation = next(r for r in rows if r["收据编号"] == "TB2026-100")
    assert donation["姓名/单位"] == "梁湘江" and donation["资金来源"] == "社会捐赠"
    assert dec(donation["金额（元）"]) == Decimal("100000")
    gift = next(r for r in rows if r["物品/事项"] == "青石板")
    assert gift["数量"] == "60" and gift["单位"] == "平方米"


def test_funds_sheet_shows_the_reversal_and_marks_the_original(workbook):
    rows = sheet_rows(workbook["资金明细"], "资金明细")
    original = next(r for r in rows if r["收据编号"] == "TB2026-W1")
    reversal = next(r for r in rows if r["冲销"] and str(r["冲销"]).startswith("冲销序号"))
    assert original["冲销"] == f"已冲销（见序号{reversal['序号']}）"
    assert reversal["冲销"] == f"冲销序号{original['序号']}：重复录入：已于5月6日入账"
    assert dec(reversal["金额（元）"]) == -dec(original["金额（元）"]) == Decimal("-3000")
    ws = workbook["资金明细"]
    cols = header_map(ws, 3, 1)
    r = find_row(ws, cols[("", "收据编号")], "TB2026-W1")
    assert ws.cell(row=r, column=cols[("", "姓名/单位")]).font.strike


def test_expense_labour_and_milestone_sheets_list_every_entry(workbook):
    expenses = sheet_rows(workbook["支出明细"], "支出明细")
    entries = [r for r in expenses if r["序号"] is not None]
    assert len(entries) == listings.count_money_rows("expense", as_of=AS_OF)
    assert {r["事项"] for r in entries} >= {"古树保护围栏", "道路硬化（一期）", "规划设计费"}
    total = next(r for r in expenses if r["事项"] == "合计")
    assert dec(total["金额（元）"]) == to_yuan_decimal(listings.money_total("expense", as_of=AS_OF))

    labour = sheet_rows(workbook["投工明细"], "投工明细")
    worked = [r for r in labour if r["序号"] is not None]
    assert len(worked) == listings.count_labour_rows(as_of=AS_OF)
    total = next(r for r in labour if r["姓名"] == "合计")
    assert dec(total["工日"]) == ledger.summary(AS_OF).totals.labour_days

    milestones = sheet_rows(workbook["节点进度"], "节点进度")
    listed = [r for r in milestones if r["序号"] is not None]
    assert len(listed) == len(listings.milestone_rows(AS_OF))
    late = next(r for r in listed if r["节点"] == "五小建设")
    assert late["逾期"] == "逾期" and dec(late["进度"]) == Decimal("0.8")


def test_as_of_leaves_out_later_records(demo_db, tmp_path):
    as_of = pendulum.date(2026, 5, 1)
    wb = openpyxl.load_workbook(write_report(build(as_of), "xlsx", tmp_path / "may.xlsx"))
    assert "截至2026年5月1日" in wb["进度汇总"]["C2"].value
    rows = sheet_rows(wb["资金明细"], "资金明细")
    assert len([r for r in rows if r["类别"] == "到账"]) == listings.count_money_rows("receipt", as_of=as_of)
    assert all(r["日期"] is None or r["日期"].date() <= dt.date(2026, 5, 1) for r in rows)
    ws = wb["进度汇总"]
    cols = header_map(ws, 3)
    r = find_row(ws, cols[("", "屋场名称")], "合计")
    assert dec(ws.cell(row=r, column=cols[("", "到位合计")]).value) == to_yuan_decimal(
        ledger.summary(as_of).totals.received.total
    )


def test_one_project_report(demo_db, tmp_path):
    project = resolve_project("枫树湾屋场")
    wb = openpyxl.load_workbook(write_report(build(AS_OF, project=project), "xlsx", tmp_path / "one.xlsx"))
    ws = wb["进度汇总"]
    cols = header_map(ws, 3)
    names = [ws.cell(row=r, column=cols[("", "屋场名称")]).value for r in range(5, 7)]
    assert names == ["枫树湾屋场", "合计"]
    assert "屋场：枫树湾屋场" in ws["C2"].value
    fig = ledger.summary(AS_OF, project[0]).projects[0]
    assert dec(ws.cell(row=6, column=cols[("", "已支出")]).value) == to_yuan_decimal(fig.spent_fen)
    rows = sheet_rows(wb["资金明细"], "资金明细")
    assert {r["屋场"] for r in rows if r["屋场"]} == {"枫树湾屋场"}


def test_unknown_project_names_it_and_lists_known_ones(demo_db):
    from tracker.errors import UserError

    with pytest.raises(UserError) as err:
        resolve_project("白马屋场")
    assert "白马屋场" in err.value.message()
    assert "桐梓组秀美屋场" in err.value.message() and "枫树湾屋场" in err.value.message()


def test_english_labels(demo_db, tmp_path):
    wb = openpyxl.load_workbook(write_report(build(AS_OF, lang="en"), "xlsx", tmp_path / "en.xlsx"))
    assert wb.sheetnames == ["Progress", "Funds", "Expenses", "Labour", "Milestones", "Charts"]
    ws = wb["Progress"]
    assert "As of 2026-11-28" in ws["C2"].value
    headers = {v for row in ws.iter_rows(min_row=3, max_row=4, values_only=True) for v in row if v}
    assert {"Budget", "Self-raised", "Pledged", "Received", "Issues"} <= headers
    assert not any("\u4e00" <= ch <= "\u9fff" for h in headers for ch in h)  # no Chinese label left
    assert ws.cell(row=5, column=2).value == "桐梓组秀美屋场"  # data stays as typed
    missing = i18n.missing_keys()
    assert not {
        k for side in missing.values() for k in side if k.startswith(("report.", "notice.", "receipt."))
    }


# --- csv and md ------------------------------------------------------------------------------------


def test_csv_golden_files(demo_db, tmp_path):
    folder = write_report(build(AS_OF), "csv", tmp_path / "csv")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["1-进度汇总.csv", "2-资金明细.csv", "3-支出明细.csv", "4-投工明细.csv", "5-节点进度.csv"]
    for name in names:
        raw = (folder / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name} needs a BOM for Excel"
        text = raw.decode("utf-8-sig")
        assert_no_phone_number(text)
        check_golden(f"csv/{name}", text)


def test_csv_zip_and_stem_layouts(demo_db, tmp_path):
    data = build(AS_OF)
    zpath = write_report(data, "csv", tmp_path / "out" / "报表.zip")
    with zipfile.ZipFile(zpath) as zf:
        assert zf.namelist() == file_names(data)
        progress = zf.read("1-进度汇总.csv")
    assert progress.startswith(b"\xef\xbb\xbf")
    assert progress == (write_report(data, "csv", tmp_path / "dir") / "1-进度汇总.csv").read_bytes()
    write_report(data, "csv", tmp_path / "stem" / "周报.csv")
    assert sorted(p.name for p in (tmp_path / "stem").iterdir())[0] == "周报-投工明细.csv"
    assert (tmp_path / "stem" / "周报-进度汇总.csv").exists()


def test_csv_amounts_read_as_numbers(demo_db, tmp_path):
    import csv

    folder = write_report(build(AS_OF), "csv", tmp_path / "csv")
    with (folder / "1-进度汇总.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    total = next(r for r in rows if r["屋场名称"] == "合计")
    assert Decimal(total["到位合计"]) == to_yuan_decimal(ledger.summary(AS_OF).totals.received.total)
    assert total["群众自筹（认捐）"] == "132000.00"


def test_md_golden_file(demo_db, tmp_path):
    path = write_report(build(AS_OF), "md", tmp_path / "report.md")
    text = path.read_text(encoding="utf-8")
    assert_no_phone_number(text)
    assert "| **合计** |" in text
    check_golden("report.md", text)


# --- html -----------------------------------------------------------------------------------------


def test_html_report_lists_every_item_and_no_phone_number(demo_db, tmp_path):
    html = write_report(build(AS_OF), "html", tmp_path / "r.html").read_text(encoding="utf-8")
    for kind in ("pledge", "receipt", "in_kind"):
        for row in listings.money_rows(kind, as_of=AS_OF):
            assert row.contributor in html
    for row in listings.money_rows("expense", as_of=AS_OF):
        assert row.item in html
    for row in listings.labour_rows(as_of=AS_OF):
        assert row.person in html
    for m in listings.milestone_rows(AS_OF):
        assert m.name in html
    assert_no_phone_number(html)
    assert "涟源市白马镇桐柏村秀美屋场建设进度汇总表" in html and "填报人：梁旦" in html


def test_html_report_is_self_contained_and_prints_on_a4_landscape(demo_db, tmp_path):
    html = write_report(build(AS_OF), "html", tmp_path / "r.html").read_text(encoding="utf-8")
    assert "size: A4 landscape" in html
    assert "<thead>" in html and "display: table-header-group" in html
    assert "page-break-before: always" in html
    assert '"Noto Sans CJK SC"' in html and '"Microsoft YaHei"' in html
    for needle in ("http://", "https://", "<script", "<link", "<img", "url(", "@import", "@font-face"):
        assert needle not in html


def test_html_escapes_what_people_typed(db, tmp_path):
    project = records.add_project("<b>新屋场</b>", "一组", budget_fen=100_000)
    donor = records.add_contributor("<script>alert(1)</script>建材", "enterprise")
    records.add_receipt(project, donor, "donation", 50_000, pendulum.date(2026, 11, 1), voucher="A&B")
    html = write_report(build(AS_OF), "html", tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>新屋场" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;建材" in html
    assert "A&amp;B" in html


def test_empty_village_report_writes_every_format(db, tmp_path):
    data = build(AS_OF)
    for fmt in ("xlsx", "html", "csv", "md"):
        assert write_report(data, fmt, tmp_path / f"empty.{'zip' if fmt == 'csv' else fmt}").exists()
    wb = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    assert wb["进度汇总"]["C1"].value == "测试县测试镇测试村秀美屋场建设进度汇总表"


def test_no_phone_number_anywhere_in_the_workbook(workbook):
    cells = [str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert "梁湘江" in cells and "涟源市湘中建材有限公司" in cells  # the givers with a phone are listed
    assert_no_phone_number("\n".join(cells))


# --- CLI ------------------------------------------------------------------------------------------


@pytest.fixture
def demo_file(demo_db, db_path):
    """The demo database's path, closed so that the CLI opens it as a user would."""

    close_database()
    return db_path


def test_cli_report_writes_the_default_file_in_the_current_folder(demo_file, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(demo_file), "report"]) == 0
    expected = tmp_path / "桐柏村进度汇总_2026-11-28.xlsx"
    assert expected.exists()
    assert str(expected) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("fmt", "name"), [("html", "r.html"), ("md", "r.md"), ("csv", "r.zip"), ("xlsx", "r")]
)
def test_cli_report_formats(demo_file, tmp_path, capsys, fmt, name):
    assert main(["--db", str(demo_file), "report", "--format", fmt, "-o", str(tmp_path / name)]) == 0
    written = tmp_path / (name if fmt != "xlsx" else "r.xlsx")
    assert written.exists()
    assert f"已写入：{written}" in capsys.readouterr().out


def test_cli_report_as_of_and_project(demo_file, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    code = main(
        [
            "--db",
            str(demo_file),
            "report",
            "--as-of",
            "2026/5/1",
            "--project",
            "桐梓组秀美屋场",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    ws = openpyxl.load_workbook(out)["进度汇总"]
    assert "截至2026年5月1日" in ws["C2"].value and ws["B5"].value == "桐梓组秀美屋场"
    assert ws["B6"].value == "合计"


def test_cli_unknown_project_exits_2_naming_it(demo_file, tmp_path, capsys):
    code = main(["--db", str(demo_file), "report", "--project", "白马屋场", "-o", str(tmp_path / "x.xlsx")])
    assert code == 2
    err = capsys.readouterr().err
    assert "白马屋场" in err and "桐梓组秀美屋场" in err and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_bad_date_exits_2(demo_file, tmp_path, capsys):
    assert (
        main(["--db", str(demo_file), "report", "--as-of", "2026-02-30", "-o", str(tmp_path / "x.xlsx")]) == 2
    )
    assert "--as-of" in capsys.readouterr().err


def test_cli_bad_format_exits_2(demo_file, capsys):
    assert main(["--db", str(demo_file), "report", "--format", "pdf"]) == 2


def test_cli_english(demo_file, tmp_path, capsys):
    out = tmp_path / "r.md"
    assert main(["--db", str(demo_file), "--lang", "en", "report", "--format", "md", "-o", str(out)]) == 0
    assert f"Written: {out}" in capsys.readouterr().out
    assert "## Progress" in out.read_text(encoding="utf-8")
    assert main(["--db", str(demo_file), "--lang", "en", "report", "--project", "X"]) == 2
    assert 'There is no project called "X"' in capsys.readouterr().err


def test_cli_cannot_write_exits_2(demo_file, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["--db", str(demo_file), "report", "-o", str(blocker / "r.xlsx")]) == 2
    assert "无法写入" in capsys.readouterr().err
