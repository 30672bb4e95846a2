"""verify reads one moment of the trail in a read-only transaction: the bot keeps writing and reading
meanwhile, without waiting, and what it writes does not make verify see a half-moved chain."""
import time

from bot.db import snapshot
from bot.qms import audit
from bot.qms.nc import records
from models.types import utcnow
from tests.support.nc import REPORT

TEAM = "T111"


def report(session_factory):
    with session_factory.begin() as session:
        records.report(session, team_id=TEAM, reporter="U_ALICE", values=REPORT, now=utcnow())


def test_verify_holds_nobody_up_and_sees_one_moment(session_factory):
    for _ in range(3):
        report(session_factory)
    with snapshot(session_factory) as reading:
        first = audit.verify(reading, team_id=TEAM)
        assert first.ok and (first.checked, first.replayed) == (3, 3)
        began = time.monotonic()
        report(session_factory)  # a writer, while verify's transaction is open
        with session_factory.reads() as session:
            assert len(records.open_for(session, team_id=TEAM, user_id="U_ALICE")) == 4
        assert time.monotonic() - began < 2
        again = audit.verify(reading, team_id=TEAM)
        assert again.ok and (again.checked, again.replayed) == (3, 3)
    with snapshot(session_factory) as reading:
        assert audit.verify(reading, team_id=TEAM).checked == 4
