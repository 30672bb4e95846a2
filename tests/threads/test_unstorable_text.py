"""Text Slack can deliver is always kept: NUL and lone surrogates are replaced, never a lost reply."""
from __future__ import annotations

import json

from sqlalchemy import select

from bot.qms import audit
from models import Comment
from tests.support.fixtures import QUALITY_CHANNEL


def test_a_reply_with_nul_and_a_lone_surrogate_is_kept(make, nc_flow, session_factory):
    record_id = make.nc("open")
    card = nc_flow.saved(record_id)
    # JSON may carry \\u0000 and an unpaired \\ud83d exactly as Slack would send them.
    raw = json.dumps({"token": "x", "team_id": "T111", "api_app_id": "A111", "type": "event_callback",
                      "event_id": "EvNUL", "event_time": 1, "event": {
                          "type": "message", "channel": QUALITY_CHANNEL, "user": "U_BOB", "ts": "1800000000.000200",
                          "thread_ts": card.ts, "text": "bad\u0000byte and half an emoji \ud83d!",
                          "channel_type": "channel"}})
    assert "\\u0000" in raw and "\\ud83d" in raw
    assert nc_flow.slack.post(raw, "application/json").status_code == 200
    with session_factory() as session:
        [comment] = session.scalars(select(Comment))
        assert comment.text == "bad\ufffdbyte and half an emoji \ufffd!"
        assert audit.verify(session, team_id="T111").ok
