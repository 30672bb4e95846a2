"""Saving knowledge: the `save_to_knowledge` message shortcut, `/qms kb new`, "Save something" under a search
that found nothing, "Save as lesson learned" on a closed NC's card, and the save modal's submission.

The modal opens first (a trigger lives 3 s). "Include the whole thread" is honoured after the ack: the
entry is stored with its card (kb.created) and a conversations.replies read queued on the outbox in the
same transaction; the replies are kept when Slack answers (kb.thread_added, bot.messages.knowledge).
"""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.knowledge.modals import entry_modal, read_entry, source_of, wants_thread
from bot.blocks.slack_text import mentioned, readable
from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages import knowledge as kb_messages
from bot.qms.directory import is_user_id
from bot.qms.knowledge import records, rules
from bot.qms.nc import records as nc_records
from handlers.answers import first_delivery, form_errors, refuse
from handlers.context import ADMIN_CHECK_WAIT, WorkspaceContext
from handlers.evidence import checked_again, shortcut_source


def from_message(ack: Ack, shortcut: dict, client: WebClient, directory: Directory,
                 workspace: WorkspaceContext) -> None:
    """The modal prefilled from the message: title from its first line, its text, its author as owner."""
    ack()
    source = shortcut_source(shortcut, directory, workspace.team_id)
    message = shortcut["message"]
    known = directory.users(workspace.team_id, mentioned(source.text), look_up=False)
    text = readable(source.text, {user_id: row.name for user_id, row in known.items() if row}).strip()
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:rules.TITLE_MAX]
    thread_ts = message.get("thread_ts") if message.get("thread_ts") and (
        message.get("reply_count") or message.get("thread_ts") != message.get("ts")) else None
    client.views_open(trigger_id=shortcut["trigger_id"], view=entry_modal(
        processes=workspace.settings.processes, owner=source.author or workspace.user_id,
        review_days=workspace.settings.kb_review_days, title=title, body=text[:rules.BODY_MAX], source=source,
        thread_ts=thread_ts, thread_replies=message.get("reply_count"),
        cut_from=len(text) if len(text) > rules.BODY_MAX else 0))
    # After the modal is open: learn the author (is it a person who is still here?) and the conversation.
    directory.users(workspace.team_id, {source.author} if source.author else set())
    if source.private and not source.channel.startswith(("D", "G")):
        directory.channel(workspace.team_id, source.channel)


def open_new(client: WebClient, workspace: WorkspaceContext, trigger_id: str, **prefilled) -> None:
    client.views_open(trigger_id=trigger_id, view=entry_modal(
        processes=workspace.settings.processes, owner=workspace.user_id,
        review_days=workspace.settings.kb_review_days, **prefilled))


def from_search(ack: Ack, body: dict, client: WebClient, workspace: WorkspaceContext) -> None:
    """"Save something" under a search that found nothing."""
    ack()
    open_new(client, workspace, body["trigger_id"])


def from_nc(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond, sessions: SessionFactory,
            workspace: WorkspaceContext) -> None:
    """"Save as lesson learned" on a closed NC: prefilled from its root cause and corrective action."""
    ack()
    with sessions.reads() as session:
        nc = nc_records.get(session, team_id=workspace.team_id, record_id=action["value"])
    if nc is None or nc.status != "closed":
        refuse(respond, f"{action['value']} is not a closed nonconformance, so there is no lesson to save yet.")
        return
    whys = "\n".join(f"{number}. {why}" for number, why in enumerate(nc.root_cause or [], 1))
    body_text = (f"What went wrong: {nc.title}\n\nWhy it happened:\n{whys}\n\n"
                 f"What we changed: {nc.corrective_action or ''}\n\nHow we know it worked: {nc.effectiveness or ''}")
    open_new(client, workspace, body["trigger_id"], title=f"Lesson: {nc.title}"[:rules.TITLE_MAX],
             body=body_text[:rules.BODY_MAX], nc_id=nc.record_id)


def save(ack: Ack, body: dict, view: dict, sessions: SessionFactory, directory: Directory,
         workspace: WorkspaceContext, now) -> None:
    draft, metadata = read_entry(view)
    facts = owner_facts(directory, workspace.team_id, draft.owner)
    problems = rules.entry_problems(draft, processes=tuple(workspace.settings.processes), owner_facts=facts)
    if form_errors(ack, problems):
        return
    source = checked_again(source_of(view), directory, workspace.team_id)
    thread_ts = metadata.get("thread_ts") if source is not None and wants_thread(view) else None
    with sessions.begin() as session:
        # Slack may deliver the same submission again: only its first delivery saves.
        if first_delivery(session, body, team_id=workspace.team_id, now=now):
            entry = records.save(session, team_id=workspace.team_id, saver=workspace.user_id, values=draft.values(),
                                 source=source, author=source.author if source else None,
                                 nc_id=metadata.get("nc"), thread_pending=bool(thread_ts), now=now)
            kb_messages.announce(session, entry, channel=workspace.settings.kb_channel, thread_ts=thread_ts,
                                 now=now)
    ack()


def owner_facts(directory: Directory, team_id: str, owner: str | None):
    """What the directory knows of the chosen owner (a bot? gone?), waiting briefly when it knows nothing."""
    if not is_user_id(owner):
        return None
    return directory.users(team_id, [owner], wait=ADMIN_CHECK_WAIT)[owner]
