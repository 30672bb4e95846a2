"""Short-lived grants Slack hands the app with each interaction: trigger ids and response URLs.

A trigger id opens one modal within 3 seconds. A response URL takes at most five messages
within 30 minutes; after that Slack's hooks answer 404 with a plain-text body.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from secrets import token_hex

from bot.sandbox.slack.replies import SlackError

RESPONSE_URL_TTL = 30 * 60.0
RESPONSE_URL_USES = 5
# Slack's hooks answer a stale response URL with a plain-text 404 "Expired url" (Sentry's Slack
# integration matches that string). What the sixth use gets is not documented; "used_url" is ours.
EXPIRED_URL, USED_URL = "Expired url", "used_url"


@dataclass(frozen=True)
class Where:
    """Whose interaction a grant came from, and where: a response URL's messages land there."""

    user: str
    channel: str | None = None
    message_ts: str | None = None  # the message clicked (replace_original / delete_original act on it)


@dataclass
class _ResponseUrl:
    expires: float
    uses_left: int
    where: Where | None = None  # the interaction it answers, when known: what its messages change


class Grants:
    _cond: threading.Condition
    _ids: Iterator[int]
    clock: Callable[[], float]
    trigger_ttl: float
    response_url_ttl: float
    root_url: str

    def _fresh_grants(self) -> None:
        self._triggers: dict[str, float | None] = {}  # trigger_id -> expiry (None once exchanged)
        self._trigger_users: dict[str, str] = {}      # trigger_id -> whose click it came from
        self._response_urls: dict[str, _ResponseUrl] = {}

    # --- trigger ids ----------------------------------------------------------------------
    def new_trigger_id(self, *, user: str | None = None) -> str:
        """`user`: whose action it is; a modal opened with it opens in that person's client."""
        trigger_id = f"{next(self._ids)}.{int(time.time())}.{token_hex(8)}"
        with self._cond:
            self._triggers[trigger_id] = self.clock() + self.trigger_ttl
            if user:
                self._trigger_users[trigger_id] = user
        return trigger_id

    def trigger_user(self, trigger_id: str) -> str | None:
        return self._trigger_users.get(trigger_id)

    def expire_trigger(self, trigger_id: str) -> None:
        with self._cond:
            self._triggers[trigger_id] = float("-inf")

    def exchange_trigger(self, trigger_id: str) -> None:
        if trigger_id not in self._triggers:
            raise SlackError("invalid_trigger_id")
        expiry = self._triggers[trigger_id]
        if expiry is None:
            raise SlackError("exchanged_trigger_id")
        if self.clock() >= expiry:
            raise SlackError("expired_trigger_id")
        self._triggers[trigger_id] = None

    # --- response URLs --------------------------------------------------------------------
    def new_response_url(self, where: Where | None = None) -> str:
        """`where`: the interaction it answers; without it, its messages are only recorded."""
        url_id = f"{next(self._ids)}{token_hex(6)}"
        with self._cond:
            self._response_urls[url_id] = _ResponseUrl(self.clock() + self.response_url_ttl, RESPONSE_URL_USES,
                                                       where)
        return f"{self.root_url}/response/{url_id}"

    def expire_response_url(self, url: str) -> None:
        with self._cond:
            self._response_urls[url.rsplit("/", 1)[-1]].expires = float("-inf")

    def check_response_url(self, url_id: str) -> None:
        """Before a message to a response URL is read: does the URL still take one?"""
        grant = self._response_urls.get(url_id)
        if grant is None:
            raise SlackError("no_such_url", status=404)
        if self.clock() >= grant.expires:
            raise SlackError(EXPIRED_URL, status=404, plain=True)
        if grant.uses_left <= 0:
            raise SlackError(USED_URL, status=404, plain=True)

    def use_response_url(self, url_id: str) -> Where | None:
        """A message went through: one use fewer; where it lands."""
        grant = self._response_urls[url_id]
        grant.uses_left -= 1
        return grant.where
