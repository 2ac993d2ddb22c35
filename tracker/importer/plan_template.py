""" "Copy our model": a project's plan as a workbook another village imports as its own.

``xiumei template --from-project NAME`` writes the 项目 and 节点 sheets of the import format with
the project's budget, its length in days (工期) and each milestone's weight and days after the
start (距开工天数), but no dates: the importing village fills in its own 开工日期 and the import
dates every milestone from it. A 资金计划 sheet gives the share each source covered, as planning
figures (the import leaves it aside). No people, no money records, no phones: only the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pendulum

from models import SOURCES, Milestone, Project

from .. import dates, ledger, money
from ..errors import UserError
from ..i18n import register, t
from .sheet_format import NOTES_SHEET, ROW_NUMBER_HEADER, sheet_spec
from .template import header_text

PLAN_SHEET = "资金计划"


@dataclass(frozen=True)
class PlanMilestone:
    name: str
    weight: int
    offset_days: int | None


@dataclass(frozen=True)
class ProjectPlan:
    name: str
    budget_fen: int
    duration_days: int | None
    milestones: list[PlanMilestone]
    shares: dict[str, Decimal]  # source -> percent of what was received


def project_plan(name: str, as_of: pendulum.Date | None = None) -> ProjectPlan:
    """The plan of the project called ``name``: UserError naming the known ones when none is."""
    project = Project.get_or_none(Project.name == name.strip())
    if project is None:
        known = "、".join(p.name for p in Project.select(Project.name).order_by(Project.id))
        raise UserError("plan.unknown_project", name=name.strip(), known=known or "—")
    start = project.start_date
    milestones = []
    for m in (
        Milestone.select()
        .where(Milestone.project == project.id)
        .order_by(Milestone.planned_date, Milestone.id)
    ):
        when = m.planned_date or m.done_date
        offset = (when - start).days if (when and start) else None
        milestones.append(PlanMilestone(m.name, m.weight, offset))
    duration = (project.planned_end - start).days if (project.planned_end and start) else None
    received = ledger.summary(as_of or dates.today(), project.id).projects[0].received
    shares = {
        s: (Decimal(received.get(s) * 100) / received.total).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if received.total
        else Decimal(0)
        for s in SOURCES
    }
    return ProjectPlan(project.name, project.budget_fen, duration, milestones, shares)


def plan_file_name(name: str) -> str:
    return f"{name.strip()}计划模板.xlsx"


def write_plan_template(name: str, path: Path | str, *, overwrite: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    path = Path(path)
    if path.exists() and not overwrite:
        raise UserError("template.exists", path=path)
    plan = project_plan(name)
    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")

    def sheet(title: str, headers: list[str], rows: list[list[object]], widths: list[int]):
        ws = book.create_sheet(title)
        ws.append(headers)
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
        for row in rows:
            ws.append(row)
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(65 + i)].width = width
        ws.freeze_panes = "A2"
        return ws

    project_cols = sheet_spec("项目").columns
    values = {
        "name": plan.name,
        "budget": plan.budget_fen / 100,
        "status": t("status.planning", "zh"),
        "duration_days": plan.duration_days,
    }
    ws = sheet(
        "项目",
        [ROW_NUMBER_HEADER, *(header_text(c) for c in project_cols)],
        [[1, *(values.get(c.key) for c in project_cols)]],
        [8, 22, 10, 8, 10, 14, 14, 14, 10, 10],
    )
    budget_col = 2 + [c.key for c in project_cols].index("budget")
    ws.cell(row=2, column=budget_col).number_format = "#,##0.00"
    milestone_cols = sheet_spec("节点").columns
    rows = [
        [
            i,
            *(
                {"project": plan.name, "name": m.name, "weight": m.weight, "offset_days": m.offset_days}.get(
                    c.key
                )
                for c in milestone_cols
            ),
        ]
        for i, m in enumerate(plan.milestones, start=1)
    ]
    sheet(
        "节点",
        [ROW_NUMBER_HEADER, *(header_text(c) for c in milestone_cols)],
        rows,
        [8, 22, 22, 8, 14, 14, 10, 12],
    )
    sheet(
        PLAN_SHEET,
        [t("plan.col.source", "zh"), t("plan.col.share", "zh"), t("plan.col.amount", "zh")],
        [
            [
                t(f"source.{s}", "zh"),
                plan.shares[s],
                money.to_yuan_decimal(_share_of_budget_fen(plan, s)),
            ]
            for s in SOURCES
        ],
        [14, 16, 18],
    )
    notes = book.create_sheet(NOTES_SHEET)
    notes.column_dimensions["A"].width = 100
    for line in t("plan.notes", "zh", name=plan.name).split("\n"):
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=14)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise UserError("template.cannot_write", path=path, detail=exc.strerror or str(exc)) from exc
    return path


def _share_of_budget_fen(plan: ProjectPlan, source: str) -> int:
    """The budget times a source's percent, in whole 分 (money never passes through a float)."""
    return int((plan.budget_fen * plan.shares[source] / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


register(
    zh={
        "plan.unknown_project": "找不到屋场“{name}”；台账中的屋场：{known}",
        "plan.col.source": "资金来源",
        "plan.col.share": "占比(%)",
        "plan.col.amount": "按预算计(元)",
        "plan.notes": (
            "照“{name}”的样子做：使用说明\n"
            "1. “项目”表：把项目名称改成本村屋场的名称（“节点”表的项目名称一并改），填上本村的开工日期、所属组、户数和负责人。\n"
            "   计划完工日期留空时，按 开工日期＋工期(天) 排定。\n"
            "2. “节点”表：各节点的计划完成日期留空时，按 开工日期＋距开工天数 排定；权重照样板，可以调整。\n"
            "3. “资金计划”表是样板屋场各来源资金的占比，供筹资参考，导入时不读。\n"
            "4. 本表不含样板村的村民、捐款、支出和电话。\n"
            "5. 先试导入：xiumei import 本文件.xlsx --dry-run，确认无误后去掉 --dry-run 再导入。"
        ),
    },
    en={
        "plan.unknown_project": 'No project called "{name}"; the ledger has: {known}',
        "plan.col.source": "Source",
        "plan.col.share": "Share (%)",
        "plan.col.amount": "Of the budget (yuan)",
        "plan.notes": "How to use this plan",
    },
)
