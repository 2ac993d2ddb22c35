"""The one name lookup: villagers and contributors by any part of the Chinese name, by pinyin
initials or full pinyin, in any reading of a many-reading character (曾建国 <- 曾, 建国, zjg, cjg,
zengjianguo), best matches first: the exact name, then names starting with the text, then an
exact spelling, a spelling starting with it, and last names containing it (宏达 finds
新化县宏达建材有限公司).

Every lookup is SQL with LIMIT/OFFSET (plus one COUNT for a page), so a screen never loads a whole
village of names; the spellings are the ``spell`` column stored when the record was written
(``tracker.spelling``), not computed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import peewee as pw
from peewee import JOIN, Case, fn

from models import Contributor, LabourEntry, Person

from . import spelling

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


@dataclass(frozen=True)
class PayerHit:
    """Who may be chosen as a payer: a contributor, or a villager who has not given before (who
    becomes the contributor linked to that person when chosen)."""

    id: int  # the contributor's id, or the person's when ``is_villager``
    name: str
    kind: str  # the contributor's kind; "person" for a villager
    person_id: int | None
    group: str
    household: str
    is_villager: bool = False  # a villager not yet a contributor

    @property
    def contributor_id(self) -> int | None:
        return None if self.is_villager else self.id


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
    """(filter, rank) for a name search: any part of the name, or the start of any spelling."""
    cond = model.name ** f"%{text}%"
    for column in extra:
        cond |= column ** f"%{text}%"
    pinyin = text.lower()
    if looks_like_initials(text):
        # ``initials`` too: a row written before spellings were stored is found by them meanwhile
        cond |= (model.spell ** f"%|{pinyin}%") | (model.initials ** f"{pinyin}%")
    rank = Case(
        None,
        [
            (model.name == text, 0),
            (model.name ** f"{text}%", 1),
            (model.spell ** f"%|{pinyin}|%", 2),
            ((model.spell ** f"|{pinyin}%") | (model.initials ** f"{pinyin}%"), 3),
            (model.spell ** f"%|{pinyin}%", 4),
        ],
        5,
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


def _person_hits() -> pw.ModelSelect:
    """The columns of a ``PersonHit``, in its order, with the 联户党员's name joined once."""
    Mobiliser = Person.alias("mobiliser")
    return Person.select(
        Person.id,
        Person.name,
        Person.group,
        Person.household,
        Person.is_household_head,
        Person.is_party_member,
        fn.COALESCE(Mobiliser.name, ""),
    ).join(Mobiliser, JOIN.LEFT_OUTER, on=(Person.mobiliser == Mobiliser.id))


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
    query = _person_hits().where(cond)
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


def search_payers(text: str | None, *, limit: int = 8) -> list[PayerHit]:
    """Who a payer typed as ``text`` may be: contributors, and villagers who have not given yet,
    best matches first. Namesakes stay apart, each with their 组 and 户."""
    text = clean(text)
    if not text:
        return []
    c_cond, c_rank = _match(Contributor, text)
    contributors = (
        Contributor.select(
            c_rank.alias("rank"),
            Contributor.id,
            Contributor.name,
            Contributor.kind,
            Contributor.person,
            fn.COALESCE(Person.group, ""),
            fn.COALESCE(Person.household, ""),
        )
        .join(Person, JOIN.LEFT_OUTER, on=(Contributor.person == Person.id))
        .where(c_cond)
        .order_by(c_rank, Contributor.name, Contributor.id)
        .limit(limit)
        .tuples()
    )
    p_cond, p_rank = _match(Person, text)
    given = Contributor.select(Contributor.person).where(Contributor.person.is_null(False))
    villagers = (
        Person.select(p_rank.alias("rank"), Person.id, Person.name, Person.group, Person.household)
        .where(p_cond & Person.id.not_in(given))
        .order_by(p_rank, Person.name, Person.group, Person.household, Person.id)
        .limit(limit)
        .tuples()
    )
    hits = [(rank, PayerHit(i, n, k, p, g, h)) for rank, i, n, k, p, g, h in contributors]
    hits += [(rank, PayerHit(i, n, "person", i, g, h, True)) for rank, i, n, g, h in villagers]
    hits.sort(key=lambda pair: (pair[0], pair[1].name, pair[1].is_villager, pair[1].group, pair[1].household))
    return [hit for _, hit in hits[:limit]]


def index_names() -> int:
    """Store the spellings of villagers and contributors written before they were kept (a database
    from an older version); returns how many were filled. Cheap when there are none."""
    filled = 0
    for model in (Person, Contributor):
        if not model.select().where(model.spell == "").exists():
            continue
        rows = list(
            model.select(model.id, model.name).where((model.spell == "") & (model.name != "")).tuples()
        )
        with model._meta.database.atomic():
            for pk, name in rows:
                model.update(spell=spelling.spell_key(name)).where(model.id == pk).execute()
        filled += len(rows)
    return filled


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
    rows = (
        _person_hits()
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
