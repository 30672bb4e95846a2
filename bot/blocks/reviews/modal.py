"""The management review modal (ISO 9001 9.3.3): when, who, a comment per input, the decisions, and the
actions — "Add action" rebuilds the modal with one more (views.update), keeping what was typed."""
from __future__ import annotations

import json
from collections.abc import Sequence

from bot.blocks import forms
from bot.blocks.ids import REVIEW_ADD_ACTION, REVIEW_MODAL
from bot.blocks.text import context, escape, plain, section
from bot.qms.reviews.digest import KIND_LABELS
from bot.qms.reviews.rules import MAX_ACTIONS, TEXT_MAX, TITLE_MAX, ActionDraft, ReviewDraft

DECISIONS = (("issues_decision", "b) Changes in external and internal issues"),
             ("resources_decision", "d) Adequacy of resources"),
             ("improvement_decision", "f) Opportunities for improvement"))
ACTION_FIELDS = ("title", "kind", "owner", "due")


def review_modal(*, digest_id: str, inputs: Sequence[tuple[str, str]], today: str, actions: int = 1,
                 draft: ReviewDraft | None = None) -> dict:
    """`inputs` are the digest's (key, title) pairs; `draft` what was typed so far (kept on "Add action")."""
    draft = draft or ReviewDraft(digest_id)
    blocks = [section(f"Management review of the digest *{escape(digest_id)}*. What you record here is kept "
                      "with the digest's figures as they were posted."),
              forms.input_block("held_on", "Held on", _date(draft.held_on or today)),
              forms.input_block("attendees", "Attendees", forms.users_select(list(draft.attendees) or None))]
    blocks += [forms.input_block(f"comment_{key}", f"Comment on {title}",
                                 forms.text_input(draft.comments.get(key), multiline=True, max_length=TEXT_MAX),
                                 optional=True) for key, title in inputs]
    blocks += [forms.input_block(name, f"Decisions: {label}",
                                 forms.text_input(getattr(draft, name), multiline=True, max_length=TEXT_MAX),
                                 optional=True) for name, label in DECISIONS]
    typed = list(draft.actions) + [ActionDraft()] * max(0, actions - len(draft.actions))
    for number, action in enumerate(typed[:MAX_ACTIONS], start=1):
        blocks += _action_blocks(number, action)
    if len(typed) < MAX_ACTIONS:
        blocks.append({"type": "actions", "block_id": "add_action", "elements": [
            {"type": "button", "action_id": REVIEW_ADD_ACTION, "text": plain("Add action", 75), "value": "add"}]})
    blocks.append(context("An action needs an owner and a due date; leave an action empty to skip it."))
    metadata = json.dumps({"digest": digest_id, "actions": min(len(typed), MAX_ACTIONS), "inputs": list(inputs)})
    return forms.modal(REVIEW_MODAL, "Management review", blocks, submit="Record review",
                       private_metadata=metadata)


def _date(initial: str | None) -> dict:
    return {"type": "datepicker", **({"initial_date": initial} if initial else {})}


def _action_blocks(number: int, action: ActionDraft) -> list[dict]:
    prefix = f"action_{number}_"
    return [
        section(f"*Action {number}* (9.3.3)"),
        forms.input_block(prefix + "title", "What will be done", forms.text_input(action.title, max_length=TITLE_MAX),
                          optional=True),
        forms.input_block(prefix + "kind", "Type", forms.static_select(list(KIND_LABELS.items()),
                                                                      action.kind or "improvement"), optional=True),
        forms.input_block(prefix + "owner", "Owner", forms.users_select([action.owner] if action.owner else None,
                                                                         multi=False), optional=True),
        forms.input_block(prefix + "due", "Due date", _date(action.due_date), optional=True),
    ]


def read_review(view: dict) -> tuple[ReviewDraft, list[tuple[str, str]], int]:
    """(the draft, the digest's inputs, how many action rows the modal has) of a submitted or updated modal."""
    metadata = json.loads(view.get("private_metadata") or "{}")
    values = (view.get("state") or {}).get("values") or {}
    inputs = [tuple(pair) for pair in metadata.get("inputs", [])]
    actions = tuple(ActionDraft(*(forms.value_of(values, f"action_{number}_{name}") for name in ACTION_FIELDS))
                    for number in range(1, int(metadata.get("actions", 0)) + 1))
    draft = ReviewDraft(
        digest_id=str(metadata.get("digest", "")), held_on=forms.value_of(values, "held_on"),
        attendees=tuple(forms.value_of(values, "attendees") or ()),
        comments={key: forms.value_of(values, f"comment_{key}") for key, _ in inputs
                  if forms.value_of(values, f"comment_{key}")},
        **{name: forms.value_of(values, name) for name, _ in DECISIONS}, actions=actions)
    return draft, inputs, len(actions)
