"""One sheet of the workbook, streamed with openpyxl's write-only mode.

Write-only sheets take their column widths and frozen pane before the first row and their table
(header, autofilter) before saving; rows go straight to the file (bot.qms.export.rowxml writes their
XML as openpyxl would, in about a sixth of its time). A column's `kind` (bot.qms.sheets)
decides its cells: a person becomes their name and, in the next column, their Slack id; a link a
working hyperlink; a time a real UTC date cell (openpyxl's own date formats); long text wraps.
Text is made safe (bot.qms.export.cells).
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import chain

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from bot.qms.audit import as_utc
from bot.qms.export.cells import EXCEL_MAX_TEXT, FORMULA_STARTS, clean, web_link
from bot.qms.export.rowxml import RowStream
from bot.qms.sheets import DATETIME, LINK, LONG_TEXT, USER, USERS, Column

ID_WIDTH = 14
EXCEL_ROWS = 1_048_576  # rows in one sheet, the header's included
MAX_LINKS = 65_530  # hyperlinks Excel opens in one sheet (each also costs memory until the sheet is saved)
LONG = 40  # characters: longer text wraps (as does any with a line break)
HEADER_STYLE = (("font", Font(bold=True)),)
WRAP_STYLE = (("alignment", Alignment(wrap_text=True, vertical="top")),)
LINK_STYLE = (("font", Font(color="0563C1", underline="single")),)
QUOTED = ("quotePrefix", True)
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
Cells = Callable[[object], tuple]


def headers(columns: Iterable[Column]) -> list[tuple[str, int]]:
    """Each written column's header and width: people take two columns, times say they are UTC."""
    found = []
    for column in columns:
        if column.kind in (USER, USERS):
            found += [(column.header, column.width), (f"{column.header} ID", ID_WIDTH)]
        elif column.kind == DATETIME:
            found.append((f"{column.header} (UTC)", column.width))
        else:
            found.append((column.header, column.width))
    return found


class SheetWriter:
    def __init__(self, workbook: Workbook, title: str, columns: tuple[Column, ...], names: Mapping[str, str],
                 index: int | None = None):
        self.sheet = workbook.create_sheet(title=title, index=index)
        self.title, self.names, self.rows = title, names, 0
        self._styles: dict[tuple, StyleArray] = {}
        self._links = 0
        self.headers = headers(columns)
        self._cells: list[Cells] = [self._cells_for(column.kind) for column in columns]
        for number, (_, width) in enumerate(self.headers, 1):
            self.sheet.column_dimensions[get_column_letter(number)].width = width
        self.sheet.freeze_panes = "A2"
        # The header through openpyxl (it writes the sheet's start with it), the rows through the stream.
        self.stream = RowStream.attach(self.sheet, [self._styled(header, HEADER_STYLE) for header, _ in self.headers])

    def write(self, rows: Iterator[tuple], *, empty: str, advance: Callable[[int], None] | None = None,
              limit: int | None = None) -> Iterator[tuple] | None:
        """Up to `limit` rows (as many as an Excel sheet holds under its header); the rows left over, if any."""
        append = self.stream.append if self.stream else self.sheet.append
        makers, written, limit = self._cells, 0, limit or EXCEL_ROWS - 1
        for row in rows:
            cells: list = []
            for make, value in zip(makers, row, strict=True):
                cells += make(value)
            append(cells)
            written += 1
            if advance and not written % 1000:
                advance(1000)
            if written == limit:
                break
        if advance and written % 1000:
            advance(written % 1000)
        if not written:
            self.sheet.append([empty])
        self.rows = written
        self._table(max(written, 1))
        following = next(rows, None) if written == limit else None
        return None if following is None else chain((following,), rows)

    def _table(self, rows: int) -> None:
        ref = f"A1:{get_column_letter(len(self.headers))}{rows + 1}"
        table = Table(displayName=re.sub(r"\W", "_", self.title), ref=ref, tableStyleInfo=TABLE_STYLE,
                      autoFilter=AutoFilter(ref=ref))
        # Named as the header cells are: write-only sheets cannot be read back to find them.
        table.tableColumns = [TableColumn(id=number, name=header) for number, (header, _) in enumerate(self.headers, 1)]
        with warnings.catch_warnings():  # "you must add table columns manually": done just above
            warnings.simplefilter("ignore", UserWarning)
            self.sheet.add_table(table)

    # --- cells by kind ------------------------------------------------------------------------
    def _cells_for(self, kind: str) -> Cells:
        return {USER: self._person, USERS: self._people, LINK: self._link, LONG_TEXT: self._long_text}.get(
            kind, self._value)

    def _value(self, value) -> tuple:
        kind = type(value)
        if kind is str:
            return (self._text(value),)
        if kind is datetime:  # Excel has no time zones: the header says UTC
            return (value.replace(tzinfo=None) if value.tzinfo is UTC else as_utc(value).replace(tzinfo=None),)
        return (value,)

    def _long_text(self, value) -> tuple:
        """Wrapped when it would not fit one line of its column (most cells stay plain: less to style)."""
        if isinstance(value, str) and (len(value) > LONG or "\n" in value):
            return (self._text(value, WRAP_STYLE),)
        return self._value(value)

    def _text(self, value: str, style: tuple = ()):
        if len(value) > EXCEL_MAX_TEXT or ILLEGAL_CHARACTERS_RE.search(value):
            value = clean(value)
        if value.startswith(FORMULA_STARTS):  # stored as text, quote-prefixed: opening or editing never evaluates it
            cell = self._styled(value, (*style, QUOTED))
            cell.data_type = "s"
            return cell
        return self._styled(value, style) if style else value

    def _person(self, user_id) -> tuple:
        if not user_id:
            return None, None
        return self._text(self.names.get(user_id) or user_id), user_id

    def _people(self, user_ids) -> tuple:
        if not user_ids:
            return None, None
        return (self._text(", ".join(self.names.get(user_id) or user_id for user_id in user_ids)),
                ", ".join(user_ids))

    def _link(self, value) -> tuple:
        """A URL, or (text, URL): a working hyperlink when the URL is a web address, else the text."""
        text, url = value if isinstance(value, tuple) else (value, value)
        if not url:
            return (None,)
        target = web_link(url)
        if target is None:
            return self._value(text)
        if self._links >= MAX_LINKS:  # Excel's limit per sheet: the rest are written out as their address
            return self._value(target)
        self._links += 1
        cell = self._styled(clean(text or target), LINK_STYLE)
        cell.data_type = "s"  # even a link's text is never a formula
        cell.hyperlink = target
        return (cell,)

    def _styled(self, value, style: tuple) -> WriteOnlyCell:
        """A cell with `style` ((attribute, value) pairs), looked up in the workbook once per style."""
        cell = WriteOnlyCell(self.sheet, value)
        array = self._styles.get(style)
        if array is None:
            for name, setting in style:
                setattr(cell, name, setting)
            array = self._styles[style] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(array)  # a copy: openpyxl's cells own their style array
        return cell
