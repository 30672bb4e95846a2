"""Posts that reached Slack although their answer did not.

Every post carries its outbox row's identity in Slack message metadata (`stamp`). When
an attempt got no answer, or its worker died mid-call, the row is `maybe_posted`, and
before posting it again the delivery looks for that identity in the conversation's
recent history (`conversations.history` with `include_all_metadata`; a thread reply in
`conversations.replies` of its parent), from the row's creation minus a margin. A post
that is there is adopted: the row is delivered with that ts. The happy path never
reads history.

A DM posted to a user id lands in the D… conversation `conversations.open` names;
history is read there. One batch reads each conversation once, whatever number of its
rows need looking for (after a crash, a whole batch may).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from slack_sdk import WebClient

from bot.outbox.claims import Claimed
from bot.outbox.sending import SlackOutcome, call_slack

log = logging.getLogger("trellis.delivery")

EVENT_TYPE = "trellis_outbox"  # the event type of a post whose caller set no metadata of its own
ROW, TEAM = "trellis_outbox_id", "trellis_team"  # the identity's keys in the metadata's event_payload
MARGIN = timedelta(minutes=2)  # our clock against Slack's, and a row queued just before its transaction's end
PAGE_SIZE = 200
MAX_PAGES = 10  # a busier conversation than this: the post is presumed not there and sent


def stamp(args: dict, *, message_id: int, team_id: str) -> dict:
    """The post's arguments with its identity in `metadata`. A caller's own metadata keeps its event
    type and payload (a message has one metadata object): the identity joins its payload."""
    metadata = args.get("metadata")
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            metadata = None
    identity = {ROW: message_id, TEAM: team_id}
    if isinstance(metadata, dict) and metadata.get("event_type"):
        metadata = {**metadata, "event_payload": {**(metadata.get("event_payload") or {}), **identity}}
    else:
        metadata = {"event_type": EVENT_TYPE, "event_payload": identity}
    return {**args, "metadata": metadata}


def identity(message: dict) -> tuple[str, int] | None:
    """(team, outbox row id) of a message Trellis posted, from its metadata."""
    payload = (message.get("metadata") or {}).get("event_payload") or {}
    row, team = payload.get(ROW), payload.get(TEAM)
    return (team, row) if isinstance(row, int) and isinstance(team, str) else None


@dataclass
class _Read:
    oldest: float
    posts: dict[int, str]  # outbox row id -> ts


@dataclass
class Lookups:
    """What one batch learned from Slack: users' DM channels, and the stamped posts of each conversation it read."""

    dm_channels: dict[tuple[str, str], str] = field(default_factory=dict)
    reads: dict[tuple[str, str, str | None], _Read] = field(default_factory=dict)

    def find(self, client: WebClient, message: Claimed, args: dict) -> SlackOutcome | None:
        """`delivered` with the found channel and ts, None when it is not there (post it), or Slack's
        trouble (retry, ratelimited) when history could not be read."""
        channel = self._conversation(client, message.team_id, args["channel"])
        if isinstance(channel, SlackOutcome):
            return channel
        if channel is None:
            return None
        thread = args.get("thread_ts")
        oldest = message.created_at.timestamp() - MARGIN.total_seconds()
        key = (message.team_id, channel, thread)
        read = self.reads.get(key)
        if read is None or read.oldest > oldest:
            read = self._read(client, message.team_id, channel, thread, oldest)
            if isinstance(read, SlackOutcome):
                return read if read.kind != "failed" else None
            self.reads[key] = read
        ts = read.posts.get(message.id)
        if ts is None:
            return None
        log.info("outbox %s: already in Slack at %s %s (its answer was lost); not posting again", message.id,
                 channel, ts)
        return SlackOutcome("delivered", response={"ok": True, "channel": channel, "ts": ts})

    def _conversation(self, client: WebClient, team_id: str, channel: str) -> str | SlackOutcome | None:
        """The conversation to read: a user id means the DM with that user."""
        if channel[:1] not in ("U", "W"):
            return channel
        if (team_id, channel) not in self.dm_channels:
            opened = call_slack(client, "conversations.open", {"users": channel})
            if opened.kind == "failed":
                log.warning("outbox: cannot open the DM with %s to look for a post (%s)", channel, opened.error)
                return None
            if opened.kind != "delivered":
                return opened
            self.dm_channels[(team_id, channel)] = opened.response["channel"]["id"]
        return self.dm_channels[(team_id, channel)]

    @staticmethod
    def _read(client: WebClient, team_id: str, channel: str, thread: str | None, oldest: float) -> _Read | SlackOutcome:
        method = "conversations.replies" if thread else "conversations.history"
        args = {"channel": channel, "oldest": f"{max(0.0, oldest):.6f}", "include_all_metadata": "true",
                "limit": PAGE_SIZE, **({"ts": thread} if thread else {})}
        posts: dict[int, str] = {}
        for _ in range(MAX_PAGES):
            outcome = call_slack(client, method, args)
            if outcome.kind == "failed":  # e.g. a scope missing: better posted twice than never
                log.warning("outbox: cannot read %s to look for a post (%s); sending it again", channel,
                            outcome.error)
            if outcome.kind != "delivered":
                return outcome
            for found in outcome.response.get("messages") or []:
                stamped = identity(found)
                if stamped and stamped[0] == team_id:
                    posts[stamped[1]] = found["ts"]
            cursor = (outcome.response.get("response_metadata") or {}).get("next_cursor")
            if not outcome.response.get("has_more") or not cursor:
                break
            args["cursor"] = cursor
        return _Read(oldest, posts)
