"""The rows and labels every report format shares, built only from ``ledger`` and ``listings``.

A report never computes a total of its own: each figure on a total row is a field of
``ledger.summary`` or a ``listings.money_total`` with the same filter as the rows above it.
Writers (xlsx, html, csv, md) only lay out and format what is built here, so the four formats
can never disagree. Values stay typed (money as int 分, dates as dates, percents as Decimal) until
a writer turns them into cells or text at the edge. The labels are ``report.*`` keys of the
``tracker.i18n`` catalogue, registered at the end of this module in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pendulum

from models import SOURCES

from .. import charts as chart_data
from .. import dates, ledger, listings, money, quantities
from .. import pace as pace_board
from ..errors import UserError
from ..i18n import lang_or_current, register, t

# Column kinds: how a writer turns a value into a cell or text.
TEXT, MONEY, INT, DAYS, PCT, DATE = "text", "money", "int", "days", "pct", "date"

# A village has a handful of projects; a town's report draws the first ones only.
MAX_CHARTED_PROJECTS = 12

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


class Rows:
    """Rows made from the database each time they are read, never all held at once.

    A town's 投工明细 is 400,000 rows: kept as a list, a report needed a gigabyte. A writer reads
    them in order (as often as it needs: the html reads a table once per part of it).
    """

    def __init__(self, make: Callable[[], Iterable[Row]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Row]:
        return iter(self._make())


@dataclass
class Table:
    key: str  # progress, money, expense, labour, milestone (file and sheet stems)
    title: str  # sheet name and section heading
    heading: str  # the title printed above the table
    columns: list[Column]
    rows: list[Row] | Rows = field(default_factory=list)
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
    # The pace board and the charts' figures: drawn by the xlsx and html writers (csv and md
    # carry tables only).
    pace: list[pace_board.Pace] = field(default_factory=list)
    charts: list[chart_data.ProjectCharts] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t_ for t_ in self.tables if t_.key == key)

    def subtitle_for(self, table: Table) -> str:
        """The subtitle, without 金额单位 above a table that holds no amounts."""
        if any(c.kind == MONEY for c in table.columns):
            return self.subtitle
        unit = t("report.unit", self.lang)
        return self.subtitle.replace(f"　{unit}", "").replace(f" · {unit}", "")


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
        return quantities.pct(value)  # type: ignore[arg-type]
    if kind == DAYS:
        return quantities.days(value)  # type: ignore[arg-type]
    return str(value)


def value_key(value: object) -> object:
    """A key under which a writer may remember how it showed ``value``: a Decimal keeps its
    exponent (80 and 80.0 are equal numbers, but 80% and 80.0% are different texts)."""
    return ("decimal", str(value)) if value.__class__ is Decimal else value


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
    lang = lang_or_current(lang)
    pid = project[0] if project else None
    summary = ledger.summary(as_of, pid)
    issues = ledger.attention(as_of, pid, figures=summary)
    v = summary.village
    subtitle = [t("report.as_of", lang, date=dates.format_for(as_of, lang))]
    if project:
        subtitle.append(t("report.project", lang, name=project[1]))
    subtitle.append(t("report.unit", lang))
    made_on = dates.today()
    return ReportData(
        lang=lang,
        title=t("report.title", lang, county=v.county, town=v.town, village=v.name),
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
            (t("report.footer.unit", lang), v.name),
            (t("report.footer.by", lang), v.cadre_name),
            (t("report.footer.date", lang), dates.format_for(made_on, lang)),
        ],
        pace=pace_board.board(as_of, pid),
        charts=chart_data.all_charts(as_of, pid)[:MAX_CHARTED_PROJECTS],
    )


def _cols(lang: str, spec: Sequence[tuple]) -> list[Column]:
    """Columns from (key, label key, kind[, group label key][, wrap])."""
    out = []
    for key, label_key, kind, *rest in spec:
        group = t(rest[0], lang) if rest and rest[0] else ""
        wrap = bool(rest[1]) if len(rest) > 1 else False
        out.append(Column(key, t(label_key, lang), kind, group, wrap))
    return out


def _progress_columns(lang: str) -> list[Column]:
    spec: list[tuple] = [
        ("seq", "report.col.seq", INT),
        ("name", "report.col.name", TEXT),
        ("group", "report.col.group", TEXT),
        ("households", "report.col.households", INT),
        ("budget", "report.col.budget", MONEY),
    ]
    columns = _cols(lang, spec)
    for s in SOURCES:
        source = t(f"source.{s}", lang)
        columns += [
            Column(f"pledged_{s}", t("report.col.pledged", lang), MONEY, source),
            Column(f"received_{s}", t("report.col.received", lang), MONEY, source),
        ]
    columns += _cols(
        lang,
        [
            ("received_total", "report.col.received_total", MONEY),
            ("rate", "report.col.rate", PCT),
            ("in_kind", "report.col.in_kind", MONEY),
            ("spent", "report.col.spent", MONEY),
            ("balance", "report.col.balance", MONEY),
            ("labour_entries", "report.col.labour_entries", INT, "report.grp.labour"),
            ("labour_days", "report.col.labour_days", DAYS, "report.grp.labour"),
            ("labour_value", "report.col.labour_value", MONEY, "report.grp.labour"),
            ("progress", "report.col.progress", PCT),
            ("ms_done", "report.col.ms_done", INT, "report.grp.milestones"),
            ("ms_total", "report.col.ms_total", INT, "report.grp.milestones"),
            ("ms_overdue", "report.col.ms_overdue", INT, "report.grp.milestones"),
            ("start", "report.col.start", DATE),
            ("planned_end", "report.col.planned_end", DATE),
            ("status", "report.col.status", TEXT),
            ("leader", "report.col.leader", TEXT),
            ("issues", "report.col.issues", TEXT, "", True),
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
    return t(
        f"report.issue.{item.kind}",
        lang,
        subject=item.subject,
        date=dates.format_for(item.date, lang),
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
            "issues": t("report.issue.sep", lang).join(by_project.get(p.id, [])),
        }
        rows.append(Row([values.get(k) for k in keys]))
    totals = figure_values(summary.totals) | {"name": t("report.total", lang)}
    rows.append(Row([totals.get(k) for k in keys], TOTAL))
    ident = ["seq", "name"]
    money_part = (
        ident
        + ["group", "households", "budget"]
        + [f"{w}_{s}" for s in SOURCES for w in ("pledged", "received")]
        + ["received_total", "rate"]
    )
    rest = ident + [k for k in keys if k not in money_part]
    return Table("progress", t("report.sheet.progress", lang), "", columns, rows, parts=[money_part, rest])


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
                    t("report.reversal", lang, seq=original, reason=r.reason)
                    if original
                    else t("report.reversal.free", lang, reason=r.reason)
                )
                style = REVERSAL
            elif r.id in reversal_seq:
                note, style = t("report.reversed", lang, seq=reversal_seq[r.id]), REVERSED
            else:
                # Reversed only after the as-of date: as of that date the entry stood.
                note, style = "", PLAIN
            values = make_values(r) | {
                "seq": seq_of[r.id],
                "correction": note,
                "kind": t(f"report.kind.{kind}", lang),
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
            ("seq", "report.col.seq", INT),
            ("kind", "report.col.kind", TEXT),
            ("date", "report.col.date", DATE),
            ("project", "report.col.project", TEXT),
            ("contributor", "report.col.contributor", TEXT),
            ("source", "report.col.source", TEXT),
            ("amount", "report.col.amount", MONEY),
            ("item", "report.col.item", TEXT),
            ("quantity", "report.col.quantity", TEXT),
            ("unit", "report.col.unit", TEXT),
            ("due_date", "report.col.due_date", DATE),
            ("voucher", "report.col.voucher", TEXT),
            ("note", "report.col.note", TEXT, "", True),
            ("correction", "report.col.correction", TEXT, "", True),
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
        lambda kind: t("report.total.kind", lang, kind=t(f"report.kind.{kind}", lang)),
    )
    return Table(
        "money",
        t("report.sheet.money", lang),
        t("report.heading.money", lang, village=village),
        columns,
        rows,
    )


def _expense_table(as_of, pid, lang: str, village: str) -> Table:
    columns = _cols(
        lang,
        [
            ("seq", "report.col.seq", INT),
            ("date", "report.col.date", DATE),
            ("project", "report.col.project", TEXT),
            ("item", "report.col.expense_item", TEXT),
            ("amount", "report.col.amount", MONEY),
            ("payee", "report.col.payee", TEXT),
            ("voucher", "report.col.expense_voucher", TEXT),
            ("note", "report.col.note", TEXT, "", True),
            ("correction", "report.col.correction", TEXT, "", True),
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
        ("expense",), as_of, pid, lang, columns, values, "item", lambda kind: t("report.total", lang)
    )
    return Table(
        "expense",
        t("report.sheet.expense", lang),
        t("report.heading.expense", lang, village=village),
        columns,
        rows,
    )


def _labour_table(as_of, pid, lang: str, village: str, summary: ledger.Summary) -> Table:
    columns = _cols(
        lang,
        [
            ("seq", "report.col.seq", INT),
            ("date", "report.col.date", DATE),
            ("project", "report.col.project", TEXT),
            ("person", "report.col.person", TEXT),
            ("group", "report.col.group", TEXT),
            ("household", "report.col.household", TEXT),
            ("days", "report.col.days", DAYS),
            ("work_type", "report.col.work_type", TEXT),
            ("note", "report.col.note", TEXT, "", True),
        ],
    )
    keys = [c.key for c in columns]
    tot = summary.totals
    total_text = t(
        "report.total.labour",
        lang,
        entries=tot.labour_entries,
        value=money.format_yuan(tot.labour_value_fen),
        rate=money.format_yuan(summary.village.labour_rate_fen),
    )
    total = Row(
        [
            {"person": t("report.total", lang), "days": tot.labour_days, "note": total_text}.get(k)
            for k in keys
        ],
        TOTAL,
    )
    # The cells of a row in the order of the columns above.
    assert keys == ["seq", "date", "project", "person", "group", "household", "days", "work_type", "note"]

    def rows() -> Iterator[Row]:
        days = {h: Decimal(h) / 2 for h in range(1, 5)}  # the few values half-day counts take
        entries = listings.iter_labour_values(as_of=as_of, project_id=pid)
        for seq, (_, _, _, project, _, person, group, household, date, halves, work, note) in enumerate(
            entries, start=1
        ):
            d = days.get(halves)
            if d is None:
                d = days[halves] = Decimal(halves) / 2
            yield Row([seq, date, project, person, group, household, d, work, note])
        yield total

    return Table(
        "labour",
        t("report.sheet.labour", lang),
        t("report.heading.labour", lang, village=village),
        columns,
        Rows(rows),
    )


def _milestone_table(as_of, pid, lang: str, village: str, summary: ledger.Summary) -> Table:
    columns = _cols(
        lang,
        [
            ("seq", "report.col.seq", INT),
            ("project", "report.col.project", TEXT),
            ("milestone", "report.col.milestone", TEXT),
            ("weight", "report.col.weight", INT),
            ("planned", "report.col.planned", DATE),
            ("done", "report.col.done", DATE),
            ("pct", "report.col.pct", PCT),
            ("overdue", "report.col.overdue", TEXT),
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
                "overdue": t("report.yes.overdue", lang) if m.overdue else "",
            }
            rows.append(Row([values.get(k) for k in keys], PLAIN))
        if p.milestones_total:
            rows.append(
                Row(
                    [
                        {
                            "project": p.name,
                            "milestone": t("report.total.progress", lang),
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
        t("report.sheet.milestone", lang),
        t("report.heading.milestone", lang, village=village),
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
        "report.title": "{county}{town}{village}秀美屋场建设进度汇总表",
        "report.as_of": "截至{date}",
        "report.project": "屋场：{name}",
        "report.unit": "金额单位：元",
        "report.sheet.progress": "进度汇总",
        "report.sheet.money": "资金明细",
        "report.sheet.expense": "支出明细",
        "report.sheet.labour": "投工明细",
        "report.sheet.milestone": "节点进度",
        "report.heading.money": "{village}秀美屋场资金明细（认捐、到账、筹料）",
        "report.heading.expense": "{village}秀美屋场支出明细",
        "report.heading.labour": "{village}秀美屋场投工投劳明细",
        "report.heading.milestone": "{village}秀美屋场节点进度",
        "report.col.seq": "序号",
        "report.col.name": "屋场名称",
        "report.col.group": "所属组",
        "report.col.households": "户数",
        "report.col.budget": "预算",
        "report.col.pledged": "认捐",
        "report.col.received": "到位",
        "report.col.received_total": "到位合计",
        "report.col.rate": "到位率",
        "report.col.in_kind": "筹料折价",
        "report.col.spent": "已支出",
        "report.col.balance": "结余",
        "report.grp.labour": "投工",
        "report.col.labour_entries": "人次",
        "report.col.labour_days": "工日",
        "report.col.labour_value": "折资",
        "report.col.progress": "形象进度",
        "report.grp.milestones": "节点",
        "report.col.ms_done": "完成",
        "report.col.ms_total": "总数",
        "report.col.ms_overdue": "逾期",
        "report.col.start": "开工日期",
        "report.col.planned_end": "计划完工",
        "report.col.status": "状态",
        "report.col.leader": "负责人",
        "report.col.issues": "存在问题",
        "report.col.kind": "类别",
        "report.col.date": "日期",
        "report.col.project": "屋场",
        "report.col.contributor": "姓名/单位",
        "report.col.source": "资金来源",
        "report.col.amount": "金额（元）",
        "report.col.item": "物品/事项",
        "report.col.quantity": "数量",
        "report.col.unit": "单位",
        "report.col.due_date": "约定到账日期",
        "report.col.voucher": "收据编号",
        "report.col.expense_voucher": "凭证号",
        "report.col.note": "备注",
        "report.col.correction": "冲销",
        "report.col.expense_item": "事项",
        "report.col.payee": "收款方",
        "report.col.person": "姓名",
        "report.col.household": "户",
        "report.col.days": "工日",
        "report.col.work_type": "工种",
        "report.col.milestone": "节点",
        "report.col.weight": "权重",
        "report.col.planned": "计划完成",
        "report.col.done": "实际完成",
        "report.col.pct": "进度",
        "report.col.overdue": "逾期",
        "report.total": "合计",
        "report.total.kind": "{kind}合计",
        "report.total.labour": "{entries}人次，折资{value}（每工日{rate}）",
        "report.total.progress": "形象进度（按权重）",
        "report.yes.overdue": "逾期",
        "report.kind.pledge": "认捐",
        "report.kind.receipt": "到账",
        "report.kind.in_kind": "筹料",
        "report.kind.expense": "支出",
        "report.reversed": "已冲销（见序号{seq}）",
        "report.reversal": "冲销序号{seq}：{reason}",
        "report.reversal.free": "冲销：{reason}",
        "report.issue.overdue_milestone": "节点“{subject}”逾期未完成（计划{date}）",
        "report.issue.late_pledge": "{subject}认捐逾期未到账{amount}（约定{date}）",
        "report.issue.overspent": "支出超过到位资金{amount}",
        "report.issue.open_pledge": "{subject}于{date}认捐，未约定日期，尚有{amount}未到账",
        "report.issue.sep": "；",
        "report.footer.unit": "填报单位",
        "report.footer.by": "填报人",
        "report.footer.date": "填报日期",
        "report.none": "无",
        "report.committee": "{village}村民委员会",
    },
    en={
        "rep.unknown_project": 'There is no project called "{name}"; projects: {known}',
        "rep.unknown_project_none": 'There is no project called "{name}"; the database has no projects yet',
        "rep.file_stem": "{village}-progress",
        "report.title": "Homestead project progress report: {village}, {town}, {county}",
        "report.as_of": "As of {date}",
        "report.project": "Project: {name}",
        "report.unit": "Amounts in yuan",
        "report.sheet.progress": "Progress",
        "report.sheet.money": "Funds",
        "report.sheet.expense": "Expenses",
        "report.sheet.labour": "Labour",
        "report.sheet.milestone": "Milestones",
        "report.heading.money": "{village}: pledges, receipts and in-kind gifts",
        "report.heading.expense": "{village}: expenses",
        "report.heading.labour": "{village}: labour contributed",
        "report.heading.milestone": "{village}: milestones",
        "report.col.seq": "No.",
        "report.col.name": "Project",
        "report.col.group": "Group",
        "report.col.households": "Households",
        "report.col.budget": "Budget",
        "report.col.pledged": "Pledged",
        "report.col.received": "Received",
        "report.col.received_total": "Received, total",
        "report.col.rate": "Received / budget",
        "report.col.in_kind": "In-kind value",
        "report.col.spent": "Spent",
        "report.col.balance": "Balance",
        "report.grp.labour": "Labour",
        "report.col.labour_entries": "Person-days",
        "report.col.labour_days": "Days",
        "report.col.labour_value": "Value",
        "report.col.progress": "Progress",
        "report.grp.milestones": "Milestones",
        "report.col.ms_done": "Done",
        "report.col.ms_total": "Total",
        "report.col.ms_overdue": "Overdue",
        "report.col.start": "Started",
        "report.col.planned_end": "Planned end",
        "report.col.status": "Status",
        "report.col.leader": "Leader",
        "report.col.issues": "Issues",
        "report.col.kind": "Type",
        "report.col.date": "Date",
        "report.col.project": "Project",
        "report.col.contributor": "Name",
        "report.col.source": "Source",
        "report.col.amount": "Amount (yuan)",
        "report.col.item": "Item",
        "report.col.quantity": "Quantity",
        "report.col.unit": "Unit",
        "report.col.due_date": "Due date",
        "report.col.voucher": "Receipt No.",
        "report.col.expense_voucher": "Voucher",
        "report.col.note": "Note",
        "report.col.correction": "Reversal",
        "report.col.expense_item": "Item",
        "report.col.payee": "Payee",
        "report.col.person": "Name",
        "report.col.household": "Household",
        "report.col.days": "Days",
        "report.col.work_type": "Work",
        "report.col.milestone": "Milestone",
        "report.col.weight": "Weight",
        "report.col.planned": "Planned",
        "report.col.done": "Done",
        "report.col.pct": "Progress",
        "report.col.overdue": "Overdue",
        "report.total": "Total",
        "report.total.kind": "{kind}s, total",
        "report.total.labour": "{entries} person-days, value {value} ({rate} a day)",
        "report.total.progress": "Progress (weighted)",
        "report.yes.overdue": "Overdue",
        "report.kind.pledge": "Pledge",
        "report.kind.receipt": "Receipt",
        "report.kind.in_kind": "In-kind gift",
        "report.kind.expense": "Expense",
        "report.reversed": "Reversed (see No. {seq})",
        "report.reversal": "Reverses No. {seq}: {reason}",
        "report.reversal.free": "Reversal: {reason}",
        "report.issue.overdue_milestone": 'milestone "{subject}" overdue (planned {date})',
        "report.issue.late_pledge": "{subject}: pledge overdue, {amount} not received (due {date})",
        "report.issue.overspent": "spent {amount} more than received",
        "report.issue.open_pledge": "{subject}: pledged {date} without a due date, {amount} not received",
        "report.issue.sep": "; ",
        "report.footer.unit": "Reporting unit",
        "report.footer.by": "Prepared by",
        "report.footer.date": "Date",
        "report.none": "None",
        "report.committee": "{village} Villagers' Committee",
    },
)
