"""Finding records: `/qms mine`, `/qms nc NC-12` and the Home tab."""
import json

from tests.support.fixtures import MANAGER


def lines(blocks: list[dict]) -> str:
    return json.dumps(blocks)


def three_records(nc_flow) -> tuple[str, str, str]:
    """NC-1 Alice's, with Bob owning it in action; NC-2 Alice's, waiting for verification; NC-3 Carol's, open."""
    first = nc_flow.report(title="Wrong drawing")
    nc_flow.move_to(first, "action")
    second = nc_flow.report(title="Late invoice")
    nc_flow.move_to(second, "verification")
    third = nc_flow.report(user="U_CAROL", title="<!channel> broken jig")
    return first, second, third


def test_mine_lists_the_callers_open_records_with_links_to_their_cards_privately(nc_flow):
    first, second, third = three_records(nc_flow)
    nc_flow.move_to(nc_flow.report(title="Already closed"), "closed")
    body = nc_flow.slack.command("mine", user="U_ALICE").json()
    assert body["response_type"] == "ephemeral"
    text = lines(body["blocks"])
    assert "Wrong drawing" in text and "Late invoice" in text
    assert "broken jig" not in text and "Already closed" not in text
    card = nc_flow.saved(first)
    assert f"<{card.permalink}|{first}>" in text and card.permalink.startswith("https://example.slack.com/")

    carol = lines(nc_flow.slack.command("mine", user="U_CAROL").json()["blocks"])
    assert "&lt;!channel&gt; broken jig" in carol and "<!channel>" not in carol


def test_mine_shows_what_waits_on_the_owner_and_on_managers(nc_flow):
    first, second, _ = three_records(nc_flow)
    bob = nc_flow.slack.command("mine", user="U_BOB").json()["blocks"]
    waiting, owned = split(bob)
    assert first in waiting and second not in waiting  # Bob marks NC-1 done; NC-2 waits for a manager
    assert first in owned and second in owned
    manager = split(nc_flow.slack.command("mine", user=MANAGER).json()["blocks"])[0]
    assert second in manager and first not in manager


def split(blocks: list[dict]) -> tuple[str, str]:
    """(waiting-on-you section, your-open-records section) as text."""
    text = lines(blocks)
    at = text.index("Your open nonconformances")
    return text[:at], text[at:]


def test_mine_with_nothing_open_says_so(nc_flow):
    body = nc_flow.slack.command("mine", user="U_CAROL").json()
    assert "You have no open nonconformances" in lines(body["blocks"])


def test_qms_nc_with_an_id_shows_the_record_privately(nc_flow):
    record_id = nc_flow.report(title="<https://evil.example|bank> form")
    for command, text in (("/qms", f"nc {record_id}"), ("/qms", f"nc {record_id.lower()}"), ("/nc", record_id)):
        body = nc_flow.slack.command(text, user="U_CAROL", command=command).json()
        assert body["response_type"] == "ephemeral"
        shown = lines(body["blocks"])
        assert record_id in shown and "&lt;https://evil.example|bank&gt; form" in shown and "Open its card" in shown
        assert '"actions"' not in shown  # read-only; the card is where people act
    assert not nc_flow.fake.calls_to("views.open")[1:]  # no modal for a lookup


def test_qms_nc_with_an_unknown_id_answers_clearly(nc_flow):
    body = nc_flow.slack.command("nc NC-99", user="U_ALICE").json()
    assert body["response_type"] == "ephemeral" and "cannot find NC-99" in body["text"]


def test_the_home_tab_lists_open_records_and_what_waits_on_the_user(nc_flow):
    first, second, _ = three_records(nc_flow)
    nc_flow.slack.event({"type": "app_home_opened", "user": "U_BOB", "channel": "D1", "tab": "home"})
    view = nc_flow.fake.ok_calls("views.publish")[-1].args["view"]
    assert view["type"] == "home"
    waiting, owned = split(view["blocks"])
    assert first in waiting and second not in waiting and second in owned
    nc_flow.slack.event({"type": "app_home_opened", "user": MANAGER, "channel": "D2", "tab": "home"})
    manager = split(nc_flow.fake.ok_calls("views.publish")[-1].args["view"]["blocks"])[0]
    assert second in manager
