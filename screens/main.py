"""The ``xiumei`` program: the CLI, with the app as the command that opens a window.

The UI layer composes the program because only it may know both sides: ``tracker.cli`` runs every
command and is handed ``open_app`` for the one that opens the app, so no core module imports
Textual and ``xiumei summary`` never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def open_app(db_path: Path, lang: str | None) -> int:
    from screens.app import run_app  # Textual is imported only when a window is wanted

    return run_app(db_path, lang=lang)


def main(argv: Sequence[str] | None = None) -> int:
    from tracker import cli

    return cli.main(argv, open_app=open_app)
