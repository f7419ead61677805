"""The content of a brief: inline runs, blocks (with lists, tables, figures, quotes), notes
and the colophon. `publish.document` wraps them with the metadata and the JSON form, and
re-exports every name here, so stages import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal

InlineType = Literal["text", "em", "strong", "link", "noteref"]
BlockType = Literal["heading", "paragraph", "pullquote", "figure", "table", "list", "blockquote"]
Align = Literal["left", "center", "right"]


@dataclass
class Inline:
    """A run of inline content. Flat on purpose: backends map each type to one element.

    - text / em / strong: `text` is the literal text.
    - link: `text` is the label, `href` the target (only http, https and mailto survive).
    - noteref: a call to note `number`; `text` is empty.
    """

    type: InlineType
    text: str = ""
    href: str | None = None
    number: int | None = None


Cell = list[Inline]  # a table cell: inline content, which may call notes


@dataclass
class ListItem:
    """One item of a list: inline content, then optionally a nested list."""

    inlines: list[Inline] = field(default_factory=list)
    sublist: SubList | None = None


@dataclass
class SubList:
    ordered: bool = False
    start: int = 1  # ordered lists keep the number they start at
    items: list[ListItem] = field(default_factory=list)


@dataclass
class Block:
    """One block of the body. `type` says which of the optional fields below are used.

    - heading / paragraph / pullquote: `inlines`.
    - figure: `src` (a file in the brief's folder, or a picture inside a Word file there:
      `brief.docx#word/media/image1.png`; publish.images reads both), `alt` ("" marks a
      decorative image),
      `caption`, `credit`, `number`, and what the normalizer read from the file
      (`media_type`, `width`, `height` in pixels, `dpi` when the file states it).
    - table: `caption`, `number`, `head` and `rows` (rows of cells), `align` per column,
      `row_headers` (the first cell of each body row heads its row), `credit`.
    - list: `ordered`, `start`, `items` (nested through `ListItem.sublist`).
    - blockquote: `paragraphs` and an optional `attribution`.

    `text` is always the block's plain text (captions for figures and tables) and `notes`
    the note numbers called anywhere inside it, in order, so that note checks are uniform.
    """

    type: BlockType
    id: str
    text: str  # plain text, without note calls
    inlines: list[Inline] = field(default_factory=list)
    line: int = 0  # 1-based line in the source, 0 when unknown
    level: int | None = None  # headings only: 2 for a section
    notes: list[int] = field(default_factory=list)  # note numbers called, in order
    source: str | None = None  # pull quotes: id of the paragraph holding the sentence
    # figures and tables
    caption: list[Inline] = field(default_factory=list)
    credit: list[Inline] = field(default_factory=list)  # "Source: …" line under it
    number: int | None = None  # Figure 1, Table 1: assigned by the normalizer
    # figures
    src: str | None = None
    alt: str | None = None
    media_type: str | None = None
    width: int | None = None
    height: int | None = None
    dpi: float | None = None
    # tables
    head: list[list[Cell]] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    align: list[Align | None] = field(default_factory=list)
    row_headers: bool = False
    # lists
    ordered: bool = False
    start: int = 1
    items: list[ListItem] = field(default_factory=list)
    # block quotes
    paragraphs: list[list[Inline]] = field(default_factory=list)
    attribution: list[Inline] = field(default_factory=list)


# Fields written to JSON only when a block uses them, so a paragraph stays short.
_OPTIONAL_BLOCK_FIELDS = {
    f.name: f for f in fields(Block) if f.name not in ("type", "id", "text", "inlines", "line",
                                                         "level", "notes", "source")
}  # fmt: skip


@dataclass
class Note:
    """A note. `number` orders and links notes everywhere; `mark` is a custom note mark the
    source chose (Word's "Custom mark": `*`, `†`), shown instead of a number at the call
    and before the note (`Document.note_label`). None, the usual case, shows the number.
    Written to JSON only when set, so documents without marks read and hash as before."""

    number: int
    id: str
    text: str
    inlines: list[Inline] = field(default_factory=list)
    line: int = 0
    mark: str | None = None


@dataclass
class Colophon:
    disclaimer: str | None = None
    disclaimer_inlines: list[Inline] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # other publication notices (© lines, …)


def list_items(items: list[ListItem]) -> list[ListItem]:
    """Every item of a list, nested ones included, in reading order."""
    out: list[ListItem] = []
    for item in items:
        out.append(item)
        if item.sublist is not None:
            out.extend(list_items(item.sublist.items))
    return out


def block_inline_runs(block: Block) -> list[list[Inline]]:
    """Every run of inline content inside a block, in reading order (captions first)."""
    runs: list[list[Inline]] = [block.inlines] if block.inlines else []
    if block.type in ("figure", "table"):
        runs.append(block.caption)
    runs += [cell for row in block.head + block.rows for cell in row]
    runs += [item.inlines for item in list_items(block.items)]
    runs += block.paragraphs
    runs += [block.attribution, block.credit]
    return [r for r in runs if r]
