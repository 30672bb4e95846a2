"""Reminder DMs: dm (the message, grouped by kind, with Snooze buttons per group), buttons (per-kind extras)."""
