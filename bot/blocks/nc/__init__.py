"""Block Kit for nonconformances: the card, the report and step modals, refusals in words."""
