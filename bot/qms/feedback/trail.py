"""What a feedback record's audit events say its row holds: `feedback.logged` the feedback and its source
message, `feedback.evidence_linked` the message's permalink, `feedback.nc_raised` the complaint NC's id."""
from __future__ import annotations

from bot.qms.replay import Trail
from models import Feedback

TRAIL = Trail("feedback", Feedback, created_by="feedback.logged")
