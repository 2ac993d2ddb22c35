"""Writing records: each function validates, writes in one transaction and logs the change.

The rules a record keeps are in ``tracker.rules``; every function here that adds or edits a
record runs them inside its transaction, whoever calls it (a form, the CLI, the import, the demo).

Money records (pledge, receipt, in-kind gift, expense) are only ever added: a mistake is
corrected by ``reverse`` (a negated entry that points at the original) and a new entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import peewee as pw
import pendulum

from models import (
    MONEY_MODELS,
    Contributor,
    Expense,
    InKind,
    LabourEntry,
    Levy,
    Meeting,
    Milestone,
    MilestoneProgress,
    Person,
    Pledge,
    ProgressNote,
    Project,
    Receipt,
    Village,
    database_proxy,
    utc_now,
)

from . import audit, dates, rules, spelling, vouchers
from . import field_parsers as _field_parsers  # noqa: F401  registers the field.* and error.* messages raised here
from .errors import FieldError, UserError, ValidationError
from .i18n import register
from .rules import tidy_name, voucher_in_use  # noqa: F401  voucher_in_use: part of this module's API

MoneyRecord = Pledge | Receipt | InKind | Expense


def write_transaction():
    """A transaction that takes the write lock when it begins (SQLite's ``BEGIN IMMEDIATE``).

    A transaction that reads before it writes must hold the lock from the start: begun deferred,
    a second writer fails at once with "database is locked" instead of waiting out the busy
    timeout, and what it read may be stale by the time it writes (two imports of one file would
    both store it). ``models.db`` opens SQLite so that every transaction begins this way (its
    ``lock_type``); this says so where it matters, whatever the connection. Inside a transaction
    already open it is a savepoint of that one. ``BEGIN IMMEDIATE`` is SQLite's; elsewhere the
    server locks, so it is a plain transaction there.
    """
    if isinstance(database_proxy.obj, pw.SqliteDatabase):
        return database_proxy.atomic("IMMEDIATE")
    return database_proxy.atomic()


def atomic():
    """The transaction every write here runs in: a write transaction (``write_transaction``)."""
    return write_transaction()


@lru_cache(maxsize=4096)
def initials_of(name: str) -> str:
    """Pinyin initials for search (梁湘江 -> lxj); letters and digits pass through."""
    from pypinyin import (  # imported on first use: 0.3 s at start-up otherwise
        Style,
        lazy_pinyin,
    )

    parts = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    return "".join(p[:1] for p in parts if p and p[0].isalnum()).lower()


# --- village -------------------------------------------------------------------------------


def get_village() -> Village:
    village = Village.select().order_by(Village.id).first()
    if village is None:
        raise UserError("error.no_village")
    return village


def create_village(
    name: str, town: str = "", county: str = "", cadre_name: str = "", labour_rate_fen: int = 10000
) -> Village:
    errors = []
    if not name.strip():
        errors.append(FieldError("village", "error.required"))
    if labour_rate_fen < 0:
        errors.append(FieldError("labour_rate", "error.amount.negative", {"text": labour_rate_fen}))
    _raise(errors)
    with atomic():
        if Village.select().exists():
            raise UserError("error.village_exists", name=get_village().name)
        village = Village.create(
            name=name.strip(),
            town=town.strip(),
            county=county.strip(),
            cadre_name=cadre_name.strip(),
            labour_rate_fen=labour_rate_fen,
        )
        audit.log("create", village)
    return village


# --- edits of records that are not money ---------------------------------------------------


def update(
    instance: pw.Model,
    *,
    today: pendulum.Date | None = None,
    progress_date: pendulum.Date | None = None,
    **changes: object,
) -> pw.Model:
    """Edit a non-money record: runs the record's rules, bumps its version and logs before/after.

    A milestone whose percent or done date changes gets a row in its progress history, dated at
    ``progress_date`` (the update's day; today when not given), or at its done date when done."""
    if isinstance(instance, tuple(MONEY_MODELS.values())):
        raise UserError("error.money_immutable")
    with atomic():
        fresh = type(instance).get_by_id(instance.id)
        before = audit.snapshot(fresh)
        for key, value in changes.items():
            setattr(fresh, key, value)
        if "name" in changes:
            fresh.name = tidy_name(fresh.name)
            if "initials" not in changes and hasattr(fresh, "initials"):
                fresh.initials = initials_of(fresh.name)
            if hasattr(fresh, "spell"):
                fresh.spell = spelling.spell_key(fresh.name)
        rules.check(fresh, today)
        _settle(fresh, progress_date or today)
        # peewee marks every assigned field dirty, changed or not: compare what would be stored.
        if audit.snapshot(fresh) == before:
            return fresh
        fresh.version = (fresh.version or 0) + 1
        fresh.updated_at = utc_now()
        fresh.save()
        audit.log("update", fresh, before)
        after = audit.snapshot(fresh)
        if isinstance(fresh, Milestone) and any(before[k] != after[k] for k in ("progress_pct", "done_date")):
            _progress_row(fresh, progress_date or today)
    return fresh


def _progress_row(m: Milestone, on: pendulum.Date | None) -> None:
    """Append a milestone's percent to its history: dated at its done date when done, else ``on``."""
    row = _progress_of(m, on or dates.today())
    row.save(force_insert=True)
    audit.log("create", row)


def delete(instance: pw.Model) -> None:
    """Delete a labour entry or progress note typed by mistake (money is reversed instead)."""
    if isinstance(instance, tuple(MONEY_MODELS.values())):
        raise UserError("error.money_immutable")
    if not isinstance(instance, (LabourEntry, ProgressNote)):
        raise UserError("error.cannot_delete")
    with atomic():
        before = audit.snapshot(instance)
        instance.delete_instance()
        audit.log("delete", instance, before)


def _create(model: type[pw.Model], _action: str = "create", **fields: object) -> pw.Model:
    with atomic():
        instance = model.create(**fields)
        audit.log(_action, instance)
    return instance


def _add(record: pw.Model, today: pendulum.Date | None = None) -> pw.Model:
    """Save a new record once it keeps every rule (checked inside the transaction that writes it)."""
    with atomic():
        rules.check(record, today)
        _settle(record, today)
        record.save(force_insert=True)
        audit.log("create", record)
        if isinstance(record, Milestone):
            _progress_row(record, today)
    return record


def _settle(record: pw.Model, on: pendulum.Date | None = None) -> None:
    """Values that follow from the others once the rules are kept: a milestone with a done date is
    at 100%; one set to 100% is done, on the update's day (``on``) unless a done date was typed."""
    if isinstance(record, Milestone):
        if record.done_date is not None:
            record.progress_pct = 100
        elif (record.progress_pct or 0) >= 100:
            record.done_date = on or dates.today()


def _raise(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)


# --- people, contributors, projects ---------------------------------------------------------


def add_person(
    name: str,
    group: str = "",
    household: str = "",
    *,
    is_household_head: bool = False,
    phone: str = "",
    is_party_member: bool = False,
    mobiliser: Person | None = None,
    sex: str = "",
    birth_date: pendulum.Date | None = None,
    note: str = "",
) -> Person:
    name = tidy_name(name)
    return _add(
        Person(
            name=name,
            initials=initials_of(name),
            spell=spelling.spell_key(name),
            group=group.strip(),
            household=household.strip(),
            is_household_head=is_household_head,
            phone=phone.strip(),
            is_party_member=is_party_member,
            mobiliser=mobiliser,
            sex=sex,
            birth_date=birth_date,
            note=note.strip(),
        )
    )


def add_contributor(
    name: str, kind: str = "person", *, person: Person | None = None, phone: str = ""
) -> Contributor:
    """A new contributor: a villager (linked to ``person``, one contributor a person) or anyone else
    (an organisation, a native living away), unique by name; see tracker.rules."""
    name = tidy_name(name)
    return _add(
        Contributor(
            name=name,
            initials=initials_of(name),
            spell=spelling.spell_key(name),
            kind=kind,
            person=person,
            phone=phone.strip(),
        )
    )


def contributor_of(person: Person, kind: str = "person") -> Contributor:
    """The contributor who is this villager, created the first time they give."""
    found = Contributor.select().where(Contributor.person == person.id).order_by(Contributor.id).first()
    return found if found is not None else add_contributor(person.name, kind, person=person)


def _who_is(names: Iterable[str]) -> dict[str, list[Contributor | Person]]:
    """Everyone each name may mean, each once: the contributor of that name not linked to a villager,
    and each villager of the name or whose contributor has it (as that contributor once they gave).
    Four queries, whatever the number of names."""
    names = list(names)
    contributors = rules.same_names(Contributor, names)
    people = rules.same_names(Person, names)
    named_ids = {p.id for found in people.values() for p in found}
    linked_ids = {c.person_id for found in contributors.values() for c in found if c.person_id is not None}
    given: dict[int, Contributor] = {}
    if named_ids - linked_ids:
        for c in (
            Contributor.select()
            .where(Contributor.person.in_(sorted(named_ids - linked_ids)))
            .order_by(Contributor.id)
        ):
            given.setdefault(c.person_id, c)
    person_of = {p.id: p for found in people.values() for p in found}
    if linked_ids - named_ids:  # villagers renamed since they gave: described by their 组/户 too
        person_of.update(
            (p.id, p) for p in Person.select().where(Person.id.in_(sorted(linked_ids - named_ids)))
        )
    meant: dict[str, list[Contributor | Person]] = {}
    for name in names:
        key = rules.name_key(name)
        outside = [c for c in contributors.get(key, []) if c.person_id is None]
        villagers: dict[int, Contributor | Person] = {}
        for c in contributors.get(key, []):
            if c.person_id is not None:
                villagers.setdefault(c.person_id, c)
        for p in people.get(key, []):
            villagers.setdefault(p.id, given.get(p.id, p))
        meant[name] = [*outside, *(villagers[pid] for pid in sorted(villagers))]
        for who in meant[name]:
            if isinstance(who, Contributor) and who.person_id in person_of:
                who.person = person_of[who.person_id]  # described without a query of its own
    return meant


def _where_from(who: Contributor | Person) -> str:
    person = who if isinstance(who, Person) else who.person
    if person is None:
        return who.name
    return f"{person.name}（{person.household or person.group or '—'}）"


def contributors_named(names: Iterable[str]) -> dict[str, Contributor | FieldError | None]:
    """The contributor each name means: None when it means no contributor yet (a new name, or a
    villager who has not given before); a FieldError on ``contributor`` naming each by 组/户 when
    it could mean several, for a villager is identified by the person, never picked by the name.
    A fixed number of queries, whatever the number of names (an import's)."""
    found: dict[str, Contributor | FieldError | None] = {}
    for name, meant in _who_is(names).items():
        if len(meant) > 1:
            who = "、".join(map(_where_from, meant))
            kwargs = {"text": tidy_name(name), "n": len(meant), "who": who}
            found[name] = FieldError("contributor", "error.contributor_namesake", kwargs)
        else:
            found[name] = meant[0] if meant and isinstance(meant[0], Contributor) else None
    return found


def contributor_named(name: str) -> Contributor | None:
    """The contributor ``name`` means (see ``contributors_named``); ValidationError when several."""
    found = contributors_named([name])[name]
    if isinstance(found, FieldError):
        raise ValidationError([found])
    return found


def contributor_for(name: str, kind: str | None = None) -> Contributor:
    """The contributor ``name`` means (see ``contributors_named``); created if new: linked to the
    villager of that name when there is one, as ``kind`` (a villager by default)."""
    meant = _who_is([name])[name]
    if len(meant) > 1:
        contributor_named(name)  # raises, naming each
    if not meant:
        return add_contributor(name, kind or "person")
    who = meant[0]
    return who if isinstance(who, Contributor) else contributor_of(who, kind or "person")


def add_project(
    name: str,
    group: str = "",
    *,
    households: int = 0,
    leader: str = "",
    budget_fen: int = 0,
    start_date: pendulum.Date | None = None,
    planned_end: pendulum.Date | None = None,
    status: str = "planning",
) -> Project:
    return _add(
        Project(
            name=tidy_name(name),
            group=group.strip(),
            households=households,
            leader=leader.strip(),
            budget_fen=budget_fen,
            start_date=start_date,
            planned_end=planned_end,
            status=status,
        )
    )


# --- money ----------------------------------------------------------------------------------


def _integer_fen(amount_fen: object) -> None:
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
        raise TypeError("amounts are integer fen")


def add_pledge(
    project: Project,
    contributor: Contributor,
    source: str,
    amount_fen: int,
    date: pendulum.Date,
    *,
    due_date: pendulum.Date | None = None,
    note: str = "",
    meeting: Meeting | None = None,
) -> Pledge:
    _integer_fen(amount_fen)
    return _add(
        Pledge(
            project=project,
            contributor=contributor,
            source=source,
            amount_fen=amount_fen,
            date=date,
            due_date=due_date,
            note=note,
            meeting=meeting,
        )
    )


def add_receipt(
    project: Project,
    contributor: Contributor,
    source: str,
    amount_fen: int,
    date: pendulum.Date,
    *,
    voucher: str | None = None,
    note: str = "",
    levy: Levy | None = None,
) -> Receipt:
    """A receipt with its 收据编号: the next of the village's (``tracker.vouchers``) when blank."""
    _integer_fen(amount_fen)
    return _add(
        Receipt(
            project=project,
            contributor=contributor,
            source=source,
            amount_fen=amount_fen,
            date=date,
            voucher=(voucher or "").strip() or vouchers.next_voucher(date),
            note=note,
            levy=levy,
        )
    )


def add_in_kind(
    project: Project,
    contributor: Contributor,
    source: str,
    item: str,
    amount_fen: int,
    date: pendulum.Date,
    *,
    quantity: str = "",
    unit: str = "",
    note: str = "",
) -> InKind:
    _integer_fen(amount_fen)
    return _add(
        InKind(
            project=project,
            contributor=contributor,
            source=source,
            item=item.strip(),
            amount_fen=amount_fen,
            date=date,
            quantity=str(quantity).strip(),
            unit=unit.strip(),
            note=note,
        )
    )


def add_expense(
    project: Project,
    item: str,
    amount_fen: int,
    date: pendulum.Date,
    *,
    payee: str = "",
    voucher: str | None = None,
    note: str = "",
) -> Expense:
    _integer_fen(amount_fen)
    return _add(
        Expense(
            project=project,
            item=item.strip(),
            amount_fen=amount_fen,
            date=date,
            payee=payee.strip(),
            voucher=(voucher or "").strip() or None,
            note=note,
        )
    )


def reverse(entry: MoneyRecord, reason: str, date: pendulum.Date) -> MoneyRecord:
    """冲销: add the negated entry that points at ``entry``; the original stays as it was."""
    model = type(entry)
    if not reason.strip():
        raise ValidationError([FieldError("reason", "error.required")])
    with atomic():
        original = model.get_by_id(entry.id)
        if original.reverses_id is not None:
            raise UserError("error.reverse_reversal")
        if model.select().where(model.reverses == original.id).exists():
            raise UserError("error.already_reversed")
        if date < original.date:
            # As of a day between the two, the ledger would hold the negated amount alone.
            raise ValidationError(
                [FieldError("date", "error.reverse_before_original", {"date": original.date.isoformat()})]
            )
        fields = {
            name: original.__data__.get(name)
            for name in model._meta.fields
            if name not in ("id", "uuid", "created_at", "updated_at", "version")
        }
        fields.update(
            amount_fen=-original.amount_fen,
            reverses=original.id,
            reason=reason.strip(),
            date=date,
        )
        if model is Receipt:
            fields["voucher"] = None  # the number stays with the original; the corrected entry may reuse it
        return _create(model, "reverse", **fields)


def is_reversed(entry: MoneyRecord) -> bool:
    model = type(entry)
    return model.select().where(model.reverses == entry.id).exists()


# --- labour, milestones, notes -------------------------------------------------------------


def add_labour(
    person: Person,
    project: Project,
    date: pendulum.Date,
    half_days: int,
    *,
    work_type: str = "",
    note: str = "",
    levy: Levy | None = None,
) -> LabourEntry:
    if not isinstance(half_days, int) or isinstance(half_days, bool) or not 0 < half_days <= 62:
        raise ValidationError([FieldError("days", "error.days", {"text": half_days / 2})])
    return _create(
        LabourEntry,
        person=person,
        project=project,
        date=date,
        half_days=half_days,
        work_type=work_type.strip(),
        note=note,
        levy=levy,
    )


def add_labour_roll(
    project: Project,
    date: pendulum.Date,
    work_type: str,
    attendance: Iterable[tuple[Person, int]],
    *,
    again: Iterable[int] = (),
) -> list[LabourEntry]:
    """出工点名: one entry per person who came, all in one transaction (all or nothing).

    Someone already recorded for the project that day is refused (a roll call taken twice), unless
    their id is in ``again``: the cadre asked for a second entry on purpose.
    """
    attendance = list(attendance)
    allowed = set(again)
    with atomic():
        ids = [person.id for person, _ in attendance if person.id not in allowed]
        done = (
            LabourEntry.select(LabourEntry.person)
            .where(
                (LabourEntry.project == project.id) & (LabourEntry.date == date) & LabourEntry.person.in_(ids)
            )
            .distinct()
        )
        twice = {person_id for (person_id,) in done.tuples()} if ids else set()
        if twice:
            names = "、".join(person.name for person, _ in attendance if person.id in twice)
            raise ValidationError(
                [FieldError("person", "error.labour_twice", {"names": names, "date": date.isoformat()})]
            )
        return [
            add_labour(person, project, date, halves, work_type=work_type) for person, halves in attendance
        ]


def add_milestone(
    project: Project,
    name: str,
    *,
    weight: int = 1,
    planned_date: pendulum.Date | None = None,
    done_date: pendulum.Date | None = None,
    progress_pct: int = 0,
    today: pendulum.Date | None = None,
) -> Milestone:
    return _add(
        Milestone(
            project=project,
            name=tidy_name(name),
            weight=weight,
            planned_date=planned_date,
            done_date=done_date,
            progress_pct=progress_pct,
        ),
        today,
    )


def set_milestone_progress(
    milestone: Milestone,
    progress_pct: int,
    done_date: pendulum.Date | None = None,
    *,
    date: pendulum.Date | None = None,
    today: pendulum.Date | None = None,
) -> Milestone:
    """A progress update dated ``date`` (today when not given), kept in the milestone's history."""
    return update(
        milestone, progress_pct=progress_pct, done_date=done_date, today=today, progress_date=date or today
    )


def add_progress_note(project: Project, date: pendulum.Date, text: str, photo_path: str = "") -> ProgressNote:
    if not text.strip():
        raise ValidationError([FieldError("text", "error.required")])
    return _create(ProgressNote, project=project, date=date, text=text.strip(), photo_path=photo_path.strip())


# --- many records at once (the import) --------------------------------------------------------


def batch_problems(batch: Sequence[pw.Model], today: pendulum.Date | None = None) -> list[list[FieldError]]:
    """Every rule each record of a batch breaks (``tracker.rules``), as ``_add`` asks of one.

    The look-ups the rules make in the ledger are made once for the whole batch
    (``rules.Prefetched``), so ten thousand records cost a few queries, not one each.
    """
    ask = rules.Prefetched(batch, today)
    return [rules.problems(record, ask=ask) for record in batch]


def villagers_named(names: Iterable[str]) -> dict[str, Person | None]:
    """The villager each name means when it means exactly one who has not given yet: the person a
    new contributor of that name is linked to (as ``contributor_for`` links one)."""
    found: dict[str, Person | None] = {}
    for name, meant in _who_is(names).items():
        found[name] = meant[0] if len(meant) == 1 and isinstance(meant[0], Person) else None
    return found


def add_many(new: Sequence[pw.Model], *, cadre: str | None = None) -> None:
    """Insert new records of one model, each audited as created, in a few statements.

    Call it inside ``write_transaction`` with records that keep every rule (``batch_problems``).
    Each record gets its id here, so records added later in the batch can point at it. ``cadre``: as for ``audit.log_many``.
    """
    if not new:
        return
    for record in new:
        _settle(record)
        if hasattr(record, "spell") and not record.spell:
            record.spell = spelling.spell_key(record.name)
    model = type(new[0])
    if model is Receipt:
        vouchers.number_blank(new)  # a receipt without a 收据编号 gets the village's next
    fields = list(model._meta.sorted_fields)
    if isinstance(database_proxy.obj, pw.SqliteDatabase):
        # SQLite gives a new row the highest id plus one; the write lock, held since BEGIN
        # IMMEDIATE, keeps any other writer from taking one of these ids meanwhile.
        if not database_proxy.in_transaction():
            raise RuntimeError("add_many outside a write transaction")
        top = model.select(pw.fn.MAX(model.id)).scalar() or 0
        for offset, record in enumerate(new, start=1):
            record.id = top + offset
        rows = [[f.db_value(record.__data__.get(f.name)) for f in fields] for record in new]
        audit.insert_rows(model, fields, rows)
    else:
        for record in new:
            record.save(force_insert=True)
    audit.log_many("create", new, cadre=cadre)
    if model is Milestone:
        add_many([_progress_of(m, dates.today()) for m in new], cadre=cadre)


def _progress_of(m: Milestone, on: pendulum.Date) -> MilestoneProgress:
    """The history row of a milestone's percent: dated at its done date when done, else ``on``."""
    return MilestoneProgress(
        milestone=m.id, date=m.done_date or on, progress_pct=m.progress_pct, done_date=m.done_date
    )


def edit_many(edits: Sequence[tuple[pw.Model, dict[str, object]]], *, cadre: str | None = None) -> None:
    """Edit non-money records, as ``update`` does each: version bumped, before and after logged.

    For a batch inside ``write_transaction``; an edit that changes nothing stored is left out.
    """
    changed, befores = [], []
    for instance, changes in edits:
        if isinstance(instance, tuple(MONEY_MODELS.values())):
            raise UserError("error.money_immutable")
        before = audit.snapshot(instance)
        for key, value in changes.items():
            setattr(instance, key, value)
        if audit.snapshot(instance) == before:
            continue
        instance.version = (instance.version or 0) + 1
        instance.updated_at = utc_now()
        instance.save()
        changed.append(instance)
        befores.append(before)
    audit.log_many("update", changed, befores, cadre=cadre)
    progressed = [
        m
        for m, before in zip(changed, befores, strict=True)
        if isinstance(m, Milestone)
        and (before["progress_pct"], before["done_date"])
        != (
            m.progress_pct,
            audit.snapshot(m)["done_date"],
        )
    ]
    add_many([_progress_of(m, dates.today()) for m in progressed], cadre=cadre)


register(
    zh={
        "error.no_village": "数据库里还没有村，请先运行 xiumei init --village 村名 --town 镇 --county 县",
        "error.village_exists": "数据库里已有“{name}”村，一个数据库只记一个村",
        "error.money_immutable": "资金记录保存后不能修改或删除，请用冲销更正",
        "error.contributor_namesake": "有 {n} 位都叫“{text}”：{who}，无法确定是哪一位",
        "error.reverse_before_original": "冲销日期不能早于原记录的日期 {date}",
        "error.cannot_delete": "只有投工记录和进度记录可以删除；节点、村民和屋场请修改",
        "error.labour_twice": "{names} 在 {date} 已记过这个屋场的投工，没有重复记录；确需再记一笔请单独添加",
    },
    en={
        "error.no_village": "The database has no village yet; run xiumei init --village NAME --town TOWN --county COUNTY",
        "error.village_exists": 'The database already holds village "{name}"; one database keeps one village',
        "error.money_immutable": "Money records cannot be edited or deleted once saved; correct them by a reversal",
        "error.contributor_namesake": '{n} are called "{text}": {who}; cannot tell which one is meant',
        "error.reverse_before_original": "a reversal cannot be dated before the entry it reverses ({date})",
        "error.cannot_delete": "only labour entries and progress notes can be deleted; edit milestones, villagers and projects instead",
        "error.labour_twice": "{names} already have labour on this project on {date}; nothing recorded twice. Add a second entry on its own if it is meant",
    },
)
