"""The print edition's page breaks in the EPUB: a marker where each print page begins, and
the page list in the navigation document (DAISY Knowledge Base, "Page navigation").

The positions come from the print layout (publish/pdf/pagestarts.py) as characters of the
brief's own text (publish/pagemap.py); here each is found again in the XHTML we wrote, by
the same count, skipping what the EPUB adds around the text (note calls, "Figure 1.",
note numbers). The marker is an empty span, as the Knowledge Base recommends:
`<span id="page-4" epub:type="pagebreak" role="doc-pagebreak" aria-label="4"/>`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..html import esc
from ..pagemap import COLOPHON, COLOPHON_END, NOTES, TITLE, PageStart, Stream

# Elements whose text the brief's text does not hold (classes of our own markup).
SKIP_CLASSES = {"noteref", "label", "missing-image", "backlink", "backlink-more", "also"}
TOKEN = re.compile(r"<[^>]*>|[^<]+")
CHAR = re.compile(r"&[^;]+;|.", re.S)
CLASS = re.compile(r'\sclass="([^"]*)"')
NOTE = re.compile(r'<li class="note"><p id="note-(\d+)".*?</li>', re.S)


def marker(label: str) -> str:
    return (
        f'<span id="page-{esc(label)}" epub:type="pagebreak" role="doc-pagebreak"'
        f' aria-label="{esc(label)}"/>'
    )


@dataclass
class PageMarks:
    """The page starts of one book, and the file each marker went into."""

    starts: list[PageStart]
    placed: dict[str, str] = field(default_factory=dict)  # label -> file name

    def _for(self, target: str) -> list[PageStart]:
        return [s for s in self.starts if s.target == target and s.label not in self.placed]

    def block(self, target: str, fragment: str, text: str, file_name: str) -> str:
        """`fragment` (one block's XHTML) with the markers of the pages that begin in it:
        before the block when a page begins with all of it, else before the word."""
        starts = self._for(target)
        if not starts:
            return fragment
        whole = "".join(marker(s.label) for s in starts if s.whole)
        inner = [s for s in starts if not s.whole]
        for s in starts:
            self.placed[s.label] = file_name
        return whole + (insert(fragment, text, inner) if inner else fragment)

    def section(self, target: str, page: str, file_name: str, *, end: bool = False) -> str:
        """Markers at the start (after the first `<section …>` tag) or the end (before the
        last `</section>`) of a content document: the title page, notes, colophon."""
        starts = self._for(target)
        if not starts:
            return page
        for s in starts:
            self.placed[s.label] = file_name
        marks = "".join(marker(s.label) for s in starts)
        at = page.rindex("</section>") if end else page.index(">", page.index("<section")) + 1
        return page[:at] + marks + page[at:]

    def title(self, page: str, file_name: str) -> str:
        return self.section(TITLE, page, file_name)

    def notes(self, page: str, texts: dict[int, str], file_name: str) -> str:
        """The notes page: its heading's pages, then each endnote's by its text."""
        page = self.section(NOTES, page, file_name)

        def one(match: re.Match[str]) -> str:
            number = int(match.group(1))
            return self.block(f"note-{number}", match.group(0), texts.get(number, ""), file_name)

        return NOTE.sub(one, page)

    def colophon(self, page: str, file_name: str) -> str:
        page = self.section(COLOPHON, page, file_name)
        return self.section(COLOPHON_END, page, file_name, end=True)

    def leftover(self, page: str, file_name: str) -> str:
        """Pages whose place was not found (a block the EPUB does not show): at the end of
        `page`, so that the page list still lists every page."""
        rest = [s for s in self.starts if s.label not in self.placed]
        for s in rest:
            self.placed[s.label] = file_name
        at = page.rindex("</body>")
        return page[:at] + "".join(marker(s.label) for s in rest) + page[at:]

    def nav(self, title: str) -> str:
        """The page list, hidden from the visible contents (DAISY KB: `hidden` on the nav)."""
        items = "".join(
            f'<li><a href="{self.placed[s.label]}#page-{esc(s.label)}">{esc(s.label)}</a></li>'
            for s in self.starts
            if s.label in self.placed
        )
        return (
            f'<nav epub:type="page-list" role="doc-pagelist" id="page-list"'
            f' aria-label="{esc(title)}" hidden="hidden"><ol>{items}</ol></nav>'
        )


def insert(fragment: str, text: str, starts: list[PageStart]) -> str:
    """`fragment` with a marker before the character of `text` at which each of `starts`
    begins, counted as publish.pagemap counts; one not found goes at the end."""
    stream = Stream(text)
    todo = sorted(starts, key=lambda s: s.index)
    out: list[str] = []
    skipping: list[bool] = []
    for token in TOKEN.findall(fragment):
        if token.startswith("<"):
            out.append(token)
            if token.startswith("</"):
                if skipping:
                    skipping.pop()
            elif not token.endswith("/>") and not token.startswith(("<!", "<?")):
                found = CLASS.search(token)
                classes = set(found.group(1).split()) if found else set()
                skipping.append(bool(classes & SKIP_CLASSES) or (bool(skipping) and skipping[-1]))
            continue
        if skipping and skipping[-1]:
            out.append(token)
            continue
        for piece in CHAR.findall(token):
            index = stream.match(html.unescape(piece))
            while todo and index is not None and todo[0].index <= index:
                out.append(marker(todo.pop(0).label))
            out.append(piece)
    out += [marker(s.label) for s in todo]
    return "".join(out)
