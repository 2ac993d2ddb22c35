"""Plain-text tables that line up with Chinese characters (two columns wide in a terminal)."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, align: str = "<") -> str:
    gap = max(0, size - width(text))
    return text + " " * gap if align == "<" else " " * gap + text


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """Columns separated by two spaces; ``align`` is one '<' or '>' per column (default: first left)."""
    align = align or "<" + ">" * (len(header) - 1)
    widths = [max(width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(pad(h, w, a) for h, w, a in zip(header, widths, align, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(pad(str(c), w, a) for c, w, a in zip(row, widths, align, strict=True)).rstrip()
        )
    return "\n".join(lines)
