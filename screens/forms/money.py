"""What the money forms share: the contributor picked by name or pinyin (or created on save),
the remembered source of funds, and the prefill of a corrected entry after a reversal."""

from __future__ import annotations

from typing import Any, ClassVar

import peewee as pw
from textual.widgets import Input

from models import CONTRIBUTOR_KINDS, MONEY_MODELS, Contributor
from tracker import dates, money, prefs, records, search
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

# The usual source of an organisation's money; a villager's stays the remembered default.
KIND_SOURCE = {
    "xiangxian": "donation",
    "enterprise": "donation",
    "government": "government",
    "collective": "collective",
}


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
            values["source"] = t(f"source.{record.source}")
        if hasattr(record, "contributor_id"):
            values["contributor"] = record.contributor.name
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

    def after_save(self, values: dict[str, Any]) -> None:
        prefs.remember(source=values.get("source"), kind=values.get("kind"))


class ContributorMoneyForm(MoneyForm):
    """Pledges, receipts and in-kind gifts name who gave: picked, typed, or new."""

    def choices(self, field: Field) -> list[tuple[str, Any]]:
        if field.name == "kind":
            return [(t(f"kind.{k}"), k) for k in CONTRIBUTOR_KINDS]
        return super().choices(field)

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "kind": prefs.last_contributor_kind()}

    def lookup(self, field: Field, text: str) -> list[Any]:
        return search.search_contributors(text, limit=8, count=False).items

    def describe(self, field: Field, hit: Any) -> str:
        return "  ".join(
            part for part in (hit.name, t(f"kind.{hit.kind}"), hit.household or hit.group) if part
        )

    def on_mount(self) -> None:
        # Textual runs RecordForm.on_mount as well (handlers of every class in the MRO).
        self.field_changed(CONTRIBUTOR, self._value(CONTRIBUTOR) or "")

    def field_changed(self, field: Field, value: str) -> None:
        if field.name == "source" and self.query_one("#f-source").has_focus:
            self.source_typed = True
        if field.name != "contributor":
            return
        name = value.strip()
        hit = self.picked("contributor")
        named = [hit] if hit else (search.contributors_named(name) if name else [])
        new = bool(name) and not named
        if new and search.looks_like_initials(name) and self.lookup(field, name):
            self.set_hint("contributor", t("form.hint.pick_from_list"))
            new = False
        elif new:
            self.set_hint("contributor", t("form.hint.new_contributor", name=name))
            if search.people_named(name):
                self.query_one("#f-kind").value = "person"
        elif named:
            self._default_source(named[0].kind)
            self.set_hint(
                "contributor",
                self.describe(field, named[0]),
            )
        else:
            self.set_hint("contributor", "")
        self.show_row("kind", new)

    def _default_source(self, kind: str) -> None:
        """An organisation's usual source, unless the user typed one or it came prefilled."""
        source = KIND_SOURCE.get(kind)
        if source and not getattr(self, "source_typed", False) and "source" not in self.initial:
            self.query_one("#f-source", Input).value = t(f"source.{source}")

    def check(self, values: dict[str, Any], errors: dict[str, str]) -> None:
        name = values.get("contributor")
        if not name:
            return
        hit = self.picked("contributor")
        if hit is not None:
            values["contributor_id"] = hit.id
            return
        try:
            named = records.contributor_named(name)
        except ValidationError as exc:
            errors.update(exc.by_field())
            return
        if named is not None:
            values["contributor_id"] = named.id
        elif search.looks_like_initials(name) and self.lookup(CONTRIBUTOR, name):
            errors["contributor"] = t("form.error.pick_from_list", text=name)
        else:
            values["contributor_id"] = None  # created on save, with the kind chosen

    def contributor(self, values: dict[str, Any]) -> Contributor:
        if values.get("contributor_id"):
            return Contributor.get_by_id(values["contributor_id"])
        return records.contributor_for(values["contributor"], values.get("kind") or "person")


register(
    zh={
        "form.placeholder.contributor": "姓名、单位或拼音首字母，如 lxj",
        "form.placeholder.amount": "如 3,000、1.2万、¥300",
        "form.placeholder.date": "如 2026-05-26、5/26、5月26日",
        "form.field.new_kind": "新捐助方类别",
        "form.hint.new_contributor": "新捐助方：保存时新建“{name}”",
        "form.hint.pick_from_list": "↑↓ 选择，回车确定",
        "form.error.pick_from_list": "“{text}”是拼音缩写，请从下拉列表中选择，或输入完整名称",
    },
    en={
        "form.placeholder.contributor": "Name, organisation or pinyin initials, e.g. lxj",
        "form.placeholder.amount": "e.g. 3,000, 1.2万, ¥300",
        "form.placeholder.date": "e.g. 2026-05-26, 5/26, 5月26日",
        "form.field.new_kind": "Contributor kind",
        "form.hint.new_contributor": 'New contributor: "{name}" is created on save',
        "form.hint.pick_from_list": "↑↓ to choose, Enter to take",
        "form.error.pick_from_list": '"{text}" looks like pinyin initials; choose from the list or type the full name',
    },
)
