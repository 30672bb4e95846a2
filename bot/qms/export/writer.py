"""One sheet of the workbook, streamed with openpyxl's write-only mode.

Write-only sheets take their column widths and frozen pane before the first row and their table
(header, autofilter) before saving; rows go straight to the file. A column's `kind` (bot.qms.sheets)
decides its cells: a person becomes their name and, in the next column, their Slack id; a link a
working hyperlink; a time a real UTC date cell; long text wraps. Text is made safe (bot.qms.export.cells).
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from bot.qms.audit import as_utc
from bot.qms.export.cells import clean, looks_like_formula, web_link
from bot.qms.sheets import DATE, DATETIME, LINK, LONG_TEXT, USER, USERS, Column

ID_WIDTH = 14
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
LINK_FONT = Font(color="0563C1", underline="single")
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
DATETIME_FORMAT, DATE_FORMAT = "yyyy-mm-dd hh:mm", "yyyy-mm-dd"
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
    def __init__(self, workbook: Workbook, title: str, columns: tuple[Column, ...], names: Mapping[str, str]):
        self.sheet = workbook.create_sheet(title=title)
        self.title, self.names, self.rows = title, names, 0
        self.headers = headers(columns)
        self._cells: list[Cells] = [self._cells_for(column.kind) for column in columns]
        for number, (_, width) in enumerate(self.headers, 1):
            self.sheet.column_dimensions[get_column_letter(number)].width = width
        self.sheet.freeze_panes = "A2"
        self.sheet.append([self._styled(header, font=HEADER_FONT) for header, _ in self.headers])

    def write(self, rows: Iterable[tuple], *, empty: str, advance: Callable[[int], None] | None = None) -> int:
        append, makers, written = self.sheet.append, self._cells, 0
        for row in rows:
            cells: list = []
            for make, value in zip(makers, row, strict=True):
                cells += make(value)
            append(cells)
            written += 1
            if advance and not written % 1000:
                advance(1000)
        if advance and written % 1000:
            advance(written % 1000)
        if not written:
            self.sheet.append([empty])
        self.rows = written
        self._table(max(written, 1))
        return written

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
        return {USER: self._person, USERS: self._people, LINK: self._link, LONG_TEXT: self._long_text,
                DATETIME: self._moment, DATE: self._moment}.get(kind, self._value)

    def _value(self, value) -> tuple:
        if isinstance(value, str):
            return (self._text(value),)
        if isinstance(value, (datetime, date)):
            return self._moment(value)
        return (value,)

    def _long_text(self, value) -> tuple:
        if isinstance(value, str) and value:
            return (self._text(value, alignment=WRAP),)
        return self._value(value)

    def _text(self, value: str, **style):
        value = clean(value)
        if looks_like_formula(value):  # stored as text, quote-prefixed: opening or editing never evaluates it
            cell = self._styled(value, quotePrefix=True, **style)
            cell.data_type = "s"
            return cell
        return self._styled(value, **style) if style else value

    def _moment(self, value) -> tuple:
        if isinstance(value, datetime):
            return (self._styled(as_utc(value).replace(tzinfo=None), number_format=DATETIME_FORMAT),)
        if isinstance(value, date):
            return (self._styled(value, number_format=DATE_FORMAT),)
        return self._value(value)

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
        cell = self._styled(clean(text or target), font=LINK_FONT)
        cell.data_type = "s"  # even a link's text is never a formula
        cell.hyperlink = target
        return (cell,)

    def _styled(self, value, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell
