"""收据编号: every receipt has one. Left blank, the next is given: the village's prefix (settings;
by default the upper-case pinyin initials of its name without 村, TB for 桐柏村), the year of the
receipt and a sequence: TB2026-108.

The sequence follows the highest number of that prefix and year ever written, reversed receipts
included, so a number is never given twice; the corrected entry after a reversal may still keep
the reversed entry's number by typing it (the paper receipt the villager holds stays valid).
"""

from __future__ import annotations

import pendulum
from peewee import fn

from models import Receipt, Village

from . import spelling

WIDTH = 3  # TB2026-001: numbers grow past 999 as they come


def prefix(village: Village | None = None) -> str:
    """The village's prefix: the one set in settings, else the initials of its name without 村."""
    village = village or Village.select().order_by(Village.id).first()
    if village is None:
        return ""
    if (village.voucher_prefix or "").strip():
        return village.voucher_prefix.strip()
    name = village.name.strip().removesuffix("村") or village.name.strip()
    found = spelling.spellings(name)
    return found[0].upper() if found else ""


def next_voucher(on: pendulum.Date, village: Village | None = None) -> str:
    """The next 收据编号 of the year of ``on``: one past the highest of that prefix and year."""
    head = f"{prefix(village)}{on.year}-"
    number = fn.SUBSTR(Receipt.voucher, len(head) + 1).cast("INTEGER")
    highest = (
        Receipt.select(fn.MAX(number))
        .where(Receipt.voucher.startswith(head) & (fn.LENGTH(Receipt.voucher) > len(head)))
        .scalar()
    )
    return f"{head}{(highest or 0) + 1:0{WIDTH}d}"


def number_blank(receipts: list[Receipt]) -> None:
    """Give each receipt of a batch (an import's) without a 收据编号 the next of its year, in order."""
    prefix_now = prefix()
    following: dict[int, int] = {}
    for receipt in receipts:
        if (receipt.voucher or "").strip():
            continue
        year = receipt.date.year
        if year not in following:
            following[year] = int(next_voucher(receipt.date).rsplit("-", 1)[1])
        receipt.voucher = f"{prefix_now}{year}-{following[year]:0{WIDTH}d}"
        following[year] += 1
