"""SQLModel tables, one family per module. Importing this package registers them all."""
from models.audit import AuditEvent, AuditHead
from models.counter import Counter
from models.outbox import InboundKey, OutboxMessage, SlackMessage
from models.workspace import Workspace

__all__ = ["AuditEvent", "AuditHead", "Counter", "InboundKey", "OutboxMessage", "SlackMessage", "Workspace"]
