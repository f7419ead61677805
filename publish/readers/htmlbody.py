"""From an HTML tree (a page's article, or Word's or ODT's body) to the raw block stream."""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree

from ..document import Author, Diagnostic, Inline
from ..errors import InputError
from ..normalizer import meta as metamod
from ..normalizer.dates import date_problem, parse_date
from ..normalizer.inlines import plain_text, strip_calls
from ..normalizer.notices import COLOPHON_LABEL
from ..normalizer.pullquotes import MAX_WORDS, find_source, is_candidate
from ..normalizer.raw import RawBlock, RawBrief, RawNote
from ..normalizer.titles import is_series_designation
from .htmlblocks import (
    caption_of,
    captioned_next,
    figure_fields,
    list_fields,
    quote_fields,
    table_fields,
)
from .htmlnotes import find_notes, notes_list_cleanup
from .htmltree import (
    BLOCKS,
    HEADINGS,
    SUBTITLE_CLASSES,
    TERMINAL,
    TreeReader,
    clean_tree,
    inside,
    iso_date,
    lone_image,
    short,
    text_of,
    trim,
)


def parse_html_tree(
    root: etree._Element,
    name: str,
    line_of: Callable[[etree._Element], int],
    *,
    page: Callable[[etree._Element, RawBrief, TreeReader], etree._Element] | None = None,
    marks: dict[str, str] | None = None,
) -> RawBrief:
    """The brief in a parsed HTML tree.

    `page`: for a saved web page, reads the page's own metadata and returns the article
    (publish/readers/html.py); otherwise the body is the brief.
    `marks`: custom note marks by the id of the note's element (the Word reader's)."""
    reader = TreeReader(name, line_of)
    raw = RawBrief(name=name)
    if page is not None:
        article = page(root, raw, reader)
    else:
        article = root.find("body") if root.find("body") is not None else root
    clean_tree(article, reader)
    notes = find_notes(article, reader)
    for number, element in enumerate(notes, start=1):
        runs = trim(reader.inlines(element))
        mark = (marks or {}).get(element.get("id") or "")
        if mark and runs and runs[0].type == "text" and runs[0].text.startswith(mark):
            # The note repeats its mark where Word would number it: the mark is shown anyway.
            runs = trim([Inline("text", runs[0].text[len(mark) :]), *runs[1:]])
        raw.notes.append(
            RawNote(number, line_of(element), plain_text(runs), inlines=runs, mark=mark)
        )
    notes_list_cleanup(notes, raw, article)
    _body(article, raw, reader)
    raw.diagnostics = reader.diags
    return raw


def _body(article: etree._Element, raw: RawBrief, reader: TreeReader) -> None:
    elements = [e for e in article.iter() if isinstance(e.tag, str) and e.tag in BLOCKS
                and not inside(e, [p for p in e.iterancestors() if p.tag in BLOCKS])]  # fmt: skip
    in_colophon = False
    # Block quotes and text boxes: pull quotes when they repeat a body sentence.
    boxes: list[tuple[RawBlock, etree._Element]] = []
    # A caption above the table or figure it belongs to: (text, runs, line, blocks so far,
    # index), settled once the element after it has been read.
    pending: tuple[str, list[Inline], int, int, int] | None = None
    for index, element in enumerate([*elements, None, None]):
        if pending is not None and index > pending[4] + 1:
            text, runs, line, count, _ = pending
            if len(raw.blocks) <= count or not caption_of(raw, text):
                # Its table or figure was left out: the caption stays, as a paragraph.
                raw.blocks.insert(count, RawBlock("paragraph", line, runs))
            pending = None
        if element is None:
            break
        tag = element.tag
        runs = trim(reader.inlines(element))
        text = plain_text(runs).strip()
        pictured = tag == "figure" or (tag == "p" and lone_image(element) is not None)
        if not text and not pictured and not any(r.type == "noteref" for r in runs):
            continue
        line = reader.line_of(element)
        label = COLOPHON_LABEL.match(text)
        classes = set((element.get("class") or "").lower().split())
        before_body = not any(b.type == "paragraph" for b in raw.blocks)
        if classes & {"author", "date"} and before_body and _styled_fact(classes, text, raw):
            continue  # pandoc's Author and Date paragraphs in Word and ODT
        if classes & SUBTITLE_CLASSES and before_body and raw.subtitle is None:
            raw.subtitle = text  # Word's and Google Docs' Subtitle, a theme's standfirst
        elif (tag == "h1" or tag == "p" and classes & {"title", "msotitle"}) and not raw.title_line:
            raw.title = text  # `Series: Title` is the shared title rule's to split
            raw.title_line = line
        elif tag in HEADINGS:
            if in_colophon:
                continue
            raw.blocks.append(RawBlock("heading", line, runs, level=int(tag[1])))
        elif label and label.group(0).strip(" :").lower() == "disclaimer":
            raw.disclaimer, raw.disclaimer_line = text[label.end() :].strip(), line
            in_colophon = True
        elif label:
            raw.notices.append(text)
            in_colophon = True
        elif in_colophon:
            reader.say("warning", element, f"dropped site text “{short(text)}”")
        elif _header_fact(text, raw, line, reader, element):
            continue
        elif tag == "aside" or "pull" in (element.get("class") or "").lower():
            raw.blocks.append(RawBlock("pullquote", line, runs))
        elif tag == "blockquote" or "textbox" in (element.get("class") or "").split():
            # A pull quote when it repeats a body sentence (checked below, by the shared rule).
            raw.blocks.append(RawBlock("paragraph", line, runs))
            boxes.append((raw.blocks[-1], element))
        elif tag in ("ul", "ol"):
            raw.blocks.append(RawBlock("list", line, [], fields=list_fields(element, reader)))
        elif tag == "dl":
            for item in element.iter("dd", "dt"):
                item_runs = trim(reader.inlines(item))
                reader.say("warning", item, "definition list item kept as a paragraph")
                raw.blocks.append(RawBlock("paragraph", reader.line_of(item), item_runs))
        elif tag == "table" or (tag == "figure" and element.find(".//table") is not None):
            table = element if tag == "table" else element.find(".//table")
            raw.blocks.append(RawBlock("table", line, [], fields=table_fields(table, reader)))
        elif tag == "figure" or (tag == "p" and lone_image(element) is not None):
            figure = figure_fields(element, reader)
            if figure is not None:
                raw.blocks.append(RawBlock("figure", line, [], fields=figure))
        elif "caption" in (element.get("class") or "").split() and caption_of(raw, text):
            continue  # a Word caption, given to the table or figure before it
        elif "caption" in (element.get("class") or "").split() and captioned_next(
            elements[index + 1 : index + 2], text
        ):
            pending = (text, runs, line, len(raw.blocks), index)  # Word's may stand above
        else:
            raw.blocks.append(RawBlock("paragraph", line, runs))
    _standalone_quotes(raw, [b for b, _ in boxes])
    for block, element in boxes:
        if block.type != "paragraph":
            continue
        if element.tag == "blockquote":
            block.type, block.inlines = "blockquote", []
            block.fields = quote_fields(element, reader)
        else:
            message = "text box kept as a paragraph: it repeats no sentence of the body"
            reader.diags.append(Diagnostic("warning", block.line, message, reader.name))


def _header_fact(text: str, raw: RawBrief, line: int, reader: TreeReader,
                 element: etree._Element, whole: bool = True) -> bool:  # fmt: skip
    """A date, byline or download line above the body: metadata, not text.

    Below the first paragraph only a download line is; dates and bylines are body text there.
    """
    is_web, number = metamod.web_only_number(text)
    if is_web and (number is not None or not TERMINAL.search(text)):
        raw.number = raw.number or number
        reader.say("info", element, f"dropped web-only line “{short(text)}”")
        return True
    if any(b.type == "paragraph" for b in raw.blocks):
        return False
    if problem := date_problem(text):
        raise InputError(f"impossible date “{text}”: {problem}", path=reader.name, line=line)
    links = element.findall(".//a") if whole else []
    if len(links) == 1 and text_of(links[0]) == text and len(text.split()) <= 10:
        # A series or category link alone above the article ("Maritime Security Series").
        if raw.series is None and is_series_designation(text):
            raw.series = text
        else:
            reader.say("info", element, f"dropped a link line “{short(text)}” above the article")
        return True
    parts = _lines(element) if whole else []
    if len(parts) > 1 and all(_fact_kind(p) for p in parts):
        # `By Ann Lee, Senior Fellow<br>June 16, 2025`: each line a header fact.
        for part in parts:
            _header_fact(part, raw, line, reader, element, whole=False)
        return True
    time = element.find(".//time")
    if time is not None and text_of(time) == text:  # a dateline marked up as one, any language
        iso = iso_date(time.get("datetime") or "") or parse_date(text)
    else:
        iso = parse_date(text)
    if iso is not None:
        raw.date = raw.date or iso
        raw.date_line = raw.date_line or line
        return True
    if (names := metamod.parse_byline(text, labelled=True)) is not None:
        raw.authors = raw.authors or names  # `By A. Author, Senior Fellow`: one, with a role
        return True
    return False


def _styled_fact(classes: set[str], text: str, raw: RawBrief) -> bool:
    """An Author or Date styled paragraph: the fact its style names, when it reads as one."""
    if "date" in classes:
        iso = parse_date(text)
        if iso is not None and raw.date is None:
            raw.date = iso
        return iso is not None
    names = metamod.parse_byline(text)
    if names is None and metamod.looks_like_name(text):
        names = [Author(text)]
    if names:
        raw.authors = [*raw.authors, *names]
    return bool(names)


def _lines(element: etree._Element) -> list[str]:
    """The element's text, line by line at its `br`s."""
    clone = copy.deepcopy(element)
    for br in clone.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [" ".join(t.split()) for t in clone.text_content().split("\n") if t.strip()]


def _fact_kind(text: str) -> bool:
    return bool(parse_date(text) or metamod.parse_byline(text, labelled=True))


def _standalone_quotes(raw: RawBrief, boxes: list[RawBlock]) -> None:
    """A short unpunctuated paragraph repeating a body sentence is a pull quote, as in text;
    so is a Word text box that repeats one, punctuated or not."""
    paras = [(str(i), plain_text(b.inlines)) for i, b in enumerate(raw.blocks)
             if b.type == "paragraph" and not any(b is x for x in boxes)]  # fmt: skip
    for i, block in enumerate(raw.blocks):
        text = plain_text(block.inlines).strip()
        boxed = any(block is x for x in boxes)
        if block.type != "paragraph" or len(text.split()) > MAX_WORDS:
            continue
        if TERMINAL.search(strip_calls(text)) and not boxed:
            continue
        has_calls = any(r.type == "noteref" for r in block.inlines)
        others = [(k, t) for k, t in paras if k != str(i)]
        if is_candidate(text, has_calls) and (found := find_source(text, others)):
            block.type = "pullquote"
            block.rule = f"shared pull-quote rule: repeats {round(found[1] * 100)} % of a sentence"
