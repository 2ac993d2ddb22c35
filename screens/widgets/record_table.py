"""A row-cursor DataTable whose enter key ("open") shows in the footer, in the UI's language.

``fill`` replaces columns and rows at once with widths measured here: DataTable measures new
rows only when idle and may keep drawing already-cached lines at the old widths (a figure that
grew from "414" to "103.5" showed as "103."), so the widths are known before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ..keys import Translated

Row = tuple[str, Sequence[Text]]  # (row key, cells)


class RecordTable(Translated, DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "key.open")]

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)

    def fill(self, columns: Sequence[tuple[str, Text]], rows: Sequence[Row], cursor: int = 0) -> None:
        """Show ``rows`` under ``columns`` ((key, label) pairs), the cursor on row ``cursor``."""
        widths = [cell_len(label.plain) for _, label in columns]
        for _, cells in rows:
            for i, cell in enumerate(cells):
                widths[i] = max(widths[i], max(cell_len(line) for line in cell.plain.split("\n")))
        self.clear(columns=True)
        for (key, label), width in zip(columns, widths, strict=True):
            self.add_column(label, key=key, width=width)
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if rows:
            self.move_cursor(row=min(max(cursor, 0), len(rows) - 1), animate=False)
