"""Parts of the app built by others (forms, roll call, export) are looked up when first used.

While a part is not there yet, the key that opens it says so instead of failing.
"""

from __future__ import annotations

import importlib
from typing import Any


def optional(module: str, name: str) -> Any | None:
    """``module.name``, or None if that module does not exist (yet)."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(found, name, None)
