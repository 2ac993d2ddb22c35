"""The workbook's format: which sheets, which columns, and how a typed header is recognised.

The import reads by it and ``xiumei template`` writes by it (importer/template.py), so the two
cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..field_parsers import Kind

EXAMPLE_MARK = "示例"  # a row with a cell reading exactly this is the template's example row
ROW_NUMBER_HEADER = "序号"  # the template's first column; ignored like any unknown column
NOTES_SHEET = "填表说明"  # the template's instructions; ignored without a mention


@dataclass(frozen=True)
class Column:
    key: str  # the value's name in code, e.g. "amount"
    header: str  # as the template writes it, e.g. "金额(元)"
    kind: Kind  # how a cell is read by field_parsers.parse: text, date, amount, source, days …
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers a cadre may have typed, unambiguous in the sheet
    max_len: int = 100
    high: int = 10**9  # integers above are refused
    default: int | None = 0  # what a blank integer reads as; None: not given

    def names(self) -> set[str]:
        return {normalise_header(self.header), *(normalise_header(a) for a in self.aliases)}


@dataclass(frozen=True)
class SheetSpec:
    name: str  # the sheet's name in the workbook, e.g. "到账"
    table: str  # i18n table key: project, pledge, receipt …
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


_PROJECT_NAMES = ("屋场名称", "项目", "屋场")
_CONTRIBUTOR_NAMES = ("姓名", "姓名或单位", "捐款人", "捐赠人", "捐助方", "捐赠单位")


def _project(required: bool = True) -> Column:
    return Column("project", "项目名称", "text", required, _PROJECT_NAMES)


def _note() -> Column:
    return Column("note", "备注", "text", aliases=("说明",), max_len=500)


SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "项目",
        "project",
        (
            Column("name", "项目名称", "text", True, (*_PROJECT_NAMES, "名称")),
            Column("group", "所属组", "text", aliases=("组", "组别", "村民小组")),
            Column("households", "户数", "integer", high=10**6),
            Column("leader", "负责人", "text"),
            Column("budget", "预算(元)", "amount", aliases=("预算金额", "总预算")),
            Column("start_date", "开工日期", "date", aliases=("开工时间",)),
            Column("planned_end", "计划完工日期", "date", aliases=("计划完工", "计划完工时间")),
            Column("status", "状态", "status"),
        ),
    ),
    SheetSpec(
        "认捐",
        "pledge",
        (
            Column("date", "日期", "date", True, ("认捐日期", "认捐时间")),
            Column("contributor", "姓名/单位", "text", True, (*_CONTRIBUTOR_NAMES, "认捐人")),
            Column("source", "资金来源", "source", True, ("来源",)),
            _project(),
            Column("amount", "金额(元)", "amount", True, ("认捐金额",)),
            Column("due_date", "约定到账日期", "date", aliases=("约定日期", "约定到账时间", "承诺到账日期")),
            _note(),
        ),
    ),
    SheetSpec(
        "到账",
        "receipt",
        (
            Column("date", "日期", "date", True, ("到账日期", "到账时间", "收款日期")),
            Column("contributor", "姓名/单位", "text", True, (*_CONTRIBUTOR_NAMES, "缴款人", "交款人")),
            Column("source", "资金来源", "source", True, ("来源",)),
            _project(),
            Column("amount", "金额(元)", "amount", True, ("到账金额", "收款金额")),
            Column("voucher", "收据编号", "text", aliases=("收据号", "票据号", "票据编号")),
            _note(),
        ),
    ),
    SheetSpec(
        "筹料",
        "in_kind",
        (
            Column("date", "日期", "date", True, ("捐赠日期",)),
            Column("contributor", "姓名/单位", "text", True, _CONTRIBUTOR_NAMES),
            _project(),
            Column("item", "物品", "text", True, ("物品名称", "物资", "材料")),
            Column("quantity", "数量", "text"),
            Column("unit", "单位", "text", aliases=("计量单位",)),
            Column("amount", "折价(元)", "amount", True, ("折价金额", "折合金额", "金额")),
            Column("source", "资金来源", "source", True, ("来源",)),
            _note(),
        ),
    ),
    SheetSpec(
        "支出",
        "expense",
        (
            Column("date", "日期", "date", True, ("支出日期", "付款日期")),
            _project(),
            Column("item", "事项", "text", True, ("支出事项", "用途", "摘要", "内容")),
            Column("amount", "金额(元)", "amount", True, ("支出金额",)),
            Column("payee", "收款方", "text", aliases=("收款人", "收款单位")),
            Column("voucher", "凭证号", "text", aliases=("凭证编号", "票据号", "发票号")),
            _note(),
        ),
    ),
    SheetSpec(
        "投工",
        "labour_entry",
        (
            Column("date", "日期", "date", True, ("投工日期", "出工日期")),
            Column("person", "姓名", "text", True, ("投工人",)),
            _project(),
            Column("days", "工日", "days", True, ("工日数", "天数")),
            Column("work_type", "工种", "text"),
            _note(),
        ),
    ),
    SheetSpec(
        "节点",
        "milestone",
        (
            _project(),
            Column("name", "节点名称", "text", True, ("节点",)),
            Column("weight", "权重", "integer", high=1000, default=1),
            Column("planned_date", "计划完成日期", "date", aliases=("计划日期", "计划完成时间")),
            Column("done_date", "实际完成日期", "date", aliases=("完成日期", "实际完成时间")),
            Column(
                "progress",
                "进度(%)",
                "integer",
                aliases=("进度%", "进度", "完成进度", "形象进度"),
                high=100,
                default=None,  # a blank leaves the progress recorded since as it is
            ),
        ),
    ),
)

ROSTER_SHEET = "村民"
# The village roster (read by importer/roster.py). It comes first: the 投工 sheet may name the
# villagers it adds. Matched on 姓名 + 组 + 户, so those three are required.
SHEETS = (
    SheetSpec(
        ROSTER_SHEET,
        "person",
        (
            Column("name", "姓名", "text", True, ("村民姓名",), max_len=50),
            Column("group", "组", "text", True, ("所属组", "组别", "村民小组"), max_len=50),
            Column("household", "户", "text", True, ("户号", "户名", "所属户"), max_len=50),
            Column("head", "户主", "text", aliases=("是否户主",), max_len=5),
            Column("party", "党员", "text", aliases=("是否党员",), max_len=5),
            Column("mobiliser", "联户党员", "text", aliases=("联系党员",), max_len=50),
            Column("phone", "电话", "text", aliases=("手机", "手机号", "联系电话"), max_len=20),
            Column("sex", "性别", "text", max_len=5),
            Column("birth_date", "出生日期", "date", aliases=("出生年月", "生日")),
            Column("note", "备注", "text", aliases=("说明",), max_len=500),
        ),
    ),
    *SHEETS,
)

_HEADER_CHARS = str.maketrans({"（": "(", "）": ")", "／": "/", "＊": "*", "％": "%"})


def normalise_header(text: object) -> str:
    """A header as compared: no spaces or ``*``, half-width brackets, "(元)" left out."""
    s = re.sub(r"\s+", "", str(text).translate(_HEADER_CHARS)).replace("*", "")
    return s.replace("(必填)", "").replace("(元)", "").lower()


def sheet_spec(title: str) -> SheetSpec | None:
    """The sheet a workbook tab holds: 到账, 到帐, 到账表 and 到账明细 are all 到账."""
    name = re.sub(r"\s+", "", title).replace("帐", "账")
    for spec in SHEETS:
        if name in (spec.name, spec.name + "表", spec.name + "明细"):
            return spec
    return None
