"""捐助方: a villager who gives, or an organisation (乡贤, company, department, the collective)."""

from __future__ import annotations

from typing import Any

from models import CONTRIBUTOR_KINDS, Contributor, Person
from tracker import records, search
from tracker.i18n import register, t

from .base import Field, RecordForm
from .labour import describe_person, resolve_person
from .person import PHONE, check_phone


class ContributorForm(RecordForm):
    TITLE_KEY = "form.title.contributor"
    EDIT_TITLE_KEY = "form.title.contributor_edit"
    FIELDS = (
        Field("contributor", required=True, max_len=60),
        Field("kind", "select", required=True),
        Field("person", "picker", label="form.field.linked_person", placeholder="form.placeholder.linked"),
        PHONE,
    )

    def existing(self) -> dict[str, Any]:
        c = Contributor.get_by_id(self.record_id)
        return {
            "contributor": c.name,
            "kind": c.kind,
            "person": c.person.name if c.person else "",
            "phone": c.phone,
        }

    def choices(self, field: Field) -> list[tuple[str, Any]]:
        return [(t(f"kind.{k}"), k) for k in CONTRIBUTOR_KINDS]

    def lookup(self, field: Field, text: str) -> list[Any]:
        return search.search_people(text, limit=8, count=False).items

    def describe(self, field: Field, hit: Any) -> str:
        return describe_person(hit)

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        check_phone(values, errors)
        resolve_person(self, "person", values, errors)

    def fields(self, values: dict[str, Any]) -> dict[str, Any]:
        return dict(
            name=values.get("contributor", ""),
            kind=values.get("kind") or "person",
            person=values.get("person_id"),
            phone=values.get("phone", ""),
        )

    def candidate(self, values: dict[str, Any]) -> Contributor | None:
        if values.get("person") and not values.get("person_id"):
            return None  # which villager is meant comes first; the rules are asked on the next save
        return Contributor(id=self.record_id, **self.fields(values))

    def write(self, values: dict[str, Any]) -> Contributor:
        fields = self.fields(values)
        fields["person"] = Person.get_by_id(fields["person"]) if fields["person"] else None
        if self.editing:
            return records.update(Contributor.get_by_id(self.record_id), **fields)
        return records.add_contributor(fields.pop("name"), **fields)


register(
    zh={
        "form.title.contributor": "新增捐助方",
        "form.title.contributor_edit": "修改捐助方",
        "form.field.linked_person": "对应村民",
        "form.placeholder.linked": "是本村村民时填写，可不填",
    },
    en={
        "form.title.contributor": "New contributor",
        "form.title.contributor_edit": "Edit contributor",
        "form.field.linked_person": "Villager",
        "form.placeholder.linked": "when they are a villager, optional",
    },
)
