"""How the app writes the quantities that are not money: percentages and work days.

Screens, the ``summary`` table and the reports all go through these, so 到位率 or 工日 reads the
same wherever it is shown (money has its own module, ``tracker.money``).
"""

from __future__ import annotations

from decimal import Decimal


def pct(value: Decimal | None) -> str:
    """``62.5%``; "—" when there is nothing to divide by (no budget, no milestones)."""
    return "—" if value is None else f"{value}%"


def days(value: Decimal | int) -> str:
    """Work days without trailing zeros: ``1.5``, ``3``."""
    return f"{Decimal(value).normalize():f}" if value else "0"


def half_days_text(half_days: int) -> str:
    """Labour stored as half days, shown as days: 3 -> "1.5"."""
    return days(Decimal(half_days) / 2)
