"""The one place where dates are parsed, stored and shown (pendulum 3).

Everything in the app is a calendar date (no time of day, no time zone): payment dates,
acceptance dates, report periods. They are held as ``pendulum.Date`` and stored as ISO text.
A date shown to a person goes through ``format_for`` (2026年5月26日 / 2026-05-26), whether on a
screen, in a report or in a message, so the app writes one date one way everywhere.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pendulum

from .i18n import get_lang, register

__all__ = [
    "DateError",
    "TODAY_ENV",
    "format_for",
    "format_iso",
    "format_short",
    "format_with_weekday",
    "from_db",
    "parse_date",
    "to_db",
    "today",
]

TODAY_ENV = "XIUMEI_TODAY"

DATE_ERROR_CODES = frozenset({"empty", "format", "invalid", "time", "range"})

# The dates a ledger can hold: wide enough for any record of a village, narrow enough that a
# period or a posting period computed from them never leaves what a date can represent.
MIN_DATE = pendulum.date(1900, 1, 1)
MAX_DATE = pendulum.date(2099, 12, 31)


class DateError(ValueError):
    """A date that cannot be accepted.

    ``code`` is "empty", "format" (not a date form we know), "invalid" (a date form, but no
    such day, e.g. 2026-02-30), "time" (a time of day after the date, e.g. 2026-11-28T09:30)
    or "range" (before MIN_DATE or after MAX_DATE); callers translate it (``error.date.<code>``,
    registered below). ``text`` is the raw input.
    """

    def __init__(self, code: str, text: object = "") -> None:
        if code not in DATE_ERROR_CODES:
            raise ValueError(f"unknown DateError code {code!r}")
        self.code = code
        self.text = text if isinstance(text, str) else repr(text)
        super().__init__(f"{code}: {self.text!r}")


register(
    zh={
        "error.date.time": "“{text}”带有时间；只填日期，如 2026-05-26",
        "error.date.range": f"“{{text}}”超出可用的日期范围，应在 {MIN_DATE.year}年1月1日 至 {MAX_DATE.year}年12月31日 之间",
    },
    en={
        "error.date.time": '"{text}" has a time of day; enter the date only, e.g. 2026-05-26',
        "error.date.range": f'"{{text}}" is out of range; dates run from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}',
    },
)


_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "－": "-",
        "／": "/",
        "．": ".",
    }
)

# A time of day after a full date is refused, except midnight: "2026-05-26 00:00:00" is what a
# date cell exported as text looks like, and it names the day and nothing more.
_TIME = r"(?:[ T](?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?))?"
_MIDNIGHT = re.compile(r"0?0:00(?::00(?:\.0+)?)?")
_FULL_PATTERNS = (
    re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})" + _TIME),
    re.compile(r"(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号]?"),
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"),
)
# Month and day only: the year is today's.
_SHORT_PATTERNS = (
    re.compile(r"(?P<m>[0-9]{1,2})[-/](?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号]?"),
)

# Stored form; a trailing time is tolerated in case a datetime was ever written to the column.
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T][0-9:.+\-Z]*)?")


def _make(y: int, m: int, d: int, raw: object) -> pendulum.Date:
    try:
        return pendulum.date(y, m, d)
    except ValueError:
        raise DateError("invalid", raw) from None


def _in_range(value: pendulum.Date, raw: object) -> pendulum.Date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise DateError("range", raw)
    return value


def _coerce(value: dt.date) -> pendulum.Date:
    # datetime.datetime and pendulum.DateTime are date subclasses too: rebuilding from the
    # fields keeps only the calendar day (the wall-clock day, for an aware datetime).
    return pendulum.date(value.year, value.month, value.day)


def parse_date(value: object, *, today: pendulum.Date | None = None) -> pendulum.Date:
    """Parse a date cell or typed text into ``pendulum.Date``.

    Text forms: 2026-05-26, 2026/5/26, 2026.5.26, 2026年5月26日, 20260526, and 5/26, 5-26,
    5月26日 (year taken from ``today``, default ``today()``); full-width digits are fine.
    A time of day is refused ("time"; midnight excepted), and so is a date outside MIN_DATE to
    MAX_DATE ("range"). Raises DateError ("empty", "format", "invalid", "time", "range").
    """
    if value is None:
        raise DateError("empty", "")
    if isinstance(value, dt.date):
        return _in_range(_coerce(value), value)
    if not isinstance(value, str):
        raise DateError("format", value)

    s = value.translate(_FULLWIDTH).strip()
    if not s:
        raise DateError("empty", value)

    for pattern in _FULL_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            if m.groupdict().get("time") and not _MIDNIGHT.fullmatch(m["time"]):
                raise DateError("time", value)
            return _in_range(_make(int(m["y"]), int(m["m"]), int(m["d"]), value), value)
    for pattern in _SHORT_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            year = (today if today is not None else _today()).year
            return _in_range(_make(year, int(m["m"]), int(m["d"]), value), value)
    raise DateError("format", value)


def to_db(d: dt.date | str | None) -> str | None:
    """ISO ``YYYY-MM-DD`` for storage (sqlite3 cannot bind pendulum's Date); None stays None."""
    if d is None:
        return None
    if isinstance(d, str):
        parsed = from_db(d)  # only ISO text is trusted here, never "5/26" guessed against today
        return None if parsed is None else format_iso(parsed)
    return format_iso(d)


def from_db(s: str | dt.date | None) -> pendulum.Date | None:
    """The stored ISO text back as ``pendulum.Date``; None or "" gives None."""
    if s is None:
        return None
    if isinstance(s, dt.date):
        return _coerce(s)
    text = s.strip()
    if not text:
        return None
    m = _ISO.fullmatch(text)
    if not m:
        raise DateError("format", s)
    return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), s)


def format_iso(d: dt.date) -> str:
    """``2026-05-26``."""
    d = _coerce(d)
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def format_for(d: dt.date | None, lang: str | None = None) -> str:
    """The date as people write it in ``lang`` (default: the current language):
    2026年5月26日 in Chinese, 2026-05-26 in English; "" for none."""
    if d is None:
        return ""
    d = _coerce(d)
    if (lang or get_lang()) == "zh":
        return f"{d.year}年{d.month}月{d.day}日"  # no leading zeros, as it is written by hand
    return format_iso(d)


def format_short(d: dt.date, lang: str | None, *, year: int) -> str:
    """``5月26日`` when the year goes without saying (Chinese, a date of ``year``); else ``format_for``.

    For lists of dates within one period, such as the 公示 sent to a WeChat group.
    """
    if (lang or get_lang()) == "zh" and d.year == year:
        return f"{d.month}月{d.day}日"
    return format_for(d, lang)


def format_with_weekday(d: dt.date, lang: str | None = None) -> str:
    """What a typed date was read as, with its weekday: 2026年5月26日 星期二 / Tue 26 May 2026."""
    d = _coerce(d)
    if (lang or get_lang()) == "zh":
        return f"{format_for(d, 'zh')} 星期{'一二三四五六日'[d.weekday()]}"
    return d.format("ddd D MMM YYYY", locale="en")


def today() -> pendulum.Date:
    """Today's date, or the date pinned by ``XIUMEI_TODAY=YYYY-MM-DD`` for tests and demos."""
    return _today()


def _today() -> pendulum.Date:
    # Separate from today() because parse_date's ``today`` parameter shadows that name.
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        # A malformed pin should fail loudly, not quietly fall back to the real date.
        return from_db(pinned)  # type: ignore[return-value]  # non-empty text never gives None
    return pendulum.today().date()
