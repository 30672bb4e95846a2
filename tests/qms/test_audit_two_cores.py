"""`trellis audit verify` walks a long chain in a second process while it replays the records: the verdict
is the one the single-process verify gives, broken chains included."""
import pytest

from bot.audit_elsewhere import process_walker
from bot.db import make_session_factory
from bot.qms import audit
from bot.qms.audit import verification
from tests.support.audit import tamper, write

KEY, TEAM = b"k" * 32, "T111"


def both_ways(engine, db_url, team="T1", key=KEY):
    sessions = make_session_factory(engine, audit_key=key)
    verdicts = []
    for walker in (None, process_walker(db_url)):
        with sessions.reads() as session:
            verdicts.append(audit.verify(session, team_id=team, walker=walker))
    return verdicts


@pytest.fixture(autouse=True)
def always_elsewhere(monkeypatch):
    monkeypatch.setattr(verification, "ELSEWHERE_FROM", 0)  # however short the chain


def test_an_intact_chain_gives_the_same_verdict_walked_in_a_second_process(engine, db_url):
    sessions = make_session_factory(engine, audit_key=KEY)
    write(sessions, 5)
    alone, elsewhere = both_ways(engine, db_url)
    assert alone == elsewhere and elsewhere.ok and elsewhere.checked == 5 and elsewhere.keyed


def test_a_changed_event_is_found_by_the_second_process(engine, db_url):
    write(make_session_factory(engine, audit_key=KEY), 4)
    tamper(engine, "UPDATE audit_event SET actor = 'U_EVIL' WHERE seq = 3")
    alone, elsewhere = both_ways(engine, db_url)
    assert alone == elsewhere and (elsewhere.ok, elsewhere.broken_seq) == (False, 3)
    assert "content was changed" in elsewhere.reason


def test_a_record_edited_in_its_table_is_found_while_the_chain_is_walked_elsewhere(engine, db_url, make):
    record_id = make.nc("investigating")
    tamper(engine, f"UPDATE nonconformance SET correction = 'nothing' WHERE record_id = '{record_id}'")
    alone, elsewhere = both_ways(engine, db_url, team=TEAM, key=None)
    assert alone == elsewhere and not elsewhere.ok and elsewhere.broken_record == record_id
    assert elsewhere.checked > 0 and "stored correction 'nothing'" in elsewhere.reason


@pytest.mark.parametrize("share", [0.5, 1.0])
def test_the_records_the_second_process_replays_are_checked_too(engine, db_url, make, monkeypatch, share):
    """It takes the last `share` of each trail's records (a half: NC-2 of two; all: even the first)."""
    monkeypatch.setattr(verification, "ELSEWHERE_SHARE", share)
    first, second = make.nc("investigating"), make.nc("investigating")
    intact = both_ways(engine, db_url, team=TEAM, key=None)
    assert intact[0] == intact[1] and intact[1].ok and intact[1].replayed == intact[0].replayed >= 2
    tampered = second if share < 1 else first
    tamper(engine, f"UPDATE nonconformance SET correction = 'nothing' WHERE record_id = '{tampered}'")
    alone, elsewhere = both_ways(engine, db_url, team=TEAM, key=None)
    assert alone == elsewhere and not elsewhere.ok and elsewhere.broken_record == tampered


def test_no_second_process_for_a_database_only_this_one_sees():
    assert process_walker("sqlite://") is None and process_walker("sqlite:///:memory:") is None
