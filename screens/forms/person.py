"""村民: a villager of a 组 and household, and the party member who mobilises them (联户党员)."""

from __future__ import annotations

import re
from typing import Any

from models import Person
from tracker import corrections, records, search
from tracker.i18n import register, t

from .base import Field, RecordForm
from .labour import describe_person

PHONE = Field("phone", max_len=20, placeholder="form.placeholder.phone")
_PHONE = re.compile(r"\+?[0-9][0-9 -]{4,19}")


def check_phone(values: dict[str, Any], errors: dict[str, str]) -> None:
    phone = values.get("phone")
    if phone and not _PHONE.fullmatch(phone):
        errors["phone"] = t("form.error.phone", text=phone)


class PersonForm(RecordForm):
    TITLE_KEY = "form.title.person"
    EDIT_TITLE_KEY = "form.title.person_edit"
    FIELDS = (
        Field("name", required=True, max_len=40, label="field.person"),
        Field("group", max_len=40, placeholder="form.placeholder.group"),
        Field("household", max_len=40, placeholder="form.placeholder.household"),
        Field("is_household_head", "check", label="form.field.household_head"),
        PHONE,
        Field("is_party_member", "check", label="form.field.party_member"),
        Field("mobiliser", "picker", label="form.field.mobiliser", placeholder="form.placeholder.mobiliser"),
    )

    def defaults(self) -> dict[str, Any]:
        if self.project_id is None:
            return {}
        from models import Project

        project = Project.get_or_none(Project.id == self.project_id)
        return {"group": project.group} if project else {}

    def existing(self) -> dict[str, Any]:
        p = Person.get_by_id(self.record_id)
        return {
            "name": p.name,
            "group": p.group,
            "household": p.household,
            "is_household_head": p.is_household_head,
            "phone": p.phone,
            "is_party_member": p.is_party_member,
            "mobiliser": p.mobiliser.name if p.mobiliser else "",
        }

    def suggestions(self, field: Field) -> list[str]:
        if field.name == "household":
            return corrections.households()
        return search.groups() if field.name == "group" else []

    def lookup(self, field: Field, text: str) -> list[Any]:
        return search.search_people(text, limit=8, party_only=True, count=False).items

    def describe(self, field: Field, hit: Any) -> str:
        return describe_person(hit)

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        check_phone(values, errors)
        self._ask_first(values, errors)
        name = values.get("mobiliser")
        if not name:
            return
        hit = self.picked("mobiliser")
        party = [hit] if hit else [p for p in search.people_named(name) if p.is_party_member]
        if len(party) == 1:
            values["mobiliser_id"] = party[0].id
        elif party:
            errors["mobiliser"] = t("form.error.person_namesake", text=name)
        else:
            errors["mobiliser"] = t("form.error.not_party_member", text=name)

    def _ask_first(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        """A namesake in the same 组, or a household the 组 does not have yet, is asked about at a
        save; saving again with the same values means the cadre has looked and means it. (The form
        also checks while fields are typed in: then a question asked stays on screen.)"""
        asked: set[tuple] = self.__dict__.setdefault("_asked", set())
        saving_now = getattr(self, "_saving_now", False)

        def ask(key: tuple, field: str, message: str) -> None:
            if saving_now and key not in asked:
                asked.add(key)
                errors.setdefault(field, message)
            elif not saving_now and key in asked:
                errors.setdefault(field, message)

        name, group, household = values.get("name", ""), values.get("group", ""), values.get("household", "")
        twins = corrections.namesakes(name, group, exclude_id=self.record_id) if name else []
        if twins:
            where = "、".join(f"{p.name}（{p.household or '—'}）" for p in twins)
            ask(("name", name, group), "name", t("form.ask.namesake", group=group or "—", who=where))
        known = corrections.households(group)
        if household and household not in known:
            similar = [h for h in known if household in h or h in household]
            shown = "、".join(similar or known[:3]) or "—"
            message = t("form.ask.new_household", group=group or "—", household=household, known=shown)
            ask(("household", household, group), "household", message)

    def action_save(self) -> None:
        self._saving_now = True
        try:
            super().action_save()
        finally:
            self._saving_now = False

    def write(self, values: dict[str, Any]) -> Person:
        mobiliser = Person.get_by_id(values["mobiliser_id"]) if values.get("mobiliser_id") else None
        fields = dict(
            group=values.get("group", ""),
            household=values.get("household", ""),
            is_household_head=values["is_household_head"],
            phone=values.get("phone", ""),
            is_party_member=values["is_party_member"],
            mobiliser=mobiliser,
        )
        if self.editing:
            return records.update(
                Person.get_by_id(self.record_id),
                name=values["name"],
                initials=records.initials_of(values["name"]),
                **fields,
            )
        return records.add_person(values["name"], **fields)


register(
    zh={
        "form.title.person": "新增村民",
        "form.title.person_edit": "修改村民",
        "form.field.household_head": "户主",
        "form.field.party_member": "党员",
        "form.field.mobiliser": "联户党员",
        "form.placeholder.household": "户主姓名或门牌，如 桐梓组01户",
        "form.placeholder.phone": "可不填，不会公示",
        "form.placeholder.mobiliser": "联系这一户的党员，姓名或拼音首字母",
        "form.error.phone": "“{text}”不是电话号码，只能有数字",
        "form.error.not_party_member": "“{text}”不是党员村民，联户党员应为党员",
        "form.ask.namesake": "{group}已有 {who}；确是另一个人请再按 Ctrl+S 保存，是同一人请按 Esc",
        "form.ask.new_household": "{group}还没有“{household}”这一户（已有：{known}）；是新的一户请再按 Ctrl+S",
    },
    en={
        "form.title.person": "New villager",
        "form.title.person_edit": "Edit villager",
        "form.field.household_head": "Head of household",
        "form.field.party_member": "Party member",
        "form.field.mobiliser": "Mobilising member",
        "form.placeholder.household": "head's name or house number, e.g. 桐梓组01户",
        "form.placeholder.phone": "optional, never posted publicly",
        "form.placeholder.mobiliser": "party member who visits this household",
        "form.error.phone": '"{text}" is not a phone number; digits only',
        "form.error.not_party_member": '"{text}" is not a party member; the mobilising member must be one',
        "form.ask.namesake": "{group} already has {who}; if this is someone else press Ctrl+S again, if the same press Esc",
        "form.ask.new_household": '{group} has no household "{household}" yet (it has: {known}); press Ctrl+S again if it is a new one',
    },
)
