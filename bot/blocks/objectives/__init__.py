"""Quality objectives in Slack: the new-objective modal, a manual value modal, summaries and the card."""
