"""Where each page of a laid-out print edition begins, read from WeasyPrint's own page
boxes (publish/pagemap.py says what a position is).

Walking the boxes of the final layout, not the PDF's text, is exact: every line box knows
its element, so the brief's text is counted through the pages without guessing which words
of a page are a running head, a page number or a footnote. What a page's marker is:

- the first character of the brief's body text on the page, moved to the next word when
  the page begins in mid-word (a word hyphenated across the break belongs to the page where
  it began); a figure whose image opens the page puts it before the figure;
- never on what the body does not hold: running heads and page numbers (margin boxes),
  footnotes (the footnote area, and the call marks), pull quotes (they repeat the text, and
  are hidden from assistive technology), our labels ("Figure 1."), list numbers, the
  printed contents list, a table's header repeated on a later page;
- the title block, the endnotes and the colophon have their EPUB places too (title page,
  notes, colophon); a page holding none of these (only footnotes carried over, or only a
  table's credit line) gets its marker where the next page's is, so that every page is in
  the page list, in order, pointing at the reading position it starts from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..document import Document
from ..pagemap import COLOPHON, COLOPHON_END, NOTES, TITLE, PageStart, Stream, block_text, note_text

if TYPE_CHECKING:
    from weasyprint.document import Document as Rendered

SKIP = "skip"  # a subtree whose text is not the body's
SKIPPED = {SKIP}
SKIP_CLASSES = {"label", "qmark", "endnote-n", "noteref", "footnote", "contents", "pullquote"}


def page_starts(rendered: Rendered, doc: Document) -> list[PageStart]:
    """One PageStart per page of `rendered` (the print layout of `doc`), labelled 1, 2 …"""
    from weasyprint.formatting_structure import boxes

    streams: dict[str, Stream] = {
        b.id: Stream(block_text(b)) for b in doc.blocks if b.type != "pullquote" and b.id
    }
    streams.update({f"note-{n.number}": Stream(note_text(n)) for n in doc.notes})
    ids: dict[str, str] = {b.id: b.id for b in doc.blocks if b.id}
    ids.update({f"endnote-{n.number}": f"note-{n.number}" for n in doc.notes})
    begun: set[str] = set()  # targets with content on an earlier page
    out: list[PageStart | None] = []

    for number, page in enumerate(rendered.pages, start=1):
        label = str(number)
        found: PageStart | None = None
        here: set[str] = set()
        pending: list[tuple[Any, str | None]] = [(page._page_box, None)]  # type: ignore[attr-defined]
        while pending:
            box, target = pending.pop()
            if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
                continue
            tag = box.element_tag or ""
            if "::" in tag:  # generated: call marks, list numbers, ::before
                continue
            if box.element is not None:
                target = _target(box.element, tag, ids) or target
            if isinstance(box, boxes.TableRowGroupBox) and box.is_header and target in begun:
                continue  # a header repeated on a later page
            if target is not None and target in SKIPPED:
                continue
            if isinstance(box, boxes.TextBox) and target in streams:
                stream = streams[target]
                first = None
                for ch in box.text:
                    if (index := stream.match(ch)) is not None and first is None:
                        first = index
                if first is not None:
                    here.add(target)
                    if found is None:
                        found = _word_start(stream, first, target, label, begun)
            elif isinstance(box, boxes.ReplacedBox) and target in streams:
                if found is None:  # an image opens the page: before the figure
                    whole = target not in begun and streams[target].pos == 0
                    found = PageStart(label, target, streams[target].pos, whole=whole)
                here.add(target)
            elif isinstance(box, boxes.TextBox) and target in (TITLE, NOTES, COLOPHON):
                if found is None:
                    late = target == COLOPHON and COLOPHON in begun
                    found = PageStart(label, COLOPHON_END if late else target)
                here.add(target)
            children = getattr(box, "children", None) or []
            pending.extend((child, target) for child in reversed(children))
        begun |= here
        out.append(found)
    return _fill(out)


def _target(element: Any, tag: str, ids: dict[str, str]) -> str | None:
    """What an element's text counts towards: a block, an endnote, the title block, the
    endnotes' heading, the colophon; SKIP for what the body does not hold; None: as its
    parent."""
    classes = set((element.get("class") or "").split())
    if classes & SKIP_CLASSES or tag == "aside":
        return SKIP
    if (name := element.get("id")) in ids:
        return ids[name]
    if "title-block" in classes:
        return TITLE
    if "colophon" in classes:
        return COLOPHON
    if name == "endnotes-title":
        return NOTES
    return None


def _word_start(
    stream: Stream, first: int, target: str, label: str, begun: set[str]
) -> PageStart | None:
    """The page's start once a text box counted characters from `first` on: that character
    when a word begins there, else the next word that begins in this box (None: none yet)."""
    start = first if first in stream.word_starts else stream.next_word_start(first + 1)
    if start is None or start >= stream.pos:
        return None
    return PageStart(label, target, start, whole=start == 0 and target not in begun)


def _fill(found: list[PageStart | None]) -> list[PageStart]:
    """A page with no start of its own takes the next page's position (or the book's end)."""
    out: list[PageStart] = []
    following: PageStart | None = None
    for index in range(len(found) - 1, -1, -1):
        page = found[index]
        label = str(index + 1)
        if page is None:
            target = following or PageStart(label, COLOPHON_END)
            page = PageStart(label, target.target, target.index, target.whole)
        out.append(page)
        following = page
    return out[::-1]
