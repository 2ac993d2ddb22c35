"""屋场: a project of a 组, its budget and dates; with ``record_id`` an existing one is edited."""

from __future__ import annotations

from typing import Any

from models import PROJECT_STATUSES, Project
from tracker import corrections, dates, money, records, search
from tracker.i18n import register, t

from .base import Field, RecordForm, date_text


class ProjectForm(RecordForm):
    TITLE_KEY = "form.title.project"
    EDIT_TITLE_KEY = "form.title.project_edit"
    FIELDS = (
        Field("name", required=True, max_len=60, label="form.field.project_name"),
        Field("group", max_len=40, placeholder="form.placeholder.group"),
        Field("households", "integer", high=100_000),
        Field("leader", max_len=40),
        Field("budget", "amount", label="form.field.budget_yuan", placeholder="form.placeholder.amount"),
        Field("start_date", "date", placeholder="form.placeholder.date"),
        Field("planned_end", "date", placeholder="form.placeholder.date"),
        Field("status", "select", required=True),
        # Shown when editing: moving a project back (已验收 → 在建) needs a reason, kept as a note.
        Field(
            "reason",
            max_len=200,
            label="form.field.status_reason",
            placeholder="form.placeholder.status_reason",
            hidden=True,
        ),
    )

    def on_mount(self) -> None:
        super().on_mount()
        if self.editing:
            self.query_one("#row-reason").display = True

    def defaults(self) -> dict[str, Any]:
        return {"status": "planning", "start_date": dates.format_iso(self.today)}

    def existing(self) -> dict[str, Any]:
        p = Project.get_by_id(self.record_id)
        return {
            "name": p.name,
            "group": p.group,
            "households": str(p.households),
            "leader": p.leader,
            "budget": money.format_yuan(p.budget_fen, symbol=False) if p.budget_fen else "",
            "start_date": date_text(p.start_date),
            "planned_end": date_text(p.planned_end),
            "status": p.status,
        }

    def start_values(self) -> dict[str, Any]:
        values = super().start_values()
        values.pop("project", None)  # the project in view is not this form's field
        return values

    def choices(self, field: Field) -> list[tuple[str, Any]]:
        return [(t(f"status.{s}"), s) for s in PROJECT_STATUSES]

    def suggestions(self, field: Field) -> list[str]:
        return search.groups() if field.name == "group" else []

    def fields(self, values: dict[str, Any]) -> dict[str, Any]:
        return dict(
            name=values.get("name", ""),
            group=values.get("group", ""),
            households=values.get("households") or 0,
            leader=values.get("leader", ""),
            budget_fen=values.get("budget") or 0,
            start_date=values.get("start_date"),
            planned_end=values.get("planned_end"),
            status=values.get("status") or "planning",
        )

    def candidate(self, values: dict[str, Any]) -> Project:
        return Project(id=self.record_id, **self.fields(values))

    def write(self, values: dict[str, Any]) -> Project:
        fields = self.fields(values)
        if self.editing:
            project = Project.get_by_id(self.record_id)
            return corrections.edit_project(
                project, reason=values.get("reason") or "", today=self.today, **fields
            )
        return records.add_project(fields.pop("name"), **fields)


register(
    zh={
        "form.title.project": "新建屋场",
        "form.title.project_edit": "修改屋场",
        "form.field.project_name": "屋场名称",
        "form.field.budget_yuan": "预算(元)",
        "form.placeholder.group": "如 桐梓组",
        "form.field.status_reason": "改回原因",
        "form.placeholder.status_reason": "状态往回改时必填，如：验收发现排水沟未完工",
    },
    en={
        "form.title.project": "New project",
        "form.title.project_edit": "Edit project",
        "form.field.project_name": "Project name",
        "form.field.budget_yuan": "Budget (yuan)",
        "form.placeholder.group": "e.g. 桐梓组",
        "form.field.status_reason": "Reason for going back",
        "form.placeholder.status_reason": "needed when the status moves back, e.g. drains unfinished at acceptance",
    },
)
