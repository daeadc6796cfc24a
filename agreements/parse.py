"""Parse a rendered clause (Markdown with value tokens) into Document tree blocks."""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .clauses.render import CLOSE, OPEN
from .tree import (
    Block,
    DefinitionsPlaceholder,
    Emph,
    Heading,
    Inline,
    Label,
    LineBreak,
    ListBlock,
    ListItem,
    Paragraph,
    SignatureBlock,
    Strong,
    Table,
    Text,
)

_TOKEN = re.compile(f"{OPEN}(\\d+){CLOSE}")
_MD: MarkdownIt | None = None


def _markdown() -> MarkdownIt:
    global _MD
    if _MD is None:
        # CommonMark with tables; raw HTML off, so a clause's '<b>' prints literally.
        _MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    return _MD


def parse_blocks(text: str, nodes: list[Any]) -> list[Block]:
    """Markdown -> blocks; tokens in text are swapped for the nodes they stand for."""
    tokens = _markdown().parse(text)
    blocks, _ = _blocks(tokens, 0, nodes, depth=0, closing=None)
    return blocks


def _blocks(tokens: list[Token], i: int, nodes: list[Any], depth: int, closing: str | None) -> tuple[list[Block], int]:
    out: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if closing and tok.type == closing:
            return out, i + 1
        if tok.type == "paragraph_open":
            inlines = _inlines(tokens[i + 1].children or [], nodes)
            out.append(_paragraph_or_signature(inlines))
            i += 3
        elif tok.type == "heading_open":
            out.append(Heading(int(tok.tag[1]), _inlines(tokens[i + 1].children or [], nodes)))
            i += 3
        elif tok.type in ("ordered_list_open", "bullet_list_open"):
            ordered = tok.type == "ordered_list_open"
            close = tok.type.replace("_open", "_close")
            items: list[ListItem] = []
            i += 1
            while tokens[i].type != close:
                assert tokens[i].type == "list_item_open"
                item_blocks, i = _blocks(tokens, i + 1, nodes, depth + 1, "list_item_close")
                items.append(ListItem(item_blocks, label=_take_label(item_blocks)))
            out.append(ListBlock(ordered, items, depth + 1))
            i += 1
        elif tok.type == "table_open":
            table, i = _table(tokens, i + 1, nodes)
            out.append(table)
        elif tok.type in ("fence", "code_block"):
            out.append(Paragraph(_text_inlines(tok.content.rstrip("\n"), nodes)))
            i += 1
        elif tok.type in ("blockquote_open", "blockquote_close", "hr"):
            i += 1
        else:
            i += 1
    return out, i


def parse_inline(text: str, nodes: list[Any]) -> list[Inline]:
    """One line of Markdown (a defined term's meaning) -> inline nodes."""
    tokens = _markdown().parseInline(text)
    return _inlines(tokens[0].children or [], nodes) if tokens else []


def _paragraph_or_signature(inlines: list[Inline]) -> Block:
    """A paragraph holding only a block marker (a signature, the definitions) becomes that block."""
    meaningful = [n for n in inlines if not (isinstance(n, Text) and not n.text.strip())]
    if len(meaningful) == 1 and isinstance(meaningful[0], (SignatureBlock, DefinitionsPlaceholder)):
        return meaningful[0]
    return Paragraph([n for n in inlines if not isinstance(n, (SignatureBlock, DefinitionsPlaceholder))])


def _take_label(blocks: list[Block]) -> str:
    """Remove a leading label("x") from an item's first paragraph and return its name."""
    if blocks and isinstance(blocks[0], Paragraph):
        children = blocks[0].children
        for k, node in enumerate(children):
            if isinstance(node, Label):
                del children[k]
                following = children[k] if k < len(children) else None
                if isinstance(following, Text):
                    children[k] = Text(following.text.lstrip(), following.data_path)
                return node.name
            if not (isinstance(node, Text) and not node.text.strip()):
                break
    return ""


def _table(tokens: list[Token], i: int, nodes: list[Any]) -> tuple[Table, int]:
    header: list[list[Inline]] = []
    rows: list[list[list[Inline]]] = []
    row: list[list[Inline]] = []
    in_head = False
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            row = []
        elif t.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
        elif t.type == "inline":
            row.append(_inlines(t.children or [], nodes))
        i += 1
    return Table(header, rows), i + 1


def _inlines(children: list[Token], nodes: list[Any]) -> list[Inline]:
    stack: list[list[Inline]] = [[]]
    for t in children:
        if t.type in ("text", "code_inline", "html_inline"):
            stack[-1].extend(_text_inlines(t.content, nodes))
        elif t.type == "softbreak":
            stack[-1].append(Text(" "))
        elif t.type == "hardbreak":
            stack[-1].append(LineBreak())
        elif t.type in ("em_open", "strong_open"):
            stack.append([])
        elif t.type in ("em_close", "strong_close"):
            inner = stack.pop()
            stack[-1].append(Emph(inner) if t.type == "em_close" else Strong(inner))
        elif t.type == "image":
            stack[-1].extend(_text_inlines(t.content, nodes))
        # link_open/link_close: keep the link text only; documents carry no live links
    while len(stack) > 1:  # unbalanced emphasis cannot happen with markdown-it, but be safe
        inner = stack.pop()
        stack[-1].extend(inner)
    return _merge_text(stack[0])


def _text_inlines(text: str, nodes: list[Any]) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.append(Text(text[pos : m.start()]))
        out.append(nodes[int(m[1])])
        pos = m.end()
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def _merge_text(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text) and out[-1].data_path == node.data_path:
            out[-1] = Text(out[-1].text + node.text, node.data_path)
        else:
            out.append(node)
    return out
