"""A worker that fails is reported in the user's words; the traceback goes to a log file.

Textual's Worker.StateChanged does not bubble, so each node that runs workers mixes in
``ReportWorkerErrors``; ``exit_on_error=False`` on the worker keeps the app running.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from textual.app import App
from textual.worker import Worker, WorkerState

from tracker import config
from tracker.i18n import register, t


def log_error(error: BaseException | None) -> Path:
    """Append the traceback to error.log in the data folder; returns the log's path."""
    log = config.data_dir() / "error.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            if error is not None:
                fh.write("".join(traceback.format_exception(error)) + "\n")
    except OSError:
        pass
    return log


def report(app: App, error: BaseException | None) -> None:
    from models.db import problem_of

    problem = problem_of(error) if error is not None else None
    if problem is not None:  # the file is busy, damaged or read-only: say that, not "a bug"
        message = t(f"db.{problem}", path=getattr(app, "db_path", ""), detail="")
        app.notify(message, severity="error", timeout=10)
        return
    app.notify(t("ui.error.load", path=log_error(error)), severity="error", timeout=10)


class ReportWorkerErrors:
    """Mixin for a screen or widget whose workers read the database."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            report(self.app, event.worker.error)  # type: ignore[attr-defined]


register(
    zh={"ui.error.load": "读取数据时出错，详情已记录到 {path}"},
    en={"ui.error.load": "Reading the data failed; details were written to {path}"},
)
