"""An approval request's card (the channel copy and each approver's DM copy) and the
short texts about it: thread lines, the requester's notices."""
from __future__ import annotations

from collections.abc import Mapping

from bot.blocks.evidence import evidence_line
from bot.blocks.ids import APPROVE, CANCEL_APPROVAL, REJECT
from bot.blocks.text import (
    SECTION_MAX,
    TITLE_SHOWN,
    context,
    escape,
    header,
    plain,
    section,
    shown,
    slack_date,
    truncate,
    user,
)
from bot.qms.approvals.records import LEFT, deciders
from bot.qms.approvals.rules import POLICIES
from models.approval import ApprovalApprover, ApprovalRequest

CONFIRM_TEXT_MAX, CONFIRM_TITLE_MAX = 300, 100
STATE_ICONS = {"pending": ":hourglass_flowing_sand:", "approved": ":white_check_mark:", "rejected": ":x:",
               "cancelled": ":no_entry_sign:"}


def approval_card(request: ApprovalRequest, approvers: list[ApprovalApprover], *,
                  approver: ApprovalApprover | None = None, names: Mapping[str, str] = {}) -> dict:  # noqa: B006
    """The message: `approver` is whose DM copy this is (None: the record's home copy, in the
    quality channel, or in the requester's DM when the workspace has no quality channel); `names`
    are the display names of people its quoted evidence mentions."""
    blocks = [header(f"{request.record_id} · {request.title}"), section(_subject(request))]
    if request.link:
        blocks.append(section(_link(request.link)))
    evidence = evidence_line(request, names)
    if evidence:
        blocks.append(section(f"*The message*\n{evidence}"))
    blocks.append({"type": "section", "fields": [
        {"type": "mrkdwn", "text": f"*Policy*\n{POLICIES[request.policy]}"},
        {"type": "mrkdwn", "text": f"*Due*\n{request.due_on:%a %d %b %Y}" if request.due_on else "*Due*\nNot set"},
        *([{"type": "mrkdwn", "text": f"*Linked NC*\n{request.nc_id}"}] if request.nc_id else []),
    ]})
    blocks += [section("*Approvers*\n" + "\n".join(_approver_line(request, a) for a in approvers)),
               section(status_line(request, approvers))]
    if request.status == "pending" and (approver is None or approver.decision == "pending"):
        blocks.append({"type": "actions", "block_id": "approval_buttons",
                       "elements": _buttons(request, approver)})
    if approver is None and request.card_channel:
        blocks.append(context(f"{request.record_id} · asked {slack_date(request.created_at)} · "
                              "replies in this thread are kept with the request"))
    elif approver is None:
        blocks.append(context(dm_only_notice(request)))
    return {"text": f"{request.record_id} approval request: {shown(request.title, TITLE_SHOWN)} "
                    f"({request.status})", "blocks": blocks}


def status_line(request: ApprovalRequest, approvers: list[ApprovalApprover]) -> str:
    icon, when = STATE_ICONS[request.status], request.closed_at and slack_date(request.closed_at)
    if request.status == "approved":
        names = [a.user_id for a in approvers if a.decision == "approved"]
        return f"{icon} *Approved by {people(names)} at {when}*"
    if request.status == "rejected":
        return f"{icon} *Rejected by {user(request.closed_by)} at {when}*\n>{_quote(request.reason)}"
    if request.status == "cancelled":
        return f"{icon} *Cancelled by {user(request.closed_by)} at {when}*"
    if request.policy == "all":
        asked = deciders(approvers)
        done = sum(a.decision == "approved" for a in asked)
        return f"{icon} *Waiting for approval* ({done} of {len(asked)} approved)"
    return f"{icon} *Waiting for approval* (any one approver decides)"


def approve_confirm_text(request: ApprovalRequest, signer: str) -> str:
    """What the approver signs, cut to fit Slack's confirm dialog (the title gives way first)."""
    signer = truncate(signer, 80)
    start, end = f"You approve {request.record_id} \"", f"\" as {signer}. This is recorded with your name and the time."
    return start + truncate(request.title, CONFIRM_TEXT_MAX - len(start) - len(end)) + end


def thread_line(request: ApprovalRequest, actor: str, action: str) -> str:
    """One short line in the channel card's thread per change."""
    record_id = request.record_id
    lines = {
        "approval.approved": f"{STATE_ICONS['approved']} {record_id} approved by {user(actor)}.",
        "approval.approver_approved": f"{STATE_ICONS['approved']} {user(actor)} approved {record_id}; "
                                      "waiting for the other approvers.",
        "approval.rejected": f"{STATE_ICONS['rejected']} {record_id} rejected by {user(actor)}: "
                             f"{_inline(request.reason)}",
        "approval.cancelled": f"{STATE_ICONS['cancelled']} {record_id} cancelled by {user(actor)}.",
    }
    return lines[action]


def requester_notice(request: ApprovalRequest, approvers: list[ApprovalApprover]) -> str:
    """The DM telling the requester how their request ended."""
    title = shown(request.title, TITLE_SHOWN)
    return f"Your approval request *{request.record_id}* \"{title}\": {status_line(request, approvers)}"


def left_notice(request: ApprovalRequest, approvers: list[ApprovalApprover]) -> str:
    """Told to the requester when some approvers they chose have left the workspace."""
    gone = people([a.user_id for a in approvers if a.decision == LEFT])
    asked = people([a.user_id for a in deciders(approvers)])
    return (f"{gone} left the workspace, so they were not asked to decide your request *{request.record_id}* "
            f"\"{shown(request.title, TITLE_SHOWN)}\". It went to {asked}; the request says so. "
            "Cancel it and ask again if someone else should sign it off.")


def dm_only_notice(request: ApprovalRequest) -> str:
    """Told to the requester (on their copy) when the workspace has no quality channel."""
    return (f"Your request {request.record_id} went to the approvers by direct message only: no quality channel "
            "is set, so there is no channel card. A manager can set one in `/qms settings`.")


def _buttons(request: ApprovalRequest, approver: ApprovalApprover | None) -> list[dict]:
    """Approve and Reject on the channel card and the DM copies; Cancel on the home copy."""
    record_id = request.record_id
    signer = approver.name if approver else "yourself"
    buttons = [] if approver is None and not request.card_channel else [
        {"type": "button", "action_id": APPROVE, "text": plain("Approve"), "style": "primary", "value": record_id,
         "confirm": _confirm(f"Approve {record_id}?", approve_confirm_text(request, signer), "Approve", "Not yet")},
        {"type": "button", "action_id": REJECT, "text": plain("Reject"), "style": "danger", "value": record_id,
         "confirm": _confirm(f"Reject {record_id}?", "You will be asked for the reason; the requester sees it.",
                             "Give a reason", "Back")},
    ]
    if approver is None:
        buttons.append({"type": "button", "action_id": CANCEL_APPROVAL, "text": plain("Cancel request"),
                        "value": record_id,
                        "confirm": _confirm(f"Cancel {record_id}?", "The request is withdrawn for every approver. "
                                            "This is recorded with your name and the time.",
                                            "Cancel request", "Keep it")})
    return buttons


def _confirm(title: str, text: str, yes: str, no: str) -> dict:
    return {"title": plain(title, CONFIRM_TITLE_MAX), "text": plain(text, CONFIRM_TEXT_MAX),
            "confirm": plain(yes, 30), "deny": plain(no, 30)}


def _subject(request: ApprovalRequest) -> str:
    lines = [f"*Approval request* from {user(request.requester)}"]
    if request.description:
        lines.append(shown(request.description, 1500))
    return "\n".join(lines)


def _link(link: str) -> str:
    """In a section of its own, so a long description never cuts the link's <…|…> in two."""
    text = f"*Link*\n<{_url(link)}|{shown(link, 80)}>"
    return text if len(text) <= SECTION_MAX else f"*Link*\n{escape(link)}"  # escaped past Slack's limit


def _approver_line(request: ApprovalRequest, approver: ApprovalApprover) -> str:
    who = user(approver.user_id)
    if approver.decision == LEFT:
        return f"– {who} · has left the workspace, not asked"
    if approver.decision != "pending":
        return f"{STATE_ICONS[approver.decision]} {who} · {approver.decision} {slack_date(approver.decided_at)}"
    if request.status != "pending":  # decided or cancelled before this approver got to it
        return f"– {who} · not needed"
    return f"{STATE_ICONS['pending']} {who} · pending"


def _url(link: str) -> str:
    """A URL inside <…|text>: escaped, and with `|` encoded so it cannot start a forged link text."""
    return escape(link).replace("|", "%7C")


def people(user_ids: list[str]) -> str:
    mentions = [user(user_id) for user_id in user_ids] or ["nobody"]
    return mentions[0] if len(mentions) == 1 else ", ".join(mentions[:-1]) + " and " + mentions[-1]


def _quote(text: str | None) -> str:
    return shown(text, 1000).replace("\n", "\n>")


def _inline(text: str | None) -> str:
    return shown(" ".join((text or "").split()), 300)
