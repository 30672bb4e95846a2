"""Approval listeners: ask (ask.py) and decide or withdraw (decide.py)."""
