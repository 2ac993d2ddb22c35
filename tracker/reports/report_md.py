"""The progress report as Markdown tables (for a wiki, a chat or a quick look in a text editor)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .report_data import REVERSED, SUBTOTAL, TOTAL, Column, ReportData, Table, display, is_number, value_key


def _escape(text: str) -> str:
    # A line break would end the table row; other spacing (the wide 　 too) is kept.
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.splitlines()).strip()


def _cell(col: Column, value: object, style: str) -> str:
    text = _escape(display(col, value)) if value is not None else ""
    if not text:
        return ""
    if style in (TOTAL, SUBTOTAL):
        return f"**{text}**"
    if style == REVERSED and col.key != "correction":
        return f"~~{text}~~"
    return text


def iter_table(table: Table) -> Iterator[str]:
    """``render_table`` one line at a time (without the line ends)."""
    cols = table.columns
    yield "| " + " | ".join(_escape(c.flat_label()) for c in cols) + " |"
    yield "|" + "|".join("---:" if is_number(c) else "---" for c in cols) + "|"
    made: dict[tuple, str] = {}  # (column, value, row style) -> cell: values repeat down a table
    for row in table.rows:
        cells = []
        for i, (c, v) in enumerate(zip(cols, row.values, strict=True)):
            key = (i, value_key(v), row.style)
            try:
                text = made[key]
            except KeyError:
                text = made[key] = _cell(c, v, row.style)
            except TypeError:  # not hashable
                text = _cell(c, v, row.style)
            cells.append(text)
        yield "| " + " | ".join(cells) + " |"


def render_table(table: Table) -> str:
    return "\n".join(iter_table(table))


def iter_lines(data: ReportData) -> Iterator[str]:
    """The document line by line (a line may hold line ends of its own, as a note's does)."""
    sep = "：" if data.lang == "zh" else ": "
    yield from (f"# {_escape(data.title)}", "", _escape(data.subtitle), "")
    for table in data.tables:
        yield from (f"## {_escape(table.title)}", "")
        if table.heading:
            yield from (_escape(table.heading), "")
        yield from iter_table(table)
        yield ""
        for n in table.notes:
            yield _escape(n) + "\n"
        if table.key == "progress":
            yield ("　" if data.lang == "zh" else "  ").join(
                f"{_escape(k)}{sep}{_escape(v)}" for k, v in data.footer
            )
            yield ""


def render(data: ReportData) -> str:
    return "\n".join(iter_lines(data))


def write_md(data: ReportData, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for n, line in enumerate(iter_lines(data)):
            fh.write(f"\n{line}" if n else line)
    return path
