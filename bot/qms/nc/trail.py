"""What an NC's audit events say its row holds: every column but its keys and timestamps.

`nc.created` holds the report, each step's event the columns it changed (None for a cleared
answer), `nc.evidence_linked` the source message's permalink.
"""
from __future__ import annotations

from bot.qms.replay import Trail
from models import Nonconformance

TRAIL = Trail("nc", Nonconformance, created_by="nc.created")
