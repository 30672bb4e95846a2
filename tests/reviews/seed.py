"""Records put into the database at chosen moments (a fixed clock), for the digest's tests."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.qms import workspaces
from bot.qms.approvals import lifecycle as approval_lifecycle
from bot.qms.approvals import records as approval_records
from bot.qms.approvals.rules import ApprovalDraft
from bot.qms.nc import lifecycle, records
from tests.support.factories import TEAM
from tests.support.fixtures import MANAGER, QUALITY_CHANNEL
from tests.support.nc import REPORT, STEP_ANSWERS, STEP_USERS

# Monday 30 November 2026, 09:00 UTC: the default schedule's due time ("mon 09:00", UTC).
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DEFAULTS = workspaces.WorkspaceSettings(quality_channel=QUALITY_CHANNEL, managers=(MANAGER,))
PATHS = {"open": (), "investigating": ("investigate",), "action": ("investigate", "plan"),
         "closed": ("investigate", "plan", "done", "verify")}


def nc(session, *, at: datetime, status: str = "open", moved_at: datetime | None = None, due: date | None = None,
       **fields) -> str:
    """An NC reported at `at`, moved along its path at `moved_at` (default: `at`)."""
    record = records.report(session, team_id=TEAM, reporter="U_ALICE", values={**REPORT, **fields}, now=at)
    for step in PATHS[status]:
        answers = dict(STEP_ANSWERS[step])
        if step == "plan":
            answers["due_date"] = (due or (at + timedelta(days=30)).date()).isoformat()
        lifecycle.apply(session, team_id=TEAM, record_id=record.record_id, step_name=step, actor=STEP_USERS[step],
                        is_manager=lambda: True, answers=answers, now=moved_at or at)
    return record.record_id


def approval(session, *, at: datetime, decided_at: datetime | None = None, approve: bool = True,
             title: str = "Homepage design for Acme") -> str:
    draft = ApprovalDraft(title=title, description=None, approvers=(MANAGER,), policy="any",
                          names={MANAGER: "Manager"})
    outcome = approval_records.create(session, team_id=TEAM, requester="U_ALICE", draft=draft,
                                      card_channel=QUALITY_CHANNEL, now=at)
    if decided_at:
        approval_lifecycle.decide(session, team_id=TEAM, record_id=outcome.request.record_id, actor=MANAGER,
                                  approve=approve, comment=None if approve else "No", now=decided_at)
    return outcome.request.record_id


def digest_messages(fake, channel: str = QUALITY_CHANNEL) -> list[dict]:
    return [message for message in fake.messages.get(channel, [])
            if message.get("text", "").startswith("Weekly digest") and not message.get("thread_ts")]
