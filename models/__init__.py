"""SQLModel tables, one family per module. Importing this package registers them all."""
from models.approval import ApprovalApprover, ApprovalRequest
from models.audit import AuditEvent, AuditHead
from models.comment import Comment
from models.counter import Counter
from models.directory import SlackChannel, SlackUser
from models.feedback import Customer, CustomerMessage, Feedback, ResponseMonth
from models.knowledge import KnowledgeEntry, KnowledgeTag, KnowledgeVersion
from models.nc import Nonconformance
from models.objective import Objective, ObjectiveValue
from models.outbox import InboundKey, OutboxMessage, SlackMessage
from models.reminder import ReminderClaim, ReminderSnooze
from models.review import DigestPost, ManagementReview, ReviewAction
from models.tally import NcTally
from models.workspace import Workspace

__all__ = ["ApprovalApprover", "ApprovalRequest", "AuditEvent", "AuditHead", "Comment", "Counter", "Customer",
           "CustomerMessage", "DigestPost", "Feedback", "InboundKey", "KnowledgeEntry", "KnowledgeTag",
           "KnowledgeVersion", "ManagementReview", "NcTally", "Nonconformance", "Objective", "ObjectiveValue",
           "OutboxMessage", "ReminderClaim", "ReminderSnooze", "ResponseMonth", "ReviewAction", "SlackChannel",
           "SlackMessage", "SlackUser", "Workspace"]
