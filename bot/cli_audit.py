"""`trellis audit verify` and `trellis audit witness` (registered by bot/cli.py)."""
from __future__ import annotations

from collections.abc import Callable

import typer

from bot.config import Settings, load_settings, require, workspace_defaults
from bot.db import SessionFactory, make_engine, make_session_factory, ping, snapshot

audit_cli = typer.Typer(no_args_is_help=True, help="The audit trail.")
TEAM_OPTION = typer.Option(None, "--team", help="Workspace (team id); default: every one.")


def _guarded(action: Callable[[], int | None]) -> None:
    from bot.cli import guarded  # bot.cli imports this module to register it

    guarded(action)


def _sessions(settings: Settings) -> SessionFactory:
    engine = make_engine(settings.database_url)
    ping(engine)
    return make_session_factory(engine, audit_key=settings.audit_key)


def _client(settings: Settings):
    from bot.slack import make_client

    return make_client(settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10, retries=1)


@audit_cli.command("verify")
def audit_verify(team: str = TEAM_OPTION) -> None:
    """Re-walk the audit chain, check the heads witnessed in Slack, replay every record; exit 1 naming the
    first broken record."""
    from bot.audit_elsewhere import process_walker
    from bot.qms import audit, workspaces
    from bot.qms.audit.witness import witness_channels

    def action():
        settings = load_settings()
        sessions = _sessions(settings)
        with sessions.reads() as session:
            teams = [team] if team else audit.team_ids(session)
            places = {team_id: [c for c in dict.fromkeys([
                workspaces.settings_for(session, team_id=team_id, defaults=workspace_defaults(settings)).review_channel,
                *witness_channels(session, team_id=team_id)]) if c] for team_id in teams}
        if not teams:
            typer.echo("no audit events or records yet")
            return 0
        broken = False
        for team_id in teams:
            witnessed, note = _witnessed(settings, team_id, places[team_id])
            with snapshot(sessions) as session:  # one moment, read-only: never waits for (or holds up) the bot
                verdict = audit.verify(session, team_id=team_id, witnessed=witnessed,
                                       walker=process_walker(settings.database_url))
            typer.echo(describe(verdict, note))
            broken = broken or not verdict.ok
        return 1 if broken else 0

    _guarded(action)


def _witnessed(settings: Settings, team_id: str, channels: list[str]) -> tuple[list, str | None]:
    """The heads Slack witnessed, or why they could not be read."""
    from bot.witnesses import Unreachable, read_witnessed

    if not settings.slack_bot_token:
        return [], "witnessed heads not checked: SLACK_BOT_TOKEN is not set"
    if not channels:
        return [], "no channel to find witnessed heads in"
    try:
        found, notes = read_witnessed(_client(settings), team_id=team_id, channels=channels)
    except Unreachable as exc:
        return [], f"witnessed heads not checked: {exc}"
    return found, "; ".join(notes) or None


def describe(verdict, note: str | None = None) -> str:
    """One line per workspace: what `verify` found, and the figures the workbook's Summary repeats."""
    if not verdict.ok:
        where = f"event {verdict.broken_seq} {verdict.broken_record}" if verdict.broken_seq else verdict.broken_record
        return f"{verdict.team_id}: BROKEN at {where}: {verdict.reason}"
    if verdict.keyed:
        keyed = "keyed (HMAC-SHA256)" + (f" from event {verdict.keyed_from}" if verdict.keyed_from > 1 else "")
    else:
        keyed = "unkeyed (plain SHA-256: set TRELLIS_AUDIT_KEY to key new events)"
    witnesses = note or (f"{verdict.witnessed} witnessed heads still on the chain" if verdict.witnessed
                         else "no witnessed heads in Slack yet")
    return (f"{verdict.team_id}: {verdict.checked} events, chain intact; {verdict.replayed} records match their "
            f"trail; head {verdict.head_seq} {verdict.head_hash}; {keyed}; {witnesses}")


@audit_cli.command("witness")
def audit_witness(team: str = TEAM_OPTION) -> None:
    """Post the chain's head to the review (digest) channel now, as Slack message metadata."""
    from bot.messages.audit import post_head
    from bot.outbox.delivery import deliver_due
    from bot.qms import audit, workspaces
    from bot.qms.audit.witness import HASH, SEQ
    from bot.slack import single_workspace
    from models import OutboxMessage
    from models.types import utcnow

    def action():
        settings = load_settings()
        require(settings, "slack_bot_token")
        sessions = _sessions(settings)
        with sessions.reads() as session:
            teams = [team] if team else audit.team_ids(session)
        if not teams:
            typer.echo("no audit events or records yet: nothing to witness")
            return 0
        posts, failed = {}, False
        for team_id in teams:
            with sessions.begin() as session:
                channel = workspaces.settings_for(session, team_id=team_id,
                                                  defaults=workspace_defaults(settings)).review_channel
                if not channel:
                    typer.echo(f"{team_id}: no digest channel: set TRELLIS_DIGEST_CHANNEL or choose one in "
                               "/qms settings")
                    failed = True
                    continue
                payload = audit.witness(session, team_id=team_id, channel=channel, actor=None, now=utcnow())
                post = post_head(session, team_id=team_id, channel=channel, payload=payload, now=utcnow())
                session.flush()
                posts[team_id] = (post.id, channel, payload)
        deliver_due(sessions, single_workspace(_client(settings)), now=utcnow())
        with sessions.reads() as session:
            for team_id, (row_id, channel, payload) in posts.items():
                row = session.get(OutboxMessage, row_id)
                head = f"head {payload[SEQ]} {payload[HASH]}"
                if row.status == "delivered":
                    typer.echo(f"{team_id}: witnessed {head} in {channel}")
                else:
                    typer.echo(f"{team_id}: {head} queued for {channel} but not posted yet "
                               f"({row.last_error or 'Slack did not answer'}); a running Trellis retries it")
                    failed = True
        return 1 if failed else 0

    _guarded(action)
