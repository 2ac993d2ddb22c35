"""Writing records: each function validates, writes in one transaction and logs the change.

Money records (pledge, receipt, in-kind gift, expense) are only ever added: a mistake is
corrected by ``reverse`` (a negated entry that points at the original) and a new entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import peewee as pw
import pendulum

from models import (
    CONTRIBUTOR_KINDS,
    MONEY_MODELS,
    PROJECT_STATUSES,
    SOURCES,
    Contributor,
    Expense,
    InKind,
    LabourEntry,
    Milestone,
    Person,
    Pledge,
    ProgressNote,
    Project,
    Receipt,
    Village,
    database_proxy,
    utc_now,
)
from models.base import home_village_id

from . import audit
from . import field_parsers as _field_parsers  # noqa: F401  registers the field.* and error.* messages raised here
from .errors import FieldError, UserError, ValidationError
from .i18n import register

MoneyRecord = Pledge | Receipt | InKind | Expense


def atomic():
    return database_proxy.atomic()


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


def update(instance: pw.Model, **changes: object) -> pw.Model:
    """Edit a non-money record: bumps its version and logs before/after."""
    if isinstance(instance, tuple(MONEY_MODELS.values())):
        raise UserError("error.money_immutable")
    with atomic():
        fresh = type(instance).get_by_id(instance.id)
        before = audit.snapshot(fresh)
        for key, value in changes.items():
            setattr(fresh, key, value)
        # peewee marks every assigned field dirty, changed or not: compare what would be stored.
        if audit.snapshot(fresh) == before:
            return fresh
        fresh.version = (fresh.version or 0) + 1
        fresh.updated_at = utc_now()
        fresh.save()
        audit.log("update", fresh, before)
    return fresh


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
) -> Person:
    _raise([FieldError("person", "error.required")] if not name.strip() else [])
    return _create(
        Person,
        name=name.strip(),
        initials=initials_of(name.strip()),
        group=group.strip(),
        household=household.strip(),
        is_household_head=is_household_head,
        phone=phone.strip(),
        is_party_member=is_party_member,
        mobiliser=mobiliser,
    )


def add_contributor(
    name: str, kind: str = "person", *, person: Person | None = None, phone: str = ""
) -> Contributor:
    errors = []
    if not name.strip():
        errors.append(FieldError("contributor", "error.required"))
    if kind not in CONTRIBUTOR_KINDS:
        errors.append(FieldError("kind", "error.choice", {"text": kind, "choices": CONTRIBUTOR_KINDS}))
    _raise(errors)
    return _create(
        Contributor,
        name=name.strip(),
        initials=initials_of(name.strip()),
        kind=kind,
        person=person,
        phone=phone.strip(),
    )


def contributor_for(name: str, kind: str | None = None) -> Contributor:
    """The contributor of that name; created (linked to a villager of the name) if new."""
    name = name.strip()
    found = Contributor.get_or_none(Contributor.name == name)
    if found is not None:
        return found
    person = Person.get_or_none(Person.name == name)
    return add_contributor(name, kind or "person", person=person)


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
    errors = []
    if not name.strip():
        errors.append(FieldError("name", "error.required"))
    elif (
        Project.select()
        .where((Project.name == name.strip()) & (Project.village == home_village_id()))
        .exists()
    ):
        errors.append(FieldError("name", "error.project_exists", {"text": name.strip()}))
    if budget_fen < 0:
        errors.append(FieldError("budget", "error.amount.negative", {"text": budget_fen}))
    if status not in PROJECT_STATUSES:
        errors.append(FieldError("status", "error.choice", {"text": status, "choices": PROJECT_STATUSES}))
    if households < 0:
        errors.append(FieldError("households", "error.integer", {"low": 0, "high": 10**6}))
    _raise(errors)
    return _create(
        Project,
        name=name.strip(),
        group=group.strip(),
        households=households,
        leader=leader.strip(),
        budget_fen=budget_fen,
        start_date=start_date,
        planned_end=planned_end,
        status=status,
    )


# --- money ----------------------------------------------------------------------------------


def _money_checks(amount_fen: int, source: str | None = None) -> list[FieldError]:
    errors = []
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
        raise TypeError("amounts are integer fen")
    if amount_fen <= 0:
        errors.append(FieldError("amount", "error.amount.zero"))
    if source is not None and source not in SOURCES:
        errors.append(FieldError("source", "error.source", {"text": source, "choices": "/".join(SOURCES)}))
    return errors


def voucher_in_use(voucher: str) -> bool:
    """A voucher number is unique in a village among live receipts (not reversed, not reversals)."""
    reversed_ids = Receipt.select(Receipt.reverses).where(Receipt.reverses.is_null(False))
    return (
        Receipt.select()
        .where((Receipt.voucher == voucher) & Receipt.reverses.is_null() & Receipt.id.not_in(reversed_ids))
        .exists()
    )


def add_pledge(
    project: Project,
    contributor: Contributor,
    source: str,
    amount_fen: int,
    date: pendulum.Date,
    *,
    due_date: pendulum.Date | None = None,
    note: str = "",
) -> Pledge:
    errors = _money_checks(amount_fen, source)
    if due_date is not None and due_date < date:
        errors.append(FieldError("due_date", "error.due_before_date"))
    _raise(errors)
    return _create(
        Pledge,
        project=project,
        contributor=contributor,
        source=source,
        amount_fen=amount_fen,
        date=date,
        due_date=due_date,
        note=note,
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
) -> Receipt:
    errors = _money_checks(amount_fen, source)
    voucher = (voucher or "").strip() or None
    with atomic():
        if voucher and voucher_in_use(voucher):
            errors.append(FieldError("voucher", "error.voucher_dup", {"text": voucher}))
        _raise(errors)
        return _create(
            Receipt,
            project=project,
            contributor=contributor,
            source=source,
            amount_fen=amount_fen,
            date=date,
            voucher=voucher,
            note=note,
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
    errors = _money_checks(amount_fen, source)
    if not item.strip():
        errors.append(FieldError("item", "error.required"))
    _raise(errors)
    return _create(
        InKind,
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
    errors = _money_checks(amount_fen)
    if not item.strip():
        errors.append(FieldError("item", "error.required"))
    _raise(errors)
    return _create(
        Expense,
        project=project,
        item=item.strip(),
        amount_fen=amount_fen,
        date=date,
        payee=payee.strip(),
        voucher=(voucher or "").strip() or None,
        note=note,
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
    )


def add_labour_roll(
    project: Project, date: pendulum.Date, work_type: str, attendance: Iterable[tuple[Person, int]]
) -> list[LabourEntry]:
    """出工点名: one entry per person who came, all in one transaction (all or nothing)."""
    with atomic():
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
) -> Milestone:
    errors = []
    if not name.strip():
        errors.append(FieldError("name", "error.required"))
    if not 0 <= progress_pct <= 100:
        errors.append(FieldError("progress_pct", "error.integer", {"low": 0, "high": 100}))
    if weight < 0:
        errors.append(FieldError("weight", "error.integer", {"low": 0, "high": 1000}))
    _raise(errors)
    if done_date is not None:
        progress_pct = 100
    return _create(
        Milestone,
        project=project,
        name=name.strip(),
        weight=weight,
        planned_date=planned_date,
        done_date=done_date,
        progress_pct=progress_pct,
    )


def set_milestone_progress(
    milestone: Milestone, progress_pct: int, done_date: pendulum.Date | None = None
) -> Milestone:
    if not 0 <= progress_pct <= 100:
        raise ValidationError([FieldError("progress_pct", "error.integer", {"low": 0, "high": 100})])
    if done_date is not None:
        progress_pct = 100  # a done milestone is done, whatever was typed
    return update(milestone, progress_pct=progress_pct, done_date=done_date)


def add_progress_note(project: Project, date: pendulum.Date, text: str, photo_path: str = "") -> ProgressNote:
    if not text.strip():
        raise ValidationError([FieldError("text", "error.required")])
    return _create(ProgressNote, project=project, date=date, text=text.strip(), photo_path=photo_path.strip())


register(
    zh={
        "error.no_village": "数据库里还没有村，请先运行 xiumei init --village 村名 --town 镇 --county 县",
        "error.village_exists": "数据库里已有“{name}”村，一个数据库只记一个村",
        "error.money_immutable": "资金记录保存后不能修改或删除，请用冲销更正",
        "error.project_exists": "已有名为“{text}”的屋场",
        "error.reverse_before_original": "冲销日期不能早于原记录的日期 {date}",
        "error.cannot_delete": "只有投工记录和进度记录可以删除；节点、村民和屋场请修改",
    },
    en={
        "error.no_village": "The database has no village yet; run xiumei init --village NAME --town TOWN --county COUNTY",
        "error.village_exists": 'The database already holds village "{name}"; one database keeps one village',
        "error.money_immutable": "Money records cannot be edited or deleted once saved; correct them by a reversal",
        "error.project_exists": 'A project named "{text}" already exists',
        "error.reverse_before_original": "a reversal cannot be dated before the entry it reverses ({date})",
        "error.cannot_delete": "only labour entries and progress notes can be deleted; edit milestones, villagers and projects instead",
    },
)
