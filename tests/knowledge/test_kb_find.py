"""`/qms kb` in Slack: private answers, "More", nothing found, an empty query, hostile and long queries."""
from __future__ import annotations

import json

from bot.blocks import ids
from tests.knowledge.seed import entry
from tests.support.nc import text_of


def more_button(answer: dict) -> dict | None:
    return next((element for block in answer.get("blocks", []) if block["type"] == "actions"
                 for element in block["elements"] if element["action_id"] == ids.KB_MORE), None)


def test_the_answer_is_private_with_the_top_five_and_more(kb_flow, session_factory):
    for number in range(7):
        entry(session_factory, f"Deploy step {number}", "How we deploy the API to production.")
    answer = kb_flow.search("deploy")
    assert answer["response_type"] == "ephemeral"
    assert [f"KB-{n}" in text_of(answer) for n in range(1, 8)].count(True) == 5
    assert "*deploy*" in text_of(answer).lower() and "Owner <@U_ALICE>" in text_of(answer)
    button = more_button(answer)
    assert json.loads(button["value"]) == {"q": "deploy", "o": 5} and len(button["value"]) <= 2000

    clicked = kb_flow.slack.click(ids.KB_MORE, button["value"], user="U_ALICE", channel="C_GENERAL",
                                  message_ts="1700000000.000900")
    assert clicked.status_code == 200
    second = kb_flow.slack.responses()[-1]
    assert second["replace_original"] is True and "6–7" in second["blocks"][0]["elements"][0]["text"]
    assert more_button(second) is None


def test_nothing_found_offers_to_save_something(kb_flow):
    answer = kb_flow.search("kubernetes")
    assert "Nothing in the knowledge base matches *kubernetes*" in text_of(answer)
    assert ids.KB_NEW in text_of(answer)
    kb_flow.slack.click(ids.KB_NEW, "new", user="U_ALICE", channel="C_GENERAL", message_ts="1700000000.000901")
    assert kb_flow.slack.last_view()["callback_id"] == ids.KB_SAVE


def test_an_empty_query_lists_the_newest_and_your_own_due_for_review(kb_flow, session_factory):
    old = entry(session_factory, "Old VPN notes", owner="U_ALICE", days_ago=200)
    new = entry(session_factory, "New VPN notes", owner="U_BOB")
    answer = text_of(kb_flow.search(""))
    assert "Newest knowledge" in answer and new in answer and old in answer
    assert answer.index("Yours, due for review") < answer.rindex(old)
    assert "None of your entries is due" in text_of(kb_flow.search("", user="U_BOB"))


def test_hostile_and_long_queries_get_sensible_answers(kb_flow, session_factory):
    entry(session_factory, "The API", "api")
    for hostile in ['"api', "api*", "NEAR(", "-api", "(api))", "') OR 1=1; --", '"""', "*"]:
        answer = kb_flow.search(hostile)
        assert answer["response_type"] == "ephemeral", hostile
    long = kb_flow.search("word " * 1000)
    assert "keep it under 500" in long["text"]


def test_qms_kb_with_an_id_shows_the_entry(kb_flow):
    record_id = kb_flow.save(title="Where the keys are")
    answer = kb_flow.search(record_id)
    assert "Where the keys are" in text_of(answer) and "Open its card" in text_of(answer)
    assert "I cannot find KB-99" in kb_flow.search("KB-99")["text"]
