"""Moving an NC: a step button opens that step's modal; its submit applies the step.

Permission is checked on the click (refused before any modal opens) and again on
submit (the record may have moved, or the form may be forged). Whether the person
is a manager may need Slack, so it is settled before any transaction opens.
"""
from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.ids import NC_STEP_PREFIX
from bot.blocks.nc.modals import read_step, step_modal
from bot.blocks.refusals import refusal_text
from bot.db import SessionFactory
from bot.messages import nc as nc_messages
from bot.qms.nc import lifecycle, records, rules
from bot.qms.refusals import Refused
from handlers.answers import attempt, refuse
from handlers.context import WorkspaceContext

MANAGER_CODES = ("not_involved", "not_owner", "not_verifier", "not_manager")  # refusals a manager would not get


def click(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond,
          sessions: SessionFactory, workspace: WorkspaceContext) -> None:
    ack()
    step = lifecycle.STEPS[action["action_id"].removeprefix(NC_STEP_PREFIX)]
    # Optimistic while Slack has not said whether they are an admin: the submit checks again.
    record, refused = check(sessions, workspace, action["value"], step, manager=lambda: workspace.manager is not False)
    if refused:
        refuse(respond, refused)
        return
    client.views_open(trigger_id=body["trigger_id"], view=step_modal(record, step))


def save(ack: Ack, view: dict, sessions: SessionFactory, workspace: WorkspaceContext, now) -> None:
    record_id, step, answers = read_step(view)
    problems = rules.step_problems(step, answers, today=workspace.today)
    if not problems:
        refused = check(sessions, workspace, record_id, step)[1]
        if refused and refused.code in MANAGER_CODES and workspace.manager is None:
            refused = Refused("manager_unconfirmed")
        reason = refusal_text(refused) if refused else None
        if reason is None:
            known = workspace.is_manager  # settled before the transaction: never a Slack call while it holds a lock
            reason = attempt(sessions, lambda session: nc_messages.report_step(
                session, lifecycle.apply(session, team_id=workspace.team_id, record_id=record_id,
                                         step_name=step.name, actor=workspace.user_id, is_manager=lambda: known,
                                         answers=answers, now=now),
                step=step, actor=workspace.user_id, now=now))[1]
        if reason:
            problems = {step.fields[0]: reason}
    ack(**({"response_action": "errors", "errors": problems} if problems else {}))


def check(sessions: SessionFactory, workspace: WorkspaceContext, record_id: str, step: lifecycle.Step,
          manager: Callable[[], bool] | None = None) -> tuple[object | None, Refused | None]:
    """(record, why not) — read in a short session, judged after it closed."""
    with sessions.reads() as session:
        record = records.get(session, team_id=workspace.team_id, record_id=record_id)
    if record is None:
        return None, Refused("missing", record_id=record_id)
    return record, lifecycle.refusal(record, step, workspace.user_id, manager or (lambda: workspace.is_manager))
