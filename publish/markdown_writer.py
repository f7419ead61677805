"""A Document as an editable Markdown brief, in exactly the syntax the reader takes.

Reading the result back gives an equal document (line numbers and diagnostics aside), so
an editor can fix a misread brief in Markdown and build from it.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar

from .document import Block, Document, Inline, SubList
from .normalizer.inlines import MARK
from .normalizer.meta import slugify

# Characters Python-Markdown reads as syntax anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
# Characters that start a block construct at the beginning of a paragraph.
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=|:~]|\d+[.)])")

FIELD_ORDER = ("title", "subtitle", "series", "number", "date", "language", "publisher",
               "authors", "slug", "issn", "address", "website", "licence", "keywords",
               "cover_color", "paper", "isbn", "isbn_pdf", "isbn_print", "doi",
               "citation_style")  # fmt: skip


def escape_text(text: str) -> str:
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    # Entities and raw HTML would be read as markup: write them as entities instead.
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _block_start(text: str) -> str:
    """Escape what would turn a paragraph into a heading, quote, list or rule."""
    match = _BLOCK_START.match(text)
    if not match:
        return text
    lead, token = match.groups()
    if token[0].isdigit():
        return f"{lead}{token[:-1]}\\{token[-1]}{text[match.end() :]}"
    if token in "|:~=":
        return f"{lead}&#{ord(token)};{text[match.end() :]}"
    return f"{lead}\\{token}{text[match.end() :]}"


# Note number -> the label written for it, while to_markdown runs: a custom mark (`[^*]`)
# where the document has one, else the number.
_NOTE_LABELS: ContextVar[dict[int, str] | None] = ContextVar("note_labels", default=None)


def _note_labels(doc: Document) -> dict[int, str]:
    """`[^*]` for notes with a custom mark, when every such mark is unique and can be a
    label; otherwise numbers for all (the marks are then lost, and the README says so)."""
    marks = [n.mark for n in doc.notes if n.mark]
    if len(set(marks)) != len(marks) or not all(MARK.fullmatch(m) for m in marks):
        return {}
    return {n.number: n.mark for n in doc.notes if n.mark}


def render_inlines(inlines: list[Inline]) -> str:
    out: list[str] = []
    labels = _NOTE_LABELS.get() or {}
    for run in inlines:
        if run.type == "noteref":
            out.append(f"[^{labels.get(run.number or 0, run.number)}]")
        elif run.type == "em":
            out.append(f"*{escape_text(run.text)}*")
        elif run.type == "strong":
            out.append(f"**{escape_text(run.text)}**")
        elif run.type == "link" and run.href:
            if run.text == run.href and not re.search(r"[\s<>]", run.href):
                out.append(f"<{run.href}>")
            else:
                href = run.href.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
                out.append(f"[{escape_text(run.text)}]({href})")
        else:
            out.append(escape_text(run.text))
    return _block_start("".join(out))


def _yaml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def _authors(authors: list) -> list[str]:
    """Names as a flow list; as a block list of maps once any author has a role."""
    if not any(a.role for a in authors):
        return [f"authors: {_yaml([a.name for a in authors])}"]
    lines = ["authors:"]
    for author in authors:
        lines.append(f"  - name: {_yaml(author.name)}")
        if author.role:
            lines.append(f"    role: {_yaml(author.role)}")
    return lines


def front_matter(doc: Document) -> str:
    meta = doc.meta
    lines = ["---"]
    for name in FIELD_ORDER:
        value = getattr(meta, name)
        if name == "slug" and value == slugify(meta.title):
            continue  # derived from the title; write it only when it was chosen
        if value is None or value == [] and name not in ("authors",):
            continue
        if name == "authors":
            lines.extend(_authors(value))
            continue
        lines.append(f"{name}: {_yaml(value)}")
    if doc.colophon.disclaimer:
        lines.append(f"disclaimer: {_yaml(doc.colophon.disclaimer)}")
    if doc.colophon.notices:
        lines.append(f"notices: {_yaml(doc.colophon.notices)}")
    lines.append("---")
    return "\n".join(lines)


def _guard(text: str, pattern: str) -> str:
    """Write the first character as an entity when `text` starts with `pattern` (a regex):
    the reader would otherwise take a plain paragraph for a caption or an attribution."""
    if text and re.match(pattern, text):
        return f"&#{ord(text[0])};{text[1:]}"
    return text


def _figure(block: Block) -> list[str]:
    alt = escape_text(block.alt or "")
    src = block.src or ""
    target = f"<{src}>" if re.search(r"[\s()<>]", src) else src
    parts = [f"![{alt}]({target})"]
    if block.caption:
        parts.append(f"{render_inlines(block.caption)}\n{{: .caption }}")
    if block.credit:
        parts.append(f"{render_inlines(block.credit)}\n{{: .source }}")
    return parts


def _cell(cell: list[Inline]) -> str:
    # A pipe ends a cell even when escaped inside code: write it as an entity.
    return render_inlines(cell).replace("|", "&#124;") or " "


_ALIGN_RULE = {"left": ":---", "center": ":---:", "right": "---:", None: "---"}


def _table(block: Block) -> list[str]:
    parts: list[str] = []
    if block.caption or block.row_headers:
        caption = f"Table: {render_inlines(block.caption)}".rstrip()
        parts.append(caption + ("\n{: .row-headers }" if block.row_headers else ""))
    head = block.head or [[[] for _ in (block.rows[0] if block.rows else [[]])]]
    width = len(head[0])
    align = (list(block.align) + [None] * width)[:width]
    lines = ["| " + " | ".join(_cell(c) for c in head[0]) + " |"]
    lines.append("| " + " | ".join(_ALIGN_RULE[a] for a in align) + " |")
    for row in block.rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    parts.append("\n".join(lines))
    if block.credit:
        parts.append(f"{render_inlines(block.credit)}\n{{: .source }}")
    return parts


def _list(sub: SubList, depth: int = 0) -> list[str]:
    lines: list[str] = []
    indent = "    " * depth
    for index, item in enumerate(sub.items):
        marker = f"{sub.start + index}." if sub.ordered else "-"
        nested = _list(item.sublist, depth + 1) if item.sublist and item.sublist.items else []
        if not item.inlines and nested:
            # An item that is only a list: "- 1. first", as the reader takes it.
            lines.append(f"{indent}{marker} {nested[0].lstrip()}")
            lines.extend(nested[1:])
            continue
        lines.append(f"{indent}{marker} {render_inlines(item.inlines)}".rstrip())
        lines.extend(nested)
    return lines


def _blockquote(block: Block) -> str:
    paras = [_guard(render_inlines(p), r"\s*(—|―|--)") for p in block.paragraphs]
    if block.attribution:
        paras.append(f"— {render_inlines(block.attribution)}")
    return "\n>\n".join(f"> {p}" for p in paras)


def to_markdown(doc: Document) -> str:
    token = _NOTE_LABELS.set(_note_labels(doc))
    try:
        return _to_markdown(doc)
    finally:
        _NOTE_LABELS.reset(token)


def _to_markdown(doc: Document) -> str:
    labels = _NOTE_LABELS.get() or {}
    parts = [front_matter(doc)]
    for block in doc.blocks:
        if block.type == "figure":
            parts.extend(_figure(block))
            continue
        if block.type == "table":
            parts.extend(_table(block))
            continue
        if block.type == "list":
            parts.append("\n".join(_list(SubList(block.ordered, block.start, block.items))))
            continue
        if block.type == "blockquote":
            parts.append(_blockquote(block))
            continue
        text = render_inlines(block.inlines)
        if block.type == "heading":
            parts.append(f"## {text}")
        elif block.type == "pullquote":
            parts.append(f"> {text}\n{{: .pullquote }}")
        else:
            parts.append(_guard(text, r"Table:"))
    for note in doc.notes:
        parts.append(f"[^{labels.get(note.number, note.number)}]: {render_inlines(note.inlines)}")
    return "\n\n".join(parts) + "\n"
