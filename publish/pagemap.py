"""Where each page of the print edition begins, in terms both editions share: the print
render measures it (publish/pdf/pagestarts.py), the EPUB marks it (publish/epub/pagebreaks.py).

A position is a place in the brief's own text, never in either edition's markup: the
`index`-th character of a block's (or a note's) text when whitespace, soft hyphens and note
calls are left out. Both editions set the same characters, so counting them through the
laid-out print pages and through the EPUB's XHTML lands on the same word, whatever markup
each edition wraps around it. `Stream.match` is the one counting rule both sides use.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .content import Block, Inline, Note, block_inline_runs

SOFT_HYPHEN = "\u00ad"
# Characters the EPUB drops (XML forbids them, publish.epub.XML_INVALID): never counted.
UNCOUNTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff\u00ad]")
# Where a page's first content is not the brief's body (publish.pdf.pagestarts):
TITLE = "title"  # the title block (the EPUB's title page)
COLOPHON = "colophon"  # the colophon begins on the page
COLOPHON_END = "colophon-end"  # the page starts inside the colophon, or after it
NOTES = "notes"  # the endnotes' heading


@dataclass(frozen=True)
class PageStart:
    """Print page `label` begins at character `index` of `target`'s text.

    `target` is a block id, `note-N` (an endnote), or one of TITLE, COLOPHON, COLOPHON_END,
    NOTES. `whole`: the page begins with the whole block (its first line, or a figure's
    image), so the EPUB's marker goes before the block rather than inside it.
    """

    label: str
    target: str
    index: int = 0
    whole: bool = False


def _runs_text(runs: list[list[Inline]]) -> str:
    # Runs are separate boxes or cells: a space between them, so words never join.
    return " ".join("".join(i.text for i in run if i.type != "noteref") for run in runs)


def block_text(block: Block) -> str:
    """The brief's text of a block in the order both editions set it (captions first)."""
    return _runs_text(block_inline_runs(block)) or block.text


def note_text(note: Note) -> str:
    return _runs_text([note.inlines]) if note.inlines else note.text


class Stream:
    """The counted characters of one block's text, and where its words begin."""

    def __init__(self, text: str) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []  # ascending
        for word in UNCOUNTED.sub("", text).split():
            self.starts.append(len(self.chars))
            self.chars.extend(word)
        self.word_starts = set(self.starts)
        self.pos = 0  # the next character to find

    def match(self, ch: str) -> int | None:
        """Consume `ch` if it is the next character of the text: its index, else None.

        Characters that are not the next one are skipped, not fatal: a hyphen that the
        print layout added at a line end, a separator of our own markup ("— " before an
        attribution). Whitespace is never counted.
        """
        if ch.isspace() or UNCOUNTED.match(ch) or self.pos >= len(self.chars):
            return None
        if self.chars[self.pos] != ch:
            return None
        self.pos += 1
        return self.pos - 1

    def next_word_start(self, index: int) -> int | None:
        """The first word start at or after `index` (a page that begins in mid-word belongs
        to the page where the word began: the next word starts the page)."""
        at = bisect_left(self.starts, index)
        return self.starts[at] if at < len(self.starts) else None
