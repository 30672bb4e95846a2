"""The review's summary in the digest's thread, and each action's card (its owner's buttons)."""
from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.ids import ACTION_CONFIRM, ACTION_DONE
from bot.blocks.reviews.modal import DECISIONS
from bot.blocks.text import context, escape, plain, section, shown, slack_date, user
from bot.qms.reviews.digest import CONFIRMED, DONE, KIND_LABELS

SHOWN = 900  # a decision or comment in the summary; the record keeps all of it


def review_summary(review, actions: Sequence, titles: dict[str, str]) -> dict:
    """`titles`: input key -> title, for the comments."""
    people = ", ".join(user(person) for person in review.attendees)
    blocks = [section(f"*{review.record_id}* recorded by {user(review.recorded_by)}: management review held "
                      f"{review.held_on:%a %d %b %Y} with {people}.")]
    decisions = [f"*{label}*\n{shown(getattr(review, name), SHOWN)}" for name, label in DECISIONS
                 if getattr(review, name)]
    if decisions:
        blocks.append(section("\n".join(decisions)))
    comments = [f"*{escape(titles.get(key, key))}*: {shown(text, SHOWN // 2)}" for key, text in review.comments.items()]
    if comments:
        blocks.append(section("\n".join(comments)))
    lines = [action_line(action) for action in actions]
    blocks.append(section("*Actions*\n" + "\n".join(lines) if lines else "No actions were decided."))
    blocks.append(context("The figures reviewed are kept with the record as they were posted. Replies in this "
                          "thread are kept as the review's discussion."))
    return {"text": f"{review.record_id}: management review recorded", "blocks": blocks[:50]}


def action_line(action) -> str:
    return (f"• *{action.record_id}* ({KIND_LABELS.get(action.kind, escape(action.kind))}) "
            f"{shown(action.title, 300)} — {user(action.owner)} · due {action.due_date:%a %d %b}")


def action_card(action) -> dict:
    """An action's card: the owner marks it done; then a manager other than the owner confirms it."""
    status = "Open"
    if action.status == DONE:
        status = f"Done by {user(action.done_by)}, waiting for a manager to confirm it worked"
    elif action.status == CONFIRMED:
        status = f"Confirmed by {user(action.confirmed_by)} {slack_date(action.confirmed_at)}"
    blocks = [section(f"*{action.record_id}* · {shown(action.title, 300)}"),
              context(f"From {escape(action.review_id)} · {KIND_LABELS.get(action.kind, escape(action.kind))} · "
                      f"owner {user(action.owner)} · due {action.due_date:%a %d %b %Y} · "
                      + status)]
    button = {ACTION_DONE: "Mark done", ACTION_CONFIRM: "Confirm it worked"}
    next_move = {"open": ACTION_DONE, DONE: ACTION_CONFIRM}.get(action.status)
    if next_move:
        blocks.append({"type": "actions", "block_id": "review_action", "elements": [{
            "type": "button", "action_id": next_move, "style": "primary", "value": action.record_id,
            "text": plain(button[next_move], 75)}]})
    return {"text": f"{action.record_id}: {shown(action.title, 300)}", "blocks": blocks}
