"""Every callback and action id Trellis puts in Slack: the blocks that emit them and the
handlers that listen for them share these names (app.yaml declares the shortcuts)."""
from __future__ import annotations

# Message and global shortcuts (app.yaml, design.md "Slack surface").
LOG_NONCONFORMANCE = "log_nonconformance"
REQUEST_APPROVAL = "request_approval"
SAVE_TO_KNOWLEDGE = "save_to_knowledge"
LOG_FEEDBACK = "log_feedback"
NEW_NONCONFORMANCE = "new_nonconformance"

# Modals (view callback ids).
NC_REPORT = "nc_report"
NC_STEP = "nc_step"
APPROVAL_REQUEST = "approval_request"
APPROVAL_REJECTION = "approval_reject_reason"
SETTINGS = "settings_submit"
ERROR = "trellis_error"
NOT_AVAILABLE = "not_available"
NOTICE = "trellis_notice"

# Buttons (action ids). An NC step's button is NC_STEP_PREFIX + the step's name.
NC_STEP_PREFIX = "nc_step_"
APPROVE = "approval_approve"
REJECT = "approval_reject"
CANCEL_APPROVAL = "approval_cancel"
APPROVERS = "approvers"  # the request modal's approvers field (dispatch_action: chosen people are looked up)

# The weekly digest and the management review (bot/blocks/reviews).
RECORD_REVIEW = "review_record"  # the digest's primary button
REVIEW_MODAL = "review_submit"  # the management review modal
REVIEW_ADD_ACTION = "review_add_action"  # the modal's "Add action" button (views.update)
ACTION_DONE = "review_action_done"  # an action's owner marks it done
ACTION_CONFIRM = "review_action_confirm"  # a manager other than the owner confirms it worked
# Reminder DMs: one pair per item group (the value names the group: its kind and the day it was sent).
SNOOZE_DAY = "reminder_snooze_day"
SNOOZE_WEEK = "reminder_snooze_week"
# The knowledge base (ISO 9001 7.1.6).
KB_SAVE = "kb_save"  # the save modal (a message, `/qms kb new`, a closed NC's lesson)
KB_EDIT = "kb_edit"
KB_REASSIGN = "kb_reassign"
KB_EDIT_BUTTON = "kb_edit_entry"
KB_CONFIRM = "kb_still_true"
KB_RETIRE = "kb_retire"
KB_REASSIGN_BUTTON = "kb_reassign_entry"
KB_MORE = "kb_more"  # "More" under a search answer: its value carries the query and the offset
KB_NEW = "kb_new_entry"  # "Save something" when a search found nothing
KB_LESSON = "nc_save_lesson"  # "Save as lesson learned" on a closed NC's card
# Customer feedback and quality objectives.
FEEDBACK_LOG = "feedback_log"
FEEDBACK_CUSTOMER = "feedback_customer"  # the modal's customer type-ahead (external_select: Bolt app.options)
FEEDBACK_RAISE_NC = "feedback_raise_nc"
OBJECTIVE_NEW = "objective_new"
OBJECTIVE_UPDATE = "objective_update"  # the button that opens a manual measure's value modal
OBJECTIVE_VALUE = "objective_value"
