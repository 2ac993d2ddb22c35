"""Import a village's ledger from an xlsx workbook: read, check every row, then write all or nothing.

The workbook is the one ``xiumei template`` writes, or one a cadre made by hand:

- Sheets 项目, 认捐, 到账, 筹料, 支出, 投工, 节点 (also written 到帐, 认捐表, 支出明细 …), any of them,
  in any order. Other sheets are ignored and named in the result.
- Row 1 is the header. Columns may come in any order; a header may carry ``*`` or not, full-width
  parentheses, or leave out "(元)". Unknown columns (序号, 经手人 …) are ignored. A header that
  matches no column is never guessed at: a required column that is not found is reported.
- Blank rows are skipped, and so is the template's example row: a row with a cell that reads
  exactly ``示例`` (the template puts it in the 序号 column).
- Every row of every sheet is checked first. If anything is wrong nothing is written and
  ``ImportProblems`` lists each problem as sheet, row, column and what is expected. Otherwise
  everything is written in one transaction through ``records`` (so each record is audited).

Importing the same file again adds nothing. Each sheet has a natural key and rows whose key is
already in the database are skipped (counted per sheet); identical rows are counted, so a file
with two equal rows adds both once and never again:

- 项目: name. An existing project is left as it is.
- 认捐: date, contributor, project, source, amount.
- 到账: date, contributor, project, source, amount, voucher.
- 筹料: date, contributor, project, item, amount, source.
- 支出: date, project, item, amount, payee, voucher.
- 投工: date, person, project, work days, work type.
- 节点: project and milestone name. An existing milestone takes the sheet's 实际完成日期, and its
  进度 only if the sheet's is higher: a workbook typed last month must not roll back progress
  recorded since (lowering progress or reopening a milestone is done in the app). Its weight and
  planned date stay as they are.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum

from models import (
    PROJECT_STATUSES,
    Contributor,
    Expense,
    InKind,
    LabourEntry,
    Milestone,
    Person,
    Pledge,
    Project,
    Receipt,
)

from . import dates, field_parsers, records
from .errors import FieldError, UserError, ValidationError
from .i18n import register, t

EXAMPLE_MARK = "示例"  # a row with a cell reading exactly this is the template's example row
ROW_NUMBER_HEADER = "序号"  # the template's first column; ignored like any unknown column
NOTES_SHEET = "填表说明"  # the template's instructions; ignored without a mention


# --- the format ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the value's name in code, e.g. "amount"
    header: str  # as the template writes it, e.g. "金额(元)"
    kind: str  # how a cell is read: text, date, amount, source, days, count, weight, pct, status
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers a cadre may have typed, unambiguous in the sheet
    max_len: int = 100

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
            Column("households", "户数", "count"),
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
            Column("weight", "权重", "weight"),
            Column("planned_date", "计划完成日期", "date", aliases=("计划日期", "计划完成时间")),
            Column("done_date", "实际完成日期", "date", aliases=("完成日期", "实际完成时间")),
            Column("progress", "进度(%)", "pct", aliases=("进度%", "进度", "完成进度", "形象进度")),
        ),
    ),
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


# --- results and problems -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the workbook; ``row`` and ``column`` are None for a whole sheet or file."""

    sheet: str
    row: int | None
    column: str | None
    key: str
    kwargs: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        what = t(self.key, lang, **self.kwargs)
        if self.row is None:
            return t("import.where_sheet", lang, sheet=self.sheet, message=what)
        return t("import.where", lang, sheet=self.sheet, row=self.row, column=self.column, message=what)


class ImportProblems(UserError):
    """The workbook has problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__("import.failed", name=path.name, count=len(problems))
        self.path = path
        self.problems = problems


@dataclass
class SheetCount:
    sheet: str
    rows: int = 0  # rows read (not blank, not the example)
    added: int = 0
    skipped: int = 0  # already in the database
    updated: int = 0  # milestones whose progress or done date moved


@dataclass
class ImportResult:
    path: Path
    dry_run: bool
    sheets: list[SheetCount]
    new_contributors: int = 0
    new_people: int = 0
    ignored_sheets: list[str] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)

    @property
    def added(self) -> int:
        return sum(s.added for s in self.sheets)

    @property
    def skipped(self) -> int:
        return sum(s.skipped for s in self.sheets)

    @property
    def updated(self) -> int:
        return sum(s.updated for s in self.sheets)


# --- reading --------------------------------------------------------------------------------


@dataclass
class _Sheet:
    spec: SheetSpec
    title: str  # as named in the workbook
    headers: dict[str, str]  # column key -> header as typed (for messages)
    rows: list[tuple[int, dict[str, object]]]  # Excel row number, column key -> cell value


@dataclass
class _Workbook:
    sheets: list[_Sheet]
    problems: list[Problem]
    ignored_sheets: list[str]
    ignored_columns: dict[str, list[str]]


def _load(path: Path) -> _Workbook:
    from openpyxl import load_workbook  # 0.26 s to import: only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise UserError("import.missing_file", path=path)
    # Opened as a file object so a workbook saved without the .xlsx extension still reads.
    with path.open("rb") as fh:
        try:
            book = load_workbook(fh, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
            raise UserError("import.not_xlsx", path=path) from exc
        try:
            return _read_book(book)
        finally:
            book.close()


def _read_book(book: Any) -> _Workbook:
    found: dict[str, str] = {}
    result = _Workbook([], [], [], {})
    for title in book.sheetnames:
        spec = sheet_spec(title)
        if spec is None:
            if re.sub(r"\s+", "", title) not in (NOTES_SHEET, "说明"):
                result.ignored_sheets.append(title)
            continue
        if spec.name in found:
            result.problems.append(
                Problem(title, None, None, "import.sheet_twice", {"other": found[spec.name]})
            )
            continue
        found[spec.name] = title
        ws = book[title]
        if not hasattr(ws, "reset_dimensions"):  # a chart sheet of that name
            continue
        ws.reset_dimensions()  # some writers store a wrong size; read what is really there
        result.sheets.append(_read_sheet(spec, title, ws.iter_rows(values_only=True), result))
    result.sheets.sort(key=lambda s: SHEETS.index(s.spec))
    return result


def _read_sheet(spec: SheetSpec, title: str, rows: Iterator[tuple], book: _Workbook) -> _Sheet:
    header = next(rows, ())
    by_name = {name: column for column in spec.columns for name in column.names()}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored = []
    wrong_unit: set[str] = set()  # amount columns in 万元: reported as such, not as missing
    for index, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        typed = re.sub(r"\s+", "", str(cell)).replace("*", "").replace("＊", "")
        name = normalise_header(cell)
        column = by_name.get(name)
        if column is None:
            base = name.removesuffix("(万元)")
            wan = by_name.get(base) if base != name else None
            if wan is not None and wan.kind == "amount":
                book.problems.append(Problem(title, 1, typed, "import.wan_column", {"header": wan.header}))
                wrong_unit.add(wan.key)
            elif name != normalise_header(ROW_NUMBER_HEADER):
                ignored.append(typed)
            continue
        if column.key in positions:
            book.problems.append(
                Problem(title, 1, typed, "import.column_twice", {"other": headers[column.key]})
            )
            continue
        positions[column.key] = index
        headers[column.key] = typed
    for column in spec.columns:
        if column.required and column.key not in positions and column.key not in wrong_unit:
            book.problems.append(
                Problem(title, 1, column.header, "import.missing_column", {"header": column.header})
            )
        headers.setdefault(column.key, column.header)
    if ignored:
        book.ignored_columns[title] = ignored

    data = []
    for number, values in enumerate(rows, start=2):
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if all(_blank(v) for v in cells.values()):
            continue  # blank, or only a 序号 or other unknown columns filled in
        if any(isinstance(v, str) and v.strip() == EXAMPLE_MARK for v in values):
            continue
        data.append((number, cells))
    return _Sheet(spec, title, headers, data)


# --- cells to values ----------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: float) -> str:
    # Excel shows 15 significant digits; a sum computed in a cell (0.1 + 0.2) reads as it shows.
    return f"{value:.15g}"


def _as_text(value: object) -> object:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else _shown(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _as_number(value: object) -> object:
    if isinstance(value, float):
        return Decimal(_shown(value))
    if isinstance(value, bool | dt.date | dt.time):
        return str(_as_text(value))
    return value


def _as_date(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(_as_text(value))  # 20260526 typed as a number; anything else is reported
    return value


def _status(value: object, field: str) -> str:
    if _blank(value):
        return "planning"
    text = str(_as_text(value)).strip()
    for key in PROJECT_STATUSES:
        if text in (key, t(f"status.{key}", "zh")) or text.lower() == t(f"status.{key}", "en").lower():
            return key
    choices = "、".join(t(f"status.{key}", "zh") for key in PROJECT_STATUSES)
    raise FieldError(field, "error.choice", {"text": text, "choices": choices})


def _parse(column: Column, value: object, today: pendulum.Date) -> object:
    kind, key = column.kind, column.key
    if kind == "text":
        return field_parsers.text(_as_text(value), key, required=column.required, max_len=column.max_len)
    if kind == "date":
        return field_parsers.date(_as_date(value), key, required=column.required, today=today)
    if kind == "amount":
        fen = field_parsers.amount(_as_number(value), key, required=column.required)
        if column.required and fen == 0:
            raise FieldError(key, "error.amount.zero")
        return fen or 0
    if kind == "source":
        return field_parsers.source(_as_text(value), key)
    if kind == "days":
        return field_parsers.half_days(_as_text(value), key)
    if kind == "count":
        return field_parsers.integer(_as_text(value), key, low=0, high=10**6)
    if kind == "weight":
        return field_parsers.integer(_as_text(value), key, low=0, high=1000, default=1)
    if kind == "pct":
        return None if _blank(value) else field_parsers.integer(_as_text(value), key, low=0, high=100)
    if kind == "status":
        return _status(value, key)
    raise AssertionError(kind)


@dataclass
class _Row:
    sheet: _Sheet
    number: int
    values: dict[str, Any]  # the cells that read
    ok: bool = True  # every cell read

    def problem(self, key: str, err_key: str, kwargs: dict | None = None) -> Problem:
        return Problem(self.sheet.title, self.number, self.sheet.headers[key], err_key, kwargs or {})


def _check_rows(sheet: _Sheet, today: pendulum.Date, problems: list[Problem]) -> list[_Row]:
    """Every row with the values that read; a missing column is reported once, not on every row."""
    checked = []
    for number, cells in sheet.rows:
        row = _Row(sheet, number, {})
        wrong = []
        for column in sheet.spec.columns:
            if column.key not in cells and column.required:
                wrong.append(None)
                continue
            try:
                row.values[column.key] = _parse(column, cells.get(column.key), today)
            except FieldError as exc:
                wrong.append(row.problem(column.key, exc.key, exc.kwargs))
        v = row.values
        if v.get("due_date") and v.get("date") and v["due_date"] < v["date"]:
            wrong.append(row.problem("due_date", "error.due_before_date"))
        if v.get("done_date") and v["done_date"] > today:
            wrong.append(row.problem("done_date", "error.done_future"))
        problems.extend(p for p in wrong if p is not None)
        row.ok = not wrong
        checked.append(row)
    return checked


# --- what is already there ------------------------------------------------------------------

# Natural keys: a row of the sheet and a record in the database with the same key are the same.
_KEYS: dict[str, Callable[[dict], tuple]] = {
    "pledge": lambda v: (v["date"], v["contributor"], v["project"], v["source"], v["amount"]),
    "receipt": lambda v: (v["date"], v["contributor"], v["project"], v["source"], v["amount"], v["voucher"]),
    "in_kind": lambda v: (v["date"], v["contributor"], v["project"], v["item"], v["amount"], v["source"]),
    "expense": lambda v: (v["date"], v["project"], v["item"], v["amount"], v["payee"], v["voucher"]),
    "labour_entry": lambda v: (v["date"], v["person"], v["project"], v["days"], v["work_type"]),
}


def _existing_keys(table: str) -> Counter:
    """The keys of every record of a table, in one query (reversing entries left out)."""
    if table in ("pledge", "receipt", "in_kind"):
        model = {"pledge": Pledge, "receipt": Receipt, "in_kind": InKind}[table]
        extra = {"pledge": (), "receipt": (Receipt.voucher,), "in_kind": (InKind.item,)}[table]
        query = (
            model.select(model.date, Contributor.name, Project.name, model.source, model.amount_fen, *extra)
            .join(Contributor, on=(model.contributor == Contributor.id))
            .switch(model)
            .join(Project, on=(model.project == Project.id))
            .where(model.reverses.is_null())
            .tuples()
        )
        if table == "pledge":
            return Counter(query)
        if table == "receipt":
            return Counter((d, c, p, s, a, voucher or "") for d, c, p, s, a, voucher in query)
        return Counter((d, c, p, item, a, s) for d, c, p, s, a, item in query)
    if table == "expense":
        query = (
            Expense.select(
                Expense.date, Project.name, Expense.item, Expense.amount_fen, Expense.payee, Expense.voucher
            )
            .join(Project, on=(Expense.project == Project.id))
            .where(Expense.reverses.is_null())
            .tuples()
        )
        return Counter((d, p, i, a, payee, voucher or "") for d, p, i, a, payee, voucher in query)
    query = (
        LabourEntry.select(
            LabourEntry.date, Person.name, Project.name, LabourEntry.half_days, LabourEntry.work_type
        )
        .join(Person, on=(LabourEntry.person == Person.id))
        .switch(LabourEntry)
        .join(Project, on=(LabourEntry.project == Project.id))
        .tuples()
    )
    return Counter(query)


def _live_vouchers() -> set[str]:
    """Voucher numbers in use: receipts neither reversed nor reversing (as records.voucher_in_use)."""
    reversed_ids = Receipt.select(Receipt.reverses).where(Receipt.reverses.is_null(False))
    query = Receipt.select(Receipt.voucher).where(
        Receipt.voucher.is_null(False) & Receipt.reverses.is_null() & Receipt.id.not_in(reversed_ids)
    )
    return {voucher for (voucher,) in query.tuples()}


def _first_by_name(model: type) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in model.select().order_by(model.id):
        found.setdefault(record.name, record)
    return found


# --- the plan: what would be written --------------------------------------------------------


@dataclass
class _Plan:
    counts: dict[str, SheetCount]  # by sheet spec name
    new: dict[str, list[_Row]]  # by table, in file order
    milestone_updates: list[tuple[_Row, Milestone, int, pendulum.Date | None]]
    projects: dict[str, Project]
    contributors: dict[str, Contributor]
    people: dict[str, Person]
    new_contributors: set[str]
    new_people: set[str]


def _plan(book: _Workbook, today: pendulum.Date) -> tuple[_Plan, list[Problem]]:
    problems = list(book.problems)
    checked = {sheet.spec.table: _check_rows(sheet, today, problems) for sheet in book.sheets}
    counts = {sheet.spec.name: SheetCount(sheet.spec.name, rows=len(sheet.rows)) for sheet in book.sheets}
    plan = _Plan(counts, {}, [], _first_by_name(Project), {}, {}, set(), set())

    # Projects of the 项目 sheet are known even when their row has a problem of its own, so the
    # rows that name them are not reported a second time.
    sheet_projects = {
        str(_as_text(cells["name"])).strip()
        for sheet in book.sheets
        if sheet.spec.table == "project"
        for _, cells in sheet.rows
        if not _blank(cells.get("name"))
    }
    seen: dict[str, int] = {}
    for row in checked.get("project", []):
        if not row.ok:
            continue
        name = row.values["name"]
        if name in seen:
            problems.append(row.problem("name", "import.twice", {"text": name, "row": seen[name]}))
        elif name in plan.projects:
            counts["项目"].skipped += 1
        else:
            seen[name] = row.number
            plan.new.setdefault("project", []).append(row)
    known = set(plan.projects) | sheet_projects

    for table in ("milestone", "pledge", "receipt", "in_kind", "expense", "labour_entry"):
        rows = []
        for row in checked.get(table, []):
            name = row.values.get("project")
            if name is not None and name not in known:
                problems.append(row.problem("project", "import.unknown_project", {"text": name}))
            elif row.ok:
                rows.append(row)
        if table == "milestone":
            _plan_milestones(rows, plan, problems)
        elif rows:
            _plan_records(table, rows, plan, problems)

    if any(plan.new.get(t_) for t_ in ("pledge", "receipt", "in_kind")):
        plan.contributors = _first_by_name(Contributor)
    if plan.new.get("labour_entry"):
        plan.people = _first_by_name(Person)
    plan.new_contributors = {
        r.values["contributor"] for t_ in ("pledge", "receipt", "in_kind") for r in plan.new.get(t_, [])
    } - set(plan.contributors)
    plan.new_people = {r.values["person"] for r in plan.new.get("labour_entry", [])} - set(plan.people)
    return plan, problems


def _plan_records(table: str, rows: list[_Row], plan: _Plan, problems: list[Problem]) -> None:
    count = plan.counts[rows[0].sheet.spec.name]
    existing = _existing_keys(table)
    key_of = _KEYS[table]
    vouchers = _live_vouchers() if table == "receipt" else set()
    voucher_rows: dict[str, int] = {}
    for row in rows:
        key = key_of(row.values)
        if existing[key] > 0:
            existing[key] -= 1
            count.skipped += 1
            continue
        voucher = row.values.get("voucher") if table == "receipt" else ""
        if voucher and voucher in vouchers:
            problems.append(row.problem("voucher", "error.voucher_dup", {"text": voucher}))
            continue
        if voucher and voucher in voucher_rows:
            problems.append(
                row.problem(
                    "voucher", "import.voucher_twice", {"text": voucher, "row": voucher_rows[voucher]}
                )
            )
            continue
        if voucher:
            voucher_rows[voucher] = row.number
        plan.new.setdefault(table, []).append(row)


def _plan_milestones(rows: list[_Row], plan: _Plan, problems: list[Problem]) -> None:
    if not rows:
        return
    count = plan.counts["节点"]
    query = (
        Milestone.select(Milestone, Project.name.alias("project_name"))
        .join(Project, on=(Milestone.project == Project.id))
        .objects()
    )
    existing = {(m.project_name, m.name): m for m in query}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        v = row.values
        key = (v["project"], v["name"])
        if key in seen:
            problems.append(row.problem("name", "import.twice", {"text": v["name"], "row": seen[key]}))
            continue
        seen[key] = row.number
        milestone = existing.get(key)
        if milestone is None:
            plan.new.setdefault("milestone", []).append(row)
            continue
        done = v["done_date"] or milestone.done_date
        progress = milestone.progress_pct
        if done is not None:
            progress = 100
        elif v["progress"] is not None and v["progress"] > progress:
            progress = v["progress"]
        if (progress, done) == (milestone.progress_pct, milestone.done_date):
            count.skipped += 1
        else:
            plan.milestone_updates.append((row, milestone, progress, done))


# --- writing --------------------------------------------------------------------------------


def _write(plan: _Plan) -> None:
    projects, contributors, people = plan.projects, plan.contributors, plan.people

    def contributor(v: dict) -> Contributor:
        name = v["contributor"]
        if name not in contributors:
            kind = {"government": "government", "collective": "collective"}.get(v["source"], "person")
            contributors[name] = records.contributor_for(name, kind)
        return contributors[name]

    def person(v: dict) -> Person:
        name = v["person"]
        if name not in people:
            people[name] = records.add_person(name, projects[v["project"]].group)
        return people[name]

    writers: dict[str, Callable[[dict], object]] = {
        "project": lambda v: projects.__setitem__(
            v["name"],
            records.add_project(
                v["name"],
                v["group"],
                households=v["households"],
                leader=v["leader"],
                budget_fen=v["budget"],
                start_date=v["start_date"],
                planned_end=v["planned_end"],
                status=v["status"],
            ),
        ),
        "milestone": lambda v: records.add_milestone(
            projects[v["project"]],
            v["name"],
            weight=v["weight"],
            planned_date=v["planned_date"],
            done_date=v["done_date"],
            progress_pct=v["progress"] or 0,
        ),
        "pledge": lambda v: records.add_pledge(
            projects[v["project"]],
            contributor(v),
            v["source"],
            v["amount"],
            v["date"],
            due_date=v["due_date"],
            note=v["note"],
        ),
        "receipt": lambda v: records.add_receipt(
            projects[v["project"]],
            contributor(v),
            v["source"],
            v["amount"],
            v["date"],
            voucher=v["voucher"],
            note=v["note"],
        ),
        "in_kind": lambda v: records.add_in_kind(
            projects[v["project"]],
            contributor(v),
            v["source"],
            v["item"],
            v["amount"],
            v["date"],
            quantity=v["quantity"],
            unit=v["unit"],
            note=v["note"],
        ),
        "expense": lambda v: records.add_expense(
            projects[v["project"]],
            v["item"],
            v["amount"],
            v["date"],
            payee=v["payee"],
            voucher=v["voucher"],
            note=v["note"],
        ),
        "labour_entry": lambda v: records.add_labour(
            person(v), projects[v["project"]], v["date"], v["days"], work_type=v["work_type"], note=v["note"]
        ),
    }
    with records.atomic():
        for spec in SHEETS:
            write = writers[spec.table]
            for row in plan.new.get(spec.table, []):
                _guarded(row, write, row.values)
                plan.counts[spec.name].added += 1
        for row, milestone, progress, done in plan.milestone_updates:
            _guarded(row, records.set_milestone_progress, milestone, progress, done)
            plan.counts["节点"].updated += 1


def _guarded(row: _Row, write: Callable[..., object], *args: object) -> None:
    # Every rule records enforces was checked above; should one still refuse a row, it is
    # reported against that row and the transaction rolls back.
    try:
        write(*args)
    except ValidationError as exc:
        raise _RowRefused(
            [
                Problem(
                    row.sheet.title,
                    row.number,
                    row.sheet.headers.get(e.field, t(f"field.{e.field}")),
                    e.key,
                    e.kwargs,
                )
                for e in exc.errors
            ]
        ) from exc
    except UserError as exc:
        raise _RowRefused([Problem(row.sheet.title, row.number, "", exc.key, exc.kwargs)]) from exc


class _RowRefused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


# --- the entry point ------------------------------------------------------------------------


def import_workbook(
    path: Path | str, *, dry_run: bool = False, today: pendulum.Date | None = None
) -> ImportResult:
    """Check every row of the workbook and, unless ``dry_run``, write them all in one transaction.

    Raises ``ImportProblems`` (nothing written) listing every problem, or ``UserError`` when the
    file is missing, not an xlsx workbook or holds none of the sheets.
    """
    path = Path(path)
    today = today or dates.today()
    records.get_village()  # a database without a village cannot take records
    book = _load(path)
    if not book.sheets and not book.problems:
        names = "、".join(spec.name for spec in SHEETS)
        raise UserError("import.no_sheets", path=path, names=names)
    plan, problems = _plan(book, today)
    if problems:
        raise ImportProblems(path, _in_order(problems, book))
    if not dry_run:
        try:
            _write(plan)
        except _RowRefused as exc:
            raise ImportProblems(path, exc.problems) from None
    else:
        for spec in SHEETS:
            if spec.name in plan.counts:
                plan.counts[spec.name].added = len(plan.new.get(spec.table, []))
        if "节点" in plan.counts:
            plan.counts["节点"].updated = len(plan.milestone_updates)
    return ImportResult(
        path=path,
        dry_run=dry_run,
        sheets=list(plan.counts.values()),
        new_contributors=len(plan.new_contributors),
        new_people=len(plan.new_people),
        ignored_sheets=book.ignored_sheets,
        ignored_columns=book.ignored_columns,
    )


def _in_order(problems: list[Problem], book: _Workbook) -> list[Problem]:
    order = {sheet.title: i for i, sheet in enumerate(book.sheets)}
    columns = {
        sheet.title: {sheet.headers[c.key]: i for i, c in enumerate(sheet.spec.columns)}
        for sheet in book.sheets
    }
    return sorted(
        problems,
        key=lambda p: (order.get(p.sheet, -1), p.row or 0, columns.get(p.sheet, {}).get(p.column or "", 99)),
    )


register(
    zh={
        "import.where": "{sheet}，第{row}行，{column}：{message}",
        "import.where_sheet": "{sheet}：{message}",
        "import.failed": "{name} 有 {count} 处错误，没有导入任何数据：",
        "import.missing_file": "找不到文件 {path}",
        "import.not_xlsx": "{path} 不是 xlsx 工作簿；旧版 .xls 或 .csv 请先在 Excel 或 WPS 中另存为 .xlsx",
        "import.no_sheets": "{path} 里没有可导入的工作表，工作表应名为：{names}",
        "import.sheet_twice": "与工作表“{other}”是同一张表，只能保留一张",
        "import.missing_column": "缺少这一列，应在第1行表头写上“{header}”",
        "import.column_twice": "与“{other}”列是同一列，只能保留一列",
        "import.wan_column": "金额应以元为单位，请把表头改为“{header}”并按元填写",
        "import.unknown_project": "找不到屋场“{text}”，应先写在“项目”表里，或已在台账中",
        "import.twice": "“{text}”与第{row}行重复",
        "import.voucher_twice": "收据编号“{text}”与第{row}行重复，编号不能重复",
    },
    en={
        "import.where": "{sheet}, row {row}, {column}: {message}",
        "import.where_sheet": "{sheet}: {message}",
        "import.failed": "{name} has {count} problem(s); nothing was imported:",
        "import.missing_file": "File {path} not found",
        "import.not_xlsx": "{path} is not an xlsx workbook; save an old .xls or a .csv as .xlsx in Excel or WPS first",
        "import.no_sheets": "{path} has no sheet to import; sheets should be named: {names}",
        "import.sheet_twice": 'is the same sheet as "{other}"; keep only one',
        "import.missing_column": 'column missing; expected the header "{header}" in row 1',
        "import.column_twice": 'is the same column as "{other}"; keep only one',
        "import.wan_column": 'amounts are in yuan; name the column "{header}" and enter yuan',
        "import.unknown_project": 'project "{text}" not found; expected it in the 项目 sheet or already in the ledger',
        "import.twice": '"{text}" repeats row {row}',
        "import.voucher_twice": 'voucher number "{text}" repeats row {row}; numbers must be unique',
    },
)
