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
    },
    en={
        "cli.internal": "internal error; details were written to {path}, please send that file to the maintainers",
        "db.missing": "Database file {path} not found; run xiumei init or xiumei demo first",
        "db.too_new": "Database {path} was written by a newer xiumei and cannot be opened by this version; upgrade xiumei (the file was not changed)",
        "db.not_ours": "{path} is not a xiumei database (the file was not changed)",
        "db.unreadable": "Cannot read database {path}: damaged or not an SQLite database (the file was not changed)",
    },
)
