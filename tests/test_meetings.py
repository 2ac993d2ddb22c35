"""屋场会 and 一事一议: quorum, majority, levy caps and exemptions, the household card."""

from __future__ import annotations

import pendulum
import pytest

from models import AuditLog, Levy, Meeting
from tracker import assembly, meetings, records
from tracker.errors import ValidationError
from tracker.meetings import LevyPlan

D = pendulum.date
DAY = D(2026, 5, 10)


def _household(name: str, members: list[tuple[str, str, pendulum.Date]]) -> list:
    """A household of ``members`` (name, gender, birth date); the first is its head."""
    return [
        records.add_person(n, "一组", name, is_household_head=i == 0, sex=g, birth_date=b)
        for i, (n, g, b) in enumerate(members)
    ]


@pytest.fixture
def village(db):
    """Six households, two adults each (12 villagers aged 18 and over)."""
    houses = []
    for i in range(6):
        houses.append(
            _household(f"户{i}", [(f"男{i}", "男", D(1980, 1, 1)), (f"女{i}", "女", D(1982, 1, 1))])
        )
    project = records.add_project("上屋场", "一组", start_date=D(2026, 3, 1), planned_end=D(2026, 12, 31))
    return houses, project


def test_a_meeting_below_quorum_is_flagged_naming_the_rule_and_the_counts(village):
    houses, _ = village
    # 3 of 12 adults, 3 of 6 households: neither more than half of adults nor two thirds of households.
    attendees = [h[0] for h in houses[:3]]
    meeting = meetings.add_meeting(DAY, "villagers", "修路", attendees=attendees, votes=(3, 0, 0))
    check = meetings.check(meeting)
    assert check.quorum_ok is False and not check.valid
    text = check.problems[0].message("zh")
    assert "村民会议" in text and "过半数" in text and "三分之二" in text
    assert "3/12" in text and "3/6" in text
    assert "3/12" in check.problems[0].message("en")


def test_exactly_two_thirds_of_households_is_a_quorum(village):
    houses, _ = village
    attendees = [h[0] for h in houses[:4]]  # 4 of 6 households, 4 of 12 adults
    check = meetings.check(
        meetings.add_meeting(DAY, "villagers", "修路", attendees=attendees, votes=(4, 0, 0))
    )
    assert check.households_present == 4 and check.households_eligible == 6
    assert check.quorum_ok is True and check.valid
    rep = meetings.check(meetings.add_meeting(DAY, "representatives", "修路", attendees=attendees))
    assert rep.quorum_ok is True


def test_a_vote_of_exactly_half_is_not_a_majority(village):
    houses, _ = village
    attendees = [p for h in houses[:4] for p in h]  # 8 present
    check = meetings.check(
        meetings.add_meeting(DAY, "villagers", "修路", attendees=attendees, votes=(4, 3, 1))
    )
    assert check.quorum_ok is True and check.majority_ok is False
    assert "同意 4 人，到会 8 人" in check.problems[0].message("zh")
    assert meetings.check(
        meetings.add_meeting(DAY, "villagers", "修路", attendees=attendees, votes=(5, 3, 0))
    ).valid


def test_eligible_adults_are_counted_from_birth_dates_and_moves(village):
    houses, _ = village
    records.add_person("小孩", "一组", "户0", sex="男", birth_date=D(2010, 6, 1))  # 15 on the day
    meetings.add_category(houses[5][0], "moved_out", D(2026, 4, 1))
    check = assembly.check_meeting(DAY, "villagers", [], None)
    assert check.adults_eligible == 11  # 12 adults, one moved out; the child is not counted
    assert check.households_eligible == 6


def _valid_meeting(houses, project, plan_kwargs, **extra):
    attendees = [p for h in houses for p in h]
    plan = LevyPlan(project=project, year=2026, **plan_kwargs)
    return meetings.add_meeting(
        DAY,
        "yishiyiyi",
        "修路筹资",
        project=project,
        attendees=attendees,
        votes=(12, 0, 0),
        levy=plan,
        **extra,
    )


def test_a_levy_over_the_money_cap_is_refused_naming_the_cap_and_nothing_is_saved(village):
    houses, project = village
    audit_rows = AuditLog.select().count()
    with pytest.raises(ValidationError) as exc:
        _valid_meeting(houses, project, {"money_per_person_fen": 2000})
    text = exc.value.message("zh")
    assert "每人每年不超过 15.00 元" in text and "20.00" in text
    assert "15.00 yuan per person per year" in exc.value.message("en")
    assert Meeting.select().count() == 0 and Levy.select().count() == 0
    assert AuditLog.select().count() == audit_rows


def test_a_levy_by_a_meeting_without_quorum_is_refused(village):
    houses, project = village
    plan = LevyPlan(project=project, year=2026, money_per_person_fen=1000)
    with pytest.raises(ValidationError) as exc:
        meetings.add_meeting(DAY, "villagers", "修路", attendees=[houses[0][0]], votes=(1, 0, 0), levy=plan)
    assert "不足法定人数" in exc.value.message("zh")
    with pytest.raises(ValidationError) as exc:
        meetings.add_meeting(DAY, "wuchang", "修路", attendees=[p for h in houses for p in h], levy=plan)
    assert "屋场会不能决定" in exc.value.message("zh")


def test_the_caps_count_every_levy_of_the_year_and_are_editable(village):
    houses, project = village
    _valid_meeting(houses, project, {"money_per_person_fen": 1000})
    with pytest.raises(ValidationError) as exc:
        _valid_meeting(houses, project, {"money_per_person_fen": 600})
    assert "16.00" in exc.value.message("zh")
    meetings.save_rule_settings(money_cap_fen=2000)
    _valid_meeting(houses, project, {"money_per_person_fen": 600})


def test_exempt_villagers_and_the_household_card(village):
    houses, project = village
    man56 = records.add_person("老李", "一组", "户1", sex="男", birth_date=D(1970, 1, 1))  # 56 on the day
    meetings.add_category(houses[0][1], "dibao", D(2025, 1, 1))
    meetings.add_category(houses[2][0], "soldier", D(2024, 9, 1), D(2026, 9, 1))
    meeting = _valid_meeting(
        houses, project, {"money_per_person_fen": 1000, "labour_half_days_per_labourer": 10}
    )
    levy = meeting.levies.get()
    by_id = {s.person_id: s for s in assembly.shares(levy, 10000)}
    assert by_id[houses[0][1].id].money_owed_fen == 0  # 低保户: no money
    assert by_id[houses[0][1].id].labour_owed_half_days == 10  # but labour
    assert by_id[man56.id].labour_owed_half_days == 0  # a man of 56 is not a labourer
    assert by_id[man56.id].money_owed_fen == 1000
    assert by_id[houses[2][0].id].money_owed_fen == 0 and by_id[houses[2][0].id].labour_owed_half_days == 0

    # 户1 pays and works against the levy; voluntary money and labour are not counted on the card.
    head = houses[1][0]
    contributor = records.contributor_of(head)
    records.add_receipt(project, contributor, "self_raised", 2000, D(2026, 5, 12), levy=levy)
    records.add_receipt(project, contributor, "self_raised", 50000, D(2026, 5, 12))  # voluntary 自筹
    records.add_labour(head, project, D(2026, 5, 13), 4, levy=levy)
    records.add_labour(houses[1][1], project, D(2026, 5, 13), 2, levy=levy)
    records.add_labour(head, project, D(2026, 5, 14), 6)  # voluntary 投工
    card = next(c for c in meetings.household_cards(levy) if c.household == "户1")
    members = [houses[1][0].id, houses[1][1].id, man56.id]
    assert card.paid_fen == meetings.levy_receipts_total(levy.id, members) == 2000
    assert card.worked_half_days == meetings.levy_labour_total(levy.id, members) == 6
    assert card.money_owed_fen == 3000 and card.labour_owed_half_days == 20
    assert meetings.levy_flags(project.id) == []

    # The 56-year-old works against the levy: flagged, naming why he owes none.
    records.add_labour(man56, project, D(2026, 5, 15), 2, levy=levy)
    flags = meetings.levy_flags(project.id)
    assert len(flags) == 1 and "老李" in flags[0].message("zh") and "非劳动力" in flags[0].message("zh")


def test_a_pledge_campaign_counts_the_households_that_signed(village):
    houses, project = village
    meeting = meetings.add_meeting(DAY, "wuchang", "认捐", project=project, attendees=[h[0] for h in houses])
    for h in houses[:4]:
        for person in h:  # two members of one household count once
            records.add_pledge(
                project, records.contributor_of(person), "self_raised", 10000, DAY, meeting=meeting
            )
    assert meetings.pledged_households(meeting) == 4


def test_the_notice_shows_the_levy_its_meeting_and_the_rule_it_breaks(village, tmp_path):
    from tracker.reports import notice_data, notice_html, notice_text

    houses, project = village
    man56 = records.add_person("老李", "一组", "户1", sex="男", birth_date=D(1970, 1, 1))
    meeting = _valid_meeting(
        houses, project, {"money_per_person_fen": 1000, "labour_half_days_per_labourer": 10}
    )
    records.add_labour(man56, project, D(2026, 5, 15), 2, levy=meeting.levies.get())
    data = notice_data.build(D(2026, 5, 1), D(2026, 5, 31))
    text = notice_text.render_text(data)
    assert "每人筹资 10.00 元" in text and "5 个标准工日" in text and "符合议事规则" in text
    assert "一事一议违规" in text and "老李" in text
    html = notice_html.render_html(data)
    assert "一事一议筹资筹劳" in html and "老李" in html


def test_the_import_records_money_and_labour_against_a_levy_by_its_year(village, tmp_path):
    import openpyxl

    from models import LabourEntry, Receipt
    from tracker.importer import ImportProblems, import_workbook

    houses, project = village
    levy = _valid_meeting(houses, project, {"money_per_person_fen": 1000}).levies.get()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "到账"
    ws.append(["日期", "姓名/单位", "资金来源", "项目名称", "金额(元)", "一事一议年度"])
    ws.append(["2026-05-20", "男0", "群众自筹", "上屋场", 20, 2026])
    ws.append(["2026-05-20", "男0", "群众自筹", "上屋场", 500, None])  # voluntary
    labour = wb.create_sheet("投工")
    labour.append(["日期", "姓名", "项目名称", "工日", "一事一议年度"])
    labour.append(["2026-05-21", "男1", "上屋场", 1, 2026])
    path = tmp_path / "levy.xlsx"
    wb.save(path)
    import_workbook(path, today=D(2026, 6, 1))
    assert [r.amount_fen for r in Receipt.select().where(Receipt.levy == levy.id)] == [2000]
    assert Receipt.select().where(Receipt.levy.is_null()).count() == 1
    assert LabourEntry.get().levy_id == levy.id
    card = next(c for c in meetings.household_cards(levy) if c.household == "户0")
    assert card.paid_fen == 2000

    ws.cell(row=2, column=6, value=2025)
    wb.save(path)
    with pytest.raises(ImportProblems) as exc:
        import_workbook(path, today=D(2026, 6, 1))
    assert "没有 2025 年的一事一议" in exc.value.problems[0].message("zh")
