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


def check_done(form: RecordForm, values: dict[str, Any], errors: dict[str, str]) -> None:
    done = values.get("done_date")
    if done is not None and done > form.today:
        errors["done_date"] = t("error.done_future")


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

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        check_done(self, values, errors)
        name, project = values.get("name"), values.get("project")
        if name and project is not None:
            same = Milestone.select().where((Milestone.project == project) & (Milestone.name == name))
            if self.editing:
                same = same.where(Milestone.id != self.record_id)
            if same.exists():
                errors["name"] = t("form.error.milestone_exists", text=name)

    def write(self, values: dict[str, Any]) -> Milestone:
        done = values.get("done_date")
        if not self.editing:
            return records.add_milestone(
                self.project(values),
                values["name"],
                weight=values["weight"],
                planned_date=values.get("planned_date"),
                done_date=done,
                progress_pct=values["progress_pct"],
            )
        return records.update(
            Milestone.get_by_id(self.record_id),
            project=values["project"],
            name=values["name"],
            weight=values["weight"],
            planned_date=values.get("planned_date"),
            done_date=done,
            progress_pct=100 if done is not None else values["progress_pct"],
        )


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

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        check_done(self, values, errors)
        photo_typed = str(self._value(PHOTO) or "").strip()
        if photo_typed and not values.get("text"):
            errors["text"] = t("form.error.photo_needs_text")

    def write(self, values: dict[str, Any]) -> Milestone:
        milestone = records.set_milestone_progress(
            self.milestone, values["progress_pct"], values.get("done_date")
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
        "form.error.milestone_exists": "这个屋场已有名为“{text}”的节点",
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
        "form.error.milestone_exists": 'this project already has a milestone "{text}"',
        "form.error.photo_needs_text": "write a line about the progress to go with the photo",
    },
)
