"""``field_parsers.parse``: one reading per kind of field, for typed text and spreadsheet cells alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
import pytest

from tracker import field_parsers
from tracker.errors import FieldError

TODAY = pendulum.date(2026, 5, 26)


@pytest.mark.parametrize(
    ("kind", "typed", "cell", "value"),
    [
        ("amount", "1,234.56", 1234.56, 123_456),
        ("amount", "0.3", 0.1 + 0.2, 30),  # a sum in a cell reads as Excel shows it
        ("amount", "300", Decimal("300"), 30_000),
        ("date", "2026-05-26", dt.datetime(2026, 5, 26, 0, 0), pendulum.date(2026, 5, 26)),
        ("date", "20260526", 20260526, pendulum.date(2026, 5, 26)),
        ("days", "1.5", 1.5, 3),
        ("integer", "37", 37.0, 37),
        ("text", "12", 12.0, "12"),
        ("text", "2026-05-26", dt.datetime(2026, 5, 26, 8, 30), "2026-05-26"),
        ("source", "社会捐赠", "社会捐赠", "donation"),
        ("status", "在建", "在建", "building"),
    ],
)
def test_typed_text_and_a_cell_read_the_same(kind, typed, cell, value):
    assert field_parsers.parse(kind, typed, "f", today=TODAY) == value
    assert field_parsers.parse(kind, cell, "f", today=TODAY) == value


def test_blanks_read_as_the_field_asks():
    parse = field_parsers.parse
    assert parse("amount", "", "budget") is None
    assert parse("date", None, "due_date") is None
    assert parse("text", "  ", "note") == ""
    assert parse("integer", "", "weight", default=1) == 1
    assert parse("integer", None, "progress", high=100, default=None) is None
    assert parse("status", None, "status") == "planning"
    for kind in ("amount", "date", "text", "integer", "days", "source"):
        with pytest.raises(FieldError) as caught:
            parse(kind, " ", "x", required=True)
        assert (caught.value.field, caught.value.key) == ("x", "error.required")


@pytest.mark.parametrize(
    ("kind", "value", "opts", "key", "kwargs"),
    [
        ("amount", "一千", {}, "error.amount.format", {"text": "一千"}),
        ("amount", True, {}, "error.amount.format", {"text": "True"}),
        ("date", "明天", {}, "error.date.format", {"text": "明天"}),
        ("date", 3.5, {}, "error.date.format", {"text": "3.5"}),
        ("days", 0.3, {}, "error.days", {"text": "0.3"}),
        ("integer", 101.0, {"high": 100}, "error.integer", {"low": 0, "high": 100}),
        ("text", "长" * 11, {"max_len": 10}, "error.too_long", {"max": 10}),
        ("status", "停工", {}, "error.choice", {"text": "停工", "choices": "规划、在建、完工、已验收"}),
    ],
)
def test_what_does_not_read_names_the_field_and_what_was_given(kind, value, opts, key, kwargs):
    with pytest.raises(FieldError) as caught:
        field_parsers.parse(kind, value, "f", **opts)
    assert (caught.value.field, caught.value.key, caught.value.kwargs) == ("f", key, kwargs)


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="phone"):
        field_parsers.parse("phone", "123", "phone")  # type: ignore[arg-type]
