"""The app shell: start and quit, a database it cannot open, help, language, settings, palette."""

from __future__ import annotations

import json
import re
import sqlite3

from conftest import SIZE, TODAY, settle
from textual.widgets import DataTable, Input, Select, Static
from textual.widgets._footer import FooterKey

from models import AuditLog, Village, database_proxy
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.help import HelpScreen
from screens.settings import SettingsScreen
from tracker import i18n, prefs

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_q_quits_with_status_0_and_closes_the_database(demo_db, db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not database_proxy.obj.is_closed()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert database_proxy.obj.is_closed()


async def test_a_file_that_is_not_our_database_gets_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("create table notes (text)")
    con.commit()
    con.close()
    before = path.read_bytes()
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        message = str(app.screen.query_one("#message", Static).content)
        assert "不是 xiumei 的数据库" in message and str(path) in message
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2
    assert path.read_bytes() == before


async def test_question_mark_lists_every_key_of_the_dashboard(demo_db, db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = dict([*app.screen.own, *app.screen.widget, *app.screen.general])
        own = dict(app.screen.own)
        for binding in [*DashboardScreen.BINDINGS, *app.BINDINGS]:
            if binding.description and not binding.system:
                key = app.get_key_display(binding)
                assert key in shown, key
                assert shown[key] == i18n.t(binding.description)
        assert own["q"] == "退出" and own["?"] == "帮助" and own["/"] == "搜索" and own["a"] == "新增"
        # nothing in English on a Chinese help screen
        for key, text in [*app.screen.own, *app.screen.widget, *app.screen.general]:
            assert not re.search("[A-Za-z]{3,}", text), (key, text)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dashboard


async def test_the_footer_shows_the_screens_keys_in_chinese(demo_db, db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert shown["q"] == "退出" and shown["a"] == "新增" and shown["d"] == "截至日期"
        assert shown["ctrl+p"] == "命令"


async def test_lang_en_shows_english_headers_and_footer(demo_db, db_path):
    app = make_app(db_path, lang="en", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#projects", DataTable)
        labels = [col.label.plain for col in table.ordered_columns]
        assert labels[:3] == ["Project", "Budget", "Received"]
        assert not any(CJK.search(label) for label in labels)
        assert table.get_row("total")[0].plain == "Total"
        footer = [(key.key_display, key.description) for key in screen.query(FooterKey)]
        assert ("q", "Quit") in footer
        assert not any(CJK.search(text) for pair in footer for text in pair)
        assert not CJK.search(str(screen.query_one("#units", Static).content))
        assert "As of 2026-11-28" in str(screen.query_one("#title", Static).content)
        # the project screen too: tab labels and list headers
        await pilot.press("enter")
        await settle(pilot)
        tabs = [str(tab.label) for tab in app.screen.query("ContentTab")]
        assert tabs[0] == "Overview" and not any(CJK.search(label) for label in tabs)
        await pilot.press("3")
        await settle(pilot)
        headers = [
            col.label.plain
            for col in app.screen.query_one("#list-receipt DataTable", DataTable).ordered_columns
        ]
        assert "Amount" in headers and not any(CJK.search(h) for h in headers)
        footer = [key.description for key in app.screen.query(FooterKey)]
        assert "Reverse" in footer and not any(CJK.search(text) for text in footer)


async def test_settings_are_saved_through_records_with_an_audit_row(demo_db, db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#village", Input).value == "桐柏村"
        screen.query_one("#cadre_name", Input).value = "刘书记"
        screen.query_one("#labour_rate", Input).value = "120"
        assert screen.query_one("#voucher_prefix", Input).placeholder.endswith("TB")  # 桐柏村's default
        screen.query_one("#voucher_prefix", Input).value = "TBC"
        screen.query_one("#followup_days", Input).value = "45"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    village = Village.get()
    assert village.cadre_name == "刘书记" and village.labour_rate_fen == 12_000
    assert (village.voucher_prefix, village.pledge_followup_days) == ("TBC", 45)
    from tracker import vouchers

    assert vouchers.next_voucher(TODAY) == "TBC2026-001"
    row = AuditLog.select().where((AuditLog.table == "village") & (AuditLog.action == "update")).get()
    before, after = json.loads(row.before), json.loads(row.after)
    assert before["cadre_name"] == "梁旦" and after["cadre_name"] == "刘书记"
    assert before["labour_rate_fen"] == 10_000 and after["labour_rate_fen"] == 12_000


async def test_bad_settings_show_beside_the_field_and_change_nothing(demo_db, db_path):
    audit_rows = AuditLog.select().count()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#village", Input).value = "  "
        screen.query_one("#labour_rate", Input).value = "一百"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "必填" in str(screen.query_one("#village-error").content)
        assert "不是金额" in str(screen.query_one("#labour_rate-error").content)
        await pilot.press("escape")
        await pilot.pause()
    assert Village.get().name == "桐柏村" and Village.get().labour_rate_fen == 10_000
    assert AuditLog.select().count() == audit_rows


async def test_switching_the_language_in_settings_redraws_in_english_and_is_remembered(demo_db, db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#lang", Select).value = "en"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        labels = [col.label.plain for col in screen.query_one("#projects", DataTable).ordered_columns]
        assert labels[1] == "Budget"
        footer = {key.key: key.description for key in screen.query(FooterKey)}
        assert footer["q"] == "Quit" and footer["ctrl+p"] == "Commands"
    assert prefs.load()["lang"] == "en"
    assert i18n.get_lang() == "en"


async def test_command_palette_finds_actions_by_pinyin_initials(demo_db, db_path):
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sz")  # 设置
        await settle(pilot)  # the palette's search
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)


async def test_command_palette_opens_a_project_by_name(demo_db, db_path):
    from screens.project import ProjectScreen

    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"fsw")  # 枫树湾屋场
        await settle(pilot)  # the palette's search
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        assert "枫树湾屋场" in str(app.screen.query_one("#title", Static).content)


async def test_keys_l_slash_and_e_open_their_screens(demo_db, db_path):
    from screens.export import ExportScreen
    from screens.people_search import PeopleScreen
    from screens.roll_call import RollCallScreen

    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, expected in (("l", RollCallScreen), ("slash", PeopleScreen), ("e", ExportScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, expected)
            app.pop_screen()
            await settle(pilot)


def test_every_text_the_shell_shows_exists_in_both_languages():
    """Each key the app shell uses (t(), bindings, labels) is registered, in Chinese and in English."""
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [
        *sorted((root / "screens").glob("*.py")),
        *sorted((root / "screens" / "widgets").glob("*.py")),
    ]
    shell = {
        "app",
        "__init__",
        "keys",
        "commands",
        "dashboard",
        "project",
        "help",
        "settings",
        "record_view",
        "town_dashboard",  # the app says a town database is read-only in its words
    }
    keys: set[str] = set()
    for path in files:
        if path.parent.name == "screens" and path.stem not in shell:
            continue  # forms, roll call, people: another part of the app
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        importlib.import_module(module.removesuffix(".__init__"))
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[\w.]+)["']""", text))
        # binding descriptions, placeholders and labels are keys too
        keys |= {k for k in re.findall(r"""["']((?:ui|key|cmd)\.[\w.]+)["']""", text) if not k.endswith(".")}
    assert len(keys) > 50
    missing_en = i18n.missing_keys()["en"]
    unknown = sorted(k for k in keys if i18n.t(k, "zh") == k or k in missing_en)
    assert unknown == []
