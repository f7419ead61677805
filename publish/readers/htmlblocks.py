"""The block types of an HTML tree beyond paragraphs: lists, tables, figures, block
quotes, and the captions that belong to tables and figures."""

from __future__ import annotations

import re

from lxml import etree

from ..document import Inline, ListItem, SubList
from ..normalizer.inlines import plain_text
from ..normalizer.raw import RawBrief
from .htmltree import TreeReader, lone_image, short, trim

_CAPTION_PREFIX = re.compile(r"^\s*(?:Table|Figure|Tabel|Tabelle|Tableau|Joonis|Abbildung)"
                             r"\s*\d*\s*[.:–—-]?\s*", re.IGNORECASE)  # fmt: skip


_ATTRIBUTION = re.compile(r"^\s*(?:—|―|--)\s*")


def _caption(element: etree._Element | None, reader: TreeReader) -> list[Inline]:
    """A caption's runs without its "Table 1:" label: the normalizer numbers them itself."""
    caption = trim(reader.inlines(element)) if element is not None else []
    if caption and caption[0].type == "text":
        caption[0] = Inline("text", _CAPTION_PREFIX.sub("", caption[0].text, count=1))
    return caption


_CAPTION_KIND = re.compile(r"^\s*(?:(?P<table>Table|Tabel|Tabelle|Tableau)|"
                           r"(?P<figure>Figure|Joonis|Abbildung))\b", re.IGNORECASE)  # fmt: skip


def _caption_kind(text: str) -> str | None:
    """ "table" or "figure" when a caption's label says which it is, else None."""
    match = _CAPTION_KIND.match(text)
    return None if match is None else ("table" if match.group("table") else "figure")


def caption_of(raw: RawBrief, text: str) -> bool:
    """Word's Caption paragraph under a table or figure becomes its caption."""
    last = raw.blocks[-1] if raw.blocks else None
    if last is None or last.type not in ("table", "figure") or last.fields.get("caption"):
        return False
    if _caption_kind(text) not in (None, last.type):
        return False  # "Table 2: …" under a figure belongs to the table after it
    last.fields["caption"] = [Inline("text", _CAPTION_PREFIX.sub("", text, count=1))]
    return True


def captioned_next(following: list[etree._Element], text: str) -> bool:
    """Whether a caption stands above a table or figure that comes next (of its kind)."""
    if not following:
        return False
    element = following[0]
    if element.tag == "table" or (element.tag == "figure" and element.find(".//table") is not None):
        kind = "table"
    elif element.tag == "figure" or (element.tag == "p" and lone_image(element) is not None):
        kind = "figure"
    else:
        return False
    return _caption_kind(text) in (None, kind)


def list_fields(element: etree._Element, reader: TreeReader) -> dict[str, object]:
    sub = _sublist(element, reader)
    return {"ordered": sub.ordered, "start": sub.start, "items": sub.items}


def _sublist(element: etree._Element, reader: TreeReader) -> SubList:
    try:
        start = int(element.get("start") or 1)
    except ValueError:
        start = 1
    items: list[ListItem] = []
    for li in element.iterchildren("li"):
        nested = [c for c in li if isinstance(c.tag, str) and c.tag in ("ul", "ol")]
        for child in nested:
            li.remove(child)  # read apart: the item's own text first
        runs = trim(reader.inlines(li))
        sub = None
        for child in nested:
            more = _sublist(child, reader)
            if sub is None:
                sub = more
            else:
                sub.items.extend(more.items)
        if plain_text(runs).strip() or sub is not None:
            items.append(ListItem(runs, sub if sub and sub.items else None))
    return SubList(element.tag == "ol", start, items)


def _row_cells(row: etree._Element, reader: TreeReader) -> list[list[Inline]]:
    return [
        trim(reader.inlines(c)) for c in row if isinstance(c.tag, str) and c.tag in ("th", "td")
    ]


def table_fields(table: etree._Element, reader: TreeReader) -> dict[str, object]:
    rows = [r for r in table.iter("tr")]
    head_rows = [r for r in rows if r.getparent() is not None and r.getparent().tag == "thead"]
    if not head_rows and rows and all(c.tag == "th" for c in rows[0] if isinstance(c.tag, str)):
        head_rows = rows[:1]  # a first row of th cells is the header, thead or not
    body_rows = [r for r in rows if r not in head_rows]
    align = []
    for cell in head_rows[0] if head_rows else []:
        found = re.search(r"text-align:\s*(left|center|right)", cell.get("style") or "")
        align.append(found.group(1) if found else cell.get("align"))
    caption_element = table.find("caption")
    if caption_element is None and table.getparent() is not None:
        caption_element = table.getparent().find("figcaption")
    caption = _caption(caption_element, reader)
    body = [_row_cells(r, reader) for r in body_rows]
    row_headers = bool(body_rows) and all(
        len(r) and isinstance(r[0].tag, str) and r[0].tag == "th" for r in body_rows
    )
    return {
        "caption": caption, "head": [_row_cells(r, reader) for r in head_rows], "rows": body,
        "align": [a if a in ("left", "center", "right") else None for a in align],
        "credit": [], "row_headers": row_headers,
    }  # fmt: skip


def figure_fields(element: etree._Element, reader: TreeReader) -> dict[str, object] | None:
    """An image saved beside the page: a figure. Anything else is never fetched."""
    image = element if element.tag == "img" else element.find(".//img")
    if image is None:
        return None
    src = (image.get("src") or "").strip()
    if not src or ":" in src.split("/")[0] or src.startswith(("/", "\\")):
        what = "an embedded image" if src.startswith("data:") else f"image “{short(src, 60)}”"
        reader.say("warning", element, f"{what} not taken: save the image beside the brief and "
                                       "refer to it by its file name")  # fmt: skip
        return None
    caption_element = element.find(".//figcaption")
    caption = _caption(caption_element, reader)
    return {"src": src, "alt": " ".join((image.get("alt") or "").split()), "caption": caption,
            "credit": []}  # fmt: skip


def quote_fields(element: etree._Element, reader: TreeReader) -> dict[str, object]:
    """A block quote: its paragraphs, and the attribution in `footer`/`cite` or a last line
    that starts with a dash."""
    attribution: list[Inline] = []
    for tag in ("footer", "cite"):
        found = element.find(f".//{tag}")
        if found is not None and found.getparent() is not None:
            attribution = trim(reader.inlines(found))
            found.drop_tree()
            break
    paragraphs = [trim(reader.inlines(p)) for p in element.iter("p")]
    paragraphs = [p for p in paragraphs if plain_text(p).strip()] or [trim(reader.inlines(element))]
    last = paragraphs[-1]
    dashed = bool(last) and last[0].type == "text" and _ATTRIBUTION.match(last[0].text)
    if not attribution and len(paragraphs) > 1 and dashed:
        paragraphs.pop()
        attribution = [Inline("text", _ATTRIBUTION.sub("", last[0].text, count=1)), *last[1:]]
    return {"paragraphs": paragraphs, "attribution": attribution}
