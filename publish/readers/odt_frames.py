"""Frames in an ODT body: pictures (figures), captioned pictures and text boxes.

LibreOffice anchors a frame in a paragraph; the Word reader's shape for it is a paragraph of
its own after that one: `p > img` for a picture (src `brief.odt#Pictures/1.png`, alt text
from the frame's `svg:title`, else `svg:desc`), `p.caption` for Insert Caption's text, and
`p.textbox` for each paragraph of a text box. In a list, a table cell or a note a picture
stays where it is, and the HTML reader leaves it out with a warning, as for Word.

A picture is read only from inside the file, under Pictures/: a link to a URL, an absolute
path or a `..` path is never followed (a warning, and the picture is left out); a picture
the document names but the file lacks is a broken file (exit 2), as for Word.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .. import images
from ..errors import InputError
from .odt_styles import NS, q

PARAGRAPHS = (q("text", "p"), q("text", "h"))
FIGURE = q("draw", "frame"), q("draw", "custom-shape"), q("draw", "a"), q("draw", "g")


class Frames:
    """The frame half of publish.readers.odt_body.Converter."""

    package: zipfile.ZipFile
    path: Path
    names: set[str]
    holder: int
    after: list[etree._Element]
    sequence: bool
    say: Callable[..., None]
    inline: Callable[..., None]
    join: Callable[[etree._Element], None]

    def frame(self, frame: etree._Element, target: etree._Element) -> None:
        if frame.tag in (q("draw", "a"), q("draw", "g")):
            for inner in frame:
                if inner.tag in FIGURE:
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
        for paragraph in paragraphs_in(box):
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
        for paragraph in paragraphs_in(box):
            if self.holder or target.tag != "p":
                self.join(target)
                self.inline(paragraph, target)
                continue
            element = target.makeelement("p", {"class": "textbox"})
            self.inline(paragraph, element)
            self.after.append(element)


def paragraphs_in(element: etree._Element) -> list[etree._Element]:
    """Paragraphs inside a cell, note or box, in order; not those inside them (a note's,
    a text box's in one of them)."""
    return [p for p in element.iter(*PARAGRAPHS) if holder_of(p, element) is element]


def holder_of(node: etree._Element, stop: etree._Element | None = None) -> etree._Element | None:
    """The nearest paragraph or note around `node` (or `stop`, reached first)."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in PARAGRAPHS or parent.tag == q("text", "note"):
            return parent
        parent = parent.getparent()
    return parent


def owns(paragraph: etree._Element, tag: str) -> bool:
    """Whether `paragraph` itself (not a note or box inside it) holds a `tag` element."""
    return any(holder_of(e) is paragraph for e in paragraph.iter(tag))
