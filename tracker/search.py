"""Finding villagers and contributors by Chinese characters or pinyin initials (梁湘江 <- lxj).

Every lookup is one SQL query with LIMIT/OFFSET (plus one COUNT for a page), so a screen never
loads a whole village of names; the pinyin initials are the ``initials`` column stored when the
record was written, not computed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import peewee as pw
from peewee import JOIN, Case, fn

from models import Contributor, LabourEntry, Person

T = TypeVar("T")

PAGE_SIZE = 50

# LIKE wildcards typed by a user would match everything; they are never part of a name.
_WILDCARDS = re.compile(r"[%_\\]")
_INITIALS = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class PersonHit:
    id: int
    name: str
    group: str
    household: str
    is_household_head: bool
    is_party_member: bool
    mobiliser: str  # the 联户党员's name, "" when none


@dataclass(frozen=True)
class ContributorHit:
    id: int
    name: str
    kind: str
    person_id: int | None
    group: str  # the linked villager's 组, "" for an organisation
    household: str = ""  # the linked villager's 户: two villagers of one name are told apart by it


@dataclass
class Page(Generic[T]):
    """One page of hits and how many there are in all."""

    items: list[T] = field(default_factory=list)
    total: int = 0
    offset: int = 0

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


def clean(text: str | None) -> str:
    return _WILDCARDS.sub("", (text or "").strip())


def looks_like_initials(text: str) -> bool:
    """``lxj``: letters typed to find a name by its pinyin initials rather than a name itself."""
    return bool(_INITIALS.fullmatch(text.strip()))


def _match(model: type[pw.Model], text: str, *extra: pw.Field) -> tuple[pw.Expression, pw.Node]:
    """(filter, rank) for a name search: exact name first, then names and initials starting with it."""
    cond = model.name ** f"%{text}%"
    for column in extra:
        cond |= column ** f"%{text}%"
    if looks_like_initials(text):
        cond |= model.initials ** f"{text.lower()}%"
    rank = Case(
        None,
        [
            (model.name == text, 0),
            (model.name ** f"{text}%", 1),
            (model.initials == text.lower(), 2),
            (model.initials ** f"{text.lower()}%", 3),
        ],
        4,
    )
    return cond, rank


def _people_filter(text: str, group: str | None, party_only: bool) -> tuple[pw.Expression, list[pw.Node]]:
    cond = pw.Value(1) == pw.Value(1)
    order: list[pw.Node] = []
    if text:
        match, rank = _match(Person, text, Person.household)
        cond &= match
        order.append(rank)
    if group is not None:
        cond &= Person.group == group
    if party_only:
        cond &= Person.is_party_member == True  # noqa: E712 - a peewee expression, not a comparison
    return cond, order


def count_people(text: str | None = None, *, group: str | None = None, party_only: bool = False) -> int:
    cond, _ = _people_filter(clean(text), group, party_only)
    return Person.select().where(cond).count()


def count_contributors(text: str | None = None) -> int:
    cond, _ = _contributor_filter(clean(text))
    return Contributor.select().where(cond).count()


def _contributor_filter(text: str) -> tuple[pw.Expression, list[pw.Node]]:
    cond = pw.Value(1) == pw.Value(1)
    order: list[pw.Node] = []
    if text:
        match, rank = _match(Contributor, text)
        cond &= match
        order.append(rank)
    return cond, order


def search_people(
    text: str | None = None,
    *,
    limit: int = PAGE_SIZE,
    offset: int = 0,
    group: str | None = None,
    party_only: bool = False,
    count: bool = True,
) -> Page[PersonHit]:
    """Villagers whose name (or household) contains ``text`` or whose initials start with it."""
    cond, order = _people_filter(clean(text), group, party_only)
    Mobiliser = Person.alias("mobiliser")
    query = (
        Person.select(
            Person.id,
            Person.name,
            Person.group,
            Person.household,
            Person.is_household_head,
            Person.is_party_member,
            fn.COALESCE(Mobiliser.name, ""),
        )
        .join(Mobiliser, JOIN.LEFT_OUTER, on=(Person.mobiliser == Mobiliser.id))
        .where(cond)
    )
    total = Person.select().where(cond).count() if count else 0
    rows = query.order_by(*order, Person.group, Person.household, Person.name, Person.id)
    items = [PersonHit(*row) for row in rows.limit(limit).offset(offset).tuples()]
    return Page(items, total if count else len(items), offset)


def search_contributors(
    text: str | None = None,
    *,
    limit: int = PAGE_SIZE,
    offset: int = 0,
    count: bool = True,
) -> Page[ContributorHit]:
    """Contributors (villagers and organisations) by name or pinyin initials."""
    cond, order = _contributor_filter(clean(text))
    query = (
        Contributor.select(
            Contributor.id,
            Contributor.name,
            Contributor.kind,
            Contributor.person,
            fn.COALESCE(Person.group, ""),
            fn.COALESCE(Person.household, ""),
        )
        .join(Person, JOIN.LEFT_OUTER, on=(Contributor.person == Person.id))
        .where(cond)
    )
    total = Contributor.select().where(cond).count() if count else 0
    rows = query.order_by(*order, Contributor.name, Contributor.id)
    items = [ContributorHit(*row) for row in rows.limit(limit).offset(offset).tuples()]
    return Page(items, total if count else len(items), offset)


def contributors_named(name: str) -> list[ContributorHit]:
    """Contributors whose name is exactly ``name`` (more than one means the user must pick)."""
    name = name.strip()
    rows = (
        Contributor.select(
            Contributor.id,
            Contributor.name,
            Contributor.kind,
            Contributor.person,
            fn.COALESCE(Person.group, ""),
            fn.COALESCE(Person.household, ""),
        )
        .join(Person, JOIN.LEFT_OUTER, on=(Contributor.person == Person.id))
        .where(Contributor.name == name)
        .order_by(Contributor.id)
        .limit(5)
        .tuples()
    )
    return [ContributorHit(*row) for row in rows]


def people_named(name: str) -> list[PersonHit]:
    """Villagers whose name is exactly ``name`` (namesakes happen in a village)."""
    name = name.strip()
    return [hit for hit in search_people(name, limit=20, count=False).items if hit.name == name]


def group_members(group: str) -> list[PersonHit]:
    """Everyone of a 组, household by household, the head of each household first (出工点名)."""
    Mobiliser = Person.alias("mobiliser")
    rows = (
        Person.select(
            Person.id,
            Person.name,
            Person.group,
            Person.household,
            Person.is_household_head,
            Person.is_party_member,
            fn.COALESCE(Mobiliser.name, ""),
        )
        .join(Mobiliser, JOIN.LEFT_OUTER, on=(Person.mobiliser == Mobiliser.id))
        .where(Person.group == group)
        .order_by(Person.household, Person.is_household_head.desc(), Person.id)
        .tuples()
    )
    return [PersonHit(*row) for row in rows]


def people_by_id(ids: list[int]) -> dict[int, Person]:
    """The Person records of a list of ids, in one query."""
    if not ids:
        return {}
    return {p.id: p for p in Person.select().where(Person.id.in_(ids))}


def labour_on(project_id: int, date: object) -> dict[int, int]:
    """Half days already recorded per person on one project and day (to show who is entered)."""
    rows = (
        LabourEntry.select(LabourEntry.person, fn.SUM(LabourEntry.half_days))
        .where((LabourEntry.project == project_id) & (LabourEntry.date == date))
        .group_by(LabourEntry.person)
        .tuples()
    )
    return dict(rows)


def work_types(limit: int = 20) -> list[str]:
    """Work types already used, most used first (suggestions for the roll call and labour form)."""
    rows = (
        LabourEntry.select(LabourEntry.work_type)
        .where(LabourEntry.work_type != "")
        .group_by(LabourEntry.work_type)
        .order_by(fn.COUNT(LabourEntry.id).desc(), LabourEntry.work_type)
        .limit(limit)
        .tuples()
    )
    return [w for (w,) in rows]


def groups() -> list[str]:
    """The 组 names villagers belong to, for suggestions."""
    rows = Person.select(Person.group).where(Person.group != "").distinct().order_by(Person.group).tuples()
    return [g for (g,) in rows]
