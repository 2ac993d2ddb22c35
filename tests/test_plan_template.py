""" "Copy our model": a project's plan written as a workbook that another village imports."""

from __future__ import annotations

import openpyxl
import pendulum
import pytest

from models import Milestone, Person, Pledge, Project, Receipt, close_database, open_database
from tracker import records
from tracker.cli import main
from tracker.importer import ImportProblems, import_workbook

D = pendulum.date


@pytest.fixture
def plan_file(db, tmp_path, capsys):
    project = records.add_project(
        "桐梓组秀美屋场",
        "桐梓组",
        budget_fen=80_000_000,
        start_date=D(2026, 3, 1),
        planned_end=D(2026, 12, 31),
    )
    records.add_milestone(
        project, "拆除旱厕", weight=1, planned_date=D(2026, 3, 31), done_date=D(2026, 3, 28)
    )
    records.add_milestone(project, "道路硬化", weight=3, planned_date=D(2026, 6, 29))
    villager = records.add_person("梁湘江", "桐梓组", phone="13800000000")
    donor = records.contributor_of(villager)
    records.add_receipt(project, donor, "self_raised", 20_000_00, D(2026, 4, 1))
    gov = records.add_contributor("涟源市财政局", "government")
    records.add_receipt(project, gov, "government", 60_000_00, D(2026, 4, 2))
    path = tmp_path / "plan.xlsx"
    db_file = db.database
    close_database()
    assert main(["--db", db_file, "template", "--from-project", "桐梓组秀美屋场", "-o", str(path)]) == 0
    assert "桐梓组秀美屋场" in capsys.readouterr().out
    return path


def _cells(path) -> list[object]:
    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_the_plan_holds_milestones_offsets_budget_and_shares_but_no_people_or_money(plan_file):
    wb = openpyxl.load_workbook(plan_file)
    assert {"项目", "节点", "资金计划"} <= set(wb.sheetnames)
    milestones = {r[2]: (r[3], r[-1]) for r in wb["节点"].iter_rows(min_row=2, values_only=True)}
    assert milestones == {"拆除旱厕": (1, 30), "道路硬化": (3, 120)}  # weight, days after the start
    head = [c.value for c in wb["项目"][1]]
    row = dict(zip(head, [c.value for c in wb["项目"][2]], strict=True))
    assert row["预算(元)"] == 800000 and row["项目名称*"] == "桐梓组秀美屋场"
    assert row["工期(天)"] == 305 and row["开工日期"] is None
    shares = {r[0]: r[1] for r in wb["资金计划"].iter_rows(min_row=2, values_only=True)}
    assert shares["群众自筹"] == 25.0 and shares["项目资金"] == 75.0
    text = " ".join(map(str, _cells(plan_file)))
    assert "梁湘江" not in text and "13800000000" not in text and "财政局" not in text


def test_a_neighbouring_village_imports_it_dated_from_its_own_start(plan_file, tmp_path):
    wb = openpyxl.load_workbook(plan_file)
    ws = wb["项目"]
    head = [c.value for c in ws[1]]
    ws.cell(row=2, column=head.index("开工日期") + 1, value=pendulum.datetime(2027, 3, 10).naive())
    wb.save(plan_file)

    open_database(tmp_path / "neighbour.db")
    records.create_village("白竹村", "白马镇", "涟源市")
    import_workbook(plan_file, today=D(2027, 3, 1))
    project = Project.get(Project.name == "桐梓组秀美屋场")
    assert project.start_date == D(2027, 3, 10) and project.planned_end == D(2028, 1, 9)
    assert project.budget_fen == 80_000_000
    dated = {m.name: (m.weight, m.planned_date, m.done_date) for m in Milestone.select()}
    assert dated == {"拆除旱厕": (1, D(2027, 4, 9), None), "道路硬化": (3, D(2027, 7, 8), None)}
    assert Person.select().count() == 0 and Pledge.select().count() == 0 and Receipt.select().count() == 0


def test_without_a_start_date_the_import_says_what_to_fill_in(plan_file, tmp_path):
    open_database(tmp_path / "neighbour.db")
    records.create_village("白竹村", "白马镇", "涟源市")
    with pytest.raises(ImportProblems) as exc:
        import_workbook(plan_file, today=D(2027, 3, 1))
    assert "开工日期" in exc.value.problems[0].message("zh")
    assert Project.select().count() == 0
