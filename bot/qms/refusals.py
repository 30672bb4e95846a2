"""One refusal for every feature: someone may not do what they tried, and nothing changed.

`code` says why (bot.blocks.refusals turns it into words); `record` is the record as it
stands, and `facts` whatever else the words need (the step, the approvers, the record id).
"""
from __future__ import annotations

from typing import Any


class Refused(Exception):
    def __init__(self, code: str, record: Any = None, **facts: Any):
        super().__init__(code)
        self.code, self.record, self.facts = code, record, facts

    def __repr__(self) -> str:
        return f"Refused({self.code!r}, {getattr(self.record, 'record_id', self.record)!r})"
