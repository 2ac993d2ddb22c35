"""The command line: ``xiumei [--db PATH] [--lang en] [COMMAND]``.

Help and messages are in Chinese unless ``--lang en``. A problem the user can fix prints one line
naming what is wrong and exits with 2; nothing reaches the user as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import peewee as pw

from models import DatabaseError, close_database, open_database
from models.db import problem_of

from . import config, dates, prefs, search
from .errors import UserError, ValidationError
from .i18n import register, set_lang, t

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2

# Modules that add subcommands: each has ``add_commands(subparsers)``; a command sets
# ``handler`` (args -> exit code) with ``set_defaults``.
COMMAND_MODULES = [
    "tracker.cmd_reports",
    "tracker.cmd_import",
    "tracker.cmd_backup",
    "tracker.cmd_town",
    "tracker.cmd_meetings",
]
BUILT_IN = ("init", "demo", "summary")  # commands defined here: no command module is needed for them


# argparse's own words (its headings, its errors), each with the catalogue key that says it in the
# user's language: a Chinese help must not read "usage:" and "options:".
_ARGPARSE_TEXTS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "cli.help",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "one of the arguments %s is required": "argparse.one_required",
    "ignored explicit argument %r": "argparse.ignored",
}


def _argparse_text(message: str) -> str:
    key = _ARGPARSE_TEXTS.get(message)
    return t(key) if key else message


# argparse looks its words up through the module's ``_`` (gettext) each time it writes one.
argparse._ = _argparse_text  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments in the user's language with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError("cli.bad_args", detail=message, prog=self.prog)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given the arguments of a built-in command, of that one only
    (a command module imports what its commands use, and ``summary`` should not pay for it)."""
    parser = _Parser(prog="xiumei", description=t("cli.description"), add_help=False)
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar=t("cli.command"), parser_class=_Parser)

    p = sub.add_parser("init", help=t("cli.init"), description=t("cli.init"), add_help=False)
    _common(p)
    p.add_argument("--village", required=True, help=t("cli.village"))
    p.add_argument("--town", default="", help=t("cli.town"))
    p.add_argument("--county", default="", help=t("cli.county"))
    p.add_argument("--cadre", default="", help=t("cli.cadre"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help=t("cli.demo"), description=t("cli.demo"), add_help=False)
    _common(p)
    p.add_argument("--open", action="store_true", help=t("cli.demo_open"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("summary", help=t("cli.summary"), description=t("cli.summary"), add_help=False)
    _common(p)
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("cli.as_of"))
    p.add_argument("--json", action="store_true", help=t("cli.json"))
    p.set_defaults(handler=cmd_summary)

    if argv is not None and _command_word(argv) in BUILT_IN:
        return parser
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_commands(sub, _common)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes, before or after its name."""
    parser.add_argument("-h", "--help", action="help", help=t("cli.help"))
    parser.add_argument("--db", metavar=t("cli.meta_path"), default=argparse.SUPPRESS, help=t("cli.db"))
    parser.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=t("cli.lang"))


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option or an option's value)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--db", "--lang"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _lang_from(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return prefs.language() or "zh"


AppOpener = Callable[[Path, "str | None"], int]


def main(argv: Sequence[str] | None = None, *, open_app: AppOpener | None = None) -> int:
    """Run one command. ``open_app`` opens the Textual app; the ``xiumei`` program
    (the UI package's ``main``) passes it, so this package never imports the UI."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from(argv)
    set_lang(lang if lang in ("zh", "en") else "zh")
    _utf8_stdio()
    try:
        args = build_parser(argv).parse_args(argv)
        args.open_app = open_app
        handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", cmd_app)
        return handler(args)
    except ValidationError as exc:
        for error in exc.errors:
            _fail(f"{t('field.' + error.field)}: {error.message()}")
        return EXIT_USAGE
    except UserError as exc:
        _fail(exc.message())
        return EXIT_USAGE
    except DatabaseError as exc:
        _fail(t(f"db.{exc.code}", path=exc.path, detail=exc.detail))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: a bug is logged for us, one line for the user
        problem = problem_of(exc)  # another writer kept the lock past the timeout, or a damaged file
        if problem is not None:
            path = config.resolve_db_path(getattr(args, "db", None)) if "args" in locals() else ""
            _fail(t(f"db.{problem}", path=path, detail=""))
            return EXIT_USAGE
        import traceback

        log = config.data_dir() / "error.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as fh:
                fh.write(traceback.format_exc() + "\n")
        except OSError:
            pass
        _fail(t("cli.internal", path=log))
        return EXIT_INTERNAL
    finally:
        close_database()


def _utf8_stdio() -> None:
    # A Windows console may default to a legacy code page; Chinese must never crash a print.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def _fail(message: str) -> None:
    print(f"xiumei: {message}", file=sys.stderr)


def db_path(args: argparse.Namespace) -> Path | str:
    """The database file, or a ``postgresql://`` address (a town or county on a server)."""
    import os

    from models.db import is_server_url

    given = getattr(args, "db", None) or os.environ.get("XIUMEI_DB")
    if is_server_url(given):
        from .exchange import messages  # noqa: F401  (the server's messages)

        return given
    return config.resolve_db_path(getattr(args, "db", None))


def open_db(args: argparse.Namespace, *, create: bool = False, readonly_ok: bool = False):
    """``readonly_ok``: the command only reads, so a read-only file or folder is opened read-only."""
    path = db_path(args)
    if isinstance(path, str):
        return open_database(path, create=create)
    if not create and not path.exists():
        raise UserError("db.missing", path=path)
    database = open_database(path, create=create, readonly_ok=readonly_ok)
    try:
        search.index_names()  # spellings of names written by an older version, once
    except pw.DatabaseError:
        pass  # a read-only file: its names are found by their initials meanwhile
    return database


def as_of_arg(args: argparse.Namespace, name: str = "as_of", option: str = "--as-of"):
    value = getattr(args, name, None)
    if not value:
        return dates.today()
    return date_arg(value, option)


def date_arg(value: str, option: str):
    """A date given on the command line; one line naming the option if it is not one we take."""
    try:
        return dates.parse_date(value)
    except dates.DateError as exc:
        if exc.code in ("time", "range"):
            message = t(f"error.date.{exc.code}", text=value)
            raise UserError("cli.bad_date_detail", option=option, message=message) from None
        raise UserError("cli.bad_date", option=option, text=value) from None


# --- commands ---------------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    if args.open_app is None:
        raise UserError("cli.no_app")
    path = db_path(args)
    # A first start creates the database; a SQLite file that is there already must be ours.
    open_db(args, create=not path.exists() or path.stat().st_size == 0)
    close_database()
    return args.open_app(db_path(args), getattr(args, "lang", None))


def cmd_init(args: argparse.Namespace) -> int:
    from . import records
    from .errors import FieldError

    if not args.village.strip():  # checked before the file is created: bad input changes nothing
        raise ValidationError([FieldError("village", "error.required")])
    open_db(args, create=True)
    village = records.create_village(args.village, args.town, args.county, cadre_name=args.cadre)
    print(t("cli.init_done", name=village.name, path=db_path(args)))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import load_demo

    open_db(args, create=True)
    result = load_demo()
    print(t(f"cli.demo_{result}", path=db_path(args)))
    if args.open:
        close_database()
        return cmd_app(args)
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from . import ledger

    as_of = as_of_arg(args)
    open_db(args, readonly_ok=True)
    summary = ledger.summary(as_of)
    if args.json:
        from . import pace

        out = summary.as_dict()
        by_id = {p.project_id: p.as_dict() for p in pace.board(as_of)}
        for fig, row in zip(summary.projects, out["projects"], strict=True):
            if fig.id in by_id:
                row["pace"] = by_id[fig.id]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        from .summary_table import render

        sys.stdout.write(render(summary) + "\n")
    return EXIT_OK


register(
    zh={
        "cli.description": "秀美屋场台账：认捐、到账、支出、投工和节点，离线使用。不带命令时打开界面。",
        "cli.command": "命令",
        "cli.help": "显示帮助并退出",
        "cli.no_app": "这里只能运行命令；打开台账界面请运行 xiumei",
        "cli.db": "数据库文件（默认在用户数据文件夹，也可用环境变量 XIUMEI_DB）",
        "cli.lang": "界面语言：zh 中文（默认），en 英文",
        "cli.init": "新建一个村的数据库",
        "cli.village": "村名",
        "cli.town": "所属镇",
        "cli.county": "所属市/县",
        "cli.cadre": "填报人（写入修改记录）",
        "cli.demo": "装入演示数据：涟源市白马镇桐柏村（重复运行不会重复装入）",
        "cli.demo_open": "装入后打开界面",
        "cli.summary": "各屋场资金、投工和进度汇总",
        "cli.as_of": "截至日期，默认今天；之后的记录不计入",
        "cli.json": "输出 JSON（金额单位：分）",
        "cli.bad_args": "命令参数有误：{detail}（运行 {prog} -h 查看用法）",
        "cli.bad_date": "{option} 的值“{text}”不是日期，应为 YYYY-MM-DD，如 2026-05-26",
        "cli.bad_date_detail": "{option}：{message}",
        "cli.init_done": "已建立“{name}”的数据库：{path}",
        "cli.demo_created": "已装入桐柏村演示数据：{path}",
        "cli.demo_present": "演示数据已经在数据库里，未作改动：{path}",
        "argparse.usage": "用法：",
        "cli.meta_path": "路径",
        "cli.meta_file": "文件.xlsx",
        "argparse.positional": "位置参数",
        "argparse.options": "选项",
        "argparse.argument": "参数 %(argument_name)s：%(message)s",
        "argparse.invalid_choice": "没有 %(value)r 这一项，可选：%(choices)s",
        "argparse.required": "缺少必需的参数：%s",
        "argparse.unrecognized": "不认识的参数：%s",
        "argparse.expected_one": "后面应跟一个值",
        "argparse.expected_at_most_one": "后面最多跟一个值",
        "argparse.expected_at_least_one": "后面至少跟一个值",
        "argparse.ambiguous": "选项 %(option)s 不明确，可能是：%(matches)s",
        "argparse.invalid_value": "%(value)r 不是有效的值",
        "argparse.not_allowed_with": "不能与 %s 同时使用",
        "argparse.one_required": "%s 中必须给出一个",
        "argparse.ignored": "多余的值 %r 已忽略",
    },
    en={
        "cli.no_app": "only commands run here; to open the ledger app run xiumei",
        "cli.description": "Village homestead project tracker (Xiumei Wuchang): pledges, receipts, spending, labour and milestones, offline. Without a command it opens the app.",
        "cli.command": "command",
        "cli.help": "show this help and exit",
        "cli.db": "database file (default: in the user data folder; or set XIUMEI_DB)",
        "cli.lang": "language: zh Chinese (default), en English",
        "cli.init": "create a village database",
        "cli.village": "village name",
        "cli.town": "town",
        "cli.county": "county or city",
        "cli.cadre": "name of the cadre (written into the audit log)",
        "cli.demo": "load the demo village 桐柏村, 白马镇, 涟源市 (running it twice changes nothing)",
        "cli.demo_open": "open the app after loading",
        "cli.summary": "money, labour and progress of every project",
        "cli.as_of": "as-of date, default today; later records are left out",
        "cli.json": "print JSON (money in integer fen)",
        "cli.bad_args": "bad arguments: {detail} (run {prog} -h for usage)",
        "cli.bad_date": '{option} "{text}" is not a date; expected YYYY-MM-DD, e.g. 2026-05-26',
        "cli.bad_date_detail": "{option}: {message}",
        "cli.init_done": 'Created the database of "{name}": {path}',
        "cli.demo_created": "Loaded the 桐柏村 demo: {path}",
        "cli.demo_present": "The demo is already in the database; nothing changed: {path}",
        "argparse.usage": "usage: ",
        "cli.meta_path": "PATH",
        "cli.meta_file": "FILE.xlsx",
        "argparse.positional": "positional arguments",
        "argparse.options": "options",
        "argparse.argument": "argument %(argument_name)s: %(message)s",
        "argparse.invalid_choice": "invalid choice: %(value)r (choose from %(choices)s)",
        "argparse.required": "the following arguments are required: %s",
        "argparse.unrecognized": "unrecognized arguments: %s",
        "argparse.expected_one": "expected one argument",
        "argparse.expected_at_most_one": "expected at most one argument",
        "argparse.expected_at_least_one": "expected at least one argument",
        "argparse.ambiguous": "ambiguous option: %(option)s could match %(matches)s",
        "argparse.invalid_value": "invalid %(type)s value: %(value)r",
        "argparse.not_allowed_with": "not allowed with argument %s",
        "argparse.one_required": "one of the arguments %s is required",
        "argparse.ignored": "ignored explicit argument %r",
    },
)
