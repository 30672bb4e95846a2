"""The rows' own XML writer (bot.qms.export.rowxml) against openpyxl's: the same bytes, cell for cell."""
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import IllegalCharacterError

from bot.qms.export import rowxml
from bot.qms.export.workbook import discard
from bot.qms.export.writer import SheetWriter
from bot.qms.sheets import DATETIME, LINK, LONG_TEXT, NUMBER, USER, USERS, Column

COLUMNS = (Column("N", NUMBER, 8), Column("At", DATETIME, 20), Column("Text"), Column("Long", LONG_TEXT, 40),
           Column("Who", USER), Column("Whom", USERS), Column("Link", LINK), Column("Day"), Column("Flag"),
           Column("Ratio"))
NAMES = {"U1": "Alice & Co", "U2": "=Bob"}
# Every kind of cell a sheet holds, and the ones openpyxl writes itself (links, NaN, a time zone's absence).
ROWS = [
    (1, datetime(2026, 3, 2, 10, 15, 1, 123000), "plain", "x" * 50, "U1", ["U1", "U2"],
     "https://acme.slack.com/archives/C1/p1?a=1&b=2", date(2026, 1, 5), True, 0.1),
    (2**40, datetime(2026, 3, 2), "  padded ", "short\nline <b>", "U_GONE", [], ("text", "https://x.example"),
     None, False, 1e20),
    (None, None, "=SUM(A1)", "-1 &amp; <i>", None, None, "javascript:alert(1)", "", 3, float("nan")),
    (3, None, "a\x01b", "@x", "U1", ["U3"], None, "+1", None, -2.5),
    (4, None, None, None, "U" * 40_000, None, None, None, None, None),  # an id longer than a cell holds
    *((n, datetime(2026, 1, 1, n % 24), f"row {n}", f"text {n}", "U2", ["U1"], None, date(2026, 2, 1), None, n / 7)
      for n in range(5, 40)),
]


def build(path, *, stream: bool, monkeypatch) -> None:
    with monkeypatch.context() as patch:
        if not stream:  # every row through openpyxl's own write-only append
            patch.setattr(rowxml.RowStream, "attach", classmethod(lambda cls, sheet, header: sheet.append(header)))
        workbook = Workbook(write_only=True)
        SheetWriter(workbook, "Rows", COLUMNS, NAMES).write(iter(ROWS), empty="none")
        workbook.save(path)


def test_rows_are_the_bytes_openpyxl_writes(tmp_path, monkeypatch):
    mine, theirs = tmp_path / "mine.xlsx", tmp_path / "theirs.xlsx"
    build(mine, stream=True, monkeypatch=monkeypatch)
    build(theirs, stream=False, monkeypatch=monkeypatch)
    with zipfile.ZipFile(mine) as a, zipfile.ZipFile(theirs) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():  # the sheet, its styles, its hyperlinks and table
            assert a.read(name) == b.read(name), name
    sheet = load_workbook(mine)["Rows"]
    assert sheet["A3"].value == 2**40 and sheet["B2"].value == datetime(2026, 3, 2, 10, 15, 1, 123000)
    assert sheet["C3"].value == "  padded " and sheet["D3"].value == "short\nline <b>"
    assert sheet["C4"].value == "=SUM(A1)" and sheet["C4"].data_type == "s"  # text, never a formula
    assert sheet["I2"].hyperlink.target.startswith("https://acme.slack.com") and sheet["C5"].value == "ab"


def test_text_openpyxl_refuses_is_refused_here_too(tmp_path):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Rows")
    try:
        stream = rowxml.RowStream.attach(sheet, ["Text"])
        assert stream is not None  # et_xmlfile's writer, as installed
        with pytest.raises(IllegalCharacterError):
            stream.append(["bell\x07"])
    finally:
        discard(workbook)  # an unsaved write-only sheet's temporary file
