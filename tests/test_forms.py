"""The record forms, driven through the Pilot: what lands in the database, and what does not.

Each test runs the real form on a small host app; one test goes through the real app as well.
The rules themselves are tested on the tracker's functions (tests/test_rules.py); here each form
shows that an error lands beside its field and nothing is written. Fields are filled directly
(``fill``) unless typing itself is what a test is about (pinyin suggestions, Enter, Escape).
"""

from __future__ import annotations

import pendulum
import pytest
from textual.app import App
from textual.widgets import Input, Label, Select

from models import (
    MODELS,
    AuditLog,
    Contributor,
    Expense,
    InKind,
    LabourEntry,
    Milestone,
    Person,
    Pledge,
    ProgressNote,
    Project,
    Receipt,
)
from tracker import i18n, prefs, records
from tracker.demo import MAIN

pytestmark = pytest.mark.ui

NOT_SET = object()
SIZE = (120, 40)


class Host(App):
    """Pushes one screen on start and keeps what it dismissed with."""

    def __init__(self, make) -> None:
        super().__init__()
        self._make = make
        self.result = NOT_SET

    def on_mount(self) -> None:
        self.push_screen(self._make(), callback=self._done)

    def _done(self, value) -> None:
        self.result = value


async def type_in(pilot, selector: str, text: str) -> None:
    """Click a field, clear it and type ``text`` key by key, as a cadre would."""
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_visible(animate=False)
    await pilot.pause()
    await pilot.click(widget)
    await pilot.press("end", "ctrl+u", *["space" if ch == " " else ch for ch in text])
    await pilot.pause()


async def fill(pilot, **texts: str) -> None:
    """Set fields' text directly, one after the other, as a paste would (no key is typed)."""
    for name, text in texts.items():
        widget = pilot.app.screen.query_one(f"#f-{name}")
        if isinstance(widget, Select):  # the source: chosen in its dropdown by the label shown
            labels = {
                label.plain if hasattr(label, "plain") else str(label): v for label, v in widget._options
            }
            widget.value = labels[text]
        else:
            widget.value = text
        await pilot.pause()  # the form reacts (a contributor's hint, its usual source) before the next


async def choose(pilot, selector: str, value) -> None:
    pilot.app.screen.query_one(selector, Select).value = value
    await pilot.pause()


async def save(pilot) -> list[str]:
    """ctrl+s, then y to each question the form asks (a date far from today, a new contributor);
    returns the questions asked."""
    from screens.forms.confirm import Confirm

    await pilot.press("ctrl+s")
    await pilot.pause()
    asked: list[str] = []
    while isinstance(pilot.app.screen, Confirm):
        asked += pilot.app.screen.questions
        await pilot.press("y")
        await pilot.pause()
    return asked


def shown_error(form, field: str) -> str:
    """The message under a field as the user sees it ("" when none is shown)."""
    label = form.query_one(f"#e-{field}", Label)
    return str(label.content) if label.display and label.has_class("error") else ""


def counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in MODELS}


def audit_of(instance) -> list[AuditLog]:
    return list(AuditLog.select().where(AuditLog.record_uuid == instance.uuid))


@pytest.fixture
def main_id(demo_db) -> int:
    return Project.get(Project.name == MAIN).id


def form_host(kind: str, project_id: int | None = None, initial: dict | None = None) -> Host:
    from screens.forms import FORMS

    return Host(lambda: FORMS[kind](project_id, initial=initial))


# --- a valid entry of every form lands with its audit row ---------------------------------------


async def test_pledge_with_contributor_picked_by_pinyin(main_id):
    app = form_host("pledge", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-contributor", "lxj")
        await pilot.press("enter")  # takes the highlighted suggestion: 梁湘江
        await pilot.pause()
        assert app.screen.query_one("#f-contributor").value == "梁湘江"
        await fill(pilot, amount="1.2万", date="5/26", due_date="2026年6月30日")
        await save(pilot)
    pledge = app.result
    assert isinstance(pledge, Pledge)
    stored = Pledge.get_by_id(pledge.id)
    assert stored.contributor.name == "梁湘江"
    assert stored.amount_fen == 1_200_000
    assert stored.source == "donation"  # a 乡贤's money defaults to 社会捐赠
    assert (stored.date, stored.due_date) == (pendulum.date(2026, 5, 26), pendulum.date(2026, 6, 30))
    assert stored.project_id == main_id
    assert [a.action for a in audit_of(stored)] == ["create"]


async def test_receipt_creates_a_new_contributor_on_the_spot(main_id):
    before = counts()
    app = form_host("receipt", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="长沙湘乡商会")
        form = app.screen
        assert form.query_one("#row-kind").display  # a new name asks for its kind
        await choose(pilot, "#f-kind", "enterprise")
        await fill(pilot, source="社会捐赠", amount="3,000", voucher="TB2026-900")
        await save(pilot)
    receipt = app.result
    assert isinstance(receipt, Receipt)
    stored = Receipt.get_by_id(receipt.id)
    assert (stored.amount_fen, stored.source, stored.voucher) == (300_000, "donation", "TB2026-900")
    assert stored.date == pendulum.date(2026, 11, 28)  # today's date is the default
    assert (stored.contributor.name, stored.contributor.kind) == ("长沙湘乡商会", "enterprise")
    assert counts()["Contributor"] == before["Contributor"] + 1
    assert [a.action for a in audit_of(stored)] == ["create"]
    assert [a.action for a in audit_of(stored.contributor)] == ["create"]


async def test_in_kind_gift(main_id):
    app = form_host("in_kind", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="梁湘江", source="社会捐赠", item="水泥", quantity="10", unit="吨")
        await fill(pilot, amount="4,500")
        await save(pilot)
    gift = InKind.get_by_id(app.result.id)
    assert (gift.item, gift.quantity, gift.unit, gift.amount_fen) == ("水泥", "10", "吨", 450_000)
    assert gift.contributor.name == "梁湘江"
    assert [a.action for a in audit_of(gift)] == ["create"]


async def test_expense(main_id):
    app = form_host("expense", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, item="路灯维修", amount="¥1,280.50", date="11月20日", payee="白马镇电器店")
        await fill(pilot, voucher="ZC-200")
        await save(pilot)
    expense = Expense.get_by_id(app.result.id)
    assert (expense.item, expense.amount_fen, expense.payee, expense.voucher) == (
        "路灯维修",
        128_050,
        "白马镇电器店",
        "ZC-200",
    )
    assert expense.date == pendulum.date(2026, 11, 20)
    assert [a.action for a in audit_of(expense)] == ["create"]


async def test_labour_with_a_half_day(main_id):
    app = form_host("labour", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-person", "lxj")
        await pilot.press("enter")
        await fill(pilot, days="0.5", work_type="砌墙")
        await save(pilot)
    entry = LabourEntry.get_by_id(app.result.id)
    assert (entry.person.name, entry.half_days, entry.work_type) == ("梁湘江", 1, "砌墙")
    assert [a.action for a in audit_of(entry)] == ["create"]


async def test_milestone(main_id):
    app = form_host("milestone", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, name="村口牌坊", weight="10", planned_date="12/31", progress_pct="30")
        await save(pilot)
    m = Milestone.get_by_id(app.result.id)
    assert (m.name, m.weight, m.planned_date, m.progress_pct) == (
        "村口牌坊",
        10,
        pendulum.date(2026, 12, 31),
        30,
    )
    assert [a.action for a in audit_of(m)] == ["create"]


async def test_progress_note(main_id):
    app = form_host("progress_note", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, text="路灯全部亮了")
        await save(pilot)
    note = ProgressNote.get_by_id(app.result.id)
    assert (note.text, note.date, note.project_id) == ("路灯全部亮了", pendulum.date(2026, 11, 28), main_id)
    assert [a.action for a in audit_of(note)] == ["create"]


async def test_project(db):
    app = form_host("project")
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, name="新屋场", group="三组", households="12", budget="80万")
        await fill(pilot, start_date="2026-12-01", planned_end="2027-06-30")
        await choose(pilot, "#f-status", "building")
        await save(pilot)
    p = Project.get_by_id(app.result.id)
    assert (p.name, p.group, p.households, p.budget_fen, p.status) == (
        "新屋场",
        "三组",
        12,
        80_000_000,
        "building",
    )
    assert (p.start_date, p.planned_end) == (pendulum.date(2026, 12, 1), pendulum.date(2027, 6, 30))
    assert [a.action for a in audit_of(p)] == ["create"]


async def test_person_with_mobilising_party_member(main_id):
    app = form_host("person", main_id)
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert form.query_one("#f-group").value == "桐梓组"  # the group of the project in view
        await fill(pilot, name="梁新生", household="桐梓组38户")
        await pilot.click("#f-is_household_head")
        await fill(pilot, mobiliser="梁旦")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # A household the 组 does not have yet is asked about once (石门组01 vs 石门组01户).
        assert "还没有“桐梓组38户”这一户" in str(form.query_one("#e-household").render())
        await save(pilot)
    person = Person.get_by_id(app.result.id)
    assert (person.name, person.group, person.household, person.is_household_head) == (
        "梁新生",
        "桐梓组",
        "桐梓组38户",
        True,
    )
    assert person.initials == "lxs"  # so that pinyin search finds them
    assert person.mobiliser.name == "梁旦"
    assert [a.action for a in audit_of(person)] == ["create"]


async def test_contributor(db):
    app = form_host("contributor")
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="湘中建材公司")
        await choose(pilot, "#f-kind", "enterprise")
        await fill(pilot, phone="0738-1234567")
        await save(pilot)
    c = Contributor.get_by_id(app.result.id)
    assert (c.name, c.kind, c.phone, c.initials) == ("湘中建材公司", "enterprise", "0738-1234567", "xzjcgs")
    assert [a.action for a in audit_of(c)] == ["create"]


async def test_enter_moves_on_and_saves_on_the_last_field(main_id):
    app = form_host("expense", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-item", "扫帚")
        await pilot.press("enter", *"35", "enter")  # item -> amount -> date
        assert app.focused.id == "f-date"
        await pilot.press("enter", "enter", "enter")  # date -> payee -> voucher -> note
        assert app.focused.id == "f-note"
        await pilot.press("enter")
        await pilot.pause()
    assert Expense.get_by_id(app.result.id).amount_fen == 3_500


async def test_a_villagers_pledge_after_a_donation_is_self_raised(main_id):
    """Nothing is carried over from the previous entry but its date: the source follows the payer."""
    app = form_host("receipt", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="梁湘江", amount="100")
        assert app.screen.query_one("#f-source").value == "donation"  # a 乡贤's usual source
        await save(pilot)
    assert app.result.source == "donation"
    assert "last_source" not in prefs.load(prefs.database_path())
    again = form_host("pledge", main_id)
    async with again.run_test(size=SIZE) as pilot:
        assert again.screen.query_one("#f-source").value is Select.NULL  # no payer yet, no source
        await type_in(pilot, "#f-contributor", "梁旦")  # a villager of the demo
        assert again.screen.query_one("#f-source").value == "self_raised"
        assert "新建" not in str(again.screen.query_one("#e-contributor", Label).content)
        await fill(pilot, amount="500")
        await save(pilot)
    assert Pledge.get_by_id(again.result.id).source == "self_raised"


# --- invalid input: a message beside the field, nothing written -------------------------------
# Which input is wrong and what it says is tested on the tracker (tests/test_rules.py); here,
# that each form puts the tracker's message beside the field and writes nothing.


async def test_invalid_receipt_shows_why_beside_each_field_and_writes_nothing(main_id):
    before = counts()
    app = form_host("receipt", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="新来的乡贤", amount="一千", date="2026-13-45")
        await fill(pilot, voucher="TB2026-001")
        await save(pilot)
        form = app.screen
        assert shown_error(form, "source") == i18n.t("error.required")  # the dropdown left unchosen
        assert shown_error(form, "amount") == i18n.t("error.amount.format", text="一千")
        assert "2026-13-45" in shown_error(form, "date")
        assert shown_error(form, "voucher") == i18n.t(
            "error.voucher_taken", text="TB2026-001", next="TB2026-108"
        )
        assert shown_error(form, "contributor") == ""  # a new name is fine: created on save
        assert app.result is NOT_SET  # still open, for the user to correct
    assert counts() == before  # not even the new contributor


async def test_a_required_field_left_empty(main_id):
    before = counts()
    app = form_host("receipt", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, amount="")
        await save(pilot)
        assert shown_error(app.screen, "contributor") == i18n.t("error.required")
        assert shown_error(app.screen, "amount") == i18n.t("error.required")
        assert shown_error(app.screen, "date") == ""
    assert counts() == before


async def test_a_rule_only_records_knows_still_leaves_no_new_contributor(main_id, monkeypatch):
    """An error raised while writing rolls back the contributor created a moment before."""
    from tracker.errors import FieldError, ValidationError

    def refuse(*args, **kwargs):
        raise ValidationError([FieldError("amount", "error.amount.too_large", {"text": "500"})])

    monkeypatch.setattr(records, "add_receipt", refuse)
    before = counts()
    app = form_host("receipt", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="又一位新乡贤", amount="500")
        await choose(pilot, "#f-kind", "xiangxian")
        await save(pilot)
        assert shown_error(app.screen, "amount") == i18n.t("error.amount.too_large", text="500")
    assert counts() == before


async def test_bad_work_days_in_the_labour_form(main_id):
    before = counts()
    app = form_host("labour", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, person="梁湘江", days="0.3")
        await save(pilot)
        assert shown_error(app.screen, "days") == i18n.t("error.days", text="0.3")
        await fill(pilot, person="不存在的人", days="1")
        await save(pilot)
        assert shown_error(app.screen, "person") == i18n.t("form.error.no_person", text="不存在的人")
        assert shown_error(app.screen, "days") == ""
    assert counts() == before


async def test_initials_alone_must_be_picked_from_the_list(main_id):
    before = counts()
    app = form_host("pledge", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="lxj", amount="1000")  # no suggestion taken
        await save(pilot)
        assert shown_error(app.screen, "contributor") == i18n.t("form.error.pick_from_list", text="lxj")
    assert counts() == before


async def test_a_pledge_due_before_its_date(main_id):
    before = counts()
    app = form_host("pledge", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="梁旦", amount="1000", date="2026-06-01", due_date="2026-05-01")
        await save(pilot)
        assert shown_error(app.screen, "due_date") == i18n.t("error.due_before_date")
    assert counts() == before


async def test_a_milestone_name_taken_and_a_done_date_in_the_future(main_id):
    before = counts()
    app = form_host("milestone", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, name="五美 庭院", done_date="2026-12-25")  # 五美庭院, spaced
        await save(pilot)
        assert shown_error(app.screen, "done_date") == i18n.t("error.done_future")
        assert shown_error(app.screen, "name") == i18n.t("error.milestone_exists", text="五美庭院")
    assert counts() == before


async def test_a_project_name_already_taken_and_an_end_before_the_start(main_id):
    before = counts()
    app = form_host("project")
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, name=MAIN, start_date="2026-05-01", planned_end="2026-04-01", households="十二")
        await save(pilot)
        form = app.screen
        assert shown_error(form, "name") == i18n.t("error.project_exists", text=MAIN)
        assert shown_error(form, "planned_end") == i18n.t("error.end_before_start")
        assert shown_error(form, "households") == i18n.t("error.integer", low=0, high=100_000)
    assert counts() == before


async def test_a_contributor_name_taken_and_a_villager_who_already_gives(main_id):
    before = counts()
    app = form_host("contributor")
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="白马镇 人民政府")  # 白马镇人民政府, spaced
        await choose(pilot, "#f-kind", "government")
        await save(pilot)
        assert shown_error(app.screen, "contributor") == i18n.t(
            "error.contributor_exists", text="白马镇人民政府"
        )
        await fill(pilot, contributor="梁旦（户主）", person="梁旦")  # 梁旦 already gives as 梁旦
        await choose(pilot, "#f-kind", "person")
        await save(pilot)
        assert shown_error(app.screen, "contributor") == ""
        assert shown_error(app.screen, "person") == i18n.t(
            "error.villager_contributor_exists", text="梁旦", name="梁旦"
        )
    assert counts() == before


async def test_escape_on_a_filled_form_asks_before_throwing_the_typing_away(main_id):
    before = counts()
    app = form_host("receipt", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="一位新捐助人", amount="8,000", voucher="TB2026-555")
        await pilot.press("escape")
        await pilot.pause()
        from screens.forms.confirm import Confirm

        assert isinstance(app.screen, Confirm) and app.screen.questions == ["放弃这次录入？"]
        await pilot.press("enter")  # keeps typing: the form is back as it was
        await pilot.pause()
        assert app.result is NOT_SET and app.screen.query_one("#f-amount", Input).value == "8,000"
        await pilot.press("escape", "y")
        await pilot.pause()
    assert app.result is None
    assert counts() == before


async def test_escape_on_an_untouched_form_leaves_at_once(main_id):
    app = form_host("pledge", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_escape_first_closes_the_suggestions_then_the_form(main_id):
    app = form_host("pledge", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-contributor", "梁")
        picker = app.screen.query_one("#p-contributor")
        assert picker.is_open
        await pilot.press("tab")  # moving on puts the list away
        assert not picker.is_open
        await type_in(pilot, "#f-contributor", "梁湘")
        assert picker.is_open
        await pilot.press("escape")
        await pilot.pause()
        assert not picker.is_open and app.result is NOT_SET
        await pilot.press("escape", "y")  # then the form, once "放弃这次录入？" is answered
        await pilot.pause()
    assert app.result is None


async def test_the_form_the_cli_import_and_the_tracker_refuse_a_duplicate_alike(
    main_id, db_path, tmp_path, capsys
):
    """A duplicate contributor or milestone is refused with the form's message on every path."""
    from openpyxl import Workbook

    from tracker import cli
    from tracker.errors import ValidationError

    records.add_person("梁旦", "枫树组", "枫树组09户")  # a namesake of 桐梓组's 梁旦, who gives already
    with pytest.raises(ValidationError) as exc:
        records.contributor_for("梁旦")
    contributor_message = exc.value.by_field()["contributor"]
    with pytest.raises(ValidationError) as exc:
        records.add_milestone(Project.get_by_id(main_id), "五美 庭院")
    milestone_message = exc.value.by_field()["name"]
    assert "桐梓组01户" in contributor_message and "枫树组09户" in contributor_message
    assert milestone_message == i18n.t("error.milestone_exists", text="五美庭院")

    before = counts()
    app = form_host("receipt", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, contributor="梁旦", amount="100")
        await save(pilot)
        assert shown_error(app.screen, "contributor") == contributor_message
    app = form_host("milestone", main_id)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, name="五美 庭院")
        await save(pilot)
        assert shown_error(app.screen, "name") == milestone_message
    assert counts() == before

    sheets = [
        (
            "到账",
            ["日期", "姓名/单位", "资金来源", "项目名称", "金额(元)"],
            ["2026-11-20", "梁旦", "群众自筹", MAIN, 100],
        ),
        ("节点", ["项目名称", "节点名称", "进度(%)"], [MAIN, "五美 庭院", 10]),
    ]
    for (sheet, head, row), message in zip(sheets, [contributor_message, milestone_message], strict=True):
        book = Workbook()
        book.active.title = sheet
        book.active.append(head)
        book.active.append(row)
        path = tmp_path / f"{sheet}.xlsx"
        book.save(path)
        assert cli.main(["--db", str(db_path), "import", str(path)]) == 2
        problems = capsys.readouterr().err.splitlines()[1:]
        assert problems == [f"{sheet}，第2行，{head[1]}：{message}"]
        assert counts() == before


# --- editing what is not money ----------------------------------------------------------------


async def test_editing_a_project_and_a_person_logs_the_update(main_id):
    from screens.forms import PersonForm, ProjectForm

    app = Host(lambda: ProjectForm(record_id=main_id))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert form.query_one("#f-name").value == MAIN
        assert form.query_one("#f-budget").value == "800,000.00"
        await choose(pilot, "#f-status", "completed")
        await fill(pilot, leader="梁湘江")
        await save(pilot)
    project = Project.get_by_id(main_id)
    assert (project.status, project.leader, project.budget_fen, project.version) == (
        "completed",
        "梁湘江",
        80_000_000,
        2,
    )
    assert [a.action for a in audit_of(project)] == ["create", "update"]
    person = Person.get(Person.name == "梁志兰")
    app = Host(lambda: PersonForm(record_id=person.id))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#f-mobiliser").value == person.mobiliser.name
        await fill(pilot, name="梁芷兰")
        await save(pilot)
    edited = Person.get_by_id(person.id)
    assert (edited.name, edited.initials, edited.mobiliser_id) == ("梁芷兰", "lzl", person.mobiliser_id)
    assert [a.action for a in audit_of(edited)][-1] == "update"


async def test_renaming_a_milestone_onto_another_is_refused(main_id):
    from screens.forms import MilestoneForm

    milestone = Milestone.get((Milestone.project == main_id) & (Milestone.name == "五小建设"))
    app = Host(lambda: MilestoneForm(record_id=milestone.id))
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, name="道路硬化")
        await save(pilot)
        assert shown_error(app.screen, "name") == i18n.t("error.milestone_exists", text="道路硬化")
    assert Milestone.get_by_id(milestone.id).name == "五小建设"


# --- milestones --------------------------------------------------------------------------------


async def test_milestone_progress_with_a_note_and_a_photo(main_id, tmp_path):
    from screens.forms.milestone import MilestoneProgressForm

    milestone = Milestone.get((Milestone.project == main_id) & (Milestone.name == "道路两旁绿化"))
    photo = tmp_path / "绿化.jpg"
    photo.write_bytes(b"\xff\xd8")
    notes_before = ProgressNote.select().count()
    app = Host(lambda: MilestoneProgressForm(milestone.id))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert form.query_one("#f-progress_pct").value == "60"  # what it is now
        await fill(pilot, photo_path=str(tmp_path / "missing.jpg"))
        await save(pilot)
        assert shown_error(form, "photo_path") == i18n.t(
            "form.error.no_file", text=str(tmp_path / "missing.jpg")
        )
        assert shown_error(form, "text") == i18n.t("form.error.photo_needs_text")
        await fill(pilot, progress_pct="85", text="桂花树栽完大半", photo_path=str(photo))
        await save(pilot)
    assert isinstance(app.result, Milestone)
    m = Milestone.get_by_id(milestone.id)
    assert (m.progress_pct, m.done_date) == (85, None)
    assert [a.action for a in audit_of(m)][-1] == "update"
    note = ProgressNote.select().order_by(ProgressNote.id.desc()).get()
    assert (note.text, note.photo_path, note.project_id) == ("桂花树栽完大半", str(photo), main_id)
    assert ProgressNote.select().count() == notes_before + 1


async def test_setting_the_done_date_completes_the_milestone(main_id):
    from screens.forms.milestone import MilestoneProgressForm

    milestone = Milestone.get((Milestone.project == main_id) & (Milestone.name == "五小建设"))
    app = Host(lambda: MilestoneProgressForm(milestone.id))
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, done_date="12/25")  # not yet: today is 11月28日
        await save(pilot)
        assert shown_error(app.screen, "done_date") == i18n.t("error.done_future")
        await fill(pilot, done_date="11/25")
        await save(pilot)
    m = Milestone.get_by_id(milestone.id)
    assert (m.done_date, m.progress_pct) == (pendulum.date(2026, 11, 25), 100)


# --- corrections --------------------------------------------------------------------------------


async def test_reversal_keeps_the_original_then_the_prefilled_correction_saves(main_id):
    from screens.reverse import ReverseScreen

    original = Receipt.get(Receipt.voucher == "TB2026-003")
    kept = (original.amount_fen, original.contributor_id, original.date, original.voucher, original.version)
    receipts_before = Receipt.select().count()
    app = Host(lambda: ReverseScreen("receipt", original.id))
    async with app.run_test(size=SIZE) as pilot:
        await save(pilot)  # no reason yet
        await pilot.pause()
        assert str(app.screen.query_one("#e-reason", Label).content) == i18n.t("error.required")
        assert Receipt.select().count() == receipts_before
        await type_in(pilot, "#reason", "金额录错 应为3600元")
        await pilot.press("enter")
        await pilot.pause()
        reversal = Receipt.get(Receipt.reverses == original.id)
        assert reversal.amount_fen == -original.amount_fen
        assert reversal.reason == "金额录错 应为3600元"
        assert reversal.date == pendulum.date(2026, 11, 28)
        await pilot.press("y")  # 录入更正后的记录
        await pilot.pause()
        form = app.screen
        assert form.query_one("#f-contributor").value == original.contributor.name
        assert form.query_one("#f-amount").value == "3,200.00"
        assert form.query_one("#f-date").value == "2026-04-03"
        assert form.query_one("#f-voucher").value == "TB2026-003"  # freed by the reversal
        assert form.query_one("#f-source").value == "self_raised"
        await fill(pilot, amount="3,600")
        await save(pilot)
    assert app.result == reversal
    again = Receipt.get_by_id(original.id)
    assert (again.amount_fen, again.contributor_id, again.date, again.voucher, again.version) == kept
    corrected = Receipt.select().where(Receipt.id > reversal.id).get()
    assert (corrected.amount_fen, corrected.voucher, corrected.reverses_id) == (360_000, "TB2026-003", None)
    assert corrected.contributor_id == original.contributor_id
    assert Receipt.select().count() == receipts_before + 2
    assert [a.action for a in audit_of(reversal)] == ["reverse"]


async def test_a_reversed_record_cannot_be_reversed_again(main_id):
    from screens.reverse import ReverseScreen

    wrong = Receipt.get(Receipt.voucher == "TB2026-W1")  # the demo already reversed it
    before = counts()
    app = Host(lambda: ReverseScreen("receipt", wrong.id))
    async with app.run_test(size=SIZE) as pilot:
        assert str(app.screen.query_one("#e-reason", Label).content) == i18n.t("error.already_reversed")
        await save(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert counts() == before


async def test_declining_the_correction_keeps_just_the_reversal(main_id):
    from screens.reverse import ReverseScreen

    expense = Expense.get(Expense.voucher == "ZC-007")
    app = Host(lambda: ReverseScreen("expense", expense.id))
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#reason", Input).value = "重复录入"
        await pilot.pause()
        await save(pilot)
        await pilot.press("n")
        await pilot.pause()
    assert app.result.reverses_id == expense.id
    assert Expense.select().where(Expense.reverses == expense.id).count() == 1
    assert Expense.select().where(Expense.voucher == "ZC-007", Expense.reverses.is_null()).count() == 1


# --- language -----------------------------------------------------------------------------------


async def test_english_labels_messages_and_keys(main_id):
    i18n.set_lang("en")
    app = form_host("receipt", main_id)
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert str(form.query_one("#form-title", Label).content) == "New receipt"
        labels = [str(label.content) for label in form.query(".field-label")]
        assert "Amount *" in labels and "Voucher no." in labels
        assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in labels)
        descriptions = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"Save", "Cancel"} <= descriptions
        await fill(pilot, amount="abc")
        await save(pilot)
        assert shown_error(form, "amount") == '"abc" is not an amount; expected e.g. 1,234.56, 1.2万 or ¥300'
        assert shown_error(form, "contributor") == "required, cannot be empty"


def test_every_message_of_the_forms_exists_in_both_languages():
    import screens.contributor_page  # noqa: F401  registers its messages
    import screens.people_search  # noqa: F401
    import screens.person_page  # noqa: F401
    import screens.reverse  # noqa: F401
    import screens.roll_call  # noqa: F401
    from screens.forms import FORMS  # noqa: F401

    missing = i18n.missing_keys()
    mine = (
        "form.",
        "rollcall.",
        "people.",
        "reverse.",
        "key.rollcall.",
        "key.people.",
        "key.correct",
        "key.no",
        "key.edit",
    )
    assert {k for k in missing["en"] if k.startswith(mine)} == set()
    assert {k for k in missing["zh"] if k.startswith(mine)} == set()


# --- through the real app -------------------------------------------------------------------------


async def test_adding_a_receipt_through_the_app(db_path, main_id):
    from screens.app import make_app

    app = make_app(db_path, "zh", pendulum.date(2026, 11, 28))
    before = Receipt.select().count()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.add_record("receipt", main_id)
        await pilot.pause()
        await fill(pilot, contributor="梁旦", amount="2,000")
        await save(pilot)
    records.get_village()  # the fixture's connection still works after the app closed its own
    assert Receipt.select().count() == before + 1
    assert Receipt.select().order_by(Receipt.id.desc()).get().amount_fen == 200_000
