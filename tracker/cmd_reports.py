"""Commands ``report``, ``notice`` and ``receipt``: the writers in ``tracker.reports`` from the CLI.

Each command parses its options first (a bad date stops it before the database is opened),
builds the report's data from the ledger, writes the file and prints where it went.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pendulum

from .errors import UserError
from .i18n import get_lang, register, t

EXIT_OK = 0
REPORT_FORMATS = ("xlsx", "html", "csv", "md")
NOTICE_FORMATS = ("html", "xlsx", "text")
MAX_NOTICE_DAYS = 365


def add_commands(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("report", help=t("rep.cmd"), description=t("rep.cmd_desc"), add_help=False)
    common(p)
    p.add_argument("--format", choices=REPORT_FORMATS, default="xlsx", help=t("rep.opt_format"))
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("rep.opt_as_of"))
    p.add_argument("--project", metavar=t("rep.meta_name"), help=t("rep.opt_project"))
    p.add_argument("-o", "--output", metavar="PATH", help=t("rep.opt_output"))
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("notice", help=t("notice.cmd"), description=t("notice.cmd_desc"), add_help=False)
    common(p)
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=t("notice.opt_from"))
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=t("notice.opt_to"))
    p.add_argument("--project", metavar=t("rep.meta_name"), help=t("rep.opt_project"))
    p.add_argument("--format", choices=NOTICE_FORMATS, default="html", help=t("notice.opt_format"))
    p.add_argument("--days", type=_days, default=7, metavar="N", help=t("notice.opt_days"))
    p.add_argument("-o", "--output", metavar="PATH", help=t("notice.opt_output"))
    p.set_defaults(handler=cmd_notice)

    p = sub.add_parser("receipt", help=t("receipt.cmd"), description=t("receipt.cmd_desc"), add_help=False)
    common(p)
    p.add_argument("voucher", metavar=t("receipt.meta_voucher"), help=t("receipt.opt_voucher"))
    p.add_argument("-o", "--output", metavar="PATH", help=t("receipt.opt_output"))
    p.set_defaults(handler=cmd_receipt)


def _days(text: str) -> int:
    from .reports import notice  # noqa: F401  # registers the message below

    try:
        value = int(text)
    except ValueError:
        raise UserError("notice.bad_days", days=text) from None
    if value < 1:
        raise UserError("notice.bad_days", days=text)
    if value > MAX_NOTICE_DAYS:  # a notice is posted for days or weeks; a huge N overflows the calendar
        raise UserError("notice.too_many_days", days=text, most=MAX_NOTICE_DAYS)
    return value


def _date_option(args: argparse.Namespace, name: str, option: str) -> pendulum.Date | None:
    from .cli import date_arg

    value = getattr(args, name, None)
    return date_arg(value, option) if value else None


def output_path(option: str | None, default_name: str, *, folder_ok: bool = False) -> Path:
    """Where to write: ``-o`` as given, inside it if it is a folder, or the default name here.

    A path without an extension gets the default's (``-o 周报`` writes ``周报.xlsx``); with
    ``folder_ok`` (csv) a folder is where the files go, and no extension is added.
    """
    if not option:
        return Path.cwd() / default_name
    path = Path(option).expanduser().absolute()
    if path.is_dir():
        return path if folder_ok else path / default_name
    if not path.suffix and not folder_ok:
        return path.with_name(path.name + Path(default_name).suffix)
    return path


def _write(write: Callable[[Path], Path], path: Path) -> Path:
    try:
        return write(path)
    except OSError as exc:  # e.g. the file is open in Excel (Windows locks it), or a read-only folder
        raise UserError("rep.cannot_write", path=path, detail=exc.strerror or exc) from None


def cmd_report(args: argparse.Namespace) -> int:
    from . import cli
    from .reports import build, default_name, extension, resolve_project, write_report

    as_of = cli.as_of_arg(args)
    cli.open_db(args, readonly_ok=True)
    project = resolve_project(args.project)
    data = build(as_of, project=project, lang=get_lang())
    fmt = args.format
    path = output_path(args.output, default_name(data, extension(fmt)), folder_ok=fmt == "csv")
    written = _write(lambda p: write_report(data, fmt, p), path)
    print(t("rep.written", path=written))
    if fmt == "csv" and written.is_dir():
        from .reports.report_csv import file_names

        stem = path.stem if path.suffix.lower() == ".csv" else None
        for name in file_names(data, stem):
            print(f"  {name}")
    return EXIT_OK


def cmd_notice(args: argparse.Namespace) -> int:
    from . import cli
    from .reports import notice, resolve_project

    date_from = _date_option(args, "date_from", "--from")
    date_to = _date_option(args, "date_to", "--to")
    cli.open_db(args, readonly_ok=True)
    project = resolve_project(args.project)
    data = notice.build(date_from, date_to, project=project, days=args.days, lang=get_lang())
    if args.format == "text" and not args.output:
        sys.stdout.write(notice.render_text(data))
        return EXIT_OK
    path = output_path(args.output, notice.default_name(data, args.format))
    written = _write(lambda p: notice.write_notice(data, args.format, p), path)
    print(t("rep.written", path=written))
    return EXIT_OK


def cmd_receipt(args: argparse.Namespace) -> int:
    from . import cli
    from .reports import receipt_html

    cli.open_db(args, readonly_ok=True)
    data = receipt_html.find(args.voucher, lang=get_lang())
    path = output_path(args.output, receipt_html.default_name(data))
    written = _write(lambda p: receipt_html.write_receipt(data, p), path)
    print(t("rep.written", path=written))
    if data.row.reversed:
        print(t("receipt.printed_void"))
    return EXIT_OK


register(
    zh={
        "rep.cmd": "生成报镇里的进度汇总表（xlsx、html、csv 或 md）",
        "rep.cmd_desc": "生成秀美屋场建设进度汇总表：进度汇总、资金明细、支出明细、投工明细、节点进度。",
        "rep.opt_format": "格式：xlsx（默认）、html（可直接打印）、csv（压缩包或文件夹）、md",
        "rep.opt_as_of": "截至日期，默认今天；之后的记录不计入",
        "rep.meta_name": "屋场名称",
        "rep.opt_project": "只含这个屋场（默认全部）",
        "rep.opt_output": "输出文件；默认在当前文件夹，如 桐柏村进度汇总_2026-11-28.xlsx。"
        "csv：以 .zip 结尾写一个压缩包，否则写到文件夹里，每张表一个文件",
        "rep.written": "已写入：{path}",
        "rep.cannot_write": "无法写入 {path}：{detail}（文件是否正在 Excel 或其他程序中打开？）",
        "notice.cmd": "生成村务公开的资金收支公示（html、xlsx 或微信群文字）",
        "notice.cmd_desc": "逐笔公示一段时间内收到的资金、捐赠物资和支出，写明公示期。"
        "默认期间为本月1日至今天；冲销的错账不列入，另附更正说明。",
        "notice.opt_from": "公示期间开始日期，默认为结束日期所在月的1日",
        "notice.opt_to": "公示期间结束日期，默认今天",
        "notice.opt_format": "格式：html（默认，可打印张贴）、xlsx、text（发微信群的短文字）",
        "notice.opt_days": "公示天数，默认 7 天，从今天（或期间结束日，若更晚）算起",
        "notice.too_many_days": "--days 应为 1 到 {most} 之间的天数，现在是 {days}",
        "notice.opt_output": "输出文件；默认在当前文件夹。text 格式不给 -o 时直接显示文字",
        "receipt.cmd": "打印一张到账的收款收据（html，两联）",
        "receipt.cmd_desc": "按收据编号生成收款收据（存根和收据两联，金额大小写），用浏览器打印。",
        "receipt.meta_voucher": "收据编号",
        "receipt.opt_voucher": "到账记录的收据编号，如 TB2026-100",
        "receipt.opt_output": "输出文件（.html）；默认在当前文件夹，如 收据_TB2026-100.html",
        "receipt.printed_void": "注意：这张收据所记款项已冲销，收据上已标明“已冲销”。",
    },
    en={
        "rep.cmd": "write the progress report for the town (xlsx, html, csv or md)",
        "rep.cmd_desc": "Write the 秀美屋场 progress report: progress, funds, expenses, labour and milestones.",
        "rep.opt_format": "format: xlsx (default), html (prints as it is), csv (a zip or a folder), md",
        "rep.opt_as_of": "as-of date, default today; later records are left out",
        "rep.meta_name": "NAME",
        "rep.opt_project": "only this project (default: all)",
        "rep.opt_output": "output file; default in the current folder, e.g. 桐柏村-progress_2026-11-28.xlsx. "
        "csv: a path ending in .zip gives one zip, otherwise a folder with one file per table",
        "rep.written": "Written: {path}",
        "rep.cannot_write": "Cannot write {path}: {detail} (is the file open in Excel or another program?)",
        "notice.cmd": "write the public notice of money in and out (html, xlsx or text for WeChat)",
        "notice.cmd_desc": "List every receipt, in-kind gift and expense of a period, item by item, with the "
        "posting period. Default period: the first of this month to today; reversed "
        "entries are left out and named in a correction line.",
        "notice.opt_from": "first day of the period; default: the first of the end date's month",
        "notice.opt_to": "last day of the period; default today",
        "notice.opt_format": "format: html (default, to print and post), xlsx, text (short, for WeChat)",
        "notice.opt_days": "days the notice stays posted, default 7, from today (or the period's end if later)",
        "notice.too_many_days": "--days must be between 1 and {most}, not {days}",
        "notice.opt_output": "output file; default in the current folder. text without -o prints the text",
        "receipt.cmd": "print the receipt of a payment received (html, two copies)",
        "receipt.cmd_desc": "Write a printable receipt (counterfoil and payer's copy, amount in figures and in "
        "capitals) for the receipt with this voucher number; print it from a browser.",
        "receipt.meta_voucher": "VOUCHER",
        "receipt.opt_voucher": "voucher number of the receipt, e.g. TB2026-100",
        "receipt.opt_output": "output file (.html); default in the current folder, e.g. receipt_TB2026-100.html",
        "receipt.printed_void": "Note: this receipt was reversed; it is printed marked as reversed.",
    },
)
