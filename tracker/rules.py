"""The rules every record keeps, whichever way it comes in: a form, the CLI, an import, the demo.

Each rule is one function, named for what it asks of a record. It takes the record as it would be
stored (a model instance, saved or not yet; with ``id`` set when an existing record is edited) and
an ``Ask``: the day it is entered and the look-ups a rule makes in the ledger. It returns the
``FieldError`` it finds or None. The error names the field a form shows it beside, and the message
is the one the CLI and the import print. An import asks about many records at once through
``Prefetched``, which answers every look-up from a few queries made up front.

``check`` runs every rule of a record's model and raises ``ValidationError`` with all the errors
found. ``tracker.records`` runs it before every write, new records and edits alike, so no entry
path can skip a rule; a form may ask ``problems`` first only to show every message at once.

Names are compared by ``name_key``: 王建国 and 王 建国, 梁建国（长沙） and 梁建国(长沙), ＡＢＣ公司 and
abc公司 are the same name. Unique names are unique within the village (``in_the_village``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

import peewee as pw
import pendulum
from peewee import fn

from models import (
    CONTRIBUTOR_KINDS,
    GENDERS,
    LEVY_TERMS,
    MEETING_KINDS,
    PERSON_CATEGORIES,
    PROJECT_STATUSES,
    SOURCES,
    Contributor,
    Expense,
    InKind,
    Levy,
    LevyTerm,
    Meeting,
    Milestone,
    Person,
    PersonCategory,
    Pledge,
    Project,
    Receipt,
)
from models.base import home_village_id

from . import assembly, dates
from . import field_parsers as _field_parsers  # also registers the error.* messages used here
from .errors import FieldError, ValidationError
from .i18n import register, t
from .vouchers import next_voucher

# Spaces beside a Chinese character or full-width sign are layout (王  建国), never part of a name.
_SPACE_BY_WIDE = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def tidy_name(name: str | None) -> str:
    """A name as stored: trimmed, inner runs of spaces made one; otherwise as typed."""
    return " ".join((name or "").split())


def name_key(name: str | None) -> str:
    """A name as compared: full-width folded (NFKC), case folded, spaces beside Chinese dropped."""
    folded = " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())
    return _SPACE_BY_WIDE.sub("", folded)


def in_the_village(model: type[pw.Model]) -> pw.Expression:
    """The rows of ``model`` in the village a record is entered in: the scope of a unique name.

    Projects, persons and contributors carry their village; the other records belong to it
    through their project. Records are entered in a village database, whose village is its first
    (a town database holds many villages but takes no entries).
    """
    village = home_village_id()
    if "village" in model._meta.fields:
        return model.village == village
    if "project" in model._meta.fields:
        return model.project.in_(Project.select(Project.id).where(Project.village == village))
    return pw.Value(1) == pw.Value(1)


def _scope(model: type[pw.Model], equal: dict[str, object]) -> pw.Expression:
    cond = in_the_village(model)
    for name, value in equal.items():
        column = getattr(model, name)
        cond &= column.is_null() if value is None else column == value
    return cond


def same_names(model: type[pw.Model], names: Iterable[str], **equal: object) -> dict[str, list[pw.Model]]:
    """Records of ``model`` in the village (and with the ``equal`` field values) by ``name_key``,
    for every key of ``names``: one query, whatever the number of names."""
    keys = {name_key(n) for n in names} - {""}
    if not keys:
        return {}
    cond = _scope(model, equal)
    firsts = {k[0] for k in keys}
    if all("\u4e00" <= c <= "\u9fff" for c in firsts):
        # A Chinese character is its own folded form: narrow in SQL, compare the few left here.
        cond &= fn.SUBSTR(model.name, 1, 1).in_(sorted(firsts))
    found: dict[str, list[pw.Model]] = {}
    for record in model.select().where(cond).order_by(model.id):
        key = name_key(record.name)
        if key in keys:
            found.setdefault(key, []).append(record)
    return found


def same_name(model: type[pw.Model], name: str, **equal: object) -> list[pw.Model]:
    """Records of ``model`` in the village whose name is ``name`` once compared by ``name_key``."""
    return same_names(model, [name], **equal).get(name_key(name), [])


def _live_receipts() -> pw.Expression:
    # A voucher is freed by the reversal of its receipt; a reversal never holds one.
    reversed_ids = Receipt.select(Receipt.reverses).where(Receipt.reverses.is_null(False))
    return Receipt.reverses.is_null() & Receipt.id.not_in(reversed_ids) & in_the_village(Receipt)


def vouchers_in_use(vouchers: Iterable[str]) -> set[str]:
    """Which of ``vouchers`` a live receipt of the village holds (unique among them), in one query."""
    wanted = sorted({v for v in vouchers if v})
    if not wanted:
        return set()
    query = Receipt.select(Receipt.voucher).where(Receipt.voucher.in_(wanted) & _live_receipts())
    return {voucher for (voucher,) in query.tuples()}


def voucher_in_use(voucher: str) -> bool:
    """A voucher number is unique in a village among live receipts (not reversed, not reversals)."""
    return bool(vouchers_in_use([voucher]))


class Ask:
    """The day a record is entered and what the rules look up in the ledger, one query a look-up."""

    def __init__(self, today: pendulum.Date | None = None) -> None:
        self.today = today or dates.today()

    def same_name(self, model: type[pw.Model], name: str, **equal: object) -> list[pw.Model]:
        return same_name(model, name, **equal)

    def voucher_in_use(self, voucher: str) -> bool:
        return voucher_in_use(voucher)

    def contributors_of(self, person_id: int) -> list[Contributor]:
        return list(Contributor.select().where(Contributor.person == person_id).order_by(Contributor.id))


class Prefetched(Ask):
    """The look-ups of many records (an import's rows) answered from a few queries made up front:
    one for the names of each model and one for the vouchers, whatever the number of records."""

    def __init__(self, records: Iterable[pw.Model], today: pendulum.Date | None = None) -> None:
        super().__init__(today)
        records = list(records)
        self._names = {
            model: same_names(model, [r.name for r in records if type(r) is model])
            for model in {type(r) for r in records}
            if hasattr(model, "name") and model in RULES
        }
        self._vouchers = vouchers_in_use(r.voucher for r in records if isinstance(r, Receipt))

    def same_name(self, model: type[pw.Model], name: str, **equal: object) -> list[pw.Model]:
        if model not in self._names:
            return super().same_name(model, name, **equal)
        fields = {
            f"{k}_id" if isinstance(getattr(model, k), pw.ForeignKeyField) else k: v for k, v in equal.items()
        }
        found = self._names[model].get(name_key(name), [])
        return [r for r in found if all(getattr(r, f) == v for f, v in fields.items())]

    def voucher_in_use(self, voucher: str) -> bool:
        return voucher in self._vouchers


def _others(record: pw.Model, found: Iterable[pw.Model]) -> list[pw.Model]:
    return [r for r in found if r.id != record.id]


# --- projects ---------------------------------------------------------------------------------


def project_name_given(p: Project, ask: Ask) -> FieldError | None:
    return None if tidy_name(p.name) else FieldError("name", "error.required")


def project_name_unique(p: Project, ask: Ask) -> FieldError | None:
    """Two projects of a village never share a name: reports and the import find them by it."""
    same = _others(p, ask.same_name(Project, p.name))
    return FieldError("name", "error.project_exists", {"text": same[0].name}) if same else None


def project_budget_not_negative(p: Project, ask: Ask) -> FieldError | None:
    if (p.budget_fen or 0) < 0:
        return FieldError("budget", "error.amount.negative", {"text": p.budget_fen})
    return None


def project_status_known(p: Project, ask: Ask) -> FieldError | None:
    if p.status not in PROJECT_STATUSES:
        return FieldError("status", "error.choice", {"text": p.status, "choices": PROJECT_STATUSES})
    return None


def project_households_not_negative(p: Project, ask: Ask) -> FieldError | None:
    if (p.households or 0) < 0:
        return FieldError("households", "error.integer", {"low": 0, "high": 10**6})
    return None


def project_ends_after_it_starts(p: Project, ask: Ask) -> FieldError | None:
    if p.start_date is not None and p.planned_end is not None and p.planned_end < p.start_date:
        return FieldError("planned_end", "error.end_before_start")
    return None


# --- people and contributors -------------------------------------------------------------------

# What a spreadsheet shows in a cell whose formula failed: never anyone's name.
_SHEET_ERRORS = re.compile(r"#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!|GETTING_DATA)", re.I)
_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def name_shape_problem(name: str | None, field: str) -> FieldError | None:
    """A name that cannot be anyone's: a spreadsheet error value (#N/A), an amount or a number
    (1.5万, 3000, ¥300), or Latin letters alone (wjg: pinyin initials typed to search). Every
    villager and contributor has a Chinese name here; the rule keeps a typo from becoming a donor
    printed in the 公示."""
    text = tidy_name(name)
    if not text:
        return None
    if _SHEET_ERRORS.search(text):
        return FieldError(field, "error.name.sheet_error", {"text": text})
    if _is_amount(text) or text.isdigit():
        return FieldError(field, "error.name.amount", {"text": text})
    if _CHINESE.search(text) is None:
        return FieldError(field, "error.name.letters", {"text": text})
    return None


def _is_amount(text: str) -> bool:
    try:
        return _field_parsers.amount(text) is not None
    except FieldError:
        return False


def person_name_is_a_name(p: Person, ask: Ask) -> FieldError | None:
    return name_shape_problem(p.name, "person")


def contributor_name_is_a_name(c: Contributor, ask: Ask) -> FieldError | None:
    return name_shape_problem(c.name, "contributor")


def person_name_given(p: Person, ask: Ask) -> FieldError | None:
    return None if tidy_name(p.name) else FieldError("person", "error.required")


def contributor_name_given(c: Contributor, ask: Ask) -> FieldError | None:
    return None if tidy_name(c.name) else FieldError("contributor", "error.required")


def contributor_kind_known(c: Contributor, ask: Ask) -> FieldError | None:
    if c.kind not in CONTRIBUTOR_KINDS:
        return FieldError("kind", "error.choice", {"text": c.kind, "choices": CONTRIBUTOR_KINDS})
    return None


def villager_is_one_contributor(c: Contributor, ask: Ask) -> FieldError | None:
    """A villager who gives is identified by the person, not the name: one contributor a person.

    Two 王建国 of different households are two contributors; one 王建国 entered twice is one.
    """
    if c.person_id is None:
        return None
    same = _others(c, ask.contributors_of(c.person_id))
    if not same:
        return None
    person = Person.get_or_none(Person.id == c.person_id)
    name = person.name if person is not None else same[0].name
    return FieldError("person", "error.villager_contributor_exists", {"text": name, "name": same[0].name})


def outside_contributor_name_unique(c: Contributor, ask: Ask) -> FieldError | None:
    """An organisation or anyone not linked to a villager is identified by the name alone."""
    if c.person_id is None:
        same = _others(c, ask.same_name(Contributor, c.name, person=None))
        if same:
            return FieldError("contributor", "error.contributor_exists", {"text": same[0].name})
    return None


# --- milestones --------------------------------------------------------------------------------


def milestone_name_given(m: Milestone, ask: Ask) -> FieldError | None:
    return None if tidy_name(m.name) else FieldError("name", "error.required")


def milestone_name_unique(m: Milestone, ask: Ask) -> FieldError | None:
    """A project never has two milestones of one name: the import finds them by it."""
    if m.project_id is None:
        return None
    same = _others(m, ask.same_name(Milestone, m.name, project=m.project_id))
    return FieldError("name", "error.milestone_exists", {"text": same[0].name}) if same else None


def milestone_progress_in_range(m: Milestone, ask: Ask) -> FieldError | None:
    if not 0 <= (m.progress_pct or 0) <= 100:
        return FieldError("progress_pct", "error.integer", {"low": 0, "high": 100})
    return None


def milestone_weight_not_negative(m: Milestone, ask: Ask) -> FieldError | None:
    if (m.weight or 0) < 0:
        return FieldError("weight", "error.integer", {"low": 0, "high": 1000})
    return None


def milestone_done_not_in_future(m: Milestone, ask: Ask) -> FieldError | None:
    if m.done_date is not None and m.done_date > ask.today:
        return FieldError("done_date", "error.done_future")
    return None


# --- money -------------------------------------------------------------------------------------


def amount_above_zero(entry: pw.Model, ask: Ask) -> FieldError | None:
    if entry.amount_fen is not None and entry.amount_fen <= 0:
        return FieldError("amount", "error.amount.zero")
    return None


def source_known(entry: pw.Model, ask: Ask) -> FieldError | None:
    if entry.source not in SOURCES:
        return FieldError("source", "error.source", {"text": entry.source, "choices": "/".join(SOURCES)})
    return None


def pledge_due_not_before_its_date(p: Pledge, ask: Ask) -> FieldError | None:
    if p.due_date is not None and p.date is not None and p.due_date < p.date:
        return FieldError("due_date", "error.due_before_date")
    return None


def receipt_voucher_unused(r: Receipt, ask: Ask) -> FieldError | None:
    if r.voucher and ask.voucher_in_use(r.voucher):
        after = r.date or ask.today
        return FieldError("voucher", "error.voucher_taken", {"text": r.voucher, "next": next_voucher(after)})
    return None


def item_given(entry: pw.Model, ask: Ask) -> FieldError | None:
    return None if (entry.item or "").strip() else FieldError("item", "error.required")


# --- meetings, levies and the roster they are counted from -------------------------------------


def person_sex_known(p: Person, ask: Ask) -> FieldError | None:
    if p.sex and p.sex not in GENDERS:
        return FieldError("gender", "error.choice", {"text": p.sex, "choices": "、".join(GENDERS)})
    return None


def person_born_in_the_past(p: Person, ask: Ask) -> FieldError | None:
    if p.birth_date is not None and p.birth_date > ask.today:
        return FieldError("birth_date", "error.done_future")
    return None


def category_known(c: PersonCategory, ask: Ask) -> FieldError | None:
    if c.category not in PERSON_CATEGORIES:
        return FieldError("category", "error.choice", {"text": c.category, "choices": PERSON_CATEGORIES})
    return None


def category_ends_after_it_starts(c: PersonCategory, ask: Ask) -> FieldError | None:
    if c.from_date is not None and c.to_date is not None and c.to_date < c.from_date:
        return FieldError("to_date", "error.end_before_start")
    return None


def meeting_kind_known(m: Meeting, ask: Ask) -> FieldError | None:
    if m.kind not in MEETING_KINDS:
        return FieldError("kind", "error.choice", {"text": m.kind, "choices": MEETING_KINDS})
    return None


def meeting_topic_given(m: Meeting, ask: Ask) -> FieldError | None:
    return None if tidy_name(m.topic) else FieldError("topic", "error.required")


def meeting_not_in_future(m: Meeting, ask: Ask) -> FieldError | None:
    if m.date is not None and m.date > ask.today:
        return FieldError("date", "error.done_future")
    return None


def meeting_votes_not_negative(m: Meeting, ask: Ask) -> FieldError | None:
    for votes in (m.votes_for, m.votes_against, m.votes_abstain):
        if votes is not None and votes < 0:
            return FieldError("votes", "error.integer", {"low": 0, "high": 10**6})
    return None


def levy_amounts_not_negative(levy: Levy, ask: Ask) -> FieldError | None:
    if (levy.money_per_person_fen or 0) < 0:
        return FieldError("money_per_person", "error.amount.negative", {"text": levy.money_per_person_fen})
    if (levy.labour_half_days_per_labourer or 0) < 0:
        return FieldError("labour_days", "error.integer", {"low": 0, "high": 1000})
    if not (levy.money_per_person_fen or levy.labour_half_days_per_labourer):
        return FieldError("money_per_person", "error.required")
    return None


def _levy_problem(levy: Levy, keys: tuple[str, ...]) -> FieldError | None:
    for field, problem in assembly.levy_problems(levy):
        if problem.key in keys:
            return FieldError(field, problem.key, problem.kwargs)
    return None


def levy_within_money_cap(levy: Levy, ask: Ask) -> FieldError | None:
    """筹资: at most the cap a person a year (15 元 unless settings say otherwise), all levies of the year."""
    return _levy_problem(levy, ("levy.over_money_cap",))


def levy_within_labour_cap(levy: Levy, ask: Ask) -> FieldError | None:
    """筹劳: at most the cap a labourer a year (10 标准工日 unless settings say otherwise)."""
    return _levy_problem(levy, ("levy.over_labour_cap",))


def levy_decided_by_a_valid_meeting(levy: Levy, ask: Ask) -> FieldError | None:
    """A levy needs a 村民会议 or 村民代表会议 with its quorum whose vote carried it."""
    return _levy_problem(
        levy,
        (
            "levy.meeting_kind",
            "levy.no_vote",
            "meeting.quorum_villagers",
            "meeting.quorum_representatives",
            "meeting.no_majority",
        ),
    )


def levy_term_known(term: LevyTerm, ask: Ask) -> FieldError | None:
    if term.term not in LEVY_TERMS:
        return FieldError("term", "error.choice", {"text": term.term, "choices": LEVY_TERMS})
    return None


def receipt_levy_of_the_project(r: Receipt, ask: Ask) -> FieldError | None:
    """Money paid against a levy is the levy's project's, and is the villagers' own (群众自筹)."""
    if r.levy_id is None:
        return None
    levy = Levy.get_or_none(Levy.id == r.levy_id)
    if levy is None or levy.project_id != r.project_id or r.source != "self_raised":
        return FieldError("levy", "error.levy_mismatch")
    return None


# --- what a form asks before saving (the import and the CLI list it as a warning) -------------------

# The source of funds each kind of contributor gives from.
SOURCE_OF_KIND = {
    "person": "self_raised",
    "xiangxian": "donation",
    "enterprise": "donation",
    "government": "government",
    "collective": "collective",
}
FAR_DAYS = 60  # a date further than this from today is likely a typo of the year or month


def questions(
    record: pw.Model,
    *,
    today: pendulum.Date,
    as_of: pendulum.Date | None = None,
    contributor_kind: str | None = None,
    new_contributor: str | None = None,
) -> list[FieldError]:
    """What is worth a second look before ``record`` is saved, though nothing forbids it: a new
    contributor (named ``new_contributor``), a source that does not fit the contributor's kind, a
    date after the as-of date in view or after today, a date more than FAR_DAYS from today. A form
    asks each; the import and the CLI list them as warnings and go on."""
    found: list[FieldError] = []
    kind = contributor_kind
    if new_contributor and kind in CONTRIBUTOR_KINDS:
        kwargs = {"name": new_contributor, "kind": t(f"kind.{kind}")}
        found.append(FieldError("contributor", "ask.new_contributor", kwargs))
    elif new_contributor:
        found.append(FieldError("contributor", "ask.new_contributor_plain", {"name": new_contributor}))
    source = getattr(record, "source", None)
    if kind in SOURCE_OF_KIND and source in SOURCES and source != SOURCE_OF_KIND[kind]:
        usual = SOURCE_OF_KIND[kind]
        found.append(
            FieldError(
                "source",
                "ask.source_mismatch",
                {"source": t(f"source.{source}"), "kind": t(f"kind.{kind}"), "usual": t(f"source.{usual}")},
            )
        )
    day = getattr(record, "date", None)
    if day is not None:
        if as_of is not None and day > as_of:
            shown = as_of.isoformat()
            found.append(FieldError("date", "ask.after_as_of", {"date": day.isoformat(), "as_of": shown}))
        elif day > today:
            found.append(FieldError("date", "ask.after_today", {"date": day.isoformat()}))
        if abs((day - today).days) > FAR_DAYS:
            found.append(FieldError("date", "ask.far", {"date": day.isoformat(), "days": FAR_DAYS}))
    return found


# --- every rule of every record -------------------------------------------------------------------

RULES: dict[type[pw.Model], tuple[Callable[[pw.Model, Ask], FieldError | None], ...]] = {
    Project: (
        project_name_given,
        project_name_unique,
        project_budget_not_negative,
        project_status_known,
        project_households_not_negative,
        project_ends_after_it_starts,
    ),
    Person: (person_name_given, person_name_is_a_name, person_sex_known, person_born_in_the_past),
    PersonCategory: (category_known, category_ends_after_it_starts),
    Meeting: (meeting_kind_known, meeting_topic_given, meeting_not_in_future, meeting_votes_not_negative),
    Levy: (
        levy_amounts_not_negative,
        levy_within_money_cap,
        levy_within_labour_cap,
        levy_decided_by_a_valid_meeting,
    ),
    LevyTerm: (levy_term_known,),
    Contributor: (
        contributor_name_given,
        contributor_name_is_a_name,
        contributor_kind_known,
        villager_is_one_contributor,
        outside_contributor_name_unique,
    ),
    Milestone: (
        milestone_name_given,
        milestone_name_unique,
        milestone_weight_not_negative,
        milestone_progress_in_range,
        milestone_done_not_in_future,
    ),
    Pledge: (amount_above_zero, source_known, pledge_due_not_before_its_date),
    Receipt: (amount_above_zero, source_known, receipt_voucher_unused, receipt_levy_of_the_project),
    InKind: (amount_above_zero, source_known, item_given),
    Expense: (amount_above_zero, item_given),
}


Rule = Callable[[pw.Model, Ask], FieldError | None]


def problems(
    record: pw.Model, today: pendulum.Date | None = None, *, ask: Ask | None = None
) -> list[FieldError]:
    """Every rule ``record`` breaks, at most one error a field (the first rule's), in rule order."""
    ask = ask or Ask(today)
    found: dict[str, FieldError] = {}
    for rule in RULES.get(type(record), ()):
        error = rule(record, ask)
        if error is not None:
            found.setdefault(error.field, error)
    return list(found.values())


def check(record: pw.Model, today: pendulum.Date | None = None) -> None:
    """Raise ``ValidationError`` naming every rule ``record`` breaks; return when it keeps them all."""
    errors = problems(record, today)
    if errors:
        raise ValidationError(errors)


register(
    zh={
        "error.project_exists": "已有名为“{text}”的屋场",
        "error.end_before_start": "计划完工日期不能早于开工日期",
        "error.contributor_exists": "已有名为“{text}”的捐助方",
        "error.villager_contributor_exists": "村民“{text}”已是捐助方“{name}”，一位村民只记一个捐助方",
        "error.milestone_exists": "这个屋场已有名为“{text}”的节点",
        "error.levy_mismatch": "一事一议筹资只能记到该筹资所属屋场的群众自筹",
        "ask.new_contributor": "新建捐助方“{name}”（{kind}）？",
        "ask.new_contributor_plain": "新建捐助方“{name}”",
        "ask.source_mismatch": "资金来源是“{source}”，但{kind}通常是“{usual}”。仍然这样保存？",
        "ask.after_as_of": "日期 {date} 在截至日期 {as_of} 之后，保存后当前列表看不到它（按 d 改截至日期可看到）",
        "ask.after_today": "日期 {date} 在今天之后，保存后当前列表和合计里看不到它，到那天才计入",
        "ask.far": "日期 {date} 离今天超过 {days} 天，年份或月份是否输错了？",
        "error.voucher_taken": "收据编号“{text}”已用过，编号不能重复；下一个可用的是 {next}",
        "error.name.sheet_error": "“{text}”是表格公式出错时显示的值，不是名字；请在原表中改正",
        "error.name.amount": "“{text}”是数字或金额，不是名字；金额请填在“金额”一栏",
        "error.name.letters": "“{text}”没有汉字（像拼音缩写），不是名字；请从列表中选择，或输入中文名称",
    },
    en={
        "error.project_exists": 'A project named "{text}" already exists',
        "error.end_before_start": "the planned completion cannot be before the start date",
        "error.contributor_exists": 'a contributor named "{text}" already exists',
        "error.villager_contributor_exists": 'villager "{text}" is already the contributor "{name}"; a villager is one contributor',
        "error.milestone_exists": 'this project already has a milestone "{text}"',
        "error.levy_mismatch": "money paid against a levy belongs to the levy's project, as self-raised",
        "ask.new_contributor": 'Create the new contributor "{name}" ({kind})?',
        "ask.new_contributor_plain": 'new contributor "{name}"',
        "ask.source_mismatch": 'The source is "{source}", but a {kind} usually gives "{usual}". Save it like this?',
        "ask.after_as_of": "The date {date} is after the as-of date {as_of}: once saved it is not in the list in view (d changes the as-of date)",
        "ask.after_today": "The date {date} is after today: once saved it is not in the lists and totals until that day",
        "ask.far": "The date {date} is more than {days} days from today: is the year or month mistyped?",
        "error.voucher_taken": 'voucher number "{text}" is taken; numbers are unique. The next free one is {next}',
        "error.name.sheet_error": '"{text}" is a spreadsheet error value, not a name; correct it in the sheet',
        "error.name.amount": '"{text}" is a number or an amount, not a name; amounts go in the amount field',
        "error.name.letters": '"{text}" has no Chinese character (like pinyin initials), not a name; choose from the list or type the Chinese name',
    },
)
