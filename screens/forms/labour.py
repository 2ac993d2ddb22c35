"""投工: one villager's work days on a project (the roll call enters a whole crew at once)."""

from __future__ import annotations

from typing import Any

from models import LabourEntry, Person
from tracker import prefs, records, search
from tracker.i18n import register, t

from .base import Field, RecordForm
from .money import DATE, PROJECT


def describe_person(hit: Any) -> str:
    party = t("form.party_member") if hit.is_party_member else ""
    return "  ".join(part for part in (hit.name, hit.household or hit.group, party) if part)


def resolve_person(form: RecordForm, name_field: str, values: dict[str, Any], errors: dict[str, str]) -> None:
    """values[name_field + "_id"] from the picked hit or an exact name; an error otherwise."""
    name = values.get(name_field)
    if not name:
        return
    hit = form.picked(name_field)
    if hit is not None:
        values[f"{name_field}_id"] = hit.id
        return
    named = search.people_named(name)
    if len(named) == 1:
        values[f"{name_field}_id"] = named[0].id
    elif named:
        errors[name_field] = t("form.error.person_namesake", text=name)
    elif search.looks_like_initials(name) and search.search_people(name, limit=1, count=False).items:
        errors[name_field] = t("form.error.pick_from_list", text=name)
    else:
        errors[name_field] = t("form.error.no_person", text=name)


class LabourForm(RecordForm):
    TITLE_KEY = "form.title.labour"
    FIELDS = (
        PROJECT,
        Field("person", "picker", required=True, placeholder="form.placeholder.person"),
        DATE,
        Field("days", "days", required=True, placeholder="form.placeholder.days"),
        Field("work_type", max_len=40),
        Field("note", max_len=500),
    )

    def defaults(self) -> dict[str, Any]:
        return {"date": super().defaults()["date"], "days": "1", "work_type": prefs.last_work_type()}

    def suggestions(self, field: Field) -> list[str]:
        return search.work_types() if field.name == "work_type" else []

    def lookup(self, field: Field, text: str) -> list[Any]:
        return search.search_people(text, limit=8, count=False).items

    def describe(self, field: Field, hit: Any) -> str:
        return describe_person(hit)

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        resolve_person(self, "person", values, errors)

    def write(self, values: dict[str, Any]) -> LabourEntry:
        return records.add_labour(
            Person.get_by_id(values["person_id"]),
            self.project(values),
            values["date"],
            values["days"],
            work_type=values.get("work_type", ""),
            note=values.get("note", ""),
        )

    def after_save(self, values: dict[str, Any]) -> None:
        prefs.remember(work_type=values.get("work_type", ""))


register(
    zh={
        "form.title.labour": "新增投工",
        "form.placeholder.person": "姓名或拼音首字母",
        "form.placeholder.days": "1 或 0.5",
        "form.party_member": "党员",
        "form.error.no_person": "找不到村民“{text}”，请先在村民里添加",
        "form.error.person_namesake": "有几位村民都叫“{text}”，请从下拉列表中选择",
    },
    en={
        "form.title.labour": "New labour entry",
        "form.placeholder.person": "Name or pinyin initials",
        "form.placeholder.days": "1 or 0.5",
        "form.party_member": "Party member",
        "form.error.no_person": 'no villager "{text}"; add them under People first',
        "form.error.person_namesake": 'several villagers are called "{text}"; choose one from the list',
    },
)
