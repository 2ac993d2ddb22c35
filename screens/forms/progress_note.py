"""进度记录: the "五天一个新变化" log of a project, with an optional photo on disk."""

from __future__ import annotations

from typing import Any

from models import ProgressNote
from tracker import records
from tracker.i18n import register

from .base import Field, RecordForm
from .money import DATE, PROJECT

NOTE_TEXT = Field("text", required=True, max_len=1000, label="form.field.note_text")
PHOTO = Field("photo_path", "path", max_len=500, placeholder="form.placeholder.photo")


class ProgressNoteForm(RecordForm):
    TITLE_KEY = "form.title.progress_note"
    FIELDS = (PROJECT, DATE, NOTE_TEXT, PHOTO)

    def defaults(self) -> dict[str, Any]:
        return {"date": super().defaults()["date"]}

    def write(self, values: dict[str, Any]) -> ProgressNote:
        return records.add_progress_note(
            self.project(values),
            values["date"],
            values["text"],
            values.get("photo_path", ""),
        )


register(
    zh={
        "form.title.progress_note": "新增进度记录",
        "form.field.note_text": "进度内容",
        "form.placeholder.photo": "照片文件的路径，可不填",
    },
    en={
        "form.title.progress_note": "New progress note",
        "form.field.note_text": "What changed",
        "form.placeholder.photo": "path of a photo file, optional",
    },
)
