"""The knowledge builders as plain functions: what Slack accepts (the fake Slack's Block Kit validator),
whatever the entry holds — the longest texts, all of them characters that escape five times over."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.blocks.knowledge.answer import highlighted, more_value, overview, read_more, search_answer, too_long
from bot.blocks.knowledge.card import kb_card
from bot.blocks.knowledge.modals import entry_modal, reassign_modal
from bot.blocks.knowledge.reminder import review_item
from bot.blocks.knowledge.thread import thread_text
from bot.blocks.settings import settings_modal
from bot.qms.evidence import SourceMessage
from bot.qms.inputs import Due, ItemRef
from bot.qms.knowledge import query
from bot.qms.knowledge.rules import BODY_MAX, QUERY_MAX, TITLE_MAX
from bot.qms.knowledge.search import Hit, Page
from bot.qms.knowledge.snippets import MARK, UNMARK, snippet
from bot.qms.workspaces import WorkspaceSettings
from bot.sandbox.slack.blockkit import message_errors, view_errors
from models import KnowledgeEntry

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LONG = "&<>" * 20_000


def kb(status: str = "current", text: str = LONG, **extra) -> KnowledgeEntry:
    return KnowledgeEntry(
        team_id="T1", record_id="KB-12", title=text[:TITLE_MAX], body=text[:BODY_MAX], thread_text=text[:40_000],
        thread_state="added", thread_left_out=3, process=text[:75], tags=["api", "x" * 30], owner="U_BOB",
        author="U_BOB", saver="U_ALICE", status=status, version=4, confirmed_at=NOW - timedelta(days=200),
        next_review_at=NOW - timedelta(days=20), created_at=NOW, updated_at=NOW, source_channel="C1",
        source_ts="1.2", source_permalink="https://x.slack.com/p1", nc_id="NC-3",
        retired_at=NOW if status == "retired" else None, retired_by="U_ALICE" if status == "retired" else None,
        **extra)


@pytest.mark.parametrize("status", ["current", "retired"])
@pytest.mark.parametrize("orphaned", [False, True])
def test_cards_are_valid_whatever_they_hold(status, orphaned):
    card = kb_card(kb(status), orphaned=orphaned, now=NOW)
    assert message_errors(card["blocks"]) == []
    assert "<>" not in str(card) and "&lt;&gt;" in str(card)  # people's text is escaped
    labels = [b["text"]["text"] for block in card["blocks"] if block["type"] == "actions" for b in block["elements"]]
    assert labels == ([] if status == "retired" else ["Edit", "Still true", "Retire", *(["Reassign"] * orphaned)])


def test_modals_are_valid():
    source = SourceMessage(channel="D1", ts="1.2", author="U_BOB", text=LONG, private=True)
    views = [entry_modal(processes=[f"P{n}" * 30 for n in range(120)], owner="U_BOB", review_days=180,
                         title=LONG[:TITLE_MAX], body=LONG[:BODY_MAX], source=source, thread_ts="1.2",
                         thread_replies=40, cut_from=40_000, nc_id="NC-3"),
             entry_modal(processes=["Delivery"], owner=None, review_days=180, entry=kb()),
             reassign_modal(kb()), settings_modal(WorkspaceSettings())]
    for view in views:
        assert view_errors(view) == []


def test_search_answers_are_valid_and_within_limits():
    hits = tuple(Hit(kb(), f"{MARK}{LONG[:500]}{UNMARK} " * 4) for _ in range(5))
    parsed = query.parse("x" * QUERY_MAX)
    for answer in (search_answer(parsed, Page(hits, 0, True), links={"KB-12": "https://x/p"}),
                   overview(hits, hits, links={}), search_answer(parsed, Page((), 0, False), links={}),
                   too_long(5000)):
        assert message_errors(answer.get("blocks", [])) == []
    button = search_answer(parsed, Page(hits, 0, True), links={})["blocks"][-2]["elements"][0]
    assert len(button["value"]) <= 2000 and read_more(button["value"]) == ("x" * QUERY_MAX, 5)
    assert read_more("not json") == ("", 0) and read_more(more_value('"quoted"', 10)) == ('"quoted"', 10)


def test_highlights_bold_the_matches_and_escape_the_rest():
    assert highlighted(f"tell <b> {MARK}Deploy{UNMARK} now") == "tell &lt;b&gt; *Deploy* now"
    entry = kb(text="Run make release. Then deploying takes ten minutes, and the deploy log says so.")
    assert f"{MARK}deploying{UNMARK}" in snippet(entry, ("deploy",), 24)


def test_a_reminder_item_has_the_entrys_buttons():
    due = Due("U_BOB", "knowledge_review", ItemRef("kb", "KB-12", LONG[:TITLE_MAX], note="last confirmed 1 Jun"),
              NOW)
    blocks = review_item(due)
    assert message_errors(blocks) == []
    assert [b["value"] for b in blocks[1]["elements"]] == ["KB-12"] * 3


def test_thread_text_keeps_whole_replies_that_fit():
    replies = [{"ts": "1", "user": "U_A", "text": "parent"}] + [
        {"ts": str(n), "user": "U_B", "text": "r" * 100} for n in range(2, 12)]
    text, left_out = thread_text(replies, saved_ts="1", names={"U_B": "bob"}, limit=350)
    assert text.count("bob: ") == 3 and left_out == 7 and "parent" not in text
