"""Errors a user sees: each names the field (and row, for imports) and what is expected."""

from __future__ import annotations

from .i18n import t


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
