"""What the money forms share: who gave, chosen by the one name lookup (a contributor, or a villager
who becomes the contributor linked to that person; a new contributor only after a confirmation),
the source of funds that follows the contributor's kind, and the prefill of a corrected entry
after a reversal."""

from __future__ import annotations

from typing import Any, ClassVar

import peewee as pw
from textual import on
from textual.widgets import Select

from models import CONTRIBUTOR_KINDS, MONEY_MODELS, Contributor, Person
from tracker import dates, money, records, rules, search
from tracker.errors import ValidationError
from tracker.i18n import register, t

from .base import Field, RecordForm

CONTRIBUTOR = Field("contributor", "picker", required=True, placeholder="form.placeholder.contributor")
NEW_KIND = Field("kind", "select", required=True, label="form.field.new_kind", hidden=True)
SOURCE = Field("source", "source", required=True)
AMOUNT = Field("amount", "amount", required=True, placeholder="form.placeholder.amount")
DATE = Field("date", "date", required=True, placeholder="form.placeholder.date")
NOTE = Field("note", max_len=500)
PROJECT = Field("project", "project", required=True)


class MoneyForm(RecordForm):
    """A pledge, receipt, in-kind gift or expense. Never edited once saved: reversed instead."""

    KIND: ClassVar[str] = ""

    @classmethod
    def initial_from(cls, record: Any) -> dict[str, Any]:
        """Field texts of a saved record, to prefill the corrected entry after a reversal."""
        values: dict[str, Any] = {
            "project": record.project_id,
            "amount": money.format_yuan(abs(record.amount_fen), symbol=False),
            "date": dates.format_iso(record.date),
            "note": record.note or "",
        }
        if hasattr(record, "source"):
            values["source"] = record.source
        if hasattr(record, "contributor_id"):
            values["contributor"] = record.contributor.name
            values["contributor_id"] = record.contributor_id  # the same payer, namesakes or not
        for name in ("voucher", "item", "quantity", "unit", "payee"):
            if getattr(record, name, None):
                values[name] = getattr(record, name)
        if getattr(record, "due_date", None):
            values["due_date"] = dates.format_iso(record.due_date)
        return values

    def candidate(self, values: dict[str, Any]) -> pw.Model:
        model = MONEY_MODELS[self.KIND]
        typed = {k: values.get(k) for k in ("source", "date", "due_date", "voucher", "item") if k in values}
        return model(project=values.get("project"), amount_fen=values.get("amount"), **typed)


class ContributorMoneyForm(MoneyForm):
    """Pledges, receipts and in-kind gifts name who gave: a contributor, a villager, or someone new."""

    source_chosen = False  # the user chose the source: it no longer follows the contributor

    def choices(self, field: Field) -> list[tuple[str, Any]]:
        if field.name == "kind":
            return [(t(f"kind.{k}"), k) for k in CONTRIBUTOR_KINDS]
        return super().choices(field)

    def lookup(self, field: Field, text: str) -> list[Any]:
        return search.search_payers(text, limit=8)

    def describe(self, field: Field, hit: Any) -> str:
        where = "，".join(part for part in (hit.group, hit.household) if part)
        return "  ".join(part for part in (hit.name, t(f"kind.{hit.kind}"), where) if part)

    def on_mount(self) -> None:
        # Textual runs RecordForm.on_mount as well (handlers of every class in the MRO).
        self.field_changed(CONTRIBUTOR, self._value(CONTRIBUTOR) or "")

    @on(Select.Changed, "#f-source")
    def _source_changed(self, event: Select.Changed) -> None:
        if event.select.has_focus:
            self.source_chosen = True

    @on(Select.Changed, "#f-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and self.query_one("#row-kind").display:
            self._follow_source(str(event.value))

    def _carried_id(self, name: str) -> int | None:
        """The contributor of the reversed entry, while its name is left as it was."""
        carried = self.initial.get("contributor_id")
        return carried if carried and name == self.initial.get("contributor") else None

    def payer(self, name: str) -> tuple[str, Any]:
        """Who ``name`` means: ("contributor", id), ("villager", PersonHit-like), ("new", None),
        ("initials", None) when it is letters that find someone, or ("error", FieldError)."""
        hit = self.picked("contributor")
        if hit is not None:
            return ("villager", hit) if hit.is_villager else ("contributor", hit)
        carried = self._carried_id(name)
        if carried:
            return "contributor", search.PayerHit(
                carried, name, Contributor.get_by_id(carried).kind, None, "", ""
            )
        try:
            found = records.contributor_named(name)
        except ValidationError as exc:
            return "error", exc.errors[0]
        if found is not None:
            return "contributor", search.PayerHit(found.id, found.name, found.kind, found.person_id, "", "")
        people = search.people_named(name)
        if len(people) == 1:
            p = people[0]
            return "villager", search.PayerHit(p.id, p.name, "person", p.id, p.group, p.household, True)
        if search.looks_like_initials(name) and self.lookup(CONTRIBUTOR, name):
            return "initials", None
        return "new", None

    def field_changed(self, field: Field, value: str) -> None:
        if field.name != "contributor":
            return
        name = value.strip()
        new = False
        if not name:
            self.set_hint("contributor", "")
        else:
            what, hit = self.payer(name)
            if what == "contributor":
                self._follow_source(hit.kind)
                self.set_hint("contributor", self.describe(field, hit) if hit.kind else "")
            elif what == "villager":
                self._follow_source("person")
                where = "，".join(part for part in (hit.group, hit.household) if part)
                self.set_hint("contributor", t("form.hint.villager", name=hit.name, where=where))
            elif what == "initials":
                self.set_hint("contributor", t("form.hint.pick_from_list"))
            elif what == "error":
                self.set_hint("contributor", hit.message())
            else:
                new = True
                problem = rules.name_shape_problem(name, "contributor")
                self.set_hint(
                    "contributor", problem.message() if problem else t("form.hint.new_contributor", name=name)
                )
        self.show_row("kind", new)

    def _follow_source(self, kind: str) -> None:
        """The source follows the contributor's kind, unless the user chose it or it came prefilled."""
        source = rules.SOURCE_OF_KIND.get(kind)
        if source and not self.source_chosen and "source" not in self.initial:
            self.query_one("#f-source", Select).value = source

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        name = values.get("contributor")
        if not name:
            return
        what, hit = self.payer(name)
        values["contributor_id"] = values["person_id"] = None
        if what == "contributor":
            values["contributor_id"] = hit.id
            values["contributor_kind"] = hit.kind
        elif what == "villager":
            values["person_id"] = hit.id
            values["contributor_kind"] = "person"
        elif what == "error":
            errors["contributor"] = hit.message()
        elif what == "initials":
            errors["contributor"] = t("form.error.pick_from_list", text=name)
        else:
            problem = rules.name_shape_problem(name, "contributor")
            if problem is not None:
                errors["contributor"] = problem.message()
            values["contributor_kind"] = values.get("kind")

    def questions(self, values: dict[str, Any]) -> list[str]:
        record = self.candidate(values)
        new = None if values.get("contributor_id") or values.get("person_id") else values.get("contributor")
        found = rules.questions(
            record,
            today=self.today,
            as_of=self.as_of(),
            contributor_kind=values.get("contributor_kind"),
            new_contributor=new,
        )
        if values.get("date") is not None and self.initial.get("date") == dates.format_iso(values["date"]):
            # the date of the entry being corrected, kept as it was: it was accepted once already
            found = [q for q in found if q.key != "ask.far"]
        return [q.message() for q in found]

    def contributor(self, values: dict[str, Any]) -> Contributor:
        if values.get("contributor_id"):
            return Contributor.get_by_id(values["contributor_id"])
        if values.get("person_id"):
            return records.contributor_of(Person.get_by_id(values["person_id"]))
        return records.contributor_for(values["contributor"], values.get("kind") or "person")


register(
    zh={
        "form.placeholder.contributor": "姓名、单位或拼音首字母，如 lxj",
        "form.placeholder.amount": "如 3,000、1.2万、¥300",
        "form.placeholder.date": "如 2026-05-26、5/26、5月26日",
        "form.field.new_kind": "新捐助方类别",
        "form.hint.new_contributor": "新捐助方“{name}”：请选择类别，保存前会再确认",
        "form.hint.villager": "村民“{name}”（{where}）：保存时记为这位村民的捐助",
        "form.hint.pick_from_list": "↑↓ 选择，回车确定",
        "form.error.pick_from_list": "“{text}”是拼音缩写，请从下拉列表中选择，或输入完整名称",
    },
    en={
        "form.placeholder.contributor": "Name, organisation or pinyin initials, e.g. lxj",
        "form.placeholder.amount": "e.g. 3,000, 1.2万, ¥300",
        "form.placeholder.date": "e.g. 2026-05-26, 5/26, 5月26日",
        "form.field.new_kind": "Contributor kind",
        "form.hint.new_contributor": 'New contributor "{name}": choose its kind; you confirm before it is saved',
        "form.hint.villager": 'Villager "{name}" ({where}): saved as this villager\'s gift',
        "form.hint.pick_from_list": "↑↓ to choose, Enter to take",
        "form.error.pick_from_list": '"{text}" looks like pinyin initials; choose from the list or type the full name',
    },
)
