"""The ledger's rules, checked against figures worked out by hand from a small ledger.

The `book` fixture below is the whole ledger; every expected number in this file is computed in
the comments next to it from those records, never by calling the code under test.
"""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from models import Village
from tracker import ledger, records
from tracker.ledger import STATUS_OVERDUE, STATUS_PAID, STATUS_PARTIAL, STATUS_UNPAID


def d(month: int, day: int) -> pendulum.Date:
    return pendulum.date(2026, month, day)


AS_OF = d(6, 30)  # the main date of the checks
LATER = d(7, 31)  # after every "late" record below
RATE = 15_000  # 150 元 a work day, set on the village (the fixture's default is 100 元)


class Book:
    """Handles on the records of the fixture ledger."""


@pytest.fixture
def book(db):
    b = Book()
    records.update(Village.get(), labour_rate_fen=RATE)
    b.zhang = records.add_person("张三", "一组", "一组01户", is_household_head=True, is_party_member=True)
    b.wang = records.add_person("王五", "一组", "一组02户", mobiliser=b.zhang)
    b.li = records.add_person("李四", "二组", "二组01户")
    b.c_zhang = records.add_contributor("张三", person=b.zhang)
    b.c_li = records.add_contributor("李四", person=b.li)
    b.c_firm = records.add_contributor("湘中建材公司", "enterprise")
    b.c_bureau = records.add_contributor("农业农村局", "government")
    b.c_coll = records.add_contributor("村集体", "collective")
    b.a = records.add_project("上屋场", "一组", budget_fen=2_000_000, status="building")
    b.b = records.add_project("下屋场", "二组")  # no budget: no 到位率
    a, bb = b.a, b.b

    # --- project A: pledges
    records.add_pledge(a, b.c_zhang, "self_raised", 300_000, d(3, 1), due_date=d(4, 30))
    records.add_pledge(a, b.c_zhang, "donation", 100_000, d(3, 1), due_date=d(8, 31))
    records.add_pledge(a, b.c_li, "self_raised", 200_000, d(3, 1), due_date=d(4, 30))
    records.add_pledge(a, b.c_firm, "donation", 500_000, d(3, 5))
    records.add_pledge(a, b.c_bureau, "government", 1_000_000, d(3, 10), due_date=d(8, 31))
    records.add_pledge(a, b.c_firm, "donation", 200_000, d(7, 5))  # late
    # --- project A: receipts
    records.add_receipt(a, b.c_zhang, "self_raised", 350_000, d(4, 1), voucher="A-1")  # pays 50,000 too much
    records.add_receipt(a, b.c_li, "self_raised", 50_000, d(4, 2))
    records.add_receipt(a, b.c_firm, "donation", 500_000, d(3, 20))
    typo = records.add_receipt(a, b.c_firm, "donation", 200_000, d(3, 21), voucher="A-4")
    records.reverse(typo, "重复录入", d(3, 22))
    records.add_receipt(a, b.c_bureau, "government", 400_000, d(5, 10))
    b.bureau_june = records.add_receipt(a, b.c_bureau, "government", 100_000, d(6, 1))
    records.reverse(b.bureau_june, "退回", d(7, 10))  # the reversal is dated after AS_OF
    records.add_receipt(a, b.c_coll, "collective", 100_000, d(3, 15))  # paid without a pledge
    records.add_receipt(a, b.c_li, "self_raised", 150_000, d(7, 15))  # late
    # --- project A: in kind, spending, labour, milestones
    records.add_in_kind(a, b.c_zhang, "self_raised", "青石板", 60_000, d(4, 5), quantity="60", unit="平方米")
    records.add_in_kind(a, b.c_firm, "donation", "水泥", 30_000, d(7, 1))  # late
    records.add_expense(a, "围栏", 300_000, d(4, 10))
    records.add_expense(a, "庭院材料", 260_000, d(5, 20))
    records.add_expense(a, "路灯", 100_000, d(7, 3))  # late
    records.add_labour(b.zhang, a, d(4, 1), 2)
    records.add_labour(b.zhang, a, d(4, 2), 1)
    records.add_labour(b.wang, a, d(4, 1), 2)
    records.add_labour(b.zhang, a, d(7, 2), 2)  # late
    b.m1 = records.add_milestone(a, "古树保护", weight=10, planned_date=d(4, 10), done_date=d(4, 20))
    b.m2 = records.add_milestone(
        a, "五美庭院", weight=30, planned_date=d(5, 31), progress_pct=50, today=d(4, 1)
    )
    b.m3 = records.add_milestone(
        a, "道路硬化", weight=60, planned_date=d(9, 30), progress_pct=20, today=d(4, 1)
    )

    # --- project B: 李四 pays 30,000 more than pledged; spending runs ahead of receipts
    records.add_pledge(bb, b.c_li, "self_raised", 100_000, d(5, 1), due_date=d(5, 31))
    records.add_receipt(bb, b.c_li, "self_raised", 130_000, d(5, 20))
    records.add_expense(bb, "规划设计", 150_000, d(6, 1))
    records.add_labour(b.wang, bb, d(6, 1), 2)
    return b


def by_source(bs: ledger.BySource) -> dict[str, int]:
    return {
        "self_raised": bs.self_raised,
        "donation": bs.donation,
        "government": bs.government,
        "collective": bs.collective,
        "total": bs.total,
    }


# --- per project ---------------------------------------------------------------------------------


def test_pledged_and_received_by_source(book):
    s = ledger.summary(AS_OF)
    a, b = s.project("上屋场"), s.project("下屋场")
    # pledged A: self 300,000 + 200,000; donation 100,000 + 500,000 (the 7-05 pledge is later);
    # government 1,000,000
    assert by_source(a.pledged) == {
        "self_raised": 500_000,
        "donation": 600_000,
        "government": 1_000_000,
        "collective": 0,
        "total": 2_100_000,
    }
    # received A: self 350,000 + 50,000; donation 500,000 (+200,000 −200,000 reversed);
    # government 400,000 + 100,000 (its reversal is dated 7-10); collective 100,000
    assert by_source(a.received) == {
        "self_raised": 400_000,
        "donation": 500_000,
        "government": 500_000,
        "collective": 100_000,
        "total": 1_500_000,
    }
    assert by_source(b.pledged) == {
        "self_raised": 100_000,
        "donation": 0,
        "government": 0,
        "collective": 0,
        "total": 100_000,
    }
    assert by_source(b.received) == {
        "self_raised": 130_000,
        "donation": 0,
        "government": 0,
        "collective": 0,
        "total": 130_000,
    }


def test_budget_rate_in_kind_spent_balance(book):
    s = ledger.summary(AS_OF)
    a, b = s.project("上屋场"), s.project("下屋场")
    assert a.budget_fen == 2_000_000
    assert a.received_rate_pct == Decimal("75.0")  # 1,500,000 ÷ 2,000,000
    assert a.in_kind_fen == 60_000  # the cement of 7-01 is later
    assert a.spent_fen == 560_000  # 300,000 + 260,000
    assert a.balance_fen == 940_000  # 1,500,000 − 560,000
    assert b.received_rate_pct is None  # no budget, no rate
    assert b.spent_fen == 150_000
    assert b.balance_fen == -20_000  # 130,000 − 150,000


def test_outstanding_pledges_never_net_across_contributors_sources_or_projects(book):
    s = ledger.summary(AS_OF)
    # A, per (contributor, source): 张三 self 300,000 − 350,000 → 0 (not −50,000);
    # 张三 donation 100,000 − 0 = 100,000; 李四 self 200,000 − 50,000 = 150,000;
    # firm donation 500,000 − 500,000 = 0; bureau 1,000,000 − 500,000 = 500,000;
    # collective paid without a pledge → 0.  Sum 750,000.
    # (Netting everything would give 2,100,000 − 1,500,000 = 600,000; netting 张三's sources 700,000.)
    assert s.project("上屋场").outstanding_pledges_fen == 750_000
    # B: 李四 100,000 − 130,000 → 0; his overpayment in B does not reduce what he owes in A.
    assert s.project("下屋场").outstanding_pledges_fen == 0
    assert s.totals.outstanding_pledges_fen == 750_000


def test_labour_days_and_value_use_half_days_and_the_village_rate(book):
    s = ledger.summary(AS_OF)
    a, b = s.project("上屋场"), s.project("下屋场")
    # A: 张三 1 + 0.5 days, 王五 1 day (the 7-02 day is later) = 2.5 days in 3 entries
    assert a.labour_days == Decimal("2.5")
    assert a.labour_entries == 3
    assert a.labour_value_fen == 37_500  # 2.5 × 150 元
    assert b.labour_days == Decimal("1")
    assert b.labour_value_fen == 15_000
    assert s.totals.labour_days == Decimal("3.5")
    assert s.totals.labour_entries == 4
    assert s.totals.labour_value_fen == 52_500


def test_labour_value_rounds_half_a_fen_up():
    assert ledger.labour_value_fen(1, 15_001) == 7_501  # 0.5 day × 150.01 元 = 75.005 元
    assert ledger.labour_value_fen(3, 10_000) == 15_000


def test_weighted_progress_and_milestone_counts(book):
    a = ledger.summary(AS_OF).project("上屋场")
    # (10 × 100 + 30 × 50 + 60 × 20) ÷ (10 + 30 + 60) = 3,700 ÷ 100
    assert a.progress_pct == Decimal("37.0")
    assert (a.milestones_done, a.milestones_total, a.milestones_overdue) == (1, 3, 1)  # 五美庭院 is overdue
    b = ledger.summary(AS_OF).project("下屋场")
    assert (b.progress_pct, b.milestones_done, b.milestones_total) == (Decimal("0.0"), 0, 0)


def test_progress_is_weighted_not_averaged(db):
    p = records.add_project("P")
    records.add_milestone(p, "大", weight=3, progress_pct=100, today=d(6, 1))
    records.add_milestone(p, "小", weight=1, progress_pct=0)
    # weighted: 3 × 100 ÷ 4 = 75; a plain average would be 50
    assert ledger.summary(AS_OF).project("P").progress_pct == Decimal("75.0")


def test_totals_add_up_the_projects(book):
    t = ledger.summary(AS_OF).totals
    assert t.budget_fen == 2_000_000
    assert by_source(t.pledged) == {
        "self_raised": 600_000,
        "donation": 600_000,
        "government": 1_000_000,
        "collective": 0,
        "total": 2_200_000,
    }
    assert by_source(t.received) == {
        "self_raised": 530_000,
        "donation": 500_000,
        "government": 500_000,
        "collective": 100_000,
        "total": 1_630_000,
    }
    assert t.received_rate_pct == Decimal("81.5")  # 1,630,000 ÷ 2,000,000
    assert (t.in_kind_fen, t.spent_fen, t.balance_fen) == (60_000, 710_000, 920_000)
    assert t.progress_pct == Decimal("37.0")
    assert (t.milestones_done, t.milestones_total, t.milestones_overdue) == (1, 3, 1)


def test_summary_of_one_project(book):
    s = ledger.summary(AS_OF, project_id=book.b.id)
    assert [p.name for p in s.projects] == ["下屋场"]
    assert s.totals.received.total == 130_000
    assert s.totals.spent_fen == 150_000
    assert s.totals.labour_value_fen == 15_000


def test_as_dict_money_is_integer_fen(book):
    data = ledger.summary(AS_OF).as_dict()
    a = data["projects"][0]
    assert a["received_fen"] == {
        "self_raised": 400_000,
        "donation": 500_000,
        "government": 500_000,
        "collective": 100_000,
        "total": 1_500_000,
    }
    assert a["labour_days"] == 2.5
    assert data["totals"]["balance_fen"] == 920_000
    assert data["as_of"] == "2026-06-30"
    assert data["village"]["labour_rate_fen"] == RATE


# --- the as-of date ------------------------------------------------------------------------------


def test_later_records_count_once_their_date_has_passed(book):
    s = ledger.summary(LATER)
    a = s.project("上屋场")
    # +200,000 firm pledge (7-05)
    assert by_source(a.pledged)["donation"] == 800_000
    # +150,000 from 李四 (7-15); −100,000 the bureau's June receipt reversed on 7-10
    assert by_source(a.received) == {
        "self_raised": 550_000,
        "donation": 500_000,
        "government": 400_000,
        "collective": 100_000,
        "total": 1_550_000,
    }
    assert a.in_kind_fen == 90_000  # + cement 30,000
    assert a.spent_fen == 660_000  # + 路灯 100,000
    assert a.balance_fen == 890_000
    # 张三 donation 100,000; 李四 now paid in full; firm 700,000 − 500,000; bureau 1,000,000 − 400,000
    assert a.outstanding_pledges_fen == 900_000
    assert a.labour_days == Decimal("3.5")


def test_nothing_counts_before_the_first_record(book):
    s = ledger.summary(d(2, 1))
    t = s.totals
    assert t.pledged.total == t.received.total == t.spent_fen == t.in_kind_fen == 0
    assert t.outstanding_pledges_fen == 0
    assert t.labour_entries == 0
    assert t.milestones_done == 0  # 古树保护 was done on 4-20


def test_done_dates_after_as_of_do_not_count(book):
    # 古树保护: planned 4-10, done 4-20
    before = ledger.summary(d(4, 15)).project("上屋场")
    assert (before.milestones_done, before.milestones_overdue) == (0, 1)
    after = ledger.summary(d(4, 20)).project("上屋场")
    assert (after.milestones_done, after.milestones_overdue) == (1, 0)


def test_a_milestone_is_overdue_only_after_its_planned_date(book):
    # 五美庭院 planned 5-31, not done
    assert ledger.summary(d(5, 31)).project("上屋场").milestones_overdue == 0
    assert ledger.summary(d(6, 1)).project("上屋场").milestones_overdue == 1


def test_reversal_dated_later_is_left_out_until_its_date(book):
    on_9th = ledger.summary(d(7, 9)).project("上屋场")
    on_10th = ledger.summary(d(7, 10)).project("上屋场")
    assert on_9th.received.government - on_10th.received.government == 100_000


def test_a_reversed_entry_nets_to_zero(db):
    p = records.add_project("P", budget_fen=100_000)
    c = records.add_contributor("赵六")
    for add in (
        lambda: records.add_pledge(p, c, "self_raised", 12_345, d(3, 1)),
        lambda: records.add_receipt(p, c, "self_raised", 12_345, d(3, 1)),
        lambda: records.add_in_kind(p, c, "self_raised", "木材", 12_345, d(3, 1)),
        lambda: records.add_expense(p, "木工", 12_345, d(3, 1)),
    ):
        records.reverse(add(), "录错了", d(3, 2))
    s = ledger.summary(AS_OF)
    f = s.project("P")
    assert (f.pledged.total, f.received.total, f.in_kind_fen, f.spent_fen) == (0, 0, 0, 0)
    assert f.outstanding_pledges_fen == 0
    between = ledger.summary(d(3, 1)).project("P")
    assert (between.pledged.total, between.received.total, between.spent_fen) == (12_345, 12_345, 12_345)


# --- per contributor -----------------------------------------------------------------------------


def _lines(as_of, **kw) -> dict[tuple[str, str, str], ledger.PledgeLine]:
    return {(line.project, line.contributor, line.source): line for line in ledger.pledge_lines(as_of, **kw)}


def test_pledge_line_status(book):
    lines = _lines(AS_OF)
    # paid more than pledged, past due: 已到账, not 逾期
    assert lines["上屋场", "张三", "self_raised"].status == STATUS_PAID
    # nothing paid, due 8-31: 未到账
    assert lines["上屋场", "张三", "donation"].status == STATUS_UNPAID
    # 50,000 of 200,000, due 4-30: 逾期, 150,000 overdue
    li = lines["上屋场", "李四", "self_raised"]
    assert (li.status, li.pledged_fen, li.received_fen, li.overdue_fen) == (
        STATUS_OVERDUE,
        200_000,
        50_000,
        150_000,
    )
    assert li.outstanding_fen == 150_000
    # 500,000 of 1,000,000, due 8-31: 部分到账
    assert lines["上屋场", "农业农村局", "government"].status == STATUS_PARTIAL
    # paid without pledging: a line with no status
    coll = lines["上屋场", "村集体", "collective"]
    assert (coll.status, coll.pledged_fen, coll.received_fen) == (None, 0, 100_000)
    assert lines["下屋场", "李四", "self_raised"].status == STATUS_PAID


def test_status_changes_with_the_as_of_date(book):
    lines = _lines(d(9, 1))  # after the 8-31 due dates
    assert lines["上屋场", "张三", "donation"].status == STATUS_OVERDUE
    bureau = lines["上屋场", "农业农村局", "government"]
    assert (bureau.status, bureau.overdue_fen) == (STATUS_OVERDUE, 600_000)  # 400,000 of 1,000,000 left
    assert lines["上屋场", "李四", "self_raised"].status == STATUS_PAID  # paid the rest on 7-15
    # before the due date of 4-30, 李四's partial payment is just partial
    assert _lines(d(4, 30))["上屋场", "李四", "self_raised"].status == STATUS_PARTIAL


def test_pledge_lines_filtered_by_contributor_and_project(book):
    mine = ledger.pledge_lines(AS_OF, contributor_id=book.c_li.id)
    assert {(x.project, x.source) for x in mine} == {("上屋场", "self_raised"), ("下屋场", "self_raised")}
    in_b = ledger.pledge_lines(AS_OF, project_id=book.b.id)
    assert [(x.contributor, x.pledged_fen, x.received_fen) for x in in_b] == [("李四", 100_000, 130_000)]


def test_contributor_statement(book):
    li = ledger.contributor_statement(book.c_li.id, AS_OF)
    assert (li.pledged_fen, li.received_fen) == (300_000, 180_000)  # A 200,000 + B 100,000; 50,000 + 130,000
    assert li.outstanding_fen == 150_000  # B's overpayment does not pay A's debt
    assert li.status == STATUS_OVERDUE
    zhang = ledger.contributor_statement(book.c_zhang.id, AS_OF)
    assert (zhang.pledged_fen, zhang.received_fen, zhang.outstanding_fen) == (400_000, 350_000, 100_000)
    assert zhang.status == STATUS_PARTIAL  # one pledge paid, one not yet
    assert zhang.labour_days == Decimal("1.5")  # his person's labour: 1 + 0.5 in A
    firm = ledger.contributor_statement(book.c_firm.id, AS_OF)
    assert (firm.status, firm.labour_half_days) == (STATUS_PAID, 0)


def test_person_statement(book):
    zhang = ledger.person_statement(book.zhang.id, AS_OF)
    assert zhang.labour_days == Decimal("1.5")
    assert zhang.labour_by_project == [("上屋场", 3)]
    assert zhang.is_party_member
    assert [c.name for c in zhang.contributions] == ["张三"]
    assert zhang.contributions[0].received_fen == 350_000
    assert ledger.person_statement(book.zhang.id, LATER).labour_days == Decimal("2.5")  # + 7-02

    wang = ledger.person_statement(book.wang.id, AS_OF)
    assert wang.mobiliser == "张三"
    assert wang.labour_by_project == [("上屋场", 2), ("下屋场", 2)]
    assert wang.labour_days == Decimal("2")
    assert wang.contributions == []


# --- what needs attention ------------------------------------------------------------------------


def test_attention(book):
    items = [(x.kind, x.project, x.subject, x.date, x.amount_fen) for x in ledger.attention(AS_OF)]
    assert items == [
        ("overdue_milestone", "上屋场", "五美庭院", d(5, 31), 0),
        ("late_pledge", "上屋场", "李四", d(4, 30), 150_000),
        ("overspent", "下屋场", "", None, 20_000),  # spent 150,000, received 130,000
    ]


def test_attention_follows_the_as_of_date(book):
    kinds = [(x.kind, x.subject) for x in ledger.attention(d(9, 1))]
    # 李四 has paid; 张三's donation and the bureau are now late
    assert ("late_pledge", "李四") not in kinds
    assert ("late_pledge", "张三") in kinds
    assert ("late_pledge", "农业农村局") in kinds
    assert kinds.count(("overdue_milestone", "五美庭院")) == 1


def test_empty_village(db):
    s = ledger.summary(AS_OF)
    assert s.projects == []
    assert s.totals.received.total == 0
    assert s.totals.received_rate_pct is None
    assert s.village.name == "测试村"
    assert ledger.attention(AS_OF) == []


def test_late_pledge_shows_the_earliest_due_date_passed(db):
    # Two pledges to one project from one source: 1,000 元 due 4月30日 (passed, unpaid) and
    # 2,000 元 due 9月30日 (ahead). As of 6月30日 the line is 逾期 and names 4月30日, not 9月30日.
    c = records.add_contributor("赵六")
    p = records.add_project("屋场", "一组")
    records.add_pledge(p, c, "self_raised", 100_000, d(3, 1), due_date=d(4, 30))
    records.add_pledge(p, c, "self_raised", 200_000, d(3, 1), due_date=d(9, 30))
    (line,) = ledger.pledge_lines(d(6, 30))
    assert line.status == STATUS_OVERDUE
    assert line.overdue_fen == 100_000
    assert line.due_date == d(4, 30)
    (item,) = [a for a in ledger.attention(d(6, 30)) if a.kind == "late_pledge"]
    assert item.date == d(4, 30)
    # Before either date has passed, the line shows the next date ahead; once the first is paid,
    # the second.
    (early,) = ledger.pledge_lines(d(4, 1))
    assert early.status == STATUS_UNPAID and early.due_date == d(4, 30)
    records.add_receipt(p, c, "self_raised", 100_000, d(5, 1))
    (paid_first,) = ledger.pledge_lines(d(6, 30))
    assert paid_first.status == STATUS_PARTIAL and paid_first.due_date == d(9, 30)


# --- milestone state: one rule (in SQL, over the progress history), used by every reader -----------

ON = d(6, 15)  # the as-of date of the matrix
# (name, planned date, updates as (day, percent, done date typed)) -> (done by ON, percent counted, overdue)
MILESTONE_CASES = [
    ("未开始", None, [], (False, 0, False)),
    ("逾期一半", d(6, 1), [(d(5, 20), 50, None)], (False, 50, True)),
    ("未到期一半", d(6, 30), [(d(5, 20), 50, None)], (False, 50, False)),
    ("百分百无完成日", d(6, 1), [(d(6, 10), 100, None)], (True, 100, False)),  # done on the update's day
    ("百分百无计划", None, [(d(6, 10), 100, None)], (True, 100, False)),
    ("九十九", d(6, 1), [(d(6, 10), 99, None)], (False, 99, True)),
    ("早已完成", d(6, 1), [(d(6, 12), 0, d(6, 10))], (True, 100, False)),  # a done date sets 100%
    ("当天完成", d(6, 1), [(ON, 100, ON)], (True, 100, False)),
    # done after ON: as of ON it is what it was then
    ("之后完成", d(6, 1), [(d(6, 1), 60, None), (d(6, 20), 100, d(6, 20))], (False, 60, True)),
    ("之后才开始", None, [(d(6, 20), 40, None)], (False, 0, False)),
    ("当天到期", ON, [], (False, 0, False)),  # overdue only once the planned date has passed
]


@pytest.fixture
def matrix(db):
    p = records.add_project("节点屋场")
    for name, planned, updates, _ in MILESTONE_CASES:
        m = records.add_milestone(p, name, planned_date=planned, today=d(5, 1))
        for day, pct, done in updates:
            m = records.set_milestone_progress(m, pct, done, date=day)
    return p


def test_the_milestone_rule_reads_the_history_at_the_as_of_date(matrix):
    from peewee import Case

    from models import Milestone

    state = ledger.milestone_state_sql(ON)
    rows = Milestone.select(
        Milestone.name,
        Case(None, [(state.done, 1)], 0),
        state.percent,
        Case(None, [(state.overdue, 1)], 0),
    ).tuples()
    in_sql = {name: (bool(done), percent, bool(overdue)) for name, done, percent, overdue in rows}
    assert in_sql == {name: expected for name, _, _, expected in MILESTONE_CASES}


def test_setting_100_percent_marks_done_on_the_updates_day_and_a_done_date_sets_100(db):
    p = records.add_project("节点屋场")
    m = records.set_milestone_progress(records.add_milestone(p, "铺路"), 100, date=d(6, 10))
    assert (m.progress_pct, m.done_date) == (100, d(6, 10))
    typed = records.set_milestone_progress(records.add_milestone(p, "砌墙"), 30, d(6, 8), date=d(6, 10))
    assert (typed.progress_pct, typed.done_date) == (100, d(6, 8))
    from models import MilestoneProgress

    history = (
        MilestoneProgress.select()
        .where(MilestoneProgress.milestone == typed.id)
        .order_by(MilestoneProgress.id)
    )
    assert [(h.date, h.progress_pct, h.done_date) for h in history][-1] == (d(6, 8), 100, d(6, 8))


def test_every_reader_of_milestones_tells_the_same_state(matrix):
    from screens.widgets.sources import MilestoneSource
    from tracker import listings
    from tracker.i18n import t
    from tracker.reports import report_data

    expected = {name: expected for name, _, _, expected in MILESTONE_CASES}
    done = {n for n, (is_done, _, _) in expected.items() if is_done}
    overdue = {n for n, (_, _, late) in expected.items() if late}
    # the summary figures (dashboard, project overview, summary command, report's progress table)
    fig = ledger.summary(ON).project("节点屋场")
    assert (fig.milestones_done, fig.milestones_overdue, fig.milestones_total) == (
        len(done),
        len(overdue),
        len(MILESTONE_CASES),
    )
    assert fig.weighted_progress == sum(pct for _, pct, _ in expected.values())
    # the attention list (dashboard, 存在问题 of the report)
    assert {a.subject for a in ledger.attention(ON) if a.kind == "overdue_milestone"} == overdue
    # the listing rows (the project's milestone tab, the report's milestone table)
    rows = {r.name: r for r in listings.milestone_rows(ON)}
    assert {n: (r.done, r.progress_pct, r.overdue) for n, r in rows.items()} == expected
    # the state cell of the project's milestone tab
    source = MilestoneSource(matrix.id, ON)
    states = {r.name: source.cells(r)[-1].plain for r in rows.values()}
    assert {n for n, s in states.items() if s == t("ui.ms.done")} == done
    assert {n for n, s in states.items() if s == t("ui.ms.overdue")} == overdue
    # the report's milestone table and 存在问题
    report = report_data.build(ON)
    table = report.table("milestone")
    name_at, overdue_at = table.index("milestone"), table.index("overdue")
    late = {r.values[name_at] for r in table.rows if r.values[overdue_at]}
    assert late == overdue
    issues = report.table("progress").rows[0].values[report.table("progress").index("issues")]
    assert "百分百无完成日" not in issues and "逾期一半" in issues and "之后完成" in issues


def test_an_unpaid_pledge_without_a_due_date_needs_attention_after_the_villages_days(db):
    from models import Village

    p = records.add_project("P")
    old = records.add_contributor("梁老", "xiangxian")
    new = records.add_contributor("梁新", "xiangxian")
    paid = records.add_contributor("梁清", "xiangxian")
    records.add_pledge(p, old, "donation", 100_000, d(5, 1))  # 60 days before AS_OF
    records.add_pledge(p, new, "donation", 100_000, d(6, 10))  # 20 days before
    records.add_pledge(p, paid, "donation", 100_000, d(5, 1))
    records.add_receipt(p, paid, "donation", 100_000, d(5, 20))
    records.add_receipt(p, old, "donation", 40_000, d(5, 20))
    listed = [(a.kind, a.subject, a.date, a.amount_fen) for a in ledger.attention(AS_OF)]
    assert listed == [("open_pledge", "梁老", d(5, 1), 60_000)]
    Village.update(pledge_followup_days=10).execute()
    assert {a.subject for a in ledger.attention(AS_OF)} == {"梁老", "梁新"}
