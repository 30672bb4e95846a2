"""Replies Slack gave up delivering are still kept (ISO 9001 7.5.3).

Slack retries a failed event three times and then drops it. So at start, after a
Socket Mode reconnect and every 15 minutes, each recently active record's thread is
compared with `conversations.replies` from the last reply seen there on, page by
page; what is missing is stored exactly once (the same keys as the event path). A
429 ends the pass (the next one resumes from each thread's cursor).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.db import SessionFactory
from bot.messages import threads as thread_messages
from bot.qms import threads
from bot.slack import ClientFor
from models import SlackMessage

log = logging.getLogger("trellis.reconcile")

ACTIVE_FOR = timedelta(days=30)
THREADS_PER_PASS = 500
PAGE = 200
GONE = ("thread_not_found", "channel_not_found", "not_in_channel", "is_archived")


class RateLimited(Exception):
    pass


def reconcile(sessions: SessionFactory, client_for: ClientFor, *, now: datetime,
              limit: int = THREADS_PER_PASS) -> int:
    """One pass; how many replies it kept that the events had missed."""
    with sessions.reads() as session:
        copies = threads.active_threads(session, since=now - ACTIVE_FOR, limit=limit)
    kept = 0
    for copy in copies:
        try:
            kept += _thread(sessions, client_for(copy.team_id), copy, now)
        except RateLimited:
            log.info("reconciliation paused: Slack rate-limited conversations.replies")
            break
    if kept:
        log.info("reconciliation kept %s replies the events had missed", kept)
    return kept


def _thread(sessions: SessionFactory, client, copy: SlackMessage, now: datetime) -> int:
    kept, cursor, newest = 0, None, copy.replies_seen_ts
    while True:
        try:
            page = client.conversations_replies(channel=copy.channel, ts=copy.ts, limit=PAGE, cursor=cursor,
                                                oldest=copy.replies_seen_ts or copy.ts)
        except SlackApiError as exc:
            if exc.response.status_code == 429:
                raise RateLimited from None
            if exc.response.get("error") not in GONE:
                log.warning("replies of %s %s: %s", copy.record_id, copy.ts, exc.response.get("error"))
            return kept
        except (SlackClientError, OSError):
            return kept
        replies = [m for m in page.get("messages") or [] if m.get("ts") != copy.ts]
        with sessions.begin() as session:
            for reply in replies:
                kept += _keep(session, copy, reply, now)
                newest = reply["ts"] if newest is None or float(reply["ts"]) > float(newest) else newest
            if newest:
                threads.mark_seen(session, copy_id=copy.id, ts=newest)
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return kept


def _keep(session, copy: SlackMessage, reply: dict, now: datetime) -> int:
    if reply.get("subtype") not in threads.PERSON_SUBTYPES or not threads.by_a_person(reply, None):
        return 0
    comment = threads.capture_reply(session, team_id=copy.team_id, channel=copy.channel, thread_ts=copy.ts,
                                    ts=reply["ts"], user=reply["user"], text=reply.get("text") or "", now=now)
    if comment is None:  # kept already (by its event)
        return 0
    thread_messages.fetch_permalink(session, comment, now=now)
    return 1


class Reconciler:
    """Runs passes in the background, one at a time; `soon()` asks for one (after a reconnect, say)."""

    def __init__(self, sessions: SessionFactory, client_for: ClientFor, clock: Callable[[], datetime]):
        self.sessions, self.client_for, self.clock = sessions, client_for, clock
        self._running = threading.Lock()

    def soon(self) -> None:
        threading.Thread(target=self.run, name="trellis-reconcile", daemon=True).start()

    def run(self) -> int:
        if not self._running.acquire(blocking=False):
            return 0  # a pass is under way; it covers this request too
        try:
            return reconcile(self.sessions, self.client_for, now=self.clock())
        except Exception:  # a background job: log, and the next pass tries again
            log.exception("reconciliation pass failed")
            return 0
        finally:
            self._running.release()
