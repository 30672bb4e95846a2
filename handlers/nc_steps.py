"""Moving an NC: a step button opens that step's modal; its submit applies the step.

Permission is checked on the click (refused before any modal opens) and again
on submit (the record may have moved, or the form may be forged). Whether the
person is a manager may need Slack (users.info), so it is asked lazily and never
while a database transaction is open.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from zoneinfo import ZoneInfo

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.nc_card import STEP_ACTION_PREFIX
from bot.blocks.nc_modals import read_step, step_modal, step_of
from bot.qms import nc, nc_lifecycle
from bot.qms.nc_rules import STEPS, Step, refusal
from bot.services import Services
from handlers.common import may_manage, services, team_id_of, user_id_of, workspace_settings
from handlers.nc_cards import queue_card_change

STEP_ACTION = re.compile(f"^{STEP_ACTION_PREFIX}({'|'.join(STEPS)})$")


def on_step_click(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond, context) -> None:
    ack()
    svc = services(context)
    team_id, user_id = team_id_of(body), user_id_of(body)
    step = STEPS[action["action_id"].removeprefix(STEP_ACTION_PREFIX)]
    record, reason = check(svc, team_id, action["value"], step, user_id, manager_check(svc, client, team_id, user_id))
    if reason:
        respond(response_type="ephemeral", replace_original=False, text=reason)
        return
    client.views_open(trigger_id=body["trigger_id"], view=step_modal(record, step))


def save_step(ack: Ack, body: dict, view: dict, client: WebClient, context) -> None:
    svc = services(context)
    team_id, user_id, now = team_id_of(body), user_id_of(body), svc.now()
    record_id, step_name = step_of(view)
    step = STEPS[step_name]
    answers = read_step(step, view["state"]["values"])
    errors = nc_lifecycle.check_answers(step, answers, today=local_today(svc, team_id, now))
    manager = manager_check(svc, client, team_id, user_id)
    reason = None if errors else check(svc, team_id, record_id, step, user_id, manager)[1]
    if not errors and not reason:
        known = manager()  # settled before the transaction: never a Slack call while it holds the lock
        try:
            with svc.session_factory.begin() as session:
                record = nc_lifecycle.apply(session, team_id=team_id, record_id=record_id, step_name=step.name,
                                            actor=user_id, is_manager=lambda: known, answers=answers, now=now)
                queue_card_change(session, record, step=step, actor=user_id, now=now)
        except nc_lifecycle.Refused as refused:  # someone else moved it first
            reason = str(refused)
    if reason:
        errors = {step.fields[0]: reason}
    ack(**({"response_action": "errors", "errors": errors} if errors else {}))


def check(svc: Services, team_id: str, record_id: str, step: Step, user_id: str,
          is_manager: Callable[[], bool]) -> tuple[object | None, str | None]:
    """(record, why not) — read in a short session, judged after it closed."""
    with svc.session_factory() as session:
        record = nc.get(session, team_id=team_id, record_id=record_id)
    if record is None:
        return None, f"I cannot find {record_id} in this workspace."
    return record, refusal(record, step, user_id, is_manager)


def manager_check(svc: Services, client: WebClient, team_id: str, user_id: str) -> Callable[[], bool]:
    """Asked at most once per request, and only if a rule needs the answer."""
    return cache(lambda: may_manage(svc, client, team_id=team_id, user_id=user_id))


def local_today(svc: Services, team_id: str, now) -> date:
    """Due dates are days in the company's timezone."""
    return now.astimezone(ZoneInfo(workspace_settings(svc, team_id).timezone)).date()
