"""A write-only sheet's rows written as the XML openpyxl writes for them, straight into its stream.

openpyxl's write-only mode makes an ElementTree element of every cell and serialises it through
et_xmlfile: some 15 µs a cell, most of an export's time (1M audit events are 11M cells). The cells a
workbook holds are few kinds — inline strings, numbers, booleans, dates as serial numbers, each with
its style — whose XML is small and fixed, so `RowStream` writes that same text itself, in about a sixth
of the time (bench/export.py's two baselines). A cell of any
other kind (a hyperlink, a comment, a formula, rich text, a time zone) goes through openpyxl's own cell
writer, in its place. Where openpyxl does not write through et_xmlfile (lxml installed) there is no
stream to write into, and `RowStream.attach` says so: the caller appends rows the ordinary way.
"""
from __future__ import annotations

from datetime import date, datetime
from math import isfinite

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, IllegalCharacterError
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.qms.export.cells import EXCEL_MAX_TEXT


class RowStream:
    def __init__(self, sheet: WriteOnlyWorksheet, xf, columns: int):
        self.sheet, self.xf, self.out = sheet, xf, xf._file
        self.row = 1  # the header's
        self.letters = [get_column_letter(number) for number in range(1, columns + 1)]
        workbook = sheet.parent
        self.epoch = workbook.epoch
        self.dates = not workbook.iso_dates  # ISO dates are openpyxl's to write
        self._date_styles: dict[type, str] = {}

    @classmethod
    def attach(cls, sheet: WriteOnlyWorksheet, header: list) -> RowStream | None:
        """Append `header` (openpyxl writes the sheet's start and it); the stream for the rows after it,
        or None when openpyxl's writer is not et_xmlfile's."""
        sheet._get_writer()
        writer, seen = sheet._writer, []
        ordinary = writer.write_row

        def first_row(xf, row, row_idx):
            seen.append(xf)
            ordinary(xf, row, row_idx)

        writer.write_row = first_row
        try:
            sheet.append(header)
        finally:
            writer.write_row = ordinary
        xf = seen[0] if seen else None
        return cls(sheet, xf, len(header)) if hasattr(xf, "_file") else None

    def append(self, values: list) -> None:
        self.row += 1
        number = str(self.row)
        parts = [f'<row r="{number}">']
        for column, (letter, value) in enumerate(zip(self.letters, values, strict=True), 1):
            if value is None:
                continue
            text = self._cell(f"{letter}{number}", value)
            if text is None:  # openpyxl's own writer, in place
                self.out("".join(parts))
                parts.clear()
                self._by_openpyxl(value, self.row, column)
            else:
                parts.append(text)
        parts.append("</row>")
        self.out("".join(parts))

    def _cell(self, ref: str, value) -> str | None:
        kind, style = type(value), ""
        if kind is Cell:  # WriteOnlyCell makes a Cell
            if value.hyperlink is not None or value._comment is not None or value.data_type != "s":
                return None
            style, value = f' s="{value.style_id}"', value._value
            if type(value) is not str:
                return None
            kind = str
        if kind is str:
            if not value:
                return f'<c r="{ref}"{style} t="inlineStr" />'
            # as openpyxl's check_string does (the sheet's writer cleans what people typed before this)
            value = value[:EXCEL_MAX_TEXT]
            if ILLEGAL_CHARACTERS_RE.search(value):
                raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
            space = ' xml:space="preserve"' if value != value.strip() and value.strip() else ""
            if "&" in value or "<" in value or ">" in value:
                value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'
        if kind is int or (kind is float and isfinite(value)):  # .16g: openpyxl's safe_string
            return f'<c r="{ref}" t="n"><v>{value:.16g}</v></c>'
        if kind is bool:
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if (kind is datetime and value.tzinfo is None or kind is date) and self.dates:
            return f'<c r="{ref}"{self._date_style(kind)} t="n"><v>{to_excel(value, self.epoch):.16g}</v></c>'
        return None

    def _date_style(self, kind: type) -> str:
        """The style openpyxl gives a cell holding a date or a time (its number format): asked of openpyxl
        once, when the first such cell is written, so the workbook numbers its styles as openpyxl would."""
        style = self._date_styles.get(kind)
        if style is None:
            style = self._date_styles[kind] = f' s="{WriteOnlyCell(self.sheet, kind(2000, 1, 1)).style_id}"'
        return style

    def _by_openpyxl(self, value, row: int, column: int) -> None:
        """What openpyxl's write-only append does with one cell (its `_values_to_row`, then `write_row`)."""
        cell = value if isinstance(value, Cell) else WriteOnlyCell(self.sheet, value)
        cell.row, cell.column = row, column
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate
        if cell._comment is not None:
            self.sheet._comments.append(CommentRecord.from_cell(cell))
        if cell._value is not None or cell.has_style or cell._comment is not None:
            write_cell(self.xf, self.sheet, cell, cell.has_style)
