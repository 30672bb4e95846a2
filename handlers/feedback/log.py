"""Logging customer feedback: `/qms feedback`, the `log_feedback` message shortcut, the customer type-ahead
and the modal's submission (which turns into a confirmation offering a complaint NC for a low score).

A message by someone of another organisation (Slack Connect: the message's `user_team`) prefills the
customer known for that organisation, from the database only: the modal opens first.
"""
from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.feedback.modals import confirmation, customer_option, customer_options, feedback_modal, read_feedback
from bot.blocks.ids import FEEDBACK_CUSTOMER
from bot.blocks.slack_text import readable
from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages import feedback as feedback_messages
from bot.qms.feedback import customers, records, rules
from handlers.answers import first_delivery, form_errors
from handlers.context import WorkspaceContext
from handlers.evidence import checked_again, look_up_later, shortcut_source
from handlers.nc.report import names


def command(ack: Ack, command: dict, client: WebClient, workspace: WorkspaceContext) -> None:
    ack()
    client.views_open(trigger_id=command["trigger_id"], view=feedback_modal(scale=workspace.settings.feedback_scale))


def from_message(ack: Ack, shortcut: dict, client: WebClient, sessions: SessionFactory, directory: Directory,
                 workspace: WorkspaceContext) -> None:
    """The message is the evidence; its text is what they said; an external author's organisation names the
    customer when Trellis has met it before."""
    ack()
    source = shortcut_source(shortcut, directory, workspace.team_id)
    author_team = external_team(shortcut["message"], directory, workspace.team_id)
    known = None
    if author_team:
        with sessions.reads() as session:
            found = customers.of_slack_team(session, team_id=workspace.team_id, slack_team=author_team)
            known = customer_option(found.id, found.name) if found else None
    mentioned = names(directory, workspace, source.text)
    client.views_open(trigger_id=shortcut["trigger_id"], view=feedback_modal(
        scale=workspace.settings.feedback_scale, source=source, customer=known, author_team=author_team,
        comment=readable(source.text, mentioned).strip(), names=mentioned))
    look_up_later(directory, workspace.team_id, source)


def external_team(message: dict, directory: Directory, team_id: str) -> str | None:
    """The author's organisation when it is not this workspace's (Slack Connect), else None."""
    author_team = message.get("user_team") or message.get("team")
    if not author_team and message.get("user"):
        cached = directory.users(team_id, [message["user"]], look_up=False).get(message["user"])
        author_team = cached.home_team if cached else None
    return author_team if author_team and author_team != team_id else None


def suggest(ack: Ack, payload: dict, sessions: SessionFactory, workspace: WorkspaceContext) -> None:
    """The customer type-ahead (block_suggestion): known customers, and what was typed as a new one."""
    typed = payload.get("value") or ""
    with sessions.reads() as session:
        known = customers.search(session, team_id=workspace.team_id, typed=typed)
    ack(**customer_options(known, typed))


def save(ack: Ack, body: dict, view: dict, sessions: SessionFactory, directory: Directory,
         workspace: WorkspaceContext, now) -> None:
    draft, source, author_team = read_feedback(view)
    scale = workspace.settings.feedback_scale
    problems = rules.problems(draft, scale=scale)
    if not problems:
        with sessions.reads() as session:
            problems = records.stored_problems(session, team_id=workspace.team_id, draft=draft)
    if form_errors(ack, {(FEEDBACK_CUSTOMER if name == "customer" else name): text
                         for name, text in problems.items()}):
        return
    evidence = checked_again(source, directory, workspace.team_id)
    record = None
    with sessions.begin() as session:
        if first_delivery(session, body, team_id=workspace.team_id, now=now):
            record = records.log(session, team_id=workspace.team_id, logged_by=workspace.user_id, draft=draft,
                                 scale=scale, evidence=evidence, author_team=author_team, now=now)
            feedback_messages.announce(session, record, channel=workspace.settings.quality_channel, now=now)
        answer = {"response_action": "update", "view": confirmation(record)} if record else {}
    ack(**answer)
