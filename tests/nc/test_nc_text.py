"""User text in Slack: escaped wherever it is shown, cut to Block Kit's limits for display, stored in full."""
import json
import re

import pytest
from sqlalchemy import func, select

from bot.blocks.evidence import METADATA_MAX
from bot.sandbox.slack.blockkit import message_errors
from models import Nonconformance, OutboxMessage
from tests.support.nc import text_of

EVIL = "<!channel> <@U_EVIL> <https://evil.example|bank> & <!here>"
ESCAPED = "&lt;!channel&gt; &lt;@U_EVIL&gt; &lt;https://evil.example|bank&gt; &amp; &lt;!here&gt;"
RAW = ("<!channel>", "<@U_EVIL>", "<https://evil", "<!here>")
EVERY_TEXT = {"investigate": {"correction": EVIL}, "done": {"done_summary": EVIL},
              "plan": {**{f"why{n}": EVIL for n in range(1, 6)}, "corrective_action": EVIL},
              "not_effective": {"not_effective_reason": EVIL}, "verify": {"effectiveness": EVIL}}


def shown_to_people(fake) -> list[str]:
    """Every message Trellis sent and every non-input block of every view it opened or published."""
    sent = [json.dumps(call.args) for method in ("chat.postMessage", "chat.update") for call in fake.calls_to(method)]
    views = [call.args["view"] for method in ("views.open", "views.update", "views.publish")
             for call in fake.calls_to(method)]
    return sent + [json.dumps([b for b in view["blocks"] if b["type"] != "input"]) for view in views]


def assert_inert(*texts: str) -> None:
    for text in texts:
        for raw in RAW:
            assert raw not in text, (raw, text[:300])


def test_every_user_text_is_escaped_on_the_card_in_the_thread_and_in_private_answers(nc_flow, directory):
    message = {"type": "message", "ts": "1700000000.000100", "user": "U_BOB",
               "text": "<!channel> see <@U_EVIL> &amp; pay"}  # as Slack sends it
    nc_flow.slack.message_shortcut("log_nonconformance", user="U_ALICE", channel="C_SALES", message=message)
    directory.drain()
    response = nc_flow.submit_report(nc_flow.slack.last_view(), title=EVIL, description=EVIL, customer=EVIL)
    assert response.content in (b"", b"{}")
    nc_flow.slack.flush()
    for step in ("investigate", "plan"):
        assert nc_flow.take("NC-1", step, **EVERY_TEXT[step]).content in (b"", b"{}")
    nc_flow.slack.flush()
    nc_flow.slack.event({"type": "app_home_opened", "user": "U_BOB", "channel": "D1", "tab": "home"})
    private = [nc_flow.slack.command("mine", user=user).content.decode() for user in ("U_ALICE", "U_BOB")]
    home = json.dumps(nc_flow.fake.ok_calls("views.publish")[-1].args["view"])
    assert all("&lt;!channel&gt;" in shown for shown in (*private, home))
    for step in ("done", "not_effective", "done", "verify"):
        assert nc_flow.take("NC-1", step, **EVERY_TEXT[step]).content in (b"", b"{}")
    nc_flow.report(title=EVIL)
    assert nc_flow.take("NC-2", "reject", rejection_reason=EVIL).content in (b"", b"{}")
    nc_flow.slack.flush()
    private += [nc_flow.slack.command(f"nc {rid}", user="U_CAROL").content.decode() for rid in ("NC-1", "NC-2")]

    assert_inert(*shown_to_people(nc_flow.fake), *private)
    card = text_of(nc_flow.card("NC-1"))
    # title, description, customer, correction, five whys, corrective action, what was done,
    # not-effective reason, effectiveness; and the title in the notification text
    assert card.count(ESCAPED) == 3 + 1 + 5 + 4 + 1 and card.count(f". {ESCAPED}") == 5
    assert "@channel see @U_EVIL &amp; pay" in card  # the evidence, as Slack shows it, harmless
    assert ESCAPED in text_of(nc_flow.card("NC-2")) and ESCAPED in private[-1]
    assert nc_flow.stored("NC-1").source_text == message["text"]  # evidence kept exactly as Slack had it
    assert nc_flow.stored("NC-2").rejection_reason == EVIL and nc_flow.stored("NC-1").root_cause == [EVIL] * 5


def test_a_150_character_title_and_3000_character_texts_fit_block_kit_and_are_stored_in_full(
        nc_flow, session_factory):
    title, description = "<&>" * 50, "&" * 3000
    record_id = nc_flow.report(title=title, description=description, customer=">" * 200)
    long_answers = {"investigate": {"correction": "<" * 3000},
                    "plan": {**{f"why{n}": "&" * 500 for n in range(1, 6)}, "corrective_action": ">" * 3000},
                    "done": {"done_summary": "&" * 3000}, "not_effective": {"not_effective_reason": "<" * 3000},
                    "verify": {"effectiveness": "&<" * 1500}}
    for step in ("investigate", "plan", "done", "not_effective", "done", "verify"):
        assert nc_flow.take(record_id, step, **long_answers[step]).content in (b"", b"{}")
        nc_flow.slack.flush()
    nc_flow.slack.event({"type": "app_home_opened", "user": "U_ALICE", "channel": "D1", "tab": "home"})
    # The fake rejects what Slack rejects: every post, update, modal and Home tab went through.
    for method in ("chat.postMessage", "chat.update", "views.open", "views.publish"):
        assert nc_flow.fake.calls_to(method) and all(call.ok for call in nc_flow.fake.calls_to(method)), method
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status != "delivered")) == 0
    card = nc_flow.card(record_id)
    assert card["blocks"][0]["text"]["text"] == f"*{record_id}* · {'&lt;&amp;&gt;' * 50}"  # all of it
    shown = json.dumps(card["blocks"], ensure_ascii=False)
    assert shown.count("…") == 6 + 5  # the six long texts and five whys are cut for display...
    assert not re.search(r"&[a-z]*…", shown)  # ...never inside an entity
    record = nc_flow.stored(record_id)  # ...and kept in full
    assert (record.title, record.description, record.customer) == (title, description, ">" * 200)
    assert record.effectiveness == "&<" * 1500 and record.root_cause == ["&" * 500] * 5
    answer = nc_flow.slack.command(f"nc {record_id}", user="U_ALICE").json()
    assert message_errors(answer["blocks"]) == []
    nc_flow.report(title=title, description=description)
    mine = nc_flow.slack.command("mine", user="U_ALICE").json()
    assert message_errors(mine["blocks"]) == [] and "&lt;&amp;&gt;" in json.dumps(mine["blocks"])


@pytest.mark.parametrize("field", ["description", "customer"])
def test_report_text_over_its_limit_is_a_modal_error(nc_flow, session_factory, field):
    body = nc_flow.submit_report(nc_flow.open_report(), **{field: "x" * 3001}).json()
    assert body["response_action"] == "errors" and set(body["errors"]) == {field}
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Nonconformance)) == 0


def test_a_step_answer_over_3000_characters_is_a_modal_error(nc_flow):
    record_id = nc_flow.report()
    body = nc_flow.take(record_id, "investigate", correction="x" * 3001).json()
    assert body["response_action"] == "errors" and "3000" in body["errors"]["correction"]
    assert nc_flow.stored(record_id).status == "open"


def input_value(view: dict, block_id: str):
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)["element"].get("initial_value")


def test_the_command_text_is_prefilled_as_typed_and_long_text_also_goes_to_the_description(nc_flow):
    view = nc_flow.open_report("Rev B &amp; C &lt;draft&gt; sent")  # Slack escapes &, <, > in command text
    assert input_value(view, "title") == "Rev B & C <draft> sent" and input_value(view, "description") is None
    long = "word " * 80
    view = nc_flow.open_report(long)
    assert len(input_value(view, "title")) == 150 and input_value(view, "description") == long.strip()


def test_a_very_long_message_still_opens_the_modal_and_keeps_what_fits_as_evidence(nc_flow):
    text = "Acme is unhappy\n" + "é and more detail " * 300  # 5000+ characters, non-ASCII too
    nc_flow.slack.message_shortcut("log_nonconformance", user="U_ALICE", channel="C_SALES",
                                   message={"type": "message", "ts": "1700000000.000200", "user": "U_BOB",
                                            "text": text})
    assert all(call.ok for call in nc_flow.fake.calls_to("views.open"))
    view = nc_flow.slack.last_view()
    assert input_value(view, "title") == "Acme is unhappy" and len(input_value(view, "description")) == 3000
    assert len(view["private_metadata"]) <= METADATA_MAX
    assert nc_flow.submit_report(view).content in (b"", b"{}")
    kept = nc_flow.stored("NC-1").source_text
    assert text.startswith(kept) and len(kept) > 400


def test_a_quoted_message_shows_as_slack_shows_it(nc_flow, directory):
    """Links, channels and entities stay Slack's own; mentions become names; nothing broadcasts."""
    text = ("Ask <@U_CAROL> about <https://drive.example/f|the drive> in <#C_SALES|sales> &amp; "
            "<!here> <!subteam^S1|@devs> 5 &lt; 7")
    nc_flow.slack.message_shortcut("log_nonconformance", user="U_ALICE", channel="C_SALES",
                                   message={"type": "message", "ts": "1700000000.000900", "user": "U_BOB",
                                            "text": text})
    view = nc_flow.slack.last_view()
    title = next(b for b in view["blocks"] if b.get("block_id") == "title")["element"]["initial_value"]
    assert title == "Ask @U_CAROL about the drive (https://drive.example/f) in #sales & @here @devs 5 < 7"
    directory.drain()
    assert nc_flow.submit_report(view, title="Drive link").content in (b"", b"{}")
    nc_flow.slack.flush()
    card = text_of(nc_flow.card("NC-1"))
    assert ("Ask @carol about <https://drive.example/f|the drive> in <#C_SALES|sales> &amp; @here @devs "
            "5 &lt; 7") in card
    assert "<!here>" not in card and "<@U_CAROL>" not in card and "&amp;amp;" not in card
