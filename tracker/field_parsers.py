"""Turn what a cadre types into typed values, or a FieldError that names the field.

Forms, the import and the CLI all go through these, so one input reads the same everywhere.
``parse(kind, value, field)`` is the one reading per kind of field that forms and the import share;
it takes typed text and spreadsheet cells (numbers, datetimes) alike.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Literal

import pendulum

from models import PROJECT_STATUSES, SOURCES

from . import dates, money
from .errors import FieldError
from .i18n import get_lang, register, t

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


def amount(value: object, field: str = "amount", *, required: bool = True) -> int | None:
    if _blank(value):
        if required:
            raise FieldError(field, "error.required")
        return None
    try:
        return money.parse_fen(value)  # type: ignore[arg-type]
    except money.MoneyError as exc:
        raise FieldError(field, f"error.amount.{exc.code}", {"text": str(value)}) from exc


def date(
    value: object, field: str = "date", *, required: bool = True, today: pendulum.Date | None = None
) -> pendulum.Date | None:
    if _blank(value):
        if required:
            raise FieldError(field, "error.required")
        return None
    try:
        return dates.parse_date(value, today=today)
    except dates.DateError as exc:
        raise FieldError(field, f"error.date.{exc.code}", {"text": str(value)}) from exc


def half_days(value: object, field: str = "days") -> int:
    """Days of labour in half-day steps (0.5, 1, 1.5 …), returned as a count of halves."""
    if _blank(value):
        raise FieldError(field, "error.required")
    text = str(value).strip().translate(_FULLWIDTH).removesuffix("天").removesuffix("工日")
    try:
        days = Decimal(text)
    except InvalidOperation:
        raise FieldError(field, "error.days", {"text": str(value)}) from None
    halves = days * 2
    if halves != halves.to_integral_value() or halves <= 0 or days > 31:
        raise FieldError(field, "error.days", {"text": str(value)})
    return int(halves)


def integer(value: object, field: str, *, low: int = 0, high: int = 10**9, default: int = 0) -> int:
    if _blank(value):
        return default
    text = str(value).strip().translate(_FULLWIDTH).removesuffix("%").removesuffix("户")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FieldError(field, "error.integer", {"low": low, "high": high}) from None
    if number != number.to_integral_value() or not low <= number <= high:
        raise FieldError(field, "error.integer", {"low": low, "high": high})
    return int(number)


def source(value: object, field: str = "source") -> str:
    """A 资金来源 by its key or its name in either language (群众自筹, Donations …)."""
    if _blank(value):
        raise FieldError(field, "error.required")
    text = str(value).strip()
    for key in SOURCES:
        names = {key, t(f"source.{key}", "zh"), t(f"source.{key}", "en").lower()}
        if text in names or text.lower() in names:
            return key
    aliases = {
        "自筹": "self_raised",
        "捐赠": "donation",
        "捐款": "donation",
        "上级资金": "government",
        "部门资金": "government",
        "集体": "collective",
    }
    if text in aliases:
        return aliases[text]
    raise FieldError(field, "error.source", {"text": text, "choices": source_choices()})


def source_choices() -> str:
    return ("、" if get_lang() == "zh" else ", ").join(t(f"source.{key}") for key in SOURCES)


def text(value: object, field: str, *, required: bool = False, max_len: int = 200) -> str:
    result = "" if _blank(value) else re.sub(r"\s+", " ", str(value)).strip()
    if required and not result:
        raise FieldError(field, "error.required")
    if len(result) > max_len:
        raise FieldError(field, "error.too_long", {"max": max_len})
    return result


def status(value: object, field: str = "status") -> str:
    """A project status by its key or its name in either language (在建, Completed …); blank is 规划."""
    if _blank(value):
        return "planning"
    text = str(value).strip()
    for key in PROJECT_STATUSES:
        if text in (key, t(f"status.{key}", "zh")) or text.lower() == t(f"status.{key}", "en").lower():
            return key
    choices = "、".join(t(f"status.{key}", "zh") for key in PROJECT_STATUSES)
    raise FieldError(field, "error.choice", {"text": text, "choices": choices})


Kind = Literal["text", "amount", "date", "days", "integer", "source", "status"]
KINDS: tuple[Kind, ...] = ("text", "amount", "date", "days", "integer", "source", "status")


def parse(
    kind: Kind,
    value: object,
    field: str,
    *,
    required: bool = False,
    max_len: int = 200,
    low: int = 0,
    high: int = 10**9,
    default: int | None = 0,
    today: pendulum.Date | None = None,
) -> object:
    """The typed value of one field of ``kind``, from typed text or a spreadsheet cell.

    ``required`` refuses a blank (days and sources are always required); ``max_len`` bounds text;
    ``low``, ``high`` and ``default`` (what a blank reads as) are for integers; ``today`` gives the
    year of a date typed without one. Raises FieldError naming ``field``.
    """
    if kind == "text":
        return text(cell_text(value), field, required=required, max_len=max_len)
    if kind == "amount":
        return amount(_cell_number(value), field, required=required)
    if kind == "date":
        return date(_cell_date(value), field, required=required, today=today)
    if kind == "days":
        return half_days(cell_text(value), field)
    if kind == "integer":
        if not _blank(value):
            return integer(cell_text(value), field, low=low, high=high)
        if required:
            raise FieldError(field, "error.required")
        return default
    if kind == "source":
        return source(cell_text(value), field)
    if kind == "status":
        return status(cell_text(value), field)
    raise ValueError(f"unknown field kind {kind!r}")


# A spreadsheet cell arrives typed; typed text passes through these unchanged.


def _shown(value: float) -> str:
    # Excel shows 15 significant digits; a sum computed in a cell (0.1 + 0.2) reads as it shows.
    return f"{value:.15g}"


def cell_text(value: object) -> object:
    """A number or date cell as the text it shows (37.0 -> "37"); anything else as it is."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else _shown(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _cell_number(value: object) -> object:
    if isinstance(value, float):
        return Decimal(_shown(value))
    if isinstance(value, bool | dt.date | dt.time):
        return str(cell_text(value))
    return value


def _cell_date(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(cell_text(value))  # 20260526 typed as a number; anything else is reported
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


register(
    zh={
        "error.validation": "输入有误",
        "error.required": "必填，不能为空",
        "error.amount.empty": "请填写金额",
        "error.amount.format": "“{text}”不是金额，应填如 1,234.56、1.2万 或 ¥300",
        "error.amount.negative": "“{text}”为负数，金额应大于零（更正请用冲销）",
        "error.amount.too_large": "“{text}”过大，请检查金额",
        "error.amount.precision": "“{text}”超过两位小数，金额精确到分",
        "error.amount.zero": "金额应大于零",
        "error.date.empty": "请填写日期",
        "error.date.format": "“{text}”不是日期，应填如 2026-05-26、5/26 或 5月26日",
        "error.date.invalid": "“{text}”不是一个存在的日期",
        "error.days": "“{text}”不是工日数，应为 0.5 的整数倍，如 0.5、1、1.5",
        "error.integer": "应为 {low} 到 {high} 之间的整数",
        "error.source": "“{text}”不是资金来源，应为：{choices}",
        "error.too_long": "太长，最多 {max} 个字",
        "error.choice": "“{text}”无效，应为：{choices}",
        "error.not_found": "找不到“{text}”",
        "error.voucher_dup": "收据编号“{text}”已用过，同一村内编号不能重复",
        "error.reverse_reversal": "这是一笔冲销记录，不能再冲销",
        "error.already_reversed": "这笔记录已经冲销过了",
        "error.due_before_date": "约定到账日期不能早于认捐日期",
        "error.done_future": "完成日期不能晚于今天",
        "field.amount": "金额",
        "field.date": "日期",
        "field.due_date": "约定到账日期",
        "field.source": "资金来源",
        "field.contributor": "姓名/单位",
        "field.person": "姓名",
        "field.project": "项目名称",
        "field.voucher": "收据编号",
        "field.note": "备注",
        "field.item": "物品/事项",
        "field.quantity": "数量",
        "field.unit": "单位",
        "field.payee": "收款方",
        "field.days": "工日",
        "field.work_type": "工种",
        "field.name": "名称",
        "field.weight": "权重",
        "field.planned_date": "计划完成日期",
        "field.done_date": "实际完成日期",
        "field.progress_pct": "进度(%)",
        "field.text": "内容",
        "field.photo_path": "照片路径",
        "field.reason": "冲销原因",
        "field.group": "所属组",
        "field.households": "户数",
        "field.leader": "负责人",
        "field.budget": "预算",
        "field.start_date": "开工日期",
        "field.planned_end": "计划完工日期",
        "field.status": "状态",
        "field.kind": "类别",
        "field.phone": "电话",
        "field.household": "户",
        "field.village": "村名",
        "field.town": "镇",
        "field.county": "市/县",
        "field.cadre_name": "填报人",
        "field.labour_rate": "工日单价(元)",
    },
    en={
        "error.validation": "Invalid input",
        "error.required": "required, cannot be empty",
        "error.amount.empty": "enter an amount",
        "error.amount.format": '"{text}" is not an amount; expected e.g. 1,234.56, 1.2万 or ¥300',
        "error.amount.negative": '"{text}" is negative; amounts must be above zero (use a reversal to correct)',
        "error.amount.too_large": '"{text}" is too large; check the amount',
        "error.amount.precision": '"{text}" has more than two decimals; amounts are to the fen',
        "error.amount.zero": "the amount must be above zero",
        "error.date.empty": "enter a date",
        "error.date.format": '"{text}" is not a date; expected e.g. 2026-05-26, 5/26 or 5月26日',
        "error.date.invalid": '"{text}" is not a real date',
        "error.days": '"{text}" is not a number of work days; expected a multiple of 0.5, e.g. 0.5, 1, 1.5',
        "error.integer": "expected a whole number from {low} to {high}",
        "error.source": '"{text}" is not a source of funds; expected one of: {choices}',
        "error.too_long": "too long, at most {max} characters",
        "error.choice": '"{text}" is not valid; expected one of: {choices}',
        "error.not_found": '"{text}" not found',
        "error.voucher_dup": 'voucher number "{text}" is already used; numbers are unique in a village',
        "error.reverse_reversal": "this is a reversing entry and cannot be reversed",
        "error.already_reversed": "this record has already been reversed",
        "error.due_before_date": "the due date cannot be before the pledge date",
        "error.done_future": "the done date cannot be after today",
        "field.amount": "Amount",
        "field.date": "Date",
        "field.due_date": "Due date",
        "field.source": "Source",
        "field.contributor": "Name / organisation",
        "field.person": "Name",
        "field.project": "Project",
        "field.voucher": "Voucher no.",
        "field.note": "Note",
        "field.item": "Item",
        "field.quantity": "Quantity",
        "field.unit": "Unit",
        "field.payee": "Payee",
        "field.days": "Work days",
        "field.work_type": "Work type",
        "field.name": "Name",
        "field.weight": "Weight",
        "field.planned_date": "Planned date",
        "field.done_date": "Done date",
        "field.progress_pct": "Progress (%)",
        "field.text": "Text",
        "field.photo_path": "Photo path",
        "field.reason": "Reason for reversal",
        "field.group": "Group",
        "field.households": "Households",
        "field.leader": "Leader",
        "field.budget": "Budget",
        "field.start_date": "Start date",
        "field.planned_end": "Planned completion",
        "field.status": "Status",
        "field.kind": "Kind",
        "field.phone": "Phone",
        "field.household": "Household",
        "field.village": "Village",
        "field.town": "Town",
        "field.county": "County",
        "field.cadre_name": "Prepared by",
        "field.labour_rate": "Day rate (yuan)",
    },
)
