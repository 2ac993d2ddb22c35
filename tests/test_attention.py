"""The attention list (overdue milestones, late pledges, overspent projects), filtered in SQL.

Each case compares ``ledger.attention`` with a plain Python computation over every record of
the same ledger, so moving the rules into SQL cannot have changed what the cadre is shown.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

import pendulum
import pytest
from textual.widgets import OptionList, Static

from models import Contributor, Expense, Milestone, MilestoneProgress, Pledge, Project, Receipt
from tracker import ledger, records

TODAY = pendulum.date(2026, 11, 28)


def d(month: int, day: int) -> pendulum.Date:
    return pendulum.date(2026, month, day)


def plain_state(m: Milestone, as_of: pendulum.Date) -> SimpleNamespace:
    """A milestone's state by hand: its latest progress update dated on or before the day."""
    history = sorted(
        (h.date, h.id, h.progress_pct)
        for h in MilestoneProgress.select().where(MilestoneProgress.milestone == m.id)
    )
    percents = [pct for day, _, pct in history if day <= as_of]
    percent = percents[-1] if percents else 0
    done = percent >= 100
    overdue = m.planned_date is not None and m.planned_date < as_of and not done
    return SimpleNamespace(done=done, percent=percent, overdue=overdue)


def plain_attention(as_of: pendulum.Date, project_id: int | None = None) -> list[tuple]:
    """The list by hand: every record read, the rules applied one by one in Python."""
    projects = {p.id: p for p in Project.select()}
    wanted = [pid for pid in sorted(projects) if project_id in (None, pid)]
    items = []

    late_milestones = [
        m for m in Milestone.select() if m.project_id in wanted and plain_state(m, as_of).overdue
    ]
    for m in sorted(late_milestones, key=lambda m: (m.planned_date, m.id)):
        items.append(
            ("overdue_milestone", m.project_id, projects[m.project_id].name, m.name, m.planned_date, 0)
        )

    lines: dict[tuple, dict] = defaultdict(lambda: {"pledged": 0, "received": 0, "due": 0, "passed": None})
    for p in Pledge.select():
        if p.project_id in wanted and p.date <= as_of:
            line = lines[(p.contributor_id, p.project_id, p.source)]
            line["pledged"] += p.amount_fen
            if p.due_date is not None and p.due_date < as_of:
                line["due"] += p.amount_fen
                line["passed"] = min(filter(None, [line["passed"], p.due_date]))
    for r in Receipt.select():
        key = (r.contributor_id, r.project_id, r.source)
        if r.project_id in wanted and r.date <= as_of and key in lines:
            lines[key]["received"] += r.amount_fen
    names = {c.id: c.name for c in Contributor.select()}
    late = [
        (key, line)
        for key, line in lines.items()
        if line["pledged"] > 0 and line["received"] < line["pledged"] and line["due"] > line["received"]
    ]
    late.sort(key=lambda kl: (kl[0][1], names[kl[0][0]], kl[0][0], kl[0][2]))
    for (cid, pid, _source), line in late:
        items.append(
            (
                "late_pledge",
                pid,
                projects[pid].name,
                names[cid],
                line["passed"],
                line["due"] - line["received"],
            )
        )

    for pid in wanted:
        spent = sum(e.amount_fen for e in Expense.select() if e.project_id == pid and e.date <= as_of)
        got = sum(r.amount_fen for r in Receipt.select() if r.project_id == pid and r.date <= as_of)
        if spent > got:
            items.append(("overspent", pid, projects[pid].name, "", None, spent - got))
    return items


def as_tuples(items: list[ledger.Attention]) -> list[tuple]:
    return [(a.kind, a.project_id, a.project, a.subject, a.date, a.amount_fen) for a in items]


@pytest.fixture
def tricky(db):
    """A small ledger with the cases that trip a rule up: reversals, a namesake, a receipt
    without a pledge, a milestone done after the as-of date, one without a planned date."""
    up = records.add_project("上屋场", "一组", budget_fen=10_000_000)
    down = records.add_project("下屋场", "二组")
    # Two villagers of one name, in two households: two contributors.
    wang1 = records.add_contributor("王建国", person=records.add_person("王建国", "一组", "王家"))
    wang2 = records.add_contributor("王建国", person=records.add_person("王建国", "二组", "王二家"))
    li, firm = records.add_contributor("李四"), records.add_contributor("兴旺公司", "enterprise")
    records.add_pledge(up, wang1, "self_raised", 100_000, d(2, 1), due_date=d(4, 30))
    records.add_pledge(up, wang2, "self_raised", 50_000, d(2, 1), due_date=d(3, 31))
    records.add_pledge(up, wang2, "self_raised", 70_000, d(2, 1), due_date=d(12, 31))  # not yet due
    records.add_receipt(up, wang2, "self_raised", 20_000, d(5, 1))
    wrong = records.add_pledge(up, li, "donation", 900_000, d(2, 1), due_date=d(3, 1))
    records.reverse(wrong, "录错了", d(2, 2))
    records.add_pledge(down, firm, "donation", 300_000, d(3, 1), due_date=d(6, 30))
    records.add_receipt(down, firm, "donation", 300_000, d(12, 1))  # paid after the as-of date
    records.add_receipt(down, li, "government", 40_000, d(3, 1))  # received with no pledge
    records.add_expense(down, "水泥", 200_000, d(4, 1))
    records.add_expense(up, "设计费", 10_000, d(4, 1))
    records.add_milestone(up, "规划设计", planned_date=d(3, 1), done_date=d(3, 5), progress_pct=100)
    records.add_milestone(up, "三清三拆", planned_date=d(5, 1), done_date=d(11, 20), progress_pct=100)
    records.add_milestone(up, "五美庭院", planned_date=d(6, 1), progress_pct=60)
    records.add_milestone(down, "道路硬化", progress_pct=10)  # no planned date: never overdue
    records.add_milestone(down, "改厕", planned_date=d(9, 1), progress_pct=0)
    records.add_milestone(down, "拆旧房", planned_date=d(4, 1), progress_pct=100)  # 100%, no done date
    return up, down


@pytest.mark.parametrize("as_of", [d(3, 15), d(7, 1), d(11, 28), d(12, 31)])
def test_attention_is_what_a_plain_computation_gives(tricky, as_of):
    expected = plain_attention(as_of)
    assert as_tuples(ledger.attention(as_of)) == expected
    for project in tricky:
        assert as_tuples(ledger.attention(as_of, project.id)) == plain_attention(as_of, project.id)


def test_attention_covers_every_kind_in_the_tricky_ledger(tricky):
    kinds = {item[0] for item in plain_attention(d(11, 28))}
    assert kinds == {"overdue_milestone", "late_pledge", "overspent"}
    subjects = [item[3] for item in plain_attention(d(11, 28)) if item[0] == "late_pledge"]
    assert subjects.count("王建国") == 2  # two contributors of one name are two lines


@pytest.mark.parametrize("as_of", [d(6, 1), TODAY])
def test_demo_attention_is_what_a_plain_computation_gives(demo_db, as_of):
    assert as_tuples(ledger.attention(as_of)) == plain_attention(as_of)


@pytest.mark.parametrize("as_of", [d(3, 15), d(7, 1), d(11, 28), d(12, 31)])
def test_summary_counts_milestones_by_the_one_rule(tricky, as_of):
    """The summary's SQL text of the milestone rule gives what ledger.milestone_state gives."""
    for fig in ledger.summary(as_of).projects:
        states = [
            (m.weight, plain_state(m, as_of)) for m in Milestone.select().where(Milestone.project == fig.id)
        ]
        assert fig.milestones_done == sum(s.done for _, s in states)
        assert fig.milestones_overdue == sum(s.overdue for _, s in states)
        assert fig.weighted_progress == sum(w * s.percent for w, s in states)


def test_pages_put_together_are_the_whole_list_with_its_count(tricky):
    whole = ledger.attention(TODAY)
    assert len(whole) >= 4
    pages = [ledger.attention_page(TODAY, offset=o, limit=3) for o in range(0, len(whole) + 3, 3)]
    assert [a for page in pages for a in page.items] == whole
    assert {page.total for page in pages} == {len(whole)}
    assert pages[-1].items == []


@pytest.fixture
def crowded(db):
    """A village with 63 things needing attention: 60 overdue milestones and 3 late pledges."""
    project = records.add_project("大屋场", "一组")
    for i in range(60):
        records.add_milestone(project, f"节点{i:02d}", planned_date=d(1 + i % 10, 1 + i % 28))
    for name in ("赵一", "钱二", "孙三"):
        giver = records.add_contributor(name)
        records.add_pledge(project, giver, "self_raised", 100_000, d(1, 1), due_date=d(2, 1))
    return project


@pytest.mark.ui
async def test_dashboard_shows_fifty_items_with_the_count_and_pages_through_the_rest(crowded, db_path):
    from screens.app import make_app
    from screens.dashboard import DashboardScreen

    whole = ledger.attention(TODAY)
    assert len(whole) == 63 and as_tuples(whole) == plain_attention(TODAY)

    def shown(pilot) -> list[str]:
        options = pilot.app.screen.query_one("#attention", OptionList)
        return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

    async def settle(pilot) -> None:
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    async with make_app(db_path, today=TODAY).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        first = shown(pilot)
        assert len(first) == 50
        assert "节点" in first[0] and whole[0].subject in first[0]
        title = str(pilot.app.screen.query_one("#attention-title", Static).content)
        assert "63" in title and "1–50" in title
        await pilot.press("right_square_bracket")
        await settle(pilot)
        rest = shown(pilot)
        assert len(rest) == 13
        assert [whole[50].subject in rest[0], whole[62].subject in rest[-1]] == [True, True]
        assert "51–63" in str(pilot.app.screen.query_one("#attention-title", Static).content)
        await pilot.press("right_square_bracket")  # no page after the last
        await settle(pilot)
        assert len(shown(pilot)) == 13
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert shown(pilot) == first
