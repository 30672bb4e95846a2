"""Customer feedback in Slack: its modal and confirmation, the customer type-ahead, its card."""
