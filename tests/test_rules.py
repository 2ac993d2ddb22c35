"""The rules of the records (tracker/rules.py), on the tracker's own functions: what every entry
path (form, CLI, import, demo) is refused with, field by field, and what it may write."""

from __future__ import annotations

import re
from pathlib import Path

import pendulum
import pytest

from models import Contributor, Milestone, Person, Project, Receipt
from tracker import field_parsers, i18n, records, rules
from tracker.errors import FieldError, ValidationError

TODAY = pendulum.date(2026, 11, 28)  # tests/conftest.py pins it


def d(month: int, day: int) -> pendulum.Date:
    return pendulum.date(2026, month, day)


def refused(call, *args, **kwargs) -> dict[str, str]:
    """The messages by field a call is refused with (what a form shows beside each field)."""
    with pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    return exc.value.by_field()


@pytest.fixture
def project(db) -> Project:
    return records.add_project("上屋场", "一组", start_date=d(3, 1))


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("王建国", " 王建国 "),
        ("王建国", "王 建国"),
        ("王建国", "王\u3000建国"),  # a full-width space
        ("梁建国（长沙）", "梁建国(长沙)"),
        ("梁建国（长沙）", "梁建国 (长沙)"),
        ("ＡＢＣ建材公司", "abc建材公司"),
        ("Hunan  Stone Co", "hunan stone co"),
    ],
)
def test_names_that_are_the_same(a, b):
    assert rules.name_key(a) == rules.name_key(b)


@pytest.mark.parametrize(("a", "b"), [("王建国", "王建华"), ("Hunan Stone", "HunanStone"), ("一组", "二组")])
def test_names_that_differ(a, b):
    assert rules.name_key(a) != rules.name_key(b)


def test_a_name_is_stored_trimmed_not_folded(db):
    c = records.add_contributor("  梁建国（长沙）  ", "xiangxian")
    assert c.name == "梁建国（长沙）"


# --- projects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["上屋场", " 上屋场", "上 屋场", "上\u3000屋场"])
def test_a_project_name_is_unique_in_the_village(project, typed):
    assert refused(records.add_project, typed) == {"name": i18n.t("error.project_exists", text="上屋场")}
    assert Project.select().count() == 1


def test_renaming_a_project_onto_another_is_refused_onto_itself_is_not(project):
    other = records.add_project("下屋场")
    assert refused(records.update, other, name="上 屋场") == {
        "name": i18n.t("error.project_exists", text="上屋场")
    }
    assert records.update(project, name="上屋场", leader="梁旦").leader == "梁旦"
    assert Project.get_by_id(other.id).name == "下屋场"


def test_uniqueness_is_scoped_by_the_one_village_helper(project, monkeypatch):
    """Names are unique within what ``in_the_village`` selects; today that is the whole database."""
    assert Project.select().where(rules.in_the_village(Project)).count() == Project.select().count()
    assert [e.field for e in rules.problems(Project(name="上屋场"))] == ["name"]
    monkeypatch.setattr(rules, "in_the_village", lambda model: model.id.is_null())  # another village
    assert rules.problems(Project(name="上屋场")) == []


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [(d(3, 1), d(2, 28), False), (d(3, 1), d(3, 1), True), (d(3, 1), None, True), (None, d(1, 1), True)],
)
def test_a_planned_end_not_before_the_start(db, start, end, ok):
    add = lambda: records.add_project("新屋场", start_date=start, planned_end=end)  # noqa: E731
    if ok:
        assert add().planned_end == end
    else:
        assert refused(add) == {"planned_end": i18n.t("error.end_before_start")}


def test_an_edit_keeps_the_end_after_the_start(project):
    assert refused(records.update, project, planned_end=d(2, 1)) == {
        "planned_end": i18n.t("error.end_before_start")
    }
    assert Project.get_by_id(project.id).planned_end is None


def test_several_wrong_fields_of_a_project_together(project):
    errors = refused(records.add_project, " 上屋场 ", budget_fen=-1, status="done", households=-2)
    assert set(errors) == {"name", "budget", "status", "households"}


# --- contributors: organisations by name, villagers by person -----------------------------------


@pytest.mark.parametrize("typed", ["白马镇人民政府", "白马镇 人民政府", " 白马镇人民政府 "])
def test_an_organisation_is_unique_by_name(db, typed):
    records.add_contributor("白马镇人民政府", "government")
    assert refused(records.add_contributor, typed, "collective") == {
        "contributor": i18n.t("error.contributor_exists", text="白马镇人民政府")
    }
    assert Contributor.select().count() == 1


def test_two_villagers_of_one_name_are_two_contributors_one_villager_is_one(db):
    east = records.add_person("王建国", "一组", "一组03户")
    west = records.add_person("王建国", "二组", "二组11户")
    a = records.add_contributor("王建国", person=east)
    b = records.add_contributor("王建国", person=west)
    assert a.id != b.id
    assert refused(records.add_contributor, "王建国", person=east) == {
        "person": i18n.t("error.villager_contributor_exists", text="王建国", name="王建国")
    }
    assert records.contributor_of(east).id == a.id  # found by the person, never by the name
    assert refused(records.update, b, person=east) == {
        "person": i18n.t("error.villager_contributor_exists", text="王建国", name="王建国")
    }


def test_renaming_an_organisation_onto_another_is_refused(db):
    records.add_contributor("涟源市农业农村局", "government")
    other = records.add_contributor("白马镇人民政府", "government")
    assert refused(records.update, other, name="涟源市 农业农村局") == {
        "contributor": i18n.t("error.contributor_exists", text="涟源市农业农村局")
    }


def test_a_name_that_means_one_contributor(db):
    head = records.add_person("梁湘江", "桐梓组", "桐梓组01户", is_household_head=True)
    linked = records.contributor_for("梁湘江")
    assert (linked.person_id, linked.kind) == (head.id, "person")
    assert records.contributor_for(" 梁湘江 ").id == linked.id  # found again, not duplicated
    assert records.contributor_named("梁 湘江").id == linked.id
    org = records.contributor_for("湘中建材公司", "enterprise")
    assert (org.kind, org.person_id) == ("enterprise", None)
    assert records.contributor_for("湘中 建材公司", "person").id == org.id
    assert records.contributor_named("不认识的人") is None
    assert Contributor.select().count() == 2


def test_a_name_that_may_mean_several_villagers_is_never_picked(db):
    records.add_person("王建国", "一组", "一组03户")
    west = records.add_person("王建国", "二组", "")
    records.add_contributor("王建国", person=west)
    who = "王建国（一组03户）、王建国（二组）"
    expected = i18n.t("error.contributor_namesake", text="王建国", n=2, who=who)
    assert refused(records.contributor_for, "王建国") == {"contributor": expected}
    assert refused(records.contributor_named, "王 建国") == {
        "contributor": i18n.t("error.contributor_namesake", text="王 建国", n=2, who=who)
    }
    assert Contributor.select().count() == 1


def test_an_outside_contributor_and_a_villager_of_one_name_are_both_meant(db):
    records.add_contributor("王建国", "xiangxian")  # a native living away
    records.add_person("王建国", "一组", "一组03户")
    assert set(refused(records.contributor_for, "王建国")) == {"contributor"}


def test_the_demo_gives_every_villager_one_contributor(demo_db):
    linked = Contributor.select().where(Contributor.person.is_null(False))
    assert linked.count() == len({c.person_id for c in linked})


# --- milestones ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["古树保护", "古树 保护", "古树保护 "])
def test_a_milestone_name_is_unique_in_its_project(project, typed):
    records.add_milestone(project, "古树保护")
    assert refused(records.add_milestone, project, typed) == {
        "name": i18n.t("error.milestone_exists", text="古树保护")
    }
    other = records.add_project("下屋场")
    assert records.add_milestone(other, typed).project_id == other.id  # another project's is fine


def test_renaming_a_milestone_onto_another_is_refused(project):
    records.add_milestone(project, "古树保护")
    m = records.add_milestone(project, "五美庭院")
    assert refused(records.update, m, name="古树保护") == {
        "name": i18n.t("error.milestone_exists", text="古树保护")
    }
    assert records.update(m, name="五美庭院", weight=5).weight == 5  # its own name is fine


@pytest.mark.parametrize(
    ("done", "ok"), [(TODAY, True), (TODAY.subtract(days=1), True), (TODAY.add(days=1), False)]
)
def test_a_done_date_not_in_the_future(project, done, ok):
    m = records.add_milestone(project, "路灯")
    calls = [
        lambda: records.add_milestone(project, "绿化", done_date=done),
        lambda: records.set_milestone_progress(m, 50, done),
        lambda: records.update(m, done_date=done),
    ]
    for call in calls:
        if ok:
            assert call().done_date == done
        else:
            assert refused(call) == {"done_date": i18n.t("error.done_future")}


def test_the_done_date_is_judged_against_the_day_given(project):
    later = TODAY.add(days=10)
    m = records.add_milestone(project, "路灯", done_date=later, today=later)
    assert m.done_date == later


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"progress_pct": 101}, "progress_pct"),
        ({"progress_pct": -1}, "progress_pct"),
        ({"weight": -1}, "weight"),
        ({"name": " "}, "name"),
    ],
)
def test_milestone_fields(project, kwargs, field):
    fields = {"name": "路灯", **kwargs}
    assert set(refused(lambda: records.add_milestone(project, **fields))) == {field}


def test_a_done_milestone_is_stored_at_100(project):
    m = records.add_milestone(project, "路灯", progress_pct=30, done_date=d(4, 20))
    assert m.progress_pct == 100
    m = records.update(records.add_milestone(project, "绿化", progress_pct=30), done_date=d(5, 1))
    assert Milestone.get_by_id(m.id).progress_pct == 100


# --- money --------------------------------------------------------------------------------------
# What a typed field reads as (tracker/field_parsers.py) and what the record then must keep
# (tracker/rules.py): the matrix the receipt form once typed key by key.


@pytest.mark.parametrize(
    ("parse", "typed", "key", "kwargs"),
    [
        (field_parsers.amount, "", "error.required", {}),
        (field_parsers.amount, "一千", "error.amount.format", {"text": "一千"}),
        (field_parsers.amount, "-300", "error.amount.negative", {"text": "-300"}),
        (field_parsers.date, "明天", "error.date.format", {"text": "明天"}),
        (field_parsers.date, "2026-13-45", "error.date.invalid", {"text": "2026-13-45"}),
        (field_parsers.source, "外资", "error.source", {"text": "外资"}),
        (lambda v, f: field_parsers.text(v, f, required=True), "", "error.required", {}),
    ],
    ids=["amount-empty", "amount-words", "amount-negative", "date-words", "date-unreal", "source", "name"],
)
def test_a_typed_field_that_does_not_read(parse, typed, key, kwargs):
    with pytest.raises(FieldError) as exc:
        parse(typed, "x")
    assert exc.value.key == key
    for name, value in kwargs.items():
        assert exc.value.kwargs[name] == value


@pytest.fixture
def giver(project) -> Contributor:
    return records.add_contributor("张三")


def test_an_amount_above_zero(project, giver):
    assert refused(records.add_receipt, project, giver, "donation", 0, d(3, 1)) == {
        "amount": i18n.t("error.amount.zero")
    }
    assert set(refused(records.add_expense, project, "水泥", -5, d(3, 1))) == {"amount"}


def test_a_voucher_used_by_a_live_receipt(project, giver):
    records.add_receipt(project, giver, "donation", 100, d(3, 1), voucher="TB-1")
    assert refused(records.add_receipt, project, giver, "donation", 100, d(3, 2), voucher=" TB-1 ") == {
        "voucher": i18n.t("error.voucher_taken", text="TB-1", next="CS2026-001")  # 测试村: CS
    }
    assert Receipt.select().count() == 1


def test_a_pledge_due_before_its_date(project, giver):
    assert refused(records.add_pledge, project, giver, "donation", 100, d(6, 1), due_date=d(5, 1)) == {
        "due_date": i18n.t("error.due_before_date")
    }


def test_a_reversal_keeps_no_money_rule_of_a_new_entry(project, giver):
    """A reversal carries a negative amount and frees the voucher: it is not a new entry."""
    receipt = records.add_receipt(project, giver, "donation", 100, d(3, 1), voucher="TB-1")
    assert records.reverse(receipt, "录错", d(3, 2)).amount_fen == -100


# --- one rule, every path -----------------------------------------------------------------------


def test_what_a_form_asks_first_is_what_writing_refuses(project):
    """A form asks ``rules.problems`` about its unsaved record; records raises the same."""
    records.add_milestone(project, "古树保护")
    candidate = Milestone(project=project.id, name="古树 保护", done_date=TODAY.add(days=1))
    asked = {e.field: e.message() for e in rules.problems(candidate)}
    assert asked == refused(records.add_milestone, project, "古树 保护", done_date=TODAY.add(days=1))


def test_every_rule_has_a_message_in_both_languages():
    missing = i18n.missing_keys()
    assert {k for k in missing["en"] | missing["zh"] if k.startswith("error.")} == set()


def test_screens_run_no_query_of_their_own():
    """Rules and the data a screen shows come from tracker functions, never a query in screens/."""
    root = Path(__file__).resolve().parents[1] / "screens"
    found = [
        f"{path.relative_to(root.parent)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.(select|where)\(", line)
    ]
    assert found == []


def test_people_and_contributors_need_a_name(db):
    assert refused(records.add_person, "  ") == {"person": i18n.t("error.required")}
    assert set(refused(records.add_contributor, "某公司", "company")) == {"kind"}
    assert Person.select().count() == Contributor.select().count() == 0


# --- the import meets the same rules ------------------------------------------------------------


def _book(path: Path, sheet: str, head: list[str], *rows: list) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet
    book.active.append(head)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _import_problems(path: Path) -> list[str]:
    from tracker.importer import ImportProblems, import_workbook

    with pytest.raises(ImportProblems) as exc:
        import_workbook(path)
    return [p.message() for p in exc.value.problems]


def test_the_import_refuses_a_project_ending_before_it_starts(db, tmp_path):
    head = ["项目名称", "开工日期", "计划完工日期"]
    book = _book(tmp_path / "p.xlsx", "项目", head, ["新屋场", "2026-05-01", "2026-04-01"])
    assert _import_problems(book) == [f"项目，第2行，计划完工日期：{i18n.t('error.end_before_start')}"]
    assert Project.select().count() == 0


def test_the_import_takes_two_spellings_of_one_milestone_as_the_same_name_twice(project, tmp_path):
    head = ["项目名称", "节点名称"]
    book = _book(tmp_path / "m.xlsx", "节点", head, ["上屋场", "古树保护"], ["上屋场", "古树 保护"])
    assert _import_problems(book) == [
        f"节点，第3行，节点名称：{i18n.t('import.twice', text='古树 保护', row=2)}"
    ]
    assert Milestone.select().count() == 0


def test_the_import_refuses_a_done_date_in_the_future_on_an_update_too(project, tmp_path):
    records.add_milestone(project, "古树保护", progress_pct=40)
    head = ["项目名称", "节点名称", "实际完成日期"]
    book = _book(tmp_path / "m.xlsx", "节点", head, ["上屋场", "古树保护", "2026-12-25"])
    assert _import_problems(book) == [f"节点，第2行，实际完成日期：{i18n.t('error.done_future')}"]


def test_the_import_names_an_ambiguous_villager_on_every_row(project, tmp_path):
    records.add_person("王建国", "一组", "一组03户")
    records.add_person("王建国", "二组", "二组11户")
    head = ["日期", "姓名/单位", "资金来源", "项目名称", "金额(元)"]
    rows = [["2026-05-01", "王建国", "群众自筹", "上屋场", 100 + i] for i in range(2)]
    book = _book(tmp_path / "r.xlsx", "到账", head, *rows)
    who = "王建国（一组03户）、王建国（二组11户）"
    message = i18n.t("error.contributor_namesake", text="王建国", n=2, who=who)
    assert _import_problems(book) == [f"到账，第{n}行，姓名/单位：{message}" for n in (2, 3)]
    assert Contributor.select().count() == Receipt.select().count() == 0


@pytest.mark.parametrize("typed", ["1.5万", "3000", "¥300", "wjg", "#N/A", "#REF!", "#VALUE!", "3,000元"])
def test_what_is_not_a_name_is_refused_for_contributors_and_villagers(db, typed):
    assert set(refused(records.add_contributor, typed, "xiangxian")) == {"contributor"}
    assert set(refused(records.contributor_for, typed)) == {"contributor"}
    assert set(refused(records.add_person, typed, "一组")) == {"person"}
    assert Contributor.select().count() == Person.select().count() == 0


@pytest.mark.parametrize("name", ["王建国", "新化县宏达建材有限公司", "王建国2", "ABC建材公司"])
def test_names_with_chinese_are_names(db, name):
    assert records.add_contributor(name, "enterprise").name == name


def test_a_receipt_left_without_a_number_gets_the_next_of_the_village(project, giver):
    first = records.add_receipt(project, giver, "donation", 100, d(3, 1))
    typed = records.add_receipt(project, giver, "donation", 100, d(3, 1), voucher="CS2026-007")
    records.reverse(typed, "录错", d(3, 2))
    after = records.add_receipt(project, giver, "donation", 100, d(3, 3))
    next_year = records.add_receipt(project, giver, "donation", 100, pendulum.date(2027, 1, 5))
    # a reversed receipt's number is never given again; the corrected entry may keep it when typed
    assert (first.voucher, after.voucher, next_year.voucher) == ("CS2026-001", "CS2026-008", "CS2027-001")
    assert records.add_receipt(project, giver, "donation", 100, d(3, 3), voucher="CS2026-007").voucher
