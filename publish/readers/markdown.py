"""Markdown briefs: YAML front matter, `##` sections, `[^n]` notes, `{: .pullquote }` quotes,
figures (an image alone in a paragraph), pipe tables and pandoc's simple tables, lists and
`>` block quotes.

Python-Markdown (with `footnotes` and `attr_list`) parses the body; we read its element
tree rather than its HTML, so that nothing it produces is ever passed on as markup. Raw
HTML in a brief comes back as literal text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..document import Diagnostic, Inline
from ..normalizer.frontmatter import parse_front_matter, split_front_matter
from ..normalizer.inlines import MARK, plain_text
from ..normalizer.raw import RawBrief, RawNote
from .markdownblocks import read_block
from .markdownreader import MarkdownReader, trim
from .markdowntables import SimpleTableProcessor


class _Grab(Treeprocessor):
    """Keep the finished tree (after inline parsing and un-escaping) for us to read."""

    def run(self, root: ET.Element) -> None:
        self.md.publish_tree = root  # type: ignore[attr-defined]


class _QuoteProcessor(BlockQuoteProcessor):
    """A blank line ends a block quote (as in CommonMark).

    Python-Markdown appends a `>` block to the block quote before it even across a blank
    line, so two quotes written one after the other (or a quote after a pull quote) would
    read back as one. The quote's own paragraphs are separated by a `>` line instead.
    """

    def run(self, parent: ET.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = self.RE.search(block)
        if match:
            self.parser.parseBlocks(parent, [block[: match.start()]])
            block = "\n".join(self.clean(line) for line in block[match.start() :].split("\n"))
        quote = ET.SubElement(parent, "blockquote")
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, block)
        self.parser.state.reset()


class _GrabExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (their API)
        md.treeprocessors.register(_Grab(md), "publish-grab", -100)
        md.parser.blockprocessors.register(_QuoteProcessor(md.parser), "quote", 20)
        md.parser.blockprocessors.register(SimpleTableProcessor(md.parser), "simple-table", 76)


def parse_markdown(text: str, name: str) -> RawBrief:
    front, offset, body = split_front_matter(text, name)
    doubts: list[tuple[int, str]] = []
    meta = parse_front_matter(front, name, doubts) if front else {}
    # sane_lists: an ordered list starting at 3 keeps its 3, and a bulleted list right after
    # a numbered one is a list of its own (so the writer's output reads back the same).
    md = markdown.Markdown(
        extensions=["footnotes", "attr_list", "tables", "sane_lists", _GrabExtension()]
    )
    md.convert(body)
    # Python-Markdown skips the tree processors (ours too) when the body is blank.
    root: ET.Element | None = getattr(md, "publish_tree", None)
    if root is None:
        root = ET.Element("div")
    reader = MarkdownReader(name, body.split("\n"), offset)
    reader.stash = [str(s) for s in md.htmlStash.rawHtmlBlocks]

    raw = RawBrief(name=name)
    raw.front_matter = meta
    footnotes = root.find("./div[@class='footnote']")
    if footnotes is not None:
        for position, item in enumerate(footnotes.iter("li"), start=1):
            label = (item.get("id") or "").removeprefix("fn:")
            reader.labels[label] = int(label) if label.isdigit() else position
    raw.call_form = "[^{}]"
    elements = [e for e in root if not (e.tag == "div" and e.get("class") == "footnote")]
    position = 0
    while position < len(elements):
        position = read_block(elements, position, raw, reader)
    if footnotes is not None:
        reader.in_note = True
        for item in footnotes.iter("li"):
            label = (item.get("id") or "").removeprefix("fn:")
            runs: list[Inline] = []
            for para in item:
                if runs:
                    runs.append(Inline("text", " "))
                runs.extend(reader.inlines(para))
            runs = trim(runs)
            number = reader.labels[label]
            line = reader.definition_line(label)
            reader.settle(line)
            # A label of symbols only (`[^*]`, `[^†]`) is a custom note mark, shown as it is.
            mark = label if MARK.fullmatch(label) else None
            raw.notes.append(RawNote(number, line, plain_text(runs), inlines=runs, mark=mark))
    raw.diagnostics = [Diagnostic("warning", line, message, name) for line, message in doubts]
    raw.diagnostics += reader.diags
    return raw


def read_markdown_file(path: Path, text: str) -> RawBrief:
    return parse_markdown(text, str(path))
