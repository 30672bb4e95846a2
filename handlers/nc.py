"""Reporting nonconformances: `/qms nc`, `/nc`, the two shortcuts and the report modal.

The modal opens first (a trigger lives 3 s); the workspace's own process list
and the source message's permalink are fetched after it is open.
"""
from __future__ import annotations


from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.nc_card import nc_summary
from bot.blocks.evidence import read_source, source_metadata
from bot.blocks.nc_modals import read_report, report_modal
from bot.blocks.text import as_typed, escape
from bot.qms import listing, nc, workspaces
from bot.qms.counters import parse_id
from handlers.common import first_delivery, services, shortcut_source, team_id_of, user_id_of, with_permalink, workspace_settings
from handlers.nc_cards import queue_new_card

def report_command(*, ack: Ack, command: dict, text: str, client: WebClient, context, **_) -> None:
    """`/qms nc [text]` and `/nc [text]`: an NC id shows that record, anything else opens the report."""
    parsed = parse_id(text)
    if parsed and parsed[0] == "nc":
        ack(**record_answer(context, team_id=command["team_id"], record_id=text.strip().upper()))
        return
    ack()
    open_report(client, context, team_id=command["team_id"], trigger_id=command["trigger_id"],
                **prefill(text, describe=False))


def log_from_message(ack: Ack, shortcut: dict, client: WebClient, context) -> None:
    """Message shortcut: the report prefilled from the message, which is kept as evidence."""
    ack()
    source = shortcut_source(shortcut)
    open_report(client, context, team_id=team_id_of(shortcut), trigger_id=shortcut["trigger_id"],
                metadata=source_metadata(source), **prefill(source.text, describe=True))


def new_from_shortcut(ack: Ack, shortcut: dict, client: WebClient, context) -> None:
    ack()
    open_report(client, context, team_id=team_id_of(shortcut), trigger_id=shortcut["trigger_id"])


def prefill(slack_text: str | None, *, describe: bool) -> dict:
    """The report's title (the first line) and description from text Slack sent (which it escapes).
    A command's text goes to the description too when it does not fit the title."""
    text = as_typed(slack_text).strip()
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return {"title": title, "description": text if describe or title != text or len(title) > nc.TITLE_MAX else ""}


def open_report(client: WebClient, context, *, team_id: str, trigger_id: str, **prefilled) -> None:
    svc = services(context)
    opened = client.views_open(trigger_id=trigger_id, view=report_modal(processes=svc.defaults.processes,
                                                                        **prefilled))["view"]
    processes = workspace_settings(svc, team_id).processes
    if tuple(processes) == tuple(svc.defaults.processes):
        return
    try:  # the hash makes Slack refuse if the person already changed the view
        client.views_update(view_id=opened["id"], hash=opened["hash"],
                            view=report_modal(processes=processes, **prefilled))
    except SlackApiError as exc:
        if exc.response.get("error") != "hash_conflict":
            raise


def save_report(ack: Ack, body: dict, view: dict, client: WebClient, context) -> None:
    svc = services(context)
    team_id, user_id, now = team_id_of(body), user_id_of(body), svc.now()
    answers = read_report(view["state"]["values"])
    errors = nc.check_report(answers)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    evidence = with_permalink(client, read_source(view.get("private_metadata")))
    with svc.session_factory.begin() as session:
        # Slack may deliver the same submission again: only its first delivery creates a record.
        if first_delivery(session, body, now=now):
            record = nc.report(session, team_id=team_id, reporter=user_id, answers=answers, evidence=evidence,
                               now=now)
            settings = workspaces.settings_for(session, team_id=team_id, defaults=svc.defaults)
            queue_new_card(session, record, channel=settings.quality_channel, now=now)
    ack()


def record_answer(context, *, team_id: str, record_id: str) -> dict:
    svc = services(context)
    with svc.session_factory() as session:
        record = nc.get(session, team_id=team_id, record_id=record_id)
        link = listing.card_links(session, team_id=team_id, record_ids=[record_id]).get(record_id)
    if record is None:
        return {"response_type": "ephemeral",
                "text": f"I cannot find {escape(record_id)} in this workspace. `/qms mine` lists your open ones."}
    return nc_summary(record, link)
