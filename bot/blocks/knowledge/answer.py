"""The private answer to `/qms kb [query]`: the top five with their snippets, "More" for the next five,
"Save something" when nothing matched, and the newest entries plus the person's own due for review
when they searched for nothing."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from bot.blocks.ids import KB_MORE, KB_NEW
from bot.blocks.text import TITLE_SHOWN, context, escape, plain, section, shown, slack_date, user
from bot.qms.knowledge.query import Query
from bot.qms.knowledge.rules import QUERY_MAX
from bot.qms.knowledge.search import MARK, UNMARK, Hit, Page

SNIPPET_SHOWN = 600
VALUE_MAX = 2000  # a button's value
HOW = ("Filters: `process:Delivery`, `tag:api`, `owner:@name`, `status:retired` or `status:all`. "
       "The last word matches as a prefix.")


def search_answer(query: Query, page: Page, *, links: Mapping[str, str]) -> dict:
    """`links`: record id -> its card's permalink, where known."""
    if page.unknown_owner:
        return _private(f"I don't know anyone called @{escape(page.unknown_owner)} here. Try `owner:` with an "
                        "@-mention of them.")
    if not page.hits and page.offset == 0:
        return _nothing(query)
    if not page.hits:
        return _private("There are no more matches. Add a word or a filter to narrow the search.")
    words = " ".join(query.words) or "your filters"
    first, last = page.offset + 1, page.offset + len(page.hits)
    blocks = [context(f"Knowledge matching *{shown(words, 300)}* · {first}–{last}")]
    blocks += [hit_block(hit, links) for hit in page.hits]
    if page.more:
        blocks.append(_more(query, page.offset + len(page.hits)))
    blocks.append(context(HOW))
    return _private(f"Knowledge matching {escape(words)}", blocks)


def overview(newest: Sequence[Hit], due: Sequence[Hit], *, links: Mapping[str, str]) -> dict:
    """For an empty `/qms kb`: the newest entries, then the person's own due for review."""
    blocks = [section("*Newest knowledge*")]
    blocks += [hit_block(hit, links) for hit in newest] or [context("Nothing saved yet. Use the *Save to "
                                                                    "knowledge* shortcut on any message.")]
    blocks.append(section("*Yours, due for review*"))
    blocks += [hit_block(hit, links) for hit in due] or [context("None of your entries is due for review.")]
    blocks += [_save_button(), context("Search with `/qms kb <words>`. " + HOW)]
    return _private("Knowledge", blocks)


def too_long(length: int) -> dict:
    return _private(f"That search is {length:,} characters long: keep it under {QUERY_MAX} (a few words work best).")


def hit_block(hit: Hit, links: Mapping[str, str]) -> dict:
    entry = hit.entry
    link = links.get(entry.record_id)
    label = f"<{escape(link)}|{entry.record_id}>" if link else entry.record_id
    lines = [f"*{label}* · *{shown(entry.title, TITLE_SHOWN)}*"
             + (" _(retired)_" if entry.status == "retired" else "")]
    snippet = highlighted(hit.snippet) if hit.snippet else shown(entry.body, 200)
    if snippet:
        lines.append(f"> {snippet}")
    facts = [f"Owner {user(entry.owner)}", f"confirmed {slack_date(entry.confirmed_at, '{date_short_pretty}')}"]
    if entry.source_permalink:
        facts.append(f"<{escape(entry.source_permalink)}|source>")
    lines.append(" · ".join(facts))
    return section("\n".join(lines))


def highlighted(snippet: str) -> str:
    """Escaped, cut, the matched words in bold; on one quoted line."""
    text = shown(snippet.replace("\n", " "), SNIPPET_SHOWN)
    text = text.replace(MARK, "*").replace(UNMARK, "*")
    return text if text.count("*") % 2 == 0 else text.replace("*", "")  # a cut through a mark: no bold


def more_value(text: str, offset: int) -> str:
    return json.dumps({"q": text, "o": offset}, ensure_ascii=False)[:VALUE_MAX]


def read_more(value: str) -> tuple[str, int]:
    try:
        data = json.loads(value)
        return str(data.get("q") or ""), max(0, int(data.get("o") or 0))
    except (ValueError, TypeError, AttributeError):
        return "", 0


def _more(query: Query, offset: int) -> dict:
    return {"type": "actions", "block_id": "kb_more", "elements": [
        {"type": "button", "action_id": KB_MORE, "text": plain("More", 75), "value": more_value(query.text, offset)}]}


def _nothing(query: Query) -> dict:
    words = " ".join(query.words) or "those filters"
    dropped = (f" (I left out {escape(', '.join(query.dropped))}: too common to search for.)"
               if query.dropped else "")
    return _private(f"Nothing matches {escape(words)}", [
        section(f"Nothing in the knowledge base matches *{shown(words, 300)}*.{dropped} "
                "If you know the answer, save it so the next person finds it."),
        _save_button(), context(HOW)])


def _save_button() -> dict:
    return {"type": "actions", "block_id": "kb_new", "elements": [
        {"type": "button", "action_id": KB_NEW, "text": plain("Save something", 75), "value": "new",
         "style": "primary"}]}


def _private(text: str, blocks: list[dict] | None = None) -> dict:
    answer = {"response_type": "ephemeral", "text": text}
    if blocks:
        answer["blocks"] = blocks[:50]
    return answer
