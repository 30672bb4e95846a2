"""The digest message, the management review modal, its summary and the action cards."""
