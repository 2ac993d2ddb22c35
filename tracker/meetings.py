"""Writing meetings, their roll and the levies they decide; the cards and flags of those levies.

A meeting, its attendance and the levy it sets are saved in one transaction after every rule of
``tracker.rules`` is checked, so a levy that breaks a rule (over a cap, a meeting without its
quorum or majority) is refused before anything of the meeting is saved. What can turn wrong
later (settings changed, a payment from someone exempt) is shown by ``levy_flags``, with the
rule named, on the project screen and in the 公示.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pendulum
from peewee import fn

from models import (
    Contributor,
    LabourEntry,
    Levy,
    LevyTerm,
    Meeting,
    MeetingAttendance,
    Person,
    PersonCategory,
    Pledge,
    Project,
    Receipt,
    RuleSettings,
)

from . import assembly, audit, ledger, records, rules
from .assembly import MeetingCheck, Problem
from .errors import FieldError, ValidationError
from .i18n import register, t


@dataclass
class LevyPlan:
    """The levy a meeting's decision sets (money a person in 分, labour a labourer in half-days)."""

    project: Project
    year: int
    money_per_person_fen: int = 0
    labour_half_days_per_labourer: int = 0
    note: str = ""
    terms: tuple[tuple[Person, str], ...] = ()  # (villager, exempt_money|exempt_labour|cash_for_labour)


def add_meeting(
    date: pendulum.Date,
    kind: str,
    topic: str,
    *,
    project: Project | None = None,
    attendees: Iterable[Person] = (),
    decision: str = "",
    votes: tuple[int, int, int] | None = None,
    minutes_path: str = "",
    levy: LevyPlan | None = None,
    today: pendulum.Date | None = None,
) -> Meeting:
    """Save a meeting with its roll (and the levy it decided), all or nothing; audited."""
    with records.atomic():
        meeting = records._add(
            Meeting(
                date=date,
                kind=kind,
                project=project,
                topic=rules.tidy_name(topic),
                decision=decision.strip(),
                votes_for=votes[0] if votes else None,
                votes_against=votes[1] if votes else None,
                votes_abstain=votes[2] if votes else None,
                minutes_path=minutes_path.strip(),
            ),
            today,
        )
        for person in {p.id: p for p in attendees}.values():
            row = MeetingAttendance.create(meeting=meeting, person=person)
            audit.log("create", row)
        if levy is not None:
            add_levy(meeting, levy, today=today)
    return meeting


def add_levy(meeting: Meeting, plan: LevyPlan, *, today: pendulum.Date | None = None) -> Levy:
    with records.atomic():
        levy = records._add(
            Levy(
                meeting=meeting,
                project=plan.project,
                year=plan.year,
                money_per_person_fen=plan.money_per_person_fen,
                labour_half_days_per_labourer=plan.labour_half_days_per_labourer,
                note=plan.note.strip(),
            ),
            today,
        )
        for person, term in plan.terms:
            records._add(LevyTerm(levy=levy, person=person, term=term), today)
    return levy


def people_by_id(ids: Iterable[int]) -> list[Person]:
    return list(Person.select().where(Person.id.in_(sorted(set(ids)))).order_by(Person.id))


def project_by_id(project_id: int | None) -> Project | None:
    return Project.get_or_none(Project.id == project_id) if project_id is not None else None


def check(meeting: Meeting) -> MeetingCheck:
    """Whether a saved meeting kept its quorum and majority, with the counts."""
    return assembly.check_saved_meeting(meeting)


def add_category(
    person: Person,
    category: str,
    from_date: pendulum.Date | None = None,
    to_date: pendulum.Date | None = None,
    note: str = "",
) -> PersonCategory:
    """A villager is 低保户, away, moved out… from one date (to another)."""
    return records._add(
        PersonCategory(person=person, category=category, from_date=from_date, to_date=to_date, note=note)
    )


def set_birth(person: Person, gender: str | None, birth_date: pendulum.Date | None) -> Person:
    return records.update(person, sex=gender or "", birth_date=birth_date)


def rule_settings() -> RuleSettings:
    return assembly.settings()


def save_rule_settings(**changes: object) -> RuleSettings:
    """Change the rules meetings and levies are held to; the row is made the first time."""
    with records.atomic():
        row = RuleSettings.select().order_by(RuleSettings.id).first()
        if row is None:
            defaults = RuleSettings()
            if all(getattr(defaults, k) == v for k, v in changes.items()):
                return defaults  # the defaults kept as they are: nothing to write
            row = RuleSettings()
            row.save(force_insert=True)
            audit.log("create", row)
        errors = [
            FieldError(name, "error.integer", {"low": 0, "high": 10**6})
            for name, value in changes.items()
            if isinstance(value, int) and not isinstance(value, bool) and value < 0
        ]
        if changes.get("adults_quorum_den") == 0 or changes.get("households_quorum_den") == 0:
            errors.append(FieldError("settings", "error.integer", {"low": 1, "high": 10**6}))
        if errors:
            raise ValidationError(errors)
        return records.update(row, **changes)


def rule_changes(
    *,
    money_cap: str | None = None,
    labour_cap: str | None = None,
    men: str | None = None,
    women: str | None = None,
    not_both: bool | None = None,
) -> dict[str, object]:
    """The RuleSettings fields typed values change (None: left as is); ValidationError naming
    every field typed wrong. The CLI's ``rules`` and the settings screen read through this."""
    from . import field_parsers

    errors: list[FieldError] = []
    changes: dict[str, object] = {}
    try:
        if money_cap is not None:
            changes["money_cap_fen"] = field_parsers.amount(money_cap, "money_cap")
    except FieldError as exc:
        errors.append(exc)
    try:
        if labour_cap is not None:
            changes["labour_cap_half_days"] = field_parsers.half_days(labour_cap, "labour_cap")
    except FieldError as exc:
        errors.append(exc)
    for field, value in (("men", men), ("women", women)):
        if value is None:
            continue
        parts = value.replace("–", "-").replace("至", "-").replace("~", "-").split("-")
        try:
            low, high = (
                (field_parsers.integer(p, field, high=120) for p in parts) if len(parts) == 2 else (1, 0)
            )
        except FieldError:
            low, high = 1, 0
        if len(parts) != 2 or low > high:
            errors.append(FieldError(field, "error.ages", {"text": value}))
        else:
            changes[f"{field}_from_age"], changes[f"{field}_to_age"] = low, high
    if not_both is not None:
        changes["not_both_on_one_labourer"] = not_both
    if errors:
        raise ValidationError(errors)
    return changes


# --- what a meeting decided ----------------------------------------------------------------------


def pledged_households(meeting: Meeting) -> int:
    """How many households signed a pledge that points at this meeting ("36户签字认捐")."""
    query = (
        Pledge.select(fn.COUNT(fn.DISTINCT(Person.group.concat("|").concat(Person.household))))
        .join(Contributor)
        .join(Person)
        .where((Pledge.meeting == meeting.id) & Pledge.reverses.is_null())
    )
    return int(query.scalar() or 0)


def meeting_line(meeting: Meeting, lang: str | None = None) -> str:
    """A meeting in one line: when, what, who came, the vote and whether it kept the rules."""
    c = check(meeting)
    parts = [
        t(
            "meeting.line",
            lang,
            date=meeting.date.isoformat(),
            kind=t(f"meeting.kind.{meeting.kind}", lang),
            topic=meeting.topic,
            present=c.present,
            households=c.households_present,
            of=c.households_eligible,
        )
    ]
    votes = assembly.meeting_votes(meeting)
    if votes is not None:
        parts.append(t("meeting.votes", lang, yes=votes[0], no=votes[1], abstain=votes[2]))
    signed = pledged_households(meeting)
    if signed:
        parts.append(t("meeting.signed", lang, n=signed))
    parts += verdict(c, lang)
    return t("meeting.sep", lang).join(parts)


def verdict(c: MeetingCheck, lang: str | None = None) -> list[str]:
    """Whether a meeting kept the rules, in words: each rule broken, else that it kept them."""
    if c.problems:
        return [p.message(lang) for p in c.problems]
    if c.quorum_ok is None and c.majority_ok is None:
        return [t("meeting.consults", lang)]  # a 屋场会 without a vote: nothing to keep
    return [t("meeting.valid", lang)]


def meetings_of(project_id: int | None = None) -> list[Meeting]:
    query = Meeting.select().order_by(Meeting.date, Meeting.id)
    if project_id is not None:
        query = query.where(Meeting.project == project_id)
    return list(query)


def levies_of(project_id: int) -> list[Levy]:
    return list(Levy.select(Levy, Meeting).join(Meeting).where(Levy.project == project_id).order_by(Levy.id))


def levies_in(project_id: int | None, as_of: pendulum.Date) -> list[Levy]:
    """Levies decided by ``as_of`` (of one project or all), with their meeting and project."""
    query = (
        Levy.select(Levy, Meeting, Project)
        .join(Meeting, on=(Levy.meeting == Meeting.id))
        .switch(Levy)
        .join(Project, on=(Levy.project == Project.id))
        .where(Meeting.date <= as_of)
        .order_by(Meeting.date, Levy.id)
    )
    if project_id is not None:
        query = query.where(Levy.project == project_id)
    return list(query)


def levy_line(levy: Levy, lang: str | None = None) -> str:
    """What a levy asks, of whom, and the meeting that decided it, in one line."""
    from .money import format_yuan

    return t(
        "levy.line",
        lang,
        project=levy.project.name,
        year=levy.year,
        money=format_yuan(levy.money_per_person_fen, symbol=False),
        days=assembly.days_text(levy.labour_half_days_per_labourer),
        meeting=meeting_line(levy.meeting, lang),
    )


def household_cards(levy: Levy) -> list[assembly.HouseholdCard]:
    """农民负担监督卡 of every household for ``levy``."""
    return assembly.household_cards(levy, ledger.village_info().labour_rate_fen)


# --- flags ---------------------------------------------------------------------------------------


@dataclass
class Flag:
    """A levy that breaks a rule, shown where the cadre and the villagers look."""

    levy_id: int
    problem: Problem

    def message(self, lang: str | None = None) -> str:
        return t("levy.flag", lang, text=self.problem.message(lang))


def levy_flags(project_id: int | None = None) -> list[Flag]:
    """Every rule a project's levies break now: settings changed since, money or labour entered
    against a levy for someone it exempts or who is not a labourer, more paid than owed."""
    settings = assembly.settings()
    rate = ledger.village_info().labour_rate_fen
    query = Levy.select(Levy, Meeting).join(Meeting).order_by(Levy.id)
    if project_id is not None:
        query = query.where(Levy.project == project_id)
    flags: list[Flag] = []
    for levy in query:
        flags += [Flag(levy.id, p) for _field, p in assembly.levy_problems(levy, settings)]
        # A household pays for its members together: more than the household owes is the flag.
        for card in assembly.household_cards(levy, rate, settings):
            for share in card.shares:
                if share.worked_half_days and not share.labour_owed_half_days:
                    why = ", ".join(t(n) for n in share.notes) or t("levy.note.not_labourer")
                    flags.append(Flag(levy.id, Problem("levy.flag_labour", {"name": share.name, "why": why})))
            if card.paid_fen > card.money_owed_fen:
                kwargs = {
                    "name": card.household,
                    "paid": ledger_yuan(card.paid_fen),
                    "owed": ledger_yuan(card.money_owed_fen),
                }
                flags.append(Flag(levy.id, Problem("levy.flag_paid", kwargs)))
    return flags


def ledger_yuan(fen: int) -> str:
    from .money import format_yuan

    return format_yuan(fen, symbol=False)


def levy_receipts_total(levy_id: int, person_ids: Iterable[int]) -> int:
    """What the ledger holds as paid against a levy by these villagers (for checking a card)."""
    ids = sorted(set(person_ids))
    query = (
        Receipt.select(fn.COALESCE(fn.SUM(Receipt.amount_fen), 0))
        .join(Contributor)
        .where((Receipt.levy == levy_id) & Contributor.person.in_(ids))
    )
    return int(query.scalar() or 0)


def levy_labour_total(levy_id: int, person_ids: Iterable[int]) -> int:
    ids = sorted(set(person_ids))
    query = LabourEntry.select(fn.COALESCE(fn.SUM(LabourEntry.half_days), 0)).where(
        (LabourEntry.levy == levy_id) & LabourEntry.person.in_(ids)
    )
    return int(query.scalar() or 0)


register(
    zh={
        "levy.flag": "一事一议违规：{text}",
        "levy.line": "一事一议筹资筹劳：{project} {year} 年，每人筹资 {money} 元，每个劳动力筹劳 {days} 个标准工日（{meeting}）",
        "meeting.line": "{date} {kind}“{topic}”：到会 {present} 人，{households}/{of} 户",
        "meeting.votes": "同意 {yes}、反对 {no}、弃权 {abstain}",
        "meeting.signed": "{n} 户签字认捐",
        "meeting.valid": "符合议事规则",
        "meeting.consults": "屋场会议事，不设法定人数，未表决",
        "meeting.sep": "；",
        "levy.flag_labour": "{name}（{why}）不应筹劳，却记了一事一议投劳",
        "levy.flag_paid": "{name}户已缴 {paid} 元，超过应缴 {owed} 元",
        "field.gender": "性别",
        "field.birth_date": "出生日期",
        "field.category": "类别",
        "field.to_date": "截止日期",
        "field.topic": "议题",
        "field.votes": "表决票数",
        "field.money_per_person": "每人筹资",
        "field.labour_days": "每个劳动力筹劳",
        "field.meeting": "会议",
        "field.term": "减免方式",
        "field.levy": "一事一议筹资",
        "field.settings": "规则设置",
        "field.money_cap": "筹资上限（元/人·年）",
        "field.labour_cap": "筹劳上限（工日/劳动力·年）",
        "field.men": "男劳动力年龄",
        "field.women": "女劳动力年龄",
        "field.not_both": "同一劳动力不同时筹资筹劳",
        "error.ages": "“{text}”应写成 起-止 岁，如 18-55",
        "error.votes": "“{text}”应写成 同意,反对,弃权 三个数，如 30,2,1",
    },
    en={
        "levy.flag": "levy breaks a rule: {text}",
        "levy.line": "Levy: {project}, {year}: {money} yuan per person, {days} standard workdays per labourer ({meeting})",
        "meeting.line": '{date} {kind} "{topic}": {present} present, {households}/{of} households',
        "meeting.votes": "{yes} for, {no} against, {abstain} abstaining",
        "meeting.signed": "{n} households signed pledges",
        "meeting.valid": "kept the rules",
        "meeting.consults": "a homestead meeting consults: no quorum, no vote taken",
        "meeting.sep": "; ",
        "levy.flag_labour": "{name} ({why}) owes no labour but has levy labour recorded",
        "levy.flag_paid": "household {name} paid {paid} yuan, more than the {owed} yuan it owes",
        "field.gender": "Gender",
        "field.birth_date": "Date of birth",
        "field.category": "Category",
        "field.to_date": "Until",
        "field.topic": "Topic",
        "field.votes": "Votes",
        "field.money_per_person": "Money per person",
        "field.labour_days": "Labour per labourer",
        "field.meeting": "Meeting",
        "field.term": "Exemption",
        "field.levy": "Levy",
        "field.settings": "Rule settings",
        "field.money_cap": "Money cap (yuan/person/year)",
        "field.labour_cap": "Labour cap (days/labourer/year)",
        "field.men": "Male labourers' ages",
        "field.women": "Female labourers' ages",
        "field.not_both": "Not both money and labour on one labourer",
        "error.ages": '"{text}" should be ages from-to, e.g. 18-55',
        "error.votes": '"{text}" should be three numbers for,against,abstain, e.g. 30,2,1',
    },
)
