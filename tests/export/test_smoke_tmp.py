from pathlib import Path
from openpyxl import load_workbook
from bot.qms.export.workbook import build
from bot.qms.sheets import Window
from models.types import utcnow

def test_smoke(make, session_factory, tmp_path):
    make.nc("closed")
    make.approval(decided_by={"U_MANAGER": True})
    out = tmp_path / "w.xlsx"
    with session_factory() as s:
        built = build(s, window=Window("T111"), out=out, generated_by="U_MANAGER", now=utcnow())
    print(built)
    wb = load_workbook(out)
    for ws in wb.worksheets:
        print(ws.title, ws.freeze_panes, list(ws.tables))
        for row in ws.iter_rows(values_only=True):
            print(row)
    assert 0
