"""Reports the town accepts, the 公示 for the notice board, and printable receipts.

Each document is built once from the ledger into plain data (``report_data``, ``notice_data``,
``receipt_html.find``) and each writer is a plain function ``(data, path) -> Path`` that only lays
that data out (``report_xlsx``/``_html``/``_csv``/``_md``, ``notice_html``/``_xlsx``/``_text``,
``receipt_html``), so formats never disagree. Which writer writes which format, and the files'
names, are in ``tracker.exports``; every label they print is in the ``tracker.i18n`` catalogue.
"""

from __future__ import annotations

from .report_data import ReportData, build, default_name, resolve_project

__all__ = ["ReportData", "build", "default_name", "resolve_project"]
