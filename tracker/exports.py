"""Writing the progress report, the 公示 or a receipt to a file: what ``xiumei report`` / ``notice``
/ ``receipt`` and the export screen (``e``) share.

Both collect the cadre's choices into an ``ExportRequest`` and call ``write_export``: the data is
built from the ledger (``tracker.reports``), the file named after the village, the document and
its date, written by the format's writer, and a file the system refuses (a workbook open in
Excel, a read-only folder) becomes a ``UserError`` naming the path. So a file exported from the
screen is byte for byte the file the CLI writes.

Every kind of document and every format it can be written in is listed once, in ``FORMATS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pendulum

from . import dates
from .errors import UserError
from .i18n import register, t

if TYPE_CHECKING:
    from .reports.report_data import ReportData

KINDS = ("report", "notice", "receipt")


@dataclass(frozen=True)
class Format:
    kind: str  # one of KINDS
    name: str  # as typed after ``--format`` and chosen in the export screen
    extension: str  # of the file's default name
    # ``module:function`` in tracker.reports, imported only when this format is written: openpyxl
    # is slow to import, and neither the CLI nor the app should pay for it before a workbook is.
    writer: str
    folder_ok: bool = False  # ``-o`` may name a folder to write several files into (csv)

    def write(self, data: Any, path: Path) -> Path:
        module, function = self.writer.split(":")
        return getattr(importlib.import_module(f"tracker.reports.{module}"), function)(data, path)


FORMATS: tuple[Format, ...] = (
    Format("report", "xlsx", "xlsx", "report_xlsx:write_xlsx"),
    Format("report", "html", "html", "report_html:write_html"),
    Format("report", "csv", "zip", "report_csv:write_csv", folder_ok=True),  # one file per table
    Format("report", "md", "md", "report_md:write_md"),
    Format("notice", "html", "html", "notice_html:write_html"),
    Format("notice", "xlsx", "xlsx", "notice_xlsx:write_xlsx"),
    Format("notice", "text", "txt", "notice_text:write_text"),
    Format("receipt", "html", "html", "receipt_html:write_receipt"),
)


def formats(kind: str) -> tuple[str, ...]:
    """The format names of a kind of document, the default first."""
    return tuple(f.name for f in FORMATS if f.kind == kind)


REPORT_FORMATS = formats("report")
NOTICE_FORMATS = formats("notice")


def find_format(kind: str, name: str) -> Format:
    for f in FORMATS:
        if f.kind == kind and f.name == name:
            return f
    raise ValueError(f"no {kind} format {name!r}")  # the CLI and the screen offer only FORMATS


def extension(kind: str, fmt: str) -> str:
    """Extension of a format's default file (a csv report goes into one zip)."""
    return find_format(kind, fmt).extension


def write_report(data: ReportData, fmt: str, path: str | Path) -> Path:
    """Write report data already built in one of REPORT_FORMATS to ``path``."""
    return find_format("report", fmt).write(data, Path(path))


@dataclass(frozen=True)
class ExportRequest:
    """What the cadre asked for, checked where it was asked (the CLI's options, the screen's fields)."""

    kind: str  # one of KINDS
    fmt: str  # one of formats(kind)
    folder: Path  # where the file goes under its default name
    lang: str
    as_of: pendulum.Date | None = None  # report
    date_from: pendulum.Date | None = None  # notice: the period (default: this month to today)
    date_to: pendulum.Date | None = None
    project: tuple[int, str] | None = None  # report, notice: (id, name), None for all projects
    voucher: str = ""  # receipt
    days: int | None = None  # notice: days of the 公示期 (None: notice_data's default)
    # A path the user typed (the CLI's ``-o``): a file, or a folder to put the default name in;
    # a name without an extension gets the format's. None: ``folder`` / the default name.
    output: str | None = None
    # An existing file is replaced only when asked (the CLI's ``--force``, the screen's choice):
    # a 公示 already printed and signed must not vanish under a second export of the same day.
    overwrite: bool = False


@dataclass
class Exported:
    path: Path  # the file written (a folder for a csv report written into one)
    notes: list[str] = field(default_factory=list)  # what the cadre should know about it
    files: list[str] = field(default_factory=list)  # the files inside ``path`` when it is a folder


def build(request: ExportRequest) -> Any:
    """The data of the document asked for (``ReportData``, ``NoticeData`` or ``ReceiptData``).

    UserError when there is nothing to write (an unknown voucher, a period that ends before it
    starts). The CLI prints a 公示 text from it without writing a file.
    """
    if request.kind == "report":
        from .reports.report_data import build as build_report

        as_of = request.as_of or dates.today()
        return build_report(as_of, project=request.project, lang=request.lang)
    if request.kind == "notice":
        from .reports import notice_data

        days = {} if request.days is None else {"days": request.days}
        return notice_data.build(
            request.date_from, request.date_to, project=request.project, lang=request.lang, **days
        )
    if request.kind == "receipt":
        from .reports import receipt_html

        return receipt_html.find(request.voucher, lang=request.lang)
    raise ValueError(f"no kind {request.kind!r}")


def default_name(request: ExportRequest, data: Any) -> str:
    """``桐柏村进度汇总_2026-11-28.xlsx``, ``桐柏村公示_2026-11-01至2026-11-28.html``, ``收据_TB2026-100.html``."""
    ext = extension(request.kind, request.fmt)
    if request.kind == "report":
        from .reports.report_data import default_name as report_name

        return report_name(data, ext)
    if request.kind == "notice":
        from .reports.notice_data import default_name as notice_name

        return notice_name(data, ext)
    from .reports.receipt_html import default_name as receipt_name

    return receipt_name(data, ext)


def output_path(option: str | None, default_name: str, *, folder: Path, folder_ok: bool = False) -> Path:
    """Where to write: ``option`` as given, inside it if it is a folder, or the default name in ``folder``.

    A path without an extension gets the default's (``-o 周报`` writes ``周报.xlsx``); with
    ``folder_ok`` (csv) a folder is where the files go, and no extension is added.
    """
    if not option:
        return folder / default_name
    path = Path(option).expanduser().absolute()
    if path.is_dir():
        return path if folder_ok else path / default_name
    if not path.suffix and not folder_ok:
        return path.with_name(path.name + Path(default_name).suffix)
    return path


def write_export(request: ExportRequest) -> Exported:
    """Build the document, write it and say where; UserError when it cannot be written.

    Needs the database open and nothing else (no terminal): the export screen runs it in a worker.
    """
    fmt = find_format(request.kind, request.fmt)
    data = build(request)
    path = output_path(
        request.output, default_name(request, data), folder=request.folder, folder_ok=fmt.folder_ok
    )
    replaced = path.is_file()
    if replaced and not request.overwrite:
        raise UserError("export.exists", path=path)
    try:
        written = fmt.write(data, path)
    except OSError as exc:  # e.g. the file is open in Excel (Windows locks it), or a read-only folder
        raise UserError("rep.cannot_write", path=path, detail=exc.strerror or exc) from None
    exported = Exported(written)
    if replaced:
        exported.notes.append(t("export.replaced", request.lang, path=path))
    if fmt.folder_ok and written.is_dir():
        from .reports.report_csv import file_names

        exported.files = file_names(data, path.stem if path.suffix.lower() == ".csv" else None)
    if request.kind == "receipt" and data.row.reversed:
        exported.notes.append(t("receipt.printed_void", request.lang))
    return exported


register(
    zh={
        "rep.cannot_write": "无法写入 {path}：{detail}（文件是否正在 Excel 或其他程序中打开？）",
        "receipt.printed_void": "注意：这张收据所记款项已冲销，收据上已标明“已冲销”。",
        "export.exists": "{path} 已经存在，没有改写；换一个文件名（-o），或加 --force 覆盖",
        "export.replaced": "已替换原有的文件 {path}",
    },
    en={
        "rep.cannot_write": "Cannot write {path}: {detail} (is the file open in Excel or another program?)",
        "receipt.printed_void": "Note: this receipt was reversed; it is printed marked as reversed.",
        "export.exists": "{path} already exists and was not overwritten; choose another name (-o) or add --force",
        "export.replaced": "Replaced the existing file {path}",
    },
)
