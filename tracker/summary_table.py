"""``xiumei summary`` as a table a cadre can read: one column per project and a 合计 column."""

from __future__ import annotations

from models import SOURCES

from . import dates, money
from .i18n import register, t
from .ledger import Figures, Summary
from .quantities import days, pct
from .text_table import table


def rows_of(fig: Figures) -> list[tuple[str, str]]:
    """The figures of one column, labelled, in the order the town reads them."""
    rows = [("sum.budget", money.format_yuan(fig.budget_fen))]
    rows += [
        (f"source.{s}", f"{money.format_yuan(fig.received.get(s))} / {money.format_yuan(fig.pledged.get(s))}")
        for s in SOURCES
    ]
    rows += [
        ("sum.received_total", money.format_yuan(fig.received.total)),
        ("sum.pledged_total", money.format_yuan(fig.pledged.total)),
        ("sum.rate", pct(fig.received_rate_pct)),
        ("sum.outstanding", money.format_yuan(fig.outstanding_pledges_fen)),
        ("sum.in_kind", money.format_yuan(fig.in_kind_fen)),
        ("sum.spent", money.format_yuan(fig.spent_fen)),
        ("sum.balance", money.format_yuan(fig.balance_fen)),
        ("sum.labour", f"{days(fig.labour_days)} / {money.format_yuan(fig.labour_value_fen)}"),
        ("sum.progress", pct(fig.progress_pct)),
        ("sum.milestones", f"{fig.milestones_done}/{fig.milestones_total}/{fig.milestones_overdue}"),
    ]
    return rows


def render(summary: Summary) -> str:
    v = summary.village
    title = t(
        "sum.title",
        village=v.name,
        town=v.town,
        county=v.county,
        date=dates.format_for(summary.as_of),
    )
    columns = [rows_of(p) for p in summary.projects] + [rows_of(summary.totals)]
    header = [t("sum.item")] + [p.name for p in summary.projects] + [t("sum.total")]
    body = [[t(key) for key, _ in columns[-1]]]
    body = [[label] + [col[i][1] for col in columns] for i, label in enumerate(body[0])]
    status = [t("sum.status")] + [t(f"status.{p.status}") for p in summary.projects] + [""]
    lines = [title, "", table(header, [status, *body]), "", t("sum.note")]
    if not summary.projects:
        lines.insert(2, t("sum.empty"))
    return "\n".join(lines)


register(
    zh={
        "sum.title": "{county}{town}{village} 秀美屋场建设进度汇总（截至{date}）",
        "sum.item": "项目",
        "sum.total": "合计",
        "sum.status": "状态",
        "sum.budget": "预算",
        "sum.received_total": "到位合计",
        "sum.pledged_total": "认捐合计",
        "sum.rate": "到位率",
        "sum.outstanding": "待到账认捐",
        "sum.in_kind": "筹料折价",
        "sum.spent": "已支出",
        "sum.balance": "结余",
        "sum.labour": "投工（工日/折资）",
        "sum.progress": "形象进度",
        "sum.milestones": "节点（完成/总数/逾期）",
        "sum.note": "各资金来源一行为“到位 / 认捐”。金额单位：元。",
        "sum.empty": "还没有屋场。",
    },
    en={
        "sum.title": "{village}, {town}, {county}: homestead project progress as of {date}",
        "sum.item": "Item",
        "sum.total": "Total",
        "sum.status": "Status",
        "sum.budget": "Budget",
        "sum.received_total": "Received, total",
        "sum.pledged_total": "Pledged, total",
        "sum.rate": "Received / budget",
        "sum.outstanding": "Pledges outstanding",
        "sum.in_kind": "In-kind value",
        "sum.spent": "Spent",
        "sum.balance": "Balance",
        "sum.labour": "Labour (days / value)",
        "sum.progress": "Progress",
        "sum.milestones": "Milestones (done/total/overdue)",
        "sum.note": 'Each source row reads "received / pledged". Amounts in yuan.',
        "sum.empty": "No projects yet.",
    },
)
