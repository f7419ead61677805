"""Markdown briefs: YAML front matter, `##` sections, `[^n]` notes, `{: .pullquote }` quotes,
figures (an image alone in a paragraph), pipe tables, lists and `>` block quotes.

Python-Markdown (with `footnotes` and `attr_list`) parses the body; we read its element
tree rather than its HTML, so that nothing it produces is ever passed on as markup. Raw
HTML in a brief comes back as literal text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, ETX, STX

from ..document import Align, Diagnostic, Inline, ListItem, SubList
from ..normalizer.frontmatter import parse_front_matter, split_front_matter
from ..normalizer.inlines import CALL, LOOSE_CALL, MARK, merge_text, plain_text
from ..normalizer.raw import RawBlock, RawBrief, RawNote

_PLACEHOLDER = re.compile(f"{STX}wzxhzdk:(\\d+){ETX}")
_ENTITY = re.compile(r"^&(#\d+|#x[0-9a-fA-F]+|\w+);$")
_WEB = ("http://", "https://", "mailto:")
# A block quote's last paragraph starting with a dash is its attribution: "— Author, Work".
_ATTRIBUTION = re.compile(r"^\s*(?:—|―|--)\s*")
_TABLE_CAPTION = re.compile(r"^\s*Table:\s*")
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


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


# Inline markup removed from a source line before we look for a block's words in it.
_SOURCE_MARKUP = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images: dropped from the text
    (re.compile(r"\[\^[^\]\s]+\]:?"), ""),  # note calls and definitions
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [label](href) -> label
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # [label][ref] -> label
    (re.compile(r"<((?:https?|mailto):[^>\s]*)>", re.IGNORECASE), r"\1"),  # autolinks
]
_EMPHASIS = re.compile(r"[*_\\`]")


def _searchable(line: str) -> str:
    for pattern, repl in _SOURCE_MARKUP:
        line = pattern.sub(repl, line)
    return " ".join(_EMPHASIS.sub("", html.unescape(line)).split())


@dataclass
class _Pending:
    """A diagnostic met while reading a block's inlines, placed once the block's line is
    known: at the first line from there that holds `needle` (the source's own spelling)."""

    level: str
    message: str
    needle: str


class _Reader:
    def __init__(self, name: str, source_lines: list[str], offset: int) -> None:
        self.name = name
        self.lines = source_lines
        self.searchable = [_searchable(line) for line in source_lines]
        self.offset = offset  # lines of front matter before the body
        self.cursor = 0
        self.diags: list[Diagnostic] = []
        self.stash: list[str] = []
        self.labels: dict[str, int] = {}
        self.pending: list[_Pending] = []
        self.calls: list[str] = []  # labels of the current block's calls, in order
        self.in_note = False  # reading a note: no call may stand in it

    def warn(self, line: int, message: str) -> None:
        self.diags.append(Diagnostic("warning", line, message, self.name))

    def later(self, level: str, message: str, needle: str) -> None:
        self.pending.append(_Pending(level, message, needle))

    def line_of(self, text: str) -> int:
        """The source line where a block starts: the first line, from the last block on,
        where its opening words begin (they may run on over a wrapped line)."""
        probe = " ".join(_EMPHASIS.sub("", text).split()[:3])[:40]
        if probe:
            for i in range(self.cursor, len(self.lines)):
                first = self.searchable[i]
                if not first:
                    continue
                window = []  # this line and the lines of its paragraph after it
                for line in self.searchable[i : i + 4]:
                    if not line:
                        break
                    window.append(line)
                joined = " ".join(window)
                if 0 <= joined.find(probe) < len(first):
                    self.cursor = i + 1
                    return i + 1 + self.offset
        return self.cursor + self.offset

    def line_of_raw(self, needle: str) -> int:
        """The first line from the last block on that holds `needle` as written (markup and
        all: the searchable lines have images taken out)."""
        line = self.find(needle, self.cursor + 1 + self.offset)
        self.cursor = max(self.cursor, line - self.offset)
        return line

    def definition_line(self, label: str) -> int:
        """The line of `[^label]:`, wherever in the body it stands."""
        pattern = re.compile(rf"^ {{0,3}}\[\^{re.escape(label)}\]:")
        for i, line in enumerate(self.lines):
            if pattern.match(line):
                return i + 1 + self.offset
        return self.cursor + self.offset

    def find(self, needle: str, start: int) -> int:
        """The first line at or after `start` (1-based, whole file) holding `needle`."""
        for i in range(max(start - 1 - self.offset, 0), len(self.lines)):
            if needle and needle in self.lines[i]:
                return i + 1 + self.offset
        return start

    def settle(self, line: int) -> list[int]:
        """Place the pending diagnostics of a block starting at `line`; return the line of
        each of its calls, in order."""
        for item in self.pending:
            where = self.find(item.needle, line)
            self.diags.append(Diagnostic(item.level, where, item.message, self.name))  # type: ignore[arg-type]
        self.pending = []
        lines, at = [], line
        for label in self.calls:
            at = self.find(f"[^{label}]", at)
            lines.append(at)
        self.calls = []
        return lines

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
                self.later("warning", f"raw HTML shown as text: “{shown}”",
                           raw.strip().split("\n")[0])  # fmt: skip
            return raw

        text = _PLACEHOLDER.sub(put_back, text)
        for marker in (FN_BACKLINK_TEXT, NBSP_PLACEHOLDER):
            text = text.replace(marker, "")
        return text.replace(AMP_SUBSTITUTE, "&").replace("\n", " ")

    def text_runs(self, text: str, style: str) -> list[Inline]:
        """Text, with every call Python-Markdown could not resolve taken out of it.

        `[^16]` without a `[^16]:` definition is left as literal text by Python-Markdown;
        it must never reach an edition. A numbered one becomes a call to a note that does
        not exist (reported by the cross-check, as in plain text), unless a named note was
        given that number; any other label is reported here and dropped.
        """
        out: list[Inline] = []
        pos = 0
        if not self.in_note:
            for plain in CALL.finditer(text):
                number = int(plain.group(1))
                if number in self.labels.values():  # a plain-text call to a Markdown note
                    self.later("warning", f"note {number}: “{plain.group()}” is not a call in "
                               f"Markdown; write [^{number}]", plain.group())  # fmt: skip
        for match in LOOSE_CALL.finditer(text):
            out.append(Inline(style, text[pos : match.start()]))  # type: ignore[arg-type]
            label = match.group(1)
            self.calls.append(label)
            number = int(label) if label.isdigit() and len(label) <= 5 else None
            # [^0] is a call too (to a note that cannot exist), as [0] is in plain text.
            if number is not None and not self.in_note and number not in self.labels.values():
                # The cross-check reports it, on this call's line, as for plain text.
                out.append(Inline("noteref", number=number))
            else:  # a named label, or a number a named note took: this call reaches nothing
                self.later("error", f"call [^{label}] to a note that does not exist",
                           match.group(0))  # fmt: skip
                self.calls.pop()
            pos = match.end()
        out.append(Inline(style, text[pos:]))  # type: ignore[arg-type]
        return out

    def inlines(self, element: ET.Element, style: str = "text") -> list[Inline]:
        out: list[Inline] = []
        if element.text:
            out.extend(self.text_runs(self.restore(element.text), style))
        for child in element:
            out.extend(self.child_inlines(child, style))
            if child.tail:
                out.extend(self.text_runs(self.restore(child.tail), style))
        return out

    def child_inlines(self, child: ET.Element, style: str) -> list[Inline]:
        tag = child.tag
        if tag == "sup" and len(child) and "footnote-ref" in (child[0].get("class") or ""):
            label = (child[0].get("href") or "").removeprefix("#fn:")
            self.calls.append(label)
            return [Inline("noteref", number=self.labels.get(label, 0))]
        if tag == "a" and "footnote-backref" in (child.get("class") or ""):
            return []
        if tag in ("em", "i", "strong", "b"):
            # Flat runs: the emphasis as one run of its text, but its note calls kept.
            kind = "em" if tag in ("em", "i") else "strong"
            return _styled(self.inlines(child), kind)
        if tag == "a":
            label = plain_text(self.inlines(child))
            href = child.get("href") or ""
            if href.lower().startswith(_WEB):
                return [Inline("link", label, href=href)]
            self.later("warning", f"link to “{href}” is not a web address; kept as text", href)
            return [Inline(style, label)]  # type: ignore[arg-type]
        if tag == "img":
            src = child.get("src", "")
            self.later(
                "warning",
                f"image “{src}” left out: only an image alone in its paragraph makes a figure",
                src,
            )
            return []
        if tag == "br":
            return [Inline(style, " ")]  # type: ignore[arg-type]
        return self.inlines(child, style)  # code, span, …: their text


def _styled(runs: list[Inline], kind: str) -> list[Inline]:
    """`runs` as `kind` text between the note calls they hold."""
    out: list[Inline] = []
    for run in runs:
        if run.type == "noteref":
            out.append(run)
        elif out and out[-1].type == kind:
            out[-1] = Inline(kind, out[-1].text + run.text)  # type: ignore[arg-type]
        else:
            out.append(Inline(kind, run.text))  # type: ignore[arg-type]
    return out


def _trim(runs: list[Inline]) -> list[Inline]:
    runs = merge_text(runs)
    if runs and runs[0].type == "text":
        runs[0] = Inline("text", runs[0].text.lstrip())
    if runs and runs[-1].type == "text":
        runs[-1] = Inline("text", runs[-1].text.rstrip())
    return merge_text(runs)


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
    reader = _Reader(name, body.split("\n"), offset)
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
        position = _block(elements, position, raw, reader)
    if footnotes is not None:
        reader.in_note = True
        for item in footnotes.iter("li"):
            label = (item.get("id") or "").removeprefix("fn:")
            runs: list[Inline] = []
            for para in item:
                if runs:
                    runs.append(Inline("text", " "))
                runs.extend(reader.inlines(para))
            runs = _trim(runs)
            number = reader.labels[label]
            line = reader.definition_line(label)
            reader.settle(line)
            # A label of symbols only (`[^*]`, `[^†]`) is a custom note mark, shown as it is.
            mark = label if MARK.fullmatch(label) else None
            raw.notes.append(RawNote(number, line, plain_text(runs), inlines=runs, mark=mark))
    raw.diagnostics = [Diagnostic("warning", line, message, name) for line, message in doubts]
    raw.diagnostics += reader.diags
    return raw


def _classes(element: ET.Element | None) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _next(elements: list[ET.Element], position: int, cls: str) -> ET.Element | None:
    """The element after `position` when it is a paragraph of class `cls`."""
    if position + 1 < len(elements):
        candidate = elements[position + 1]
        if candidate.tag == "p" and cls in _classes(candidate):
            return candidate
    return None


def _is_table_caption(element: ET.Element | None) -> bool:
    return (
        element is not None
        and element.tag == "p"
        and bool(_TABLE_CAPTION.match(element.text or ""))
    )


def _strip_prefix(runs: list[Inline], pattern: re.Pattern[str]) -> list[Inline]:
    if runs and runs[0].type == "text":
        runs = [Inline("text", pattern.sub("", runs[0].text, count=1)), *runs[1:]]
    return _trim(runs)


def _block(elements: list[ET.Element], position: int, raw: RawBrief, reader: _Reader) -> int:
    """Read the block at `position`; returns the position of the next unread element."""
    element = elements[position]
    tag = element.tag
    if tag == "hr":
        return position + 1
    if tag == "p" and _lone_image(element) is not None:
        return _figure(elements, position, raw, reader)
    if tag == "table":
        return _table(elements, position, None, raw, reader)
    following = elements[position + 1] if position + 1 < len(elements) else None
    if _is_table_caption(element) and following is not None and following.tag == "table":
        return _table(elements, position + 1, element, raw, reader)
    if tag == "blockquote":
        _quote(element, raw, reader)
        return position + 1
    if tag in ("ul", "ol"):
        first = element.find("li")
        probe = reader.restore("".join(first.itertext())) if first is not None else ""
        line = reader.line_of(probe) if probe.strip() else reader.cursor + reader.offset
        sub = _list(element, reader)
        calls = reader.settle(line)
        if not sub.items:
            return position + 1
        fields = {"ordered": sub.ordered, "start": sub.start, "items": sub.items}
        raw.blocks.append(RawBlock("list", line, [], calls, fields))
        return position + 1
    runs = _trim(reader.inlines(element))
    if not plain_text(runs).strip() and not any(r.type == "noteref" for r in runs):
        reader.settle(reader.cursor + 1 + reader.offset)  # what was left out: say so, still
        return position + 1
    line = reader.line_of(plain_text(runs))
    calls = reader.settle(line)
    if tag == "h1" and not raw.title:
        raw.title, raw.title_line = plain_text(runs).strip(), line
    elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        if tag != "h2":
            reader.warn(line, f"{tag} heading treated as a section heading (##)")
        raw.blocks.append(RawBlock("heading", line, runs, calls))
    elif tag == "p" and "pullquote" in _classes(element):
        raw.blocks.append(RawBlock("pullquote", line, runs, calls))
    else:
        if {"caption", "source"} & _classes(element):
            reader.warn(line, "caption or source line with no figure or table before it")
        raw.blocks.append(RawBlock("paragraph", line, runs, calls))
    return position + 1


def _lone_image(element: ET.Element) -> ET.Element | None:
    """The <img> when it is all the paragraph holds (whitespace aside)."""
    if len(element) != 1 or element[0].tag != "img":
        return None
    if (element.text or "").strip() or (element[0].tail or "").strip():
        return None
    return element[0]


def _figure(elements: list[ET.Element], position: int, raw: RawBrief, reader: _Reader) -> int:
    image = _lone_image(elements[position])
    assert image is not None
    src = image.get("src") or ""
    alt = reader.restore(image.get("alt") or "").strip()
    line = reader.line_of_raw(f"]({src}" if src else "![")
    caption: list[Inline] = []
    title = reader.restore(image.get("title") or "").strip()
    if title:
        caption = [Inline("text", title)]
    following = _next(elements, position, "caption")
    if following is not None:
        if caption:
            reader.warn(line, "figure has an image title and a caption line; the line is used")
        caption = _trim(reader.inlines(following))
        reader.line_of(plain_text(caption))
        position += 1
    credit: list[Inline] = []
    source = _next(elements, position, "source")
    if source is not None:
        credit = _trim(reader.inlines(source))
        position += 1
    calls = reader.settle(line)
    fields = {"src": src, "alt": alt, "caption": caption, "credit": credit}
    raw.blocks.append(RawBlock("figure", line, [], calls, fields))
    return position + 1


def _cells(row: ET.Element, reader: _Reader) -> list[list[Inline]]:
    return [_trim(reader.inlines(cell)) for cell in row if cell.tag in ("th", "td")]


def _table(
    elements: list[ET.Element],
    position: int,
    before: ET.Element | None,
    raw: RawBrief,
    reader: _Reader,
) -> int:
    table = elements[position]
    caption_element = before
    after = elements[position + 1] if position + 1 < len(elements) else None
    if caption_element is None and _is_table_caption(after):
        caption_element = after
        position += 1
    caption: list[Inline] = []
    caption_line = 0
    if caption_element is not None:
        caption = _strip_prefix(reader.inlines(caption_element), _TABLE_CAPTION)
        if before is not None:
            caption_line = reader.line_of(plain_text(caption))
    head_rows = table.findall("./thead/tr")
    body_rows = table.findall("./tbody/tr")
    head = [_cells(r, reader) for r in head_rows]
    rows = [_cells(r, reader) for r in body_rows]
    align: list[Align | None] = []
    for cell in head_rows[0] if head_rows else []:
        found = _ALIGN.search(cell.get("style") or "") or re.match(
            r"(left|center|right)$", cell.get("align") or ""
        )
        align.append(found.group(1) if found else None)  # type: ignore[arg-type]
    first = next((plain_text(c) for c in (head or rows or [[]])[0] if plain_text(c).strip()), "")
    line = reader.line_of(first) if first else reader.cursor + reader.offset
    credit: list[Inline] = []
    source = _next(elements, position, "source")
    if source is not None:
        credit = _trim(reader.inlines(source))
        position += 1
    fields = {
        "caption": caption, "head": head, "rows": rows, "align": align, "credit": credit,
        "row_headers": "row-headers" in _classes(caption_element),
    }  # fmt: skip
    # Calls are looked for from the caption on when it stands above the table.
    calls = reader.settle(caption_line or line)
    raw.blocks.append(RawBlock("table", line, [], calls, fields))
    return position + 1


def _list(element: ET.Element, reader: _Reader) -> SubList:
    ordered = element.tag == "ol"
    try:
        start = int(element.get("start") or 1)
    except ValueError:
        start = 1
    items: list[ListItem] = []
    for li in element.findall("./li"):
        runs: list[Inline] = []
        sub: SubList | None = None
        if li.text:
            runs.extend(reader.text_runs(reader.restore(li.text), "text"))
        for child in li:
            if child.tag in ("ul", "ol"):
                nested = _list(child, reader)
                if sub is None:
                    sub = nested
                else:  # two lists in one item: one list, as a reader sees it
                    sub.items.extend(nested.items)
            elif child.tag in ("p", "blockquote", "pre", "table"):
                if runs:
                    runs.append(Inline("text", " "))
                runs.extend(reader.inlines(child))
            else:
                runs.extend(reader.child_inlines(child, "text"))
            if child.tail:
                runs.extend(reader.text_runs(reader.restore(child.tail), "text"))
        runs = _trim(runs)
        if sub is not None and not sub.items:
            sub = None
        if plain_text(runs).strip():
            reader.line_of(plain_text(runs))
        elif not any(r.type == "noteref" for r in runs) and sub is None:
            continue  # an empty bullet: nothing to show
        items.append(ListItem(runs, sub))
    return SubList(ordered, start, items)


def _quote(element: ET.Element, raw: RawBrief, reader: _Reader) -> None:
    """A `>` block: pull quotes (marked {: .pullquote }) and block quotes.

    A paragraph marked {: .pullquote } is a pull quote of its own; the unmarked paragraphs
    around it are a block quote, whose last paragraph may be its attribution.
    """
    children = [c for c in element if c.tag in ("p", "ul", "ol")]
    if "pullquote" in _classes(element):
        groups: list[tuple[bool, list[ET.Element]]] = [(True, children)]
    else:
        groups = []
        for child in children:
            marked = "pullquote" in _classes(child)
            if marked or not groups or groups[-1][0]:
                groups.append((marked, [child]))
            else:
                groups[-1][1].append(child)
    for marked, group in groups:
        if marked:
            runs = _trim([r for p in group for r in reader.inlines(p) + [Inline("text", " ")]])
            line = reader.line_of(plain_text(runs))
            raw.blocks.append(RawBlock("pullquote", line, runs, reader.settle(line)))
        else:
            _blockquote(group, raw, reader)


def _blockquote(children: list[ET.Element], raw: RawBrief, reader: _Reader) -> None:
    paragraphs: list[list[Inline]] = []
    last_raw = ""  # the last paragraph's text as written: "&#8212;" is not an attribution
    for child in children:
        if child.tag in ("ul", "ol"):
            runs = [r for item in _list(child, reader).items for r in item.inlines + [
                Inline("text", " ")]]  # fmt: skip
            reader.warn(reader.cursor + reader.offset, "list inside a block quote kept as text")
        else:
            runs = reader.inlines(child)
        runs = _trim(runs)
        if plain_text(runs).strip() or any(r.type == "noteref" for r in runs):
            paragraphs.append(runs)
            last_raw = child.text or ""
    attribution: list[Inline] = []
    if len(paragraphs) > 1:
        last = paragraphs[-1]
        if last and last[0].type == "text" and _ATTRIBUTION.match(last_raw):
            attribution = _strip_prefix(paragraphs.pop(), _ATTRIBUTION)
    if not paragraphs:
        reader.settle(reader.cursor + 1 + reader.offset)
        return  # an empty quote: nothing to show
    line = reader.line_of(plain_text(paragraphs[0]))
    fields = {"paragraphs": paragraphs, "attribution": attribution}
    raw.blocks.append(RawBlock("blockquote", line, [], reader.settle(line), fields))


def read_markdown_file(path: Path, text: str) -> RawBrief:
    return parse_markdown(text, str(path))
