"""The import screen: a dry run first, shown per sheet; nothing written until the cadre confirms;
a workbook with a bad row lists sheet, row and column and cannot be confirmed."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pendulum
import pytest
from conftest import SIZE, Host, counts, fill, settle
from rich.console import Console
from textual.widgets import Button, Input, Label, Static

from models import LabourEntry, Pledge, Project, Receipt
from screens.import_screen import ImportScreen, WorkbookTree
from tracker import i18n, prefs
from tracker.importer import ImportResult

P = "东坡屋场"

HEAD = {
    "项目": ["项目名称*", "所属组", "户数", "负责人", "预算(元)", "开工日期", "计划完工日期", "状态"],
    "认捐": ["日期*", "姓名/单位*", "资金来源*", "项目名称*", "金额(元)*", "约定到账日期", "备注"],
    "到账": ["日期*", "姓名/单位*", "资金来源*", "项目名称*", "金额(元)*", "收据编号", "备注"],
    "投工": ["日期*", "姓名*", "项目名称*", "工日*", "工种", "备注"],
}


def rows() -> dict[str, list[list]]:
    return {
        "项目": [[P, "东坡组", 20, "李四", 200000, "2026-03-01", "2026-12-31", "在建"]],
        "认捐": [
            ["2026-03-02", "王五", "群众自筹", P, 5000, "2026-04-30", ""],
            ["2026-03-03", "东坡建材公司", "社会捐赠", P, "2万", None, ""],
            ["2026-03-04", "赵六", "群众自筹", P, "¥300", None, ""],
        ],
        "到账": [["2026-03-10", "王五", "群众自筹", P, 5000, "DP-001", ""]],
        "投工": [["2026-03-21", "钱七", P, 1.5, "泥工", ""], ["2026-03-22", "钱七", P, 1, "小工", ""]],
    }


def write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, lines in sheets.items():
        ws = book.create_sheet(name)
        ws.append(HEAD[name])
        for line in lines:
            ws.append(line)
    book.save(path)
    return path


def import_host() -> Host:
    return Host(ImportScreen)


async def check_file(pilot, path: Path) -> None:
    """Put the path in the file box and press enter there: the dry run."""
    await fill(pilot, "#path", str(path))
    await pilot.press("enter")
    await settle(pilot)


def result_text(app) -> str:
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(app.screen.query_one("#result-text", Static).content)
    return console.export_text()


def prompt(app) -> str:
    return str(app.screen.query_one("#prompt", Label).content)


def sheet_line(text: str, sheet: str) -> list[int]:
    """The numbers on a sheet's line of the result table."""
    line = next(line for line in text.splitlines() if line.strip().startswith(sheet))
    return [int(n) for n in re.findall(r"\d+", line)]


@pytest.fixture
def book(tmp_path) -> Path:
    return write_book(tmp_path / "台账.xlsx", rows())


async def test_dry_run_shows_counts_and_nothing_lands_until_confirmed_with_y(db, book):
    before = counts()
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, book)
        text = result_text(app)
        assert "还没有写入" in text
        for sheet, lines in rows().items():
            assert sheet_line(text, sheet) == [len(lines), 0, 0]  # to add, already there, to update
        assert "将新增 7 条" in prompt(app)
        assert not app.screen.query_one("#confirm", Button).disabled
        assert counts() == before  # the dry run wrote nothing

        await pilot.press("y")
        await settle(pilot)
        assert Pledge.select().count() == before["pledge"] + len(rows()["认捐"])
        assert Receipt.select().count() == before["receipt"] + 1
        assert LabourEntry.select().count() == before["labour_entry"] + 2
        assert Project.select().where(Project.name == P).count() == 1
        assert "已导入" in result_text(app)
        assert app.screen.query_one("#confirm", Button).disabled  # once is enough

        await pilot.press("y")  # pressed again: nothing more
        await settle(pilot)
        assert Pledge.select().count() == before["pledge"] + 3
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(app.result, ImportResult) and app.result.added == 7
    assert prefs.load(prefs.database_path())["import_dir"] == str(book.parent)


async def test_an_import_is_undone_from_the_screen_with_u(db, book):
    from tracker import ledger

    before = counts()
    figures = ledger.summary(pendulum.date(2026, 11, 28)).as_dict()
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, book)
        assert "将是第 1 次导入" in result_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert "这是第 1 次导入" in result_text(app)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("ctrl+s")  # yes, undo it
        await settle(pilot)
        assert "已撤销第 1 次导入" in result_text(app)
    assert ledger.summary(pendulum.date(2026, 11, 28)).as_dict() == figures  # its new project gone too
    assert LabourEntry.select().count() == before["labour_entry"]


async def test_enter_confirms_after_a_clean_check(db, book):
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, book)
        assert Pledge.select().count() == 0
        await pilot.press("enter")
        await settle(pilot)
        assert Pledge.select().count() == 3


async def test_a_bad_row_is_named_by_sheet_row_and_column_and_cannot_be_confirmed(db, tmp_path):
    lines = rows()
    lines["认捐"].append(["2026-02-30", "孙八", "群众自筹", P, "一百", None, ""])
    bad = write_book(tmp_path / "有错.xlsx", lines)
    before = counts()
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, bad)
        text = result_text(app)
        assert "有 2 处错误" in text
        assert "认捐，第5行，日期：" in text and "2026-02-30" in text
        assert "认捐，第5行，金额(元)：" in text and "一百" in text
        assert "不能导入" in prompt(app)
        assert app.screen.query_one("#confirm", Button).disabled
        await pilot.press("y")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert counts() == before
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_escape_after_a_clean_check_writes_nothing(db, book):
    before = counts()
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, book)
        assert "将新增" in prompt(app)
        await pilot.press("escape")
        await settle(pilot)
        assert counts() == before
    assert app.result is None


async def test_another_path_typed_after_the_check_cannot_be_confirmed(db, book, tmp_path):
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, book)
        await pilot.click("#path")
        await pilot.press("end", "x")
        await pilot.pause()
        assert app.screen.query_one("#confirm", Button).disabled
        await pilot.click("#result")
        await pilot.press("y")
        await settle(pilot)
        assert Pledge.select().count() == 0


async def test_the_same_file_again_adds_nothing_and_says_so(db, book):
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, book)
        await pilot.press("y")
        await settle(pilot)
        after = counts()
        await check_file(pilot, book)
        text = result_text(app)
        assert sheet_line(text, "认捐") == [0, 3, 0]
        assert "都已在台账中" in prompt(app)
        assert app.screen.query_one("#confirm", Button).disabled
        await pilot.press("y")
        await settle(pilot)
        assert counts() == after


async def test_a_missing_file_is_explained_under_the_path(db, tmp_path):
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, tmp_path / "没有这个.xlsx")
        assert "找不到文件" in str(app.screen.query_one("#e-path", Label).content)
        assert app.screen.query_one("#confirm", Button).disabled


async def test_a_workbook_picked_in_the_folder_tree_is_checked(db, book):
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, book.parent)  # a folder typed opens it in the picker
        tree = app.screen.query_one("#tree", WorkbookTree)
        assert Path(tree.path) == book.parent
        assert app.focused is tree
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.query_one("#path", Input).value == str(book)
        assert sheet_line(result_text(app), "认捐") == [3, 0, 0]
        assert Pledge.select().count() == 0


async def test_english_labels_counts_and_problems(db, tmp_path):
    i18n.set_lang("en")
    lines = rows()
    lines["投工"].append(["2026-03-23", "钱七", P, "两天", "", ""])
    bad = write_book(tmp_path / "bad.xlsx", lines)
    good = write_book(tmp_path / "good.xlsx", rows())
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert str(screen.query_one("#import-title", Label).content) == "Import the ledger from Excel"
        assert str(screen.query_one("#check", Button).label) == "Check"
        await check_file(pilot, good)
        text = result_text(app)
        assert "To add" in text and "Already there" in text
        assert "Press y or enter to import" in prompt(app)
        keys = {
            key
            for key, b in screen.active_bindings.items()
            if b.enabled and b.binding.description == "Import"
        }
        assert "y" in keys  # the footer's hint, in English
        await check_file(pilot, bad)
        text = result_text(app)
        assert "投工, row 4, 工日: " in text and "两天" in text  # the header is row 1
        assert "cannot be imported" in prompt(app)
        assert Pledge.select().count() == 0


async def test_i_on_the_dashboard_opens_the_import_screen(demo_db, db_path):
    import pendulum

    from screens.app import make_app
    from screens.import_screen import ImportScreen

    app = make_app(db_path, today=pendulum.date(2026, 11, 28))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)


async def test_the_check_names_hidden_sheets_and_a_damaged_file_is_one_line(db, book, tmp_path):
    from openpyxl import load_workbook

    hidden = load_workbook(book)
    hidden["投工"].sheet_state = "hidden"
    hidden.save(book)
    broken = tmp_path / "坏了.xlsx"
    broken.write_bytes(book.read_bytes()[:500])
    app = import_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_file(pilot, book)
        text = result_text(app)
        assert "隐藏的工作表不导入：投工" in text
        assert not any(line.strip().startswith("投工") for line in text.splitlines())
        await check_file(pilot, broken)
        said = str(app.screen.query_one("#e-path", Label).content)
        assert "文件已损坏，无法读取" in said and "\n" not in said
        assert app.screen.query_one("#confirm", Button).disabled
