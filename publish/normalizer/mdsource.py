"""Markdown briefs: YAML front matter, `##` sections, `[^n]` notes, `{: .pullquote }` quotes.

Python-Markdown (with `footnotes` and `attr_list`) parses the body; we read its element
tree rather than its HTML, so that nothing it produces is ever passed on as markup. Raw
HTML in a brief comes back as literal text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, ETX, STX

from ..document import Diagnostic, Inline
from .assemble import RawBlock, RawBrief, RawNote
from .frontmatter import parse_front_matter, split_front_matter
from .inlines import merge_text, parse_inlines, plain_text

_PLACEHOLDER = re.compile(f"{STX}wzxhzdk:(\\d+){ETX}")
_ENTITY = re.compile(r"^&(#\d+|#x[0-9a-fA-F]+|\w+);$")
_WEB = ("http://", "https://", "mailto:")


class _Grab(Treeprocessor):
    """Keep the finished tree (after inline parsing and un-escaping) for us to read."""

    def run(self, root: ET.Element) -> None:
        self.md.publish_tree = root  # type: ignore[attr-defined]


class _GrabExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (their API)
        md.treeprocessors.register(_Grab(md), "publish-grab", -100)


class _Reader:
    def __init__(self, name: str, source_lines: list[str], offset: int) -> None:
        self.name = name
        self.lines = source_lines
        self.offset = offset  # lines of front matter before the body
        self.cursor = 0
        self.diags: list[Diagnostic] = []
        self.stash: list[str] = []
        self.labels: dict[str, int] = {}

    def warn(self, line: int, message: str) -> None:
        self.diags.append(Diagnostic("warning", line, message, self.name))

    def line_of(self, text: str) -> int:
        """Best guess at the source line of a block: where its first words next appear."""
        probe = " ".join(text.split()[:3])[:40]
        for i in range(self.cursor, len(self.lines)):
            if probe and probe in re.sub(r"[*_\\]", "", self.lines[i]):
                self.cursor = i + 1
                return i + 1 + self.offset
        return self.cursor + self.offset

    # --- text --------------------------------------------------------------------------
    def restore(self, text: str | None) -> str:
        if not text:
            return ""

        def put_back(match: re.Match[str]) -> str:
            raw = self.stash[int(match.group(1))]
            if _ENTITY.match(raw.strip()):
                return html.unescape(raw)
            if raw.lstrip().startswith("<") and not raw.lstrip().startswith("</"):
                # Never markup: say so, so that an author who meant an image or a link knows.
                shown = " ".join(raw.split())[:60]
                self.warn(self.cursor + self.offset, f"raw HTML shown as text: “{shown}”")
            return raw

        text = _PLACEHOLDER.sub(put_back, text)
        for marker in (FN_BACKLINK_TEXT, NBSP_PLACEHOLDER):
            text = text.replace(marker, "")
        return text.replace(AMP_SUBSTITUTE, "&").replace("\n", " ")

    def inlines(self, element: ET.Element, style: str = "text") -> list[Inline]:
        out: list[Inline] = []
        if element.text:
            out.append(Inline(style, self.restore(element.text)))  # type: ignore[arg-type]
        for child in element:
            out.extend(self.child_inlines(child, style))
            if child.tail:
                out.append(Inline(style, self.restore(child.tail)))  # type: ignore[arg-type]
        return out

    def child_inlines(self, child: ET.Element, style: str) -> list[Inline]:
        tag = child.tag
        if tag == "sup" and len(child) and "footnote-ref" in (child[0].get("class") or ""):
            label = (child[0].get("href") or "").removeprefix("#fn:")
            return [Inline("noteref", number=self.labels.get(label, 0))]
        if tag == "a" and "footnote-backref" in (child.get("class") or ""):
            return []
        if tag in ("em", "i"):
            return [Inline("em", plain_text(self.inlines(child)))]
        if tag in ("strong", "b"):
            return [Inline("strong", plain_text(self.inlines(child)))]
        if tag == "a":
            label = plain_text(self.inlines(child))
            href = child.get("href") or ""
            if href.lower().startswith(_WEB):
                return [Inline("link", label, href=href)]
            self.warn(self.cursor + self.offset,
                      f"link to “{href}” is not a web address; kept as text")  # fmt: skip
            return [Inline(style, label)]  # type: ignore[arg-type]
        if tag == "img":
            src = child.get("src", "")
            self.warn(self.cursor + self.offset, f"image “{src}” left out: briefs hold no images")
            return []
        if tag == "br":
            return [Inline(style, " ")]  # type: ignore[arg-type]
        return self.inlines(child, style)  # code, span, …: their text


def _trim(runs: list[Inline]) -> list[Inline]:
    runs = merge_text(runs)
    if runs and runs[0].type == "text":
        runs[0] = Inline("text", runs[0].text.lstrip())
    if runs and runs[-1].type == "text":
        runs[-1] = Inline("text", runs[-1].text.rstrip())
    return merge_text(runs)


def parse_markdown(text: str, name: str) -> RawBrief:
    front, offset, body = split_front_matter(text, name)
    meta = parse_front_matter(front, name) if front else {}
    md = markdown.Markdown(extensions=["footnotes", "attr_list", _GrabExtension()])
    md.convert(body)
    # Python-Markdown skips the tree processors (ours too) when the body is blank.
    root: ET.Element | None = getattr(md, "publish_tree", None)
    if root is None:
        root = ET.Element("div")
    reader = _Reader(name, body.split("\n"), offset)
    reader.stash = [str(s) for s in md.htmlStash.rawHtmlBlocks]

    raw = RawBrief(name=name)
    raw.front_matter = meta
    footnotes = root.find("./div[@class='footnote']")
    if footnotes is not None:
        for position, item in enumerate(footnotes.iter("li"), start=1):
            label = (item.get("id") or "").removeprefix("fn:")
            reader.labels[label] = int(label) if label.isdigit() else position
    for element in root:
        _block(element, raw, reader)
    if footnotes is not None:
        for item in footnotes.iter("li"):
            label = (item.get("id") or "").removeprefix("fn:")
            runs: list[Inline] = []
            for para in item:
                if runs:
                    runs.append(Inline("text", " "))
                runs.extend(reader.inlines(para))
            runs = _trim(runs)
            number = reader.labels[label]
            line = reader.line_of(f"[^{label}]:")
            raw.notes.append(RawNote(number, line, plain_text(runs), inlines=runs))
    raw.diagnostics = reader.diags
    return raw


def _block(element: ET.Element, raw: RawBrief, reader: _Reader) -> None:
    tag = element.tag
    if tag == "div" and element.get("class") == "footnote" or tag == "hr":
        return
    if tag == "blockquote":
        paras = [p for p in element if p.tag == "p"]
        quote = "pullquote" in (element.get("class") or "") or any(
            "pullquote" in (p.get("class") or "") for p in paras
        )
        runs = _trim([r for p in paras for r in reader.inlines(p) + [Inline("text", " ")]])
        line = reader.line_of(plain_text(runs))
        if quote:
            raw.blocks.append(RawBlock("pullquote", line, runs))
        else:
            reader.warn(line, "block quotation without {: .pullquote } kept as a paragraph")
            raw.blocks.append(RawBlock("paragraph", line, runs))
        return
    if tag in ("ul", "ol"):
        for item in element.iter("li"):
            runs = _trim(reader.inlines(item))
            line = reader.line_of(plain_text(runs))
            reader.warn(line, "list item kept as a paragraph: briefs have no lists")
            raw.blocks.append(RawBlock("paragraph", line, runs))
        return
    runs = _trim(reader.inlines(element))
    if not plain_text(runs).strip() and not any(r.type == "noteref" for r in runs):
        return
    line = reader.line_of(plain_text(runs))
    if tag == "h1" and not raw.title:
        raw.title, raw.title_line = plain_text(runs).strip(), line
    elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        if tag != "h2":
            reader.warn(line, f"{tag} heading treated as a section heading (##)")
        raw.blocks.append(RawBlock("heading", line, runs))
    elif tag == "p" and "pullquote" in (element.get("class") or ""):
        raw.blocks.append(RawBlock("pullquote", line, runs))
    else:
        raw.blocks.append(RawBlock("paragraph", line, runs))


def disclaimer_inlines(text: str) -> list[Inline]:
    return parse_inlines(text, calls=False)


def read_markdown_file(path: Path, text: str) -> RawBrief:
    return parse_markdown(text, str(path))
