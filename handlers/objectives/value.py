"""A manual measure's value: the `Enter value` button (on the summary, or in the reminder) opens the value
modal; saving it is for the objective's owner or a manager."""
from __future__ import annotations

from datetime import date

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.objectives.modals import read_value, value_modal
from bot.db import SessionFactory
from bot.qms.objectives import records, rules
from bot.qms.objectives.periods import periods
from bot.qms.refusals import Refused
from handlers.answers import attempt, first_delivery, form_errors, refuse
from handlers.context import WorkspaceContext


def click(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond, sessions: SessionFactory,
          workspace: WorkspaceContext) -> None:
    ack()
    record_id, _, asked = (action.get("value") or "").partition("|")
    with sessions.reads() as session:
        objective = records.get(session, team_id=workspace.team_id, record_id=record_id)
    if objective is None:
        refuse(respond, Refused("objective_not_found", record_id=record_id))
        return
    if workspace.user_id != objective.owner and not workspace.is_manager:
        refuse(respond, Refused("objective_not_owner", objective))
        return
    choices = [first for first, _, _ in periods(objective.period, workspace.now, workspace.settings.timezone, 1)]
    chosen = date.fromisoformat(asked) if asked and date.fromisoformat(asked) in choices else choices[0]
    opener = client.views_push if body.get("view") else client.views_open
    opener(trigger_id=body["trigger_id"], view=value_modal(objective, choices, chosen))


def save(ack: Ack, body: dict, view: dict, sessions: SessionFactory, workspace: WorkspaceContext, now) -> None:
    record_id, period_start, text = read_value(view)
    value, problem = rules.value_problem(text)
    if form_errors(ack, {"value": problem} if problem else {}):
        return

    def work(session):
        if first_delivery(session, body, team_id=workspace.team_id, now=now):
            records.record_value(session, team_id=workspace.team_id, record_id=record_id,
                                 period_start=date.fromisoformat(period_start), value=value,
                                 actor=workspace.user_id, is_manager=workspace.is_manager, now=now)

    _, refused = attempt(sessions, work)
    if form_errors(ack, {"value": refused[:150]} if refused else {}):
        return
    ack()
