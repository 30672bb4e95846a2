"""/qms mine and the Home tab: lists that are usually empty are probed together in one statement, and
only those that found something are read — the same lists, fewer round trips."""
from __future__ import annotations

from datetime import date

from bot.qms import mine
from models import ReviewAction
from models.types import utcnow
from tests.support.queries import Statements


def looks(session_factory, engine, user_id: str, *, is_manager: bool = False):
    with Statements(engine) as statements, session_factory.reads() as session:
        found = mine.sections(session, team_id="T1", user_id=user_id, is_manager=is_manager, now=utcnow())
    return {section.title: [item.record_id for item in section.items] for section in found}, statements.count


def test_empty_lists_cost_one_probe_and_a_list_with_items_is_still_read(session_factory, engine):
    with session_factory.begin() as session:
        session.add(ReviewAction(team_id="T1", record_id="ACT-1", review_id="MR-1", kind="improvement",
                                 title="Train the new starters", owner="U_OWNER", due_date=date(2026, 12, 20)))
    owner, owner_statements = looks(session_factory, engine, "U_OWNER")
    someone, someone_statements = looks(session_factory, engine, "U_SOMEONE", is_manager=True)
    assert owner["Your management review actions"] == ["ACT-1"]
    assert someone["Your management review actions"] == [] and someone["Review actions to confirm"] == []
    assert all(items == [] for title, items in owner.items() if title != "Your management review actions")
    probed = [source for source in mine.SECTIONS if source.probe is not None]
    assert len(probed) >= 5  # review actions (two lists), knowledge, objectives, feedback
    unprobed = len(mine.SECTIONS) - len(probed)
    assert someone_statements == unprobed + 1  # every probed list empty: one statement for all of them
    assert owner_statements == unprobed + 2  # and the one list the probe found something in
