"""Where the database and the user's preferences live.

The database is one SQLite file in the user's data folder (platformdirs), overridable with
``--db PATH`` or ``XIUMEI_DB``. ``XIUMEI_DATA_DIR`` moves the whole folder (tests use it to keep
the user's real data out of reach).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

DB_NAME = "xiumei.db"


def data_dir() -> Path:
    override = os.environ.get("XIUMEI_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("xiumei", appauthor=False))


def resolve_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("XIUMEI_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_NAME


def _prefs_path() -> Path:
    return data_dir() / "prefs.json"


def load_prefs() -> dict:
    """Per-user choices (language, last export folder, last source used); never money."""
    try:
        return json.loads(_prefs_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_prefs(**changes: object) -> dict:
    prefs = {**load_prefs(), **changes}
    path = _prefs_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(prefs, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)  # atomic on Windows and POSIX: a crash never leaves half a file
    return prefs
