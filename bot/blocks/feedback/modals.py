"""The feedback modal (customer type-ahead, score, what they said, how it came, related record), the
confirmation it turns into, and the type-ahead's options."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from bot.blocks import forms
from bot.blocks.evidence import privacy_choice, read_source, source_metadata
from bot.blocks.ids import FEEDBACK_CUSTOMER, FEEDBACK_LOG, FEEDBACK_RAISE_NC, NOTICE
from bot.blocks.text import context, plain, section, shown
from bot.qms.evidence import SourceMessage
from bot.qms.feedback.rules import COMMENT_MAX, CUSTOMER_MAX, KNOWN, NEW, SCALES, VIA, FeedbackDraft, is_low

SCORE_WORDS = {"csat": {1: "Very dissatisfied", 2: "Dissatisfied", 3: "Neutral", 4: "Satisfied",
                        5: "Very satisfied"},
               "nps": {0: "Not at all likely", 5: "Neutral", 10: "Extremely likely"}}
OPTIONS_MAX = 100  # Slack shows at most 100 options


def score_label(scale: str, score: int) -> str:
    word = SCORE_WORDS[scale].get(score)
    return f"{score} — {word}" if word else str(score)


def customer_option(customer_id: int | None, name: str) -> dict:
    """A known customer (by id), or a name typed in (a new customer when it is saved)."""
    if customer_id is not None:
        return forms.option(name, f"{KNOWN}{customer_id}")
    return forms.option(f"New customer: {name}", f"{NEW}{name[:CUSTOMER_MAX]}")


def customer_options(known: Sequence, typed: str) -> dict:
    """The type-ahead's answer: known customers matching what was typed, then the typed name as a new one."""
    options = [customer_option(customer.id, customer.name) for customer in known][:OPTIONS_MAX - 1]
    typed = " ".join((typed or "").split())[:CUSTOMER_MAX]
    if typed and all(customer.name.casefold() != typed.casefold() for customer in known):
        options.append(customer_option(None, typed))
    return {"options": options}


def feedback_modal(*, scale: str, source: SourceMessage | None = None, customer: dict | None = None,
                   comment: str = "", author_team: str | None = None,
                   names: Mapping[str, str] = {}) -> dict:  # noqa: B006 - read only
    """Log feedback; from a message, the message is the evidence and `customer` the prefilled option."""
    lowest, highest, _ = SCALES[scale]
    customer_select = {"type": "external_select", "min_query_length": 0,
                       "placeholder": plain("Type to find a customer or add one", 150)}
    if customer:
        customer_select["initial_option"] = customer
    via = forms.static_select(list(VIA.items()), "slack" if source else None)
    scores = forms.static_select([(str(n), score_label(scale, n)) for n in range(highest, lowest - 1, -1)])
    blocks = [
        forms.input_block(FEEDBACK_CUSTOMER, "Customer", customer_select,
                          hint="A name you type is added as a new customer."),
        forms.input_block("score", "CSAT score" if scale == "csat" else "How likely to recommend us (NPS)", scores),
        forms.input_block("comment", "What they said", forms.text_input(comment, multiline=True,
                                                                         max_length=COMMENT_MAX), optional=True),
        forms.input_block("received_via", "How it came", via),
        forms.input_block("related", "Related NC or approval", forms.text_input(max_length=16,
                                                                                 placeholder="NC-4 or APR-2"),
                          optional=True),
        *(privacy_choice(source, names) if source else []),
    ]
    if author_team:
        blocks.insert(0, context("The author writes from another organisation (Slack Connect): "
                                 "the customer you choose is remembered for their next messages."))
    return forms.modal(FEEDBACK_LOG, "Customer feedback", blocks, submit="Log feedback",
                       private_metadata=source_metadata(source, author_team=author_team))


def read_feedback(view: dict) -> tuple[FeedbackDraft, SourceMessage | None, str | None]:
    """(draft, evidence, the author's organisation when it is another one) of a submitted feedback modal."""
    values, metadata = view["state"]["values"], view.get("private_metadata") or ""
    draft = FeedbackDraft(customer=forms.value_of(values, FEEDBACK_CUSTOMER), score=forms.value_of(values, "score"),
                          comment=forms.value_of(values, "comment"),
                          received_via=forms.value_of(values, "received_via"),
                          related=forms.value_of(values, "related"))
    author_team = json.loads(metadata).get("author_team") if metadata.startswith("{") else None
    return draft, read_source(metadata, values), author_team


def raise_nc_button(record_id: str) -> dict:
    return {"type": "button", "action_id": FEEDBACK_RAISE_NC, "text": plain("Raise a nonconformance", 75),
            "value": record_id, "style": "primary"}


def confirmation(record) -> dict:
    """What the modal turns into once the feedback is stored; a low score offers the complaint NC."""
    highest = SCALES[record.scale][1]
    blocks = [section(f"*{record.record_id}* logged: {shown(record.customer, 300)} scored "
                      f"*{record.score}/{highest}*. Its card is in the quality channel.")]
    if is_low(record.scale, record.score):
        blocks += [section("A score this low is a customer complaint. Raise it as a nonconformance, so it is "
                           "investigated and its cause corrected (ISO 9001 8.7, 10.2)?"),
                   {"type": "actions", "block_id": "feedback_next", "elements": [raise_nc_button(record.record_id)]}]
    return forms.modal(NOTICE, "Customer feedback", blocks, submit="", close="Done")


def notice(text: str) -> dict:
    """The confirmation modal, replaced by why nothing more can be done from it."""
    return forms.modal(NOTICE, "Customer feedback", [section(text)], submit="", close="Done")
