"""Reports the town accepts, the 公示 for the notice board, and printable receipts.

Each writer is a plain function ``(data, path) -> Path``: ``report_data.build`` gathers every
figure from the ledger once and the writers only lay it out, so formats never disagree.
"""

from __future__ import annotations

from pathlib import Path

from .report_data import ReportData, build, default_name, resolve_project

FORMATS = ("xlsx", "html", "csv", "md")


def write_report(data: ReportData, fmt: str, path: str | Path) -> Path:
    """Write ``data`` in one of FORMATS; openpyxl is only imported for xlsx."""
    if fmt == "xlsx":
        from .report_xlsx import write_xlsx as writer
    elif fmt == "html":
        from .report_html import write_html as writer
    elif fmt == "csv":
        from .report_csv import write_csv as writer
    elif fmt == "md":
        from .report_md import write_md as writer
    else:
        raise ValueError(fmt)
    return writer(data, path)


def extension(fmt: str) -> str:
    """File extension of a format's default output (csv goes into one zip)."""
    return "zip" if fmt == "csv" else fmt


__all__ = ["FORMATS", "ReportData", "build", "default_name", "extension", "resolve_project", "write_report"]
