"""Saving without freezing the screen while another window or program writes.

A write is first tried at once on the UI thread, without waiting for the write lock: that is
the usual case, and it keeps a save as immediate as it always was. Only if another writer holds
the lock is the write run again in a thread worker that waits for it (``models.db.busy_timeout``),
while the screen says it is waiting. Either way ``finish(result, error)`` is called on the UI
thread; an error of "locked" after the wait is the screen's to show in one line, keeping what was
typed (docs/reliability.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

from models import database_proxy
from models.db import LOCKED, problem_of, without_waiting
from tracker import errors as _errors  # noqa: F401  registers the db.* messages
from tracker import records
from tracker.i18n import register, t

from .dbthread import thread_connection

T = TypeVar("T")
Finish = Callable[[Any, BaseException | None], None]


def save(screen: Screen, write: Callable[[], T], finish: Finish) -> bool:
    """Run ``write`` in one write transaction; True if it has to wait (it then runs in a worker)."""
    try:
        with without_waiting(), records.atomic():
            result = write()
    except Exception as exc:  # noqa: BLE001  handed to finish, which shows or re-raises it
        if problem_of(exc) == LOCKED:
            _wait_in_worker(screen, write, finish)
            return True
        finish(None, exc)
        return False
    finish(result, None)
    return False


def _wait_in_worker(screen: Screen, write: Callable[[], T], finish: Finish) -> None:
    app = screen.app

    def work() -> None:
        try:
            with thread_connection(), records.atomic():
                result = write()
        except Exception as exc:  # noqa: BLE001  shown on the UI thread
            app.call_from_thread(finish, None, exc)
        else:
            app.call_from_thread(finish, result, None)

    screen.run_worker(work, thread=True, group="save", exclusive=True, exit_on_error=False)


def problem_message(error: BaseException | None) -> str | None:
    """One line for a write that failed on the file itself: locked, damaged or read-only."""
    problem = problem_of(error) if error is not None else None
    if problem is None:
        return None
    db = database_proxy.obj
    return t(f"db.{problem}", path=getattr(db, "database", ""), detail="")


register(
    zh={"ui.save.waiting": "另一个窗口或程序正在写入，正在等它写完……"},
    en={"ui.save.waiting": "Another window or program is writing; waiting for it to finish…"},
)
