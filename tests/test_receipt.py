"""The printable 收款收据: found by voucher, amount in figures and capitals, reversals marked."""

from __future__ import annotations

import pendulum
import pytest
from conftest import assert_no_phone_number

from models import close_database
from tracker import listings, records
from tracker.cli import main
from tracker.errors import UserError
from tracker.reports import receipt_html


@pytest.fixture
def demo_file(demo_db, db_path):
    close_database()
    return db_path


def html_of(voucher: str, lang: str | None = None) -> str:
    return receipt_html.render(receipt_html.find(voucher, lang=lang))


def test_receipt_shows_payer_project_source_and_the_amount_in_figures_and_capitals(demo_db):
    html = html_of("TB2026-100")
    assert "人民币壹拾万元整" in html
    assert "¥100,000.00" in html
    for text in ("梁湘江", "桐梓组秀美屋场", "社会捐赠", "TB2026-100", "2026年4月8日", "桐柏村村民委员会"):
        assert text in html
    assert "收款人：梁旦" in html  # the cadre
    assert "盖章处" in html
    assert "第一联　存根" in html and "第二联　收据（交付款人）" in html
    assert html.count("人民币壹拾万元整") == 2  # two copies on the page
    assert "已冲销" not in html


def test_no_receipt_shows_a_phone_number(demo_db):
    vouchers = {row.voucher for row in listings.money_rows("receipt") if row.voucher}
    shown = {voucher: html_of(voucher) for voucher in sorted(vouchers)}
    # the givers with a phone of their own: 梁湘江 and the company, whose wrong entry was reversed
    assert "梁湘江" in shown["TB2026-100"] and "湘中建材" in shown["TB2026-101"] + shown["TB2026-W1"]
    for html in shown.values():
        assert_no_phone_number(html)


def test_receipt_prints_on_a4_without_network(demo_db):
    html = html_of("TB2026-001")
    assert "size: A4 portrait" in html
    assert "人民币叁仟陆佰元整" in html
    for needle in ("http://", "https://", "<script", "<link", "<img", "url("):
        assert needle not in html


def test_reversed_receipt_is_marked_with_date_and_reason(demo_db):
    html = html_of("TB2026-W1")
    assert "已冲销" in html
    assert "2026年5月8日" in html and "重复录入：已于5月6日入账" in html
    assert "人民币叁仟元整" in html  # the amount of the receipt, not the negated reversal


def test_voucher_reused_after_a_reversal_prints_the_standing_receipt(db):
    project = records.add_project("一组屋场", "一组")
    donor = records.add_contributor("王大明", "person")
    wrong = records.add_receipt(
        project, donor, "self_raised", 50_000, pendulum.date(2026, 11, 1), voucher="R-7"
    )
    records.reverse(wrong, "金额录错", pendulum.date(2026, 11, 2))
    records.add_receipt(project, donor, "self_raised", 5_000, pendulum.date(2026, 11, 2), voucher="R-7")
    html = html_of("R-7")
    assert "人民币伍拾元整" in html and "已冲销" not in html


def test_voucher_found_whatever_its_case(demo_db):
    assert receipt_html.find("tb2026-100").row.voucher == "TB2026-100"


def test_unknown_voucher_names_it(demo_db):
    with pytest.raises(UserError) as err:
        receipt_html.find("TB2099-999")
    assert "TB2099-999" in err.value.message()
    # Not a prefix search: a part of a number is not a number.
    with pytest.raises(UserError):
        receipt_html.find("TB2026-10")


def test_text_typed_by_people_is_escaped(db):
    project = records.add_project("<i>屋场</i>", "一组")
    donor = records.add_contributor("A&B <公司>", "enterprise")
    records.add_receipt(
        project,
        donor,
        "donation",
        123_456,
        pendulum.date(2026, 11, 1),
        voucher="E-1",
        note="<script>x</script>",
    )
    html = html_of("E-1")
    assert "A&amp;B &lt;公司&gt;" in html and "<script>x" not in html and "<i>屋场" not in html
    assert "人民币壹仟贰佰叁拾肆元伍角陆分" in html


def test_english_labels_keep_the_chinese_capitals(demo_db):
    html = html_of("TB2026-100", lang="en")
    assert "Amount in words" in html and "人民币壹拾万元整" in html
    assert "收款收据" not in html


# --- CLI --------------------------------------------------------------------------------------------


def test_cli_receipt_writes_the_file(demo_file, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["--db", str(demo_file), "receipt", "TB2026-100", "-o", str(out)]) == 0
    assert f"已写入：{out}" in capsys.readouterr().out
    assert "人民币壹拾万元整" in out.read_text(encoding="utf-8")


def test_cli_receipt_default_name(demo_file, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(demo_file), "receipt", "TB2026-100"]) == 0
    assert (tmp_path / "收据_TB2026-100.html").exists()


def test_cli_reversed_receipt_prints_a_warning(demo_file, tmp_path, capsys):
    assert main(["--db", str(demo_file), "receipt", "TB2026-W1", "-o", str(tmp_path / "w.html")]) == 0
    assert "已冲销" in capsys.readouterr().out


def test_cli_unknown_voucher_exits_2(demo_file, tmp_path, capsys):
    code = main(["--db", str(demo_file), "receipt", "NOPE-1", "-o", str(tmp_path / "x.html")])
    assert code == 2
    assert "NOPE-1" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_cli_missing_voucher_argument_exits_2(demo_file, capsys):
    assert main(["--db", str(demo_file), "receipt"]) == 2
