"""The rows and labels every report format shares, built only from ``ledger`` and ``listings``.

A report never computes a total of its own: each figure on a total row is a field of
``ledger.summary`` or a ``listings.money_total`` with the same filter as the rows above it.
Writers (xlsx, html, csv, md) only lay out and format what is built here, so the four formats
can never disagree. Values stay typed (money as int 分, dates as dates, percents as Decimal) until
a writer turns them into cells or text at the edge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pendulum

from models import SOURCES

from .. import dates, ledger, listings, money
from ..errors import UserError
from ..i18n import get_lang, register, t

# Column kinds: how a writer turns a value into a cell or text.
TEXT, MONEY, INT, DAYS, PCT, DATE = "text", "money", "int", "days", "pct", "date"

# Row styles a writer may show differently.
PLAIN, TOTAL, SUBTOTAL, REVERSED, REVERSAL = "", "total", "subtotal", "reversed", "reversal"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    group: str = ""  # upper header of a two-level header ("" = spans both header rows)
    wrap: bool = False  # long text: wrap instead of widening the column

    def flat_label(self) -> str:
        """One-line header for csv and md: ``群众自筹（认捐）``."""
        return f"{self.group}（{self.label}）" if self.group else self.label


@dataclass
class Row:
    values: list  # one typed value per column: int 分, Decimal, pendulum.Date, int, str or None
    style: str = PLAIN


@dataclass
class Table:
    key: str  # progress, money, expense, labour, milestone (file and sheet stems)
    title: str  # sheet name and section heading
    heading: str  # the title printed above the table
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines printed under the table
    # Column keys for narrow media (html on A4): the table is printed as these parts, one
    # under the other, each repeating the identifying columns.
    parts: list[list[str]] | None = None

    @property
    def two_level(self) -> bool:
        return any(c.group for c in self.columns)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


@dataclass
class ReportData:
    lang: str
    title: str
    subtitle: str  # 截至YYYY年M月D日 … 金额单位：元
    village: ledger.VillageInfo
    as_of: pendulum.Date
    made_on: pendulum.Date
    project: str | None
    tables: list[Table]
    footer: list[tuple[str, str]]  # (label, value): 填报单位, 填报人, 填报日期

    def table(self, key: str) -> Table:
        return next(t_ for t_ in self.tables if t_.key == key)

    def subtitle_for(self, table: Table) -> str:
        """The subtitle, without 金额单位 above a table that holds no amounts."""
        if any(c.kind == MONEY for c in table.columns):
            return self.subtitle
        unit = label(self.lang, "unit")
        return self.subtitle.replace(f"　{unit}", "").replace(f" · {unit}", "")


# --- labels -----------------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "{county}{town}{village}秀美屋场建设进度汇总表",
        "as_of": "截至{date}",
        "project": "屋场：{name}",
        "unit": "金额单位：元",
        "sheet.progress": "进度汇总",
        "sheet.money": "资金明细",
        "sheet.expense": "支出明细",
        "sheet.labour": "投工明细",
        "sheet.milestone": "节点进度",
        "heading.money": "{village}秀美屋场资金明细（认捐、到账、筹料）",
        "heading.expense": "{village}秀美屋场支出明细",
        "heading.labour": "{village}秀美屋场投工投劳明细",
        "heading.milestone": "{village}秀美屋场节点进度",
        "col.seq": "序号",
        "col.name": "屋场名称",
        "col.group": "所属组",
        "col.households": "户数",
        "col.budget": "预算",
        "col.pledged": "认捐",
        "col.received": "到位",
        "col.received_total": "到位合计",
        "col.rate": "到位率",
        "col.in_kind": "筹料折价",
        "col.spent": "已支出",
        "col.balance": "结余",
        "grp.labour": "投工",
        "col.labour_entries": "人次",
        "col.labour_days": "工日",
        "col.labour_value": "折资",
        "col.progress": "形象进度",
        "grp.milestones": "节点",
        "col.ms_done": "完成",
        "col.ms_total": "总数",
        "col.ms_overdue": "逾期",
        "col.start": "开工日期",
        "col.planned_end": "计划完工",
        "col.status": "状态",
        "col.leader": "负责人",
        "col.issues": "存在问题",
        "col.kind": "类别",
        "col.date": "日期",
        "col.project": "屋场",
        "col.contributor": "姓名/单位",
        "col.source": "资金来源",
        "col.amount": "金额（元）",
        "col.item": "物品/事项",
        "col.quantity": "数量",
        "col.unit": "单位",
        "col.due_date": "约定到账日期",
        "col.voucher": "收据编号",
        "col.expense_voucher": "凭证号",
        "col.note": "备注",
        "col.correction": "冲销",
        "col.expense_item": "事项",
        "col.payee": "收款方",
        "col.person": "姓名",
        "col.household": "户",
        "col.days": "工日",
        "col.work_type": "工种",
        "col.milestone": "节点",
        "col.weight": "权重",
        "col.planned": "计划完成",
        "col.done": "实际完成",
        "col.pct": "进度",
        "col.overdue": "逾期",
        "total": "合计",
        "total.kind": "{kind}合计",
        "total.labour": "{entries}人次，折资{value}（每工日{rate}）",
        "total.progress": "形象进度（按权重）",
        "yes.overdue": "逾期",
        "kind.pledge": "认捐",
        "kind.receipt": "到账",
        "kind.in_kind": "筹料",
        "kind.expense": "支出",
        "reversed": "已冲销（见序号{seq}）",
        "reversal": "冲销序号{seq}：{reason}",
        "reversal.free": "冲销：{reason}",
        "issue.overdue_milestone": "节点“{subject}”逾期未完成（计划{date}）",
        "issue.late_pledge": "{subject}认捐逾期未到账{amount}（约定{date}）",
        "issue.overspent": "支出超过到位资金{amount}",
        "issue.sep": "；",
        "footer.unit": "填报单位",
        "footer.by": "填报人",
        "footer.date": "填报日期",
        "none": "无",
        # 公示
        "notice.title": "{village}秀美屋场资金收支公示",
        "notice.title_project": "{village}{project}资金收支公示",
        "notice.content": "公示内容：{start}至{end}收到的资金（到账）、捐赠物资（筹料）和各项支出，逐笔列示。",
        "notice.posting": "公示期：{start}至{end}（共{days}天）",
        "notice.sec.receipt": "一、收到资金（{n}笔）",
        "notice.sec.in_kind": "二、捐赠物资（{n}笔）",
        "notice.sec.expense": "三、支出（{n}笔）",
        "notice.col.item_qty": "物品及数量",
        "notice.col.value": "折价（元）",
        "notice.total": "合计（{n}笔）",
        "notice.empty": "本期无。",
        "notice.corrections": "更正：本期冲销{n}笔录入错误，冲销记录与被冲销的原记录均不列入上表和合计：",
        "notice.correction": "{date}冲销：{what}{amount}，原因：{reason}",
        "notice.ask": "以上如有疑问，请在公示期内向村委会或村务监督委员会反映。",
        "notice.committee": "{village}村民委员会",
        "notice.supervisor": "村务监督委员会（签字）：",
        "notice.text_head": "【村务公开】{title}",
        "notice.text_period": "公示内容：{start}至{end}",
        "notice.text_sec": "{name}{n}笔，合计{amount}",
        "notice.text_sec_empty": "{name}：本期无",
        "notice.text_name.receipt": "一、收到资金",
        "notice.text_name.in_kind": "二、捐赠物资",
        "notice.text_name.expense": "三、支出",
        "notice.text_more": "……另有{n}笔，明细见村务公开栏",
        "notice.text_top": "（以下为金额最大的{n}笔）",
        "notice.text_corrections": "更正：本期冲销录入错误{n}笔，已从上面的笔数和合计中除去。",
        "notice.text_end": "公示期：{start}至{end}。明细见村务公开栏，如有疑问请向村委会反映。",
        # 收据
        "receipt.title": "收款收据",
        "receipt.stub": "第一联　存根",
        "receipt.copy": "第二联　收据（交付款人）",
        "receipt.no": "No.",
        "receipt.date": "日期",
        "receipt.payer": "交款人（单位）",
        "receipt.purpose": "收款事由",
        "receipt.purpose_text": "{project}　{source}",
        "receipt.capitals": "金额（大写）",
        "receipt.figures": "金额（小写）",
        "receipt.note": "备注",
        "receipt.unit": "收款单位（盖章）",
        "receipt.stamp": "盖章处",
        "receipt.cashier": "收款人",
        "receipt.payer_sign": "交款人（签字）",
        "receipt.cut": "沿此线剪开",
        "receipt.void": "已冲销",
        "receipt.void_line": "本收据所记款项已于{date}冲销，原因：{reason}。此件仅供存档，不作收款凭证。",
    },
    "en": {
        "title": "秀美屋场 progress report: {village}, {town}, {county}",
        "as_of": "As of {date}",
        "project": "Project: {name}",
        "unit": "Amounts in yuan",
        "sheet.progress": "Progress",
        "sheet.money": "Funds",
        "sheet.expense": "Expenses",
        "sheet.labour": "Labour",
        "sheet.milestone": "Milestones",
        "heading.money": "{village}: pledges, receipts and in-kind gifts",
        "heading.expense": "{village}: expenses",
        "heading.labour": "{village}: labour contributed",
        "heading.milestone": "{village}: milestones",
        "col.seq": "No.",
        "col.name": "Project",
        "col.group": "Group",
        "col.households": "Households",
        "col.budget": "Budget",
        "col.pledged": "Pledged",
        "col.received": "Received",
        "col.received_total": "Received, total",
        "col.rate": "Received / budget",
        "col.in_kind": "In-kind value",
        "col.spent": "Spent",
        "col.balance": "Balance",
        "grp.labour": "Labour",
        "col.labour_entries": "Person-days",
        "col.labour_days": "Days",
        "col.labour_value": "Value",
        "col.progress": "Progress",
        "grp.milestones": "Milestones",
        "col.ms_done": "Done",
        "col.ms_total": "Total",
        "col.ms_overdue": "Overdue",
        "col.start": "Started",
        "col.planned_end": "Planned end",
        "col.status": "Status",
        "col.leader": "Leader",
        "col.issues": "Issues",
        "col.kind": "Type",
        "col.date": "Date",
        "col.project": "Project",
        "col.contributor": "Name",
        "col.source": "Source",
        "col.amount": "Amount (yuan)",
        "col.item": "Item",
        "col.quantity": "Quantity",
        "col.unit": "Unit",
        "col.due_date": "Due date",
        "col.voucher": "Receipt No.",
        "col.expense_voucher": "Voucher",
        "col.note": "Note",
        "col.correction": "Reversal",
        "col.expense_item": "Item",
        "col.payee": "Payee",
        "col.person": "Name",
        "col.household": "Household",
        "col.days": "Days",
        "col.work_type": "Work",
        "col.milestone": "Milestone",
        "col.weight": "Weight",
        "col.planned": "Planned",
        "col.done": "Done",
        "col.pct": "Progress",
        "col.overdue": "Overdue",
        "total": "Total",
        "total.kind": "{kind}s, total",
        "total.labour": "{entries} person-days, value {value} ({rate} a day)",
        "total.progress": "Progress (weighted)",
        "yes.overdue": "Overdue",
        "kind.pledge": "Pledge",
        "kind.receipt": "Receipt",
        "kind.in_kind": "In-kind gift",
        "kind.expense": "Expense",
        "reversed": "Reversed (see No. {seq})",
        "reversal": "Reverses No. {seq}: {reason}",
        "reversal.free": "Reversal: {reason}",
        "issue.overdue_milestone": 'milestone "{subject}" overdue (planned {date})',
        "issue.late_pledge": "{subject}: pledge overdue, {amount} not received (due {date})",
        "issue.overspent": "spent {amount} more than received",
        "issue.sep": "; ",
        "footer.unit": "Reporting unit",
        "footer.by": "Prepared by",
        "footer.date": "Date",
        "none": "None",
        "notice.title": "Public notice: money in and out of 秀美屋场 projects, {village}",
        "notice.title_project": "Public notice: money in and out of {project}, {village}",
        "notice.content": "Money received, in-kind gifts and expenses from {start} to {end}, item by item.",
        "notice.posting": "Posted from {start} to {end} ({days} days)",
        "notice.sec.receipt": "1. Money received ({n} items)",
        "notice.sec.in_kind": "2. In-kind gifts ({n} items)",
        "notice.sec.expense": "3. Expenses ({n} items)",
        "notice.col.item_qty": "Item and quantity",
        "notice.col.value": "Value (yuan)",
        "notice.total": "Total ({n} items)",
        "notice.empty": "None in this period.",
        "notice.corrections": "Corrections in this period: {n}. Entries typed wrong were reversed; neither they nor their reversals are in the table or its total:",
        "notice.correction": "{date}: reversed {what} {amount}; reason: {reason}",
        "notice.ask": "Questions about this notice: please ask the village committee or the village affairs supervisory committee while it is posted.",
        "notice.committee": "{village} Villagers' Committee",
        "notice.supervisor": "Village affairs supervisory committee (signature):",
        "notice.text_head": "{title}",
        "notice.text_period": "Period: {start} to {end}",
        "notice.text_sec": "{name}: {n} items, total {amount}",
        "notice.text_sec_empty": "{name}: none",
        "notice.text_name.receipt": "1. Money received",
        "notice.text_name.in_kind": "2. In-kind gifts",
        "notice.text_name.expense": "3. Expenses",
        "notice.text_more": "... and {n} more, see the notice board",
        "notice.text_top": "(the {n} largest below)",
        "notice.text_corrections": "Corrections in this period: {n}. Entries typed wrong and their reversals are left out of the counts and totals above.",
        "notice.text_end": "Posted from {start} to {end}. Details on the notice board; questions to the village committee.",
        "receipt.title": "Receipt",
        "receipt.stub": "Copy 1: counterfoil",
        "receipt.copy": "Copy 2: receipt for the payer",
        "receipt.no": "No.",
        "receipt.date": "Date",
        "receipt.payer": "Received from",
        "receipt.purpose": "For",
        "receipt.purpose_text": "{project}, {source}",
        "receipt.capitals": "Amount in words",
        "receipt.figures": "Amount",
        "receipt.note": "Note",
        "receipt.unit": "Received by (stamp)",
        "receipt.stamp": "Stamp",
        "receipt.cashier": "Cashier",
        "receipt.payer_sign": "Payer (signature)",
        "receipt.cut": "cut here",
        "receipt.void": "REVERSED",
        "receipt.void_line": "The amount of this receipt was reversed on {date}; reason: {reason}. Kept for the records only; not proof of payment.",
    },
}


def label(lang: str, key: str, **kwargs: object) -> str:
    text = LABELS[lang][key]
    return text.format(**kwargs) if kwargs else text


def lang_or_default(lang: str | None) -> str:
    return lang if lang in LABELS else get_lang()


def format_date(d: dt.date | None, lang: str) -> str:
    """The date as people write it: 2026年11月28日 in Chinese, 2026-11-28 in English."""
    return dates.format_for(d, lang)


# --- shared text formatting (csv, md, html) ----------------------------------------------------


def display(column: Column, value: object, *, plain: bool = False) -> str:
    """A typed value as text. ``plain`` (csv) drops thousands separators so Excel reads numbers."""
    if value is None:
        return ""
    if isinstance(value, str):  # text, or a label such as 合计 standing in a numeric column
        return value
    kind = column.kind
    if kind == MONEY:
        text = money.format_yuan(value, symbol=False)  # type: ignore[arg-type]
        return text.replace(",", "") if plain else text
    if kind == DATE:
        return dates.format_iso(value)
    if kind == PCT:
        return f"{value}%"
    if kind == DAYS:
        return f"{Decimal(value).normalize():f}"
    return str(value)


def is_number(column: Column) -> bool:
    return column.kind in (MONEY, INT, DAYS, PCT)


# --- projects -----------------------------------------------------------------------------------


def resolve_project(name: str | None) -> tuple[int, str] | None:
    """(id, name) of the project called ``name``; None for all; UserError naming the known ones."""
    if name is None or not name.strip():
        return None
    projects = listings.projects()
    wanted = name.strip()
    for pid, pname, _group in projects:
        if pname == wanted:
            return pid, pname
    known = "、".join(p[1] for p in projects)
    if not known:
        raise UserError("rep.unknown_project_none", name=wanted)
    raise UserError("rep.unknown_project", name=wanted, known=known)


# --- the report -------------------------------------------------------------------------------


def build(
    as_of: pendulum.Date, *, project: tuple[int, str] | None = None, lang: str | None = None
) -> ReportData:
    """Everything a progress report shows, as of a date, for all projects or one."""
    lang = lang_or_default(lang)
    pid = project[0] if project else None
    summary = ledger.summary(as_of, pid)
    issues = ledger.attention(as_of, pid, figures=summary)
    v = summary.village
    subtitle = [label(lang, "as_of", date=format_date(as_of, lang))]
    if project:
        subtitle.append(label(lang, "project", name=project[1]))
    subtitle.append(label(lang, "unit"))
    made_on = dates.today()
    return ReportData(
        lang=lang,
        title=label(lang, "title", county=v.county, town=v.town, village=v.name),
        subtitle=("　" if lang == "zh" else " · ").join(subtitle),
        village=v,
        as_of=as_of,
        made_on=made_on,
        project=project[1] if project else None,
        tables=[
            _progress_table(summary, issues, lang),
            _money_table(as_of, pid, lang, v.name),
            _expense_table(as_of, pid, lang, v.name),
            _labour_table(as_of, pid, lang, v.name, summary),
            _milestone_table(as_of, pid, lang, v.name, summary),
        ],
        footer=[
            (label(lang, "footer.unit"), v.name),
            (label(lang, "footer.by"), v.cadre_name),
            (label(lang, "footer.date"), format_date(made_on, lang)),
        ],
    )


def _cols(lang: str, spec: Sequence[tuple]) -> list[Column]:
    """Columns from (key, label key, kind[, group label key][, wrap])."""
    out = []
    for key, label_key, kind, *rest in spec:
        group = label(lang, rest[0]) if rest and rest[0] else ""
        wrap = bool(rest[1]) if len(rest) > 1 else False
        out.append(Column(key, label(lang, label_key), kind, group, wrap))
    return out


def _progress_columns(lang: str) -> list[Column]:
    spec: list[tuple] = [
        ("seq", "col.seq", INT),
        ("name", "col.name", TEXT),
        ("group", "col.group", TEXT),
        ("households", "col.households", INT),
        ("budget", "col.budget", MONEY),
    ]
    columns = _cols(lang, spec)
    for s in SOURCES:
        source = t(f"source.{s}", lang)
        columns += [
            Column(f"pledged_{s}", label(lang, "col.pledged"), MONEY, source),
            Column(f"received_{s}", label(lang, "col.received"), MONEY, source),
        ]
    columns += _cols(
        lang,
        [
            ("received_total", "col.received_total", MONEY),
            ("rate", "col.rate", PCT),
            ("in_kind", "col.in_kind", MONEY),
            ("spent", "col.spent", MONEY),
            ("balance", "col.balance", MONEY),
            ("labour_entries", "col.labour_entries", INT, "grp.labour"),
            ("labour_days", "col.labour_days", DAYS, "grp.labour"),
            ("labour_value", "col.labour_value", MONEY, "grp.labour"),
            ("progress", "col.progress", PCT),
            ("ms_done", "col.ms_done", INT, "grp.milestones"),
            ("ms_total", "col.ms_total", INT, "grp.milestones"),
            ("ms_overdue", "col.ms_overdue", INT, "grp.milestones"),
            ("start", "col.start", DATE),
            ("planned_end", "col.planned_end", DATE),
            ("status", "col.status", TEXT),
            ("leader", "col.leader", TEXT),
            ("issues", "col.issues", TEXT, "", True),
        ],
    )
    return columns


def figure_values(fig: ledger.Figures) -> dict[str, object]:
    """The ledger's figures of one project (or the totals) by column key, unchanged."""
    values: dict[str, object] = {
        "budget": fig.budget_fen,
        "received_total": fig.received.total,
        "rate": fig.received_rate_pct,
        "in_kind": fig.in_kind_fen,
        "spent": fig.spent_fen,
        "balance": fig.balance_fen,
        "labour_entries": fig.labour_entries,
        "labour_days": fig.labour_days,
        "labour_value": fig.labour_value_fen,
        "progress": fig.progress_pct,
        "ms_done": fig.milestones_done,
        "ms_total": fig.milestones_total,
        "ms_overdue": fig.milestones_overdue,
    }
    for s in SOURCES:
        values[f"pledged_{s}"] = fig.pledged.get(s)
        values[f"received_{s}"] = fig.received.get(s)
    return values


def issue_text(item: ledger.Attention, lang: str) -> str:
    return label(
        lang,
        f"issue.{item.kind}",
        subject=item.subject,
        date=format_date(item.date, lang),
        amount=money.format_yuan(item.amount_fen),
    )


def _progress_table(summary: ledger.Summary, issues: list[ledger.Attention], lang: str) -> Table:
    columns = _progress_columns(lang)
    keys = [c.key for c in columns]
    by_project: dict[int, list[str]] = {}
    for item in issues:
        by_project.setdefault(item.project_id, []).append(issue_text(item, lang))
    rows = []
    for seq, p in enumerate(summary.projects, start=1):
        values = figure_values(p) | {
            "seq": seq,
            "name": p.name,
            "group": p.group,
            "households": p.households,
            "start": p.start_date,
            "planned_end": p.planned_end,
            "status": t(f"status.{p.status}", lang),
            "leader": p.leader,
            "issues": label(lang, "issue.sep").join(by_project.get(p.id, [])),
        }
        rows.append(Row([values.get(k) for k in keys]))
    totals = figure_values(summary.totals) | {"name": label(lang, "total")}
    rows.append(Row([totals.get(k) for k in keys], TOTAL))
    ident = ["seq", "name"]
    money_part = (
        ident
        + ["group", "households", "budget"]
        + [f"{w}_{s}" for s in SOURCES for w in ("pledged", "received")]
        + ["received_total", "rate"]
    )
    rest = ident + [k for k in keys if k not in money_part]
    return Table("progress", label(lang, "sheet.progress"), "", columns, rows, parts=[money_part, rest])


def _money_block(
    kinds: Sequence[str],
    as_of,
    pid,
    lang: str,
    columns: list[Column],
    make_values,
    total_at: str,
    total_label,
) -> list[Row]:
    """Rows of some money kinds, each kind followed by its total from listings.money_total.

    A reversed original and its reversal point at each other by 序号 in the 冲销 column.
    """
    keys = [c.key for c in columns]
    rows: list[Row] = []
    seq = 0
    for kind in kinds:
        entries = listings.money_rows(kind, as_of=as_of, project_id=pid)
        seq_of: dict[int, int] = {}
        reversal_seq: dict[int, int] = {}  # original id -> 序号 of its reversal
        for r in entries:
            seq += 1
            seq_of[r.id] = seq
            if r.reverses_id is not None:
                reversal_seq[r.reverses_id] = seq
        for r in entries:
            if r.reverses_id is not None:
                original = seq_of.get(r.reverses_id)
                note = (
                    label(lang, "reversal", seq=original, reason=r.reason)
                    if original
                    else label(lang, "reversal.free", reason=r.reason)
                )
                style = REVERSAL
            elif r.id in reversal_seq:
                note, style = label(lang, "reversed", seq=reversal_seq[r.id]), REVERSED
            else:
                # Reversed only after the as-of date: as of that date the entry stood.
                note, style = "", PLAIN
            values = make_values(r) | {
                "seq": seq_of[r.id],
                "correction": note,
                "kind": label(lang, f"kind.{kind}"),
            }
            rows.append(Row([values.get(k) for k in keys], style))
        total = listings.money_total(kind, as_of=as_of, project_id=pid)
        rows.append(
            Row(
                [{total_at: total_label(kind), "amount": total}.get(k) for k in keys],
                SUBTOTAL if len(kinds) > 1 else TOTAL,
            )
        )
    return rows


def _money_table(as_of, pid, lang: str, village: str) -> Table:
    columns = _cols(
        lang,
        [
            ("seq", "col.seq", INT),
            ("kind", "col.kind", TEXT),
            ("date", "col.date", DATE),
            ("project", "col.project", TEXT),
            ("contributor", "col.contributor", TEXT),
            ("source", "col.source", TEXT),
            ("amount", "col.amount", MONEY),
            ("item", "col.item", TEXT),
            ("quantity", "col.quantity", TEXT),
            ("unit", "col.unit", TEXT),
            ("due_date", "col.due_date", DATE),
            ("voucher", "col.voucher", TEXT),
            ("note", "col.note", TEXT, "", True),
            ("correction", "col.correction", TEXT, "", True),
        ],
    )

    def values(r: listings.MoneyRow) -> dict[str, object]:
        return {
            "date": r.date,
            "project": r.project,
            "contributor": r.contributor,
            "source": t(f"source.{r.source}", lang) if r.source else "",
            "amount": r.amount_fen,
            "item": r.item,
            "quantity": r.quantity,
            "unit": r.unit,
            "due_date": r.due_date,
            "voucher": r.voucher,
            "note": r.note,
        }

    rows = _money_block(
        ("pledge", "receipt", "in_kind"),
        as_of,
        pid,
        lang,
        columns,
        values,
        "kind",
        lambda kind: label(lang, "total.kind", kind=label(lang, f"kind.{kind}")),
    )
    return Table(
        "money", label(lang, "sheet.money"), label(lang, "heading.money", village=village), columns, rows
    )


def _expense_table(as_of, pid, lang: str, village: str) -> Table:
    columns = _cols(
        lang,
        [
            ("seq", "col.seq", INT),
            ("date", "col.date", DATE),
            ("project", "col.project", TEXT),
            ("item", "col.expense_item", TEXT),
            ("amount", "col.amount", MONEY),
            ("payee", "col.payee", TEXT),
            ("voucher", "col.expense_voucher", TEXT),
            ("note", "col.note", TEXT, "", True),
            ("correction", "col.correction", TEXT, "", True),
        ],
    )

    def values(r: listings.MoneyRow) -> dict[str, object]:
        return {
            "date": r.date,
            "project": r.project,
            "item": r.item,
            "amount": r.amount_fen,
            "payee": r.payee,
            "voucher": r.voucher,
            "note": r.note,
        }

    rows = _money_block(
        ("expense",), as_of, pid, lang, columns, values, "item", lambda kind: label(lang, "total")
    )
    return Table(
        "expense",
        label(lang, "sheet.expense"),
        label(lang, "heading.expense", village=village),
        columns,
        rows,
    )


def _labour_table(as_of, pid, lang: str, village: str, summary: ledger.Summary) -> Table:
    columns = _cols(
        lang,
        [
            ("seq", "col.seq", INT),
            ("date", "col.date", DATE),
            ("project", "col.project", TEXT),
            ("person", "col.person", TEXT),
            ("group", "col.group", TEXT),
            ("household", "col.household", TEXT),
            ("days", "col.days", DAYS),
            ("work_type", "col.work_type", TEXT),
            ("note", "col.note", TEXT, "", True),
        ],
    )
    keys = [c.key for c in columns]
    rows = []
    for seq, r in enumerate(listings.labour_rows(as_of=as_of, project_id=pid), start=1):
        values = {
            "seq": seq,
            "date": r.date,
            "project": r.project,
            "person": r.person,
            "group": r.group,
            "household": r.household,
            "days": r.days,
            "work_type": r.work_type,
            "note": r.note,
        }
        rows.append(Row([values.get(k) for k in keys]))
    tot = summary.totals
    total_text = label(
        lang,
        "total.labour",
        entries=tot.labour_entries,
        value=money.format_yuan(tot.labour_value_fen),
        rate=money.format_yuan(summary.village.labour_rate_fen),
    )
    rows.append(
        Row(
            [
                {"person": label(lang, "total"), "days": tot.labour_days, "note": total_text}.get(k)
                for k in keys
            ],
            TOTAL,
        )
    )
    return Table(
        "labour", label(lang, "sheet.labour"), label(lang, "heading.labour", village=village), columns, rows
    )


def _milestone_table(as_of, pid, lang: str, village: str, summary: ledger.Summary) -> Table:
    columns = _cols(
        lang,
        [
            ("seq", "col.seq", INT),
            ("project", "col.project", TEXT),
            ("milestone", "col.milestone", TEXT),
            ("weight", "col.weight", INT),
            ("planned", "col.planned", DATE),
            ("done", "col.done", DATE),
            ("pct", "col.pct", PCT),
            ("overdue", "col.overdue", TEXT),
        ],
    )
    keys = [c.key for c in columns]
    by_project: dict[int, list[listings.MilestoneRow]] = {}
    for m in listings.milestone_rows(as_of, project_id=pid):
        by_project.setdefault(m.project_id, []).append(m)
    rows = []
    seq = 0
    for p in summary.projects:
        for m in by_project.get(p.id, []):
            seq += 1
            values = {
                "seq": seq,
                "project": m.project,
                "milestone": m.name,
                "weight": m.weight,
                "planned": m.planned_date,
                "done": m.done_date,
                "pct": Decimal(m.progress_pct),
                "overdue": label(lang, "yes.overdue") if m.overdue else "",
            }
            rows.append(Row([values.get(k) for k in keys], PLAIN))
        if p.milestones_total:
            rows.append(
                Row(
                    [
                        {
                            "project": p.name,
                            "milestone": label(lang, "total.progress"),
                            "weight": p.weight_total,
                            "pct": p.progress_pct,
                        }.get(k)
                        for k in keys
                    ],
                    SUBTOTAL,
                )
            )
    return Table(
        "milestone",
        label(lang, "sheet.milestone"),
        label(lang, "heading.milestone", village=village),
        columns,
        rows,
    )


def default_name(data: ReportData, ext: str) -> str:
    """``桐柏村进度汇总_2026-11-28.xlsx`` (with the project's name when the report is for one)."""
    stem = t("rep.file_stem", data.lang, village=data.village.name or "xiumei")
    if data.project:
        stem += f"_{data.project}"
    return f"{stem}_{dates.format_iso(data.as_of)}.{ext}"


register(
    zh={
        "rep.unknown_project": "没有名为“{name}”的屋场；已有的屋场：{known}",
        "rep.unknown_project_none": "没有名为“{name}”的屋场；数据库里还没有屋场",
        "rep.file_stem": "{village}进度汇总",
    },
    en={
        "rep.unknown_project": 'There is no project called "{name}"; projects: {known}',
        "rep.unknown_project_none": 'There is no project called "{name}"; the database has no projects yet',
        "rep.file_stem": "{village}-progress",
    },
)
