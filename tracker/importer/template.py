"""The empty workbook a cadre fills in and imports (``xiumei template``).

Headers, sheet names and the example rows come from the import's own description of the format
(``sheet_format.SHEETS``), so the template and the import cannot drift apart. Each sheet has a frozen
header (``*`` marks required columns), a 序号 column, widths for Chinese, dropdowns for 资金来源
and 状态, formatted date and amount columns, and one example row marked 示例 in 序号, which the
import skips.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from models import PROJECT_STATUSES, SOURCES

from .. import text_table
from ..errors import UserError
from ..i18n import register, t
from .sheet_format import EXAMPLE_MARK, NOTES_SHEET, ROW_NUMBER_HEADER, SHEETS, Column

_PROJECT = "桐梓组秀美屋场"
EXAMPLES: dict[str, dict[str, object]] = {
    "村民": {
        "name": "陈志明",
        "group": "桐梓组",
        "household": "桐梓组01户",
        "head": "是",
        "party": "否",
        "mobiliser": "梁旦",
        "phone": "13800000000",
        "sex": "男",
        "birth_date": dt.date(1968, 5, 12),
        "note": "",
    },
    "项目": {
        "name": _PROJECT,
        "group": "桐梓组",
        "households": 37,
        "leader": "梁旦",
        "budget": 500000,
        "start_date": dt.date(2026, 3, 1),
        "planned_end": dt.date(2026, 12, 31),
        "status": "在建",
    },
    "认捐": {
        "date": dt.date(2026, 3, 5),
        "contributor": "梁湘江",
        "source": "社会捐赠",
        "project": _PROJECT,
        "amount": 100000,
        "due_date": dt.date(2026, 4, 30),
        "note": "在外乡贤",
    },
    "到账": {
        "date": dt.date(2026, 4, 20),
        "contributor": "梁湘江",
        "source": "社会捐赠",
        "project": _PROJECT,
        "amount": 100000,
        "voucher": "TZ-0001",
        "note": "",
    },
    "筹料": {
        "date": dt.date(2026, 3, 10),
        "contributor": "周春华",
        "project": _PROJECT,
        "item": "水泥",
        "quantity": 50,
        "unit": "包",
        "amount": 1500,
        "source": "群众自筹",
        "note": "",
    },
    "支出": {
        "date": dt.date(2026, 4, 1),
        "project": _PROJECT,
        "item": "购买红砖",
        "amount": 12000.5,
        "payee": "白马镇建材店",
        "voucher": "ZC-001",
        "note": "",
    },
    "投工": {
        "date": dt.date(2026, 4, 2),
        "person": "陈志明",
        "project": _PROJECT,
        "days": 1.5,
        "work_type": "泥工",
        "note": "",
    },
    "节点": {
        "project": _PROJECT,
        "name": "拆除旱厕",
        "weight": 1,
        "planned_date": dt.date(2026, 5, 31),
        "done_date": None,
        "progress": 60,
    },
}

_YES_NO = {"head": ["是", "否"], "party": ["是", "否"], "sex": ["男", "女"]}

_MAX_ROW = 1048576  # Excel's last row: dropdowns and formats cover the whole column
_DATE_FORMAT = "yyyy-mm-dd"
_AMOUNT_FORMAT = "#,##0.00"


def header_text(column: Column) -> str:
    return column.header + ("*" if column.required else "")


def write_template(path: Path | str, *, overwrite: bool = False) -> Path:
    """Write the empty workbook; an existing file is kept unless ``overwrite`` (it may hold data)."""
    from openpyxl import Workbook  # 0.26 s to import: only when a workbook is written

    path = Path(path)
    if path.exists() and not overwrite:
        raise UserError("template.exists", path=path)
    book = Workbook()
    book.remove(book.active)
    for spec in SHEETS:
        _sheet(book.create_sheet(spec.name), spec.columns, EXAMPLES[spec.name])
    _notes(book.create_sheet(NOTES_SHEET))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:  # most often: the file is open in Excel or WPS
        raise UserError("template.cannot_write", path=path, detail=exc.strerror or str(exc)) from exc
    return path


def _sheet(ws, columns: tuple[Column, ...], example: dict[str, object]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold, required = Font(bold=True), Font(bold=True, color="C00000")
    fill = PatternFill("solid", fgColor="DDEBF7")
    headers = [ROW_NUMBER_HEADER, *(header_text(c) for c in columns)]
    ws.append(headers)
    ws.append([EXAMPLE_MARK, *(example.get(c.key) for c in columns)])
    for index, cell in enumerate(ws[1]):
        cell.font = required if index and columns[index - 1].required else bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for cell in ws[2]:
        cell.font = Font(italic=True, color="808080")  # the example reads as an example
    ws.freeze_panes = "A2"
    # Printed blank for a meeting: landscape, one page wide, the header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws["A2"].comment = Comment(t("template.example_note", "zh"), "xiumei", width=220, height=60)
    ws.column_dimensions["A"].width = 8

    for index, column in enumerate(columns, start=2):
        letter = get_column_letter(index)
        whole = f"{letter}2:{letter}{_MAX_ROW}"
        dimension = ws.column_dimensions[letter]
        shown = [headers[index - 1], str(example.get(column.key) or "")]
        dimension.width = max(10, *(text_table.width(s) + 4 for s in shown))
        number_format = {"date": _DATE_FORMAT, "amount": _AMOUNT_FORMAT}.get(column.kind)
        if column.key in ("voucher", "quantity", "phone"):
            number_format = "@"  # keep 0012 as typed
        if number_format:
            dimension.number_format = number_format
            ws.cell(row=2, column=index).number_format = number_format
        if column.kind == "date":
            dimension.width = max(dimension.width, 14)
        choices = {
            "source": [t(f"source.{key}", "zh") for key in SOURCES],
            "status": [t(f"status.{key}", "zh") for key in PROJECT_STATUSES],
        }.get(column.kind) or _YES_NO.get(column.key)
        if choices:
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=t("template.choose", "zh", choices="、".join(choices)),
                showInputMessage=True,
                promptTitle=column.header,
                prompt="、".join(choices),
            )
            rule.add(whole)
            ws.add_data_validation(rule)


def _notes(ws) -> None:
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width = 100
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for line in t("template.notes", "zh").split("\n"):
        ws.append([line])
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(vertical="top")
    ws["A1"].font = Font(bold=True, size=14)


register(
    zh={
        "template.exists": "{path} 已经存在，为免覆盖已填的数据没有改写；换一个文件名，或加 --force 覆盖",
        "template.cannot_write": "无法写入 {path}（{detail}）；文件是否正在 Excel 或 WPS 中打开？",
        "template.example_note": "这一行是示例，导入时自动跳过，可以保留或删除。",
        "template.choose": "请从下拉列表中选择：{choices}",
        "template.notes": (
            "填表说明\n"
            "1. 每张表第1行是表头，请勿改动表头文字；带 * 的列必须填写。\n"
            "   列的顺序可以调整，多出来的列（如 经手人）导入时忽略。\n"
            "2. 序号一列写着“示例”的那一行是示例，导入时跳过，可以删除。空行会跳过。\n"
            "3. 日期可填 Excel 日期，或写成 2026-05-26、2026/5/26、2026年5月26日。\n"
            "4. 金额以元为单位，可填数字，或写成 1,234.56、12.5万、¥300。\n"
            "5. 资金来源只能是：群众自筹、社会捐赠、项目资金、村集体（可从下拉列表选择）。\n"
            "6. 状态只能是：规划、在建、完工、已验收。工日按 0.5 天计，如 0.5、1、1.5。\n"
            "7. 认捐、到账、筹料、支出、投工、节点里的项目名称，须写在“项目”表里，或已在台账中。\n"
            "   姓名/单位 和 投工的姓名按名字查找，台账中没有的会自动新建。\n"
            "8. 导入时先检查全部行：只要有一处错误就一条也不导入，并逐条列出错在哪张表、第几行、哪一列。\n"
            "9. 同一个文件再导入一次不会重复记账：已在台账中的行会跳过并报告跳过了多少行。\n"
            "10. 先试导入看看：xiumei import 台账.xlsx --dry-run；确认无误后去掉 --dry-run 再导入。\n"
            "11. 村民表是全村名册：按 姓名+组+户 认人，已有的村民只更新有变化的项。户主、党员填 是 或 否；\n"
            "    联户党员须是名册里或台账里的党员。电话只存在本机台账里，不会出现在任何导出的表格里。\n"
            "12. 导入之后如发现导错了，可以整体撤销：xiumei import --list 查看编号，xiumei import --undo 编号。"
        ),
        "cli.template_done": "已生成导入模板：{path}\n填好后运行：xiumei import {name} --dry-run 先检查，再去掉 --dry-run 导入",
    },
    en={
        "template.exists": "{path} already exists and was not overwritten, as it may hold data; choose another name or add --force",
        "template.cannot_write": "Cannot write {path} ({detail}); is the file open in Excel or WPS?",
        "template.example_note": "This is an example row; the import skips it. Keep it or delete it.",
        "template.choose": "Choose from the list: {choices}",
        "template.notes": "How to fill in",
        "cli.template_done": "Wrote the import template: {path}\nWhen filled in, run: xiumei import {name} --dry-run to check, then without --dry-run to import",
    },
)
