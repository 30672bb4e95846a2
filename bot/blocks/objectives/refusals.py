"""Why an objective could not be changed (bot.qms.objectives.records codes)."""
from __future__ import annotations

WORDS = {
    "objective_not_found": lambda r: f"I cannot find {r.facts['record_id']} in this workspace.",
    "objective_computed": lambda r: (f"Trellis measures {r.record.record_id} itself from its records, "
                                     "so there is no value to enter."),
    "objective_not_owner": lambda r: f"Only the owner of {r.record.record_id} or a manager can enter its value.",
    "objective_manager": lambda r: ("Only Trellis managers and workspace admins can set quality objectives. "
                                    "`/qms objective list` shows where each one stands."),
}
