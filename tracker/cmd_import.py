"""``xiumei import FILE.xlsx [--dry-run]`` and ``xiumei template [-o PATH]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import cli
from .i18n import register, t
from .text_table import table

if TYPE_CHECKING:
    from .importer import ImportResult


def add_commands(
    subparsers: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]
) -> None:
    p = subparsers.add_parser(
        "import", help=t("cli.import"), description=t("cli.import_long"), add_help=False
    )
    common(p)
    p.add_argument("file", nargs="?", metavar=t("cli.meta_file"), help=t("cli.import_file"))
    p.add_argument("--dry-run", dest="dry_run", action="store_true", help=t("cli.import_dry_run"))
    p.add_argument("--undo", type=int, metavar="N", help=t("cli.import_undo"))
    p.add_argument("--list", dest="list_imports", action="store_true", help=t("cli.import_list"))
    p.set_defaults(handler=cmd_import)

    p = subparsers.add_parser(
        "template", help=t("cli.template"), description=t("cli.template"), add_help=False
    )
    common(p)
    p.add_argument("-o", "--output", metavar=t("cli.meta_path"), default=None, help=t("cli.template_output"))
    p.add_argument("--force", action="store_true", help=t("cli.template_force"))
    p.add_argument("--from-project", dest="from_project", metavar="NAME", help=t("cli.template_from"))
    p.set_defaults(handler=cmd_template)


WARNINGS_SHOWN = 50  # an old 台账 may raise hundreds (new contributors, year-old dates)


def cmd_import(args: argparse.Namespace) -> int:
    from .errors import UserError
    from .importer import ImportProblems, batches, import_workbook

    if args.undo is not None or args.list_imports:
        cli.open_db(args)
        if args.list_imports:
            print(render_batches(batches.batches()))
            return cli.EXIT_OK
        print(render_undone(batches.undo(args.undo)))
        return cli.EXIT_OK
    if not args.file:
        raise UserError("cli.import_what")
    path = Path(args.file)
    cli.open_db(args)
    try:
        result = import_workbook(path, dry_run=args.dry_run)
    except ImportProblems as exc:
        print(f"xiumei: {exc.message()}", file=sys.stderr)
        for problem in exc.problems:
            print(problem.message(), file=sys.stderr)
        return cli.EXIT_USAGE
    print(render(result))
    return cli.EXIT_OK


def render(result: ImportResult) -> str:
    """What an import added and skipped, per sheet, in the current language."""
    dry = result.dry_run
    lines = [t("import.title_dry" if dry else "import.title", path=result.path)]
    header = [
        t("import.col_sheet"),
        t("import.col_added_dry" if dry else "import.col_added"),
        t("import.col_skipped"),
        t("import.col_updated_dry" if dry else "import.col_updated"),
    ]
    rows = [[s.sheet, s.added, s.skipped, s.updated] for s in result.sheets]
    lines.append(table(header, rows))
    if result.new_contributors or result.new_people:
        key = "import.new_names_dry" if dry else "import.new_names"
        lines.append(t(key, contributors=result.new_contributors, people=result.new_people))
    for title, columns in result.ignored_columns.items():
        lines.append(t("import.ignored_columns", sheet=title, columns="、".join(columns)))
    if result.ignored_sheets:
        lines.append(t("import.ignored_sheets", sheets="、".join(result.ignored_sheets)))
    if result.hidden_sheets:
        lines.append(t("import.hidden_sheets", sheets="、".join(result.hidden_sheets)))
    if result.warnings:
        lines.append(t("import.warnings", count=len(result.warnings)))
        lines += [f"  {w.message()}" for w in result.warnings[:WARNINGS_SHOWN]]
        if len(result.warnings) > WARNINGS_SHOWN:
            lines.append(t("import.warnings_more", count=len(result.warnings) - WARNINGS_SHOWN))
    if not any(s.rows for s in result.sheets):
        lines.append(t("import.no_rows"))
    elif not result.added and not result.updated:
        lines.append(t("import.nothing_new"))
    elif dry:
        lines.append(t("import.dry_hint", name=result.path.name))
    if result.number is not None and (result.added or result.updated):
        key = "import.number_dry" if dry else "import.number"
        lines.append(t(key, number=result.number))
    return "\n".join(lines)


def render_batches(found: list) -> str:
    """Every import, newest first: its number, when, the file and what it added."""
    if not found:
        return t("import.no_batches")
    header = [t("import.col_number"), t("import.col_at"), t("import.col_file"), t("import.col_records")]
    rows = [
        [
            f"{b.number}{t('import.undone_mark') if b.undone else ''}",
            _local(b.at),
            b.file,
            b.added,
        ]
        for b in found
    ]
    return table(header, rows)


def _local(at: str) -> str:
    import pendulum

    return pendulum.parse(at).in_timezone(pendulum.local_timezone()).format("YYYY-MM-DD HH:mm")


def render_undone(undone) -> str:
    lines = [t("import.undone", number=undone.number, reversed=undone.reversed, restored=undone.restored)]
    if undone.removed:
        what = t("import.sep").join(f"{t('table.' + k)} {n}" for k, n in undone.removed.items())
        lines.append(t("import.undone_removed", what=what))
    if undone.kept:
        lines.append(t("import.undone_kept", what=t("import.sep").join(undone.kept)))
    return "\n".join(lines)


def cmd_template(args: argparse.Namespace) -> int:
    from .importer.template import write_template

    if args.from_project:
        from .importer.plan_template import plan_file_name, write_plan_template

        cli.open_db(args)
        output = Path(args.output or plan_file_name(args.from_project))
        path = write_plan_template(args.from_project, output, overwrite=args.force)
        print(t("cli.plan_done", name=args.from_project.strip(), path=path, file=path.name))
        return cli.EXIT_OK
    path = write_template(Path(args.output or "台账模板.xlsx"), overwrite=args.force)
    print(t("cli.template_done", path=path, name=path.name))
    return cli.EXIT_OK


register(
    zh={
        "cli.template": "生成空白导入模板（xlsx）",
        "cli.template_output": "保存路径，默认 台账模板.xlsx",
        "cli.template_force": "文件已存在时覆盖",
        "cli.template_from": "照某个屋场的节点、工期和预算生成计划模板，供别的村导入（不含人员和资金记录）",
        "cli.plan_done": "已按“{name}”生成计划模板：{path}\n别的村填上开工日期后运行：xiumei import {file} --dry-run",
        "cli.import": "从 xlsx 工作簿导入台账（格式见 xiumei template）",
        "cli.import_long": (
            "从 xlsx 工作簿导入项目、认捐、到账、筹料、支出、投工和节点。先检查全部行：有任何错误就一条也不导入，"
            "并逐条列出错误；同一文件重复导入不会重复记账。"
        ),
        "cli.import_file": "要导入的 xlsx 文件",
        "cli.import_dry_run": "只检查并显示将导入什么，不写入",
        "cli.import_undo": "撤销第 N 次导入：冲销它加入的资金记录，删除它加入的其他记录",
        "cli.import_list": "列出各次导入及其编号",
        "cli.import_what": "请给出要导入的 xlsx 文件，或用 --undo N 撤销一次导入、--list 列出各次导入",
        "import.number": "这是第 {number} 次导入；如需整体撤销：xiumei import --undo {number}",
        "import.number_dry": "导入后将是第 {number} 次导入（可用 xiumei import --undo {number} 整体撤销）",
        "import.no_batches": "还没有导入过",
        "import.col_number": "编号",
        "import.col_at": "导入时间",
        "import.col_file": "文件",
        "import.col_records": "记录数",
        "import.undone_mark": "（已撤销）",
        "import.undone": "已撤销第 {number} 次导入：冲销资金记录 {reversed} 条，恢复导入前的节点和村民信息 {restored} 条",
        "import.undone_removed": "删除：{what}",
        "import.sep": "、",
        "import.undone_kept": "保留（其下有已冲销的记录）：{what}",
        "import.title": "已导入 {path}",
        "import.title_dry": "试导入 {path}（未写入任何数据）",
        "import.col_sheet": "工作表",
        "import.col_added": "新增",
        "import.col_added_dry": "将新增",
        "import.col_skipped": "已有跳过",
        "import.col_updated": "更新",
        "import.col_updated_dry": "将更新",
        "import.new_names": "新建捐助方 {contributors} 个、村民 {people} 人。",
        "import.new_names_dry": "将新建捐助方 {contributors} 个、村民 {people} 人。",
        "import.ignored_columns": "“{sheet}”表中未识别的列已忽略：{columns}",
        "import.warnings": "请核对以下 {count} 条提醒（不影响导入）：",
        "import.warnings_more": "  ……另有 {count} 条提醒",
        "import.ignored_sheets": "未识别的工作表已忽略：{sheets}",
        "import.nothing_new": "文件中的数据都已在台账中，没有改动。",
        "import.no_rows": "文件里没有要导入的行（空行和示例行不导入），没有改动。",
        "import.dry_hint": "检查通过。去掉 --dry-run 再运行一次即可导入：xiumei import {name}",
    },
    en={
        "cli.template": "write an empty workbook to fill in and import (xlsx)",
        "cli.template_output": "where to save it, default 台账模板.xlsx",
        "cli.template_force": "overwrite the file if it exists",
        "cli.template_from": "write a project's milestones, length and budget as a plan another village imports (no people or money records)",
        "cli.plan_done": 'Wrote the plan of "{name}": {path}\nAnother village fills in its start date and runs: xiumei import {file} --dry-run',
        "cli.import": "import the ledger from an xlsx workbook (format: see xiumei template)",
        "cli.import_long": (
            "Import projects, pledges, receipts, in-kind gifts, expenses, labour and milestones from an "
            "xlsx workbook. Every row is checked first: if any is wrong nothing is imported and every "
            "problem is listed; importing the same file again adds nothing."
        ),
        "cli.import_file": "the xlsx file to import",
        "cli.import_dry_run": "only check and show what would be imported; write nothing",
        "cli.import_undo": "undo import number N: reverse the money records it added, delete the rest it added",
        "cli.import_list": "list the imports and their numbers",
        "cli.import_what": "give the xlsx file to import, or --undo N to undo an import, --list to list them",
        "import.number": "This is import {number}; to undo it as a whole: xiumei import --undo {number}",
        "import.number_dry": "It would be import {number} (undone as a whole with xiumei import --undo {number})",
        "import.no_batches": "Nothing has been imported yet",
        "import.col_number": "No.",
        "import.col_at": "When",
        "import.col_file": "File",
        "import.col_records": "Records",
        "import.undone_mark": " (undone)",
        "import.undone": "Import {number} undone: {reversed} money {reversed|record|records} reversed, {restored} {restored|milestone or villager|milestones and villagers} restored",
        "import.undone_removed": "Deleted: {what}",
        "import.sep": ", ",
        "import.undone_kept": "Kept (they hold reversed entries): {what}",
        "import.title": "Imported {path}",
        "import.title_dry": "Dry run of {path} (nothing written)",
        "import.col_sheet": "Sheet",
        "import.col_added": "Added",
        "import.col_added_dry": "To add",
        "import.col_skipped": "Already there",
        "import.col_updated": "Updated",
        "import.col_updated_dry": "To update",
        "import.new_names": "New contributors: {contributors}; new villagers: {people}.",
        "import.new_names_dry": "Would create contributors: {contributors}; villagers: {people}.",
        "import.ignored_columns": "Unknown columns in sheet {sheet} were ignored: {columns}",
        "import.warnings": "Please look over these {count} warning(s) (they did not stop the import):",
        "import.warnings_more": "  … and {count} more",
        "import.ignored_sheets": "Unknown sheets were ignored: {sheets}",
        "import.nothing_new": "Everything in the file is already in the ledger; nothing changed.",
        "import.no_rows": "The file has no rows to import (blank and example rows are skipped); nothing changed.",
        "import.dry_hint": "No problems found. Run again without --dry-run to import: xiumei import {name}",
    },
)
