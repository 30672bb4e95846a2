"""`/qms kb [query]`, `/qms kb new`, `/qms kb KB-3`, and "More" under an answer. Answers are private."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.knowledge.answer import overview, read_more, search_answer, too_long
from bot.blocks.knowledge.card import kb_card
from bot.blocks.text import as_typed, context, escape
from bot.db import SessionFactory
from bot.qms import listing
from bot.qms.counters import parse_id
from bot.qms.knowledge import listing as kb_listing
from bot.qms.knowledge import query as kb_query
from bot.qms.knowledge import records, rules, search
from handlers.context import WorkspaceContext
from handlers.knowledge.save import open_new
from handlers.slash import rest_of


def command(ack: Ack, command: dict, client: WebClient, sessions: SessionFactory,
            workspace: WorkspaceContext) -> None:
    text = rest_of(command)
    if text.lower() == "new" or text.lower().startswith("new "):  # `/qms kb new [title]`
        ack()
        open_new(client, workspace, command["trigger_id"], title=as_typed(text[4:].strip())[:rules.TITLE_MAX])
        return
    parsed = parse_id(text)
    if parsed and parsed[0] == "kb":
        ack(**entry_answer(sessions, workspace, text.strip().upper()))
        return
    ack(**answer(sessions, workspace, text, 0))


def more(ack: Ack, action: dict, respond: Respond, sessions: SessionFactory, workspace: WorkspaceContext) -> None:
    """The next five, in place of the answer clicked."""
    ack()
    text, offset = read_more(action.get("value") or "")
    respond(**{**answer(sessions, workspace, text, offset), "replace_original": True})


def answer(sessions: SessionFactory, workspace: WorkspaceContext, text: str, offset: int) -> dict:
    try:
        parsed = kb_query.parse(text)
    except kb_query.QueryTooLong as long:
        return too_long(long.length)
    with sessions.reads() as session:
        if parsed.empty:
            newest = search.search(session, team_id=workspace.team_id, query=parsed).hits
            due = kb_listing.due_hits(session, team_id=workspace.team_id, user_id=workspace.user_id,
                                      now=workspace.now)
            hits = [*newest, *due]
        else:
            page = search.search(session, team_id=workspace.team_id, query=parsed, offset=offset)
            hits = list(page.hits)
        links = listing.card_links(session, team_id=workspace.team_id, record_type="kb",
                                   record_ids=[hit.entry.record_id for hit in hits])
    if parsed.empty:
        return overview(newest, due, links=links)
    return search_answer(parsed, page, links=links)


def entry_answer(sessions: SessionFactory, workspace: WorkspaceContext, record_id: str) -> dict:
    with sessions.reads() as session:
        entry = records.get(session, team_id=workspace.team_id, record_id=record_id)
        link = listing.card_links(session, team_id=workspace.team_id, record_type="kb",
                                  record_ids=[record_id]).get(record_id)
    if entry is None:
        return {"response_type": "ephemeral",
                "text": f"I cannot find {escape(record_id)} in this workspace. `/qms kb` lists the newest entries."}
    card = kb_card(entry)
    card["blocks"] = [block for block in card["blocks"] if block["type"] != "actions"]
    where = f"<{escape(link)}|Open its card> to edit or confirm it." if link else "Its card has not been posted yet."
    return {"response_type": "ephemeral", "text": card["text"], "blocks": [*card["blocks"], context(where)]}
