"""Choices a cadre makes again and again, remembered between sessions (prefs.json, never money).

The last source of funds, work type and contributor kind typed in a form become the next form's
defaults, so a run of twenty 群众自筹 receipts needs the source typed once.
"""

from __future__ import annotations

from models import CONTRIBUTOR_KINDS, SOURCES

from . import config

_SOURCE, _WORK_TYPE, _KIND = "last_source", "last_work_type", "last_contributor_kind"


def last_source(default: str = "self_raised") -> str:
    value = config.load_prefs().get(_SOURCE)
    return value if value in SOURCES else default


def last_work_type() -> str:
    value = config.load_prefs().get(_WORK_TYPE)
    return value if isinstance(value, str) else ""


def last_contributor_kind(default: str = "person") -> str:
    value = config.load_prefs().get(_KIND)
    return value if value in CONTRIBUTOR_KINDS else default


def remember(*, source: str | None = None, work_type: str | None = None, kind: str | None = None) -> None:
    """Save the choices given; a prefs file that cannot be written only loses the convenience."""
    changes: dict[str, object] = {}
    if source in SOURCES:
        changes[_SOURCE] = source
    if work_type is not None:
        changes[_WORK_TYPE] = work_type
    if kind in CONTRIBUTOR_KINDS:
        changes[_KIND] = kind
    if not changes:
        return
    try:
        config.save_prefs(**changes)
    except OSError:
        pass
