"""Trust on the NC path: evidence from a private conversation stays private unless the reporter shows it,
and whoever did the corrective action does not certify it (ISO 9001 10.2.1 d)."""
from __future__ import annotations

import json

from tests.support.fixtures import MANAGER, QUALITY_CHANNEL
from tests.support.nc import refusals, text_of

SECRET = "Salary of <@U_CAROL> is 90k, don't tell <!channel>"


def shortcut_from(nc_flow, channel: str, directory, **answers):
    message = {"type": "message", "ts": "1700000000.000500", "user": "U_BOB", "text": SECRET}
    nc_flow.slack.message_shortcut("log_nonconformance", user="U_ALICE", channel=channel, message=message)
    view = nc_flow.slack.last_view()
    directory.drain()
    assert nc_flow.submit_report(view, title="Pay details leaked", **answers).content in (b"", b"{}")
    nc_flow.slack.flush()
    return view


def everything_posted(fake) -> str:
    return json.dumps([call.args for call in fake.ok_calls("chat.postMessage") + fake.ok_calls("chat.update")
                       if call.args.get("channel") == QUALITY_CHANNEL or call.args.get("channel", "").startswith("C")])


def test_an_nc_from_a_dm_shows_nothing_of_the_dm_on_the_public_card(nc_flow, directory):
    view = shortcut_from(nc_flow, "DU_BOB", directory)
    assert "Show the quoted message on the card" in json.dumps(view["blocks"])  # offered, and previewed
    public = everything_posted(nc_flow.fake)
    for leak in ("90k", "Salary", "U_CAROL", "DU_BOB", "U_BOB", "archives/DU_BOB", "1700000000000500"):
        assert leak not in public, leak
    assert "Logged from a direct message (kept with the record, not shown here)" in text_of(nc_flow.card("NC-1"))
    record = nc_flow.stored("NC-1")
    assert (record.source_text, record.source_channel, record.source_private, record.source_shown) == (
        SECRET, "DU_BOB", True, False)
    assert record.source_permalink  # kept, for people who can open it


def test_a_private_channels_message_is_shown_only_when_the_reporter_ticks_the_box(nc_flow, directory):
    nc_flow.fake.add_channel("C_HR", name="hr", is_private=True)
    shortcut_from(nc_flow, "C_HR", directory, show_quote=["show_quote"])
    card = text_of(nc_flow.card("NC-1"))
    assert "90k" in card and "<!channel>" not in card and "@channel" in card  # shown, never broadcast
    assert nc_flow.stored("NC-1").source_shown is True


def test_a_private_channel_is_private_by_default(nc_flow, directory):
    nc_flow.fake.add_channel("C_HR", name="hr", is_private=True)
    shortcut_from(nc_flow, "C_HR", directory)
    card = text_of(nc_flow.card("NC-1"))
    assert "Logged from a private conversation" in card and "90k" not in card and "C_HR" not in card


def test_an_approval_from_a_dm_keeps_the_dm_private_on_every_copy(flow, directory):
    message = {"type": "message", "ts": "1700000000.000600", "user": "U_BOB", "text": SECRET}
    flow.slack.message_shortcut("request_approval", user="U_ALICE", channel="DU_BOB", message=message)
    view = flow.slack.last_view()
    directory.drain()
    assert flow.ask(view=view, title="Raise for Carol").content in (b"", b"{}")
    flow.slack.flush()
    for copy in (flow.posts_to(QUALITY_CHANNEL)[0], flow.posts_to("U_MANAGER")[0], flow.updates_of("APR-1")[-1]):
        shown = json.dumps(copy)
        assert "90k" not in shown and "DU_BOB" not in shown and "from a direct message" in shown


def test_the_manager_who_marked_it_done_is_refused_as_its_verifier(make, nc_flow):
    record_id = make.nc("action")
    assert nc_flow.take(record_id, "done", user=MANAGER).content in (b"", b"{}")  # on the owner's behalf
    assert nc_flow.stored(record_id).done_by == MANAGER
    mine = json.dumps(nc_flow.slack.command("mine", user=MANAGER).json())
    assert "waiting on you" in mine.lower() and record_id not in mine.split("Your open")[0]
    nc_flow.click(record_id, "verify", user=MANAGER)
    assert "you cannot verify it yourself" in refusals(nc_flow.slack)[-1]
    assert nc_flow.stored(record_id).status == "verification"
    assert nc_flow.take(record_id, "verify", user="U_ADMIN").content in (b"", b"{}")
    assert nc_flow.stored(record_id).status == "closed"


def test_not_effective_forgets_who_marked_it_done(make, nc_flow):
    record_id = make.nc("verification")
    assert nc_flow.stored(record_id).done_by == "U_BOB"
    assert nc_flow.take(record_id, "not_effective").content in (b"", b"{}")
    assert nc_flow.stored(record_id).done_by is None
