"""The `/qms settings` modal and reading what a manager submitted."""
from __future__ import annotations

from collections.abc import Mapping

from bot.blocks import forms
from bot.blocks.ids import SETTINGS
from bot.blocks.text import context
from bot.qms.workspaces import WorkspaceSettings
from bot.qms.workspaces.rules import SettingsDraft

OWNER_PREFIX = "customer_owner_"  # + channel id: who is reminded of that channel's unanswered messages
OWNERS_SHOWN = 20


def settings_modal(current: WorkspaceSettings, suggested: tuple[str, ...] = (),
                   channel_names: Mapping[str, str] = {}) -> dict:  # noqa: B006 - read only
    """`suggested`: Slack Connect channels Trellis is in (preselected as customer channels until a manager
    has chosen); `channel_names` label the customer channels' owner fields."""
    blocks = [
        forms.input_block("quality_channel", "Quality channel", forms.channel_select(current.quality_channel),
                          optional=True, hint="New records are posted here; invite @Trellis to it."),
        forms.input_block("digest_channel", "Management review channel",
                          forms.channel_select(current.digest_channel), optional=True,
                          hint="The weekly digest goes here (defaults to the quality channel)."),
        forms.input_block("managers", "Managers", forms.users_select(list(current.managers)), optional=True,
                          hint="They approve, verify, close, reject and change settings."),
        forms.input_block("timezone", "Timezone", forms.text_input(current.timezone, max_length=64)),
        forms.input_block("digest_schedule", "Digest schedule",
                          forms.text_input(current.digest_schedule, max_length=32),
                          hint="Weekday and local time, e.g. mon 09:00"),
        forms.input_block("stale_days", "Stale after (days)", forms.text_input(str(current.stale_days), max_length=3)),
        forms.input_block("processes", "Processes", forms.text_input("\n".join(current.processes), multiline=True),
                          hint="One per line; offered when someone reports a nonconformance."),
        forms.input_block("allow_any_approver", "Approvers",
                          forms.checkbox("Anyone may be chosen as an approver", "yes", current.allow_any_approver),
                          optional=True),
        forms.input_block("working_days", "Working days", forms.text_input(current.working_days, max_length=32),
                          optional=True,
                          hint="Reminders go out on these days, 09:00-17:30 in each person's timezone: mon-fri"),
        forms.input_block("knowledge_channel", "Knowledge channel", forms.channel_select(current.knowledge_channel),
                          optional=True, hint="Saved knowledge is posted here (defaults to the quality channel)."),
        forms.input_block("kb_review_days", "Knowledge review (days)",
                          forms.text_input(str(current.kb_review_days), max_length=3), optional=True,
                          hint="How long a new entry stays true before its owner is asked to confirm it."),
        *customer_blocks(current, suggested, channel_names),
    ]
    return forms.modal(SETTINGS, "Trellis settings", blocks)


def customer_blocks(current: WorkspaceSettings, suggested: tuple[str, ...],
                    channel_names: Mapping[str, str]) -> list[dict]:
    chosen = current.customer_channels if "customer_channels" in current.overridden else suggested
    blocks = [
        forms.input_block("feedback_scale", "Feedback score", forms.static_select(
            [("csat", "CSAT: 1 (very dissatisfied) to 5 (very satisfied)"),
             ("nps", "NPS: 0 to 10, how likely to recommend us")], current.feedback_scale), optional=True),
        forms.input_block("customer_channels", "Customer channels", forms.channels_select(chosen), optional=True,
                          hint="Trellis measures how fast customers' messages here get a first reply "
                               "(ids and times only, never the text)."),
    ]
    if suggested:
        shared = ", ".join(f"<#{channel}>" for channel in suggested[:20])
        blocks.append(context(f"Shared with other organisations (Slack Connect): {shared}"))
    blocks.append(forms.input_block(
        "response_target_hours", "First reply within (working hours)",
        forms.text_input(f"{current.response_target_hours:g}", max_length=6), optional=True,
        hint="A customer message unanswered for longer is a reminder to the channel's owner."))
    for channel in current.customer_channels[:OWNERS_SHOWN]:
        owner = current.customer_channel_owners.get(channel)
        label = f"Owner of #{channel_names.get(channel) or channel}"
        blocks.append(forms.input_block(f"{OWNER_PREFIX}{channel}", label,
                                        forms.users_select([owner] if owner else None, multi=False), optional=True,
                                        hint="Reminded of its unanswered customer messages (managers are, "
                                             "without an owner)."))
    return blocks


def read_settings(values: dict) -> SettingsDraft:
    """The settings as submitted; bot.qms.workspaces.rules checks them."""
    text = {name: forms.value_of(values, name) or "" for name in ("timezone", "digest_schedule", "stale_days",
                                                                  "processes", "working_days", "kb_review_days")}
    return SettingsDraft(quality_channel=forms.value_of(values, "quality_channel"),
                         digest_channel=forms.value_of(values, "digest_channel"),
                         managers=tuple(forms.value_of(values, "managers") or ()),
                         allow_any_approver="yes" in (forms.value_of(values, "allow_any_approver") or []),
                         knowledge_channel=forms.value_of(values, "knowledge_channel"),
                         feedback_scale=forms.value_of(values, "feedback_scale"),
                         customer_channels=tuple(forms.value_of(values, "customer_channels") or ()),
                         customer_channel_owners=tuple(
                             (block_id.removeprefix(OWNER_PREFIX), forms.value_of(values, block_id))
                             for block_id in values if block_id.startswith(OWNER_PREFIX)),
                         response_target_hours=forms.value_of(values, "response_target_hours") or "", **text)


CHANNEL_PROBLEMS = {
    "not_found": ("Trellis cannot see this channel. If it is private, invite @Trellis to it "
                  "(type /invite @Trellis there), then save again."),
    "archived": "This channel is archived. Choose another one.",
    "cannot_join": "Trellis could not join this channel. Invite @Trellis to it, then save again.",
}


def channel_unusable_notice(channel_id: str, problem: str) -> dict:
    """Told by DM when a channel accepted in /qms settings turned out unusable (Slack answered late)."""
    return {"text": f"Trellis checked <#{channel_id}> again after you saved your settings: "
                    f"{CHANNEL_PROBLEMS[problem]} Until then, cards cannot be posted there."}
