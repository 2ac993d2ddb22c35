"""The demo village: 桐柏村, 白马镇, 涟源市, from the story told in docs/story.md.

桐梓组 has 145 people and 11 party members; the village raised 70余万元, 群众自筹 10余万元 of
it, and 梁湘江, in business away from home, gave 10万元. The milestones are the ones the story
names. A second 屋场 has just started. Every figure is fixed (no randomness), so the demo is the
same on every machine and running it twice changes nothing.
"""

from __future__ import annotations

import pendulum

from models import Contributor, Person, Project, Village, database_proxy

from . import records
from .errors import UserError
from .i18n import register

VILLAGE, TOWN, COUNTY, CADRE = "桐柏村", "白马镇", "涟源市", "梁旦"
MAIN, SECOND = "桐梓组秀美屋场", "枫树湾屋场"

_SURNAMES = "梁梁梁梁周陈李刘王张曾彭"
_GIVEN = "旦湘江建国春华志明海军秀英桂兰德胜小平红梅冬生金凤伟强玉珍永福光辉立新爱民"


def _d(month: int, day: int) -> pendulum.Date:
    return pendulum.date(2026, month, day)


def _people_names(count: int) -> list[str]:
    names: list[str] = ["梁旦", "梁湘江"]
    i = 0
    while len(names) < count:
        s = _SURNAMES[i % len(_SURNAMES)]
        a = _GIVEN[(i * 7) % len(_GIVEN)]
        b = _GIVEN[(i * 11 + 3) % len(_GIVEN)]
        name = s + a + b
        if name not in names:
            names.append(name)
        i += 1
    return names


def load_demo() -> str:
    """Fill an empty database (or one of 桐柏村) with the demo; returns "created" or "present"."""
    village = Village.select().order_by(Village.id).first()
    if village is not None and village.name != VILLAGE:
        raise UserError("error.demo_other_village", name=village.name)
    if Project.select().where(Project.name == MAIN).exists():
        return "present"
    with database_proxy.atomic():
        if village is None:
            records.create_village(VILLAGE, TOWN, COUNTY, cadre_name=CADRE, labour_rate_fen=10000)
        _fill()
    return "created"


def _fill() -> None:
    # 145 people in 37 households of 桐梓组; the first of each household is its head.
    names = _people_names(145 + 24)
    people: list[Person] = []
    party: list[Person] = []
    for i, name in enumerate(names[:145]):
        household = i // 4 if i < 152 else 37
        head = i % 4 == 0
        is_party = i in (0, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121)  # 11 party members
        person = records.add_person(
            name,
            "桐梓组",
            f"桐梓组{household + 1:02d}户",
            is_household_head=head,
            phone=f"1390738{i:04d}",
            is_party_member=is_party,
        )
        people.append(person)
        if is_party:
            party.append(person)
    # Every household has a 联户党员 who visits and mobilises it.
    for i, person in enumerate(people):
        if not person.is_party_member:
            records.update(person, mobiliser=party[(i // 4) % len(party)])
    second_people = [
        records.add_person(name, "枫树组", f"枫树组{i // 4 + 1:02d}户", is_household_head=i % 4 == 0)
        for i, name in enumerate(names[145:])
    ]

    main = records.add_project(
        MAIN,
        "桐梓组",
        households=37,
        leader="梁旦",
        budget_fen=80_000_000,
        start_date=_d(3, 1),
        planned_end=_d(12, 31),
        status="building",
    )
    second = records.add_project(
        SECOND,
        "枫树组",
        households=6,
        leader="周志明",
        budget_fen=30_000_000,
        start_date=_d(11, 2),
        planned_end=_d(2, 28).add(years=1),
        status="building",
    )

    # 群众自筹: 36 households pledged at the 屋场会 on 3月18日; most paid, a few still owe.
    heads = [p for p in people if p.is_household_head]
    self_raised = [360_000 if i % 3 == 0 else 320_000 for i in range(len(heads))]
    for i, (head, amount) in enumerate(zip(heads[:36], self_raised, strict=False)):
        c = records.add_contributor(head.name, "person", person=head)
        records.add_pledge(main, c, "self_raised", amount, _d(3, 18), due_date=_d(6, 30))
        if i < 30:
            records.add_receipt(
                main, c, "self_raised", amount, _d(4, 1 + i % 28), voucher=f"TB2026-{i + 1:03d}"
            )
        elif i < 34:
            records.add_receipt(main, c, "self_raised", amount // 2, _d(5, 10), voucher=f"TB2026-{i + 1:03d}")
        # the last two have paid nothing yet: their pledges are overdue since 6月30日

    def org(name: str, kind: str, phone: str = "") -> Contributor:
        return records.add_contributor(name, kind, phone=phone)

    n = 100
    # Two givers leave a number of their own, not a villager's, so that a report, notice or receipt
    # showing a giver's phone would be caught by the tests.
    donors = [
        (
            records.add_contributor("梁湘江", "xiangxian", person=people[1], phone="13807316688"),
            10_000_000,
            _d(4, 8),
        ),
        (org("涟源市湘中建材有限公司", "enterprise", phone="0738-8321166"), 3_000_000, _d(5, 6)),
        (org("梁建国（长沙）", "xiangxian"), 1_000_000, _d(5, 20)),
        (org("周海军（深圳）", "xiangxian"), 500_000, _d(6, 2)),
    ]
    for c, amount, day in donors:
        records.add_pledge(main, c, "donation", amount, day.subtract(days=10), due_date=day.add(days=30))
        records.add_receipt(main, c, "donation", amount, day, voucher=f"TB2026-{n}")
        n += 1
    funds = [
        (org("娄底市发展和改革委员会", "government"), 25_000_000, _d(5, 15)),
        (org("涟源市农业农村局", "government"), 15_000_000, _d(6, 18)),
        (org("白马镇人民政府", "government"), 5_000_000, _d(4, 20)),
    ]
    for c, amount, day in funds:
        records.add_pledge(main, c, "government", amount, _d(3, 25), due_date=_d(8, 31))
        records.add_receipt(main, c, "government", amount, day, voucher=f"TB2026-{n}")
        n += 1
    collective = org("桐柏村村集体", "collective")
    records.add_pledge(main, collective, "collective", 2_000_000, _d(3, 18))
    records.add_receipt(main, collective, "collective", 2_000_000, _d(4, 2), voucher=f"TB2026-{n}")
    n += 1

    # A receipt typed wrong and corrected by a reversal, as happens in a real 台账.
    wrong = records.add_receipt(main, donors[1][0], "donation", 300_000, _d(5, 7), voucher="TB2026-W1")
    records.reverse(wrong, "重复录入：已于5月6日入账", _d(5, 8))

    # 筹料: villagers gave stone and saplings.
    records.add_in_kind(
        main,
        records.contributor_for(people[8].name),
        "self_raised",
        "青石板",
        1_200_000,
        _d(4, 12),
        quantity="60",
        unit="平方米",
    )
    records.add_in_kind(
        main,
        records.contributor_for(people[12].name),
        "self_raised",
        "桂花树苗",
        360_000,
        _d(5, 3),
        quantity="40",
        unit="株",
    )
    records.add_in_kind(main, donors[1][0], "donation", "水泥", 850_000, _d(5, 12), quantity="25", unit="吨")

    for day, item, amount, payee, voucher in [
        (_d(4, 10), "古树保护围栏", 3_650_000, "涟源市园林绿化站", "ZC-001"),
        (_d(4, 25), "五美庭院改造材料", 9_800_000, "白马镇建材店", "ZC-002"),
        (_d(5, 18), "道路硬化（一期）", 18_500_000, "涟源市路桥工程队", "ZC-003"),
        (_d(6, 12), "五小建设：小菜园小果园围栏", 4_200_000, "白马镇建材店", "ZC-004"),
        (_d(7, 6), "道路两旁绿化苗木", 5_600_000, "湘中苗木基地", "ZC-005"),
        (_d(8, 20), "道路硬化（二期）", 12_300_000, "涟源市路桥工程队", "ZC-006"),
        (_d(9, 26), "路灯安装", 4_800_000, "涟源市光明电器", "ZC-007"),
    ]:
        records.add_expense(main, item, amount, day, payee=payee, voucher=voucher)

    # 投工投劳: the able-bodied of 桐梓组 turn out on working days, half or whole days.
    days = [_d(3, 20).add(days=5 * k) for k in range(36)]  # every fifth day: 五天一个新变化
    workers = [p for i, p in enumerate(people) if i % 3 != 2]
    for k, day in enumerate(days):
        crew = [workers[(k * 7 + j) % len(workers)] for j in range(14)]
        records.add_labour_roll(
            main,
            day,
            ("挖土方", "砌墙", "铺路", "栽树")[k % 4],
            [(p, 2 if j % 3 else 1) for j, p in enumerate(crew)],
        )

    # (name, weight, planned, then each update as (day, percent, done date)): the progress is
    # kept as history, so an earlier as-of date shows it as it was then.
    milestones = [
        ("古树保护", 10, _d(4, 30), [(_d(4, 28), 100, _d(4, 28))]),
        ("五美庭院", 30, _d(7, 31), [(_d(6, 15), 50, None), (_d(7, 25), 100, _d(7, 25))]),
        ("五小建设", 20, _d(8, 31), [(_d(7, 10), 40, None), (_d(8, 25), 80, None)]),
        ("道路硬化", 25, _d(9, 30), [(_d(9, 20), 100, _d(9, 20))]),
        ("道路两旁绿化", 15, _d(12, 15), [(_d(11, 20), 60, None)]),
    ]
    for name, weight, planned, updates in milestones:
        m = records.add_milestone(main, name, weight=weight, planned_date=planned, today=_d(3, 18))
        for day, pct, done in updates:
            m = records.set_milestone_progress(m, pct, done, date=day, today=day)
    for day, text in [
        (_d(3, 18), "召开屋场会，36户签字认捐，联户党员分片包户。"),
        (_d(4, 28), "两棵千年古树围栏完工，奇石周边清理完毕。"),
        (_d(6, 15), "五美庭院改造过半，群众投工热情高。"),
        (_d(7, 25), "五美庭院全部完成，镇里组织验收。"),
        (_d(9, 20), "主干道硬化完成，全长1.2公里。"),
        (_d(11, 20), "道路两旁栽种桂花树，绿化过半。"),
    ]:
        records.add_progress_note(main, day, text)

    # The second 屋场 has just started.
    for i, head in enumerate(p for p in second_people if p.is_household_head):
        c = records.add_contributor(head.name, "person", person=head)
        records.add_pledge(second, c, "self_raised", 200_000, _d(11, 5), due_date=_d(12, 31))
        if i < 2:
            records.add_receipt(second, c, "self_raised", 200_000, _d(11, 12), voucher=f"FS2026-{i + 1:03d}")
    records.add_pledge(second, collective, "collective", 1_000_000, _d(11, 5), due_date=_d(12, 15))
    records.add_expense(second, "规划设计费", 800_000, _d(11, 16), payee="涟源市规划设计院", voucher="ZC-101")
    records.add_labour_roll(second, _d(11, 20), "清理场地", [(p, 2) for p in second_people[:10]])
    for name, weight, planned in [
        ("场地清理", 20, _d(11, 30)),
        ("庭院改造", 50, _d(2, 28).add(years=1)),
        ("绿化", 30, _d(3, 31).add(years=1)),
    ]:
        m = records.add_milestone(second, name, weight=weight, planned_date=planned, today=_d(11, 2))
        if name == "场地清理":
            records.set_milestone_progress(m, 50, date=_d(11, 20), today=_d(11, 20))
    records.add_progress_note(second, _d(11, 2), "枫树湾屋场开工，先清理场地。")


register(
    zh={
        "error.demo_other_village": "这个数据库记的是“{name}”村，不能装入桐柏村的演示数据；请用 --db 指定另一个文件"
    },
    en={
        "error.demo_other_village": 'This database holds village "{name}"; the 桐柏村 demo cannot be loaded into it. Use --db with another file'
    },
)
