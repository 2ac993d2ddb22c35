"""Nothing wrong is saved silently: each case a cadre met, reproduced as it happened, with what the
user sees and what the database holds afterwards (summary --json unchanged where nothing is saved)."""

from __future__ import annotations

import pendulum
import pytest
from textual.widgets import Input, Label

from models import Contributor, Milestone, MilestoneProgress, Pledge, Project, Receipt
from screens.forms.confirm import Confirm
from tests.conftest import TODAY
from tests.test_forms import SIZE, Host, form_host, save, type_in
from tracker import ledger, records
from tracker.demo import MAIN

pytestmark = pytest.mark.ui


def figures() -> dict:
    """What ``xiumei summary --json`` prints for today."""
    return ledger.summary(TODAY).as_dict()


def select_voucher(paged, voucher: str) -> None:
    """Put the cursor of a 到账 list on the receipt with this number, as the arrow keys would."""
    key = next(k for k, row in paged._rows.items() if row.voucher == voucher)
    paged.table.move_cursor(row=paged.table.get_row_index(key))
    paged.focus_rows()


def note(form, field: str) -> str:
    return str(form.query_one(f"#e-{field}", Label).content)


@pytest.fixture
def main(demo_db) -> Project:
    return Project.get(Project.name == MAIN)


async def test_typing_the_corrected_amount_after_r_and_y_replaces_the_amount_not_the_payer(
    main, db_path, tmp_path
):
    from screens.app import make_app

    original = Receipt.get(Receipt.voucher == "TB2026-101")  # 涟源市湘中建材有限公司, ¥30,000.00
    contributors = Contributor.select().count()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_project(main.id)
        await pilot.pause()
        await pilot.press("3")  # 到账
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        select_voucher(app.screen.active_list(), "TB2026-101")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await type_in(pilot, "#reason", "金额录错")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # 录入更正后的记录
        await pilot.pause()
        form = app.screen
        amount = form.query_one("#f-amount", Input)
        assert form.focused is amount and amount.selected_text == "30,000.00"
        await pilot.press(*"1.5万")
        await pilot.pause()
        assert (
            amount.value == "1.5万"
            and form.query_one("#f-contributor", Input).value == original.contributor.name
        )
        assert await save(pilot) == []  # the original's date, kept: not asked about again
    corrected = Receipt.select().order_by(Receipt.id.desc()).first()
    assert (corrected.amount_fen, corrected.contributor_id) == (1_500_000, original.contributor_id)
    assert corrected.voucher == "TB2026-101"  # the paper receipt the payer holds stays valid
    assert Contributor.select().count() == contributors
    assert not Contributor.select().where(Contributor.name == "1.5万").exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("wjg", "“wjg”没有汉字（像拼音缩写），不是名字；请从列表中选择，或输入中文名称"),
        ("3000", "“3000”是数字或金额，不是名字；金额请填在“金额”一栏"),
    ],
)
async def test_initials_or_an_amount_typed_as_the_name_are_refused(main, typed, message):
    before = figures()
    contributors = Contributor.select().count()
    app = form_host("pledge", main.id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-contributor", typed)
        await type_in(pilot, "#f-amount", "3000")
        assert await save(pilot) == []  # refused before anything is asked
        assert note(app.screen, "contributor") == message
        assert app.screen.focused is app.screen.query_one("#f-contributor", Input)
    assert app.result is None or not isinstance(app.result, Pledge)
    assert Contributor.select().count() == contributors
    assert figures() == before


async def test_part_of_a_companys_name_finds_it(main):
    company = records.add_contributor("新化县宏达建材有限公司", "enterprise")
    app = form_host("pledge", main.id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-contributor", "宏达")
        picker = app.screen.query_one("#p-contributor")
        assert picker.is_open and picker._hits[0].name == "新化县宏达建材有限公司"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#f-source").value == "donation"  # an enterprise's usual source
        await type_in(pilot, "#f-amount", "2万")
        assert await save(pilot) == []
    assert (app.result.contributor_id, app.result.source) == (company.id, "donation")


async def test_a_villager_chosen_as_payer_becomes_the_contributor_of_that_person(main):
    second = records.add_person("王建国", "三组", "王家新屋")
    records.add_person("王建国", "一组", "王家老屋")
    app = form_host("pledge", main.id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-contributor", "wjg")
        hits = app.screen.query_one("#p-contributor")._hits
        assert [(h.name, h.group, h.household) for h in hits][:2] == [
            ("王建国", "一组", "王家老屋"),
            ("王建国", "三组", "王家新屋"),
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert note(app.screen, "contributor") == "村民“王建国”（三组，王家新屋）：保存时记为这位村民的捐助"
        assert not app.screen.query_one("#row-kind").display
        await type_in(pilot, "#f-amount", "800")
        assert await save(pilot) == []  # no 新建捐助方 question: it is a villager
    given = app.result.contributor
    assert (given.person_id, given.kind, app.result.source) == (second.id, "person", "self_raised")


async def test_a_new_contributor_is_created_only_once_confirmed(main):
    contributors = Contributor.select().count()
    app = form_host("pledge", main.id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-contributor", "王建国")
        form = app.screen
        form.query_one("#f-kind").value = "xiangxian"
        await pilot.pause()
        assert form.query_one("#f-source").value == "donation"
        await type_in(pilot, "#f-amount", "5000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.questions == ["新建捐助方“王建国”（乡贤/在外人士）？"]
        await pilot.press("enter")  # back to the form: nothing written
        await pilot.pause()
        assert app.screen is form and Contributor.select().count() == contributors
        assert await save(pilot) == ["新建捐助方“王建国”（乡贤/在外人士）？"]
    assert app.result.contributor.name == "王建国" and Contributor.select().count() == contributors + 1


async def test_a_source_that_does_not_fit_the_payer_asks(main):
    app = form_host("receipt", main.id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-contributor", "梁旦")  # a villager
        app.screen.query_one("#f-source").value = "donation"
        await type_in(pilot, "#f-amount", "100")
        assert await save(pilot) == ["资金来源是“社会捐赠”，但村民通常是“群众自筹”。仍然这样保存？"]
    assert app.result.source == "donation"  # confirmed


async def test_a_pledge_dated_after_the_as_of_date_asks_and_says_where_it_went(main, db_path):
    from screens.app import make_app

    before = figures()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.add_record("pledge", main.id)
        await pilot.pause()
        await type_in(pilot, "#f-contributor", "梁旦")
        await type_in(pilot, "#f-amount", "3000")
        await type_in(pilot, "#f-date", "2026-12-31")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.questions == [
            "日期 2026-12-31 在截至日期 2026-11-28 之后，保存后当前列表看不到它（按 d 改截至日期可看到）"
        ]
        await pilot.press("y")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any("日期 2026-12-31 在截至日期 2026-11-28 之后" in m for m in said), said
    pledge = Pledge.select().order_by(Pledge.id.desc()).first()
    assert (pledge.date, pledge.amount_fen) == (pendulum.date(2026, 12, 31), 300_000)
    assert figures() == before  # not in today's figures: it lies after the as-of date
    assert ledger.summary(pendulum.date(2026, 12, 31)).totals.pledged.total == (
        ledger.summary(TODAY).totals.pledged.total + 300_000
    )


async def test_100_percent_without_a_done_date_is_done_on_the_updates_day(main):
    from screens.forms.milestone import MilestoneProgressForm

    late = Milestone.get(Milestone.name == "五小建设")  # planned 8-31, at 80%: 逾期
    assert any(a.subject == "五小建设" for a in ledger.attention(TODAY))
    app = Host(lambda: MilestoneProgressForm(late.id))
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-progress_pct", "100")
        await save(pilot)
    done = Milestone.get_by_id(late.id)
    assert (done.progress_pct, done.done_date) == (100, TODAY)
    last = (
        MilestoneProgress.select()
        .where(MilestoneProgress.milestone == late.id)
        .order_by(MilestoneProgress.id.desc())
    )
    assert (last[0].date, last[0].progress_pct, last[0].done_date) == (TODAY, 100, TODAY)
    assert not any(a.subject == "五小建设" for a in ledger.attention(TODAY))  # not 逾期, not in 存在问题
    assert ledger.summary(TODAY).project(MAIN).milestones_overdue == 0


async def test_a_blank_receipt_number_is_given_and_p_prints_it(main, db_path, tmp_path, monkeypatch, capsys):
    from screens.app import make_app
    from tracker.cli import main as cli

    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_project(main.id)
        await pilot.pause()
        await pilot.press("3", "a")
        await pilot.pause()
        assert app.screen.query_one("#f-voucher", Input).placeholder == "不填则自动编号：TB2026-108"
        await type_in(pilot, "#f-contributor", "梁旦")
        await type_in(pilot, "#f-amount", "300")
        await save(pilot)
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any("收据编号 TB2026-108" in m and "按 p 打印收据" in m for m in said), said
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        select_voucher(app.screen.active_list(), "TB2026-108")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
    written = tmp_path / "收据_TB2026-108.html"
    assert written.is_file() and "TB2026-108" in written.read_text(encoding="utf-8")
    assert Receipt.get(Receipt.voucher == "TB2026-108").amount_fen == 30_000
    from models import close_database

    close_database()
    out = tmp_path / "cli.html"
    assert cli(["--db", str(db_path), "receipt", "TB2026-108", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == written.read_text(encoding="utf-8")  # the same file


async def test_a_taken_receipt_number_is_refused_with_the_next_and_typing_replaces_it(main):
    before = figures()
    app = form_host("receipt", main.id)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "#f-contributor", "梁旦")
        await type_in(pilot, "#f-amount", "300")
        await type_in(pilot, "#f-voucher", "TB2026-003")
        assert await save(pilot) == []
        form = app.screen
        assert note(form, "voucher") == "收据编号“TB2026-003”已用过，编号不能重复；下一个可用的是 TB2026-108"
        assert figures() == before
        box = form.query_one("#f-voucher", Input)
        assert form.focused is box and box.selected_text == "TB2026-003"
        await pilot.press(*"TB2026-108")  # typed over the selection, not after it
        assert box.value == "TB2026-108"
        await save(pilot)
    assert app.result.voucher == "TB2026-108"
