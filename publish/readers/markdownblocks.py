"""The blocks of a Markdown brief as Python-Markdown parsed them: headings, figures,
tables, lists, block and pull quotes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..document import Align, Inline, ListItem, SubList
from ..normalizer.inlines import plain_text
from ..normalizer.raw import RawBlock, RawBrief
from .markdownreader import MarkdownReader, trim

# A block quote's last paragraph starting with a dash is its attribution: "— Author, Work".
_ATTRIBUTION = re.compile(r"^\s*(?:—|―|--)\s*")


_TABLE_CAPTION = re.compile(r"^\s*Table:\s*")


_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def classes_of(element: ET.Element | None) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _next(elements: list[ET.Element], position: int, cls: str) -> ET.Element | None:
    """The element after `position` when it is a paragraph of class `cls`."""
    if position + 1 < len(elements):
        candidate = elements[position + 1]
        if candidate.tag == "p" and cls in classes_of(candidate):
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
    return trim(runs)


def read_block(
    elements: list[ET.Element], position: int, raw: RawBrief, reader: MarkdownReader
) -> int:
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
    runs = trim(reader.inlines(element))
    if not plain_text(runs).strip() and not any(r.type == "noteref" for r in runs):
        reader.settle(reader.cursor + 1 + reader.offset)  # what was left out: say so, still
        return position + 1
    line = reader.line_of(plain_text(runs))
    calls = reader.settle(line)
    if tag == "h1" and not raw.title and not raw.front_matter.get("title"):
        raw.title, raw.title_line = plain_text(runs).strip(), line
    elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        if tag != "h2":
            reader.warn(line, f"{tag} heading treated as a section heading (##)")
        raw.blocks.append(RawBlock("heading", line, runs, calls))
    elif tag == "p" and "pullquote" in classes_of(element):
        raw.blocks.append(RawBlock("pullquote", line, runs, calls))
    else:
        if {"caption", "source"} & classes_of(element):
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


def _figure(
    elements: list[ET.Element], position: int, raw: RawBrief, reader: MarkdownReader
) -> int:
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
        caption = trim(reader.inlines(following))
        reader.line_of(plain_text(caption))
        position += 1
    credit: list[Inline] = []
    source = _next(elements, position, "source")
    if source is not None:
        credit = trim(reader.inlines(source))
        position += 1
    calls = reader.settle(line)
    fields = {"src": src, "alt": alt, "caption": caption, "credit": credit}
    raw.blocks.append(RawBlock("figure", line, [], calls, fields))
    return position + 1


def _cells(row: ET.Element, reader: MarkdownReader) -> list[list[Inline]]:
    return [trim(reader.inlines(cell)) for cell in row if cell.tag in ("th", "td")]


def _table(
    elements: list[ET.Element],
    position: int,
    before: ET.Element | None,
    raw: RawBrief,
    reader: MarkdownReader,
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
        credit = trim(reader.inlines(source))
        position += 1
    fields = {
        "caption": caption, "head": head, "rows": rows, "align": align, "credit": credit,
        "row_headers": "row-headers" in classes_of(caption_element),
    }  # fmt: skip
    # Calls are looked for from the caption on when it stands above the table.
    calls = reader.settle(caption_line or line)
    raw.blocks.append(RawBlock("table", line, [], calls, fields))
    return position + 1


def _list(element: ET.Element, reader: MarkdownReader) -> SubList:
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
        runs = trim(runs)
        if sub is not None and not sub.items:
            sub = None
        if plain_text(runs).strip():
            reader.line_of(plain_text(runs))
        elif not any(r.type == "noteref" for r in runs) and sub is None:
            continue  # an empty bullet: nothing to show
        items.append(ListItem(runs, sub))
    return SubList(ordered, start, items)


def _quote(element: ET.Element, raw: RawBrief, reader: MarkdownReader) -> None:
    """A `>` block: pull quotes (marked {: .pullquote }) and block quotes.

    A paragraph marked {: .pullquote } is a pull quote of its own; the unmarked paragraphs
    around it are a block quote, whose last paragraph may be its attribution.
    """
    children = [c for c in element if c.tag in ("p", "ul", "ol")]
    if "pullquote" in classes_of(element):
        groups: list[tuple[bool, list[ET.Element]]] = [(True, children)]
    else:
        groups = []
        for child in children:
            marked = "pullquote" in classes_of(child)
            if marked or not groups or groups[-1][0]:
                groups.append((marked, [child]))
            else:
                groups[-1][1].append(child)
    for marked, group in groups:
        if marked:
            runs = trim([r for p in group for r in reader.inlines(p) + [Inline("text", " ")]])
            line = reader.line_of(plain_text(runs))
            raw.blocks.append(RawBlock("pullquote", line, runs, reader.settle(line)))
        else:
            _blockquote(group, raw, reader)


def _blockquote(children: list[ET.Element], raw: RawBrief, reader: MarkdownReader) -> None:
    paragraphs: list[list[Inline]] = []
    last_raw = ""  # the last paragraph's text as written: "&#8212;" is not an attribution
    for child in children:
        if child.tag in ("ul", "ol"):
            runs = [r for item in _list(child, reader).items for r in item.inlines + [
                Inline("text", " ")]]  # fmt: skip
            reader.warn(reader.cursor + reader.offset, "list inside a block quote kept as text")
        else:
            runs = reader.inlines(child)
        runs = trim(runs)
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
