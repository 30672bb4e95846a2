"""The workbook opened by another program: LibreOffice (headless) converts every sheet to CSV and the
content is what the database holds — and the planted formula is shown as typed, never evaluated."""
import csv
import os
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

from models import AuditEvent
from tests.export.conftest import FORMULA_TITLE, export
from tests.export.test_workbook import ORDER

# Field separator, text delimiter, UTF-8, from line 1, -, -, quote all text, -, save cells as shown,
# export formulas (no: their results), -, every sheet into its own file.
CSV_OPTIONS = "44,34,76,1,,0,true,false,true,false,false,-1"


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":  # .ci/run installs LibreOffice Calc: a missing one is a broken CI
            pytest.fail("soffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed here")
    return found


def sheets_as_csv(path, folder) -> dict[str, list[list[str]]]:
    profile = folder / "profile"  # its own profile: no clash with another soffice, nothing left in HOME
    out = folder / "csv"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", f"csv:Text - txt - csv (StarCalc):{CSV_OPTIONS}", "--outdir", str(out),
                    str(path)], check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(folder)})
    found = {}
    for name in ORDER:
        with open(out / f"{path.stem}-{name}.csv", newline="", encoding="utf-8") as handle:
            found[name] = list(csv.reader(handle))
    return found


def test_libreoffice_reads_every_sheet_as_the_database_has_it(seeded, session_factory, tmp_path):
    path, built = export(session_factory, tmp_path)
    sheets = sheets_as_csv(path, tmp_path)
    assert set(sheets) == set(ORDER)
    with session_factory() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    ncs = sheets["Nonconformances"]
    header = ncs[0]
    assert header[:5] == ["ID", "Title", "Description", "Reporter", "Reporter ID"] and "Opened (UTC)" in header
    rows = [dict(zip(header, row, strict=True)) for row in ncs[1:]]
    assert [row["ID"] for row in rows] == ["NC-1", "NC-2"]
    assert rows[0]["Reporter"] == "Alice Archer" and rows[0]["Owner"] == "=Bob"
    assert rows[1]["Title"] == FORMULA_TITLE  # shown as typed: LibreOffice did not evaluate it
    assert rows[1]["Customer"] == "+1 555 0100" and rows[1]["Process"] == "-Delivery"
    assert rows[0]["Opened (UTC)"][:4].isdigit() and rows[0]["Opened (UTC)"][4] == "-"  # a date, as shown
    assert len(sheets["Audit trail"]) == events + 1
    trail = sheets["Audit trail"]
    assert trail[1][0] == "1" and trail[2][trail[0].index("Previous hash")] == trail[1][trail[0].index("Hash")]
    summary = {row[0]: row[1] for row in sheets["Summary"][1:]}
    assert summary["Audit chain (whole trail)"].startswith(f"intact: {events} events checked")
    assert sheets["Knowledge"][1][0] == "No records yet."
    replies = sheets["Review threads"]
    assert replies[2][replies[0].index("Text")] == "=cmd|' /C calc'!A0"
