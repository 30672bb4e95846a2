"""The "Request approval" modal, the rejection-reason modal, and reading what was submitted."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.blocks import forms
from bot.blocks.evidence import privacy_choice, read_source, source_metadata
from bot.blocks.ids import APPROVAL_REJECTION, APPROVAL_REQUEST, APPROVERS
from bot.blocks.slack_text import quote
from bot.blocks.text import TITLE_SHOWN, context, escape, section, shown, user
from bot.qms.approvals import rules
from bot.qms.approvals.rules import ApprovalDraft
from bot.qms.evidence import SourceMessage
from models.approval import ApprovalRequest


def request_modal(title: str | None = None, *, source: SourceMessage | None = None,
                  names: Mapping[str, str] = {}) -> dict:  # noqa: B006
    """Ask for a sign-off; from a message shortcut, `source` is the thing being approved."""
    blocks = []
    if source:
        by = user(source.author) if source.author else f"the app *{escape(source.author_name or 'an app')}*"
        blocks.append(section(f"*Approving this message* by {by}:\n"
                              f">{quote(source.text, 500, names).replace(chr(10), chr(10) + '>')}"))
    blocks += [
        forms.input_block("title", "Title", forms.text_input(title, max_length=rules.TITLE_MAX,
                                                             placeholder="e.g. Homepage design for Acme")),
        forms.input_block("description", "What to approve", forms.text_input(
            multiline=True, max_length=rules.DESCRIPTION_MAX), optional=True,
            hint="What the approvers are signing off, and anything they should check."),
        forms.input_block("link", "Link", forms.text_input(max_length=rules.LINK_MAX,
                                                           placeholder="https://…"), optional=True,
                          hint="Where the approvers can see it: a document, a design, a supplier's page."),
        forms.input_block(APPROVERS, "Approvers", {**forms.users_select(), "max_selected_items": rules.MAX_APPROVERS},
                          dispatch=True),  # each choice is looked up at once, so the submit knows who they are
        forms.input_block("policy", "Approved when", forms.static_select(list(rules.POLICIES.items()), "any")),
        forms.input_block("due_on", "Due by", {"type": "datepicker"}, optional=True),
        forms.input_block("nc_id", "Linked nonconformance", forms.text_input(max_length=32, placeholder="NC-12"),
                          optional=True),
    ]
    if source:
        blocks += privacy_choice(source, names)
    else:
        blocks.append(context("Choose managers as approvers. They get the request by direct message, "
                              "and a card goes to the quality channel."))
    return forms.modal(APPROVAL_REQUEST, "Request approval", blocks, submit="Send request",
                       private_metadata=source_metadata(source))


def read_request(values: dict, private_metadata: str) -> ApprovalDraft:
    """The request as submitted; bot.qms.approvals.rules says what is wrong with it."""
    text = {name: forms.value_of(values, name) for name in ("title", "description", "link", "nc_id")}
    due = forms.value_of(values, "due_on")
    try:
        due_on = date.fromisoformat(due) if due else None
    except ValueError:
        due_on = date.min  # not a date: refused as "in the past"
    return ApprovalDraft(title=text["title"] or "", description=text["description"], link=text["link"],
                         approvers=tuple(dict.fromkeys(forms.value_of(values, APPROVERS) or [])),
                         policy=forms.value_of(values, "policy") or "any", due_on=due_on,
                         nc_id=(text["nc_id"] or "").upper() or None, source=read_source(private_metadata, values))


def rejection_modal(request: ApprovalRequest) -> dict:
    blocks = [
        section(f"*{request.record_id}* · {shown(request.title, TITLE_SHOWN)}\n"
                f"Asked by {user(request.requester)}. They will see your reason."),
        forms.input_block("reason", "Why do you reject it?",
                          forms.text_input(multiline=True, max_length=rules.REASON_MAX)),
    ]
    return forms.modal(APPROVAL_REJECTION, f"Reject {request.record_id}", blocks, submit="Reject",
                       private_metadata=request.record_id)


def read_reason(values: dict) -> str | None:
    return forms.value_of(values, "reason")


