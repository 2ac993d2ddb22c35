"""Dates: parsing typed text and cells, the storage form, display, and the pinnable today."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from tracker.dates import (
    TODAY_ENV,
    DateError,
    format_for,
    format_iso,
    format_short,
    format_with_weekday,
    from_db,
    parse_date,
    to_db,
    today,
)

TODAY = pendulum.date(2026, 11, 28)
MAY26 = pendulum.date(2026, 5, 26)


def _is_plain_date(value) -> bool:
    # pendulum.DateTime is a Date subclass; a parsed value must be the calendar day only.
    return type(value) is pendulum.Date


# --- parse_date: text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-26",
        "2026-5-26",
        "2026/5/26",
        "2026/05/26",
        "2026.5.26",
        "2026.05.26",
        "2026年5月26日",
        "2026年05月26日",
        "2026年5月26号",
        "2026年5月26",
        "2026 年 5 月 26 日",
        "20260526",
        "２０２６－０５－２６",  # full-width digits and hyphen
        "２０２６／５／２６",
        "２０２６．５．２６",
        "２０２６年５月２６日",
        "２０２６０５２６",
        "  2026-05-26  ",
        "\t2026/5/26\n",
        "　2026年5月26日　",  # ideographic spaces
        "2026-05-26 00:00:00",  # a date cell exported as text: midnight names the day only
        "2026-05-26T00:00",
    ],
)
def test_parse_full_dates(text):
    result = parse_date(text, today=TODAY)
    assert result == MAY26
    assert _is_plain_date(result)


@pytest.mark.parametrize(
    "text", ["5/26", "05/26", "5-26", "5月26日", "5月26号", "5月26", "５／２６", "５月２６日", " 5/26 "]
)
def test_parse_month_day_takes_year_from_today(text):
    assert parse_date(text, today=TODAY) == MAY26
    assert parse_date(text, today=pendulum.date(2031, 1, 1)) == pendulum.date(2031, 5, 26)


def test_parse_month_day_defaults_to_pinned_today(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "2030-01-15")
    assert parse_date("5/26") == pendulum.date(2030, 5, 26)


def test_parse_month_day_defaults_to_real_today(monkeypatch):
    monkeypatch.delenv(TODAY_ENV, raising=False)
    assert parse_date("1/1").year == pendulum.today().date().year


def test_full_date_ignores_today():
    assert parse_date("2024-02-29", today=TODAY) == pendulum.date(2024, 2, 29)


# --- parse_date: cells and date objects --------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        MAY26,
        dt.date(2026, 5, 26),
        dt.datetime(2026, 5, 26),  # what openpyxl gives for a date cell
        dt.datetime(2026, 5, 26, 23, 59, 59),
        dt.datetime(2026, 5, 26, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        pendulum.datetime(2026, 5, 26, 12, 30, tz="Asia/Shanghai"),
    ],
)
def test_parse_date_objects(value):
    result = parse_date(value)
    assert result == MAY26
    assert _is_plain_date(result)


# --- parse_date: refused input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("　", "empty"),
        ("abc", "format"),
        ("2026", "format"),
        ("2026-05", "format"),
        ("26-05-2026", "format"),  # day-first is not guessed
        ("26/5/26", "format"),  # two-digit years are not guessed
        ("2026-05/26", "format"),  # mixed separators
        ("2026-05-26x", "format"),
        ("2026-05-26 noon", "format"),
        ("202605260", "format"),
        ("5.26", "format"),  # too close to an amount to guess
        ("26", "format"),
        ("明天", "format"),
        (20260526, "format"),  # a number cell is not a date
        (46168.0, "format"),  # nor an Excel serial number
        ("2026-02-30", "invalid"),
        ("2026/2/29", "invalid"),  # 2026 is not a leap year
        ("2026年13月1日", "invalid"),
        ("20260431", "invalid"),
        ("2026-00-10", "invalid"),
        ("2026-05-00", "invalid"),
        ("0000-01-01", "invalid"),
        ("2/30", "invalid"),
        ("13月1日", "invalid"),
        # A time of day is not part of a ledger date, and an impossible one is not a date at all.
        ("2026-05-26 13:45", "time"),
        ("2026-05-26T08:30:00", "time"),
        ("2026-11-28T25:00", "time"),
        ("2026-11-28 24:61:00", "time"),
        # Far from any village's records, and where a period computed from them would overflow.
        ("9999-12-31", "range"),
        ("0001-01-01", "range"),
        ("1899-12-31", "range"),
        ("2100-01-01", "range"),
        (dt.date(9999, 12, 31), "range"),
    ],
)
def test_parse_date_errors(value, code):
    with pytest.raises(DateError) as info:
        parse_date(value, today=TODAY)
    assert info.value.code == code


def test_the_allowed_range_is_inclusive():
    assert parse_date("1900-01-01") == pendulum.date(1900, 1, 1)
    assert parse_date("2099-12-31") == pendulum.date(2099, 12, 31)


@pytest.mark.parametrize("code", ["time", "range"])
def test_new_date_errors_are_worded_in_both_languages(code):
    from tracker.i18n import t

    zh, en = t(f"error.date.{code}", "zh", text="X"), t(f"error.date.{code}", "en", text="X")
    assert "X" in zh and "X" in en and zh != en
    if code == "range":
        assert "1900" in zh and "2099" in zh and "1900" in en and "2099" in en


def test_month_day_invalid_depends_on_the_year():
    assert parse_date("2/29", today=pendulum.date(2028, 1, 1)) == pendulum.date(2028, 2, 29)
    with pytest.raises(DateError) as info:
        parse_date("2/29", today=TODAY)
    assert info.value.code == "invalid"


def test_date_error_carries_code_and_raw_text():
    with pytest.raises(DateError) as info:
        parse_date(" 2026-02-30 ")
    assert info.value.code == "invalid"
    assert info.value.text == " 2026-02-30 "
    assert isinstance(info.value, ValueError)


def test_date_error_rejects_unknown_code():
    with pytest.raises(ValueError, match="unknown"):
        DateError("oops", "x")


# --- storage ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (MAY26, "2026-05-26"),
        (dt.date(2026, 1, 2), "2026-01-02"),
        (dt.datetime(2026, 1, 2, 23, 59), "2026-01-02"),
        (pendulum.datetime(2026, 1, 2, 23, 59), "2026-01-02"),
        (pendulum.date(999, 1, 2), "0999-01-02"),  # zero-padded so text order is date order
        ("2026-05-26", "2026-05-26"),
        (None, None),
        ("", None),
    ],
)
def test_to_db(value, stored):
    assert to_db(value) == stored


def test_to_db_refuses_non_iso_text():
    # "5/26" would be guessed against today; storage must never guess.
    with pytest.raises(DateError):
        to_db("5/26")


@pytest.mark.parametrize(
    ("stored", "value"),
    [
        ("2026-05-26", MAY26),
        ("2026-05-26 00:00:00", MAY26),
        (" 2026-05-26 ", MAY26),
        (dt.date(2026, 5, 26), MAY26),  # in case sqlite3's converter already made a date
        (None, None),
        ("", None),
    ],
)
def test_from_db(stored, value):
    result = from_db(stored)
    assert result == value
    if value is not None:
        assert _is_plain_date(result)


@pytest.mark.parametrize(
    ("stored", "code"), [("2026/05/26", "format"), ("26-05-2026", "format"), ("2026-02-30", "invalid")]
)
def test_from_db_errors(stored, code):
    with pytest.raises(DateError) as info:
        from_db(stored)
    assert info.value.code == code


def test_db_round_trip():
    for d in (MAY26, pendulum.date(2024, 2, 29), pendulum.date(1, 1, 1), pendulum.date(9999, 12, 31)):
        assert from_db(to_db(d)) == d


def test_stored_text_binds_in_sqlite():
    # The reason to_db exists: sqlite3 cannot bind pendulum.Date as is.
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute("create table t (d text)")
    con.execute("insert into t values (?)", (to_db(MAY26),))
    assert from_db(con.execute("select d from t").fetchone()[0]) == MAY26


# --- display -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cn", "iso"),
    [
        (MAY26, "2026年5月26日", "2026-05-26"),
        (pendulum.date(2026, 1, 2), "2026年1月2日", "2026-01-02"),
        (pendulum.date(2026, 12, 31), "2026年12月31日", "2026-12-31"),
        (dt.date(2026, 10, 1), "2026年10月1日", "2026-10-01"),
        (dt.datetime(2026, 3, 4, 5, 6), "2026年3月4日", "2026-03-04"),
    ],
)
def test_formats(value, cn, iso):
    assert format_for(value, "zh") == cn
    assert format_for(value, "en") == iso
    assert format_iso(value) == iso


def test_format_for_round_trips_through_parse():
    assert parse_date(format_for(MAY26, "zh")) == MAY26
    assert parse_date(format_for(MAY26, "en")) == MAY26


def test_format_for_follows_the_current_language_and_shows_nothing_for_no_date():
    from tracker import i18n

    assert format_for(MAY26) == "2026年5月26日"
    i18n.set_lang("en")
    assert format_for(MAY26) == "2026-05-26"
    assert format_for(None) == ""


def test_short_form_drops_a_year_that_goes_without_saying():
    assert format_short(MAY26, "zh", year=2026) == "5月26日"
    assert format_short(MAY26, "zh", year=2027) == "2026年5月26日"
    assert format_short(MAY26, "en", year=2026) == "2026-05-26"


def test_with_weekday():
    assert format_with_weekday(MAY26, "zh") == "2026年5月26日 星期二"
    assert format_with_weekday(MAY26, "en") == "Tue 26 May 2026"


# --- today ---------------------------------------------------------------------------------------------


def test_today_pinned(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "2026-05-26")
    assert today() == MAY26
    assert _is_plain_date(today())


def test_today_pinned_with_spaces(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, " 2026-05-26 ")
    assert today() == MAY26


@pytest.mark.parametrize("unset", [None, "", "  "])
def test_today_unpinned(monkeypatch, unset):
    if unset is None:
        monkeypatch.delenv(TODAY_ENV, raising=False)
    else:
        monkeypatch.setenv(TODAY_ENV, unset)
    before = pendulum.today().date()
    result = today()
    after = pendulum.today().date()
    assert before <= result <= after
    assert _is_plain_date(result)


@pytest.mark.parametrize(
    ("pin", "code"), [("5/26", "format"), ("2026-02-30", "invalid"), ("tomorrow", "format")]
)
def test_today_bad_pin_fails_loudly(monkeypatch, pin, code):
    monkeypatch.setenv(TODAY_ENV, pin)
    with pytest.raises(DateError) as info:
        today()
    assert info.value.code == code
