"""The knowledge modals: save an entry (from a message, `/qms kb new`, a closed NC), edit it, reassign it."""
from __future__ import annotations

import json
from dataclasses import replace

from bot.blocks import forms
from bot.blocks.evidence import is_dm, read_source, source_metadata
from bot.blocks.ids import KB_EDIT, KB_REASSIGN, KB_SAVE
from bot.blocks.text import context, section, shown
from bot.qms.evidence import SourceMessage
from bot.qms.knowledge.rules import BODY_MAX, ENTRY_FIELDS, TITLE_MAX, EntryDraft, parse_tags

INCLUDE_THREAD = "include_thread"


def entry_modal(*, processes, owner: str | None, review_days: int, title: str = "", body: str = "",
                source: SourceMessage | None = None, thread_ts: str | None = None, thread_replies: int | None = None,
                cut_from: int = 0, nc_id: str | None = None, entry=None) -> dict:
    """Save (or, with `entry`, edit) an entry. From a message, `source` (without its text: the body holds
    it) and its `thread_ts` ride in private_metadata; `cut_from`: the message was longer than an entry's
    text holds (the source link keeps it whole)."""
    values = _values(entry) if entry is not None else {"title": title, "body": body, "process": None, "tags": "",
                                                       "owner": owner, "review_days": str(review_days)}
    blocks = []
    if entry is not None:
        blocks.append(section(f"*{entry.record_id}* · version {entry.version}"))
    blocks += [
        forms.input_block("title", "Title", forms.text_input(values["title"], max_length=TITLE_MAX,
                                                             placeholder="What would someone search for?")),
        forms.input_block("body", "What to know", forms.text_input(values["body"], multiline=True,
                                                                    max_length=BODY_MAX)),
    ]
    if cut_from:
        blocks.append(context(f"The message has {cut_from:,} characters; an entry's text holds {BODY_MAX:,}. "
                              "Shorten it above to what matters: the link to the message keeps all of it."))
    if source is not None and thread_ts:
        count = f" ({thread_replies} replies)" if thread_replies else ""
        box = forms.checkbox(f"Include the whole thread{count}", INCLUDE_THREAD, False)
        blocks.append(forms.input_block(INCLUDE_THREAD, "Thread", box, optional=True,
                                        hint="The replies are read once, when you save, and kept with the entry."))
    if source is not None and source.private:
        where = "a direct message" if is_dm(source.channel) else "a conversation that may not be public"
        blocks.append(context(f"This comes from {where}. What you save is shown in the knowledge channel and "
                              "in everyone's search."))
    blocks += [
        forms.input_block("process", "Process", forms.static_select([(name, name) for name in processes],
                                                                    values["process"])),
        forms.input_block("tags", "Tags", forms.text_input(values["tags"], max_length=400,
                                                           placeholder="api, onboarding"), optional=True),
        forms.input_block("owner", "Owner", forms.users_select([values["owner"]] if values["owner"] else None,
                                                               multi=False),
                          hint="Keeps it true: asked to confirm it when its review falls due."),
        forms.input_block("review_days", "Review every (days)", forms.text_input(values["review_days"], max_length=3)),
    ]
    if nc_id:
        blocks.append(context(f"A lesson learned from {nc_id}: it stays linked to it."))
    metadata = {"id": entry.record_id} if entry is not None else {"nc": nc_id, "thread_ts": thread_ts}
    if source is not None:
        metadata.update(json.loads(source_metadata(replace(source, text=None))))
    callback, heading, submit = (KB_EDIT, "Edit knowledge", "Save version") if entry is not None else \
        (KB_SAVE, "Save to knowledge", "Save")
    return forms.modal(callback, heading, blocks, submit=submit, private_metadata=json.dumps(metadata))


def read_entry(view: dict) -> tuple[EntryDraft, dict]:
    """(the draft, the modal's metadata: the entry's id, the NC, the source message)."""
    values = view["state"]["values"]
    answers = {name: forms.value_of(values, name) for name in ENTRY_FIELDS}
    answers["tags"] = parse_tags(answers["tags"])
    metadata = json.loads(view.get("private_metadata") or "{}")
    return EntryDraft(**answers), metadata


def source_of(view: dict) -> SourceMessage | None:
    return read_source(view.get("private_metadata"))


def wants_thread(view: dict) -> bool:
    return INCLUDE_THREAD in (forms.value_of(view["state"]["values"], INCLUDE_THREAD) or [])


def reassign_modal(entry) -> dict:
    blocks = [section(f"*{entry.record_id}* · {shown(entry.title, 750)}"),
              forms.input_block("owner", "New owner", forms.users_select(None, multi=False),
                                hint="They are asked to confirm it when its review falls due.")]
    return forms.modal(KB_REASSIGN, "Reassign knowledge", blocks, submit="Reassign",
                       private_metadata=json.dumps({"id": entry.record_id}))


def _values(entry) -> dict:
    return {"title": entry.title, "body": entry.body, "process": entry.process, "tags": ", ".join(entry.tags or []),
            "owner": entry.owner, "review_days": str(entry.review_days)}
