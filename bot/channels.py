"""Can Trellis post to this channel? Asked of Slack when a manager chooses one in `/qms settings`.

The one bounded check design.md allows before an ack: about a second. A public channel
Trellis is not in is joined; a private one must invite @Trellis first. When Slack does not
answer in time the choice is accepted and checked again behind the answer: `on_late`
hears what the late check found wrong.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as NotYet

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger("trellis.channels")

CHECK_WAIT = 1.0
OK = "ok"
UNKNOWN = "unknown"  # Slack did not answer in time


def usable(client: WebClient, channel_id: str) -> str:
    """OK, or what is wrong: not_found (or private without Trellis), archived, cannot_join."""
    try:
        info = client.conversations_info(channel=channel_id)["channel"]
        if info.get("is_archived"):
            return "archived"
        if not info.get("is_member") and not info.get("is_im"):
            if info.get("is_private"):
                return "not_found"
            client.conversations_join(channel=channel_id)
        return OK
    except SlackApiError as exc:
        error = exc.response.get("error")
        return "not_found" if error in ("channel_not_found", "not_in_channel") else (
            "archived" if error == "is_archived" else "cannot_join")
    except (SlackClientError, OSError):
        return UNKNOWN


class Check:
    """usable() run in a pool, answered within `wait` or reported late through `on_late`.

    The lock settles the race between a late answer and the waiter giving up: exactly one of
    them learns the answer.
    """

    def __init__(self, client: WebClient, channel_id: str, on_late: Callable[[str, str], None]):
        self.client, self.channel_id, self.on_late = client, channel_id, on_late
        self._lock, self._answer, self._gave_up = threading.Lock(), None, False

    def __call__(self) -> str:
        answer = usable(self.client, self.channel_id)
        with self._lock:
            self._answer, late = answer, self._gave_up
        if late and answer not in (OK, UNKNOWN):
            try:
                self.on_late(self.channel_id, answer)
            except Exception:  # after the answer: log, never raise into the pool
                log.exception("could not report channel %s: %s", self.channel_id, answer)
        return answer

    def settle(self, future: Future, wait: float = CHECK_WAIT) -> str:
        try:
            return future.result(timeout=wait)
        except NotYet:
            with self._lock:
                if self._answer is not None:
                    return self._answer
                self._gave_up = True
            return UNKNOWN
