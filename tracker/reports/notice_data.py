"""The 公示 for the village notice board (村务公开): money in and out of a period, item by item.

This module builds what the notice says (``NoticeData``); ``notice_html``, ``notice_xlsx`` and
``notice_text`` only lay it out, for the board, as a workbook and for a WeChat group.

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

import pendulum

from models import SOURCES

from .. import dates, ledger, listings, money
from ..errors import UserError
from ..i18n import lang_or_current, register, t
from .report_data import DATE, INT, MONEY, TEXT, TOTAL, Column, Row, Table

NOTICE_KINDS = ("receipt", "in_kind", "expense")
DEFAULT_DAYS = 7


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

    @property
    def content_line(self) -> str:
        return t(
            "notice.content",
            self.lang,
            start=dates.format_for(self.date_from, self.lang),
            end=dates.format_for(self.date_to, self.lang),
        )

    @property
    def posting_line(self) -> str:
        return t(
            "notice.posting",
            self.lang,
            start=dates.format_for(self.posted_from, self.lang),
            end=dates.format_for(self.posted_to, self.lang),
            days=self.days,
        )

    @property
    def closing(self) -> list[str]:
        return [
            t("notice.ask", self.lang),
            t("report.committee", self.lang, village=self.village.name),
            t("notice.supervisor", self.lang),
            dates.format_for(dates.today(), self.lang),
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
        return Column(key, t(label_key, lang), kind_, "", wrap)

    first = [col("seq", "report.col.seq", INT), col("date", "report.col.date", DATE)]
    if kind == "receipt":
        return first + [
            col("name", "report.col.contributor", wrap=True),
            col("source", "report.col.source"),
            col("project", "report.col.project"),
            col("amount", "report.col.amount", MONEY),
            col("voucher", "report.col.voucher"),
        ]
    if kind == "in_kind":
        return first + [
            col("name", "report.col.contributor", wrap=True),
            col("item", "notice.col.item_qty"),
            col("project", "report.col.project"),
            col("amount", "notice.col.value", MONEY),
            col("source", "report.col.source"),
        ]
    return first + [
        col("name", "report.col.expense_item", wrap=True),
        col("payee", "report.col.payee", wrap=True),
        col("project", "report.col.project"),
        col("amount", "report.col.amount", MONEY),
        col("voucher", "report.col.expense_voucher"),
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
        return f"{t('report.kind.expense', lang)}“{r.item}”" if lang == "zh" else f'expense "{r.item}"'
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
        Row([{"name": t("notice.total", lang, n=len(items)), "amount": total}.get(k) for k in keys], TOTAL)
    )
    corrections = [
        t(
            "notice.correction",
            lang,
            date=dates.format_for(r.date, lang),
            what=_what(kind, r, lang),
            amount=money.format_yuan(-r.amount_fen),
            reason=r.reason,
        )
        for r in listings.money_rows(kind, **filters)
        if r.is_reversal
    ]
    heading = t(f"notice.sec.{kind}", lang, n=len(items))
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
    lang = lang_or_current(lang)
    if days < 1:
        raise UserError("notice.bad_days", days=days)
    start, end = period(date_from, date_to)
    posted_from, posted_to = posting_period(end, days)
    village = ledger.village_info()
    pid = project[0] if project else None
    title = (
        t("notice.title_project", lang, village=village.name, project=project[1])
        if project
        else t("notice.title", lang, village=village.name)
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


def default_name(data: NoticeData, ext: str) -> str:
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
    return f"{stem}_{span}.{ext}"


register(
    zh={
        "notice.bad_period": "公示期间的开始日期 {start} 晚于结束日期 {end}；请检查 --from 和 --to",
        "notice.bad_days": "--days 应为不小于 1 的天数，现在是 {days}",
        "notice.file_stem": "{village}公示",
        "notice.file_span": "{start}至{end}",
        "notice.title": "{village}秀美屋场资金收支公示",
        "notice.title_project": "{village}{project}资金收支公示",
        "notice.content": "公示内容：{start}至{end}收到的资金（到账）、捐赠物资（筹料）和各项支出，逐笔列示。",
        "notice.posting": "公示期：{start}至{end}（共{days}天）",
        "notice.sec.receipt": "一、收到资金（{n}笔）",
        "notice.sec.in_kind": "二、捐赠物资（{n}笔）",
        "notice.sec.expense": "三、支出（{n}笔）",
        "notice.col.item_qty": "物品及数量",
        "notice.col.value": "折价（元）",
        "notice.total": "合计（{n}笔）",
        "notice.empty": "本期无。",
        "notice.corrections": "更正：本期冲销{n}笔录入错误，冲销记录与被冲销的原记录均不列入上表和合计：",
        "notice.correction": "{date}冲销：{what}{amount}，原因：{reason}",
        "notice.ask": "以上如有疑问，请在公示期内向村委会或村务监督委员会反映。",
        "notice.supervisor": "村务监督委员会（签字）：",
        "notice.text_head": "【村务公开】{title}",
        "notice.text_period": "公示内容：{start}至{end}",
        "notice.text_sec": "{name}{n}笔，合计{amount}",
        "notice.text_sec_empty": "{name}：本期无",
        "notice.text_name.receipt": "一、收到资金",
        "notice.text_name.in_kind": "二、捐赠物资",
        "notice.text_name.expense": "三、支出",
        "notice.text_more": "……另有{n}笔，明细见村务公开栏",
        "notice.text_top": "（以下为金额最大的{n}笔）",
        "notice.text_corrections": "更正：本期冲销录入错误{n}笔，已从上面的笔数和合计中除去。",
        "notice.text_end": "公示期：{start}至{end}。明细见村务公开栏，如有疑问请向村委会反映。",
    },
    en={
        "notice.bad_period": "The period starts on {start}, after it ends on {end}; check --from and --to",
        "notice.bad_days": "--days must be a number of days of at least 1, not {days}",
        "notice.file_stem": "{village}-notice",
        "notice.file_span": "{start}-to-{end}",
        "notice.title": "Public notice: money in and out of the homestead projects, {village}",
        "notice.title_project": "Public notice: money in and out of {project}, {village}",
        "notice.content": "Money received, in-kind gifts and expenses from {start} to {end}, item by item.",
        "notice.posting": "Posted from {start} to {end} ({days} {days|day|days})",
        "notice.sec.receipt": "1. Money received ({n} {n|item|items})",
        "notice.sec.in_kind": "2. In-kind gifts ({n} {n|item|items})",
        "notice.sec.expense": "3. Expenses ({n} {n|item|items})",
        "notice.col.item_qty": "Item and quantity",
        "notice.col.value": "Value (yuan)",
        "notice.total": "Total ({n} {n|item|items})",
        "notice.empty": "None in this period.",
        "notice.corrections": "Corrections in this period: {n}. Entries typed wrong were reversed; neither they nor their reversals are in the table or its total:",
        "notice.correction": "{date}: reversed {what} {amount}; reason: {reason}",
        "notice.ask": "Questions about this notice: please ask the village committee or the village affairs supervisory committee while it is posted.",
        "notice.supervisor": "Village affairs supervisory committee (signature):",
        "notice.text_head": "{title}",
        "notice.text_period": "Period: {start} to {end}",
        "notice.text_sec": "{name}: {n} {n|item|items}, total {amount}",
        "notice.text_sec_empty": "{name}: none",
        "notice.text_name.receipt": "1. Money received",
        "notice.text_name.in_kind": "2. In-kind gifts",
        "notice.text_name.expense": "3. Expenses",
        "notice.text_more": "... and {n} more, see the notice board",
        "notice.text_top": "(the {n} largest below)",
        "notice.text_corrections": "Corrections in this period: {n}. Entries typed wrong and their reversals are left out of the counts and totals above.",
        "notice.text_end": "Posted from {start} to {end}. Details on the notice board; questions to the village committee.",
    },
)
