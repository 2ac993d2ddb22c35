"""The 公示 for the village notice board (村务公开): money in and out of a period, item by item.

What it lists, and why:

- every receipt (到账, each payer named, grouped by source), in-kind gift (筹料) and expense of
  the period, one line each — never lumped together as 其他;
- only entries that stand: an entry typed wrong and its reversal (冲销) are both left out of the
  tables and totals, and a 更正 line under the section names each reversal made in the period
  with its reason. So the board shows what really came in and went out, each total is the sum of
  the lines above it (``listings.money_total`` with ``live_only=True`` and the same filters as the
  rows), and no correction is hidden — a reversal of an entry posted on an earlier notice shows up;
- names, never phone numbers (nothing here reads a phone field);
- the 公示期: from the day it is posted (today, or the period's end if that is later) for
  ``days`` days (7 by default).

The default period is the current month up to today (villages post their accounts monthly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pendulum

from models import SOURCES

from .. import dates, ledger, listings, money
from ..errors import UserError
from ..i18n import register, t
from .report_data import (
    DATE,
    INT,
    MONEY,
    TEXT,
    TOTAL,
    Column,
    Row,
    Table,
    format_date,
    label,
    lang_or_default,
)

NOTICE_KINDS = ("receipt", "in_kind", "expense")
DEFAULT_DAYS = 7
TEXT_ITEMS = 10  # items per section in the WeChat text (the largest); the notice board has them all


@dataclass
class NoticeSection:
    kind: str
    heading: str
    table: Table
    items: list[listings.MoneyRow]
    total_fen: int
    corrections: list[str] = field(default_factory=list)


@dataclass
class NoticeData:
    lang: str
    village: ledger.VillageInfo
    date_from: pendulum.Date
    date_to: pendulum.Date
    posted_from: pendulum.Date
    posted_to: pendulum.Date
    days: int
    project: str | None
    title: str
    sections: list[NoticeSection]

    def label(self, key: str, **kwargs: object) -> str:
        return label(self.lang, key, **kwargs)

    @property
    def content_line(self) -> str:
        return self.label(
            "notice.content",
            start=format_date(self.date_from, self.lang),
            end=format_date(self.date_to, self.lang),
        )

    @property
    def posting_line(self) -> str:
        return self.label(
            "notice.posting",
            start=format_date(self.posted_from, self.lang),
            end=format_date(self.posted_to, self.lang),
            days=self.days,
        )

    @property
    def closing(self) -> list[str]:
        return [
            self.label("notice.ask"),
            self.label("notice.committee", village=self.village.name),
            self.label("notice.supervisor"),
            format_date(dates.today(), self.lang),
        ]


def period(
    date_from: pendulum.Date | None, date_to: pendulum.Date | None
) -> tuple[pendulum.Date, pendulum.Date]:
    """The period of a notice: by default from the first of the end date's month to today."""
    end = date_to or dates.today()
    start = date_from or end.start_of("month")
    if start > end:
        raise UserError("notice.bad_period", start=dates.format_iso(start), end=dates.format_iso(end))
    return start, end


def posting_period(date_to: pendulum.Date, days: int = DEFAULT_DAYS) -> tuple[pendulum.Date, pendulum.Date]:
    """The 公示期: posted today (or at the period's end if that is later), for ``days`` days."""
    start = max(date_to, dates.today())
    return start, start.add(days=days - 1)


def _columns(kind: str, lang: str) -> list[Column]:
    def col(key: str, label_key: str, kind_: str = TEXT, wrap: bool = False) -> Column:
        return Column(key, label(lang, label_key), kind_, "", wrap)

    first = [col("seq", "col.seq", INT), col("date", "col.date", DATE)]
    if kind == "receipt":
        return first + [
            col("name", "col.contributor", wrap=True),
            col("source", "col.source"),
            col("project", "col.project"),
            col("amount", "col.amount", MONEY),
            col("voucher", "col.voucher"),
        ]
    if kind == "in_kind":
        return first + [
            col("name", "col.contributor", wrap=True),
            col("item", "notice.col.item_qty"),
            col("project", "col.project"),
            col("amount", "notice.col.value", MONEY),
            col("source", "col.source"),
        ]
    return first + [
        col("name", "col.expense_item", wrap=True),
        col("payee", "col.payee", wrap=True),
        col("project", "col.project"),
        col("amount", "col.amount", MONEY),
        col("voucher", "col.expense_voucher"),
    ]


def _values(kind: str, r: listings.MoneyRow, lang: str) -> dict[str, object]:
    source = t(f"source.{r.source}", lang) if r.source else ""
    values: dict[str, object] = {
        "date": r.date,
        "project": r.project,
        "amount": r.amount_fen,
        "source": source,
        "voucher": r.voucher,
    }
    if kind == "expense":
        values |= {"name": r.item, "payee": r.payee}
    else:
        values["name"] = r.contributor
    if kind == "in_kind":
        values["item"] = r.item + (f"（{r.quantity}{r.unit}）" if r.quantity else "")
    return values


def _what(kind: str, r: listings.MoneyRow, lang: str) -> str:
    if kind == "expense":
        return f"{label(lang, 'kind.expense')}“{r.item}”" if lang == "zh" else f'expense "{r.item}"'
    name = r.contributor + (f" {r.item}" if kind == "in_kind" else "")
    source = t(f"source.{r.source}", lang)
    return f"{name}（{source}）" if lang == "zh" else f"{name} ({source})"


def _section(kind: str, start, end, pid, lang: str) -> NoticeSection:
    filters = {"as_of": end, "date_from": start, "project_id": pid}
    items = listings.money_rows(kind, live_only=True, **filters)
    if kind != "expense":  # receipts and gifts by source (the order of SOURCES), then by date
        items.sort(key=lambda r: SOURCES.index(r.source))
    total = listings.money_total(kind, live_only=True, **filters)
    columns = _columns(kind, lang)
    keys = [c.key for c in columns]
    rows = [
        Row([(_values(kind, r, lang) | {"seq": i}).get(k) for k in keys])
        for i, r in enumerate(items, start=1)
    ]
    rows.append(
        Row(
            [{"name": label(lang, "notice.total", n=len(items)), "amount": total}.get(k) for k in keys], TOTAL
        )
    )
    corrections = [
        label(
            lang,
            "notice.correction",
            date=format_date(r.date, lang),
            what=_what(kind, r, lang),
            amount=money.format_yuan(-r.amount_fen),
            reason=r.reason,
        )
        for r in listings.money_rows(kind, **filters)
        if r.is_reversal
    ]
    heading = label(lang, f"notice.sec.{kind}", n=len(items))
    table = Table(kind, heading, heading, columns, rows)
    return NoticeSection(kind, heading, table, items, total, corrections)


def build(
    date_from: pendulum.Date | None = None,
    date_to: pendulum.Date | None = None,
    *,
    project: tuple[int, str] | None = None,
    days: int = DEFAULT_DAYS,
    lang: str | None = None,
) -> NoticeData:
    lang = lang_or_default(lang)
    if days < 1:
        raise UserError("notice.bad_days", days=days)
    start, end = period(date_from, date_to)
    posted_from, posted_to = posting_period(end, days)
    village = ledger.village_info()
    pid = project[0] if project else None
    title = (
        label(lang, "notice.title_project", village=village.name, project=project[1])
        if project
        else label(lang, "notice.title", village=village.name)
    )
    return NoticeData(
        lang,
        village,
        start,
        end,
        posted_from,
        posted_to,
        days,
        project[1] if project else None,
        title,
        [_section(kind, start, end, pid, lang) for kind in NOTICE_KINDS],
    )


# --- writers ------------------------------------------------------------------------------------


NOTICE_CSS = """
body { font-size: 11pt; }
h1 { font-size: 20pt; letter-spacing: 2px; margin-bottom: 8px; }
h2 { font-size: 13pt; margin: 14px 0 4px; }
p.lead { margin: 2px 0; }
p.posting { font-weight: bold; margin: 2px 0 8px; }
section + section { page-break-before: auto; break-before: auto; }
p.corr { font-size: 10pt; margin: 2px 0 2px 1em; }
p.empty { margin: 2px 0 8px 1em; }
div.sign { margin-top: 18px; text-align: right; line-height: 2; }
div.sign p { margin: 0; }
p.ask { margin-top: 14px; }
@media print { body { font-size: 10.5pt; } th, td { padding: 2px 4px; } }
"""


def render_html(data: NoticeData) -> str:
    from html import escape

    from .report_html import page, render_table

    parts = [
        f"<h1>{escape(data.title)}</h1>",
        f'<p class="lead">{escape(data.content_line)}</p>',
        f'<p class="posting">{escape(data.posting_line)}</p>',
    ]
    for section in data.sections:
        parts.append(f"<section><h2>{escape(section.heading)}</h2>")
        if section.items:
            parts.append(render_table(section.table))
        else:
            parts.append(f'<p class="empty">{escape(data.label("notice.empty"))}</p>')
        if section.corrections:
            parts.append(
                f'<p class="corr">{escape(data.label("notice.corrections", n=len(section.corrections)))}</p>'
            )
            parts += [f'<p class="corr">{escape(line)}</p>' for line in section.corrections]
        parts.append("</section>")
    ask, committee, supervisor, made_on = data.closing
    parts.append(f'<p class="ask">{escape(ask)}</p>')
    parts.append(
        f'<div class="sign"><p>{escape(committee)}</p><p>{escape(supervisor)}'
        f"{'&nbsp;' * 24}</p><p>{escape(made_on)}</p></div>"
    )
    return page(
        data.title,
        "\n".join(parts) + "\n",
        landscape=False,
        print_size="10.5pt",
        extra_css=NOTICE_CSS,
        lang=data.lang,
    )


def write_html(data: NoticeData, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(data), encoding="utf-8", newline="\n")
    return path


def write_xlsx(data: NoticeData, path: str | Path) -> Path:
    """One sheet, A4 portrait: the title, the 公示期, the three sections and the signatures."""
    from openpyxl import Workbook

    from .report_xlsx import SheetWriter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "公示" if data.lang == "zh" else "Notice"
    ncols = max(len(s.table.columns) for s in data.sections)
    sheet = SheetWriter(ws, ncols)
    sheet.title(data.title)
    sheet.merged_line(data.content_line, align="left")
    sheet.merged_line(data.posting_line, bold=True, align="left")
    for section in data.sections:
        sheet.blank()
        sheet.merged_line(section.heading, bold=True, align="left")
        if section.items:
            sheet.table(section.table)
        else:
            sheet.merged_line(data.label("notice.empty"), align="left")
        if section.corrections:
            sheet.merged_line(data.label("notice.corrections", n=len(section.corrections)), align="left")
            for line in section.corrections:
                sheet.merged_line(line, align="left")
    sheet.blank()
    ask, committee, supervisor, made_on = data.closing
    sheet.merged_line(ask, align="left")
    for line in (committee, supervisor, made_on):
        sheet.merged_line(line, align="right")
    sheet.finish(landscape=False)
    wb.properties.title = data.title
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _short_date(d: pendulum.Date, data: NoticeData) -> str:
    if data.lang == "zh" and d.year == data.date_to.year:
        return f"{d.month}月{d.day}日"
    return format_date(d, data.lang)


def _text_item(kind: str, r: listings.MoneyRow, data: NoticeData) -> str:
    lang = data.lang
    amount = money.format_yuan(r.amount_fen)
    day = _short_date(r.date, data)
    if kind == "expense":
        payee = (f"（{r.payee}）" if lang == "zh" else f" ({r.payee})") if r.payee else ""
        return f"· {day} {r.item} {amount}{payee}"
    source = t(f"source.{r.source}", lang)
    if kind == "in_kind":
        qty = f"{r.quantity}{r.unit}" if r.quantity else ""
        return f"· {day} {r.contributor} {r.item}{qty} {source} {amount}"
    return f"· {day} {r.contributor} {source} {amount}"


def render_text(data: NoticeData) -> str:
    """A short version to paste into the village WeChat group."""
    lines = [
        data.label("notice.text_head", village=data.village.name, title=data.title),
        data.label(
            "notice.text_period",
            start=format_date(data.date_from, data.lang),
            end=format_date(data.date_to, data.lang),
        ),
    ]
    corrections = 0
    for s in data.sections:
        name = data.label(f"notice.text_name.{s.kind}")
        if not s.items:
            lines.append(data.label("notice.text_sec_empty", name=name))
        else:
            head = data.label(
                "notice.text_sec", name=name, n=len(s.items), amount=money.format_yuan(s.total_fen)
            )
            shown = s.items
            if len(s.items) > TEXT_ITEMS:
                # A chat message names the largest items; the notice board lists every one.
                shown = sorted(s.items, key=lambda r: (-r.amount_fen, r.date, r.id))[:TEXT_ITEMS]
                shown.sort(key=lambda r: (r.date, r.id))
                head += data.label("notice.text_top", n=TEXT_ITEMS)
            lines.append(head)
            lines += [_text_item(s.kind, r, data) for r in shown]
            if len(s.items) > TEXT_ITEMS:
                lines.append(data.label("notice.text_more", n=len(s.items) - TEXT_ITEMS))
        corrections += len(s.corrections)
    if corrections:
        lines.append(data.label("notice.text_corrections", n=corrections))
    lines.append(
        data.label(
            "notice.text_end",
            start=format_date(data.posted_from, data.lang),
            end=format_date(data.posted_to, data.lang),
        )
    )
    lines.append(data.label("notice.committee", village=data.village.name))
    return "\n".join(lines) + "\n"


def write_text(data: NoticeData, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # With a BOM, Notepad on older Windows opens the Chinese text correctly.
    path.write_text(render_text(data), encoding="utf-8-sig", newline="\n")
    return path


WRITERS = {"html": write_html, "xlsx": write_xlsx, "text": write_text}
EXTENSIONS = {"html": "html", "xlsx": "xlsx", "text": "txt"}


def write_notice(data: NoticeData, fmt: str, path: str | Path) -> Path:
    return WRITERS[fmt](data, path)


def default_name(data: NoticeData, fmt: str) -> str:
    """``桐柏村公示_2026-11-01至2026-11-28.html``."""
    stem = t("notice.file_stem", data.lang, village=data.village.name or "xiumei")
    if data.project:
        stem += f"_{data.project}"
    span = t(
        "notice.file_span",
        data.lang,
        start=dates.format_iso(data.date_from),
        end=dates.format_iso(data.date_to),
    )
    return f"{stem}_{span}.{EXTENSIONS[fmt]}"


register(
    zh={
        "notice.bad_period": "公示期间的开始日期 {start} 晚于结束日期 {end}；请检查 --from 和 --to",
        "notice.bad_days": "--days 应为不小于 1 的天数，现在是 {days}",
        "notice.file_stem": "{village}公示",
        "notice.file_span": "{start}至{end}",
    },
    en={
        "notice.bad_period": "The period starts on {start}, after it ends on {end}; check --from and --to",
        "notice.bad_days": "--days must be a number of days of at least 1, not {days}",
        "notice.file_stem": "{village}-notice",
        "notice.file_span": "{start}-to-{end}",
    },
)
