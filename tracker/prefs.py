"""Everything xiumei remembers for the user between sessions, and nothing else does.

Small JSON files hold the user's choices — never money, never village data, which live in the
database. The language is the user's, so it sits in ``prefs.json`` in the data folder
(``config.data_dir``). Everything else belongs to the village database it was chosen with, so it
sits beside that database (``xiumei.db`` → ``xiumei.prefs.json``): the folders last exported to and
imported from, and the last work type of the labour forms. The source of funds and a new
contributor's kind are never carried over from one entry to the next: the source follows the
contributor. A second village's database never
opens with the first one's folders. With no database open they fall back to the data folder's file. Each choice has a typed reader that falls back to a sensible default when the file is
missing, unreadable or holds something unexpected, and a writer that never fails the user's
action: a data folder that cannot be written only costs the memory.
"""

from __future__ import annotations

import json
from pathlib import Path

import peewee as pw

from models import database_proxy

from . import config
from .i18n import LANGS

FILE_NAME = "prefs.json"

_LANG, _EXPORT_DIR, _IMPORT_DIR = "lang", "export_dir", "import_dir"
_WORK_TYPE = "last_work_type"


def path() -> Path:
    """The user's file: the language, and everything else while no database is open."""
    return config.data_dir() / FILE_NAME


def database_path() -> Path:
    """The file beside the open village database; the user's file when none is open."""
    db = database_proxy.obj
    name = getattr(db, "database", None)
    # Not ``is_closed()``: a connection is per thread, and a worker's save belongs to the same file.
    # A server database (a town's PostgreSQL) has no folder: its choices are the user's.
    if not isinstance(db, pw.SqliteDatabase) or not name or name == ":memory:":
        return path()
    db_file = Path(name)
    return db_file.with_name(db_file.stem + ".prefs.json")


def load(target: Path | None = None) -> dict[str, object]:
    """Everything remembered in ``target`` (default: the user's file); {} when it cannot be read."""
    try:
        stored = json.loads((target or path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


def _load_db() -> dict[str, object]:
    return load(database_path())


def _save(_target: Path | None = None, **changes: object) -> None:
    """Merge ``changes`` into the file; a folder that cannot be written leaves it as it was."""
    target = _target or database_path()
    prefs = {**load(target), **changes}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(prefs, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(target)  # atomic on Windows and POSIX: a crash never leaves half a file
    except OSError:
        pass


# --- language ------------------------------------------------------------------------------------


def language() -> str | None:
    """The language chosen in the app's settings; None when none was (or it is not one we have)."""
    value = load().get(_LANG)
    return value if value in LANGS else None  # type: ignore[return-value]


def set_language(lang: str) -> None:
    _save(path(), **{_LANG: lang})


# --- folders -------------------------------------------------------------------------------------


def export_folder() -> Path:
    """The folder last exported to, else the user's Documents folder, else their home."""
    return _folder(_EXPORT_DIR)


def set_export_folder(folder: Path) -> None:
    _save(**{_EXPORT_DIR: str(folder)})


def import_folder() -> Path:
    """The folder last imported from, else the user's Documents folder, else their home."""
    return _folder(_IMPORT_DIR)


def set_import_folder(folder: Path) -> None:
    _save(**{_IMPORT_DIR: str(folder)})


def _folder(key: str) -> Path:
    remembered = _load_db().get(key)
    if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


# --- the forms' last choices ---------------------------------------------------------------------


def last_work_type() -> str:
    value = _load_db().get(_WORK_TYPE)
    return value if isinstance(value, str) else ""


def remember(*, work_type: str | None = None) -> None:
    """Save the labour forms' work type as the next form's default."""
    if work_type is not None:
        _save(**{_WORK_TYPE: work_type})
