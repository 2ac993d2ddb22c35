"""The 公示: every item of the period, totals that match the items, the 公示期, no phone numbers."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pendulum
import pytest
from conftest import assert_no_phone_number

from models import close_database
from tracker import listings, money, records
from tracker.cli import main
from tracker.errors import UserError
from tracker.reports import notice_xlsx, resolve_project
from tracker.reports.notice_data import build
from tracker.reports.notice_html import render_html
from tracker.reports.notice_text import render_text

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("XIUMEI_UPDATE_GOLDEN") == "1"
YEAR_FROM, YEAR_TO = pendulum.date(2026, 1, 1), pendulum.date(2026, 11, 28)


@pytest.fixture
def demo_file(demo_db, db_path):
    close_database()
    return db_path


def d(text: str) -> pendulum.Date:
    return pendulum.parse(text).date()


# --- the period and the 公示期 ------------------------------------------------------------------------


def test_default_period_is_this_month_to_today_posted_for_seven_days(demo_db):
    data = build()
    assert (data.date_from, data.date_to) == (d("2026-11-01"), d("2026-11-28"))
    assert (data.posted_from, data.posted_to) == (d("2026-11-28"), d("2026-12-04"))
    assert data.posting_line == "公示期：2026年11月28日至2026年12月4日（共7天）"
    assert "2026年11月1日至2026年11月28日" in data.content_line


def test_from_alone_runs_to_today_and_to_alone_starts_that_month(demo_db):
    assert (build(d("2026-10-15")).date_from, build(d("2026-10-15")).date_to) == (
        d("2026-10-15"),
        d("2026-11-28"),
    )
    data = build(None, d("2026-10-31"))
    assert (data.date_from, data.date_to) == (d("2026-10-01"), d("2026-10-31"))
    # A past period is posted from today, not from its end.
    assert data.posted_from == d("2026-11-28")


def test_days_sets_the_posting_period(demo_db):
    data = build(days=10)
    assert data.posted_to == d("2026-12-07")
    assert "（共10天）" in data.posting_line


def test_start_after_end_is_refused(demo_db):
    with pytest.raises(UserError) as err:
        build(d("2026-12-01"), d("2026-11-01"))
    assert "2026-12-01" in err.value.message() and "2026-11-01" in err.value.message()


# --- items and totals -------------------------------------------------------------------------------


def test_every_item_of_the_period_is_listed_and_nothing_outside_it(demo_db):
    html = render_html(build())  # November: two 群众自筹 receipts of 枫树湾 and one expense
    assert "彭辉秀" in html and "李志兰" in html and "规划设计费" in html
    assert "梁湘江" not in html  # paid in April
    assert "古树保护围栏" not in html


def test_html_notice_lists_every_live_receipt_gift_and_expense_of_the_year(demo_db):
    data = build(YEAR_FROM, YEAR_TO)
    html = render_html(data)
    for kind in ("receipt", "in_kind", "expense"):
        rows = listings.money_rows(kind, as_of=YEAR_TO, date_from=YEAR_FROM, live_only=True)
        assert rows
        for r in rows:
            assert (r.item if kind == "expense" else r.contributor) in html
            assert money.format_yuan(r.amount_fen, symbol=False) in html
            if kind == "in_kind":
                assert r.item in html
    for donor in ("梁湘江", "涟源市湘中建材有限公司", "娄底市发展和改革委员会", "桐柏村村集体"):
        assert donor in html
    assert "其他" not in html
    assert "公示期：2026年11月28日至2026年12月4日" in html


def test_section_totals_equal_the_items_shown_and_money_total(demo_db):
    data = build(YEAR_FROM, YEAR_TO)
    for section in data.sections:
        shown = sum(r.amount_fen for r in section.items)
        expected = listings.money_total(section.kind, as_of=YEAR_TO, date_from=YEAR_FROM, live_only=True)
        assert section.total_fen == shown == expected
        total_row = section.table.rows[-1]
        assert total_row.values[section.table.index("amount")] == expected
    receipts = data.sections[0]
    assert len(receipts.items) == listings.count_money_rows(
        "receipt", as_of=YEAR_TO, date_from=YEAR_FROM, live_only=True
    )


def test_reversed_entry_and_its_reversal_are_left_out_with_a_correction_line(demo_db):
    data = build(YEAR_FROM, YEAR_TO)
    receipts = data.sections[0]
    assert all(r.voucher != "TB2026-W1" for r in receipts.items)
    assert all(r.amount_fen > 0 for r in receipts.items)
    assert len(receipts.corrections) == 1
    line = receipts.corrections[0]
    assert "2026年5月8日" in line and "涟源市湘中建材有限公司" in line and "¥3,000.00" in line
    assert "重复录入：已于5月6日入账" in line
    html = render_html(data)
    assert "本期冲销1笔录入错误" in html and "TB2026-W1" not in html


def test_reversal_of_an_entry_posted_in_an_earlier_period_is_stated(db):
    project = records.add_project("一组屋场", "一组")
    donor = records.add_contributor("王大明", "person")
    wrong = records.add_receipt(project, donor, "self_raised", 50_000, d("2026-10-10"), voucher="X1")
    records.reverse(wrong, "金额录错", d("2026-11-05"))
    records.add_receipt(project, donor, "self_raised", 5_000, d("2026-11-05"), voucher="X1")
    october = build(d("2026-10-01"), d("2026-10-31"))
    # Built today, October no longer shows the wrong entry.
    assert october.sections[0].items == [] and october.sections[0].total_fen == 0
    november = build()
    receipts = november.sections[0]
    assert [r.amount_fen for r in receipts.items] == [5_000]
    assert receipts.total_fen == 5_000
    assert receipts.corrections == ["2026年11月5日冲销：王大明（群众自筹）¥500.00，原因：金额录错"]


def test_receipts_are_grouped_by_source(demo_db):
    sources = [r.source for r in build(YEAR_FROM, YEAR_TO).sections[0].items]
    order = ["self_raised", "donation", "government", "collective"]
    assert sources == sorted(sources, key=order.index)


def test_one_project(demo_db):
    project = resolve_project("枫树湾屋场")
    data = build(YEAR_FROM, YEAR_TO, project=project)
    assert data.title == "桐柏村枫树湾屋场资金收支公示"
    assert {r.project for s in data.sections for r in s.items} == {"枫树湾屋场"}


def test_empty_sections_say_so(demo_db):
    html = render_html(build())  # no in-kind gift in November
    assert "二、捐赠物资（0笔）" in html and "本期无。" in html


# --- no phone numbers -------------------------------------------------------------------------------


def test_no_phone_number_in_any_format(demo_db, tmp_path):
    person = records.add_person("电话测试", "桐梓组", phone="13907389999")
    donor = records.add_contributor("电话测试", "person", person=person, phone="13907388888")
    project = resolve_project("桐梓组秀美屋场")
    from models import Project

    records.add_receipt(
        Project.get_by_id(project[0]), donor, "donation", 50_000_000, d("2026-11-20"), voucher="P1"
    )  # large enough to be named in the short text too
    data = build(YEAR_FROM, YEAR_TO)
    texts = [render_html(data), render_text(data)]
    wb = openpyxl.load_workbook(notice_xlsx.write_xlsx(data, tmp_path / "n.xlsx"))
    texts.append("\n".join(str(v) for row in wb.active.iter_rows(values_only=True) for v in row if v))
    for text in texts:
        assert "电话测试" in text and "梁湘江" in text  # givers with a phone of their own
        assert_no_phone_number(text)


# --- xlsx and text ----------------------------------------------------------------------------------


def test_xlsx_notice_has_numeric_totals_and_prints_on_a4_portrait(demo_db, tmp_path):
    data = build(YEAR_FROM, YEAR_TO)
    ws = openpyxl.load_workbook(notice_xlsx.write_xlsx(data, tmp_path / "n.xlsx")).active
    assert ws["A1"].value == "桐柏村秀美屋场资金收支公示"
    values = [row for row in ws.iter_rows(values_only=True)]
    flat = [v for row in values for v in row if v is not None]
    assert "公示期：2026年11月28日至2026年12月4日（共7天）" in flat
    totals = [row for row in values if isinstance(row[2], str) and row[2].startswith("合计（")]
    assert len(totals) == 3
    for row, section in zip(totals, data.sections, strict=True):
        assert Decimal(str(row[5])) == money.to_yuan_decimal(section.total_fen)
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToWidth == 1
    assert int(ws.page_setup.paperSize) == 9


def test_text_for_wechat_golden(demo_db):
    text = render_text(build(d("2026-03-01"), YEAR_TO))
    assert "公示期：2026年11月28日至2026年12月4日" in text and "村委会" in text
    assert "另有34笔" in text  # 44 receipts: the ten largest are named
    assert "梁湘江 社会捐赠 ¥100,000.00" in text
    assert len(text.splitlines()) < 40
    path = GOLDEN / "notice.txt"
    if UPDATE_GOLDEN:
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8").replace("\r\n", "\n")


def test_english_notice(demo_db):
    data = build(YEAR_FROM, YEAR_TO, lang="en")
    html = render_html(data)
    assert "Posted from 2026-11-28 to 2026-12-04 (7 days)" in html
    assert "1. Money received (44 items)" in html and "Self-raised" in html
    assert "公示" not in html and "合计" not in html
    assert "Corrections in this period: 1" in render_text(data)


# --- CLI --------------------------------------------------------------------------------------------


def test_cli_text_prints_to_stdout(demo_file, demo_phones, capsys):
    assert main(["--db", str(demo_file), "notice", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("【村务公开】桐柏村秀美屋场资金收支公示")
    assert "彭辉秀" in out
    assert_no_phone_number(out, demo_phones)


@pytest.mark.parametrize("fmt", ["html", "xlsx", "text"])
def test_cli_writes_default_file(demo_file, tmp_path, monkeypatch, capsys, fmt):
    monkeypatch.chdir(tmp_path)
    args = ["--db", str(demo_file), "notice", "--from", "2026-03-01", "--format", fmt]
    if fmt == "text":
        args += ["-o", str(tmp_path / "公示.txt")]
    assert main(args) == 0
    name = "公示.txt" if fmt == "text" else f"桐柏村公示_2026-03-01至2026-11-28.{fmt}"
    assert (tmp_path / name).exists()
    assert str(tmp_path / name) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--from", "2026-13-01"], "--from"),
        (["--to", "明天"], "--to"),
        (["--from", "2026-12-01", "--to", "2026-11-01"], "2026-12-01"),
        (["--project", "白马屋场"], "白马屋场"),
        (["--days", "0"], "--days"),
        (["--format", "pdf"], "pdf"),
    ],
)
def test_cli_bad_input_exits_2(demo_file, capsys, args, needle):
    assert main(["--db", str(demo_file), "notice", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
