"""The 公示 as a short text to paste into the village WeChat group."""

from __future__ import annotations

from pathlib import Path

from .. import dates, listings, money
from ..i18n import t
from .notice_data import NoticeData

TEXT_ITEMS = 10  # items per section in the WeChat text (the largest); the notice board has them all


def _text_item(kind: str, r: listings.MoneyRow, data: NoticeData) -> str:
    lang = data.lang
    amount = money.format_yuan(r.amount_fen)
    day = dates.format_short(r.date, lang, year=data.date_to.year)
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
        t("notice.text_head", data.lang, village=data.village.name, title=data.title),
        t(
            "notice.text_period",
            data.lang,
            start=dates.format_for(data.date_from, data.lang),
            end=dates.format_for(data.date_to, data.lang),
        ),
    ]
    corrections = 0
    for s in data.sections:
        name = t(f"notice.text_name.{s.kind}", data.lang)
        if not s.items:
            lines.append(t("notice.text_sec_empty", data.lang, name=name))
        else:
            head = t(
                "notice.text_sec", data.lang, name=name, n=len(s.items), amount=money.format_yuan(s.total_fen)
            )
            shown = s.items
            if len(s.items) > TEXT_ITEMS:
                # A chat message names the largest items; the notice board lists every one.
                shown = sorted(s.items, key=lambda r: (-r.amount_fen, r.date, r.id))[:TEXT_ITEMS]
                shown.sort(key=lambda r: (r.date, r.id))
                head += t("notice.text_top", data.lang, n=TEXT_ITEMS)
            lines.append(head)
            lines += [_text_item(s.kind, r, data) for r in shown]
            if len(s.items) > TEXT_ITEMS:
                lines.append(t("notice.text_more", data.lang, n=len(s.items) - TEXT_ITEMS))
        corrections += len(s.corrections)
    if corrections:
        lines.append(t("notice.text_corrections", data.lang, n=corrections))
    lines.append(
        t(
            "notice.text_end",
            data.lang,
            start=dates.format_for(data.posted_from, data.lang),
            end=dates.format_for(data.posted_to, data.lang),
        )
    )
    lines.append(t("report.committee", data.lang, village=data.village.name))
    return "\n".join(lines) + "\n"


def write_text(data: NoticeData, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # With a BOM, Notepad on older Windows opens the Chinese text correctly.
    path.write_text(render_text(data), encoding="utf-8-sig", newline="\n")
    return path
