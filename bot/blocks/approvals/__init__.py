"""Block Kit for approval requests: the card and its copies, the modals, refusals in words."""
