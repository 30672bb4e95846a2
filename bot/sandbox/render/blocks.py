"""Layout blocks as HTML: header, section (text, fields, accessory), context, divider, actions,
input (label, hint, optional, the error Slack shows under it), image, rich_text (a person's message), file
(a remote file: its id, as nothing is fetched offline); anything else says so."""
from __future__ import annotations

from collections.abc import Mapping
from html import escape

from bot.sandbox.render.elements import attrs, element_html
from bot.sandbox.render.mrkdwn import plain_html, text_html
from bot.sandbox.render.rich_text import rich_text_html
from bot.sandbox.render.viewer import Viewer


def block_id_of(block: dict, index: int) -> str:
    """Slack gives a block without an id one of its own; the page uses its place."""
    return block.get("block_id") or f"b{index}"


def render_blocks(blocks: list[dict] | None, viewer: Viewer, *,
                  errors: Mapping[str, str] | None = None) -> str:
    """`errors`: a modal's field errors by block id (response_action: errors)."""
    out = []
    for index, block in enumerate(blocks or []):
        block_id = block_id_of(block, index)
        draw = BLOCKS.get(block.get("type", ""))
        if draw is None:
            out.append(f'<div class="bk-unsupported">[a {escape(block.get("type", "?"))} block]</div>')
            continue
        out.append(draw(block, viewer, block_id, errors or {}))
    return "".join(out)


def _header(block, viewer, block_id, errors):
    return f'<div class="bk-header">{text_html(block.get("text"), viewer)}</div>'


def _section(block, viewer, block_id, errors):
    parts = []
    if block.get("text"):
        parts.append(f'<div class="bk-text">{text_html(block["text"], viewer)}</div>')
    if block.get("fields"):
        fields = "".join(f'<div class="bk-field">{text_html(field, viewer)}</div>' for field in block["fields"])
        parts.append(f'<div class="bk-fields">{fields}</div>')
    accessory = block.get("accessory")
    side = f'<div class="bk-accessory">{element_html(accessory, viewer, block_id=block_id)}</div>' if accessory else ""
    return f'<div {attrs(class_="bk-section", data_block_id=block_id)}><div class="bk-main">{"".join(parts)}</div>' \
           f"{side}</div>"


def _context(block, viewer, block_id, errors):
    items = []
    for element in block.get("elements", []):
        if element.get("type") == "image":  # offline: pictures are not fetched, their alt text is shown
            items.append(f'<span class="bk-context-image">{plain_html(element.get("alt_text", ""))}</span>')
        else:
            items.append(f"<span>{text_html(element, viewer)}</span>")
    return f'<div class="bk-context">{"".join(items)}</div>'


def _divider(block, viewer, block_id, errors):
    return '<hr class="bk-divider">'


def _actions(block, viewer, block_id, errors):
    elements = "".join(element_html(element, viewer, block_id=block_id) for element in block.get("elements", []))
    return f'<div {attrs(class_="bk-actions", data_block_id=block_id)}>{elements}</div>'


def _input(block, viewer, block_id, errors):
    element = block.get("element") or {}
    dom_id = f"in-{block_id}"
    optional = ' <span class="bk-optional">(optional)</span>' if block.get("optional") else ""
    hint = f'<div class="bk-hint">{text_html(block["hint"], viewer)}</div>' if block.get("hint") else ""
    error = errors.get(block_id)
    problem = f'<div class="bk-error" role="alert">{plain_html(error)}</div>' if error else ""
    wrapper = attrs(class_="bk-input-block" + (" has-error" if error else ""), data_input=True,
                    data_block_id=block_id, data_optional=bool(block.get("optional")),
                    data_dispatch=bool(block.get("dispatch_action")))
    return (f"<div {wrapper}><label class=\"bk-label\" for=\"{escape(dom_id)}\">"
            f"{text_html(block.get('label'), viewer)}{optional}</label>"
            f"{element_html(element, viewer, block_id=block_id, dom_id=dom_id)}{problem}{hint}</div>")


def _image(block, viewer, block_id, errors):
    title = f'<div class="bk-image-title">{text_html(block["title"], viewer)}</div>' if block.get("title") else ""
    # Offline: the picture is not fetched; its alt text stands in.
    return (f'<figure class="bk-image">{title}<div class="bk-image-box">{plain_html(block.get("alt_text", ""))}'
            f"</div></figure>")


def _rich_text(block, viewer, block_id, errors):
    return rich_text_html(block, viewer)


def _file(block, viewer, block_id, errors):
    return f'<div class="bk-file">📄 {plain_html(block.get("external_id") or "a file")}</div>'


BLOCKS = {"header": _header, "section": _section, "context": _context, "divider": _divider,
          "actions": _actions, "input": _input, "image": _image, "rich_text": _rich_text, "file": _file}
