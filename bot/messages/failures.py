"""What Trellis says when a record's card could not be posted for good: the person who saw their
report succeed is told by DM, in plain words, what went wrong and what fixes it.

Queued by the outbox in the transaction that marks the post failed (bot.outbox.batch calls it through
bot.outbox.hooks), once.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.messages.posts import direct_message
from bot.outbox import hooks
from bot.outbox.queue import Copy
from models.outbox import CARD

PICK_ANOTHER = "ask a manager to pick another channel in /qms settings"
# Slack's permanent errors, as (what went wrong, what fixes it).
REASONS = {
    "channel_not_found": ("the channel was not found or Trellis is not in it", f"Invite @Trellis or {PICK_ANOTHER}."),
    "not_in_channel": ("the channel was not found or Trellis is not in it", f"Invite @Trellis or {PICK_ANOTHER}."),
    "is_archived": ("the channel is archived", f"Unarchive it or {PICK_ANOTHER}."),
    "restricted_action": ("Trellis may not post in that channel", f"Ask an admin to allow it, or {PICK_ANOTHER}."),
    "restricted_action_read_only_channel": ("the channel is read-only", f"Ask an admin to open it, or {PICK_ANOTHER}."),
    "ekm_access_denied": ("the workspace's key management refused it", "Ask a Slack admin to look into it."),
    "team_access_not_granted": ("Trellis has no access to that workspace", "Ask a Slack admin to reinstall Trellis."),
    "invalid_auth": ("Trellis's access to Slack was revoked", "Ask a Slack admin to reinstall Trellis."),
    "token_revoked": ("Trellis's access to Slack was revoked", "Ask a Slack admin to reinstall Trellis."),
    "account_inactive": ("Trellis's access to Slack was revoked", "Ask a Slack admin to reinstall Trellis."),
    "missing_scope": ("Trellis lacks a Slack permission it needs", "Ask a Slack admin to reinstall Trellis."),
}
UNKNOWN = ("Slack refused it ({error})", "Whoever runs Trellis can see it with `trellis outbox` and send it again.")


@hooks.on_copy_not_posted
def copy_not_posted(session: Session, *, team_id: str, copy: Copy, channel: str | None, error: str, user_id: str,
                    now: datetime) -> None:
    """Tell `user_id` that `copy` (a record's card) could not be posted to `channel`, and why."""
    direct_message(session, team_id=team_id, key=copy.record_id, user_id=user_id,
                   message={"text": not_posted_text(copy, channel, error)}, now=now)


def not_posted_text(copy: Copy, channel: str | None, error: str) -> str:
    code = error.split()[0] if error else ""  # e.g. "not_in_channel (joining failed: ...)"
    reason, fix = REASONS.get(code, UNKNOWN)
    what = "card" if copy.role == CARD else "copy"
    return (f"Trellis could not post {copy.record_id}'s {what} to {_place(channel)}: {reason.format(error=error)}. "
            f"{fix} {copy.record_id} itself is saved.")


def _place(channel: str | None) -> str:
    if channel and channel[:1] in ("C", "G"):
        return f"<#{channel}>"  # Slack shows the channel's name
    return "a direct message" if channel else "Slack"
