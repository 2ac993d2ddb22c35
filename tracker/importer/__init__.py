"""Import a village's ledger from an xlsx workbook: read, check every row, then write all or nothing.

The workbook is the one ``xiumei template`` writes, or one a cadre made by hand:

- Sheets 项目, 认捐, 到账, 筹料, 支出, 投工, 节点 (also written 到帐, 认捐表, 支出明细 …), any of them,
  in any order. Other sheets are ignored and named in the result.
- Row 1 is the header. Columns may come in any order; a header may carry ``*`` or not, full-width
  parentheses, or leave out "(元)". Unknown columns (序号, 经手人 …) are ignored. A header that
  matches no column is never guessed at: a required column that is not found is reported.
- Blank rows are skipped, and so is the template's example row: a row with a cell that reads
  exactly ``示例`` (the template puts it in the 序号 column).
- Cells are read as Excel shows them: a formula as its saved result, a percent as the percent,
  a merged cell's value on every row it covers. A cell that shows an error value, or a formula
  without a saved result, is a problem of its row. Hidden sheets and chart sheets are skipped
  (hidden ones are named in the result); a damaged file is one ``UserError``.
- Every row of every sheet is checked first: each cell through ``field_parsers``, each record it
  would add or update through ``tracker.rules``, as a form's are. If anything is wrong nothing is
  written and ``ImportProblems`` lists each problem as sheet, row, column and what is expected.
  Otherwise everything is written in one write transaction (``records.write_transaction``:
  SQLite's ``BEGIN IMMEDIATE``), the same one in which the rows already in the ledger were
  looked up, so two imports of one file at once store it once: the second waits, then skips
  every row. Each table is written in a batch, every record audited.

Importing the same file again adds nothing. Each sheet has a natural key and rows whose key is
already in the database are skipped (counted per sheet); identical rows are counted, so a file
with two equal rows adds both once and never again:

- 项目: name. An existing project is left as it is.
- 认捐: date, contributor, project, source, amount.
- 到账: date, contributor, project, source, amount, voucher.
- 筹料: date, contributor, project, item, amount, source.
- 支出: date, project, item, amount, payee, voucher.
- 投工: date, person, project, work days, work type.
- 节点: project and milestone name (two rows whose names differ only in spaces or full-width forms
  are the same name twice; a name so close to one in the ledger is refused, as in a form). An
  existing milestone takes the sheet's 实际完成日期, and its 进度 only if the sheet's is higher:
  a workbook typed last month must not roll back progress recorded since (lowering progress or
  reopening a milestone is done in the app). Its weight and planned date stay as they are.
- A contributor is the one its name means (``records.contributors_named``): an organisation by
  its name, a villager by the person; a name that could mean several villagers is refused.

The package, in the order an import runs:

- ``sheet_format``: the sheets, their columns and headers (``xiumei template`` writes the same).
- ``reading``: open the workbook, find the columns, read each cell through ``field_parsers.parse``.
- ``matching``: which rows are already in the ledger; the plan of what to add and update.
- ``writing``: the plan written in batches through ``records.add_many`` and ``edit_many``.
- ``results``: what an import reports, counts or problems.
- ``batches``: each import numbered, and undone as a whole (``xiumei import --undo N``).
- ``template``: the empty workbook ``xiumei template`` writes.
"""

from __future__ import annotations

from pathlib import Path

import pendulum

from .. import dates, records
from ..errors import UserError
from ..i18n import register
from . import batches, matching, reading, roster, writing
from .reading import Book
from .results import ImportProblems, ImportResult, Problem, SheetCount
from .sheet_format import (
    EXAMPLE_MARK,
    NOTES_SHEET,
    ROSTER_SHEET,
    ROW_NUMBER_HEADER,
    SHEETS,
    Column,
    SheetSpec,
    normalise_header,
    sheet_spec,
)

__all__ = [
    "EXAMPLE_MARK",
    "NOTES_SHEET",
    "ROW_NUMBER_HEADER",
    "SHEETS",
    "Column",
    "ImportProblems",
    "ImportResult",
    "Problem",
    "SheetCount",
    "SheetSpec",
    "import_workbook",
    "normalise_header",
    "sheet_spec",
]


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
    book = reading.load(path)
    if not book.sheets and not book.problems:
        names = "、".join(spec.name for spec in SHEETS)
        raise UserError("import.no_sheets", path=path, names=names)
    rows, problems = reading.read_rows(book, today)
    number: int | None = None
    if dry_run:
        plan = _plan(path, book, rows, problems, today)
        number = batches.next_number()
        for spec in SHEETS:
            if spec.name in plan.counts:
                plan.counts[spec.name].added = len(plan.new.get(spec.table, []))
        if "节点" in plan.counts:
            plan.counts["节点"].updated = len(plan.milestone_updates)
        if plan.roster is not None:
            roster.dry_counts(plan.roster, plan.counts[ROSTER_SHEET])
    else:
        # What is already in the ledger is read in the transaction that writes, holding the write
        # lock from its start: a second import of the same file waits, then finds every row there.
        with records.write_transaction():
            plan = _plan(path, book, rows, problems, today)
            start = batches.mark()  # the import's audit rows follow this one (batches)
            try:
                writing.write(plan, today)
            except writing.RowRefused as exc:
                raise ImportProblems(path, exc.problems) from None
            batch = batches.record(path, start, sum(c.added + c.updated for c in plan.counts.values()))
            number = batch.number if batch else None
    return ImportResult(
        path=path,
        dry_run=dry_run,
        sheets=list(plan.counts.values()),
        new_contributors=len(plan.new_contributors),
        new_people=len(plan.new_people),
        ignored_sheets=book.ignored_sheets,
        ignored_columns=book.ignored_columns,
        hidden_sheets=book.hidden_sheets,
        warnings=plan.warnings,
        number=number,
    )


def _plan(path: Path, book: Book, rows: dict, problems: list[Problem], today: pendulum.Date) -> matching.Plan:
    plan, clashes = matching.plan_import(book, rows, today)
    if problems or clashes:
        raise ImportProblems(path, _in_order(problems + clashes, book))
    return plan


def _in_order(problems: list[Problem], book: Book) -> list[Problem]:
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
    zh={"import.no_sheets": "{path} 里没有可导入的工作表，工作表应名为：{names}"},
    en={"import.no_sheets": "{path} has no sheet to import; sheets should be named: {names}"},
)
