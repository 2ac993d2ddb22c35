"""Money: parsing typed amounts into integer 分, and every display form including 大写."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.money import (
    MAX_YUAN,
    MoneyError,
    capitals,
    format_auto,
    format_wan,
    format_yuan,
    parse_fen,
    to_yuan_decimal,
)

# --- parse_fen: accepted input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1234", 123400),
        ("0", 0),
        ("0.01", 1),
        ("1234.5", 123450),
        ("1234.56", 123456),
        (".5", 50),
        ("1,234.56", 123456),
        ("1,234,567", 123456700),
        ("1，234.56", 123456),  # full-width comma
        ("12.5万", 12500000),
        ("12.5万元", 12500000),
        ("12.3456万", 12345600),  # 4 places of 万 = whole 元
        ("1.234567万", 1234567),  # 6 places of 万 = 2 places of 元
        ("¥300", 30000),
        ("￥300", 30000),  # full-width yen sign
        ("¥ 300", 30000),
        ("300元", 30000),
        ("300 元", 30000),
        ("¥1,234.50元", 123450),
        ("３００", 30000),  # full-width digits
        ("１２．５", 1250),  # full-width digits and dot
        ("１２．５万", 12500000),
        ("  42  ", 4200),
        ("\t42\n", 4200),
        ("　42　", 4200),  # ideographic spaces
        ("1.500", 150),  # trailing zeros are not extra precision: the value is whole 分
        ("999999999999.99", 999999999999_99),  # just under the limit
        ("-0", 0),  # minus zero is zero, not a negative amount
    ],
)
def test_parse_fen_text(text, fen):
    assert parse_fen(text) == fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("-5", -500),
        ("-5.25", -525),
        ("－5", -500),  # full-width minus
        ("-¥300", -30000),
        ("¥-300", -30000),
        ("-1.5万元", -1500000),
        ("-999999999999.99", -999999999999_99),
    ],
)
def test_parse_fen_negative_allowed(text, fen):
    assert parse_fen(text, allow_negative=True) == fen


@pytest.mark.parametrize(
    ("cell", "fen"),
    [
        (1234, 123400),
        (0, 0),
        (Decimal("1234.56"), 123456),
        (Decimal("1234.5"), 123450),
        (Decimal("1E+2"), 10000),
        (
            1234.56,
            123456,
        ),  # via repr(): Decimal(1234.56) itself is 1234.55999999999994543031789362430572509765625
        (0.1, 10),
        (1234.0, 123400),
        (1e3, 100000),
    ],
)
def test_parse_fen_cells(cell, fen):
    result = parse_fen(cell)
    assert result == fen
    assert type(result) is int


def test_parse_fen_float_goes_through_repr_not_binary():
    # 0.29 * 100 in float is 28.999999999999996; float arithmetic would give 28 分.
    assert parse_fen(0.29) == 29
    assert parse_fen(1.15) == 115


# --- parse_fen: refused input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("　", "empty"),
        (None, "empty"),
        ("abc", "format"),
        ("12a", "format"),
        ("1,23", "format"),  # badly grouped thousands is a typo, not 123
        ("1,2345", "format"),
        ("1.2.3", "format"),
        ("1 234", "format"),
        ("¥", "format"),
        ("元", "format"),
        ("万元", "format"),
        ("12.5万万", "format"),
        ("3千", "format"),  # 千 is deliberately not a unit
        ("12元万", "format"),
        ("+5", "format"),
        ("--5", "format"),
        ("1e3", "format"),  # scientific notation is not what people type
        ("NaN", "format"),
        ("Infinity", "format"),
        ("²", "format"),  # no general Unicode digit folding
        ("٣", "format"),  # Arabic-Indic digit
        (Decimal("NaN"), "format"),
        (Decimal("Infinity"), "format"),
        (float("nan"), "format"),
        (float("inf"), "format"),
        (True, "format"),  # bool is an int subclass but not an amount
        ([1], "format"),
        ("-5", "negative"),
        ("¥-5", "negative"),
        ("-0.01", "negative"),
        (-5, "negative"),
        (Decimal("-0.01"), "negative"),
        (-1.5, "negative"),
        ("1000000000000", "too_large"),  # 10^12 元 is the exclusive limit
        ("1,000,000,000,000", "too_large"),
        ("100000000万", "too_large"),  # 10^12 元 reached only after 万 scaling
        (MAX_YUAN, "too_large"),
        (Decimal("1E+30"), "too_large"),
        ("9" * 40, "too_large"),
        ("1.234", "precision"),
        ("0.001", "precision"),
        ("1.005", "precision"),  # never rounded, even "half" cases
        ("1.2345678万", "precision"),  # 7 places of 万 = 3 places of 元
        (Decimal("0.125"), "precision"),
        (0.1 + 0.2, "precision"),  # float noise in a cell is refused, not rounded away
        # 31 significant digits: a 28-digit context would round this to exactly 10000.
        ("1.000000000000000000000000000001万", "precision"),
        ("1." + "0" * 40 + "1", "precision"),
    ],
)
def test_parse_fen_errors(value, code):
    with pytest.raises(MoneyError) as info:
        parse_fen(value)
    assert info.value.code == code


def test_too_large_negative_checked_by_magnitude():
    with pytest.raises(MoneyError) as info:
        parse_fen("-1000000000000", allow_negative=True)
    assert info.value.code == "too_large"


def test_money_error_carries_code_and_raw_text():
    with pytest.raises(MoneyError) as info:
        parse_fen(" 1,23 ")
    err = info.value
    assert err.code == "format"
    assert err.text == " 1,23 "  # the raw input, not the normalised one
    assert isinstance(err, ValueError)


def test_money_error_rejects_unknown_code():
    with pytest.raises(ValueError, match="unknown"):
        MoneyError("oops", "x")


# --- formatting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "with_symbol", "without_symbol"),
    [
        (0, "¥0.00", "0.00"),
        (1, "¥0.01", "0.01"),
        (50, "¥0.50", "0.50"),
        (123450, "¥1,234.50", "1,234.50"),
        (100, "¥1.00", "1.00"),
        (99999, "¥999.99", "999.99"),
        (123456789012, "¥1,234,567,890.12", "1,234,567,890.12"),
        (-123450, "-¥1,234.50", "-1,234.50"),
        (-1, "-¥0.01", "-0.01"),
    ],
)
def test_format_yuan(fen, with_symbol, without_symbol):
    assert format_yuan(fen) == with_symbol
    assert format_yuan(fen, symbol=False) == without_symbol


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (12345600, "12.35万元"),  # 12.3456 → 12.35
        (12345000, "12.35万元"),  # exactly half rounds up (half-even would give 12.34)
        (12344999, "12.34万元"),
        (70000000, "70.00万元"),
        (0, "0.00万元"),
        (4999, "0.00万元"),
        (5000, "0.01万元"),
        (99995000, "100.00万元"),  # rounding carries into the whole part
        (123456789012, "123,456.79万元"),
        (-12345000, "-12.35万元"),  # half away from zero for reversals
    ],
)
def test_format_wan(fen, text):
    assert format_wan(fen) == text


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (123450, "¥1,234.50"),
        (9999999, "¥99,999.99"),  # just below 10万元
        (10000000, "¥100,000.00（10.00万元）"),
        (12345600, "¥123,456.00（12.35万元）"),
        (-9999999, "-¥99,999.99"),
        (-12345600, "-¥123,456.00（-12.35万元）"),
    ],
)
def test_format_auto(fen, text):
    assert format_auto(fen) == text


@pytest.mark.parametrize(
    ("fen", "text"),
    [(123450, "1234.50"), (0, "0.00"), (1, "0.01"), (-5, "-0.05"), (100, "1.00")],
)
def test_to_yuan_decimal(fen, text):
    value = to_yuan_decimal(fen)
    assert isinstance(value, Decimal)
    assert str(value) == text  # exactly two places, as the xlsx cell should show
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize("func", [format_yuan, format_wan, format_auto, to_yuan_decimal, capitals])
@pytest.mark.parametrize("bad", [1234.5, Decimal("1234.50"), "123450", True, None])
def test_formatters_refuse_non_int(func, bad):
    # A float or 元 Decimal where 分 belong is a bug upstream; formatting it would hide it.
    with pytest.raises(TypeError):
        func(bad)


def test_round_trip_parse_format():
    for fen in (0, 1, 10, 99, 100, 123456, 999999999999_99):
        assert parse_fen(format_yuan(fen)) == fen
        assert parse_fen(format_yuan(fen, symbol=False)) == fen
        assert parse_fen(to_yuan_decimal(fen)) == fen


# --- capitals (大写金额) ---------------------------------------------------------------------------

CAPITALS = [
    # zero and less than one 元
    ("0.00", "人民币零元整"),
    ("0.01", "人民币壹分"),
    ("0.05", "人民币伍分"),
    ("0.10", "人民币壹角整"),
    ("0.50", "人民币伍角整"),
    ("0.55", "人民币伍角伍分"),
    # 元整 / 角整 / 角分 / 零分 endings
    ("1.00", "人民币壹元整"),
    ("1.10", "人民币壹元壹角整"),
    ("1.01", "人民币壹元零壹分"),
    ("10.00", "人民币壹拾元整"),  # accounting keeps 壹拾
    ("10.05", "人民币壹拾元零伍分"),
    ("100.01", "人民币壹佰元零壹分"),
    ("325.04", "人民币叁佰贰拾伍元零肆分"),
    ("1000.10", "人民币壹仟元壹角整"),
    ("1010.00", "人民币壹仟零壹拾元整"),
    ("1680.32", "人民币壹仟陆佰捌拾元叁角贰分"),  # no 零 between 元 and a non-zero 角
    ("1600.32", "人民币壹仟陆佰元叁角贰分"),  # nor after a longer run of zeros before 元
    ("6007.14", "人民币陆仟零柒元壹角肆分"),
    ("1001.00", "人民币壹仟零壹元整"),  # consecutive zeros give one 零
    # 万 section
    ("10000.00", "人民币壹万元整"),
    ("10010.05", "人民币壹万零壹拾元零伍分"),
    ("10010.10", "人民币壹万零壹拾元壹角整"),
    ("100000.00", "人民币壹拾万元整"),  # no 零 before the section unit
    ("100300.00", "人民币壹拾万零叁佰元整"),  # section starting with zero after a non-zero one
    ("107000.53", "人民币壹拾万柒仟元伍角叁分"),  # a lone zero in the 万位: no 零
    ("101000.00", "人民币壹拾万壹仟元整"),
    ("120000.00", "人民币壹拾贰万元整"),
    ("1004000.00", "人民币壹佰万零肆仟元整"),  # a run of zeros through the 万位: one 零
    ("1000001.00", "人民币壹佰万零壹元整"),
    ("12345678.90", "人民币壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整"),
    # 亿 section
    ("100000000.00", "人民币壹亿元整"),
    ("100000001.00", "人民币壹亿零壹元整"),  # an all-zero 万 section is skipped, one 零
    ("100010000.00", "人民币壹亿零壹万元整"),
    ("110000000.00", "人民币壹亿壹仟万元整"),
    ("1000000000.00", "人民币壹拾亿元整"),
    ("1005000000.00", "人民币壹拾亿零伍佰万元整"),
    ("9999999999.99", "人民币玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("999999999999.99", "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize(("yuan", "text"), CAPITALS)
def test_capitals(yuan, text):
    assert capitals(parse_fen(yuan)) == text


def test_capitals_table_is_large_enough():
    assert len(CAPITALS) >= 25


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (-123450, "人民币负壹仟贰佰叁拾肆元伍角整"),
        (-5, "人民币负伍分"),
        (-1000000, "人民币负壹万元整"),
    ],
)
def test_capitals_negative(fen, text):
    assert capitals(fen) == text


@pytest.mark.parametrize("fen", [MAX_YUAN * 100, -MAX_YUAN * 100, 10**20])
def test_capitals_beyond_limit(fen):
    with pytest.raises(MoneyError) as info:
        capitals(fen)
    assert info.value.code == "too_large"


def test_capitals_only_uses_financial_characters():
    allowed = set("人民币负零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    for fen in (0, 1, 10, 101, 1010, 10101, 101010101, 1234567890123, 99999999999999):
        text = capitals(fen)
        assert set(text) <= allowed, text
        assert "零零" not in text
        assert not text.startswith("人民币零") or fen == 0
