"""Block Kit builders: pure functions that return dicts. No Slack calls here."""
