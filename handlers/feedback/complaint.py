"""A low score raised as a customer-complaint NC: the `Raise a nonconformance` button (on the feedback card
or its confirmation) opens the NC report prefilled; saving it links the two both ways."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.feedback.modals import notice
from bot.blocks.nc.modals import report_modal
from bot.blocks.refusals import refusal_text
from bot.db import SessionFactory
from bot.messages import feedback as feedback_messages
from bot.qms.evidence import SourceMessage
from bot.qms.feedback import complaints, records
from handlers.answers import attempt, first_delivery, refuse
from handlers.context import WorkspaceContext


def click(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond, sessions: SessionFactory,
          workspace: WorkspaceContext) -> None:
    ack()
    record_id = action.get("value") or ""
    with sessions.reads() as session:
        record = records.get(session, team_id=workspace.team_id, record_id=record_id)
        refusal = complaints.can_raise(record, record_id)
    if refusal:
        if body.get("view"):  # inside the confirmation modal there is no message to answer under
            client.views_update(view_id=body["view"]["id"], view=notice(refusal_text(refusal)))
        else:
            refuse(respond, refusal)
        return
    prefilled = complaints.prefill(record)
    view = report_modal(processes=workspace.settings.processes, title=prefilled["title"],
                        description=prefilled["description"], customer=prefilled["customer"],
                        origin=prefilled["source"], source=records.source_of(record), feedback_id=record.record_id)
    if body.get("view"):
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def save(ack: Ack, body: dict, sessions: SessionFactory, workspace: WorkspaceContext, now, *, feedback_id: str,
         values: dict, evidence: SourceMessage | None) -> None:
    """The NC report's submit when it was opened from feedback: both records change, or neither."""
    def work(session):
        if not first_delivery(session, body, team_id=workspace.team_id, now=now):
            return None
        nc, record = complaints.raise_nc(session, team_id=workspace.team_id, reporter=workspace.user_id,
                                         feedback_id=feedback_id, values=values, evidence=evidence, now=now)
        feedback_messages.complaint_raised(session, nc, record, channel=workspace.settings.quality_channel, now=now)
        return nc

    _, refused = attempt(sessions, work)
    if refused:
        ack(response_action="errors", errors={"title": refused[:150]})
        return
    ack(response_action="clear")  # the confirmation under a pushed report closes with it

