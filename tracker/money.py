"""Money as integer 分 (fen): parsing what cadres type, and formatting for the app, reports and receipts.

Amounts never pass through float arithmetic: text and spreadsheet cells are turned into
``decimal.Decimal`` exactly and then into an ``int`` count of 分. Nothing is ever rounded on
input; an amount that does not fit in whole 分 is refused, because a silently rounded figure
would no longer match the voucher it was copied from.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

__all__ = [
    "MAX_YUAN",
    "MoneyError",
    "capitals",
    "format_auto",
    "format_wan",
    "format_yuan",
    "parse_fen",
    "to_yuan_decimal",
]

# Exclusive upper bound on |amount| in 元. Far above any village project, yet it keeps capitals()
# within the 仟亿 place and catches digits pasted twice.
MAX_YUAN = 10**12
_MAX_FEN = MAX_YUAN * 100

_FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分

MONEY_ERROR_CODES = frozenset({"empty", "format", "negative", "too_large", "precision"})


class MoneyError(ValueError):
    """An amount that cannot be accepted.

    ``code`` is one of ``MONEY_ERROR_CODES`` and is what callers translate into zh/en messages;
    ``text`` is the raw input, for echoing back to the user.
    """

    def __init__(self, code: str, text: object = "") -> None:
        if code not in MONEY_ERROR_CODES:
            raise ValueError(f"unknown MoneyError code {code!r}")
        self.code = code
        self.text = text if isinstance(text, str) else repr(text)
        super().__init__(f"{code}: {self.text!r}")


# Input typed on Chinese IMEs often arrives in full-width form. Only these characters are mapped;
# a general NFKC pass would also turn things like "²" or "①" into digits. The ideographic space
# needs no mapping: str.strip() already treats it as whitespace.
_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "－": "-",
        "−": "-",  # U+2212 minus sign, from copy-pasted documents
        "￥": "¥",
    }
)

# Either plain digits or correctly grouped thousands ("1,234,567"); "1,23" is a typo, not 123.
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+")


def _to_decimal_yuan(text: str) -> Decimal:
    """Normalise typed text to an exact Decimal number of 元 (sign included)."""
    s = text.translate(_FULLWIDTH).strip()
    if not s:
        raise MoneyError("empty", text)

    negative = False
    if s.startswith("-"):
        negative, s = True, s[1:].lstrip()
    if s.startswith("¥"):
        s = s[1:].lstrip()
    if not negative and s.startswith("-"):  # "¥-300"
        negative, s = True, s[1:].lstrip()

    scale = Decimal(1)
    if s.endswith("元"):
        s = s[:-1].rstrip()
    if s.endswith("万"):
        scale, s = Decimal(10000), s[:-1].rstrip()

    if not _NUMBER.fullmatch(s):
        raise MoneyError("format", text)
    value = Decimal(s.replace(",", ""))
    # The default 28-digit context could round "1.000…0001万" to a clean 10000 and so hide
    # a precision error; give the multiplication room for every digit typed.
    with decimal.localcontext() as ctx:
        ctx.prec = len(s) + 10
        value *= scale
    return -value if negative else value


def parse_fen(text: str | int | Decimal | float | None, *, allow_negative: bool = False) -> int:
    """Parse an amount of 元 (typed text or a spreadsheet cell) into integer 分.

    Raises MoneyError with code "empty", "format", "negative", "too_large" or "precision".
    """
    raw = text
    if text is None:
        raise MoneyError("empty", "")
    if isinstance(text, bool):  # bool is an int subclass; True is not an amount
        raise MoneyError("format", raw)
    if isinstance(text, str):
        value = _to_decimal_yuan(text)
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        # repr() gives the shortest text that round-trips, i.e. what Excel displayed (1234.56),
        # not the binary expansion Decimal(float) would give.
        value = Decimal(repr(text))
    elif isinstance(text, Decimal):
        value = text
    else:
        raise MoneyError("format", raw)

    if not value.is_finite():
        raise MoneyError("format", raw)
    if value < 0 and not allow_negative:
        raise MoneyError("negative", raw)
    # Compare before any arithmetic: comparisons are exact whatever the size.
    if abs(value) >= MAX_YUAN:
        raise MoneyError("too_large", raw)

    # |value| < 10**12, so the integer part has at most 12 digits; give the context room for
    # every fractional digit too so that the multiplication cannot round away a stray 0.001.
    digits = len(value.as_tuple().digits)
    with decimal.localcontext() as ctx:
        ctx.prec = digits + 20
        fen = value * 100
    if fen != fen.to_integral_value():
        raise MoneyError("precision", raw)
    return int(fen)


def _check_fen(fen: int) -> int:
    # Catch a float (or Decimal 元) sneaking in where 分 are expected, rather than format it.
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amount must be int 分, got {type(fen).__name__}")
    return fen


def format_yuan(fen: int, *, symbol: bool = True) -> str:
    """``¥1,234.50``; negative ``-¥1,234.50``; ``symbol=False`` gives ``1,234.50``."""
    _check_fen(fen)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{cents:02d}"


def format_wan(fen: int) -> str:
    """``12.35万元``: 万元 with two decimals, half-up (away from zero)."""
    _check_fen(fen)
    sign = "-" if fen < 0 else ""
    # Round on integers: hundredths of 万元 are 10,000 分 each.
    hundredths = (abs(fen) + 5_000) // 10_000
    whole, frac = divmod(hundredths, 100)
    return f"{sign}{whole:,}.{frac:02d}万元"


def format_auto(fen: int) -> str:
    """``¥1,234.50`` below 10万元; from 10万元 up also the 万元 figure: ``¥123,456.00（12.35万元）``."""
    _check_fen(fen)
    if abs(fen) < 10 * _FEN_PER_WAN:
        return format_yuan(fen)
    return f"{format_yuan(fen)}（{format_wan(fen)}）"


def to_yuan_decimal(fen: int) -> Decimal:
    """Exact 元 amount with two places (``Decimal('1234.50')``), for numeric xlsx cells."""
    _check_fen(fen)
    return Decimal(fen).scaleb(-2)


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿")


def _capital_integer(yuan: int) -> str:
    """Capitals for a positive whole number of 元 (without the trailing 元)."""
    s = str(yuan)
    n = len(s)
    out: list[str] = []
    zero_run = 0  # zeros seen since the last non-zero digit
    run_ends_section = False  # the run includes the last digit of a 万/亿 section
    for i, ch in enumerate(s):
        pos = n - 1 - i
        d = int(ch)
        if d == 0:
            zero_run += 1
            if pos % 4 == 0 and pos > 0:
                run_ends_section = True
        else:
            # One 零 for a run of zeros, except when the run is only the 万位/亿位 digit
            # (壹拾万柒仟): the PBOC rules allow omitting it there, and a longer run
            # (壹佰万零肆仟, 壹拾万零叁佰) keeps it so no place value is lost in reading.
            if zero_run and not (zero_run == 1 and run_ends_section):
                out.append("零")
            zero_run, run_ends_section = 0, False
            out.append(_DIGITS[d] + _PLACES[pos % 4])
        if pos % 4 == 0 and pos > 0 and any(c != "0" for c in s[max(0, i - 3) : i + 1]):
            out.append(_SECTIONS[pos // 4])
    return "".join(out)


def capitals(fen: int) -> str:
    """Chinese financial capitals for a receipt: ``人民币壹仟陆佰捌拾元叁角贰分``.

    Follows the PBOC rules for filling in vouchers; negative amounts read ``人民币负…``.
    """
    _check_fen(fen)
    if abs(fen) >= _MAX_FEN:
        raise MoneyError("too_large", str(fen))
    prefix = "人民币负" if fen < 0 else "人民币"
    yuan, rest = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(rest, 10)

    if yuan == 0 and rest == 0:
        return prefix + "零元整"

    parts: list[str] = []
    if yuan:
        parts.append(_capital_integer(yuan) + "元")
    if jiao:
        parts.append(_DIGITS[jiao] + "角")
    elif fen_digit and yuan:
        # 元 followed directly by 分 must show the empty 角 (壹拾元零伍分);
        # below one 元 there is nothing before it to separate (伍分).
        parts.append("零")
    if fen_digit:
        parts.append(_DIGITS[fen_digit] + "分")
    else:
        parts.append("整")
    return prefix + "".join(parts)
