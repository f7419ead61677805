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
from urllib.parse import unquote

from lxml import etree, html

from .. import images
from ..errors import InputError
from .odt import NS, Styles, q

MAX_MARK = 8  # characters of a custom note mark; anything longer is text, not a mark
MAX_REPEAT = 64  # repeated table cells and rows written out; a bomb of empties is not
_SKIP = {q("text", t) for t in ("soft-page-break", "bookmark", "bookmark-start", "bookmark-end",
         "reference-mark", "reference-mark-start", "reference-mark-end", "change", "change-start",
         "change-end", "toc-mark", "toc-mark-start", "toc-mark-end", "alphabetical-index-mark",
         "alphabetical-index-mark-start", "alphabetical-index-mark-end", "number",
         "user-index-mark", "bibliography-mark")} | {q("office", "annotation-end")}  # fmt: skip
_INDEXES = {q("text", t) for t in ("table-of-content", "alphabetical-index", "illustration-index",
            "table-index", "object-index", "user-index", "bibliography")}  # fmt: skip
_PARAGRAPHS = (q("text", "p"), q("text", "h"))
_WEB = ("http://", "https://", "mailto:")
_FIGURE = q("draw", "frame"), q("draw", "custom-shape"), q("draw", "a"), q("draw", "g")


class Converter:
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
            if tag in _PARAGRAPHS:
                self.paragraph(child, out)
            elif tag == q("text", "list"):
                self.listing(child, out, 1, None)
            elif tag == q("table", "table"):
                self.table(child, out)
            elif tag in (q("text", "section"), q("text", "numbered-paragraph")):
                self.blocks(child, out)
            elif tag in _INDEXES:
                self.say("info", f"{etree.QName(tag).localname.replace('-', ' ')} dropped: "
                                 "the editions make their own")  # fmt: skip
            elif tag == q("text", "tracked-changes"):
                if len(child):
                    self.say("info", "tracked changes read as accepted: insertions kept, "
                                     "deletions dropped")  # fmt: skip
            elif tag in _FIGURE:
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
        if role == "body" and _owns(p, q("text", "sequence")):
            role = "caption"  # numbered by Insert Caption, whatever its style is called
        elif role == "caption" and _owns(p, q("draw", "image")):
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
                if child.tag in _PARAGRAPHS:
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
                for paragraph in _paragraphs_in(cell):
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
        elif tag in _FIGURE:
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
        for paragraph in _paragraphs_in(body) if body is not None else []:
            if len(item):
                item[-1].tail = " "
            self.inline(paragraph, etree.SubElement(item, "p"))
        self.after, self.sequence = saved, sequence
        self.holder -= 1

    # --- frames: pictures and text boxes ----------------------------------------------------
    def frame(self, frame: etree._Element, target: etree._Element) -> None:
        if frame.tag in (q("draw", "a"), q("draw", "g")):
            for inner in frame:
                if inner.tag in _FIGURE:
                    self.frame(inner, target)
            return
        box = frame.find("draw:text-box", NS)
        pictures = frame.findall("draw:image", NS)
        if box is not None and box.find(".//draw:image", NS) is not None:
            self.captioned(box, target)  # LibreOffice's Insert Caption: a frame around both
        elif box is not None or frame.tag == q("draw", "custom-shape"):
            self.text_box(box if box is not None else frame, target)
        elif pictures:
            self.picture(frame, pictures, target)
        elif (
            frame.find("draw:object", NS) is not None
            or frame.find("draw:object-ole", NS) is not None
        ):
            name = frame.get(q("draw", "name")) or "an object"
            self.say("warning", f"embedded object “{name}” (a chart or formula) left out: "
                                "save it as a picture", once=False)  # fmt: skip

    def picture(self, frame: etree._Element, pictures: list[etree._Element],
                target: etree._Element) -> etree._Element | None:  # fmt: skip
        src, problems = None, []
        for image in pictures:  # LibreOffice writes an SVG and a PNG of one picture
            src, problem = self.member(image)
            if src:
                break
            problems.append(problem)
        if not src:
            for problem in problems:
                self.say("warning", problem, once=False)
            return None
        # Alt text: the frame's title (LibreOffice's Text Alternative), else its description.
        described = [frame.find(tag, NS) for tag in ("svg:title", "svg:desc")]
        alt = next((" ".join("".join(d.itertext()).split()) for d in described
                    if d is not None and "".join(d.itertext()).strip()), "")  # fmt: skip
        img = target.makeelement("img", {"src": src, "alt": alt})
        if self.holder or target.tag != "p":
            target.append(img)  # in a cell, list or note: the HTML reader says it is left out
        else:
            holder = target.makeelement("p", {})
            holder.append(img)
            self.after.append(holder)
        return img

    def member(self, image: etree._Element) -> tuple[str | None, str]:
        """The src of a picture inside this file, or why there is none."""
        href = (image.get(q("xlink", "href")) or "").strip()
        if not href:
            found = image.find("office:binary-data", NS) is not None
            return None, "a picture stored in the text (not under Pictures/) was left out" \
                if found else "a picture without a file was left out"  # fmt: skip
        member = href[2:] if href.startswith("./") else href
        parts = member.split("/")
        if (re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", member) or member.startswith(("/", "\\"))
                or "\\" in member or ".." in parts):  # fmt: skip
            return None, f"picture “{href[:80]}” is outside the file: not fetched, left out"
        if not member.startswith(images.ODT_FOLDER):
            return None, f"a picture outside {images.ODT_FOLDER} (“{href[:80]}”) was left out"
        if member not in self.names and unquote(member) in self.names:
            member = unquote(member)
        if member not in self.names:
            message = f"broken OpenDocument file: picture “{member[:120]}” is referenced " \
                      "but is not in the file"  # fmt: skip
            raise InputError(message, path=self.path)
        try:
            images.read_member(self.package, member, images.ODT_FOLDER, "OpenDocument file")
        except images.ImageTooLarge as exc:
            raise InputError(f"picture {member}: {exc}", path=self.path) from None
        except images.ImageProblem as exc:
            return None, f"picture left out: {exc}"
        return f"{self.path.name}#{member}", ""

    def captioned(self, box: etree._Element, target: etree._Element) -> None:
        """A picture and its caption in one frame: the figure, then its caption."""
        for paragraph in _paragraphs_in(box):
            inner = [f for f in paragraph.iter(q("draw", "frame"))
                     if f.find("draw:image", NS) is not None]  # fmt: skip
            for frame in inner:
                self.picture(frame, frame.findall("draw:image", NS), target)
            caption = target.makeelement("p", {"class": "caption"})
            self.sequence = False
            self.inline(paragraph, caption, caption=True)
            caption.text = (caption.text or "").lstrip()
            if "".join(caption.itertext()).strip():
                (target.append if self.holder else self.after.append)(caption)

    def text_box(self, box: etree._Element, target: etree._Element) -> None:
        for paragraph in _paragraphs_in(box):
            if self.holder or target.tag != "p":
                self.join(target)
                self.inline(paragraph, target)
                continue
            element = target.makeelement("p", {"class": "textbox"})
            self.inline(paragraph, element)
            self.after.append(element)


def _paragraphs_in(element: etree._Element) -> list[etree._Element]:
    """Paragraphs inside a cell, note or box, in order; not those inside them (a note's,
    a text box's in one of them)."""
    return [p for p in element.iter(*_PARAGRAPHS) if _holder(p, element) is element]


def _holder(node: etree._Element, stop: etree._Element | None = None) -> etree._Element | None:
    """The nearest paragraph or note around `node` (or `stop`, reached first)."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _PARAGRAPHS or parent.tag == q("text", "note"):
            return parent
        parent = parent.getparent()
    return parent


def _owns(paragraph: etree._Element, tag: str) -> bool:
    """Whether `paragraph` itself (not a note or box inside it) holds a `tag` element."""
    return any(_holder(e) is paragraph for e in paragraph.iter(tag))


def _repeat(value: str | None) -> int:
    return min(int(value), MAX_REPEAT) if value and value.isdigit() and int(value) > 0 else 1
