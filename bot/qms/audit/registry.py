"""Every record type whose stored rows `trellis audit verify` replays from the trail.

A feature with records adds its `Trail` (bot/qms/<feature>/trail.py, see bot/qms/replay.py) here.
"""
from __future__ import annotations

from bot.qms.approvals.trail import TRAIL as APPROVALS
from bot.qms.nc.trail import TRAIL as NONCONFORMANCES
from bot.qms.workspaces.trail import TRAIL as WORKSPACES

TRAILS = (NONCONFORMANCES, APPROVALS, WORKSPACES)
