"""The `/qms settings` modal and reading what a manager submitted."""
from __future__ import annotations

from bot.blocks import forms
from bot.config import check_timezone, parse_schedule
from bot.qms.workspaces import WorkspaceSettings

CALLBACK_ID = "settings_submit"
MAX_PROCESSES = 100


def settings_modal(current: WorkspaceSettings) -> dict:
    blocks = [
        forms.input_block("quality_channel", "Quality channel", forms.channel_select(current.quality_channel),
                          optional=True, hint="New records are posted here; invite @Trellis to it."),
        forms.input_block("digest_channel", "Management review channel",
                          forms.channel_select(current.digest_channel), optional=True,
                          hint="The weekly digest goes here (defaults to the quality channel)."),
        forms.input_block("managers", "Managers", forms.users_select(list(current.managers)), optional=True,
                          hint="They approve, verify, close, reject and change settings."),
        forms.input_block("timezone", "Timezone", forms.text_input(current.timezone, max_length=64)),
        forms.input_block("digest_schedule", "Digest schedule", forms.text_input(current.digest_schedule, max_length=32),
                          hint="Weekday and local time, e.g. mon 09:00"),
        forms.input_block("stale_days", "Stale after (days)", forms.text_input(str(current.stale_days), max_length=3)),
        forms.input_block("processes", "Processes", forms.text_input("\n".join(current.processes), multiline=True),
                          hint="One per line; offered when someone reports a nonconformance."),
        forms.input_block("allow_any_approver", "Approvers",
                          forms.checkbox("Anyone may be chosen as an approver", "yes", current.allow_any_approver),
                          optional=True),
    ]
    return forms.modal(CALLBACK_ID, "Trellis settings", blocks)


def read_settings(values: dict) -> tuple[dict, dict]:
    """(changes, errors): errors maps block_id to the message shown under the field."""
    changes, errors = {}, {}
    changes["quality_channel"] = forms.value_of(values, "quality_channel")
    changes["digest_channel"] = forms.value_of(values, "digest_channel")
    changes["managers"] = forms.value_of(values, "managers") or []
    changes["allow_any_approver"] = "yes" in (forms.value_of(values, "allow_any_approver") or [])
    _parse(changes, errors, "timezone", values, check_timezone)
    _parse(changes, errors, "digest_schedule", values, lambda text: str(parse_schedule(text)))
    _parse(changes, errors, "stale_days", values, _days)
    _parse(changes, errors, "processes", values, _processes)
    return changes, errors


def _parse(changes: dict, errors: dict, block_id: str, values: dict, parse) -> None:
    try:
        changes[block_id] = parse(forms.value_of(values, block_id) or "")
    except ValueError as exc:
        errors[block_id] = str(exc)[:150]


def _days(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 365:
        raise ValueError("a whole number of days from 1 to 365")
    return int(text)


def _processes(text: str) -> list[str]:
    names = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
    if not names:
        raise ValueError("name at least one process")
    if len(names) > MAX_PROCESSES or any(len(name) > 75 for name in names):
        raise ValueError(f"at most {MAX_PROCESSES} processes of at most 75 characters each")
    return names
