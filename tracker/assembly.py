"""Who may decide and who owes: meetings' quorum and majority, 一事一议 levies' caps and shares.

Everything is counted from the roster as of a date: a villager's age from 出生日期, whether they
still live in the village, are 低保户, serving, studying… from the categories with their dates.
Nothing here writes; ``tracker.rules`` refuses a levy that breaks a rule and ``tracker.meetings``
keeps the cards. The rules' figures come from ``settings()`` (the national and provincial
defaults until the village changes them in settings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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
    Receipt,
    RuleSettings,
)

from . import money
from .i18n import register, t

# Categories that free a villager from a levy's money or labour by the rules themselves; others
# are freed only by the meeting's vote (a LevyTerm).
EXEMPT_FROM_MONEY = ("soldier", "dibao")
EXEMPT_FROM_LABOUR = ("soldier", "student", "maternity", "disabled")
# Kinds of meeting that may decide a levy: a 屋场会 consults, it does not levy.
LEVYING_KINDS = ("villagers", "representatives", "yishiyiyi")


def settings() -> RuleSettings:
    """The rules in force: the village's row, or the defaults when it never changed them."""
    row = RuleSettings.select().order_by(RuleSettings.id).first()
    return row if row is not None else RuleSettings()


def age_on(birth_date: pendulum.Date | None, day: pendulum.Date) -> int | None:
    """Whole years of age on ``day``; None when the birth date is not known."""
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass
class Villager:
    """A person of the roster as they were on a day."""

    id: int
    name: str
    group: str
    household: str
    gender: str | None
    age: int | None
    categories: set[str] = field(default_factory=set)

    @property
    def household_key(self) -> tuple[str, str]:
        # A villager without a 户 on the roster counts as a household of their own.
        return (self.group, self.household or f"#{self.id}")

    @property
    def resident(self) -> bool:
        return "moved_out" not in self.categories


def roster_on(day: pendulum.Date, person_ids: Iterable[int] | None = None) -> list[Villager]:
    """Every villager (or those of ``person_ids``) with their age and categories on ``day``: two queries."""
    query = Person.select(
        Person.id, Person.name, Person.group, Person.household, Person.sex, Person.birth_date
    ).order_by(Person.id)
    cats = PersonCategory.select(PersonCategory.person, PersonCategory.category).where(
        (PersonCategory.from_date.is_null() | (PersonCategory.from_date <= day))
        & (PersonCategory.to_date.is_null() | (PersonCategory.to_date >= day))
    )
    if person_ids is not None:
        ids = sorted(set(person_ids))
        query = query.where(Person.id.in_(ids))
        cats = cats.where(PersonCategory.person.in_(ids))
    by_person: dict[int, set[str]] = {}
    for pid, category in cats.tuples():
        by_person.setdefault(pid, set()).add(category)
    return [
        Villager(
            p.id,
            p.name,
            p.group,
            p.household,
            p.sex or None,
            age_on(p.birth_date, day),
            by_person.get(p.id, set()),
        )
        for p in query
    ]


def is_adult(v: Villager) -> bool:
    # Without a birth date a villager on the roster is counted as 18 or over: the quorum is then
    # the harder one to reach, never the easier.
    return v.age is None or v.age >= 18


def is_labourer(v: Villager, rules: RuleSettings | None = None) -> bool:
    """男 18–55, 女 18–50 by default (settings); unknown gender or age is never a labourer."""
    rules = rules or settings()
    if v.age is None or v.gender not in ("男", "女") or not v.resident:
        return False
    low, high = (
        (rules.men_from_age, rules.men_to_age)
        if v.gender == "男"
        else (rules.women_from_age, rules.women_to_age)
    )
    return low <= v.age <= high


# --- meetings ----------------------------------------------------------------------------------


@dataclass
class Problem:
    """A rule broken: its message key and the figures the message names."""

    key: str
    kwargs: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.kwargs)


@dataclass
class MeetingCheck:
    """A meeting's counts and whether it kept the rules (see ``check_meeting``)."""

    kind: str
    adults_eligible: int
    adults_present: int
    households_eligible: int
    households_present: int
    present: int
    quorum_ok: bool | None  # None: the kind has no quorum rule (a 屋场会)
    majority_ok: bool | None  # None: no vote was taken
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.quorum_ok is not False and self.majority_ok is not False


def _more_than(part: int, whole: int, num: int, den: int) -> bool:
    return part * den > whole * num


def _at_least(part: int, whole: int, num: int, den: int) -> bool:
    return part * den >= whole * num


def check_meeting(
    day: pendulum.Date,
    kind: str,
    attendee_ids: Iterable[int],
    votes: tuple[int, int, int] | None,
    rules: RuleSettings | None = None,
) -> MeetingCheck:
    """Quorum and majority of a meeting held on ``day`` with these attendees, by the rules in settings.

    - 村民会议 and 一事一议: more than half of the villagers aged 18 and over, or the representatives
      of at least two thirds of the households (one attendee of a household represents it).
    - 村民代表会议: representatives of at least two thirds of the households.
    - 屋场会: no quorum (it consults); a decision of any meeting needs more than half of those present.
    """
    rules = rules or settings()
    roster = [v for v in roster_on(day) if v.resident]
    ids = set(attendee_ids)
    present = [v for v in roster if v.id in ids]
    adults = [v for v in roster if is_adult(v)]
    households = {v.household_key for v in roster}
    check = MeetingCheck(
        kind=kind,
        adults_eligible=len(adults),
        adults_present=sum(1 for v in present if is_adult(v)),
        households_eligible=len(households),
        households_present=len({v.household_key for v in present}),
        present=len(ids),
        quorum_ok=None,
        majority_ok=None,
    )
    hh_ok = _at_least(
        check.households_present,
        check.households_eligible,
        rules.households_quorum_num,
        rules.households_quorum_den,
    )
    counts = {
        "adults_present": check.adults_present,
        "adults": check.adults_eligible,
        "households_present": check.households_present,
        "households": check.households_eligible,
        "adults_rule": f"{rules.adults_quorum_num}/{rules.adults_quorum_den}",
        "households_rule": f"{rules.households_quorum_num}/{rules.households_quorum_den}",
    }
    if kind in ("villagers", "yishiyiyi"):
        adults_ok = _more_than(
            check.adults_present, check.adults_eligible, rules.adults_quorum_num, rules.adults_quorum_den
        )
        check.quorum_ok = adults_ok or hh_ok
        if not check.quorum_ok:
            check.problems.append(Problem("meeting.quorum_villagers", counts))
    elif kind == "representatives":
        check.quorum_ok = hh_ok
        if not hh_ok:
            check.problems.append(Problem("meeting.quorum_representatives", counts))
    if votes is not None:
        votes_for = votes[0]
        check.majority_ok = _more_than(votes_for, check.present, rules.majority_num, rules.majority_den)
        if not check.majority_ok:
            check.problems.append(
                Problem(
                    "meeting.no_majority",
                    {
                        "for": votes_for,
                        "present": check.present,
                        "rule": f"{rules.majority_num}/{rules.majority_den}",
                    },
                )
            )
    return check


def meeting_votes(meeting: Meeting) -> tuple[int, int, int] | None:
    if meeting.votes_for is None:
        return None
    return (meeting.votes_for or 0, meeting.votes_against or 0, meeting.votes_abstain or 0)


def attendee_ids(meeting_id: int) -> list[int]:
    query = MeetingAttendance.select(MeetingAttendance.person).where(MeetingAttendance.meeting == meeting_id)
    return [pid for (pid,) in query.tuples()]


def check_saved_meeting(meeting: Meeting, rules: RuleSettings | None = None) -> MeetingCheck:
    return check_meeting(meeting.date, meeting.kind, attendee_ids(meeting.id), meeting_votes(meeting), rules)


# --- levies ------------------------------------------------------------------------------------


def levied_in_year(year: int, exclude_levy_id: int | None = None) -> tuple[int, int]:
    """Money (分 a person) and labour (half-days a labourer) already levied in ``year``, all projects."""
    query = Levy.select(
        fn.COALESCE(fn.SUM(Levy.money_per_person_fen), 0),
        fn.COALESCE(fn.SUM(Levy.labour_half_days_per_labourer), 0),
    ).where(Levy.year == year)
    if exclude_levy_id is not None:
        query = query.where(Levy.id != exclude_levy_id)
    money_fen, halves = query.tuples().get()
    return int(money_fen), int(halves)


def levy_problems(levy: Levy, rules: RuleSettings | None = None) -> list[tuple[str, Problem]]:
    """(field, problem) for each rule a levy breaks: the caps a year and the meeting that decided it."""
    rules = rules or settings()
    found: list[tuple[str, Problem]] = []
    before_fen, before_halves = levied_in_year(levy.year, levy.id)
    money_fen = before_fen + (levy.money_per_person_fen or 0)
    if money_fen > rules.money_cap_fen:
        found.append(
            (
                "money_per_person",
                Problem(
                    "levy.over_money_cap",
                    {
                        "cap": money.format_yuan(rules.money_cap_fen, symbol=False),
                        "total": money.format_yuan(money_fen, symbol=False),
                        "year": levy.year,
                    },
                ),
            )
        )
    halves = before_halves + (levy.labour_half_days_per_labourer or 0)
    if halves > rules.labour_cap_half_days:
        found.append(
            (
                "labour_days",
                Problem(
                    "levy.over_labour_cap",
                    {
                        "cap": days_text(rules.labour_cap_half_days),
                        "total": days_text(halves),
                        "year": levy.year,
                    },
                ),
            )
        )
    meeting = Meeting.get_or_none(Meeting.id == levy.meeting_id) if levy.meeting_id else None
    if meeting is not None:
        if meeting.kind not in LEVYING_KINDS:
            found.append(
                ("meeting", Problem("levy.meeting_kind", {"kind": t(f"meeting.kind.{meeting.kind}")}))
            )
        else:
            check = check_saved_meeting(meeting, rules)
            if meeting_votes(meeting) is None:
                found.append(("meeting", Problem("levy.no_vote")))
            found += [("meeting", p) for p in check.problems]
    return found


def days_text(half_days: int) -> str:
    """Half-days as days: 10, 2.5."""
    return f"{half_days // 2}" if half_days % 2 == 0 else f"{half_days / 2:.1f}"


@dataclass
class Share:
    """What one villager owes under a levy and what they have paid and worked against it."""

    person_id: int
    name: str
    money_owed_fen: int
    labour_owed_half_days: int
    paid_fen: int = 0
    worked_half_days: int = 0
    notes: list[str] = field(default_factory=list)  # message keys: why less is owed


@dataclass
class HouseholdCard:
    """农民负担监督卡: a household's shares of one levy and their totals."""

    group: str
    household: str
    shares: list[Share]

    @property
    def money_owed_fen(self) -> int:
        return sum(s.money_owed_fen for s in self.shares)

    @property
    def paid_fen(self) -> int:
        return sum(s.paid_fen for s in self.shares)

    @property
    def labour_owed_half_days(self) -> int:
        return sum(s.labour_owed_half_days for s in self.shares)

    @property
    def worked_half_days(self) -> int:
        return sum(s.worked_half_days for s in self.shares)


def shares(levy: Levy, labour_rate_fen: int, rules: RuleSettings | None = None) -> list[Share]:
    """Every resident villager's share of ``levy`` on the day of the meeting that decided it."""
    rules = rules or settings()
    day = levy.meeting.date
    terms: dict[int, set[str]] = {}
    for pid, term in LevyTerm.select(LevyTerm.person, LevyTerm.term).where(LevyTerm.levy == levy.id).tuples():
        terms.setdefault(pid, set()).add(term)
    paid = dict(
        Receipt.select(Contributor.person, fn.SUM(Receipt.amount_fen))
        .join(Contributor)
        .where((Receipt.levy == levy.id) & Contributor.person.is_null(False))
        .group_by(Contributor.person)
        .tuples()
    )
    worked = dict(
        LabourEntry.select(LabourEntry.person, fn.SUM(LabourEntry.half_days))
        .where(LabourEntry.levy == levy.id)
        .group_by(LabourEntry.person)
        .tuples()
    )
    out = []
    for v in roster_on(day):
        if not v.resident and v.id not in paid and v.id not in worked:
            continue
        own = terms.get(v.id, set())
        notes: list[str] = []
        money_fen = levy.money_per_person_fen if v.resident else 0
        halves = levy.labour_half_days_per_labourer if is_labourer(v, rules) else 0
        if levy.labour_half_days_per_labourer and not is_labourer(v, rules):
            unknown = v.age is None or v.gender not in ("男", "女")
            notes.append("levy.note.unknown" if unknown else "levy.note.not_labourer")
        for cat in sorted(v.categories):
            if money_fen and cat in EXEMPT_FROM_MONEY:
                money_fen = 0
                notes.append(f"category.{cat}")
            if halves and cat in EXEMPT_FROM_LABOUR:
                halves = 0
                notes.append(f"category.{cat}")
        if money_fen and "exempt_money" in own:
            money_fen, notes = 0, [*notes, "levy.term.exempt_money"]
        if halves and "exempt_labour" in own:
            halves, notes = 0, [*notes, "levy.term.exempt_labour"]
        if halves and "cash_for_labour" in own:
            money_fen += (halves * labour_rate_fen + 1) // 2
            halves, notes = 0, [*notes, "levy.term.cash_for_labour"]
        if halves and money_fen and rules.not_both_on_one_labourer:
            money_fen, notes = 0, [*notes, "levy.note.not_both"]
        out.append(
            Share(
                v.id, v.name, money_fen, halves, int(paid.get(v.id) or 0), int(worked.get(v.id) or 0), notes
            )
        )
    return out


def household_cards(
    levy: Levy, labour_rate_fen: int, rules: RuleSettings | None = None
) -> list[HouseholdCard]:
    people = {p.id: p for p in Person.select(Person.id, Person.group, Person.household)}
    cards: dict[tuple[str, str], HouseholdCard] = {}
    for share in shares(levy, labour_rate_fen, rules):
        p = people[share.person_id]
        key = (p.group, p.household or f"#{p.id}")
        cards.setdefault(key, HouseholdCard(p.group, p.household or share.name, [])).shares.append(share)
    return list(cards.values())


register(
    zh={
        "meeting.kind.wuchang": "屋场会",
        "meeting.kind.villagers": "村民会议",
        "meeting.kind.representatives": "村民代表会议",
        "meeting.kind.yishiyiyi": "一事一议",
        "meeting.quorum_villagers": "不足法定人数：村民会议须有本村18周岁以上村民过半数（{adults_rule}以上），"
        "或本村三分之二以上户的代表（{households_rule}）参加；实到18周岁以上村民 {adults_present}/{adults} 人，"
        "户代表 {households_present}/{households} 户",
        "meeting.quorum_representatives": "不足法定人数：村民代表会议须有三分之二以上户的代表（{households_rule}）参加；"
        "实到 {households_present}/{households} 户",
        "meeting.no_majority": "决定未过半数：须经到会人员过半数（{rule}以上）同意，同意 {for} 人，到会 {present} 人",
        "levy.over_money_cap": "超过筹资上限：每人每年不超过 {cap} 元，{year} 年合计 {total} 元",
        "levy.over_labour_cap": "超过筹劳上限：每个劳动力每年不超过 {cap} 个标准工日，{year} 年合计 {total} 个",
        "levy.meeting_kind": "{kind}不能决定一事一议筹资筹劳，须经村民会议或村民代表会议",
        "levy.no_vote": "决定筹资筹劳的会议没有记录表决结果",
        "levy.note.not_labourer": "非劳动力",
        "levy.note.unknown": "未填性别或出生日期，不计为劳动力",
        "levy.note.not_both": "已筹劳，不再筹资",
        "levy.term.exempt_money": "会议表决免筹资",
        "levy.term.exempt_labour": "会议表决免筹劳",
        "levy.term.cash_for_labour": "自愿以资代劳",
        "category.dibao": "低保户",
        "category.soldier": "现役军人",
        "category.student": "在校学生",
        "category.maternity": "孕期或产后一年内",
        "category.disabled": "残疾",
        "category.away": "外出",
        "category.moved_out": "迁出",
    },
    en={
        "meeting.kind.wuchang": "homestead meeting",
        "meeting.kind.villagers": "villagers' assembly",
        "meeting.kind.representatives": "representatives' meeting",
        "meeting.kind.yishiyiyi": "one-matter-one-discussion meeting",
        "meeting.quorum_villagers": "no quorum: a villagers' assembly needs more than {adults_rule} of the villagers "
        "aged 18 and over, or representatives of at least {households_rule} of the households; present "
        "{adults_present}/{adults} villagers 18+, {households_present}/{households} households",
        "meeting.quorum_representatives": "no quorum: a representatives' meeting needs representatives of at least "
        "{households_rule} of the households; present {households_present}/{households} households",
        "meeting.no_majority": "no majority: a decision needs more than {rule} of those present; "
        "{for} for, {present} present",
        "levy.over_money_cap": "over the money cap: at most {cap} yuan per person per year; {total} yuan in {year}",
        "levy.over_labour_cap": "over the labour cap: at most {cap} standard workdays per labourer per year; "
        "{total} in {year}",
        "levy.meeting_kind": "a {kind} cannot levy money or labour; it takes a villagers' assembly or a "
        "representatives' meeting",
        "levy.no_vote": "the meeting that set the levy has no vote recorded",
        "levy.note.not_labourer": "not a labourer",
        "levy.note.unknown": "gender or date of birth not on the roster: not counted a labourer",
        "levy.note.not_both": "levied labour, so no money",
        "levy.term.exempt_money": "exempt from money by vote",
        "levy.term.exempt_labour": "exempt from labour by vote",
        "levy.term.cash_for_labour": "chose to pay instead of working",
        "category.dibao": "minimum-living-allowance household",
        "category.soldier": "serving soldier",
        "category.student": "student",
        "category.maternity": "pregnant or within a year of giving birth",
        "category.disabled": "disabled",
        "category.away": "away",
        "category.moved_out": "moved out",
    },
)
