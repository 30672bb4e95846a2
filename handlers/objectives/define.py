"""`/qms objective`: a manager sets an objective (the modal); `/qms objective list` shows them all with where
they stand; `/qms objective OBJ-3` shows one, with its last four periods."""
from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.objectives.card import objective_summary, objectives_list
from bot.blocks.objectives.modals import objective_modal, read_objective
from bot.blocks.text import escape
from bot.db import SessionFactory
from bot.messages import objectives as objective_messages
from bot.qms.counters import parse_id
from bot.qms.objectives import records, rules
from bot.qms.objectives.values import objective_values
from bot.qms.refusals import Refused
from handlers.answers import first_delivery, form_errors, refuse
from handlers.context import WorkspaceContext
from handlers.slash import rest_of


def command(ack: Ack, command: dict, respond: Respond, client: WebClient, sessions: SessionFactory,
            workspace: WorkspaceContext) -> None:
    text = rest_of(command)
    parsed = parse_id(text)
    if parsed and parsed[0] == "objective":
        ack(**one(sessions, workspace, text.strip().upper()))
        return
    if text.lower() == "list":
        ack(**every(sessions, workspace))
        return
    ack()
    if not workspace.is_manager:
        refuse(respond, Refused("objective_manager"))
        return
    client.views_open(trigger_id=command["trigger_id"], view=objective_modal())


def one(sessions: SessionFactory, workspace: WorkspaceContext, record_id: str) -> dict:
    with sessions.reads() as session:
        objective = records.get(session, team_id=workspace.team_id, record_id=record_id)
        values = objective_values(session, team_id=workspace.team_id, objectives=[objective], now=workspace.now,
                                  timezone=workspace.settings.timezone) if objective else {}
    if objective is None:
        return {"response_type": "ephemeral", "text": f"I cannot find {escape(record_id)} in this workspace. "
                                                      "`/qms objective list` lists them."}
    can_update = workspace.user_id == objective.owner or workspace.is_manager
    return objective_summary(objective, values[objective.id], can_update=can_update)


def every(sessions: SessionFactory, workspace: WorkspaceContext) -> dict:
    with sessions.reads() as session:
        objectives = records.active(session, team_id=workspace.team_id)
        values = objective_values(session, team_id=workspace.team_id, objectives=objectives, now=workspace.now,
                                  timezone=workspace.settings.timezone)
    return objectives_list(objectives, values)


def save(ack: Ack, body: dict, view: dict, sessions: SessionFactory, workspace: WorkspaceContext, now) -> None:
    values, problems = rules.problems(read_objective(view["state"]["values"]))
    if not problems and not workspace.is_manager:
        problems = {"name": "Only Trellis managers and workspace admins can set quality objectives."}
    if form_errors(ack, problems):
        return
    with sessions.begin() as session:
        if first_delivery(session, body, team_id=workspace.team_id, now=now):
            objective = records.create(session, team_id=workspace.team_id, created_by=workspace.user_id,
                                       values=values, now=now)
            objective_messages.announce(session, objective, channel=workspace.settings.quality_channel, now=now)
    ack()
