"""Requests act in the workspace Bolt resolves (context.team_id), never the payload's other team ids."""
from __future__ import annotations

import json

from sqlalchemy import select

from bot.sandbox.slack import requests as sr
from models import Comment
from tests.support.fixtures import QUALITY_CHANNEL
from tests.support.nc import refusals


def test_a_slack_connect_members_reply_is_kept_with_the_installing_workspaces_record(make, nc_flow,
                                                                                   session_factory):
    record_id = make.nc("open")
    card = nc_flow.saved(record_id)
    body = sr.event_body({"type": "message", "channel": QUALITY_CHANNEL, "user": "U_CLIENT", "ts": "1800000000.5",
                          "thread_ts": card.ts, "text": "We saw it too", "channel_type": "channel",
                          "user_team": "T_CLIENT"}, team_id="T_CLIENT")  # the message's own team
    body["authorizations"][0]["team_id"] = "T111"  # the workspace Trellis is installed in
    body["is_ext_shared_channel"] = True
    assert nc_flow.slack.post(json.dumps(body), "application/json").status_code == 200
    with session_factory() as session:
        [comment] = session.scalars(select(Comment))
    assert (comment.team_id, comment.record_id, comment.author) == ("T111", record_id, "U_CLIENT")


def test_a_click_from_another_workspace_never_acts_on_this_workspaces_record(make, nc_flow):
    record_id = make.nc("open")
    card = nc_flow.saved(record_id)
    payload = sr.block_actions_payload(action_id="nc_step_investigate", value=record_id, user_id="U_MANAGER",
                                       team_id="T222", channel_id=card.channel, message_ts=card.ts,
                                       trigger_id=nc_flow.fake.new_trigger_id(),
                                       response_url=nc_flow.fake.new_response_url())
    assert nc_flow.slack.interactive(payload).status_code == 200
    assert f"I cannot find {record_id} in this workspace" in refusals(nc_flow.slack)[-1]
    assert nc_flow.fake.calls_to("views.open") == []
