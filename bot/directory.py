"""People and conversations for listeners and jobs: from the cache (bot.qms.directory),
or from Slack within a deadline the caller chooses.

A miss is looked up in the background and the caller waits at most `wait` seconds
for it (0 on the ack path when the answer can wait); a stale row is answered at once
and refreshed behind it. Late answers are still stored, so the next request knows.
Lookups of the same thing at the same time share one Slack call.

People's rows are also remembered in this process for `memo_for` seconds: every request
asks whether its person is an admin, and a database read per request cost a quarter of
`/qms mine`. What this process stores (users.info, user_change) is forgotten at once;
another instance's change shows within `memo_for`.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError, SlackClientError

from bot import channels
from bot.db import SessionFactory
from bot.qms import directory as cache
from bot.slack import ClientFor
from models import SlackChannel, SlackUser

log = logging.getLogger("trellis.directory")

FRESH_FOR = timedelta(hours=24)
MEMO_FOR = 30.0  # seconds, as long as the workspace settings' cache (bot.workspace_settings)
GONE = ("user_not_found", "account_inactive")


class Directory:
    def __init__(self, sessions: SessionFactory, client_for: ClientFor, *, clock: Callable[[], datetime],
                 fresh_for: timedelta = FRESH_FOR, workers: int = 8, memo_for: float = MEMO_FOR):
        self.sessions, self.client_for, self.clock, self.fresh_for = sessions, client_for, clock, fresh_for
        self.memo_for = memo_for
        self._memo: dict[tuple[str, str], tuple[float, SlackUser]] = {}
        self._stores = 0  # how many rows this process has stored: a read that overlapped one is not remembered
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="trellis-directory")
        self._lock = threading.RLock()  # a lookup that is already done calls _forget at once, holding it
        self._inflight: dict[tuple[str, str, str], Future] = {}

    # --- people -------------------------------------------------------------------------------------
    def users(self, team_id: str, user_ids: Iterable[str], *, wait: float = 0.0,
              look_up: bool = True) -> dict[str, SlackUser | None]:
        """What Slack said about each person, or None when it is not known (yet). Without `look_up`,
        only what is already known, and no Slack call (before a modal is open, say)."""
        ids = list(dict.fromkeys(user_ids))
        known = self._known(team_id, ids)
        if not look_up:
            return {user_id: known.get(user_id) for user_id in ids}
        for user_id, row in known.items():
            if self._stale(row.fetched_at):
                self._fetch("user", team_id, user_id)
        missing = [self._fetch("user", team_id, user_id) for user_id in ids if user_id not in known]
        if missing and wait > 0:
            wait_for(missing, timeout=wait)
            known = self._known(team_id, ids)
        return {user_id: known.get(user_id) for user_id in ids}

    def _known(self, team_id: str, ids: list[str]) -> dict[str, SlackUser]:
        """The cached rows of `ids`: remembered ones, the rest read (and remembered) in one query."""
        now, known = time.monotonic(), {}
        for user_id in ids:
            entry = self._memo.get((team_id, user_id))
            if entry is not None and now - entry[0] < self.memo_for:
                known[user_id] = entry[1]
        unknown = [user_id for user_id in ids if user_id not in known]
        if unknown:
            stores = self._stores
            with self.sessions.reads() as session:
                found = cache.users(session, team_id=team_id, user_ids=unknown)
            with self._lock:
                if stores == self._stores:
                    self._memo.update({(team_id, user_id): (now, row) for user_id, row in found.items()})
            known.update(found)
        return known

    def forget_people(self) -> None:
        """Drop what this process remembers of people: the next read goes to the cache table (which a
        test may have rewritten behind the directory's back)."""
        with self._lock:
            self._stores += 1
            self._memo.clear()

    def _stored(self, team_id: str, user_id: str) -> None:
        with self._lock:
            self._stores += 1
            self._memo.pop((team_id, user_id), None)

    def user(self, team_id: str, user_id: str, *, wait: float = 0.0) -> SlackUser | None:
        return self.users(team_id, [user_id], wait=wait)[user_id]

    def remember_user(self, team_id: str, user: dict) -> None:
        """A user_change event: Slack told us what changed."""
        with self.sessions.begin() as session:
            cache.store_user(session, team_id=team_id, user=user, now=self.clock())
        self._stored(team_id, user["id"])

    # --- conversations ------------------------------------------------------------------------------
    def channel(self, team_id: str, channel_id: str, *, wait: float = 0.0, fresh: bool = False) -> SlackChannel | None:
        """What Slack said about a conversation; `fresh` asks again even when it is cached."""
        with self.sessions.reads() as session:
            row = cache.channel(session, team_id=team_id, channel_id=channel_id)
        if row is not None and not fresh and not self._stale(row.fetched_at):
            return row
        future = self._fetch("channel", team_id, channel_id)
        if wait > 0:
            wait_for([future], timeout=wait)
            with self.sessions.reads() as session:
                return cache.channel(session, team_id=team_id, channel_id=channel_id) or (None if fresh else row)
        return row

    def cached_channel(self, team_id: str, channel_id: str) -> SlackChannel | None:
        """Only what is already known, however old; asks Slack nothing."""
        with self.sessions.reads() as session:
            return cache.channel(session, team_id=team_id, channel_id=channel_id)

    def check_channel(self, team_id: str, channel_id: str, *, on_late: Callable[[str, str], None]) -> str:
        """Can Trellis post there (joining a public channel)? bot.channels.check, bounded."""
        check = channels.Check(self.client_for(team_id), channel_id, on_late)
        return check.settle(self._track(("check", team_id, channel_id), self._pool.submit(check)))

    # --- the lookups ----------------------------------------------------------------------------------
    def drain(self, timeout: float = 10.0) -> None:
        """Wait for the lookups in flight (tests, and shutdown)."""
        with self._lock:
            futures = list(self._inflight.values())
        wait_for(futures, timeout=timeout)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _stale(self, fetched_at: datetime) -> bool:
        return self.clock() - fetched_at > self.fresh_for

    def _fetch(self, kind: str, team_id: str, item_id: str) -> Future:
        key = (kind, team_id, item_id)
        with self._lock:
            future = self._inflight.get(key)
            if future is None:
                future = self._track(key, self._pool.submit(self._lookup, kind, team_id, item_id))
            return future

    def _track(self, key: tuple[str, str, str], future: Future) -> Future:
        """Kept until done, so drain() can wait for it."""
        with self._lock:
            self._inflight[key] = future
        future.add_done_callback(lambda _done: self._forget(key))
        return future

    def _forget(self, key: tuple[str, str, str]) -> None:
        with self._lock:
            self._inflight.pop(key, None)

    def _lookup(self, kind: str, team_id: str, item_id: str) -> None:
        client = self.client_for(team_id)
        try:
            if kind == "user":
                answer = client.users_info(user=item_id)["user"]
            else:
                answer = client.conversations_info(channel=item_id)["channel"]
        except SlackApiError as exc:
            error = exc.response.get("error")
            if kind == "user" and error in GONE:
                with self.sessions.begin() as session:
                    cache.forget_user(session, team_id=team_id, user_id=item_id, now=self.clock())
                self._stored(team_id, item_id)
            else:
                log.info("%s %s: Slack answered %s", kind, item_id, error)
            return
        except (SlackClientError, OSError) as exc:
            log.info("%s %s: no answer from Slack (%s)", kind, item_id, type(exc).__name__)
            return
        with self.sessions.begin() as session:
            if kind == "user":
                cache.store_user(session, team_id=team_id, user=answer, now=self.clock())
            else:
                cache.store_channel(session, team_id=team_id, info=answer, now=self.clock())
        if kind == "user":
            self._stored(team_id, item_id)
