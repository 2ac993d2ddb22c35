"""The figures of one project (or the totals) in ¥, labelled as ``xiumei summary`` labels them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tracker.i18n import register, t
from tracker.ledger import Figures, ProjectFigures
from tracker.summary_table import rows_of

from .cells import date_text


def figures_table(fig: Figures, columns: int = 2) -> Table:
    """Label/value pairs from summary_table.rows_of, laid out in ``columns`` pairs a line."""
    grid = Table.grid(padding=(0, 1))
    for _ in range(columns):
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(width=4)
    pairs = [(t(key), value) for key, value in rows_of(fig)]
    for i in range(0, len(pairs), columns):
        line: list[Text | str] = []
        for label, value in pairs[i : i + columns]:
            line += [Text(label, style="dim"), value, ""]
        grid.add_row(*line)
    return grid


def project_heading(fig: ProjectFigures) -> str:
    parts = [fig.name]
    if fig.group:
        parts.append(fig.group)
    parts.append(t(f"status.{fig.status}"))
    if fig.leader:
        parts.append(t("ui.fig.leader", name=fig.leader))
    if fig.households:
        parts.append(t("ui.fig.households", n=fig.households))
    if fig.planned_end:
        parts.append(t("ui.fig.planned_end", date=date_text(fig.planned_end)))
    return " · ".join(parts)


class FiguresPanel(Static):
    """Shows ``show(fig)``; a heading line names the project (or says it is the total)."""

    DEFAULT_CSS = """
    FiguresPanel { height: auto; padding: 0 1; }
    """

    columns = 2  # label/value pairs a line; 1 on a narrow screen, so no amount is cut

    def show(self, fig: Figures | None, heading: str = "") -> None:
        if fig is None:
            self.update("")
            return
        table = Table.grid(expand=True)
        table.add_column()
        if heading:
            table.add_row(Text(heading, style="bold"))
        table.add_row(figures_table(fig, self.columns))
        table.add_row(Text(t("ui.fig.note"), style="dim"))
        self.update(table)


register(
    zh={
        "ui.fig.leader": "负责人 {name}",
        "ui.fig.households": "{n} 户",
        "ui.fig.planned_end": "计划 {date} 完工",
        "ui.fig.note": "资金来源一栏为“到位 / 认捐”；投工为“工日 / 折资”；节点为“完成/总数/逾期”。",
    },
    en={
        "ui.fig.leader": "leader {name}",
        "ui.fig.households": "{n} {n|household|households}",
        "ui.fig.planned_end": "due {date}",
        "ui.fig.note": 'Sources read "received / pledged"; labour "days / value"; milestones "done/total/overdue".',
    },
)
