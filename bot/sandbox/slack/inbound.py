"""Slack's side of an app's Request URL: signed slash commands, interactions and events, sent
the way Slack sends them, with each ack timed against Slack's 3 seconds.

    inbound = Inbound(fake, HttpTarget("http://127.0.0.1:3000/slack/events"), signing_secret=secret)
    inbound.command("nc Broken jig", user="U_ALICE")        # the app's answer, timed
    fake.send_events_to(inbound)                          # message events, the app's own posts too

A late ack is a failure: for a command or an interaction Slack shows the person an error and
ignores the answer; for an event Slack retries (event_delivery.py). Either way it is kept in
`late_acks`, so a test can assert there were none. Used by the tests' SlackDriver, and meant for
`trellis sandbox`, which drives the real bot through it from a browser.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from bot.sandbox.slack import requests as sr
from bot.sandbox.slack.event_delivery import ACK_SECONDS, SLACK_RETRY_WAITS, EventDeliveries, EventDelivery
from bot.sandbox.slack.grants import Where
from bot.sandbox.slack.replies import ImpossibleInSlack
from bot.sandbox.slack.state import TURNED_OFF
from bot.sandbox.slack.targets import Answer, Target

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack

FORM, JSON = "application/x-www-form-urlencoded", "application/json"


@dataclass(frozen=True)
class LateAck:
    kind: str          # command, block_actions, view_submission, shortcut, event_callback ...
    seconds: float
    answer: Answer


class Inbound:
    def __init__(self, fake: FakeSlack, target: Target, *, signing_secret: str, team_id: str | None = None,
                 ack_timeout: float = ACK_SECONDS, retry_waits: tuple[float, ...] = SLACK_RETRY_WAITS):
        self.fake, self.target, self.secret = fake, target, signing_secret
        self.team_id = team_id or fake.team_id
        self.ack_timeout = ack_timeout
        self.late_acks: list[LateAck] = []
        self._lock = threading.Lock()
        self.events = EventDeliveries(self._send_event, ack_timeout=ack_timeout, retry_waits=retry_waits)

    # --- one request ----------------------------------------------------------------------
    def post(self, body: str, content_type: str = FORM, *, sign: bool = True, timestamp: int | None = None,
             headers: dict | None = None) -> Answer:
        """One signed request to the app; its answer, timed (`late` past the ack timeout)."""
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if sign:
            all_headers.update(sr.signed_headers(body, self.secret, timestamp))
        started = time.perf_counter()
        answer = self.target(body.encode(), all_headers)
        seconds = time.perf_counter() - started
        answer = replace(answer, seconds=seconds, late=seconds > self.ack_timeout)
        if answer.late:
            with self._lock:
                self.late_acks.append(LateAck(_kind(body), seconds, answer))
        return answer

    # --- what people do -------------------------------------------------------------------
    def command(self, text: str = "", *, user: str = "U_ALICE", command: str = "/qms", channel: str = "C_GENERAL",
                **post) -> Answer:
        body = sr.slash_command_body(command=command, text=text, user_id=user, team_id=self.team_id,
                                     channel_id=channel, channel_name=self._channel_name(channel),
                                     user_name=self.fake.users.get(user, {}).get("name", user.lower()),
                                     trigger_id=self.fake.new_trigger_id(user=user),
                                     response_url=self.fake.new_response_url(Where(user, channel)))
        return self.post(body, **post)

    def _channel_name(self, channel_id: str) -> str:
        """As a command's payload names it: DMs and private channels by kind, as Slack does."""
        channel = self.fake.channels.get(channel_id)
        if channel is None:
            return channel_id.lower()
        return "directmessage" if channel["is_im"] else "privategroup" if channel["is_private"] else channel["name"]

    def interactive(self, payload: dict, **post) -> Answer:
        return self.post(sr.interactive_body(payload), **post)

    def click(self, action_id: str, value: str | None = None, *, user: str, channel: str, message_ts: str,
              message: dict | None = None, **extra) -> Answer:
        payload = sr.block_actions_payload(
            action_id=action_id, value=value, user_id=user, team_id=self.team_id, channel_id=channel,
            message_ts=message_ts, trigger_id=self.fake.new_trigger_id(user=user),
            response_url=self.fake.new_response_url(Where(user, channel, message_ts)), message=message, **extra)
        return self.interactive(payload)

    def view_action(self, view: dict, action: dict, *, user: str) -> Answer:
        """A block action inside a modal or the Home tab (a dispatch_action input, a button): `action` is
        the action's own fields (action_id, block_id, type, value or selected_…)."""
        return self.interactive(sr.view_block_actions_payload(
            view=view, action=action, user_id=user, team_id=self.team_id,
            trigger_id=self.fake.new_trigger_id(user=user)))

    def suggest(self, view: dict, action_id: str, typed: str, *, user: str) -> Answer:
        """A person types into an external select: Slack asks the app for options (block_suggestion)."""
        block_id = next((block["block_id"] for block in view.get("blocks", [])
                         if (block.get("element") or {}).get("action_id") == action_id), action_id)
        return self.interactive(sr.block_suggestion_payload(view=view, action_id=action_id, block_id=block_id,
                                                            value=typed, user_id=user, team_id=self.team_id))

    def submit(self, view: dict, *, user: str, values: dict | None = None, view_id: str | None = None,
               view_hash: str | None = None, **answers) -> Answer:
        """Submit an opened view: `answers` fill its inputs by action_id (see requests.input_values)."""
        state = values if values is not None else sr.input_values(view, **answers)
        payload = sr.view_submission_payload(view=view, values=state, user_id=user, team_id=self.team_id,
                                             view_id=view_id or view.get("id"), view_hash=view_hash or view.get("hash"),
                                             trigger_id=self.fake.new_trigger_id(user=user))
        return self.interactive(payload)

    def global_shortcut(self, callback_id: str, *, user: str) -> Answer:
        return self.interactive(sr.global_shortcut_payload(
            callback_id=callback_id, user_id=user, team_id=self.team_id,
            trigger_id=self.fake.new_trigger_id(user=user)))

    def message_shortcut(self, callback_id: str, *, user: str, channel: str, message: dict) -> Answer:
        return self.interactive(sr.message_shortcut_payload(
            callback_id=callback_id, user_id=user, team_id=self.team_id, channel_id=channel, message=message,
            trigger_id=self.fake.new_trigger_id(user=user),
            response_url=self.fake.new_response_url(Where(user, channel, message["ts"]))))

    # --- events ---------------------------------------------------------------------------
    def event(self, event: dict, *, event_id: str | None = None, retry_num: int | None = None,
              retry_reason: str = "http_timeout", **post) -> Answer:
        """One delivery attempt of an event (a retry when `retry_num` is given); no retries of its own."""
        self._check_possible(event)
        return self.post(self._event_body(event, event_id), JSON, headers=_retry_headers(retry_num, retry_reason),
                         **post)

    def deliver(self, event: dict, *, event_id: str | None = None, wait: bool = True,
                timeout: float = 30.0) -> EventDelivery:
        """Deliver an event as Slack does: retried on failure or a late ack, dropped after three retries."""
        self._check_possible(event)
        body = self._event_body(event, event_id)
        delivery = self.events.emit(json.loads(body)["event_id"], event, body)
        if wait and not delivery.done.wait(timeout):
            raise AssertionError(f"event {delivery.event_id} neither delivered nor dropped within {timeout}s")
        return delivery

    def emit(self, event: dict) -> None:
        """FakeSlack's hook (send_events_to): a change in the workspace produced this event."""
        self.deliver(event, wait=False)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every event sent so far is delivered or dropped (and late answers are in)."""
        if not self.events.settle(timeout):
            pending = [d.event_id for d in self.events.deliveries if d.outcome == "pending"]
            raise AssertionError(f"events still being delivered after {timeout}s: {pending}")

    @property
    def dropped_events(self) -> list[EventDelivery]:
        return self.events.dropped

    def close(self) -> None:
        self.events.close()

    def _send_event(self, body: str, retry_num: int, reason: str | None) -> Answer:
        return self.post(body, JSON, headers=_retry_headers(retry_num, reason))

    def _event_body(self, event: dict, event_id: str | None) -> str:
        return json.dumps(sr.event_body(event, team_id=self.team_id, event_id=event_id,
                                        bot_user_id=self.fake.bot_user_id))

    def _check_possible(self, event: dict) -> None:
        """Slack sends no event for what a person cannot do: write to the app when its Messages tab is
        off or read-only (app.yaml)."""
        if event.get("type") != "message" or self.fake.app_home.people_can_write:
            return
        channel = self.fake.channels.get(event.get("channel") or "")
        message = event.get("message") or event.get("previous_message") or event
        if channel and channel["is_im"] and message.get("user") not in (None, self.fake.bot_user_id) \
                and not message.get("bot_id"):
            raise ImpossibleInSlack(f"{message['user']} cannot write in {channel['id']}: {TURNED_OFF} "
                                    "(app.yaml features.app_home)")


def _retry_headers(retry_num: int | None, reason: str | None) -> dict | None:
    return {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason or ""} if retry_num else None


def _kind(body: str) -> str:
    """What a request body is, for the record: the payload's type, `command`, or the event envelope's type."""
    try:
        if body.startswith("{"):
            return json.loads(body).get("type", "json")
        form = parse_qs(body)
        if "payload" in form:
            return json.loads(form["payload"][0]).get("type", "interactive")
    except ValueError:
        return "unreadable"
    return "command" if "command" in form else "form"
