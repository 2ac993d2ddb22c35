"""Errors a user sees: each names the field (and row, for imports) and what is expected."""

from __future__ import annotations

from .i18n import register, t


class UserError(Exception):
    """A problem the user can fix; rendered in the current language, never as a traceback."""

    def __init__(self, key: str, **kwargs: object) -> None:
        super().__init__(key)
        self.key = key
        self.kwargs = kwargs

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.kwargs)

    def __str__(self) -> str:
        return self.message()


class FieldError(Exception):
    """One field is wrong. ``field`` is the form field or column key, e.g. "amount"."""

    def __init__(self, field: str, key: str, kwargs: dict | None = None) -> None:
        super().__init__(f"{field}: {key}")
        self.field = field
        self.key = key
        self.kwargs = kwargs or {}

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.kwargs)


class ValidationError(UserError):
    """One or more fields are wrong; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("error.validation")
        self.errors = errors

    def by_field(self, lang: str | None = None) -> dict[str, str]:
        return {e.field: e.message(lang) for e in self.errors}

    def message(self, lang: str | None = None) -> str:
        return "; ".join(f"{t('field.' + e.field, lang)}: {e.message(lang)}" for e in self.errors)


# Messages for a database file that cannot be used (models.DatabaseError.code) and for a bug,
# shown by the CLI and the app alike.
register(
    zh={
        "cli.internal": "程序内部出错，详情已记录到 {path}，请把这个文件发给维护人员",
        "db.missing": "找不到数据库文件 {path}；先运行 xiumei init 或 xiumei demo",
        "db.too_new": "数据库 {path} 由更新版本的 xiumei 写入，本版本不能打开；请升级 xiumei（文件未作改动）",
        "db.not_ours": "{path} 不是 xiumei 的数据库（文件未作改动）",
        "db.unreadable": "无法读取数据库 {path}：文件已损坏或不是 SQLite 数据库（文件未作改动）",
        "db.locked": "另一个窗口或程序正在写入这个数据库，请稍后再试",
        "db.damaged": "数据库 {path} 已损坏，无法读取；请用 xiumei restore 从备份恢复",
        "db.read_only": "数据库 {path} 或它所在的文件夹是只读的，不能写入",
        "db.read_only_old": "数据库 {path} 需要升级才能打开，但它或它所在的文件夹是只读的；请复制到可写的位置后再打开",
        "db.in_use": "数据库 {path} 正被 xiumei 的窗口或其他程序打开；请先关闭它再恢复",
        "db.backup_missing": "找不到备份文件 {path}",
        "db.cannot_write": "无法写入 {path}：文件夹是只读的或没有写入权限；可用 -o 指定别的位置",
        "db.backup_onto_itself": "不能把备份写到数据库文件本身：{path}",
        "db.backup_would_replace": "{path} 已存在且不是 xiumei 的备份，未覆盖；请换一个文件名",
        "db.restore_onto_itself": "{path} 就是正在使用的数据库，不能用它恢复自己",
    },
    en={
        "cli.internal": "internal error; details were written to {path}, please send that file to the maintainers",
        "db.missing": "Database file {path} not found; run xiumei init or xiumei demo first",
        "db.too_new": "Database {path} was written by a newer xiumei and cannot be opened by this version; upgrade xiumei (the file was not changed)",
        "db.not_ours": "{path} is not a xiumei database (the file was not changed)",
        "db.unreadable": "Cannot read database {path}: damaged or not an SQLite database (the file was not changed)",
        "db.locked": "Another window or program is writing to this database; please try again in a moment",
        "db.damaged": "Database {path} is damaged and cannot be read; restore a backup with xiumei restore",
        "db.read_only": "Database {path} or its folder is read-only; nothing can be written",
        "db.read_only_old": "Database {path} must be upgraded to be opened, but it or its folder is read-only; copy it somewhere writable first",
        "db.in_use": "Database {path} is open in a xiumei window or another program; close it before restoring",
        "db.backup_missing": "Backup file {path} not found",
        "db.cannot_write": "Cannot write {path}: the folder is read-only or not writable for you; choose another place with -o",
        "db.backup_onto_itself": "A backup cannot be written onto the database itself: {path}",
        "db.backup_would_replace": "{path} exists and is not a xiumei backup; it was not overwritten, choose another name",
        "db.restore_onto_itself": "{path} is the database in use; it cannot restore itself",
    },
)
