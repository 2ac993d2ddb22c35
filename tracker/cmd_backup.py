"""Commands ``backup`` and ``restore``: ``tracker.backup`` from the CLI."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from .i18n import register, t

EXIT_OK = 0


def add_commands(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("backup", help=t("backup.cmd"), description=t("backup.cmd_desc"), add_help=False)
    common(p)
    p.add_argument("-o", "--output", metavar="PATH", help=t("backup.opt_output"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=t("restore.cmd"), description=t("restore.cmd_desc"), add_help=False)
    common(p)
    p.add_argument("file", metavar=t("restore.meta_file"), help=t("restore.opt_file"))
    p.set_defaults(handler=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from . import backup, cli

    written = backup.backup(cli.db_path(args), Path(args.output) if args.output else None)
    print(t("backup.written", path=written))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from . import backup, cli

    done = backup.restore(cli.db_path(args), Path(args.file))
    print(t("restore.done", source=done.source, path=done.database))
    for moved in done.moved:
        print(t("restore.kept", path=moved))
    return EXIT_OK


register(
    zh={
        "backup.cmd": "备份数据库（程序开着时也可以）",
        "backup.cmd_desc": "用 SQLite 的在线备份把数据库完整复制一份并检查；默认放在数据库旁边，"
        "文件名含村名和时间，如 桐柏村_备份_2026-11-28_093012.db。",
        "backup.opt_output": "备份文件或文件夹（如 U 盘）；默认在数据库旁边",
        "backup.written": "已备份并检查完好：{path}",
        "restore.cmd": "从备份恢复数据库",
        "restore.cmd_desc": "先检查备份文件完好、是本程序能打开的 xiumei 数据库，再把现在的数据库"
        "（连同 -wal、-shm 文件）改名留在原处，不删除，然后换上备份。请先关闭 xiumei 的窗口。",
        "restore.meta_file": "备份文件",
        "restore.opt_file": "xiumei backup 或自动备份得到的 .db 文件",
        "restore.done": "已用 {source} 恢复数据库：{path}",
        "restore.kept": "原来的文件已改名保留：{path}",
    },
    en={
        "backup.cmd": "back up the database (also while the app is open)",
        "backup.cmd_desc": "Copy the whole database through SQLite's online backup and check the copy; by "
        "default beside the database, named with the village and the time, e.g. "
        "桐柏村_backup_2026-11-28_093012.db.",
        "backup.opt_output": "backup file or folder (e.g. a USB stick); default beside the database",
        "backup.written": "Backed up and checked: {path}",
        "restore.cmd": "restore the database from a backup",
        "restore.cmd_desc": "Check that the file is a healthy xiumei database this version can open, move "
        "the current database (with its -wal and -shm files) aside under a new name, never "
        "deleting it, and put the backup in its place. Close the xiumei window first.",
        "restore.meta_file": "FILE",
        "restore.opt_file": "a .db file made by xiumei backup or by the daily automatic backup",
        "restore.done": "Restored {path} from {source}",
        "restore.kept": "The file it replaced was kept as: {path}",
    },
)
