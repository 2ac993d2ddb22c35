"""One language at a time: the Chinese UI shows no English sentence, the English one no Chinese
except data (names of the demo village, sheet names, what a cadre may type)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from tracker import i18n
from tracker.cli import COMMAND_MODULES, main

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[rsd]|%[rsd]")

# English messages that hold Chinese as data: what a cadre may type, sheet and file names of the
# Chinese workbook, the demo village's names, and the language's own name on the switch.
EN_WITH_DATA = {
    "backup.auto_folder",  # the folder's name on disk, the same in both languages
    "backup.cmd_desc",
    "cli.demo",
    "cli.demo_created",
    "cli.template_output",
    "cmd.lang.zh",
    "error.amount.format",
    "error.date.format",
    "error.demo_other_village",
    "form.placeholder.amount",
    "form.placeholder.date",
    "form.placeholder.group",
    "form.placeholder.household",
    "import.unknown_project",
    "rep.opt_output",
    "roster.not_member",
    "roster.sex",
    "roster.yes_no",
    "ui.as_of.hint",
}
# Latin words a Chinese message may hold: commands and options as typed, file formats, keys on the
# keyboard, programs' names, and a typed example.
ZH_LATIN = {
    *"xiumei init demo template import dry-run force undo list from days village town county text json".split(),
    *"xlsx xls csv html zip yyyy-mm-dd excel wps sqlite ctrl esc tab english lxj".split(),
    *"backup restore wal shm".split(),  # commands and the files SQLite keeps beside a database
    *"send receive summary report accept-new-key psycopg".split(),  # the town commands, a driver
}


def _every_message_module() -> None:
    import screens
    import tracker

    for package in (tracker, screens):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith(("__main__", ".main")):
                importlib.import_module(info.name)


def test_every_registered_message_is_in_one_language():
    _every_message_module()
    assert i18n.missing_keys() == {"en": set(), "zh": set()}
    en_with_chinese = {k for k, v in i18n._catalog["en"].items() if CJK.search(PLACEHOLDER.sub("", v))}
    assert en_with_chinese <= EN_WITH_DATA, sorted(en_with_chinese - EN_WITH_DATA)
    english_in_zh = {
        (k, word)
        for k, v in i18n._catalog["zh"].items()
        for word in re.findall(r"[A-Za-z][A-Za-z\-]{2,}", PLACEHOLDER.sub("", v))
        if word.lower() not in ZH_LATIN
    }
    assert not english_in_zh


def test_english_plurals_agree_with_the_number():
    from tracker.reports import notice_data  # noqa: F401  registers notice.*

    assert i18n.t("notice.total", "en", n=1) == "Total (1 item)"
    assert i18n.t("notice.total", "en", n=2) == "Total (2 items)"
    assert i18n.t("notice.posting", "en", start="a", end="b", days=1).endswith("(1 day)")
    assert i18n.t("notice.total", "zh", n=1) == "合计（1笔）"


def _commands() -> list[str]:
    for name in COMMAND_MODULES:
        importlib.import_module(name)
    from tracker.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return ["", *sub.choices]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_cli_help_and_usage_error_is_in_the_language_asked(lang, capsys):
    for command in _commands():
        args = [*([command] if command else []), "--lang", lang, "-h"]
        with pytest.raises(SystemExit):
            main(args)
        out = capsys.readouterr().out
        if lang == "zh":
            assert not re.search(r"usage|options|positional|show this help", out), (command, out)
        else:
            data = "桐柏村|白马镇|涟源市|台账模板|项目|认捐|到账|筹料|支出|投工|节点|村民"
            assert not CJK.search(re.sub(data, "", out)), (command, out)
    assert main(["report", "--format", "pdf", "--lang", lang]) == 2
    err = capsys.readouterr().err
    if lang == "zh":
        assert "没有 'pdf' 这一项" in err and "invalid choice" not in err
    else:
        assert "invalid choice: 'pdf'" in err and not CJK.search(err)


def test_init_names_the_village_once(tmp_path, capsys):
    assert main(["init", "--village", "石门村", "--db", str(tmp_path / "v.db")]) == 0
    out = capsys.readouterr().out
    assert "“石门村”" in out and "村村" not in out


@pytest.mark.ui
@pytest.mark.parametrize("lang, dismiss", [("zh", "收起选项"), ("en", "Close the list")])
async def test_an_open_dropdown_says_esc_in_the_ui_language(demo_db, db_path, lang, dismiss):
    from textual.widgets import Select

    from screens.app import make_app
    from screens.forms import FORMS

    app = make_app(db_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(FORMS["pledge"]())
        await pilot.pause()
        app.screen.query_one("#f-project", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        shown = [b.binding.description for b in app.active_bindings.values() if b.binding.show]
        assert dismiss in shown and "Dismiss menu" not in shown
