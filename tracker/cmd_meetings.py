"""``xiumei meeting``, ``xiumei levy``, ``xiumei rules`` and ``xiumei villager``: meetings and the
一事一议 levies they decide, the rules they are held to, and what the roster needs for them."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from models import GENDERS, MEETING_KINDS, PERSON_CATEGORIES

from . import cli, field_parsers
from .assembly import days_text as _days
from .errors import FieldError, UserError, ValidationError
from .i18n import register, t

RULE_OPTIONS = {
    # option: (RuleSettings field, kind)
    "money_cap": ("money_cap_fen", "amount"),
    "labour_cap": ("labour_cap_half_days", "days"),
    "men": (("men_from_age", "men_to_age"), "ages"),
    "women": (("women_from_age", "women_to_age"), "ages"),
    "not_both": ("not_both_on_one_labourer", "yes_no"),
}


def add_commands(
    subparsers: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]
) -> None:
    p = subparsers.add_parser("meeting", help=t("cli.meeting"), description=t("cli.meeting"), add_help=False)
    common(p)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=t("field.date"))
    p.add_argument("--kind", required=True, help=t("cli.meeting_kind"))
    p.add_argument("--topic", required=True, help=t("field.topic"))
    p.add_argument("--project", help=t("field.project"))
    p.add_argument("--people", default="", help=t("cli.meeting_people"))
    p.add_argument("--households", default="", help=t("cli.meeting_households"))
    p.add_argument("--decision", default="", help=t("cli.meeting_decision"))
    p.add_argument("--votes", metavar="FOR,AGAINST,ABSTAIN", help=t("cli.meeting_votes"))
    p.add_argument("--minutes", default="", metavar="PATH", help=t("cli.meeting_minutes"))
    p.add_argument("--levy-money", dest="levy_money", metavar="YUAN", help=t("cli.levy_money"))
    p.add_argument("--levy-days", dest="levy_days", metavar="DAYS", help=t("cli.levy_days"))
    p.add_argument("--year", type=int, help=t("cli.levy_year"))
    p.add_argument("--exempt-money", dest="exempt_money", default="", help=t("cli.levy_exempt_money"))
    p.add_argument("--exempt-labour", dest="exempt_labour", default="", help=t("cli.levy_exempt_labour"))
    p.add_argument("--cash-for-labour", dest="cash_for_labour", default="", help=t("cli.levy_cash"))
    p.set_defaults(handler=cmd_meeting)

    p = subparsers.add_parser(
        "meetings", help=t("cli.meetings"), description=t("cli.meetings"), add_help=False
    )
    common(p)
    p.add_argument("--project", help=t("field.project"))
    p.set_defaults(handler=cmd_meetings)

    p = subparsers.add_parser("levy", help=t("cli.levy"), description=t("cli.levy"), add_help=False)
    common(p)
    p.add_argument("--project", required=True, help=t("field.project"))
    p.add_argument("--json", action="store_true", help=t("cli.json"))
    p.set_defaults(handler=cmd_levy)

    p = subparsers.add_parser("rules", help=t("cli.rules"), description=t("cli.rules"), add_help=False)
    common(p)
    p.add_argument("--money-cap", dest="money_cap", metavar="YUAN", help=t("cli.rules_money_cap"))
    p.add_argument("--labour-cap", dest="labour_cap", metavar="DAYS", help=t("cli.rules_labour_cap"))
    p.add_argument("--men", metavar="18-55", help=t("cli.rules_men"))
    p.add_argument("--women", metavar="18-50", help=t("cli.rules_women"))
    p.add_argument(
        "--not-both",
        dest="not_both",
        type=lambda text: {"是": "yes", "否": "no"}.get(text.strip(), text.strip()),
        choices=["yes", "no"],
        help=t("cli.rules_not_both"),
    )
    p.set_defaults(handler=cmd_rules)

    p = subparsers.add_parser(
        "villager", help=t("cli.villager"), description=t("cli.villager"), add_help=False
    )
    common(p)
    p.add_argument("name", help=t("field.person"))
    p.add_argument("--gender", help=t("cli.villager_gender"))
    p.add_argument("--born", metavar="YYYY-MM-DD", help=t("field.birth_date"))
    p.add_argument("--category", help=t("cli.villager_category"))
    p.add_argument("--from", dest="from_date", metavar="YYYY-MM-DD", help=t("cli.villager_from"))
    p.add_argument("--to", dest="to_date", metavar="YYYY-MM-DD", help=t("field.to_date"))
    p.set_defaults(handler=cmd_villager)


# --- look-ups ------------------------------------------------------------------------------------


def _choice(value: str, field: str, keys: tuple[str, ...], prefix: str) -> str:
    """A key given as itself or as its name in either language (村民会议, villagers' assembly …)."""
    wanted = value.strip()
    for key in keys:
        names = {key, t(f"{prefix}.{key}", "zh"), t(f"{prefix}.{key}", "en")}
        names |= {n.split("（")[0].split(" (")[0] for n in list(names)}
        if wanted in names or wanted.lower() in {n.lower() for n in names}:
            return key
    choices = "、".join(t(f"{prefix}.{k}") for k in keys)
    raise ValidationError([FieldError(field, "error.choice", {"text": wanted, "choices": choices})])


def _person(name: str):
    from models import Person

    from .rules import same_name

    found = same_name(Person, name)
    if not found:
        raise ValidationError([FieldError("person", "error.no_villager", {"text": name})])
    if len(found) > 1:
        who = "、".join(f"{p.name}（{p.household or p.group or '—'}）" for p in found)
        raise ValidationError(
            [FieldError("person", "error.contributor_namesake", {"text": name, "n": len(found), "who": who})]
        )
    return found[0]


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.replace("，", ",").replace("、", ",").split(",") if n.strip()]


def _household_reps(names: list[str]) -> list:
    """A household is represented by its head, or by its first member on the roster."""
    from models import Person

    reps = []
    for name in names:
        members = list(
            Person.select().where(Person.household == name).order_by(~Person.is_household_head, Person.id)
        )
        if not members:
            raise ValidationError([FieldError("household", "error.no_household", {"text": name})])
        reps.append(members[0])
    return reps


def _project(name: str | None):
    if not name:
        return None
    from models import Project

    project = Project.get_or_none(Project.name == name.strip())
    if project is None:
        from .reports.report_data import resolve_project

        resolve_project(name)  # raises naming the known ones
    return project


# --- commands ------------------------------------------------------------------------------------


def cmd_meeting(args: argparse.Namespace) -> int:
    from . import meetings

    cli.open_db(args)
    date = field_parsers.date(args.date, "date")
    kind = _choice(args.kind, "kind", MEETING_KINDS, "meeting.kind")
    project = _project(args.project)
    attendees = [_person(n) for n in _names(args.people)] + _household_reps(_names(args.households))
    votes = None
    if args.votes:
        parts = _names(args.votes)
        if len(parts) != 3:
            raise ValidationError([FieldError("votes", "error.votes", {"text": args.votes})])
        votes = tuple(field_parsers.integer(v, "votes", high=10**6) for v in parts)
    plan = None
    if args.levy_money or args.levy_days:
        if project is None:
            raise ValidationError([FieldError("project", "error.required")])
        plan = meetings.LevyPlan(
            project=project,
            year=args.year or date.year,
            money_per_person_fen=field_parsers.amount(args.levy_money, "money_per_person", required=False)
            or 0,
            labour_half_days_per_labourer=field_parsers.half_days(args.levy_days, "labour_days")
            if args.levy_days
            else 0,
            terms=tuple(
                (_person(name), term)
                for option, term in (
                    (args.exempt_money, "exempt_money"),
                    (args.exempt_labour, "exempt_labour"),
                    (args.cash_for_labour, "cash_for_labour"),
                )
                for name in _names(option)
            ),
        )
    meeting = meetings.add_meeting(
        date,
        kind,
        args.topic,
        project=project,
        attendees=attendees,
        decision=args.decision,
        votes=votes,  # type: ignore[arg-type]
        minutes_path=args.minutes,
        levy=plan,
    )
    print(t("cli.meeting_saved", line=meetings.meeting_line(meeting)))
    return cli.EXIT_OK


def cmd_meetings(args: argparse.Namespace) -> int:
    from . import meetings

    cli.open_db(args)
    project = _project(args.project)
    found = meetings.meetings_of(project.id if project else None)
    if not found:
        print(t("cli.meetings_none"))
    for meeting in found:
        print(meetings.meeting_line(meeting))
    return cli.EXIT_OK


def cmd_levy(args: argparse.Namespace) -> int:
    from . import dates, meetings
    from .money import format_yuan

    cli.open_db(args)
    project = _project(args.project)
    out = []
    for levy in meetings.levies_in(project.id, dates.today()):
        cards = meetings.household_cards(levy)
        out.append((levy, cards))
    if args.json:
        data = [
            {
                "year": levy.year,
                "money_per_person_fen": levy.money_per_person_fen,
                "labour_half_days_per_labourer": levy.labour_half_days_per_labourer,
                "households": [
                    {
                        "group": c.group,
                        "household": c.household,
                        "money_owed_fen": c.money_owed_fen,
                        "paid_fen": c.paid_fen,
                        "labour_owed_half_days": c.labour_owed_half_days,
                        "worked_half_days": c.worked_half_days,
                        "members": [
                            {
                                "name": s.name,
                                "money_owed_fen": s.money_owed_fen,
                                "paid_fen": s.paid_fen,
                                "labour_owed_half_days": s.labour_owed_half_days,
                                "worked_half_days": s.worked_half_days,
                                "why": [t(n) for n in s.notes],
                            }
                            for s in c.shares
                        ],
                    }
                    for c in cards
                ],
            }
            for levy, cards in out
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return cli.EXIT_OK
    if not out:
        print(t("cli.levy_none", project=project.name))
    for levy, cards in out:
        print(meetings.levy_line(levy))
        for c in cards:
            print(
                t(
                    "cli.levy_card",
                    household=c.household,
                    owed=format_yuan(c.money_owed_fen, symbol=False),
                    paid=format_yuan(c.paid_fen, symbol=False),
                    days=_days(c.labour_owed_half_days),
                    worked=_days(c.worked_half_days),
                )
            )
            for s in c.shares:
                why = "、".join(t(n) for n in s.notes)
                print(
                    f"    {s.name}: {format_yuan(s.money_owed_fen, symbol=False)} / {_days(s.labour_owed_half_days)}"
                    + (f"（{why}）" if why else "")
                )
    for flag in meetings.levy_flags(project.id):
        print(flag.message())
    return cli.EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from . import meetings
    from .money import format_yuan

    cli.open_db(args)
    changes = meetings.rule_changes(
        money_cap=args.money_cap,
        labour_cap=args.labour_cap,
        men=args.men,
        women=args.women,
        not_both=None if args.not_both is None else args.not_both == "yes",
    )
    rules = meetings.save_rule_settings(**changes) if changes else meetings.rule_settings()
    print(
        t(
            "cli.rules_now",
            money=format_yuan(rules.money_cap_fen, symbol=False),
            days=_days(rules.labour_cap_half_days),
            men=f"{rules.men_from_age}–{rules.men_to_age}",
            women=f"{rules.women_from_age}–{rules.women_to_age}",
            not_both=t("cli.yes" if rules.not_both_on_one_labourer else "cli.no"),
        )
    )
    return cli.EXIT_OK


def cmd_villager(args: argparse.Namespace) -> int:
    from . import meetings, records

    cli.open_db(args)
    person = _person(args.name)
    if args.gender is not None or args.born is not None:
        gender = person.sex
        if args.gender is not None:
            gender = {"m": "男", "f": "女", "male": "男", "female": "女"}.get(
                args.gender.strip().lower(), args.gender.strip()
            )
            if gender not in GENDERS:
                raise ValidationError(
                    [FieldError("gender", "error.choice", {"text": args.gender, "choices": "男、女"})]
                )
        born = field_parsers.date(args.born, "birth_date") if args.born is not None else person.birth_date
        person = records.update(person, sex=gender, birth_date=born)
    if args.category:
        category = _choice(args.category, "category", PERSON_CATEGORIES, "category")
        meetings.add_category(
            person,
            category,
            field_parsers.date(args.from_date, "from_date", required=False),
            field_parsers.date(args.to_date, "to_date", required=False),
        )
    elif args.from_date or args.to_date:
        raise UserError("cli.villager_dates_need_category")
    print(t("cli.villager_saved", name=person.name))
    return cli.EXIT_OK


register(
    zh={
        "cli.meeting": "记一次屋场会、村民会议、村民代表会议或一事一议，可同时定下一事一议筹资筹劳",
        "cli.meeting_kind": "会议类别：屋场会、村民会议、村民代表会议、一事一议",
        "cli.meeting_people": "到会村民姓名，逗号分隔",
        "cli.meeting_households": "到会的户（户代表参加），逗号分隔",
        "cli.meeting_decision": "会议决定",
        "cli.meeting_votes": "表决：同意,反对,弃权",
        "cli.meeting_minutes": "会议记录文件路径",
        "cli.levy_money": "一事一议筹资：每人多少元",
        "cli.levy_days": "一事一议筹劳：每个劳动力多少个标准工日",
        "cli.levy_year": "筹资筹劳的年度，默认会议日期所在年",
        "cli.levy_exempt_money": "经会议表决免筹资的村民，逗号分隔",
        "cli.levy_exempt_labour": "经会议表决免筹劳的村民，逗号分隔",
        "cli.levy_cash": "自愿以资代劳的村民，逗号分隔",
        "cli.meeting_saved": "已记录：{line}",
        "cli.meetings": "列出会议及是否符合议事规则",
        "cli.meetings_none": "还没有记录会议",
        "cli.levy": "一事一议筹资筹劳：各户的农民负担监督卡（应缴、已缴、应投、已投）",
        "cli.levy_none": "“{project}”没有一事一议筹资筹劳",
        "cli.levy_card": "  {household}：应缴 {owed} 元，已缴 {paid} 元；应投 {days} 工日，已投 {worked} 工日",
        "cli.rules": "查看或修改一事一议的规则：筹资筹劳上限、劳动力年龄",
        "cli.rules_money_cap": "每人每年筹资上限（元），默认 15",
        "cli.rules_labour_cap": "每个劳动力每年筹劳上限（标准工日），默认 10",
        "cli.rules_men": "男劳动力年龄，默认 18-55",
        "cli.rules_women": "女劳动力年龄，默认 18-50",
        "cli.rules_not_both": "同一劳动力不同时筹资和筹劳：是 或 否",
        "cli.rules_now": "筹资上限每人每年 {money} 元；筹劳上限每个劳动力每年 {days} 个标准工日；"
        "劳动力：男 {men} 岁，女 {women} 岁；同一劳动力不同时筹资筹劳：{not_both}",
        "cli.yes": "是",
        "cli.no": "否",
        "cli.villager": "填写村民的性别、出生日期，或记一段时间的类别（低保户、现役军人、在校学生、外出、迁出等）",
        "cli.villager_gender": "性别：男或女",
        "cli.villager_category": "类别：低保户、现役军人、在校学生、孕期或产后一年内、残疾、外出、迁出",
        "cli.villager_from": "类别开始日期",
        "cli.villager_saved": "已保存村民“{name}”",
        "cli.villager_dates_need_category": "填开始或截止日期时，须同时填类别",
        "error.no_villager": "花名册中没有“{text}”",
        "error.no_household": "花名册中没有户“{text}”",
        "field.from_date": "开始日期",
    },
    en={
        "cli.meeting": "record a homestead meeting, villagers' assembly, representatives' meeting or "
        "one-matter-one-discussion meeting, with the levy it decided",
        "cli.meeting_kind": "kind: wuchang, villagers, representatives, yishiyiyi (or their Chinese names)",
        "cli.meeting_people": "villagers present, comma separated",
        "cli.meeting_households": "households present (by a representative), comma separated",
        "cli.meeting_decision": "the decision",
        "cli.meeting_votes": "the vote: for,against,abstain",
        "cli.meeting_minutes": "path of the minutes' file",
        "cli.levy_money": "levy: yuan per person",
        "cli.levy_days": "levy: standard workdays per labourer",
        "cli.levy_year": "the levy's year, default the meeting's",
        "cli.levy_exempt_money": "villagers exempted from money by the vote, comma separated",
        "cli.levy_exempt_labour": "villagers exempted from labour by the vote, comma separated",
        "cli.levy_cash": "villagers who chose to pay instead of working, comma separated",
        "cli.meeting_saved": "Recorded: {line}",
        "cli.meetings": "list the meetings and whether they kept the rules",
        "cli.meetings_none": "No meetings recorded yet",
        "cli.levy": "levies: each household's card (owed, paid, labour owed, worked)",
        "cli.levy_none": 'No levy for "{project}"',
        "cli.levy_card": "  household {household}: owes {owed} yuan, paid {paid}; owes {days} days, worked {worked}",
        "cli.rules": "show or change the levy rules: caps and labourers' ages",
        "cli.rules_money_cap": "money cap per person per year (yuan), default 15",
        "cli.rules_labour_cap": "labour cap per labourer per year (standard workdays), default 10",
        "cli.rules_men": "ages of male labourers, default 18-55",
        "cli.rules_women": "ages of female labourers, default 18-50",
        "cli.rules_not_both": "never levy both money and labour on one labourer: yes or no",
        "cli.rules_now": "Money cap {money} yuan per person per year; labour cap {days} standard workdays per "
        "labourer per year; labourers: men {men}, women {women}; not both on one labourer: {not_both}",
        "cli.yes": "yes",
        "cli.no": "no",
        "cli.villager": "set a villager's gender and date of birth, or a category for a while (minimum-allowance "
        "household, soldier, student, away, moved out …)",
        "cli.villager_gender": "gender: M or F",
        "cli.villager_category": "category: dibao, soldier, student, maternity, disabled, away, moved_out",
        "cli.villager_from": "category from",
        "cli.villager_saved": 'Saved villager "{name}"',
        "cli.villager_dates_need_category": "--from/--to go with --category",
        "error.no_villager": 'the roster has no "{text}"',
        "error.no_household": 'the roster has no household "{text}"',
        "field.from_date": "From",
    },
)
