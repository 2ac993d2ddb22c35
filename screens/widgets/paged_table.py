"""A record list that pages and filters in SQL, so a table of 20,000 rows stays quick.

The widget never holds more than one page of rows (DataTable slows down with every row it
measures, docs/performance.md). What it lists comes from a ``RowSource``: a count and a page of
rows for a filter text, and the cells of a row. Pages load in a thread worker and come back as a
message; a stale page (the filter changed meanwhile) is dropped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from tracker.i18n import register, t

from ..keys import Translated
from .cells import count
from .dbthread import thread_connection
from .errors import ReportWorkerErrors
from .record_table import RecordTable

PAGE_SIZE = 100


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # an i18n key
    align: str = "<"  # ">" for figures


class RowSource(Protocol):
    columns: Sequence[Column]
    placeholder: str  # i18n key of the filter's placeholder

    def count(self, text: str) -> int: ...

    def fetch(self, text: str, limit: int, offset: int) -> list[Any]: ...

    def cells(self, row: Any) -> list[Text]: ...

    def key(self, row: Any) -> str: ...

    def extra(self, text: str) -> str:
        """One more thing for the status line (e.g. the total of the filtered amounts), or ""."""
        ...


class PagedTable(Translated, ReportWorkerErrors, Widget):
    """Filter input, one page of rows, and a status line "第 1/200 页 共 20,000 条"."""

    DEFAULT_CSS = """
    PagedTable { height: 1fr; layout: vertical; }
    PagedTable > #filter { height: 1; margin: 0 1 1 1; }
    PagedTable > DataTable { height: 1fr; }
    PagedTable > #pager { height: 1; padding: 0 1; color: $text-muted; }
    """

    _PAGES = Binding.Group("key.pages", compact=True)
    BINDINGS = [
        Binding("left_square_bracket", "page(-1)", "key.prev_page", priority=True, group=_PAGES),
        Binding("right_square_bracket", "page(1)", "key.next_page", priority=True, group=_PAGES),
        Binding("pageup", "page(-1)", "key.prev_page", priority=True, show=False),
        Binding("pagedown", "page(1)", "key.next_page", priority=True, show=False),
    ]

    @dataclass
    class Loaded(Message):
        generation: int
        rows: list[Any]
        total: int
        page: int
        extra: str

    @dataclass
    class Opened(Message):
        """A row was chosen with enter (or a click)."""

        table: PagedTable
        row: Any

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(self, source: RowSource, *, page_size: int = PAGE_SIZE, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source = source
        self.page_size = page_size
        self.page = 0
        self.total = 0
        self._generation = 0
        self._rows: dict[str, Any] = {}
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=t(self._source.placeholder), id="filter", compact=True)
        table = RecordTable()
        for key, label in self._columns():
            table.add_column(label, key=key)
        yield table
        yield Static(t("ui.loading"), id="pager")

    # --- what the screen asks -------------------------------------------------------------

    def _columns(self) -> list[tuple[str, Text]]:
        return [
            (col.key, Text(t(col.label), justify="right" if col.align == ">" else "left"))
            for col in self._source.columns
        ]

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def selected(self) -> Any | None:
        table = self.table
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._rows.get(row_key.value) if row_key.value is not None else None

    def focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def focus_rows(self) -> None:
        self.table.focus()

    def set_source(self, source: RowSource) -> None:
        self._source = source
        self.reload()

    def reload(self, *, first_page: bool = False) -> None:
        if first_page:
            self.page = 0
        self._generation += 1
        self._load(self._generation, self.filter_text if self.is_mounted else "", self.page)

    # --- loading ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="page")
    def _load(self, generation: int, text: str, page: int) -> None:
        source = self._source
        with thread_connection():
            total = source.count(text)
            pages = max(1, math.ceil(total / self.page_size))
            page = min(max(page, 0), pages - 1)
            rows = source.fetch(text, self.page_size, page * self.page_size)
            extra = source.extra(text)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(generation, rows, total, page, extra))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        table = self.table
        self._rows = {self._source.key(row): row for row in message.rows}
        rows = [(key, self._source.cells(row)) for key, row in self._rows.items()]
        table.fill(self._columns(), rows, cursor=table.cursor_row)
        self.total, self.page = message.total, message.page
        status = t("ui.pager", page=count(self.page + 1), pages=count(self.pages), total=count(self.total))
        if message.extra:
            status = f"{status}    {message.extra}"
        self.query_one("#pager", Static).update(status)
        self.loaded = True

    # --- keys and events ---------------------------------------------------------------------

    def action_page(self, step: int) -> None:
        target = min(max(self.page + step, 0), self.pages - 1)
        if target != self.page:
            self.page = target
            self.table.move_cursor(row=0, animate=False)
            self.reload()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.reload(first_page=True)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self._rows.get(event.row_key.value) if event.row_key.value is not None else None
        if row is not None:
            self.post_message(self.Opened(self, row))


register(
    zh={
        "ui.pager": "第 {page}/{pages} 页  共 {total} 条",
        "key.pages": "翻页",
    },
    en={
        "ui.pager": "Page {page}/{pages}  {total} {total|record|records}",
        "key.pages": "Page",
    },
)
