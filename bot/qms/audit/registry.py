"""Every record type whose stored rows `trellis audit verify` replays from the trail.

A feature with records adds its `Trail` (bot/qms/<feature>/trail.py, see bot/qms/replay.py) here.
"""
from __future__ import annotations

from bot.qms.approvals.trail import TRAIL as APPROVALS
from bot.qms.feedback.trail import TRAIL as FEEDBACK
from bot.qms.knowledge.trail import TRAIL as KNOWLEDGE
from bot.qms.nc.trail import TRAIL as NONCONFORMANCES
from bot.qms.objectives.trail import TRAIL as OBJECTIVES
from bot.qms.reviews.trail import ACTIONS as REVIEW_ACTIONS
from bot.qms.reviews.trail import DIGESTS, REVIEWS
from bot.qms.workspaces.trail import TRAIL as WORKSPACES

TRAILS = (NONCONFORMANCES, APPROVALS, WORKSPACES, FEEDBACK, KNOWLEDGE, OBJECTIVES, DIGESTS, REVIEWS,
          REVIEW_ACTIONS)
