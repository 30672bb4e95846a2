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

# Customer feedback and quality objectives.
FEEDBACK_LOG = "feedback_log"
FEEDBACK_CUSTOMER = "feedback_customer"  # the modal's customer type-ahead (external_select: Bolt app.options)
FEEDBACK_RAISE_NC = "feedback_raise_nc"
OBJECTIVE_NEW = "objective_new"
OBJECTIVE_UPDATE = "objective_update"  # the button that opens a manual measure's value modal
OBJECTIVE_VALUE = "objective_value"
