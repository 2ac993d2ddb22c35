"""The town's report: one row per village (and a 合计 row), then every project of every village.

Built as the same ``ReportData`` the village report uses, so the xlsx, html, csv and md writers
lay it out and print it the same way (A4 landscape, headers on every page, 填报单位 at the foot).
The figures are the town summary's; the report adds none of its own.
"""

from __future__ import annotations

from pathlib import Path

from models import SOURCES

from .. import dates, ledger
from ..exports import write_report
from ..i18n import get_lang, t
from ..reports.report_data import (
    DATE,
    DAYS,
    INT,
    MONEY,
    PCT,
    PLAIN,
    TEXT,
    TOTAL,
    Column,
    ReportData,
    Row,
    Table,
    display,
    figure_values,
)
from ..text_table import table as text_table
from .town_ledger import LATE_DAYS, TownSummary


def _money_columns(lang: str) -> list[Column]:
    cols = [Column("budget", t("town.col.budget", lang), MONEY)]
    for kind in ("pledged", "received"):
        group = t(f"town.col.{kind}", lang)
        cols += [Column(f"{kind}_{s}", t(f"source.{s}", lang), MONEY, group) for s in SOURCES]
        cols.append(Column(f"{kind}_total", t("town.col.total", lang), MONEY, group))
    cols += [
        Column("rate", t("town.col.rate", lang), PCT),
        Column("spent", t("town.col.spent", lang), MONEY),
        Column("labour_days", t("town.col.labour_days", lang), DAYS),
        Column("progress", t("town.col.progress", lang), PCT),
        Column("ms_overdue", t("town.col.overdue", lang), INT),
    ]
    return cols


def _values(fig: ledger.Figures) -> dict[str, object]:
    values = figure_values(fig)
    values["pledged_total"] = fig.pledged.total
    return values


def _row(columns: list[Column], values: dict[str, object], style: str = PLAIN) -> Row:
    return Row([values.get(c.key) for c in columns], style)


def build(summary: TownSummary, lang: str | None = None) -> ReportData:
    lang = lang or get_lang()
    place = {"county": summary.county, "town": summary.town}
    title = t("town.title", lang, **place)
    if summary.as_of:
        as_of_text = t("town.as_of", lang, date=dates.format_for(summary.as_of, lang))
    else:
        as_of_text = t("town.as_of_own", lang)
    subtitle = f"{as_of_text}　{t('town.unit', lang)}"

    columns = [
        Column("seq", t("town.col.seq", lang), INT),
        Column("name", t("town.col.village", lang), TEXT),
        Column("projects", t("town.col.projects", lang), INT),
        *_money_columns(lang),
        Column("last_sent", t("town.col.last_sent", lang), DATE),
        Column("bundle_as_of", t("town.col.bundle_as_of", lang), DATE),
        Column("late", t("town.col.late", lang), TEXT),
    ]
    villages = Table(
        "progress",
        t("town.sheet.villages", lang),
        title,
        columns,
        parts=[
            ["seq", "name", "projects", "budget", *(f"pledged_{s}" for s in SOURCES), "pledged_total"],
            ["seq", "name", *(f"received_{s}" for s in SOURCES), "received_total", "rate", "spent"],
            ["seq", "name", "labour_days", "progress", "ms_overdue", "last_sent", "bundle_as_of", "late"],
        ],
    )
    for i, v in enumerate(summary.villages, start=1):
        values = {
            "seq": i,
            "name": v.name,
            "projects": v.projects,
            **_values(v.figures),
            "last_sent": v.last_sent,
            "bundle_as_of": v.bundle_as_of,
            "late": t("town.late", lang, days=LATE_DAYS) if v.late else t("town.on_time", lang),
        }
        villages.rows.append(_row(columns, values))
    totals = {
        "seq": None,
        "name": t("town.total", lang),
        "projects": summary.projects,
        **_values(summary.totals),
    }
    villages.rows.append(_row(columns, totals, TOTAL))

    pcols = [
        Column("seq", t("town.col.seq", lang), INT),
        Column("village", t("town.col.village", lang), TEXT),
        Column("name", t("town.col.project", lang), TEXT),
        Column("group", t("town.col.group", lang), TEXT),
        *_money_columns(lang),
        Column("status", t("town.col.status", lang), TEXT),
    ]
    projects = Table(
        "projects",
        t("town.sheet.projects", lang),
        t("town.heading.projects", lang, **place),
        pcols,
    )
    names = {v.id: v.name for v in summary.villages}
    seq = 0
    for v in summary.villages:
        village_summary = ledger.summary(summary.as_of or v.bundle_as_of, village_id=v.id)
        for p in village_summary.projects:
            seq += 1
            values = {
                "seq": seq,
                "village": names[v.id],
                "name": p.name,
                "group": p.group,
                **_values(p),
                "status": t(f"status.{p.status}", lang),
            }
            projects.rows.append(_row(pcols, values))
    projects.rows.append(_row(pcols, {"village": t("town.total", lang), **_values(summary.totals)}, TOTAL))

    info = ledger.VillageInfo(summary.town or summary.county, summary.town, summary.county, 0, "")
    made_on = summary.today
    unit = f"{summary.county}{summary.town}" if summary.town else summary.county
    return ReportData(
        lang=lang,
        title=title,
        subtitle=subtitle,
        village=info,
        as_of=summary.as_of or max((v.bundle_as_of for v in summary.villages), default=made_on),
        made_on=made_on,
        project=None,
        tables=[villages, projects],
        footer=[
            (t("town.unit_label", lang), unit),
            (t("town.made_label", lang), dates.format_for(made_on, lang)),
        ],
    )


def write(data: ReportData, fmt: str, path: Path) -> Path:
    return write_report(data, fmt, path)


def default_name(summary: TownSummary, fmt: str) -> str:
    stem = (summary.town or summary.county or "xiumei") + ("进度汇总" if get_lang() == "zh" else "-progress")
    when = (summary.as_of or summary.today).isoformat()
    return f"{stem}_{when}.{'zip' if fmt == 'csv' else fmt}"


def render_text(summary: TownSummary) -> str:
    """The summary for a terminal: one line per village and the total (money in 万元)."""
    data = build(summary)
    table = data.tables[0]
    keys = [
        "name",
        "projects",
        "budget",
        "received_total",
        "rate",
        "spent",
        "labour_days",
        "progress",
        "ms_overdue",
        "last_sent",
        "late",
    ]
    cols = [table.column(k) for k in keys]
    rows = [[display(c, r.values[table.index(c.key)]) or "" for c in cols] for r in table.rows]
    return f"{data.title}\n{data.subtitle}\n" + text_table([c.label for c in cols], rows)
