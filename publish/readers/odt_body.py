"""content.xml's body as the HTML mammoth writes for Word, for publish.readers.html.

Each ODF paragraph is read once, into one element: Title → `h1`, Subtitle → `p.subtitle`,
headings → `h(N+1)`, Quotations/Quote → `blockquote > p` (consecutive ones in one quote),
pull quotes → `aside > p`, captions → `p.caption`, the rest → `p`. Notes become a call
`<sup><a href="#footnote-N" id="footnote-ref-N">[N]</a></sup>` and an item `li#footnote-N`
of one `ol` after the body (footnotes, then endnotes), as mammoth shapes Word's. Pictures
and text boxes anchored in a paragraph follow it as paragraphs of their own, as the Word
reader lifts them: `p > img` (a figure) and `p.textbox` (a pull quote when it repeats a
sentence of the body).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree, html

from .odt_frames import FIGURE, PARAGRAPHS, Frames, owns, paragraphs_in
from .odt_styles import NS, Styles, q

MAX_MARK = 8  # characters of a custom note mark; anything longer is text, not a mark
MAX_REPEAT = 64  # repeated table cells and rows written out; a bomb of empties is not
_SKIP = {q("text", t) for t in ("soft-page-break", "bookmark", "bookmark-start", "bookmark-end",
         "reference-mark", "reference-mark-start", "reference-mark-end", "change", "change-start",
         "change-end", "toc-mark", "toc-mark-start", "toc-mark-end", "alphabetical-index-mark",
         "alphabetical-index-mark-start", "alphabetical-index-mark-end", "number",
         "user-index-mark")} | {q("office", "annotation-end")}  # fmt: skip
_INDEXES = {q("text", t) for t in ("table-of-content", "alphabetical-index", "illustration-index",
            "table-index", "object-index", "user-index", "bibliography")}  # fmt: skip
_WEB = ("http://", "https://", "mailto:")


class Converter(Frames):
    """One pass over office:text; `order` numbers the elements it writes for diagnostics."""

    def __init__(self, styles: Styles, package: zipfile.ZipFile, path: Path) -> None:
        self.styles, self.package, self.path = styles, package, path
        self.names = set(package.namelist())
        self.order: dict[etree._Element, int] = {}
        self.marks: dict[str, str] = {}
        self.found: list[tuple[str, int, str]] = []
        self.count = 0  # paragraphs of the body so far
        self.notes: dict[str, list[etree._Element]] = {"footnote": [], "endnote": []}
        self.unknown: Counter[str] = Counter()
        self.said: set[str] = set()
        self.continued: dict[str, int] = {}  # list style -> last number, for continued lists
        self.holder = 0  # >0 inside a list item, table cell or note: pictures stay inline
        self.after: list[etree._Element] = []  # blocks to set after the current paragraph
        self.sequence = False  # a caption's label (`Figure 1`) was just passed

    def say(self, level: str, message: str, once: bool = True) -> None:
        if once and message in self.said:
            return
        self.said.add(message)
        self.found.append((level, self.count, message))

    def convert(self, text: etree._Element) -> etree._Element:
        root = html.document_fromstring("<html><body></body></html>")
        body = root.find("body")
        self.blocks(text, body)
        notes = [*self.notes["footnote"], *self.notes["endnote"]]
        if notes:
            listing = etree.SubElement(body, "ol")
            listing.extend(notes)
        for style, count in sorted(self.unknown.items()):
            message = f"paragraph style “{style}” is not one the reader knows: {count} " \
                      f"paragraph{'s' if count != 1 else ''} read as body text"  # fmt: skip
            self.found.append(("warning", 0, message))
        return root

    # --- blocks -----------------------------------------------------------------------------
    def blocks(self, parent: etree._Element, out: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag in PARAGRAPHS:
                self.paragraph(child, out)
            elif tag == q("text", "list"):
                self.listing(child, out, 1, None)
            elif tag == q("table", "table"):
                self.table(child, out)
            elif tag in (q("text", "section"), q("text", "numbered-paragraph")):
                self.blocks(child, out)
            elif tag in _INDEXES:
                what = etree.QName(tag).localname.replace("-", " ").replace("content", "contents")
                self.say("info", f"{what} dropped: the editions make their own")
            elif tag == q("text", "tracked-changes"):
                if len(child):
                    self.say("info", "tracked changes read as accepted: insertions kept, "
                                     "deletions dropped")  # fmt: skip
            elif tag in FIGURE:
                holder = out.makeelement("p", {})
                self.frame(child, holder)
                self.flush(out)

    def flush(self, out: etree._Element) -> None:
        for element in self.after:
            out.append(element)
            self.order[element] = self.count
        self.after = []

    def paragraph(self, p: etree._Element, out: etree._Element) -> None:
        self.count += 1
        role, level, unknown = self.styles.role(p.get(q("text", "style-name")))
        if p.tag == q("text", "h") and role not in ("title", "subtitle"):
            outline = p.get(q("text", "outline-level")) or ""
            role, level = "heading", int(outline) if outline.isdigit() else (level or 1)
        if role == "body" and owns(p, q("text", "sequence")):
            role = "caption"  # numbered by Insert Caption, whatever its style is called
        elif role == "caption" and owns(p, q("draw", "image")):
            role = "body"  # the picture's own paragraph (pandoc's FigureWithCaption)
        if unknown and "".join(p.itertext()).strip():
            self.unknown[unknown] += 1
        previous = out[-1] if len(out) else None
        if role == "title":
            element = etree.SubElement(out, "h1")
        elif role == "heading":
            element = etree.SubElement(out, f"h{min(max(level or 1, 1) + 1, 6)}")
        elif role in ("quote", "pullquote"):
            tag = "blockquote" if role == "quote" else "aside"
            if previous is None or previous.tag != tag or previous.get("data-odt") is None:
                previous = etree.SubElement(out, tag, {"data-odt": "1"})
                self.order[previous] = self.count
            element = etree.SubElement(previous, "p")
        else:
            attrs = {"class": role} if role in ("subtitle", "author", "caption") else {}
            element = etree.SubElement(out, "p", attrs)
        self.order[element] = self.count
        self.sequence = False
        self.inline(p, element, caption=role == "caption")
        if role == "caption":
            element.text = (element.text or "").lstrip()
        self.flush(out)

    def listing(self, lst: etree._Element, out: etree._Element, level: int,
                style: str | None) -> None:  # fmt: skip
        style = lst.get(q("text", "style-name")) or style
        items = [c for c in lst if c.tag in (q("text", "list-item"), q("text", "list-header"))]
        contents = [c for i in items for c in i]
        if contents and all(c.tag == q("text", "h") for c in contents):
            for heading in contents:  # numbered headings: LibreOffice lists them
                self.paragraph(heading, out)
            return
        ordered, start = self.styles.list_level(style, level)
        first = items[0].get(q("text", "start-value")) if items else None
        if first and first.isdigit():
            start = int(first)
        elif ordered and lst.get(q("text", "continue-numbering")) == "true" and level == 1:
            start = self.continued.get(style or "", 0) + 1
        element = etree.SubElement(out, "ol" if ordered else "ul")
        if ordered and start != 1:
            element.set("start", str(start))
        self.order[element] = self.count + 1
        self.holder += 1
        for item in items:
            li = etree.SubElement(element, "li")
            self.order[li] = self.count + 1
            for child in item:
                if child.tag in PARAGRAPHS:
                    self.count += 1
                    self.join(li)
                    self.inline(child, li)
                elif child.tag == q("text", "list"):
                    self.listing(child, li, level + 1, style)
                elif child.tag == q("table", "table"):
                    self.table(child, li)
        self.holder -= 1
        if ordered and level == 1:
            self.continued[style or ""] = start + len(items) - 1

    def table(self, table: etree._Element, out: etree._Element) -> None:
        element = etree.SubElement(out, "table")
        self.order[element] = self.count + 1
        self.holder += 1
        self.rows(table, element, None)
        self.holder -= 1

    def rows(self, parent: etree._Element, table: etree._Element, head: bool | None) -> None:
        for child in parent:
            if child.tag == q("table", "table-header-rows"):
                self.rows(child, table, True)
            elif child.tag in (q("table", "table-rows"), q("table", "table-row-group")):
                self.rows(child, table, head)
            elif child.tag == q("table", "table-row"):
                group = "thead" if head else "tbody"
                section = table.find(group)
                if section is None:
                    section = etree.SubElement(table, group)
                repeat = _repeat(child.get(q("table", "number-rows-repeated")))
                for _ in range(repeat):
                    self.row(child, etree.SubElement(section, "tr"), bool(head))

    def row(self, row: etree._Element, tr: etree._Element, head: bool) -> None:
        for cell in row:
            if cell.tag != q("table", "table-cell"):
                continue  # covered cells: the space a spanning cell takes
            attrs = {}
            for odf, name in (("number-columns-spanned", "colspan"),
                              ("number-rows-spanned", "rowspan")):  # fmt: skip
                if (span := cell.get(q("table", odf))) and span.isdigit() and span != "1":
                    attrs[name] = span
            repeat = _repeat(cell.get(q("table", "number-columns-repeated")))
            for _ in range(repeat):
                td = etree.SubElement(tr, "th" if head else "td", attrs)
                for paragraph in paragraphs_in(cell):
                    self.count += 1
                    self.join(td)
                    self.inline(paragraph, td)

    def join(self, holder: etree._Element) -> None:
        """A line break between two paragraphs in one list item or cell."""
        if len(holder) or (holder.text or "").strip():
            etree.SubElement(holder, "br")

    # --- inline content ---------------------------------------------------------------------
    def inline(self, node: etree._Element, target: etree._Element, caption: bool = False) -> None:
        self.add(target, node.text)
        for child in node:
            self.child(child, target, caption)
            self.add(target, child.tail)

    def add(self, target: etree._Element, text: str | None) -> None:
        if not text:
            return
        if self.sequence and not len(target):
            text = re.sub(r"^[\s:.–—-]+", "", text)
            if text:
                self.sequence = False
        if len(target):
            target[-1].tail = (target[-1].tail or "") + text
        else:
            target.text = (target.text or "") + text

    def child(self, child: etree._Element, target: etree._Element, caption: bool) -> None:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == q("text", "span"):
            bold, italic = self.styles.emphasis(child.get(q("text", "style-name")))
            inner = target
            if bold:
                inner = etree.SubElement(inner, "strong")
            if italic:
                inner = etree.SubElement(inner, "em")
            self.inline(child, inner, caption)
        elif tag == q("text", "a"):
            href = (child.get(q("xlink", "href")) or "").strip()
            if href.lower().startswith(_WEB):
                self.inline(child, etree.SubElement(target, "a", {"href": href}), caption)
            else:
                self.inline(child, target, caption)
        elif tag == q("text", "s"):
            self.add(target, " " * min(_repeat(child.get(q("text", "c"))), 8))
        elif tag == q("text", "tab"):
            self.add(target, " ")
        elif tag == q("text", "line-break"):
            etree.SubElement(target, "br")
        elif tag == q("text", "note"):
            self.note(child, target)
        elif tag == q("office", "annotation"):
            self.say("info", "comments dropped")
        elif tag in FIGURE:
            if not caption:  # a caption's picture is the figure's, read by captioned()
                self.frame(child, target)
        elif tag == q("text", "sequence") and caption:
            for old in list(target):  # the label before the number goes with it
                target.remove(old)
            target.text, self.sequence = "", True
        elif tag == q("text", "ruby"):
            base = child.find("text:ruby-base", NS)
            if base is not None:
                self.inline(base, target, caption)
        else:  # fields (dates, page numbers, sequence numbers): their shown text
            self.inline(child, target, caption)

    def note(self, note: etree._Element, target: etree._Element) -> None:
        kind = "endnote" if note.get(q("text", "note-class")) == "endnote" else "footnote"
        number = len(self.notes[kind]) + 1
        ident = f"{kind}-{number}"
        sup = etree.SubElement(target, "sup")
        link = etree.SubElement(sup, "a", {"href": f"#{ident}", "id": f"{kind}-ref-{number}"})
        link.text = f"[{number}]"
        citation = note.find("text:note-citation", NS)
        label = (citation.get(q("text", "label")) or "").strip() if citation is not None else ""
        if label and len(label) <= MAX_MARK:
            self.marks[ident] = label
        item = target.makeelement("li", {"id": ident})
        self.notes[kind].append(item)
        self.order[item] = self.count
        body = note.find("text:note-body", NS)
        self.holder += 1
        saved, self.after, sequence = self.after, [], self.sequence
        for paragraph in paragraphs_in(body) if body is not None else []:
            if len(item):
                item[-1].tail = " "
            self.inline(paragraph, etree.SubElement(item, "p"))
        self.after, self.sequence = saved, sequence
        self.holder -= 1


def _repeat(value: str | None) -> int:
    return min(int(value), MAX_REPEAT) if value and value.isdigit() and int(value) > 0 else 1
