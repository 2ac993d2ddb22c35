"""The village roster: the 村民 sheet, one row a villager, read into people, households, party
members and the 联户党员 link.

A villager is matched on 姓名 + 组 + 户 (the name compared as tracker.rules compares names): a
row whose villager is already in the ledger updates what differs (户主, 党员, 联户党员, 电话, 性别,
出生日期, 备注) and is otherwise skipped, so importing the same roster again adds nothing. The
联户党员 is a villager who is a party member, named in the same sheet or already in the ledger
(one of the same 组 first). Phones are stored for the cadre and never exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models import Person

from .. import records, rules
from ..i18n import register
from .reading import Row
from .results import Problem, SheetCount
from .sheet_format import ROSTER_SHEET as SHEET
from .sheet_format import sheet_spec

SPEC = sheet_spec(SHEET)

_YES = {"是", "y", "yes", "1", "√", "✓", "true", "户主", "党员"}
_NO = {"否", "n", "no", "0", "×", "false", ""}
_SEX = {"男": "男", "女": "女", "m": "男", "f": "女", "": ""}


@dataclass
class RosterPlan:
    new: list[Row] = field(default_factory=list)
    updates: list[tuple[Row, Person, dict[str, Any]]] = field(default_factory=list)
    links: list[tuple[Row, str, Person | int]] = field(default_factory=list)  # row, name, person or row no.


def key_of(name: str, group: str, household: str) -> tuple[str, str, str]:
    return (rules.name_key(name), (group or "").strip(), (household or "").strip())


def _flag(row: Row, key: str, problems: list[Problem]) -> bool:
    text = str(row.values.get(key) or "").strip().lower()
    if text in _YES:
        return True
    if text not in _NO:
        problems.append(row.problem(key, "roster.yes_no", {"text": text}))
    return False


def plan(rows: list[Row], count: SheetCount, problems: list[Problem]) -> RosterPlan:
    """What the roster rows would add and update; their problems appended to ``problems``."""
    result = RosterPlan()
    existing = {key_of(p.name, p.group, p.household): p for p in Person.select().order_by(Person.id)}
    seen: dict[tuple, int] = {}
    party: dict[str, list[tuple[str, Person | int]]] = {}  # name key -> (group, person or row no.)
    for p in existing.values():
        if p.is_party_member:
            party.setdefault(rules.name_key(p.name), []).append((p.group, p))
    wanted: list[tuple[Row, str]] = []
    for row in rows:
        if not row.ok:
            continue
        v = row.values
        before = len(problems)
        v["head"] = _flag(row, "head", problems)
        v["party"] = _flag(row, "party", problems)
        sex = str(v.get("sex") or "").strip().lower()
        if sex not in _SEX:
            problems.append(row.problem("sex", "roster.sex", {"text": v.get("sex")}))
        v["sex"] = _SEX.get(sex, "")
        phone = "".join(str(v.get("phone") or "").split()).replace("-", "")
        if phone and not (phone.isdigit() and 7 <= len(phone) <= 13):
            problems.append(row.problem("phone", "roster.phone", {"text": v.get("phone")}))
        v["phone"] = phone
        if len(problems) > before:
            continue
        key = key_of(v["name"], v["group"], v["household"])
        if key in seen:
            problems.append(row.problem("name", "import.twice", {"text": v["name"], "row": seen[key]}))
            continue
        seen[key] = row.number
        person = existing.get(key)
        if person is not None:
            party_now = v["party"]
            if person.is_party_member and party_now:
                pass
            elif party_now:
                party.setdefault(rules.name_key(person.name), []).append((person.group, person))
            elif person.is_party_member:
                party[rules.name_key(person.name)] = [
                    e for e in party.get(rules.name_key(person.name), []) if e[1] is not person
                ]
            changes = {
                name: value
                for name, value in (
                    ("is_household_head", v["head"]),
                    ("is_party_member", v["party"]),
                    ("phone", v["phone"]),
                    ("sex", v["sex"]),
                    ("birth_date", v.get("birth_date")),
                    ("note", v.get("note") or ""),
                )
                if getattr(person, name) != value
            }
            if changes:
                result.updates.append((row, person, changes))
            else:
                count.skipped += 1
            target: Person | int = person
        else:
            result.new.append(row)
            target = row.number
            if v["party"]:
                party.setdefault(rules.name_key(v["name"]), []).append((v["group"], row.number))
        if v.get("mobiliser"):
            wanted.append((row, str(v["mobiliser"]).strip()))
        v["_target"] = target

    updates = {id(row): (row, person, changes) for row, person, changes in result.updates}
    for row, name in wanted:
        members = party.get(rules.name_key(name), [])
        same_group = [m for g, m in members if g == row.values["group"]]
        found = same_group or [m for _, m in members]
        if not found:
            anyone = Person.select().where(Person.name == name).exists() or any(
                rules.name_key(r.values["name"]) == rules.name_key(name) for r in rows if r.ok
            )
            key = "roster.not_member" if anyone else "roster.no_mobiliser"
            problems.append(row.problem("mobiliser", key, {"text": name}))
            continue
        if len(found) > 1:
            problems.append(row.problem("mobiliser", "roster.mobiliser_namesake", {"text": name}))
            continue
        mobiliser = found[0]
        me = row.values["_target"]
        if isinstance(me, int):
            result.links.append((row, name, mobiliser))
        elif isinstance(mobiliser, int) or me.mobiliser_id != mobiliser.id:
            if id(row) not in updates:
                updates[id(row)] = (row, me, {})
                count.skipped -= 1
            updates[id(row)][2]["mobiliser"] = mobiliser
    result.updates = list(updates.values())
    return result


def write(roster: RosterPlan, people: dict[str, Person], count: SheetCount) -> None:
    """Add and update the villagers, then link each to their 联户党员 (inside the import's transaction)."""
    by_row: dict[int, Person] = {}
    for row in roster.new:
        v = row.values
        person = records.add_person(
            v["name"],
            v["group"],
            v["household"],
            is_household_head=v["head"],
            phone=v["phone"],
            is_party_member=v["party"],
            sex=v["sex"],
            birth_date=v.get("birth_date"),
            note=v.get("note") or "",
        )
        by_row[row.number] = person
        people.setdefault(person.name, person)
        count.added += 1

    def person_of(target: Person | int) -> Person:
        return by_row[target] if isinstance(target, int) else target

    for _row, person, changes in roster.updates:
        if "mobiliser" in changes:
            changes = {**changes, "mobiliser": person_of(changes["mobiliser"]).id}
        records.update(person, **changes)
        count.updated += 1
    for row, _name, mobiliser in roster.links:
        me, them = by_row[row.values["_target"]], person_of(mobiliser)
        if me.id != them.id:
            records.update(me, mobiliser=them.id)


def dry_counts(roster: RosterPlan, count: SheetCount) -> None:
    count.added, count.updated = len(roster.new), len(roster.updates)


register(
    zh={
        "roster.yes_no": "“{text}”应填 是 或 否（空着为否）",
        "roster.sex": "“{text}”应填 男 或 女，或空着",
        "roster.phone": "“{text}”不是电话号码，应为 7 到 13 位数字",
        "roster.no_mobiliser": "联户党员“{text}”不在名册里，也不是已有的村民",
        "roster.not_member": "联户党员“{text}”不是党员；请在其所在行的“党员”填 是",
        "roster.mobiliser_namesake": "有几位党员都叫“{text}”，无法确定是哪一位",
    },
    en={
        "roster.yes_no": '"{text}" should be 是 (yes) or 否 (no); blank is no',
        "roster.sex": '"{text}" should be 男 (male) or 女 (female), or blank',
        "roster.phone": '"{text}" is not a phone number; expected 7 to 13 digits',
        "roster.no_mobiliser": 'linked party member "{text}" is neither in the roster nor a villager already',
        "roster.not_member": 'linked party member "{text}" is not a party member; put 是 in their row\'s 党员 column',
        "roster.mobiliser_namesake": 'several party members are called "{text}"; cannot tell which one is meant',
    },
)
