"""What a person does on the page, turned into what Slack does: a message posted (its event goes to
the app), a slash command, a click, a modal submitted or closed, a shortcut, the Home tab opened.
Each sends Slack's own payload through Inbound and reads the app's answer as Slack reads it.

Every function returns what the page should tell the person (`notice`), in Slack's words.
"""
from __future__ import annotations

import re
import threading

from bot.sandbox import answers, workspace
from bot.sandbox.manifest import surface
from bot.sandbox.slack.clients import TROUBLE
from bot.sandbox.slack.replies import ImpossibleInSlack, SlackError
from bot.sandbox.slack.targets import Unreachable


class Refused(Exception):
    """Something a person cannot do in Slack (the page should not have offered it)."""


class People:
    def __init__(self, sandbox):
        self.sandbox, self.fake = sandbox, sandbox.fake
        self._submitting: set[str] = set()
        self._lock = threading.Lock()

    @property
    def inbound(self):
        return self.sandbox.inbound

    def _check(self, user: str, channel: str | None = None) -> workspace.Person:
        person = workspace.person(user)
        if person is None:
            raise Refused(f"{user} is not someone in this workspace")
        if channel is not None and not workspace.may_see(user, channel):
            raise Refused(f"{person.real_name} is not in that conversation")
        return person

    # --- the composer ---------------------------------------------------------------------------
    def say(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> dict:
        self._check(user, channel)
        text = text.strip()
        if not text:
            return {}
        if text.startswith("/"):
            return self.command(user, channel, text, in_thread=bool(thread_ts))
        try:
            self.fake.post_as(user, channel, as_slack_text(text), thread_ts=thread_ts or None)
        except ImpossibleInSlack as exc:
            return {"notice": str(exc).split(": ", 1)[-1]}
        return {}

    def command(self, user: str, channel: str, text: str, *, in_thread: bool = False) -> dict:
        person = self._check(user, channel)
        name, _, rest = text.partition(" ")
        known = surface().command(name)
        if known is None or person.client:  # an app's commands are offered to its own workspace's people
            return {"notice": f"{name} is not a valid command. In Slack, all messages that start with the "
                              "“/” character are interpreted as commands."}
        if in_thread:
            return {"notice": f"{name} can’t be used in threads: Slack runs an app’s commands in the channel."}
        try:
            answer = self.inbound.command(rest.strip(), user=user, command=name, channel=channel)
        except Unreachable:
            return {"notice": answers.command_failed(name, "dispatch_failed")}
        problem = answers.command_problem(name, answer)
        if problem:
            return {"notice": problem}
        answers.show_command_answer(self.fake, user, channel, answer)
        return {}

    # --- clicks -------------------------------------------------------------------------------
    def click(self, user: str, *, block_id: str, action_id: str, value=None, channel: str | None = None,
              ts: str | None = None, view_id: str | None = None) -> dict:
        self._check(user, channel)
        if view_id:
            view = self._open_view(user, view_id)
            element = answers.find_element(view.get("blocks", []), block_id, action_id)
            action = answers.action_of(element, block_id, value)
            view = {**view, "state": {"values": answers.state_values(view, {})}}
            return answers.interaction(lambda: self.inbound.view_action(view, action, user=user))
        message = self._message(user, channel, ts)
        element = answers.find_element(message.get("blocks", []), block_id, action_id)
        action = answers.action_of(element, block_id, value)
        extra = {k: v for k, v in action.items() if k not in ("action_id", "block_id", "type", "value", "text")}
        return answers.interaction(lambda: self.inbound.click(
            action_id, action.get("value"), user=user, channel=channel, message_ts=ts, message=message,
            block_id=block_id, action_type=action["type"], extra=extra or None,
            **({"selected_option": action["selected_option"]} if "selected_option" in action else {})))

    def message_shortcut(self, user: str, callback_id: str, channel: str, ts: str) -> dict:
        self._check(user, channel)
        if not any(s.callback_id == callback_id for s in surface().shortcuts_of("message")):
            raise Refused(f"{callback_id} is not one of the app's message shortcuts")
        message = self._message(user, channel, ts)
        return answers.interaction(lambda: self.inbound.message_shortcut(callback_id, user=user, channel=channel,
                                                                         message=message))

    def global_shortcut(self, user: str, callback_id: str) -> dict:
        self._check(user)
        if not any(s.callback_id == callback_id for s in surface().shortcuts_of("global")):
            raise Refused(f"{callback_id} is not one of the app's global shortcuts")
        return answers.interaction(lambda: self.inbound.global_shortcut(callback_id, user=user))

    # --- modals ---------------------------------------------------------------------------------
    def submit(self, user: str, view_id: str, raw: dict) -> dict:
        """The Submit button: once per view at a time, as Slack's client greys it out while it waits."""
        self._check(user)
        view = self._open_view(user, view_id)
        with self._lock:
            if view_id in self._submitting:
                return {"busy": True}
            self._submitting.add(view_id)
        try:
            values = answers.state_values(view, raw)
            try:
                answer = self.inbound.submit(view, user=user, values=values)
            except Unreachable:
                return {"trouble": TROUBLE}
            if answer.late or answer.status_code != 200:
                return {"trouble": TROUBLE}
            try:
                errors = self.fake.answer_submission(user, view_id, answers.body_json(answer))
            except SlackError:
                return {"trouble": TROUBLE}
            return {"errors": errors} if errors else {}
        finally:
            with self._lock:
                self._submitting.discard(view_id)

    def suggest(self, user: str, view_id: str, action_id: str, typed: str) -> dict:
        """Typing into an external select: Slack asks the app (block_suggestion) and offers what it answers."""
        self._check(user)
        view = self._open_view(user, view_id)
        try:
            answer = self.inbound.suggest(view, action_id, typed, user=user)
        except Unreachable:
            return {"options": [], "notice": TROUBLE}
        body = answers.body_json(answer) if not answer.late and answer.status_code == 200 else None
        if body is None:  # Slack's own words when the app gives it nothing to show
            return {"options": [], "notice": "We had some trouble loading options. Try again?"}
        groups = body.get("option_groups") or [{"options": body.get("options") or []}]
        return {"options": [option for group in groups for option in group.get("options", [])]}

    def close(self, user: str, *, everything: bool = False) -> dict:
        self._check(user)
        self.fake.close_modal(user, everything=everything)
        return {}

    def fresh_client(self, user: str) -> None:
        """A page (re)loaded as this person: like a Slack client restarting, no modal is open any more."""
        self._check(user)
        self.fake.close_modal(user, everything=True)

    # --- the Home tab ---------------------------------------------------------------------------
    def open_home(self, user: str) -> dict:
        person = self._check(user)
        if person.client:
            raise Refused("people from another organisation do not get Trellis's Home tab")
        home = self.fake.home_views.get(user)
        event = {"type": "app_home_opened", "user": user, "channel": self.fake.dm_of(user), "tab": "home",
                 **({"view": dict(home)} if home else {})}
        self.inbound.deliver(event, wait=False)  # Slack sends the event and shows the tab as it is meanwhile
        return {}

    # --- lookups --------------------------------------------------------------------------------
    def _message(self, user: str, channel: str | None, ts: str | None) -> dict:
        if not channel or not ts:
            raise Refused("which message?")
        with self.fake._cond:
            found = next((m for m in self.fake.messages.get(channel, []) if m["ts"] == ts), None) or next(
                (m for m in self.fake.ephemerals_for(channel, user) if m["ts"] == ts), None)
        if found is None:
            raise Refused("that message is gone")
        return dict(found)

    def _open_view(self, user: str, view_id: str) -> dict:
        view = next((v for v in self.fake.modal_stack(user) if v["id"] == view_id), None)
        if view is None:
            home = self.fake.home_views.get(user)
            if home is not None and home["id"] == view_id:
                return dict(home)
            raise Refused("That form is no longer open.")
        return view


MENTION = re.compile(r"(?<![\w<])@([a-z][\w.-]*)", re.IGNORECASE)
CHANNEL = re.compile(r"(?<![\w<])#([a-z0-9][\w-]*)", re.IGNORECASE)


def as_slack_text(typed: str) -> str:
    """What Slack stores for what a person typed: `&`, `<`, `>` as entities, @names and #channels as markup."""
    text = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    names = {p.name.lower(): p.user_id for p in workspace.PEOPLE}
    channels = {name: channel_id for channel_id, (name, _m, _t) in workspace.CHANNELS.items()}
    text = MENTION.sub(lambda m: f"<@{names[m.group(1).lower()]}>" if m.group(1).lower() in names else m.group(0),
                       text)
    return CHANNEL.sub(lambda m: f"<#{channels[m.group(1).lower()]}|{m.group(1).lower()}>"
                       if m.group(1).lower() in channels else m.group(0), text)
