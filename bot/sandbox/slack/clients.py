"""What each person's Slack client shows besides the channels' messages: ephemeral messages
("Only visible to you": chat.postEphemeral, response URLs, a command's answer) and the stack
of modals open for them (views.open with their trigger, views.push, response_action).

`trellis sandbox` draws these for whoever is looking; tests can read them too.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.sandbox.slack.grants import Where
from bot.sandbox.slack.methods import check_view
from bot.sandbox.slack.methods_views import store_view
from bot.sandbox.slack.replies import SlackError

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack

MAX_STACK = 3  # Slack keeps at most three modals in a stack (views.push beyond it fails)
TROUBLE = "We had some trouble connecting. Try again?"  # what Slack shows when an app fails a modal


class Clients:
    _cond: threading.Condition
    _watchers: list[Callable[[], None]]
    views: dict[str, dict]
    ephemerals: dict[str, list[dict]]

    def _fresh_clients(self) -> None:
        self.modals: dict[str, list[str]] = {}  # user_id -> open view ids, the top one last

    # --- change notices ---------------------------------------------------------------------
    def watch(self, callback: Callable[[], None]) -> None:
        """Call `callback` (no arguments, quickly: under the fake's lock) after every change and call."""
        with self._cond:
            self._watchers.append(callback)

    def _changed(self) -> None:
        for callback in list(self._watchers):
            callback()

    # --- ephemeral messages -------------------------------------------------------------------
    def show_ephemeral(self: FakeSlack, channel_id: str, user_id: str, message: dict) -> dict:
        """A message only `user_id` sees in `channel_id` (until they reload, in Slack)."""
        with self._cond:
            shown = {"type": "message", "subtype": "ephemeral", "ts": self._next_ts(), "user": user_id,
                     "bot_id": self.bot_id, "text": message.get("text") or "",
                     **{k: message[k] for k in ("blocks", "thread_ts") if message.get(k)}}
            self.ephemerals[channel_id].append(shown)
            self._changed()
            return shown

    def ephemerals_for(self, channel_id: str, user_id: str) -> list[dict]:
        with self._cond:
            return [dict(m) for m in self.ephemerals.get(channel_id, []) if m["user"] == user_id]

    def land_response(self: FakeSlack, where: Where | None, args: dict) -> None:
        """A message sent to a response URL, shown where the interaction happened (Slack's rules:
        ephemeral unless `in_channel`; `replace_original`/`delete_original` act on the message clicked)."""
        if where is None or where.channel is None or where.channel not in self.channels:
            return
        channel = self.channels[where.channel]
        original = next((m for m in self.messages.get(where.channel, []) if m["ts"] == where.message_ts), None)
        if args.get("delete_original") and original is not None:
            self.delete_message(channel, original)
        elif str(args.get("replace_original")).lower() == "true" and original is not None:
            self.edit_message(channel, original, {k: args[k] for k in ("text", "blocks") if k in args})
        elif args.get("response_type") == "in_channel":
            self.store_message(channel, {"type": "message", "user": self.bot_user_id, "bot_id": self.bot_id,
                                         "team": self.team_id, "ts": self._next_ts(), "text": args.get("text") or "",
                                         **({"blocks": args["blocks"]} if args.get("blocks") else {})})
        elif not args.get("delete_original"):
            self.show_ephemeral(where.channel, where.user, args)

    # --- modals -------------------------------------------------------------------------------
    def modal_stack(self, user_id: str) -> list[dict]:
        """The modals open for this person, bottom first (copies)."""
        with self._cond:
            return [dict(self.views[view_id]) for view_id in self.modals.get(user_id, []) if view_id in self.views]

    def opened_for(self, user_id: str | None, view_id: str, *, push: bool) -> None:
        """views.open / views.push with a trigger from this person's action."""
        if not user_id:
            return
        stack = self.modals.setdefault(user_id, [])
        if not push:
            stack.clear()
        elif len(stack) >= MAX_STACK:
            raise SlackError("push_limit_reached")
        stack.append(view_id)
        self._changed()

    def close_modal(self, user_id: str, *, everything: bool = False) -> list[dict]:
        """The person closed the top modal (or the whole stack): the views closed, top first."""
        with self._cond:
            stack = self.modals.get(user_id, [])
            gone = stack[:] if everything else stack[-1:]
            del stack[len(stack) - len(gone):]
            self._changed()
            return [dict(self.views[view_id]) for view_id in reversed(gone) if view_id in self.views]

    def answer_submission(self: FakeSlack, user_id: str, view_id: str, answer: dict | None) -> dict | None:
        """What Slack does with the app's answer to a view submission. Returns the errors to show under
        the fields (None when the modal closed or changed); raises SlackError(TROUBLE) for an answer
        Slack cannot use."""
        answer = answer or {}
        action = answer.get("response_action")
        with self._cond:
            stack = self.modals.get(user_id, [])
            if view_id not in stack:
                return None
            if action == "errors":
                errors = answer.get("errors")
                if not isinstance(errors, dict) or not errors:
                    raise SlackError(TROUBLE)
                return {str(k): str(v) for k, v in errors.items()}
            if action in ("update", "push"):
                view = answer.get("view")
                try:
                    check_view(view)
                except SlackError:
                    raise SlackError(TROUBLE) from None
                stored = store_view(self, view, view_id if action == "update" else None)["view"]
                if action == "push":
                    self.opened_for(user_id, stored["id"], push=True)
                self._changed()
                return None
            if action == "clear":
                stack.clear()
            elif action in (None, ""):
                stack.remove(view_id)
            else:
                raise SlackError(TROUBLE)
            self._changed()
            return None
