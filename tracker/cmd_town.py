"""Commands of the way up: ``send`` (village or town), ``receive`` and ``town init|summary|report``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import UserError
from .exchange import messages  # noqa: F401  (registers the messages below)
from .i18n import t

EXIT_OK, EXIT_USAGE = 0, 2
REPORT_FORMATS = ("xlsx", "html", "csv", "md")


def add_commands(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("send", help=t("cli.send"), description=t("cli.send"), add_help=False)
    common(p)
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("cli.send_as_of"))
    p.add_argument("-o", "--output", metavar="PATH", help=t("cli.send_output"))
    p.add_argument("--photos", action="store_true", help=t("cli.send_photos"))
    p.set_defaults(handler=cmd_send)

    p = sub.add_parser("receive", help=t("cli.receive"), description=t("cli.receive"), add_help=False)
    common(p)
    p.add_argument("files", nargs="+", metavar="FILE", help=t("cli.receive_files"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.receive_dry"))
    p.add_argument("--accept-new-key", dest="accept_new_key", metavar="REASON", help=t("cli.receive_key"))
    p.set_defaults(handler=cmd_receive)

    p = sub.add_parser("town", help=t("cli.town"), description=t("cli.town"), add_help=False)
    common(p)
    town = p.add_subparsers(
        dest="town_command", metavar=t("cli.command"), parser_class=type(p), required=True
    )
    q = town.add_parser("init", help=t("cli.town_init"), description=t("cli.town_init"), add_help=False)
    common(q)
    q.add_argument("--town", default="", help=t("cli.town_town"))
    q.add_argument("--county", default="", help=t("cli.county"))
    q.set_defaults(handler=cmd_town_init)
    q = town.add_parser(
        "summary", help=t("cli.town_summary"), description=t("cli.town_summary"), add_help=False
    )
    common(q)
    q.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("cli.town_summary_as_of"))
    q.add_argument("--json", action="store_true", help=t("cli.json"))
    q.set_defaults(handler=cmd_town_summary)
    q = town.add_parser("report", help=t("cli.town_report"), description=t("cli.town_report"), add_help=False)
    common(q)
    q.add_argument("--format", choices=REPORT_FORMATS, default="xlsx", help=t("rep.opt_format"))
    q.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=t("cli.town_summary_as_of"))
    q.add_argument("-o", "--output", metavar="PATH", help=t("rep.opt_output"))
    q.set_defaults(handler=cmd_town_report)


def _optional_as_of(args: argparse.Namespace):
    from .cli import as_of_arg

    return as_of_arg(args) if getattr(args, "as_of", None) else None


def cmd_send(args: argparse.Namespace) -> int:
    from . import cli
    from .exchange import bundle, keys

    as_of = cli.as_of_arg(args)
    location = cli.db_path(args)
    cli.open_db(args)
    if keys.is_town_level():
        built = bundle.build_town()
        message = ("send.done_town", {"count": built.manifest["counts"]["villages"]})
    else:
        photos = Path(location).parent if args.photos and isinstance(location, Path) else None
        built = bundle.build_village(as_of, photos=photos)
        message = ("send.done", {"count": sum(built.manifest["counts"].values()), "as_of": as_of.isoformat()})
    path = Path(args.output) if args.output else Path.cwd() / built.name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(built.data)
    tmp.replace(path)  # a half-written bundle never carries the final name
    print(t(message[0], path=path, **message[1]))
    return EXIT_OK


def cmd_receive(args: argparse.Namespace) -> int:
    from . import cli
    from .exchange.receive import receive_data

    cli.open_db(args)
    refused = False
    for name in args.files:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            cli._fail(t("bundle.unreadable", file=name, detail=exc.strerror or exc))
            refused = True
            continue
        outcomes = receive_data(
            data, Path(name).name, dry_run=args.dry_run, accept_new_key=args.accept_new_key
        )
        if args.dry_run:
            print(t("recv.dry_head", file=name))
        for outcome in outcomes:
            if outcome.error is not None:
                cli._fail(outcome.error.message())
                refused = True
                continue
            _print_outcome(outcome.plan, args.dry_run, args.accept_new_key)
    return EXIT_USAGE if refused else EXIT_OK


def _print_outcome(plan, dry_run: bool, reason: str | None) -> None:
    added, changed, removed = plan.totals()
    names = {"village": plan.village_name, "as_of": plan.as_of}
    if plan.outcome == "unchanged":
        print(t("recv.dry_unchanged" if dry_run else "recv.unchanged", **names))
        return
    counts = {"added": added, "changed": changed, "removed": removed}
    if dry_run:
        print(t("recv.dry_village", **names, **counts))
        for table, c in plan.counts().items():
            if any(c.values()):
                print(t("recv.dry_table", table=t(f"table.{table}"), **c))
        return
    print(t("recv.added", **names, **counts))
    if plan.new_key:
        print(t("recv.new_key", village=plan.village_name, reason=reason))


def cmd_town_init(args: argparse.Namespace) -> int:
    from . import cli
    from .exchange import keys

    town, county = args.town.strip(), args.county.strip()
    if not town and not county:
        raise UserError("town.need_name")
    location = cli.db_path(args)
    if isinstance(location, Path) and location.exists() and location.stat().st_size > 0:
        cli.open_db(args)
        if keys.site().level != "village" or _has_village():
            raise UserError("town.not_empty")
    cli.open_db(args, create=True)
    site = keys.make_town(town, county)
    print(t("town.init_done", level=t(f"town.level.{site.level}"), name=town or county, path=location))
    return EXIT_OK


def _has_village() -> bool:
    from models import Village

    return Village.select().exists()


def _town_db(args: argparse.Namespace) -> None:
    from . import cli
    from .exchange import keys

    cli.open_db(args)
    if not keys.is_town_level():
        raise UserError("town.village_db")


def cmd_town_summary(args: argparse.Namespace) -> int:
    from .exchange.town_ledger import town_summary

    as_of = _optional_as_of(args)
    _town_db(args)
    summary = town_summary(as_of)
    if args.json:
        sys.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from .exchange.town_report import render_text

        sys.stdout.write(render_text(summary) + "\n")
    return EXIT_OK


def cmd_town_report(args: argparse.Namespace) -> int:
    from .exchange import town_report
    from .exchange.town_ledger import town_summary

    as_of = _optional_as_of(args)
    _town_db(args)
    summary = town_summary(as_of)
    data = town_report.build(summary)
    path = Path(args.output) if args.output else Path.cwd() / town_report.default_name(summary, args.format)
    written = town_report.write(data, args.format, path)
    print(t("town.report_done", path=written))
    return EXIT_OK
