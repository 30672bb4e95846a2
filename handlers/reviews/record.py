"""Record management review: the digest's button opens the review modal (managers only); "Add action"
updates it in place; submitting stores MR-n and its actions. An action's buttons move it."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.refusals import refusal_text
from bot.blocks.reviews.modal import read_review, review_modal
from bot.db import SessionFactory
from bot.messages import reviews as review_messages
from bot.qms.refusals import Refused
from bot.qms.reviews import lifecycle, records, rules
from handlers.answers import attempt, form_errors, refuse
from handlers.context import WorkspaceContext


def open_modal(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond,
               sessions: SessionFactory, workspace: WorkspaceContext) -> None:
    ack()
    if workspace.manager is False:  # not known yet: optimistic, the submit checks again
        refuse(respond, Refused("review_managers"))
        return
    with sessions.reads() as session:
        try:
            post = records.reviewable(session, team_id=workspace.team_id, digest_id=action["value"])
        except Refused as refused:
            refuse(respond, refused)
            return
        inputs = [(group["key"], group["title"]) for group in post.inputs]
    client.views_open(trigger_id=body["trigger_id"], view=review_modal(
        digest_id=post.record_id, inputs=inputs, today=workspace.today.isoformat()))


def add_action(ack: Ack, body: dict, client: WebClient, workspace: WorkspaceContext) -> None:
    """One more action row, with everything typed so far kept (views.update within the trigger's life)."""
    ack()
    view = body["view"]
    draft, inputs, actions = read_review(view)
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=review_modal(
            digest_id=draft.digest_id, inputs=inputs, today=workspace.today.isoformat(), actions=actions + 1,
            draft=draft))
    except SlackApiError as exc:  # the modal changed or closed meanwhile: the person clicks again
        if exc.response.get("error") not in ("hash_conflict", "not_found"):
            raise


def save(ack: Ack, view: dict, sessions: SessionFactory, workspace: WorkspaceContext, now) -> None:
    draft, _, _ = read_review(view)
    problems = rules.problems(draft, today=workspace.today)
    if not problems and not workspace.is_manager:
        problems = {"attendees": refusal_text(Refused(
            "manager_unconfirmed" if workspace.manager is None else "review_managers"))}
    if not problems:
        reason = attempt(sessions, lambda session: review_messages.review_recorded(
            session, records.record(session, team_id=workspace.team_id, draft=draft, actor=workspace.user_id,
                                    now=now), now=now))[1]
        problems = {"attendees": reason} if reason else {}
    if not form_errors(ack, problems):
        ack()


def mark_done(ack: Ack, action: dict, respond: Respond, sessions: SessionFactory, workspace: WorkspaceContext,
              now) -> None:
    _move(ack, action, respond, sessions, workspace, now, "done")


def confirm(ack: Ack, action: dict, respond: Respond, sessions: SessionFactory, workspace: WorkspaceContext,
            now) -> None:
    _move(ack, action, respond, sessions, workspace, now, "confirm")


def _move(ack: Ack, action: dict, respond: Respond, sessions: SessionFactory, workspace: WorkspaceContext, now,
          move: str) -> None:
    ack()
    known = workspace.is_manager  # settled before the transaction: never a Slack call while it holds a lock
    reason = attempt(sessions, lambda session: review_messages.action_changed(session, lifecycle.apply(
        session, team_id=workspace.team_id, record_id=action["value"], move=move, actor=workspace.user_id,
        is_manager=lambda: known, now=now), now=now))[1]
    if reason:
        refuse(respond, reason)
