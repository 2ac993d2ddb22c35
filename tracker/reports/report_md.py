"""The progress report as Markdown tables (for a wiki, a chat or a quick look in a text editor)."""

from __future__ import annotations

from pathlib import Path

from .report_data import REVERSED, SUBTOTAL, TOTAL, Column, ReportData, Table, display, is_number


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


def render_table(table: Table) -> str:
    cols = table.columns
    lines = [
        "| " + " | ".join(_escape(c.flat_label()) for c in cols) + " |",
        "|" + "|".join("---:" if is_number(c) else "---" for c in cols) + "|",
    ]
    for row in table.rows:
        cells = [_cell(c, v, row.style) for c, v in zip(cols, row.values, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(data: ReportData) -> str:
    sep = "：" if data.lang == "zh" else ": "
    out = [f"# {_escape(data.title)}", "", _escape(data.subtitle), ""]
    for table in data.tables:
        out += [f"## {_escape(table.title)}", ""]
        if table.heading:
            out += [_escape(table.heading), ""]
        out += [render_table(table), ""]
        out += [_escape(n) + "\n" for n in table.notes]
        if table.key == "progress":
            out += [
                ("　" if data.lang == "zh" else "  ").join(
                    f"{_escape(k)}{sep}{_escape(v)}" for k, v in data.footer
                ),
                "",
            ]
    return "\n".join(out)


def write_md(data: ReportData, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(data), encoding="utf-8", newline="\n")
    return path
