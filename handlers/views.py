"""Modal submissions."""
from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.nc_modals import REPORT_CALLBACK as NC_REPORT, STEP_CALLBACK as NC_STEP
from bot.blocks.settings import CALLBACK_ID as SETTINGS, read_settings
from bot.qms import workspaces
from handlers import approvals, nc, nc_steps
from handlers.common import first_delivery, may_manage, services, team_id_of, user_id_of


def register(app: App) -> None:
    app.view(SETTINGS)(save_settings)
    approvals.register_views(app)
    app.view(NC_REPORT)(nc.save_report)
    app.view(NC_STEP)(nc_steps.save_step)


def save_settings(ack: Ack, body: dict, view: dict, client: WebClient, context) -> None:
    svc = services(context)
    team_id, user_id = team_id_of(body), user_id_of(body)
    changes, errors = read_settings(view["state"]["values"])
    if not errors and not may_manage(svc, client, team_id=team_id, user_id=user_id):
        errors = {"managers": "Only Trellis managers and workspace admins can change settings."}
    if errors:
        ack(response_action="errors", errors=errors)
        return
    with svc.session_factory.begin() as session:
        if first_delivery(session, body, now=svc.now()):  # Slack resending the same submit saves once
            workspaces.update_settings(session, team_id=team_id, actor=user_id, changes=changes, now=svc.now())
    ack()
