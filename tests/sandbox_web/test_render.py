"""The Block Kit renderer over every block and element type Trellis emits, and mrkdwn as Slack draws it."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.blocks import help, home, settings
from bot.blocks.approvals.card import approval_card
from bot.blocks.approvals.modals import rejection_modal, request_modal
from bot.blocks.feedback.card import feedback_card
from bot.blocks.feedback.modals import feedback_modal
from bot.blocks.knowledge.card import kb_card
from bot.blocks.knowledge.modals import entry_modal
from bot.blocks.nc.card import nc_card
from bot.blocks.nc.modals import report_modal, step_modal
from bot.blocks.objectives.card import objective_card
from bot.blocks.objectives.modals import objective_modal
from bot.blocks.reminders.dm import reminder_dm
from bot.blocks.reviews.modal import review_modal
from bot.blocks.reviews.summary import action_card
from bot.qms.evidence import SourceMessage
from bot.qms.inputs import Due, ItemRef
from bot.qms.nc.lifecycle import STEPS
from bot.qms.workspaces import WorkspaceSettings
from bot.sandbox import page
from bot.sandbox.render import Viewer, mrkdwn_html, render_blocks
from bot.sandbox.render.blocks import BLOCKS
from bot.sandbox.render.elements import ELEMENTS
from models import ApprovalApprover, ApprovalRequest, Feedback, KnowledgeEntry, Nonconformance, Objective, ReviewAction

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
VIEWER = Viewer("U_ALICE", "America/New_York", NOW, names={"U_BOB": "Bob Stone", "U_ALICE": "Alice"},
                channels={"C_SALES": "sales"}, people=(("U_ALICE", "Alice"), ("U_BOB", "Bob Stone")),
                conversations=(("C_SALES", "#sales"), ("C_QUALITY", "#quality")))


def nc(status: str) -> Nonconformance:
    return Nonconformance(team_id="T1", record_id="NC-12", title="Rev B sent", description="Rev B went out",
                          severity="major", process="Delivery", source="internal", status=status, reporter="U_ALICE",
                          owner="U_BOB", root_cause=["Old folder"], due_date=datetime(2026, 12, 24).date(),
                          created_at=NOW, updated_at=NOW)


def approval(status: str) -> tuple[ApprovalRequest, list[ApprovalApprover]]:
    request = ApprovalRequest(id=1, team_id="T1", record_id="APR-3", title="Mock-up", description="v3",
                              link="https://example.com/x", policy="all", requester="U_ALICE", status=status,
                              card_channel="C_QUALITY", created_at=NOW, updated_at=NOW)
    return request, [ApprovalApprover(request_id=1, user_id="U_BOB", team_id="T1", position=0, name="Bob")]


def everything_trellis_emits() -> list[list[dict]]:
    request, approvers = approval("pending")
    source = SourceMessage(channel="D_ALICE", ts="1.2", author="U_CAROL", text="hi")
    return [nc_card(nc(status))["blocks"] for status in ("open", "verification", "closed")] + [
        approval_card(request, approvers)["blocks"], approval_card(request, approvers, approver=approvers[0])["blocks"],
        report_modal(processes=["Sales"], source=source)["blocks"], request_modal("t")["blocks"],
        rejection_modal(request)["blocks"], settings.settings_modal(WorkspaceSettings())["blocks"],
        home.home_view("U_ALICE")["blocks"], help.help_message()["blocks"],
        *[step_modal(nc(STEPS[name].source), STEPS[name])["blocks"] for name in STEPS]]


def kinds(blocks: list[dict]) -> tuple[set, set]:
    block_types, element_types = set(), set()
    for block in blocks:
        block_types.add(block["type"])
        for element in [*block.get("elements", []), block.get("accessory"), block.get("element")]:
            if isinstance(element, dict) and "action_id" in element or (element or {}).get("type") in ELEMENTS:
                element_types.add(element["type"])
    return block_types, element_types


def test_every_block_and_element_trellis_emits_is_drawn():
    seen_blocks, seen_elements = set(), set()
    for blocks in everything_trellis_emits():
        block_types, element_types = kinds(blocks)
        seen_blocks |= block_types
        seen_elements |= element_types
        assert "bk-unsupported" not in render_blocks(blocks, VIEWER)
    assert seen_blocks <= set(BLOCKS) and seen_elements <= set(ELEMENTS)
    assert {"header", "section", "context", "divider", "actions", "input"} <= seen_blocks
    assert {"button", "static_select", "users_select", "multi_users_select", "conversations_select", "datepicker",
            "checkboxes", "plain_text_input"} <= seen_elements


def test_buttons_keep_their_style_value_and_confirm_dialog():
    request, approvers = approval("pending")
    html = render_blocks(approval_card(request, approvers, approver=approvers[0])["blocks"], VIEWER)
    assert 'class="bk-button primary"' in html and 'class="bk-button danger"' in html
    assert 'data-action-id="approval_approve"' in html and 'data-value="APR-3"' in html
    confirm = json.loads(html.split('data-confirm="')[1].split('"')[0].replace("&quot;", '"'))
    assert confirm["title"]["text"] == "Approve APR-3?"


def opt(text: str, value: str) -> dict:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


ELEMENT_CASES = [
    ({"type": "static_select", "action_id": "s", "options": [opt("A", "a"),
                                                              opt("B", "b")],
      "initial_option": opt("B", "b")}, ['<option value="b" selected>B']),
    ({"type": "users_select", "action_id": "u", "initial_user": "U_BOB"}, ['value="U_BOB" selected>Bob Stone']),
    ({"type": "multi_users_select", "action_id": "m", "initial_users": ["U_BOB"]},
     ['type="checkbox" value="U_BOB" checked', 'value="U_ALICE">']),
    ({"type": "conversations_select", "action_id": "c", "initial_conversation": "C_QUALITY"},
     ['value="C_QUALITY" selected>#quality']),
    ({"type": "channels_select", "action_id": "c"}, ['value="C_SALES">#sales']),
    ({"type": "datepicker", "action_id": "d", "initial_date": "2026-12-24"}, ['type="date" value="2026-12-24"']),
    ({"type": "checkboxes", "action_id": "x", "options": [opt("Yes", "y")],
      "initial_options": [opt("Yes", "y")]}, ['type="checkbox"', "checked"]),
    ({"type": "radio_buttons", "action_id": "r", "options": [opt("One", "1"),
                                                              opt("Two", "2")]},
     ['type="radio"', 'value="2"']),
    ({"type": "plain_text_input", "action_id": "t", "multiline": True, "initial_value": "<b>x</b>"},
     ["<textarea", "&lt;b&gt;x&lt;/b&gt;</textarea>"]),
    ({"type": "plain_text_input", "action_id": "t", "max_length": 150, "placeholder": {"type": "plain_text",
                                                                                       "text": "Say"}},
     ['type="text"', 'maxlength="150"', 'placeholder="Say"']),
    ({"type": "overflow", "action_id": "o", "options": [opt("Edit", "e")]},
     ['<option value="e">Edit']),
]


@pytest.mark.parametrize("element,expected", ELEMENT_CASES, ids=[case[0]["type"] for case in ELEMENT_CASES])
def test_each_element(element, expected):
    html = render_blocks([{"type": "input", "block_id": "f", "label": {"type": "plain_text", "text": "Field"},
                           "element": element, "optional": True}], VIEWER, errors={"f": "Not like that"})
    for piece in expected:
        assert piece in html, html
    assert "(optional)" in html and '<div class="bk-error" role="alert">Not like that</div>' in html


def test_sections_fields_accessory_context_header_divider():
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": "Hello :wave:"}}, {"type": "divider"},
              {"type": "section", "text": {"type": "mrkdwn", "text": "*Hi*"}, "fields": [
                  {"type": "mrkdwn", "text": "_a_"}, {"type": "plain_text", "text": "*b*"}],
               "accessory": {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}},
              {"type": "context", "elements": [{"type": "mrkdwn", "text": "`c`"}, {"type": "image", "image_url": "x",
                                                                                  "alt_text": "logo"}]},
              {"type": "made_up", "elements": []}]
    html = render_blocks(blocks, VIEWER)
    assert '<div class="bk-header">Hello 👋</div>' in html and '<hr class="bk-divider">' in html
    assert "<b>Hi</b>" in html and "<i>a</i>" in html and "*b*" in html  # plain text is never styled
    assert 'class="bk-accessory"' in html and 'data-action-id="go"' in html and "logo" in html
    assert "[a made_up block]" in html


@pytest.mark.parametrize("text,expected", [
    ("*bold* _it_ ~gone~ `co*de*`", '<b>bold</b> <i>it</i> <s>gone</s> <code class="mk-code">co*de*</code>'),
    ("snake_case_word and 2*3*4", "snake_case_word and 2*3*4"),
    ("<https://example.com/a?b=1&amp;c=2|the &lt;doc&gt;>",
     '<a class="mk-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">'
     "the &lt;doc&gt;</a>"),
    ("<javascript:alert(1)|click>", "click"),
    ("<@U_BOB> in <#C_SALES> <!here>", '<span class="mk-mention" data-user="U_BOB">@Bob Stone</span> in '
     '<span class="mk-channel" data-channel="C_SALES">#sales</span> '
     '<span class="mk-mention mk-broadcast">@here</span>'),
    (">quoted\n>twice\nafter", '<blockquote class="mk-quote">quoted<br>twice</blockquote>after'),
    ("```a *b*\nc```", '<pre class="mk-pre">a *b*\nc</pre>'),
    ("&lt;script&gt;alert(1)&lt;/script&gt; <script>", "&lt;script&gt;alert(1)&lt;/script&gt; script"),
    ("*<https://x.io|NC-1>* :white_check_mark:", '<b><a class="mk-link" href="https://x.io" target="_blank" '
     'rel="noopener noreferrer">NC-1</a></b> ✅'),
])
def test_mrkdwn(text, expected):
    assert mrkdwn_html(text, VIEWER) == expected


def test_dates_in_the_viewers_timezone():
    moment = int(datetime(2026, 12, 1, 14, 30, tzinfo=UTC).timestamp())
    html = mrkdwn_html(f"<!date^{moment}^{{date_short_pretty}} {{time}}|fallback> <!date^{moment}^{{ago}}|x> "
                       f"<!date^nope^{{date}}|the fallback>", VIEWER)
    assert ">today 9:30 AM</time>" in html  # New York is five hours behind
    assert ">in 5 hours</time>" in html and ">the fallback</time>" in html


def later_features_emit() -> list[list[dict]]:
    """Feedback, knowledge, objectives, the management review and the reminder DM: cards and modals."""
    feedback = Feedback(team_id="T1", record_id="FB-2", customer_id=1, customer="Acme", scale="csat", score=2,
                        comment="Late", received_via="call", logged_by="U_ALICE", created_at=NOW)
    entry = KnowledgeEntry(team_id="T1", record_id="KB-3", title="Releases", body="Archive rev B", process="Delivery",
                           tags=["release"], owner="U_BOB", saver="U_ALICE", confirmed_at=NOW, next_review_at=NOW,
                           created_at=NOW, updated_at=NOW)
    objective = Objective(team_id="T1", record_id="OBJ-1", name="CSAT 4.2", owner="U_BOB", period="month",
                          measure="csat_average", target=4.2, created_by="U_BOB")
    action = ReviewAction(team_id="T1", record_id="ACT-1", review_id="MR-1", kind="improvement", title="Train Alice",
                          owner="U_BOB", due_date=NOW.date(), created_at=NOW, updated_at=NOW)
    item = ItemRef("approval", "APR-3", "Mock-up", "U_ALICE", 2, "1 approver still to decide")
    reminder = reminder_dm([("pending_approval", [Due("U_BOB", "pending_approval", item, NOW)])], day=NOW.date(),
                           links={})
    return [feedback_card(feedback)["blocks"], feedback_modal(scale="csat")["blocks"],
            kb_card(entry, now=NOW)["blocks"],
            entry_modal(processes=["Delivery"], owner="U_BOB", review_days=90)["blocks"],
            objective_modal()["blocks"], objective_card(objective)["blocks"], action_card(action)["blocks"],
            review_modal(digest_id="DIG-2026-11-30", inputs=[("ncs", "Nonconformities")], today="2026-12-01")["blocks"],
            reminder["blocks"]]


def test_every_block_and_element_the_later_features_emit_is_drawn():
    seen = set()
    for blocks in later_features_emit():
        seen |= kinds(blocks)[1]
        assert "bk-unsupported" not in render_blocks(blocks, VIEWER)
    assert {"external_select", "multi_users_select", "datepicker", "users_select", "button"} <= seen


def test_an_external_select_is_a_type_ahead_that_keeps_its_chosen_option():
    chosen = opt("Acme Corp", "c:4")
    html = render_blocks([{"type": "input", "block_id": "feedback_customer", "label": {"type": "plain_text",
                                                                                       "text": "Customer"},
                           "element": {"type": "external_select", "action_id": "feedback_customer",
                                       "min_query_length": 0, "initial_option": chosen}}], VIEWER)
    assert 'class="bk-external"' in html and 'data-min-query="0"' in html and 'class="bk-input bk-typeahead"' in html
    option = html.split("<option ")[1]
    assert 'value="c:4" selected' in option and json.loads(option.split('data-option="')[1].split('"')[0]
                                                         .replace("&quot;", '"')) == chosen


def test_an_uploaded_file_is_a_download_link():
    message = {"ts": "1.5", "bot_id": "B1", "subtype": "file_share", "text": "Here is the workbook",
               "files": [{"id": "F1", "name": "qms <1>.xlsx", "title": "Auditor's workbook", "size": 21110}]}
    html = page.message_html(None, VIEWER, "D_ALICE", message)
    assert '<a class="file" download href="/files/F1/qms &lt;1&gt;.xlsx">' in html
    assert "<b>Auditor&#x27;s workbook</b>" in html and "21,110 bytes" in html


def test_rich_text_as_a_person_wrote_it():
    block = {"type": "rich_text", "elements": [
        {"type": "rich_text_section", "elements": [
            {"type": "text", "text": "Hi "}, {"type": "user", "user_id": "U_BOB"},
            {"type": "text", "text": " <b>see</b> ", "style": {"bold": True}},
            {"type": "link", "url": "https://x.io/a?b=1&c=2", "text": "the doc"}, {"type": "text", "text": " in "},
            {"type": "channel", "channel_id": "C_SALES"}, {"type": "emoji", "name": "tada", "unicode": "1f389"},
            {"type": "link", "url": "javascript:alert(1)", "text": "bad"}]},
        {"type": "rich_text_list", "style": "ordered", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "one", "style": {"code": True}}]}]},
        {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]},
        {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "a *b*"}]}]}
    html = render_blocks([block], VIEWER)
    assert '<span class="mk-mention" data-user="U_BOB">@Bob Stone</span>' in html
    assert "<b> &lt;b&gt;see&lt;/b&gt; </b>" in html and "🎉" in html and "#sales" in html
    assert '<a class="mk-link" href="https://x.io/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">' \
           "the doc</a>" in html and "javascript" not in html
    assert '<ol class="rt-list rt-indent-0"><li><code class="mk-code">one</code></li></ol>' in html
    assert '<blockquote class="mk-quote">quoted</blockquote>' in html and '<pre class="mk-pre">a *b*</pre>' in html
    assert "bk-unsupported" not in render_blocks([{"type": "file", "external_id": "F1", "source": "remote"}], VIEWER)
