"""The export screen (``e``): what lands in the chosen folder, what the cadre is told, and what is
remembered — driven through the Pilot on a small host app, and once through the real dashboard."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from conftest import SIZE, TODAY, Host, fill, settle
from openpyxl import load_workbook
from textual.widgets import Input, Label, Select

from screens.app import make_app
from screens.export import ExportScreen
from tracker import i18n, listings, prefs
from tracker.exports import REPORT_FORMATS, ExportRequest, extension, write_export
from tracker.reports import notice_data, notice_text


def export_host(**kwargs) -> Host:
    """The export screen alone, on a bare app that keeps what it was dismissed with."""
    return Host(lambda: ExportScreen(**kwargs))


async def choose_kind(pilot, kind: str) -> None:
    await pilot.click(f"#kind-{kind}")
    await pilot.pause()


def shown(screen, selector: str) -> str:
    """A message label's text as the user sees it ("" when it is hidden)."""
    label = screen.query_one(selector, Label)
    return str(label.content) if label.display and label.has_class("-shown") else ""


def files_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "报表"
    folder.mkdir()
    return folder


async def test_xlsx_report_is_written_into_the_chosen_folder_and_its_path_shown(demo_db, out):
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "#as-of", "10/31")
        await fill(pilot, "#folder", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)

        written = files_in(out)
        assert len(written) == 1
        path = written[0]
        assert path.suffix == ".xlsx" and "2026-10-31" in path.name
        book = load_workbook(path)
        assert "进度汇总" in book.sheetnames
        summary_table = " ".join(
            str(c) for row in book["进度汇总"].iter_rows(values_only=True) for c in row if c
        )
        assert "截至2026年10月31日" in summary_table.replace(" ", "")
        assert str(path) in shown(app.screen, "#written")
        assert any(str(path) in str(n.message) for n in app._notifications)

        await pilot.press("escape")
        await pilot.pause()
    assert app.result == path


async def test_the_folder_is_remembered_for_next_time(demo_db, out):
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "#folder", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(files_in(out)) == 1
    assert prefs.load(prefs.database_path())["export_dir"] == str(out)

    again = export_host()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.screen.query_one("#folder", Input).value == str(out)


async def test_the_default_folder_is_documents_then_home(demo_db, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#folder", Input).value == str(home)

    (home / "Documents").mkdir()
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#folder", Input).value == str(home / "Documents")


async def test_a_bad_as_of_date_shows_a_message_and_writes_nothing(demo_db, out):
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "#folder", str(out))
        await fill(pilot, "#as-of", "2026-13-45")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = shown(app.screen, "#e-as-of")
        assert "截至日期" in message and "2026-13-45" in message
        assert shown(app.screen, "#written") == ""
        assert app.focused is app.screen.query_one("#as-of")
    assert files_in(out) == []
    assert "export_dir" not in prefs.load(prefs.database_path())


async def test_notice_as_text_for_wechat_is_the_cli_text(demo_db, out):
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_kind(pilot, "notice")
        app.screen.query_one("#notice-format", Select).value = "text"
        # The period starts as `xiumei notice` has it: the first of this month to today.
        assert app.screen.query_one("#date-from", Input).value == "2026-11-01"
        assert app.screen.query_one("#date-to", Input).value == TODAY.isoformat()
        await fill(pilot, "#date-from", "2026-05-01")
        await fill(pilot, "#folder", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = files_in(out)
        assert len(written) == 1 and written[0].suffix == ".txt"
        assert str(written[0]) in shown(app.screen, "#written")
        from textual.widgets import TextArea

        on_screen = app.screen.query_one("#wechat", TextArea)  # shown to select and copy, too
        assert on_screen.display and on_screen.read_only
        shown_text = on_screen.text
    expected = notice_text.render_text(notice_data.build(pendulum.date(2026, 5, 1), TODAY, lang="zh"))
    assert written[0].read_text(encoding="utf-8-sig") == expected == shown_text


async def test_a_period_that_ends_before_it_starts_is_refused(demo_db, out):
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_kind(pilot, "notice")
        await fill(pilot, "#date-from", "2026-11-20")
        await fill(pilot, "#date-to", "2026-11-10")
        await fill(pilot, "#folder", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "2026-11-20" in shown(app.screen, "#e-date-from")
    assert files_in(out) == []


async def test_notice_for_the_project_in_view(demo_db, out):
    pid, name, _group = listings.projects()[0]
    app = export_host(project_id=pid)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#project", Select).value == pid
        await choose_kind(pilot, "notice")
        await fill(pilot, "#folder", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
    [path] = files_in(out)
    assert name in path.name and path.suffix == ".html"


async def test_receipt_by_voucher_and_an_unknown_voucher(demo_db, out):
    voucher = next(r.voucher for r in listings.money_rows("receipt") if r.voucher and r.live)
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_kind(pilot, "receipt")
        await fill(pilot, "#folder", str(out))
        await fill(pilot, "#voucher", "NO-SUCH-1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "NO-SUCH-1" in shown(app.screen, "#e-voucher")
        assert files_in(out) == []

        await fill(pilot, "#voucher", voucher)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app.screen, "#e-voucher") == ""
        [path] = files_in(out)
        assert voucher in path.read_text(encoding="utf-8")
        assert str(path) in shown(app.screen, "#written")


async def test_a_file_that_cannot_be_written_is_explained_not_a_traceback(demo_db, out):
    # A name taken by a folder fails like a workbook locked by Excel: the OS refuses the write.
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_kind(pilot, "notice")
        await fill(pilot, "#folder", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
        [path] = files_in(out)
        path.unlink()
        path.mkdir()
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = shown(app.screen, "#e-folder")
        assert "无法写入" in message and path.name in message
        assert not app.screen.query_one("#write").disabled  # the cadre can try again
    assert path.is_dir() and files_in(path) == []


async def test_a_folder_path_that_is_a_file_is_refused(demo_db, out):
    not_a_folder = out / "note.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "#folder", str(not_a_folder))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "note.txt" in shown(app.screen, "#e-folder")
    assert files_in(out) == [not_a_folder]


async def test_escape_writes_nothing(demo_db, out, monkeypatch):
    monkeypatch.setenv("HOME", str(out))  # the default folder, were anything written there
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "#folder", str(out))
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert files_in(out) == []
    assert "export_dir" not in prefs.load(prefs.database_path())


async def test_english_labels_and_messages(demo_db, out):
    i18n.set_lang("en")
    app = export_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        labels = [str(label.content) for label in screen.query(".label") if label.region]  # shown ones
        assert labels == ["What", "Format", "As of", "Project", "Save in folder"]
        assert str(screen.query_one("#write").label) == "Export (Ctrl+S)"
        footer = {b.key: b.description for b in screen._bindings.key_to_bindings.get("ctrl+s", [])}
        assert footer == {"ctrl+s": "Export"}
        await fill(pilot, "#folder", str(out))
        await fill(pilot, "#as-of", "soon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(screen, "#e-as-of").startswith('As of: "soon" is not a date')
        await fill(pilot, "#as-of", "2026-11-28")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [path] = files_in(out)
        assert shown(screen, "#written") == f"Written: {path}"


async def test_e_on_the_dashboard_opens_export_and_writes_the_report(demo_db, db_path, out):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#as-of", Input).value == TODAY.isoformat()
        await fill(pilot, "#folder", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
        [path] = files_in(out)
        assert path.suffix == ".xlsx"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)


def test_every_text_of_the_export_and_import_screens_exists_in_both_languages():
    import re

    import screens.export as export_module
    import screens.import_screen as import_module
    import tracker.reports.receipt_html  # noqa: F401  (registers the messages the screen passes on)
    from tracker.exports import NOTICE_FORMATS, REPORT_FORMATS

    keys: set[str] = set()
    for module in (export_module, import_module):
        text = Path(module.__file__).read_text(encoding="utf-8")
        keys |= set(re.findall(r"""["']((?:ui|key|receipt|rep|notice)\.[\w.]+)["']""", text))
    keys |= {f"ui.exp.kind.{kind}" for kind in export_module.KINDS}
    keys |= {f"ui.exp.fmt.report.{f}" for f in REPORT_FORMATS} | {
        f"ui.exp.fmt.notice.{f}" for f in NOTICE_FORMATS
    }
    keys = {k for k in keys if not k.endswith(".")}
    assert len(keys) > 60
    for lang in ("zh", "en"):
        missing = {k for k in keys if i18n.t(k, lang) == k}
        assert not missing, (lang, missing)
    # and English is really English: no key falls back to the Chinese text
    same = {k for k in keys if i18n.t(k, "en") == i18n.t(k, "zh")}
    assert not same


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_each_report_format_is_written_where_the_screen_says(demo_db, out, fmt):
    exported = write_export(ExportRequest("report", fmt, out, "zh", as_of=TODAY))
    assert files_in(out) == [exported.path]
    assert exported.path.suffix == "." + extension("report", fmt) and exported.path.stat().st_size > 0
