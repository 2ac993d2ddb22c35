"""How figures and dates look in a cell: formatting only, never arithmetic.

Amounts go through tracker.money, percentages and days through tracker.quantities, so a screen
shows exactly what the reports print.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from tracker import dates, money
from tracker import field_parsers as _inputs  # noqa: F401  (registers the field.* labels screens show)
from tracker.i18n import get_lang, register
from tracker.quantities import days, pct  # noqa: F401  (screens take them from here with the rest)


def wan(fen: int) -> str:
    """The 万元 figure without its unit, for tables headed "万元" (``12.35``)."""
    return money.format_wan(fen).removesuffix("万元")


def yuan(fen: int) -> str:
    return money.format_yuan(fen)


def auto(fen: int) -> str:
    """``¥1,234.50``, and from 10万元 up also ``（12.35万元）`` (in Chinese; 万 means nothing in English)."""
    return money.format_auto(fen) if get_lang() == "zh" else money.format_yuan(fen)


def date_text(value: dt.date | None) -> str:
    """2026年5月26日 in Chinese, 2026-05-26 in English; "" for no date."""
    return dates.format_for(value)


def count(n: int) -> str:
    return f"{n:,}"


def right(text: str, style: str = "") -> Text:
    return Text(text, style=style, justify="right")


def left(text: str, style: str = "") -> Text:
    return Text(text, style=style)


register(zh={"ui.loading": "正在读取…"}, en={"ui.loading": "Loading…"})
