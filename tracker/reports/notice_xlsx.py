"""The 公示 as one Excel sheet; openpyxl is only imported when it is written."""

from __future__ import annotations

from pathlib import Path

from ..i18n import t
from .notice_data import NoticeData


def write_xlsx(data: NoticeData, path: str | Path) -> Path:
    """One sheet, A4 portrait: the title, the 公示期, the three sections and the signatures."""
    from openpyxl import Workbook

    from .report_xlsx import SheetWriter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "公示" if data.lang == "zh" else "Notice"
    ncols = max(len(s.table.columns) for s in data.sections)
    sheet = SheetWriter(ws, ncols)
    sheet.title(data.title)
    sheet.merged_line(data.content_line, align="left")
    sheet.merged_line(data.posting_line, bold=True, align="left")
    for section in data.sections:
        sheet.blank()
        sheet.merged_line(section.heading, bold=True, align="left")
        if section.items:
            sheet.table(section.table)
        else:
            sheet.merged_line(t("notice.empty", data.lang), align="left")
        if section.corrections:
            sheet.merged_line(t("notice.corrections", data.lang, n=len(section.corrections)), align="left")
            for line in section.corrections:
                sheet.merged_line(line, align="left")
    sheet.blank()
    ask, committee, supervisor, made_on = data.closing
    sheet.merged_line(ask, align="left")
    for line in (committee, supervisor, made_on):
        sheet.merged_line(line, align="right")
    sheet.finish(landscape=False)
    wb.properties.title = data.title
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
