"""Where xiumei keeps its files: the data folder and the database in it.

The database is one SQLite file in the user's data folder (platformdirs), overridable with
``--db PATH`` or ``XIUMEI_DB``. ``XIUMEI_DATA_DIR`` moves the whole folder (tests use it to keep
the user's real data out of reach). The user's preferences sit beside it (``tracker.prefs``).
"""

from __future__ import annotations

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
