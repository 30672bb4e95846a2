"""The baselines of bench/export.py: bare openpyxl write-only mode writing the workbook's shape — the same
sheets, rows and cells (one value per cell, of the column's type) — with nothing read or formatted; with
--row-xml, the same rows through the export's own row writer (bot.qms.export.rowxml) instead of openpyxl's
append: what the export costs beyond the writing itself.

    python bench/export_baseline.py OUT.xlsx [--row-xml]  (DATABASE_URL: the database whose row counts to match)
"""
from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook  # noqa: E402

from bench.export_seed import TEAM  # noqa: E402
from bot.db import make_engine, make_session_factory  # noqa: E402
from bot.qms.export.rowxml import RowStream  # noqa: E402
from bot.qms.export.sheets import SHEETS  # noqa: E402
from bot.qms.export.writer import headers  # noqa: E402
from bot.qms.sheets import DATE, DATETIME, NUMBER, Window  # noqa: E402

SAMPLE = {NUMBER: 42, DATETIME: datetime(2026, 3, 2, 10, 15), DATE: datetime(2026, 3, 2)}
TEXT = "Wrong revision sent to the client, rev B instead of rev C"


def main() -> None:
    out = Path(sys.argv[1])
    with make_session_factory(make_engine(os.environ["DATABASE_URL"])).reads() as session:
        shapes = [(source, source.count(session, Window(TEAM))) for source in SHEETS]
    workbook = Workbook(write_only=True)
    for source, rows in shapes:
        sheet = workbook.create_sheet(source.name)
        header = [header for header, _ in headers(source.columns)]
        stream = RowStream.attach(sheet, header) if "--row-xml" in sys.argv else sheet.append(header)
        append = stream.append if stream else sheet.append
        row = [SAMPLE.get(column.kind, TEXT) for column in source.columns for _ in
               range(2 if column.kind in ("user", "users") else 1)]
        for _ in range(rows):
            append(row)
    workbook.save(out)


if __name__ == "__main__":
    main()
