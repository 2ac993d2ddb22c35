"""What an import reports: the counts per sheet when it succeeds, every problem when it does not."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..i18n import register, t


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
    hidden_sheets: list[str] = field(default_factory=list)  # not shown in Excel, so not imported
    # What a form would have asked about (a new contributor, a source that does not fit, a date
    # far from today): listed for the cadre to look over, never blocking the import.
    warnings: list[Problem] = field(default_factory=list)
    # The import's number (``xiumei import --undo N``): the one it would have on a dry run; None
    # when it wrote nothing.
    number: int | None = None

    @property
    def added(self) -> int:
        return sum(s.added for s in self.sheets)

    @property
    def skipped(self) -> int:
        return sum(s.skipped for s in self.sheets)

    @property
    def updated(self) -> int:
        return sum(s.updated for s in self.sheets)


register(
    zh={
        "import.where": "{sheet}，第{row}行，{column}：{message}",
        "import.where_sheet": "{sheet}：{message}",
        "import.failed": "{name} 有 {count} 处错误，没有导入任何数据：",
        "import.hidden_sheets": "隐藏的工作表不导入：{sheets}",
    },
    en={
        "import.where": "{sheet}, row {row}, {column}: {message}",
        "import.where_sheet": "{sheet}: {message}",
        "import.failed": "{name} has {count} {count|problem|problems}; nothing was imported:",
        "import.hidden_sheets": "Hidden sheets are not imported: {sheets}",
    },
)
