"""节点: a project's milestones, and the update of one's progress (with a progress note)."""

from __future__ import annotations

from typing import Any

from models import Milestone
from tracker import dates, records
from tracker.i18n import register, t

from .base import Field, RecordForm, date_text
from .money import PROJECT
from .progress_note import PHOTO
from .widgets import show_date

PROGRESS = Field("progress_pct", "integer", high=100, placeholder="form.placeholder.pct")
DONE = Field("done_date", "date", placeholder="form.placeholder.done")


class MilestoneForm(RecordForm):
    """A new milestone; with ``record_id`` the milestone is edited instead."""

    TITLE_KEY = "form.title.milestone"
    EDIT_TITLE_KEY = "form.title.milestone_edit"
    FIELDS = (
        PROJECT,
        Field("name", required=True, max_len=60, label="form.field.milestone"),
        Field("weight", "integer", high=1000, placeholder="form.placeholder.weight"),
        Field("planned_date", "date", placeholder="form.placeholder.date"),
        DONE,
        PROGRESS,
    )

    def defaults(self) -> dict[str, Any]:
        return {"weight": "1", "progress_pct": "0"}

    def existing(self) -> dict[str, Any]:
        m = Milestone.get_by_id(self.record_id)
        return {
            "project": m.project_id,
            "name": m.name,
            "weight": str(m.weight),
            "planned_date": date_text(m.planned_date),
            "done_date": date_text(m.done_date),
            "progress_pct": str(m.progress_pct),
        }

    def fields(self, values: dict[str, Any]) -> dict[str, Any]:
        return dict(
            name=values.get("name", ""),
            weight=values.get("weight") or 0,
            planned_date=values.get("planned_date"),
            done_date=values.get("done_date"),
            progress_pct=values.get("progress_pct") or 0,
        )

    def candidate(self, values: dict[str, Any]) -> Milestone:
        return Milestone(id=self.record_id, project=values.get("project"), **self.fields(values))

    def write(self, values: dict[str, Any]) -> Milestone:
        fields = self.fields(values)
        if not self.editing:
            return records.add_milestone(self.project(values), fields.pop("name"), today=self.today, **fields)
        milestone = Milestone.get_by_id(self.record_id)
        return records.update(milestone, project=values["project"], today=self.today, **fields)


class MilestoneProgressForm(RecordForm):
    """Progress % and done date of one milestone, and optionally a progress note with a photo."""

    TITLE_KEY = "form.title.milestone_progress"
    FIELDS = (
        PROGRESS,
        DONE,
        Field("date", "date", required=True, label="form.field.note_date"),
        Field(
            "text", max_len=1000, label="form.field.note_text", placeholder="form.placeholder.optional_note"
        ),
        PHOTO,
    )

    def __init__(self, milestone_id: int, initial: dict | None = None) -> None:
        self.milestone = Milestone.get_by_id(milestone_id)
        super().__init__(self.milestone.project_id, initial, record_id=milestone_id)

    def title_text(self) -> str:
        m = self.milestone
        planned = show_date(m.planned_date) or "—"
        return t("form.title.milestone_progress", name=m.name, project=m.project.name, planned=planned)

    def existing(self) -> dict[str, Any]:
        m = self.milestone
        return {
            "progress_pct": str(m.progress_pct),
            "done_date": date_text(m.done_date),
            "date": dates.format_iso(self.today),
        }

    def candidate(self, values: dict[str, Any]) -> Milestone:
        m = Milestone.get_by_id(self.milestone.id)
        m.progress_pct = values.get("progress_pct") or 0
        m.done_date = values.get("done_date")
        return m

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        photo_typed = str(self._value(PHOTO) or "").strip()
        if photo_typed and not values.get("text"):
            errors["text"] = t("form.error.photo_needs_text")

    def write(self, values: dict[str, Any]) -> Milestone:
        milestone = records.set_milestone_progress(
            self.milestone,
            values["progress_pct"],
            values.get("done_date"),
            date=values["date"],
            today=self.today,
        )
        if values.get("text"):
            records.add_progress_note(
                self.milestone.project, values["date"], values["text"], values.get("photo_path", "")
            )
        return milestone


register(
    zh={
        "form.title.milestone": "新增节点",
        "form.title.milestone_edit": "修改节点",
        "form.title.milestone_progress": "更新节点进度：{name}（{project}，计划 {planned}）",
        "form.field.milestone": "节点名称",
        "form.field.note_date": "记录日期",
        "form.placeholder.pct": "0 到 100",
        "form.placeholder.weight": "占总进度的权重，如 20",
        "form.placeholder.done": "完成后填写",
        "form.placeholder.optional_note": "这次的新变化，可不填",
        "form.error.photo_needs_text": "有照片时请写一句进度内容",
    },
    en={
        "form.title.milestone": "New milestone",
        "form.title.milestone_edit": "Edit milestone",
        "form.title.milestone_progress": "Milestone progress: {name} ({project}, planned {planned})",
        "form.field.milestone": "Milestone",
        "form.field.note_date": "Note date",
        "form.placeholder.pct": "0 to 100",
        "form.placeholder.weight": "weight in the overall progress, e.g. 20",
        "form.placeholder.done": "fill in when done",
        "form.placeholder.optional_note": "what changed, optional",
        "form.error.photo_needs_text": "write a line about the progress to go with the photo",
    },
)
