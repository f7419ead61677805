"""Kobo edition: our EPUB's XHTML rewritten the way kepubify and Standard Ebooks do it.

Kobo's reader highlights, bookmarks and counts reading progress by `koboSpan` spans
(`<span class="koboSpan" id="kobo.P.S">`, P the paragraph, S the segment within it) and lays
pages out inside `div#book-columns > div#book-inner`. The transform only adds spans and the two
wrappers: no text, link, id or `epub:type` changes, so notes (pop-ups, backlinks), pull quotes
and the colophon keep their semantics, and the text read from the result equals the EPUB's.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from lxml import etree

from publish.epub.zipwriter import write_zip

XHTML = "http://www.w3.org/1999/xhtml"
# Blocks whose text Kobo counts as a paragraph (kepubify's list, less the ones we never write).
BLOCKS = {
    f"{{{XHTML}}}{tag}"
    for tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "figcaption", "dt", "dd")
}
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+")


def _split(text: str) -> list[str]:
    """Sentences, each keeping the space after it (so joining them gives the text back)."""
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return [p for p in pieces if p]


def _span(text: str, para: int, seg: int) -> etree._Element:
    span = etree.Element(f"{{{XHTML}}}span", nsmap={None: XHTML})
    span.set("class", "koboSpan")
    span.set("id", f"kobo.{para}.{seg}")
    span.text = text
    return span


def _wrap_block(block: etree._Element, para: int) -> None:
    seg = 0

    def spans(text: str) -> list[etree._Element]:
        nonlocal seg
        out = []
        for piece in _split(text):
            seg += 1
            out.append(_span(piece, para, seg))
        return out

    # Collect first, then rewrite: text nodes of the block and of its inline descendants.
    nodes = [el for el in block.iter() if isinstance(el.tag, str)]
    for el in nodes:
        if el.get("class") == "koboSpan":
            continue
        if el.text and el.text.strip():
            new = spans(el.text)
            el.text = None
            for i, span in enumerate(new):
                el.insert(i, span)
        if el is not block and el.tail and el.tail.strip():
            new = spans(el.tail)
            el.tail = None
            parent, at = el.getparent(), el.getparent().index(el)
            for i, span in enumerate(new, start=1):
                parent.insert(at + i, span)


def kepub_xhtml(data: bytes) -> bytes:
    """One XHTML content document with koboSpans and the book-columns/book-inner wrappers."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    body = root.find(f"{{{XHTML}}}body")
    if body is None:
        return data
    para = 0
    for block in [el for el in body.iter() if el.tag in BLOCKS]:
        # A block inside another (a p in an li) is counted once, by the innermost.
        if any(child.tag in BLOCKS for child in block.iterdescendants()):
            continue
        para += 1
        _wrap_block(block, para)
    columns = etree.Element(f"{{{XHTML}}}div", id="book-columns")
    inner = etree.SubElement(columns, f"{{{XHTML}}}div", id="book-inner")
    inner.text, body.text = body.text, None
    for child in list(body):
        inner.append(child)
    body.append(columns)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def build_kepub(epub: bytes) -> bytes:
    """The Kobo edition of an EPUB: every XHTML document but the nav rewritten, same zip dates
    as the EPUB's (so the same EPUB gives the same bytes)."""
    with zipfile.ZipFile(io.BytesIO(epub)) as src:
        infos = [i for i in src.infolist() if not i.is_dir()]
        entries = {i.filename: src.read(i) for i in infos}
        when = datetime(*infos[0].date_time)
    entries.pop("mimetype", None)
    for name, data in entries.items():
        if name.endswith(".xhtml") and b'epub:type="toc"' not in data:
            entries[name] = kepub_xhtml(data)
    return write_zip(entries, when)


def _body_text(data: bytes) -> str:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    body = root.find(f"{{{XHTML}}}body")
    return "".join(body.itertext()) if body is not None else ""


def text_differences(epub: bytes, kepub: bytes) -> list[str]:
    """The content documents whose text differs between an EPUB and its Kobo edition (the
    transform adds only spans and wrappers, so none should), and any file one of them lacks."""
    with zipfile.ZipFile(io.BytesIO(epub)) as a, zipfile.ZipFile(io.BytesIO(kepub)) as b:
        names_a, names_b = set(a.namelist()), set(b.namelist())
        differ = sorted(names_a ^ names_b)
        for name in sorted(names_a & names_b):
            if name.endswith(".xhtml") and _body_text(a.read(name)) != _body_text(b.read(name)):
                differ.append(name)
    return differ
