"""Commands ``report``, ``notice`` and ``receipt``: ``tracker.exports`` from the CLI.

Each command parses its options first (a bad date stops it before the database is opened),
turns them into the same ``ExportRequest`` the export screen makes, writes the file and prints
where it went.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pendulum

from .errors import UserError
from .exports import NOTICE_FORMATS, REPORT_FORMATS, Exported, ExportRequest, build, write_export
from .i18n import get_lang, register, t

EXIT_OK = 0
MAX_NOTICE_DAYS = 365


def add_commands(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("report", help=t("rep.cmd"), description=t("rep.cmd_desc"), add_help=False)
    common(p)
    p.add_argument("--format", choices=REPORT_FORMATS, default=REPORT_FORMATS[0], help=t("rep.opt_format"))
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("rep.opt_as_of"))
    p.add_argument("--project", metavar=t("rep.meta_name"), help=t("rep.opt_project"))
    p.add_argument("-o", "--output", metavar=t("cli.meta_path"), help=t("rep.opt_output"))
    p.add_argument("--force", action="store_true", help=t("rep.opt_force"))
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("notice", help=t("notice.cmd"), description=t("notice.cmd_desc"), add_help=False)
    common(p)
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=t("notice.opt_from"))
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=t("notice.opt_to"))
    p.add_argument("--project", metavar=t("rep.meta_name"), help=t("rep.opt_project"))
    p.add_argument("--format", choices=NOTICE_FORMATS, default=NOTICE_FORMATS[0], help=t("notice.opt_format"))
    p.add_argument("--days", type=_days, metavar="N", help=t("notice.opt_days"))
    p.add_argument("-o", "--output", metavar=t("cli.meta_path"), help=t("notice.opt_output"))
    p.add_argument("--force", action="store_true", help=t("rep.opt_force"))
    p.set_defaults(handler=cmd_notice)

    p = sub.add_parser("receipt", help=t("receipt.cmd"), description=t("receipt.cmd_desc"), add_help=False)
    common(p)
    p.add_argument("voucher", metavar=t("receipt.meta_voucher"), help=t("receipt.opt_voucher"))
    p.add_argument("-o", "--output", metavar=t("cli.meta_path"), help=t("receipt.opt_output"))
    p.add_argument("--force", action="store_true", help=t("rep.opt_force"))
    p.set_defaults(handler=cmd_receipt)


def _days(text: str) -> int:
    from .reports import notice_data  # noqa: F401  # registers the message below

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


def _print(exported: Exported) -> None:
    print(t("rep.written", path=exported.path))
    for name in exported.files:
        print(f"  {name}")
    for note in exported.notes:
        print(note)


def cmd_report(args: argparse.Namespace) -> int:
    from . import cli
    from .reports import resolve_project

    as_of = cli.as_of_arg(args)
    cli.open_db(args, readonly_ok=True)
    project = resolve_project(args.project)
    request = ExportRequest(
        "report",
        args.format,
        Path.cwd(),
        get_lang(),
        as_of=as_of,
        project=project,
        output=args.output,
        overwrite=args.force,
    )
    _print(write_export(request))
    return EXIT_OK


def cmd_notice(args: argparse.Namespace) -> int:
    from . import cli
    from .reports import resolve_project

    date_from = _date_option(args, "date_from", "--from")
    date_to = _date_option(args, "date_to", "--to")
    cli.open_db(args, readonly_ok=True)
    project = resolve_project(args.project)
    request = ExportRequest(
        "notice",
        args.format,
        Path.cwd(),
        get_lang(),
        date_from=date_from,
        date_to=date_to,
        project=project,
        days=args.days,
        output=args.output,
        overwrite=args.force,
    )
    if args.format == "text" and not args.output:
        from .reports.notice_text import render_text

        sys.stdout.write(render_text(build(request)))
        return EXIT_OK
    _print(write_export(request))
    return EXIT_OK


def cmd_receipt(args: argparse.Namespace) -> int:
    from . import cli

    cli.open_db(args, readonly_ok=True)
    request = ExportRequest(
        "receipt",
        "html",
        Path.cwd(),
        get_lang(),
        voucher=args.voucher,
        output=args.output,
        overwrite=args.force,
    )
    _print(write_export(request))
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
        "rep.opt_force": "文件已存在时覆盖",
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
    },
    en={
        "rep.cmd": "write the progress report for the town (xlsx, html, csv or md)",
        "rep.cmd_desc": "Write the homestead project progress report: progress, funds, expenses, labour and milestones.",
        "rep.opt_format": "format: xlsx (default), html (prints as it is), csv (a zip or a folder), md",
        "rep.opt_as_of": "as-of date, default today; later records are left out",
        "rep.meta_name": "NAME",
        "rep.opt_project": "only this project (default: all)",
        "rep.opt_output": "output file; default in the current folder, e.g. 桐柏村-progress_2026-11-28.xlsx. "
        "csv: a path ending in .zip gives one zip, otherwise a folder with one file per table",
        "rep.written": "Written: {path}",
        "rep.opt_force": "overwrite the file if it exists",
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
    },
)
