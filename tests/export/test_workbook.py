"""The workbook read back with openpyxl: every sheet, its header, types and cells against the database."""
import errno
import zipfile
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet import _writer as openpyxl_writer
from sqlalchemy import func, select

from bot.audit_elsewhere import verifier_for
from bot.qms.audit import verification
from bot.qms.export import workbook as workbook_module
from bot.qms.export.sheets import SHEETS
from bot.qms.nc.lifecycle import STATUS_LABELS
from models import AuditEvent, AuditHead, Nonconformance
from tests.export.conftest import FORMULA_TITLE, TEAM, Statements, as_dicts, export, rows_of
from tests.support.audit import tamper

ORDER = ["Summary", "Nonconformances", "Approvals", "Management reviews", "Review actions", "Customer feedback",
         "Objectives", "Knowledge", "Review threads", "Audit trail"]


def near(cell: datetime, stored: datetime) -> bool:
    """An Excel date cell (naive UTC, millisecond precision) holds the stored moment."""
    return abs(cell.replace(tzinfo=UTC) - stored) < timedelta(milliseconds=2)


def test_every_sheet_in_design_order_is_a_table_with_a_frozen_header(seeded, session_factory, tmp_path):
    out, _ = export(session_factory, tmp_path)
    book = load_workbook(out)
    assert book.sheetnames == ORDER
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        [table] = sheet.tables.values()
        assert table.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}", sheet.title
        assert table.autoFilter.ref == table.ref
        header = [cell.value for cell in sheet[1]]
        assert table.column_names == header and all(isinstance(h, str) for h in header)
        assert all(sheet.column_dimensions[cell.column_letter].width >= 8 for cell in sheet[1])


def test_nonconformances_match_the_database(seeded, session_factory, tmp_path):
    out, _ = export(session_factory, tmp_path)
    rows = as_dicts(rows_of(out)["Nonconformances"])
    with session_factory() as session:
        stored = {nc.record_id: nc for nc in session.scalars(select(Nonconformance))}
    assert [row["ID"] for row in rows] == ["NC-1", "NC-2"]
    closed, planted = rows
    nc = stored["NC-1"]
    assert (closed["Title"], closed["Reporter"], closed["Reporter ID"]) == (nc.title, "Alice Archer", "U_ALICE")
    assert (closed["Owner"], closed["Owner ID"]) == ("=Bob", "U_BOB")  # a name that looks like a formula
    assert (closed["Status"], closed["Severity"], closed["Process"]) == (STATUS_LABELS["closed"], "Major", "Delivery")
    assert near(closed["Opened (UTC)"], nc.created_at) and near(closed["Closed (UTC)"], nc.closed_at)
    assert closed["Due"].date() == nc.due_date and isinstance(closed["Days open"], int)
    assert closed["Root cause (whys)"] == "\n".join(f"Why {n}: {why}" for n, why in enumerate(nc.root_cause, 1))
    assert (closed["Verified by"], closed["Verified by ID"]) == ("Mona Manager", "U_MANAGER")
    assert (closed["Done by ID"], closed["Effectiveness check"]) == ("U_BOB", nc.effectiveness)
    assert closed["Comments"] == 1  # the deleted reply is kept on Review threads, not counted here
    assert closed["Last activity (UTC)"] > closed["Opened (UTC)"]
    assert planted["Status"] == "Open" and planted["Closed (UTC)"] is None and planted["Verified by"] is None
    assert planted["Description"] == "@SUM(A1:A9) rang a bell"  # control characters removed


def test_approvals_show_each_decision_and_working_links(seeded, session_factory, tmp_path):
    out, _ = export(session_factory, tmp_path)
    approved, rejected = as_dicts(rows_of(out)["Approvals"])
    assert (approved["ID"], approved["Status"], approved["Policy"]) == ("APR-1", "Approved", "Any one approver")
    assert (approved["Approvers"], approved["Approvers ID"]) == ("Mona Manager", "U_MANAGER")
    assert approved["Decisions"].startswith("U_MANAGER (U_MANAGER): approved ")
    assert rejected["Decisions"].endswith(": Not like this") and rejected["Status"] == "Rejected"
    assert rejected["Title"] == "Supplier: Bolt & Nut Ltd" and rejected["Ended by ID"] == "U_MANAGER"
    sheet = load_workbook(out)["Approvals"]
    header = [cell.value for cell in sheet[1]]
    link = sheet.cell(2, header.index("Link") + 1)
    assert link.hyperlink.target == "https://drive.example/design-v3"
    card = sheet.cell(2, header.index("Permalink") + 1)
    assert card.value == "APR-1" and card.hyperlink.target.startswith("https://example.slack.com/archives/")


def test_review_threads_keep_every_reply_with_its_marks(seeded, session_factory, tmp_path):
    out, _ = export(session_factory, tmp_path)
    edited, deleted = as_dicts(rows_of(out)["Review threads"])
    assert (edited["Record type"], edited["Record"], edited["Author"], edited["Author ID"]) == (
        "nc", "NC-1", "=Bob", "U_BOB")
    assert edited["Text"] == seeded.reply_text and edited["Edited (UTC)"] and edited["Deleted (UTC)"] is None
    assert deleted["Text"] == "=cmd|' /C calc'!A0" and deleted["Deleted (UTC)"] and deleted["Message ts"]
    sheet = load_workbook(out)["Review threads"]
    link = sheet.cell(2, [cell.value for cell in sheet[1]].index("Permalink") + 1)
    assert link.value == "Open in Slack" and link.hyperlink.target.endswith("p1800000000000000")


def test_audit_trail_is_every_event_with_its_hash_and_the_previous_one(seeded, session_factory, tmp_path):
    out, _ = export(session_factory, tmp_path)
    rows = as_dicts(rows_of(out)["Audit trail"])
    with session_factory() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    assert [row["Seq"] for row in rows] == [event.seq for event in events]
    assert [(row["Hash"], row["Previous hash"]) for row in rows] == [(e.hash, e.prev_hash) for e in events]
    assert all(later["Previous hash"] == earlier["Hash"] for earlier, later in pairwise(rows))
    assert all(near(row["Time (UTC)"], event.at) for row, event in zip(rows, events, strict=True))
    investigated = next(row for row in rows if row["Action"] == "nc.investigated")
    assert "status: open → investigating" in investigated["Change (before → after)"].splitlines()
    assert "owner: (empty) → U_BOB" in investigated["Change (before → after)"]
    assert (investigated["Actor"], investigated["Actor ID"]) == ("Alice Archer", "U_ALICE")


def test_summary_names_period_counts_clauses_and_the_chain_as_audit_verify_does(seeded, session_factory, tmp_path):
    out, built = export(session_factory, tmp_path)
    summary = {row[0]: row[1:] for row in rows_of(out)["Summary"][1:]}
    with session_factory() as session:
        head = session.get(AuditHead, TEAM)
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    assert summary["Workspace"][0] == TEAM and summary["Period"][0] == "the first record to now (UTC)"
    assert summary["Generated by"][0] == "Mona Manager (U_MANAGER)"
    assert isinstance(summary["Generated (UTC)"][0], datetime)
    assert summary["Sheet: Nonconformances"] == ("2 records", "8.7, 10.2")
    assert summary["Sheet: Approvals"] == ("2 records", "7.5.2, 8.3.4, 8.6")
    assert summary["Sheet: Management reviews"] == ("0 records", "9.3")
    assert summary["Sheet: Customer feedback"][1] == "9.1.2" and summary["Sheet: Knowledge"][1] == "7.1.6"
    assert summary["Sheet: Review threads"][0] == "2 records"
    assert summary["Sheet: Audit trail"] == (f"{events} records", "7.5.3.2")
    assert summary["Audit chain (whole trail)"][0].startswith(f"intact: {events} events checked")
    assert summary["Audit chain head (hash)"][0] == head.hash and summary["Audit chain head (sequence)"][0] == events
    assert built.counts["Audit trail"] == events


def test_a_long_chain_is_verified_in_a_second_process_while_the_sheets_are_written(
        seeded, session_factory, engine, tmp_path, monkeypatch):
    monkeypatch.setattr(verification, "ELSEWHERE_FROM", 0)  # however short the chain
    alone = rows_of(export(session_factory, tmp_path)[0])
    out, built = export(session_factory, tmp_path, verifier=verifier_for)
    assert list(rows_of(out)) == list(alone) and list(alone)[0] == "Summary"  # written last, still first
    summary = {row[0]: row[1] for row in rows_of(out)["Summary"][1:]}
    assert summary["Audit chain (whole trail)"].startswith("intact") and built.chain.verdict.ok
    assert summary == {row[0]: row[1] for row in alone["Summary"][1:]} | {"Generated (UTC)": summary["Generated (UTC)"]}
    tamper(engine, "UPDATE nonconformance SET title = 'Quietly renamed' WHERE record_id = 'NC-1'")
    out, built = export(session_factory, tmp_path, verifier=verifier_for)
    found = {row[0]: row[1] for row in rows_of(out)["Summary"][1:]}["Audit chain (whole trail)"]
    assert found.startswith("BROKEN") and "NC-1" in found and not built.chain.verdict.ok


def test_sheets_without_records_say_so_under_their_header(seeded, session_factory, tmp_path):
    out, _ = export(session_factory, tmp_path)
    rows = rows_of(out)
    empty = {sheet.name: sheet.empty for sheet in SHEETS}  # each feature says it in its own words
    for name in ("Management reviews", "Review actions", "Customer feedback", "Objectives", "Knowledge"):
        header, only = rows[name]
        assert header[0] == "ID" and only[0] == empty[name] and set(only[1:]) == {None}
    assert "Next review (UTC)" in rows["Knowledge"][0] and "Score" in rows["Customer feedback"][0]


def test_text_that_looks_like_a_formula_is_stored_as_text(seeded, session_factory, tmp_path):
    out, _ = export(session_factory, tmp_path)
    with zipfile.ZipFile(out) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    sheet = load_workbook(out)["Nonconformances"]
    header = [cell.value for cell in sheet[1]]
    for column, value in (("Title", FORMULA_TITLE), ("Customer", "+1 555 0100"), ("Process", "-Delivery"),
                          ("Owner", None)):
        cell = sheet.cell(3 if value else 2, header.index(column) + 1)
        assert cell.data_type == "s", column
        if value:
            assert cell.value == value
        assert cell.quotePrefix, column  # Excel keeps it text even when someone edits the cell


def test_a_period_keeps_only_what_happened_in_it(seeded, session_factory, tmp_path):
    tomorrow = datetime.combine(date.today() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    out, built = export(session_factory, tmp_path, since=tomorrow)
    rows = rows_of(out)
    assert rows["Nonconformances"][1][0] == "No records yet." and rows["Audit trail"][1][0] == "No records yet."
    summary = {row[0]: row[1] for row in rows["Summary"][1:]}
    assert summary["Period"] == f"{tomorrow:%Y-%m-%d} to now (UTC)"
    assert summary["Audit chain (whole trail)"].startswith("intact")  # the chain is always checked whole
    out, built = export(session_factory, tmp_path, until=tomorrow)
    assert built.counts["Nonconformances"] == 2 and len(rows_of(out)["Nonconformances"]) == 3


def test_the_statements_do_not_grow_with_the_records(seeded, make, session_factory, engine, tmp_path):
    with Statements(engine) as few:
        export(session_factory, tmp_path)
    for _ in range(4):
        make.nc("action")
        make.approval(approvers=("U_MANAGER", "U_BOB"), policy="all")
    with Statements(engine) as more:
        export(session_factory, tmp_path)
    assert more.count == few.count


def test_a_full_disk_leaves_no_file_and_the_old_workbook_as_it_was(seeded, session_factory, tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "workbook.xlsx"
    target.write_bytes(b"last quarter's workbook")

    def full(workbook, path):
        path.write_bytes(b"PK half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    sheet_files, real_temporary_file = [], openpyxl_writer.create_temporary_file  # a file per write-only sheet

    def recorded(suffix=""):
        sheet_files.append(real_temporary_file(suffix))
        return sheet_files[-1]

    monkeypatch.setattr(workbook_module, "save", full)
    monkeypatch.setattr(openpyxl_writer, "create_temporary_file", recorded)
    with pytest.raises(OSError):
        export(session_factory, folder)
    assert target.read_bytes() == b"last quarter's workbook"
    assert [path.name for path in folder.iterdir()] == ["workbook.xlsx"]
    assert len(sheet_files) == len(ORDER) and not any(Path(path).exists() for path in sheet_files)
    assert not set(sheet_files) & set(openpyxl_writer.ALL_TEMP_FILES)


def test_the_table_lists_each_sheet_once():
    assert [source.name for source in SHEETS] == ORDER[1:]
    assert all(source.clause for source in SHEETS)


def test_more_rows_than_a_sheet_holds_go_on_to_a_second_sheet(seeded, session_factory, tmp_path, monkeypatch):
    from bot.qms.export import writer

    monkeypatch.setattr(writer, "EXCEL_ROWS", 6)  # a header and five rows
    out, built = export(session_factory, tmp_path)
    book = load_workbook(out)
    events = built.counts["Audit trail"]
    parts = [name for name in book.sheetnames if name.startswith("Audit trail")]
    assert parts == ["Audit trail"] + [f"Audit trail ({n})" for n in range(2, (events + 4) // 5 + 1)]
    seqs = [row[0] for name in parts for row in book[name].iter_rows(min_row=2, values_only=True)]
    assert seqs == list(range(1, events + 1))
    assert all(len(book[name].tables) == 1 for name in parts)


def test_links_past_excels_limit_per_sheet_are_written_as_their_address(seeded, session_factory, tmp_path,
                                                                        monkeypatch):
    from bot.qms.export import writer

    monkeypatch.setattr(writer, "MAX_LINKS", 1)
    out, _ = export(session_factory, tmp_path)
    sheet = load_workbook(out)["Review threads"]
    column = [cell.value for cell in sheet[1]].index("Permalink") + 1
    linked, written = sheet.cell(2, column), sheet.cell(3, column)
    assert linked.hyperlink is not None and linked.value == "Open in Slack"
    assert written.hyperlink is None and written.value.startswith("https://example.slack.com/archives/")
