"""One claimed batch: send its rows in order, record the answers, keep the leases alive.

Answers that change only the row itself ("delivered") are written together, when the batch
ends, before a lease renewal, or once the oldest has waited FLUSH_AFTER: one statement instead
of a transaction per message. Everything others read at once is written at once: where a copy
landed (a reply in its thread must find its record), retries, holds, failures. If the process
dies first, its rows are leased to a dead batch; whoever takes them over looks for each post in
Slack before sending it (bot.outbox.landed), and re-sends an update, which changes nothing.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.outbox import claims, copies, hooks
from bot.outbox.claims import POSTS, Claimed
from bot.outbox.landed import Lookups, stamp
from bot.outbox.queue import FILLS
from bot.outbox.sending import SlackOutcome, send

if TYPE_CHECKING:
    from bot.outbox.delivery import Delivery, Store

log = logging.getLogger("trellis.delivery")

WAIT_FOR_POST = timedelta(seconds=2)  # a row whose card (in another key) is not posted yet looks again after this
FLUSH_AFTER = 0.5  # seconds an answer may wait to be written with others


class Batch:
    def __init__(self, delivery: Delivery, store: Store, lease: str, targets: dict, clock: Callable[[], datetime]):
        self.delivery, self.store, self.lease, self.targets, self.clock = delivery, store, lease, targets, clock
        self.lookups = Lookups()
        self.renewed = clock()
        self.lost: set[int] = set()  # rows another worker took over while this one was stalled
        self.answered: list[int] = []  # delivered, not written yet
        self.answered_since = 0.0

    def deliver(self, batch: list[Claimed]) -> int:
        try:
            return self._deliver(batch)
        finally:
            self._flush()

    def _deliver(self, batch: list[Claimed]) -> int:
        held: set[tuple[str, str]] = set()  # (team, method) rate-limited during this batch
        delivered = 0
        for index, message in enumerate(batch):
            if self.delivery.stopping():
                self._release(batch[index:])
                break
            self._heartbeat(batch[index:])
            if message.id in self.lost:
                continue
            if (message.team_id, message.method) in held:
                self._release([message])  # hold_method already moved it past Retry-After
                continue
            args = self._args(message)
            if args is None:
                continue
            outcome, looked = self._send(message, args)
            if outcome.kind == "delivered":
                self.delivery.trouble = 0
                delivered += self._delivered(message, outcome)
            elif outcome.kind == "ratelimited":
                if not looked:
                    held.add((message.team_id, message.method))
                self._rate_limited(message, outcome, hold=not looked)
            elif outcome.kind == "failed":
                self._failed(message, outcome.error)
            else:
                self.delivery.trouble += 1
                resume = self.clock() + self.delivery.backoff.delay(max(self.delivery.trouble, message.attempts + 1))
                maybe_posted = message.maybe_posted if looked else message.method in POSTS and outcome.unsure
                self._retry(message, outcome.error, resume, maybe_posted=maybe_posted)
                self._release(batch[index + 1:], at=resume)
                break
        return delivered

    def _send(self, message: Claimed, args: dict) -> tuple[SlackOutcome, bool]:
        """Slack's answer, and whether it is about looking for an earlier attempt (not about this call)."""
        client = self.delivery.client(message.team_id)
        if message.maybe_posted and message.method in POSTS:
            found = self.lookups.find(client, message, args)
            if found is not None:
                return found, found.kind != "delivered"
        return send(client, message.method, args), False

    def _heartbeat(self, remaining: list[Claimed]) -> None:
        """Renew this batch's leases every third of a lease, so no one takes rows this worker is still on."""
        if self.answered and time.monotonic() - self.answered_since >= FLUSH_AFTER:
            self._flush()
        now = self.clock()
        if now - self.renewed < self.delivery.lease / 3:
            return
        self._flush()
        ids = [message.id for message in remaining if message.id not in self.lost]
        with self.store.write() as connection:
            kept = claims.renew(connection, ids=ids, worker=self.lease, until=now + self.delivery.lease)
        if len(kept) < len(ids):
            log.warning("outbox: %s rows of batch %s were taken over while it stalled", len(ids) - len(kept),
                        self.lease)
        self.lost |= set(ids) - kept
        self.renewed = now

    def _args(self, message: Claimed) -> dict | None:
        """The call's arguments with the target's channel and ts filled in and, for a post, its identity
        stamped; None when it cannot go yet."""
        args, target = dict(message.args), message.target
        if target is not None:
            where = self.targets.get((message.team_id, target)) or self._saved(message.team_id, target)
            if where is None:
                self._cannot_go_yet(message)
                return None
            args["channel"], args[FILLS[message.use]] = where
        return stamp(args, message_id=message.id, team_id=message.team_id) if message.method in POSTS else args

    def _saved(self, team_id: str, copy) -> tuple[str, str] | None:
        with self.store.read() as connection:
            return copies.find_many(connection, team_id=team_id, copies={copy}).get(copy)

    def _cannot_go_yet(self, message: Claimed) -> None:
        target = message.target
        what = f"{target.record_id}'s {target.role}{' for ' + target.holder if target.holder else ''}"
        with self.store.write() as connection:
            waiting = claims.poster_pending(connection, message=message)
            if waiting:
                claims.retry_later(connection, message_id=message.id, worker=self.lease,
                                   at=self.clock() + WAIT_FOR_POST, error=f"waiting for {what} to be posted",
                                   attempted=False)
        if not waiting and message.use == "permalink":  # nothing to link to: not a failure anyone must hear of
            with self.store.write() as connection:
                self._mark_delivered(connection, [message.id], self.clock())
        elif not waiting:
            self._failed(message, f"{what} was never posted")

    def _delivered(self, message: Claimed, outcome: SlackOutcome) -> int:
        response = outcome.response or {}
        if message.use == "permalink":  # an answer to keep where the feature wants it, not a message
            with self.delivery.session_factory.begin() as session:
                self._mark_delivered(session, [message.id], self.clock())
                hooks.permalink_known(session, team_id=message.team_id, copy=message.copy,
                                      permalink=response.get("permalink"), now=self.clock())
            return 0
        if message.use == "read":  # the answer is for the feature that asked (its hook, same transaction)
            with self.delivery.session_factory.begin() as session:
                self._mark_delivered(session, [message.id], self.clock())
                hooks.answer_known(session, team_id=message.team_id, copy=message.copy, answer=dict(response),
                                   now=self.clock())
            return 0
        landed = bool(response.get("channel") and response.get("ts"))
        if message.saves and not landed:
            log.warning("outbox %s: %s answered no channel/ts for %s", message.id, message.method, message.saves)
        if not (message.saves and landed):
            if not self.answered:
                self.answered_since = time.monotonic()
            self.answered.append(message.id)
            return 1
        now = self.clock()
        with self.store.write() as connection:  # the copy first: a crash between leaves the row to be adopted
            copies.remember(connection, team_id=message.team_id, copy=message.saves, channel=response["channel"],
                            ts=response["ts"], now=now)
            self._mark_delivered(connection, [message.id], now)
        self.targets[(message.team_id, message.saves)] = (response["channel"], response["ts"])
        return 1

    def _flush(self) -> None:
        if self.answered:
            with self.store.write() as connection:
                self._mark_delivered(connection, self.answered, self.clock())
            self.answered = []

    def _mark_delivered(self, connection, ids: list[int], now: datetime) -> None:
        marked = claims.mark_delivered(connection, ids=ids, worker=self.lease, now=now)
        if marked < len(ids):
            log.warning("outbox: %s of rows %s were delivered after their lease ended", len(ids) - marked, ids)

    def _rate_limited(self, message: Claimed, outcome: SlackOutcome, *, hold: bool) -> None:
        """Only this row waits when it was the history read that was limited, not the method itself."""
        until = self.clock() + timedelta(seconds=outcome.retry_after or 1)
        log.info("outbox %s: %s rate limited for %s; waiting until %s",
                 message.id, message.method, message.team_id, until.isoformat())
        with self.store.write() as connection:
            claims.retry_later(connection, message_id=message.id, worker=self.lease, at=until,
                               error=f"ratelimited (Retry-After {outcome.retry_after:g} s)",
                               maybe_posted=message.maybe_posted)
            if hold:
                claims.hold_method(connection, team_id=message.team_id, method=message.method, until=until)

    def _retry(self, message: Claimed, error: str | None, at: datetime, *, maybe_posted: bool) -> None:
        log.warning("outbox %s: %s to %s failed (%s); retrying at %s%s",
                    message.id, message.method, message.key, error, at.isoformat(),
                    " (it may have been posted: looking for it first)" if maybe_posted else "")
        with self.store.write() as connection:
            claims.retry_later(connection, message_id=message.id, worker=self.lease, at=at, error=error or "unknown",
                               maybe_posted=maybe_posted)

    def _failed(self, message: Claimed, error: str | None) -> None:
        """Kept with its error; whoever the post's record was to be shown to is told, in the same transaction."""
        error = error or "unknown"
        log.error("outbox %s: %s for %s failed for good: %s", message.id, message.method, message.key, error)
        with self.delivery.session_factory.begin() as session:
            marked = claims.mark_failed(session, message_id=message.id, worker=self.lease, error=error)
            if marked and message.notify_on_failure and message.saves:
                hooks.copy_not_posted(session, team_id=message.team_id, copy=message.saves,
                                      channel=message.args.get("channel"), error=error,
                                      user_id=message.notify_on_failure, now=self.clock())
            if marked and message.use == "read":
                hooks.answer_known(session, team_id=message.team_id, copy=message.copy, answer=None,
                                   now=self.clock())

    def _release(self, messages: list[Claimed], at: datetime | None = None) -> None:
        if messages:
            with self.store.write() as connection:
                claims.release(connection, ids=[m.id for m in messages], worker=self.lease, at=at)
