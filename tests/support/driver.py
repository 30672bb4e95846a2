"""Drive Trellis the way Slack does: signed HTTP requests into POST /slack/events."""
from __future__ import annotations

import json
from urllib.parse import urlencode

from starlette.testclient import TestClient

from bot.sandbox.slack import requests as sr
from bot.sandbox.slack.server import FakeSlack

FORM = "application/x-www-form-urlencoded"


class SlackDriver:
    def __init__(self, http: TestClient, fake: FakeSlack, secret: str, team_id: str = "T111", flush=None):
        self.http, self.fake, self.secret, self.team_id = http, fake, secret, team_id
        self._flush = flush

    def flush(self) -> int:
        """Deliver every queued Slack message now (what the delivery worker does after commit)."""
        return self._flush()

    def post(self, body: str, content_type: str = FORM, *, sign: bool = True, timestamp: int | None = None,
             headers: dict | None = None):
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if sign:
            all_headers.update(sr.signed_headers(body, self.secret, timestamp))
        return self.http.post("/slack/events", content=body.encode(), headers=all_headers)

    def command(self, text: str = "", *, user: str = "U_ALICE", command: str = "/qms",
                channel: str = "C_GENERAL", **post):
        body = sr.slash_command_body(command=command, text=text, user_id=user, team_id=self.team_id,
                                     channel_id=channel, trigger_id=self.fake.new_trigger_id(),
                                     response_url=self.fake.new_response_url())
        return self.post(body, **post)

    def interactive(self, payload: dict, **post):
        return self.post(sr.interactive_body(payload), **post)

    def click(self, action_id: str, value: str | None = None, *, user: str, channel: str, message_ts: str,
              message: dict | None = None, **extra):
        payload = sr.block_actions_payload(
            action_id=action_id, value=value, user_id=user, team_id=self.team_id, channel_id=channel,
            message_ts=message_ts, trigger_id=self.fake.new_trigger_id(),
            response_url=self.fake.new_response_url(), message=message, **extra)
        return self.interactive(payload)

    def submit(self, view: dict, *, user: str, values: dict | None = None, view_id: str | None = None,
               view_hash: str | None = None, **answers):
        """Submit an opened view: `answers` fill its inputs by action_id (see input_values)."""
        state = values if values is not None else sr.input_values(view, **answers)
        payload = sr.view_submission_payload(view=view, values=state, user_id=user, team_id=self.team_id,
                                             view_id=view_id or view.get("id"), view_hash=view_hash or view.get("hash"))
        return self.interactive(payload)

    def global_shortcut(self, callback_id: str, *, user: str):
        return self.interactive(sr.global_shortcut_payload(
            callback_id=callback_id, user_id=user, team_id=self.team_id, trigger_id=self.fake.new_trigger_id()))

    def message_shortcut(self, callback_id: str, *, user: str, channel: str, message: dict):
        return self.interactive(sr.message_shortcut_payload(
            callback_id=callback_id, user_id=user, team_id=self.team_id, channel_id=channel, message=message,
            trigger_id=self.fake.new_trigger_id(), response_url=self.fake.new_response_url()))

    def event(self, event: dict, *, event_id: str | None = None, retry_num: int | None = None, **post):
        body = json.dumps(sr.event_body(event, team_id=self.team_id, event_id=event_id,
                                        bot_user_id=self.fake.bot_user_id))
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else None
        return self.post(body, "application/json", headers=headers, **post)

    def last_view(self, method: str = "views.open") -> dict:
        """The view the app last opened, as Slack holds it (with its id and hash)."""
        call = self.fake.ok_calls(method)[-1]
        return call.response["view"]

    def responses(self) -> list[dict]:
        """Bodies the app posted to response_urls (ephemeral answers), oldest first."""
        return [call.args for call in self.fake.ok_calls("response_url")]


def form(**fields) -> str:
    return urlencode(fields)
