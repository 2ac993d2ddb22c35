"""The progress report as one self-contained HTML file that prints on A4 landscape.

Nothing is fetched: CSS is inline, fonts are the ones Chinese computers already have, and there
are no scripts or images, so the file opens and prints the same offline on any browser. Table
headers repeat on every printed page (``thead``) and each section starts on a new page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path

from .report_data import (
    REVERSAL,
    REVERSED,
    SUBTOTAL,
    TOTAL,
    Column,
    ReportData,
    Table,
    display,
    is_number,
    value_key,
)

FONT_STACK = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", SimSun, sans-serif'

BASE_CSS = """
* { box-sizing: border-box; }
body { font-family: %(font)s; font-size: 9pt; color: #000; margin: 16px; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 4px; }
h2 { font-size: 12pt; margin: 0 0 4px; }
p.sub { margin: 0 0 6px; }
.scroll { overflow-x: auto; padding: 1px; }
table { border-collapse: collapse; width: 100%%; margin: 0 0 8px; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 0.6pt solid #333; padding: 1px 3px; vertical-align: middle; white-space: nowrap; }
th { background: #d9e1f2; font-weight: bold; text-align: center; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.date { white-space: nowrap; }
td.wrap { white-space: normal; min-width: 14em; }
tr.total td, tr.subtotal td { font-weight: bold; background: #f2f2f2; }
tr.reversed td { color: #777; text-decoration: line-through; }
tr.reversed td.corr { text-decoration: none; }
tr.reversal td { color: #c00000; }
section { margin-bottom: 12px; }
section + section { page-break-before: always; break-before: page; }
p.footer { margin-top: 10px; display: flex; justify-content: space-between; }
p.note { margin: 2px 0; }
@page { size: A4 %(orientation)s; margin: 10mm 8mm 12mm 8mm; }
@media print {
  body { margin: 0; font-size: %(print_size)s; }
  .scroll { overflow: visible; }
  th, td { padding: 0.5px 2px; }
}
"""


def page(
    title: str,
    body: str,
    *,
    landscape: bool = True,
    print_size: str = "7.5pt",
    extra_css: str = "",
    lang: str = "zh",
) -> str:
    head = page_head(title, landscape=landscape, print_size=print_size, extra_css=extra_css, lang=lang)
    return f"{head}{body}{PAGE_TAIL}"


def page_head(
    title: str, *, landscape: bool = True, print_size: str = "7.5pt", extra_css: str = "", lang: str = "zh"
) -> str:
    """Everything before the body's content (a long report writes its body piece by piece)."""
    css = BASE_CSS % {
        "font": FONT_STACK,
        "orientation": "landscape" if landscape else "portrait",
        "print_size": print_size,
    }
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{css}{extra_css}</style>\n</head>\n"
        f"<body>\n"
    )


PAGE_TAIL = "</body>\n</html>\n"


def _cell(col: Column, value: object) -> str:
    text = escape(display(col, value)) if value is not None else ""
    classes = []
    if is_number(col) and not isinstance(value, str):
        classes.append("num")
    elif col.kind == "date" and not isinstance(value, str):
        classes.append("date")
    if col.wrap:
        classes.append("wrap")
    if col.key == "correction":
        classes.append("corr")
    attr = f' class="{" ".join(classes)}"' if classes else ""
    return f"<td{attr}>{text}</td>"


def _header(columns: list[Column]) -> str:
    if not any(c.group for c in columns):
        return "<tr>" + "".join(f"<th>{escape(c.label)}</th>" for c in columns) + "</tr>"
    top, bottom = [], []
    i = 0
    while i < len(columns):
        col = columns[i]
        if not col.group:
            top.append(f'<th rowspan="2">{escape(col.label)}</th>')
            i += 1
            continue
        end = i
        while end < len(columns) and columns[end].group == col.group:
            bottom.append(f"<th>{escape(columns[end].label)}</th>")
            end += 1
        top.append(f'<th colspan="{end - i}">{escape(col.group)}</th>')
        i = end
    return "<tr>" + "".join(top) + "</tr>\n<tr>" + "".join(bottom) + "</tr>"


_ROW_CLASS = {TOTAL: "total", SUBTOTAL: "subtotal", REVERSED: "reversed", REVERSAL: "reversal"}


def _cell_maker(col: Column) -> Callable[[object], str]:
    """``_cell`` for one column, remembering each value's cell: names, dates and amounts repeat
    down a long table, and escaping them once each is most of the time saved."""
    made: dict[object, str] = {}

    def cell(value: object) -> str:
        key = value_key(value)
        try:
            return made[key]
        except KeyError:
            text = made[key] = _cell(col, value)
            return text
        except TypeError:  # not hashable
            return _cell(col, value)

    return cell


def iter_table(table: Table, keys: list[str] | None = None) -> Iterator[str]:
    """``render_table`` in pieces, one row at a time."""
    index = [table.index(k) for k in keys] if keys else list(range(len(table.columns)))
    columns = [table.columns[i] for i in index]
    cells = [_cell_maker(c) for c in columns]
    yield f'<div class="scroll"><table>\n<thead>\n{_header(columns)}\n</thead>\n<tbody>'
    for row in table.rows:
        css = _ROW_CLASS.get(row.style)
        attr = f' class="{css}"' if css else ""
        values = row.values
        yield (
            f"\n<tr{attr}>"
            + "".join([cell(values[i]) for cell, i in zip(cells, index, strict=True)])
            + "</tr>"
        )
    yield "\n</tbody>\n</table></div>"


def render_table(table: Table, keys: list[str] | None = None) -> str:
    """A table (or some of its columns) as HTML; rows keep their style as a class."""
    return "".join(iter_table(table, keys))


def iter_body(data: ReportData) -> Iterator[str]:
    for n, table in enumerate(data.tables):
        if n:
            yield "\n"
        yield f'<section id="{escape(table.key)}">\n'
        if table.key == "progress":
            yield f"<h1>{escape(data.title)}</h1>\n"
        else:
            yield f"<h2>{escape(table.heading)}</h2>\n"
        yield f'<p class="sub">{escape(data.subtitle_for(table))}</p>\n'
        for keys in table.parts or [None]:
            yield from iter_table(table, keys)
            yield "\n"
        for note in table.notes:
            yield f'<p class="note">{escape(note)}</p>\n'
        if table.key == "progress":
            sep = "：" if data.lang == "zh" else ": "
            yield (
                '<p class="footer">'
                + "".join(f"<span>{escape(k)}{sep}{escape(v)}</span>" for k, v in data.footer)
                + "</p>\n"
            )
        yield "</section>"
    yield "\n"


def render(data: ReportData) -> str:
    return page(data.title, "".join(iter_body(data)), lang=data.lang)


def write_html(data: ReportData, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(page_head(data.title, lang=data.lang))
        fh.writelines(iter_body(data))
        fh.write(PAGE_TAIL)
    return path
