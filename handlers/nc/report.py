"""Reporting nonconformances: `/qms nc`, `/nc`, the two shortcuts and the report modal.

The modal opens first (a trigger lives 3 s), with the workspace's own processes;
the source message's permalink is fetched on submit.
"""
from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.evidence import read_source
from bot.blocks.nc.card import nc_summary
from bot.blocks.nc.modals import feedback_of, read_report, report_modal
from bot.blocks.slack_text import mentioned, readable
from bot.blocks.text import escape
from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages import nc as nc_messages
from bot.qms import listing
from bot.qms.counters import parse_id
from bot.qms.nc import records, rules
from handlers.answers import first_delivery, form_errors
from handlers.context import WorkspaceContext
from handlers.evidence import checked_again, look_up_later, shortcut_source
from handlers.feedback import complaint
from handlers.slash import rest_of


def command(ack: Ack, command: dict, client: WebClient, sessions: SessionFactory, directory: Directory,
            workspace: WorkspaceContext) -> None:
    """`/qms nc [text]` and `/nc [text]`: an NC id shows that record, anything else opens the report."""
    text = rest_of(command)
    parsed = parse_id(text)
    if parsed and parsed[0] == "nc":
        ack(**record_answer(sessions, team_id=workspace.team_id, record_id=text.strip().upper()))
        return
    ack()
    open_report(client, workspace, trigger_id=command["trigger_id"],
                **prefill(text, describe=False, names=names(directory, workspace, text)))


def from_message(ack: Ack, shortcut: dict, client: WebClient, directory: Directory,
                 workspace: WorkspaceContext) -> None:
    """Message shortcut: the report prefilled from the message, which is kept as evidence."""
    ack()
    source = shortcut_source(shortcut, directory, workspace.team_id)
    known = names(directory, workspace, source.text)
    open_report(client, workspace, trigger_id=shortcut["trigger_id"], source=source, names=known,
                **prefill(source.text, describe=True, names=known))
    look_up_later(directory, workspace.team_id, source)


def from_global(ack: Ack, shortcut: dict, client: WebClient, workspace: WorkspaceContext) -> None:
    ack()
    open_report(client, workspace, trigger_id=shortcut["trigger_id"])


def names(directory: Directory, workspace: WorkspaceContext, slack_text: str | None) -> dict[str, str]:
    """Display names of the people a Slack text mentions, where the directory already knows them."""
    found = directory.users(workspace.team_id, mentioned(slack_text), look_up=False)
    return {user_id: row.name for user_id, row in found.items() if row is not None}


def prefill(slack_text: str | None, *, describe: bool, names: dict[str, str]) -> dict:
    """The report's title (the first line) and description, readable, from text Slack sent (its markup).
    A command's text goes to the description too when it does not fit the title."""
    text = readable(slack_text, names).strip()
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    long = title != text or len(title) > rules.TITLE_MAX
    return {"title": title, "description": text if describe or long else ""}


def open_report(client: WebClient, workspace: WorkspaceContext, *, trigger_id: str, **prefilled) -> None:
    client.views_open(trigger_id=trigger_id, view=report_modal(processes=workspace.settings.processes,
                                                                **prefilled))


def save(ack: Ack, body: dict, view: dict, sessions: SessionFactory, directory: Directory,
         workspace: WorkspaceContext, now) -> None:
    draft = read_report(view["state"]["values"])
    if form_errors(ack, rules.report_problems(draft, processes=tuple(workspace.settings.processes))):
        return
    evidence = checked_again(read_source(view.get("private_metadata"), view["state"]["values"]), directory,
                             workspace.team_id)
    feedback_id = feedback_of(view.get("private_metadata"))
    if feedback_id:
        complaint.save(ack, body, sessions, workspace, now, feedback_id=feedback_id, values=draft.values(),
                       evidence=evidence)
        return
    with sessions.begin() as session:
        # Slack may deliver the same submission again: only its first delivery creates a record.
        if first_delivery(session, body, team_id=workspace.team_id, now=now):
            record = records.report(session, team_id=workspace.team_id, reporter=workspace.user_id,
                                    values=draft.values(), evidence=evidence, now=now)
            nc_messages.announce(session, record, channel=workspace.settings.quality_channel, now=now)
    ack()


def record_answer(sessions: SessionFactory, *, team_id: str, record_id: str) -> dict:
    with sessions.reads() as session:
        record = records.get(session, team_id=team_id, record_id=record_id)
        link = listing.card_links(session, team_id=team_id, record_type="nc", record_ids=[record_id]).get(record_id)
    if record is None:
        return {"response_type": "ephemeral",
                "text": f"I cannot find {escape(record_id)} in this workspace. `/qms mine` lists your open ones."}
    return nc_summary(record, link)
