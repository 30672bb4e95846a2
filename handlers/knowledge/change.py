"""An entry's buttons (on its card, and in a reminder DM): Edit (a modal, then a new version), Still true,
Retire, and Reassign for an orphaned entry (a manager). Permission is checked on the click and again
on submit; whether the person is a manager is settled before any transaction opens."""
from __future__ import annotations

import json

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.knowledge.modals import entry_modal as edit_modal
from bot.blocks.knowledge.modals import read_entry, reassign_modal
from bot.blocks.refusals import refusal_text
from bot.blocks.text import slack_date
from bot.db import SessionFactory
from bot.directory import Directory
from bot.messages import knowledge as kb_messages
from bot.qms.knowledge import lifecycle, records, rules
from bot.qms.refusals import Refused
from handlers.answers import attempt, first_delivery, form_errors, refuse
from handlers.context import WorkspaceContext
from handlers.knowledge.save import owner_facts


def open_edit(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond, sessions: SessionFactory,
              workspace: WorkspaceContext) -> None:
    _open(ack, body, action, client, respond, sessions, workspace, "edit", lambda entry: edit_modal(
        processes=_with(workspace.settings.processes, entry.process), owner=entry.owner,
        review_days=entry.review_days, entry=entry))


def open_reassign(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond,
                  sessions: SessionFactory, workspace: WorkspaceContext) -> None:
    _open(ack, body, action, client, respond, sessions, workspace, "reassign", reassign_modal)


def _clicked(audit_action: str, change, said):
    """A button that changes the entry at once (no modal) and says privately what it did."""
    def listener(ack: Ack, action: dict, respond: Respond, sessions: SessionFactory, workspace: WorkspaceContext,
                 now) -> None:
        ack()
        entry = _apply(respond, sessions, workspace, audit_action, lambda session, is_manager: change(
            session, team_id=workspace.team_id, record_id=action["value"], actor=workspace.user_id,
            is_manager=is_manager, now=now), now)
        if entry is not None:
            refuse(respond, said(entry))
    return listener


confirm = _clicked("kb.confirmed", lifecycle.confirm, lambda entry: (
    f"Thanks: {entry.record_id} is confirmed as still true. Its next review is "
    f"{slack_date(entry.next_review_at, '{date_short_pretty}')}."))
retire = _clicked("kb.retired", lifecycle.retire, lambda entry: (
    f"{entry.record_id} is retired: it is kept on record and no longer offered or reviewed."))


def save_edit(ack: Ack, body: dict, view: dict, sessions: SessionFactory, directory: Directory,
              workspace: WorkspaceContext, now) -> None:
    draft, metadata = read_entry(view)
    with sessions.reads() as session:
        entry = records.get(session, team_id=workspace.team_id, record_id=metadata.get("id", ""))
    processes = _with(workspace.settings.processes, entry.process) if entry else workspace.settings.processes
    problems = rules.entry_problems(draft, processes=tuple(processes),
                                    owner_facts=owner_facts(directory, workspace.team_id, draft.owner))
    if not problems:
        reason = _submit(sessions, body, workspace, now, "kb.edited", lambda session, is_manager: lifecycle.edit(
            session, team_id=workspace.team_id, record_id=metadata.get("id", ""), actor=workspace.user_id,
            is_manager=is_manager, values=draft.values(), now=now))
        problems = {"title": reason} if reason else {}
    if not form_errors(ack, problems):
        ack()


def save_reassign(ack: Ack, body: dict, view: dict, sessions: SessionFactory, directory: Directory,
                  workspace: WorkspaceContext, now) -> None:
    owner = (view["state"]["values"].get("owner") or {}).get("owner", {}).get("selected_user")
    problems = rules.owner_problem(owner, owner_facts(directory, workspace.team_id, owner))
    if not problems:
        record_id = json.loads(view.get("private_metadata") or "{}").get("id", "")
        reason = _submit(sessions, body, workspace, now, "kb.reassigned",
                         lambda session, is_manager: lifecycle.reassign(
                             session, team_id=workspace.team_id, record_id=record_id, actor=workspace.user_id,
                             is_manager=is_manager, owner=owner, now=now))
        problems = {"owner": reason} if reason else {}
    if not form_errors(ack, problems):
        ack()


def _open(ack, body, action, client, respond, sessions, workspace, what: str, modal) -> None:
    ack()
    with sessions.reads() as session:
        entry = records.get(session, team_id=workspace.team_id, record_id=action["value"])
    # Optimistic while Slack has not said whether they are an admin: the submit checks again.
    refused = lifecycle.refusal(entry, what, workspace.user_id, lambda: workspace.manager is not False,
                                action["value"])
    if refused:
        refuse(respond, refused)
        return
    client.views_open(trigger_id=body["trigger_id"], view=modal(entry))


def _apply(respond, sessions, workspace, action: str, change, now):
    """One change and its card update, in one transaction; a refusal is said privately."""
    known = workspace.manager  # may ask Slack: before the transaction
    entry, reason = attempt(sessions, lambda session: _report(session, change(session, lambda: known is True),
                                                              action, workspace.user_id, now))
    if reason:
        refuse(respond, _unconfirmed(reason, known))
    return entry


def _submit(sessions, body, workspace, now, action: str, change) -> str | None:
    """A modal's change (saved once however often Slack delivers it); the refusal's words if refused."""
    known = workspace.manager

    def work(session):
        if first_delivery(session, body, team_id=workspace.team_id, now=now):
            _report(session, change(session, lambda: known is True), action, workspace.user_id, now)
    reason = attempt(sessions, work)[1]
    return _unconfirmed(reason, known) if reason else None


def _unconfirmed(reason: str, known: bool | None) -> str:
    """Refused while Slack could not say whether they are an admin: say that, not "only managers"."""
    return refusal_text(Refused("manager_unconfirmed")) if known is None else reason


def _report(session, entry, action: str, actor: str, now):
    kb_messages.report_change(session, entry, action=action, actor=actor, now=now)
    return entry


def _with(processes, current: str) -> tuple[str, ...]:
    """The workspace's processes, and the entry's own if it has since been removed from them."""
    return tuple(processes) if current in processes else (*processes, current)
