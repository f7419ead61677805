"""HTML briefs: a page saved from the publisher's site, or Word's body as mammoth writes it.

The page is parsed with lxml (no network, no entities resolved), never rendered: only its
text and a few tags reach the Document, so markup in a page can never become markup in an
edition. The rules, by the page's structure rather than its words:

- the article is the `article` element with the most text, else `main`, else the element
  whose paragraphs hold the most text; navigation, headers and footers outside it, forms,
  scripts and share/related/comment boxes inside it are site chrome;
- a note call is a link to `#id` inside a `sup`, or a link whose text is a number in
  brackets, pointing at an element of the page; those elements are the notes, numbered by
  their first call, and links inside them back to a call are dropped;
- `h1` (the first) is the title, other headings are sections; `aside`, a blockquote with a
  pull-quote class, or a standalone line repeating a body sentence is a pull quote;
- a `Disclaimer:` paragraph and other notices go to the colophon, as in plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree, html

from ..document import Diagnostic, Inline, ListItem, SubList
from ..normalizer import meta as metamod
from ..normalizer.dates import parse_date
from ..normalizer.inlines import merge_text, parse_inlines, plain_text
from ..normalizer.notelists import is_notes_title
from ..normalizer.notices import COLOPHON_LABEL
from ..normalizer.pullquotes import MAX_WORDS, find_source, is_candidate
from ..normalizer.raw import RawBlock, RawBrief, RawNote
from ..normalizer.typography import clean_spaces

_WEB = ("http://", "https://", "mailto:")
_CALL_TEXT = re.compile(r"^\s*[\[(]?\s*(\d{1,4})\s*[\])]?\s*$")
# Boxes a CMS adds around an article; matched against class and id words.
_CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(share|sharing|social|related|breadcrumbs?|newsletter|subscribe|comments?|"
    r"tags|tag-list|author-bio|navigation|nav|menu|sidebar|cookie|banner|promo|"
    r"reading-time|print)(?:$|[\s_-])",
    re.IGNORECASE,
)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "button", "svg",
              "nav", "select", "input", "object", "embed", "video", "audio", "canvas")  # fmt: skip
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = {*_HEADINGS, "p", "blockquote", "aside", "ul", "ol", "table", "figure", "pre", "dl"}
# Where an image alone in its paragraph is not a figure of the body (so it is left out, and
# said to be).
_HOLDERS = {"td", "th", "li", "blockquote", "aside", "dd", "dt", "caption", "figcaption"}
_TERMINAL = re.compile(r"[.!?…:;][”’\"')\]]*$")
# Classes that mark a subtitle: Word's and Google Docs' Subtitle style, themes' standfirst.
_SUBTITLE_CLASSES = {"subtitle", "standfirst", "dek", "deck", "entry-subtitle", "post-subtitle",
                     "article-subtitle", "lede-subtitle"}  # fmt: skip


@dataclass
class _Reader:
    name: str
    line_of: Callable[[etree._Element], int]
    diags: list[Diagnostic] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # note element id -> number
    call_ids: set[str] = field(default_factory=set)  # ids of call links and their sup
    note_elements: set[etree._Element] = field(default_factory=set)

    def say(self, level: str, element: etree._Element | None, message: str) -> None:
        line = self.line_of(element) if element is not None else 0
        said = Diagnostic(level, line, message, self.name)  # type: ignore[arg-type]
        if said not in self.diags:  # a table's cells are read twice; say things once
            self.diags.append(said)

    # --- inline content ----------------------------------------------------------------
    def inlines(self, element: etree._Element, style: str = "text") -> list[Inline]:
        out: list[Inline] = []
        if element.text:
            out.append(Inline(style, element.text))  # type: ignore[arg-type]
        for child in element:
            if isinstance(child.tag, str):
                out.extend(self.child(child, style))
            if child.tail:
                out.append(Inline(style, child.tail))  # type: ignore[arg-type]
        return out

    def child(self, child: etree._Element, style: str) -> list[Inline]:
        tag = child.tag.lower()
        number = self.call_number(child)
        if number is not None:
            return [Inline("noteref", number=number)]
        if tag == "a" and self.is_backlink(child):
            return []
        if tag in ("em", "i", "cite"):
            return [Inline("em", plain_text(self.inlines(child)))]
        if tag in ("strong", "b"):
            return [Inline("strong", plain_text(self.inlines(child)))]
        if tag == "a":
            label = plain_text(self.inlines(child))
            href = (child.get("href") or "").strip()
            if href.lower().startswith(_WEB) and label.strip():
                return [Inline("link", label, href=href)]
            return [Inline(style, label)]  # type: ignore[arg-type]
        if tag == "br":
            return [Inline(style, " ")]  # type: ignore[arg-type]
        if tag == "img":
            parent = child.getparent()
            ancestors = {a.tag for a in child.iterancestors()}
            alone = parent is not None and _lone_image(parent) is child
            if "figure" in ancestors or (alone and not ancestors & _HOLDERS):
                return []  # the figure's own image: read by _figure_fields
            self.say("warning", child, f"image “{_short(child.get('src') or '')}” left out: "
                     "only an image alone in its paragraph makes a figure")  # fmt: skip
            return []
        if tag in _DROP_TAGS:
            return []
        return self.inlines(child, style)

    def call_number(self, element: etree._Element) -> int | None:
        """The note a call element points to: `<a href="#id">` or a `sup` around one."""
        link = element
        if element.tag == "sup":
            links = [a for a in element.iter("a")]
            if len(links) != 1:
                return None
            link = links[0]
        if link.tag != "a":
            return None
        href = link.get("href") or ""
        return self.numbers.get(href[1:]) if href.startswith("#") else None

    def is_backlink(self, link: etree._Element) -> bool:
        href = link.get("href") or ""
        return href.startswith("#") and href[1:] in self.call_ids


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(element: etree._Element) -> str:
    return " ".join(element.text_content().split())


def _squash(text: str) -> str:
    """HTML whitespace: runs of it are one space, kept at the ends where a run meets a tag."""
    core = clean_spaces(text.replace("\n", " ").replace("\r", " "))
    if not core:
        return " " if text[:1].isspace() else ""
    return (" " if text[:1].isspace() else "") + core + (" " if text[-1:].isspace() else "")


def _trim(runs: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for run in merge_text(runs):
        if run.type != "noteref":
            text = _squash(run.text)
            if out and out[-1].text.endswith(" ") and text.startswith(" "):
                text = text[1:]  # one space where two runs meet
            run = Inline(run.type, text, run.href, run.number)
        out.append(run)
    out = merge_text(out)
    if out and out[0].type == "text":
        out[0] = Inline("text", out[0].text.lstrip())
    if out and out[-1].type == "text":
        out[-1] = Inline("text", out[-1].text.rstrip())
    return merge_text(out)


def _is_chrome(element: etree._Element) -> bool:
    words = f"{element.get('class') or ''} {element.get('id') or ''}"
    role = (element.get("role") or "").lower()
    return bool(_CHROME_WORDS.search(words)) or role in ("navigation", "banner", "contentinfo",
                                                          "search")  # fmt: skip


def _paragraph_text_length(element: etree._Element) -> int:
    return sum(len(_text(p)) for p in element.iter("p"))


def find_article(root: etree._Element) -> etree._Element:
    """The element holding the article: `article`, `main`, else the element (the body
    included: Google Docs and Word write paragraphs straight into it) whose own paragraphs
    hold the most text."""
    for tag, role in (("article", "article"), ("main", "main")):
        found = root.xpath(f"//{tag}") or root.xpath(f"//*[@role='{role}']")
        if found:
            return max(found, key=_paragraph_text_length)
    body = root.find("body")
    best, best_len = body if body is not None else root, -1
    for element in [*([body] if body is not None else []), *root.iter("div", "section")]:
        direct = sum(
            len(_text(p))
            for p in element
            if isinstance(p.tag, str) and p.tag in ("p", "h1", "h2", "h3", "ul", "ol", "table")
        )
        if direct > best_len:
            best, best_len = element, direct
    return best


def clean_tree(article: etree._Element, reader: _Reader) -> None:
    """Remove site chrome inside the article; say so once for what held text."""
    dropped: set[etree._Element] = set()
    for element in list(article.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if any(a in dropped for a in element.iterancestors()):
            continue
        tag = element.tag.lower()
        # A footer is site chrome, except a block quote's, which holds its attribution.
        quoted = tag == "footer" and element.getparent().tag in ("blockquote", "figure")
        if (
            tag in _DROP_TAGS
            or (tag == "footer" and not quoted)
            or (_is_chrome(element) and tag != "aside")
        ):
            text = _text(element)
            if text and tag not in ("script", "style", "template", "noscript", "svg"):
                reader.say("info", element, f"dropped site chrome “{_short(text, 50)}”")
            dropped.add(element)
            element.drop_tree()


def _anchors(article: etree._Element) -> dict[str, etree._Element]:
    """Link targets by name: `id` on any element, and the `name` of an `a` (Word's
    `<a name="_ftn1">`, as pasted into WordPress or Drupal, names its notes that way)."""
    found: dict[str, etree._Element] = {}
    for element in article.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "a" and element.get("name"):
            found.setdefault(element.get("name"), element)
        if element.get("id"):
            found.setdefault(element.get("id"), element)
    return found


def _names(element: etree._Element | None) -> set[str]:
    if element is None:
        return set()
    return {n for n in (element.get("id"), element.get("name")) if n}


def find_notes(article: etree._Element, reader: _Reader) -> list[etree._Element]:
    """Note elements in order of their first call; fills the reader's maps.

    A call is a link to `#name` inside a `sup`, or one whose text is a number (`1`, `[1]`,
    `(1)`), pointing at an element of the page: the note. Notes and calls often link to
    each other (Word, Google Docs, Substack); of two such links the call comes first.
    """
    by_name = _anchors(article)
    order_of = {e: i for i, e in enumerate(article.iter())}
    pairs: list[tuple[etree._Element, etree._Element]] = []  # (call link, note element)
    for link in article.iter("a"):
        href = link.get("href") or ""
        target = by_name.get(href[1:]) if href.startswith("#") and len(href) > 1 else None
        if target is None or target is link or target.tag == "sup":
            continue
        if target.tag == "a" and _text(target):
            # A link to a numbered anchor: a call when that anchor links back here and
            # stands later (the note's number), else a backlink from the note to its call.
            back = (target.get("href") or "")[1:]
            if back not in _names(link) | _names(link.getparent()):
                continue
            if order_of.get(target, 0) < order_of.get(link, 0):
                continue
        parent = link.getparent()
        in_sup = parent is not None and parent.tag == "sup"
        if in_sup or _CALL_TEXT.match(link.text_content() or ""):
            pairs.append((link, _note_element(target, article)))
    notes: list[etree._Element] = []
    for _, note in pairs:
        if note not in notes:
            notes.append(note)
    # Calls from inside a note (cross-references) do not make or order notes.
    pairs = [(link, note) for link, note in pairs if not _inside(link, notes)]
    order: list[etree._Element] = []
    for link, note in pairs:
        if note not in order:
            order.append(note)
        reader.numbers[(link.get("href") or "")[1:]] = order.index(note) + 1
        reader.call_ids |= _names(link) | _names(link.getparent())
    reader.note_elements = set(order)
    return order


def _inside(element: etree._Element, containers: list[etree._Element]) -> bool:
    ancestors = set(element.iterancestors())
    return any(c in ancestors for c in containers)


def _note_element(target: etree._Element, article: etree._Element) -> etree._Element:
    """An anchor inside a list item or paragraph stands for that item; a paragraph alone in
    its `div` (Word's and Google Docs' notes, which may run to several paragraphs) for the
    `div`."""
    if target.tag != "a":
        return target
    for ancestor in target.iterancestors():
        if ancestor.tag in ("li", "p", "div"):
            holder = ancestor.getparent()
            if (
                ancestor.tag == "p"
                and holder is not None
                and holder is not article
                and holder.tag == "div"
                and len(holder.xpath(".//a[@name or @id]")) == 1
            ):
                return holder
            return ancestor
    return target


def parse_html_tree(
    root: etree._Element,
    name: str,
    line_of: Callable[[etree._Element], int],
    *,
    page: bool = True,
    marks: dict[str, str] | None = None,
) -> RawBrief:
    """The brief in a parsed HTML tree. `page`: a saved web page (look for the article).

    `marks`: custom note marks by the id of the note's element (the Word reader's)."""
    reader = _Reader(name, line_of)
    raw = RawBrief(name=name)
    if page:
        _page_meta(root, raw, reader)
        article = find_article(root)
    else:
        article = root.find("body") if root.find("body") is not None else root
    clean_tree(article, reader)
    notes = find_notes(article, reader)
    for number, element in enumerate(notes, start=1):
        runs = _trim(reader.inlines(element))
        mark = (marks or {}).get(element.get("id") or "")
        if mark and runs and runs[0].type == "text" and runs[0].text.startswith(mark):
            # The note repeats its mark where Word would number it: the mark is shown anyway.
            runs = _trim([Inline("text", runs[0].text[len(mark) :]), *runs[1:]])
        raw.notes.append(
            RawNote(number, line_of(element), plain_text(runs), inlines=runs, mark=mark)
        )
    _notes_list_cleanup(notes, raw, article)
    _body(article, raw, reader)
    raw.diagnostics = reader.diags
    return raw


def _notes_list_cleanup(
    notes: list[etree._Element], raw: RawBrief, article: etree._Element
) -> None:
    """Take the notes and the list (and short heading) that held them out of the body."""
    for note in notes:
        parent = note.getparent()
        if parent is None:
            continue
        note.drop_tree()
        if parent.tag in ("ol", "ul") and not len(parent) and not (parent.text or "").strip():
            heading = parent.getprevious()
            short = heading is not None and len(_text(heading).split()) <= 4
            if short and heading.tag in _HEADINGS:
                raw.notes_heading = _text(heading)
                heading.drop_tree()
            parent.drop_tree()
    if notes:
        _drop_empty_notes_heading(article, raw)


def _drop_empty_notes_heading(article: etree._Element, raw: RawBrief) -> None:
    """A heading titled like the notes, left with no text under it once the notes (Word's
    pasted `<p><a name="_ftn1">` paragraphs) were taken out, goes with them."""
    for heading in [h for h in article.iter(*_HEADINGS) if is_notes_title(_text(h))]:
        text_after = ""
        for element in heading.itersiblings():
            if not isinstance(element.tag, str):
                continue
            if element.tag in _HEADINGS:
                break
            text_after += _text(element)
        if not text_after.strip():
            raw.notes_heading = raw.notes_heading or _text(heading)
            heading.drop_tree()


def _page_meta(root: etree._Element, raw: RawBrief, reader: _Reader) -> None:
    """What the page's head says: language, author, date, title (used when the body lacks it)."""
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang.strip()):
        raw.language = lang.strip()  # declared: the text never overrides it (issue 10)
        raw.language_by = "the page's lang attribute"
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        value = " ".join((meta.get("content") or "").split())
        if not value:
            continue
        if key == "author" and not raw.authors:
            raw.authors = [a.strip() for a in re.split(r",| and ", value) if a.strip()]
        elif key in ("article:published_time", "dcterms.created", "date") and not raw.date:
            raw.date = _iso_date(value)
        elif key in ("og:title",) and not raw.title:
            raw.title = value
    if not raw.title:
        title = root.find(".//title")
        if title is not None and _text(title):
            # "Brief title | Site name": the site's name is not the brief's.
            raw.title = re.split(r"\s+[|–—]\s+", _text(title))[0]
    if not raw.date:
        for time in root.iter("time"):
            if iso := _iso_date(time.get("datetime") or _text(time)):
                raw.date, raw.date_line = iso, reader.line_of(time)
                break


def _iso_date(value: str) -> str | None:
    match = re.match(r"(\d{4}-\d{2}-\d{2})", value.strip())
    return match.group(1) if match else parse_date(value)


def _body(article: etree._Element, raw: RawBrief, reader: _Reader) -> None:
    elements = [e for e in article.iter() if isinstance(e.tag, str) and e.tag in _BLOCKS
                and not _inside(e, [p for p in e.iterancestors() if p.tag in _BLOCKS])]  # fmt: skip
    in_colophon = False
    # Block quotes and text boxes: pull quotes when they repeat a body sentence.
    boxes: list[tuple[RawBlock, etree._Element]] = []
    # A caption above the table or figure it belongs to: (text, runs, line, blocks so far,
    # index), settled once the element after it has been read.
    pending: tuple[str, list[Inline], int, int, int] | None = None
    for index, element in enumerate([*elements, None, None]):
        if pending is not None and index > pending[4] + 1:
            text, runs, line, count, _ = pending
            if len(raw.blocks) <= count or not _caption_of(raw, text):
                # Its table or figure was left out: the caption stays, as a paragraph.
                raw.blocks.insert(count, RawBlock("paragraph", line, runs))
            pending = None
        if element is None:
            break
        tag = element.tag
        runs = _trim(reader.inlines(element))
        text = plain_text(runs).strip()
        pictured = tag == "figure" or (tag == "p" and _lone_image(element) is not None)
        if not text and not pictured and not any(r.type == "noteref" for r in runs):
            continue
        line = reader.line_of(element)
        label = COLOPHON_LABEL.match(text)
        classes = set((element.get("class") or "").lower().split())
        before_body = not any(b.type == "paragraph" for b in raw.blocks)
        if classes & _SUBTITLE_CLASSES and before_body and raw.subtitle is None:
            raw.subtitle = text  # Word's and Google Docs' Subtitle, a theme's standfirst
        elif (tag == "h1" or tag == "p" and "title" in classes) and not raw.title_line:
            raw.title = text  # `Series: Title` is the shared title rule's to split
            raw.title_line = line
        elif tag in _HEADINGS:
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
            reader.say("warning", element, f"dropped site text “{_short(text)}”")
        elif _header_fact(text, raw, line, reader, element):
            continue
        elif tag == "aside" or "pull" in (element.get("class") or "").lower():
            raw.blocks.append(RawBlock("pullquote", line, runs))
        elif tag == "blockquote" or "textbox" in (element.get("class") or "").split():
            # A pull quote when it repeats a body sentence (checked below, by the shared rule).
            raw.blocks.append(RawBlock("paragraph", line, runs))
            boxes.append((raw.blocks[-1], element))
        elif tag in ("ul", "ol"):
            raw.blocks.append(RawBlock("list", line, [], fields=_list_fields(element, reader)))
        elif tag == "dl":
            for item in element.iter("dd", "dt"):
                item_runs = _trim(reader.inlines(item))
                reader.say("warning", item, "definition list item kept as a paragraph")
                raw.blocks.append(RawBlock("paragraph", reader.line_of(item), item_runs))
        elif tag == "table" or (tag == "figure" and element.find(".//table") is not None):
            table = element if tag == "table" else element.find(".//table")
            raw.blocks.append(RawBlock("table", line, [], fields=_table_fields(table, reader)))
        elif tag == "figure" or (tag == "p" and _lone_image(element) is not None):
            figure = _figure_fields(element, reader)
            if figure is not None:
                raw.blocks.append(RawBlock("figure", line, [], fields=figure))
        elif "caption" in (element.get("class") or "").split() and _caption_of(raw, text):
            continue  # a Word caption, given to the table or figure before it
        elif "caption" in (element.get("class") or "").split() and _captioned_next(
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
            block.fields = _quote_fields(element, reader)
        else:
            message = "text box kept as a paragraph: it repeats no sentence of the body"
            reader.diags.append(Diagnostic("warning", block.line, message, reader.name))


_CAPTION_PREFIX = re.compile(r"^\s*(?:Table|Figure|Tabel|Tabelle|Tableau|Joonis|Abbildung)"
                             r"\s*\d*\s*[.:–—-]?\s*", re.IGNORECASE)  # fmt: skip
_ATTRIBUTION = re.compile(r"^\s*(?:—|―|--)\s*")


def _caption(element: etree._Element | None, reader: _Reader) -> list[Inline]:
    """A caption's runs without its "Table 1:" label: the normalizer numbers them itself."""
    caption = _trim(reader.inlines(element)) if element is not None else []
    if caption and caption[0].type == "text":
        caption[0] = Inline("text", _CAPTION_PREFIX.sub("", caption[0].text, count=1))
    return caption


_CAPTION_KIND = re.compile(r"^\s*(?:(?P<table>Table|Tabel|Tabelle|Tableau)|"
                           r"(?P<figure>Figure|Joonis|Abbildung))\b", re.IGNORECASE)  # fmt: skip


def _caption_kind(text: str) -> str | None:
    """ "table" or "figure" when a caption's label says which it is, else None."""
    match = _CAPTION_KIND.match(text)
    return None if match is None else ("table" if match.group("table") else "figure")


def _caption_of(raw: RawBrief, text: str) -> bool:
    """Word's Caption paragraph under a table or figure becomes its caption."""
    last = raw.blocks[-1] if raw.blocks else None
    if last is None or last.type not in ("table", "figure") or last.fields.get("caption"):
        return False
    if _caption_kind(text) not in (None, last.type):
        return False  # "Table 2: …" under a figure belongs to the table after it
    last.fields["caption"] = [Inline("text", _CAPTION_PREFIX.sub("", text, count=1))]
    return True


def _captioned_next(following: list[etree._Element], text: str) -> bool:
    """Whether a caption stands above a table or figure that comes next (of its kind)."""
    if not following:
        return False
    element = following[0]
    if element.tag == "table" or (element.tag == "figure" and element.find(".//table") is not None):
        kind = "table"
    elif element.tag == "figure" or (element.tag == "p" and _lone_image(element) is not None):
        kind = "figure"
    else:
        return False
    return _caption_kind(text) in (None, kind)


def _list_fields(element: etree._Element, reader: _Reader) -> dict[str, object]:
    sub = _sublist(element, reader)
    return {"ordered": sub.ordered, "start": sub.start, "items": sub.items}


def _sublist(element: etree._Element, reader: _Reader) -> SubList:
    try:
        start = int(element.get("start") or 1)
    except ValueError:
        start = 1
    items: list[ListItem] = []
    for li in element.iterchildren("li"):
        nested = [c for c in li if isinstance(c.tag, str) and c.tag in ("ul", "ol")]
        for child in nested:
            li.remove(child)  # read apart: the item's own text first
        runs = _trim(reader.inlines(li))
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


def _row_cells(row: etree._Element, reader: _Reader) -> list[list[Inline]]:
    return [
        _trim(reader.inlines(c)) for c in row if isinstance(c.tag, str) and c.tag in ("th", "td")
    ]


def _table_fields(table: etree._Element, reader: _Reader) -> dict[str, object]:
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


def _lone_image(element: etree._Element) -> etree._Element | None:
    children = [c for c in element if isinstance(c.tag, str)]
    if len(children) != 1 or children[0].tag != "img" or _text(element):
        return None
    return children[0]


def _figure_fields(element: etree._Element, reader: _Reader) -> dict[str, object] | None:
    """An image saved beside the page: a figure. Anything else is never fetched."""
    image = element if element.tag == "img" else element.find(".//img")
    if image is None:
        return None
    src = (image.get("src") or "").strip()
    if not src or ":" in src.split("/")[0] or src.startswith(("/", "\\")):
        what = "an embedded image" if src.startswith("data:") else f"image “{_short(src, 60)}”"
        reader.say("warning", element, f"{what} not taken: save the image beside the brief and "
                                       "refer to it by its file name")  # fmt: skip
        return None
    caption_element = element.find(".//figcaption")
    caption = _caption(caption_element, reader)
    return {"src": src, "alt": " ".join((image.get("alt") or "").split()), "caption": caption,
            "credit": []}  # fmt: skip


def _quote_fields(element: etree._Element, reader: _Reader) -> dict[str, object]:
    """A block quote: its paragraphs, and the attribution in `footer`/`cite` or a last line
    that starts with a dash."""
    attribution: list[Inline] = []
    for tag in ("footer", "cite"):
        found = element.find(f".//{tag}")
        if found is not None and found.getparent() is not None:
            attribution = _trim(reader.inlines(found))
            found.drop_tree()
            break
    paragraphs = [_trim(reader.inlines(p)) for p in element.iter("p")]
    paragraphs = [p for p in paragraphs if plain_text(p).strip()] or [
        _trim(reader.inlines(element))
    ]
    last = paragraphs[-1]
    dashed = bool(last) and last[0].type == "text" and _ATTRIBUTION.match(last[0].text)
    if not attribution and len(paragraphs) > 1 and dashed:
        paragraphs.pop()
        attribution = [Inline("text", _ATTRIBUTION.sub("", last[0].text, count=1)), *last[1:]]
    return {"paragraphs": paragraphs, "attribution": attribution}


def _header_fact(text: str, raw: RawBrief, line: int, reader: _Reader,
                 element: etree._Element) -> bool:  # fmt: skip
    """A date, byline or download line above the body: metadata, not text.

    Below the first paragraph only a download line is; dates and bylines are body text there.
    """
    is_web, number = metamod.web_only_number(text)
    if is_web and (number is not None or not _TERMINAL.search(text)):
        raw.number = raw.number or number
        reader.say("info", element, f"dropped web-only line “{_short(text)}”")
        return True
    if any(b.type == "paragraph" for b in raw.blocks):
        return False
    time = element.find(".//time")
    if time is not None and _text(time) == text:  # a dateline marked up as one, any language
        iso = _iso_date(time.get("datetime") or "") or parse_date(text)
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
        if _TERMINAL.search(text) and not boxed:
            continue
        has_calls = any(r.type == "noteref" for r in block.inlines)
        others = [(k, t) for k, t in paras if k != str(i)]
        if is_candidate(text, has_calls) and find_source(text, others):
            block.type = "pullquote"


def parse_html(text: str, name: str) -> RawBrief:
    """A saved web page (or CMS export) as a RawBrief; lines are the page's source lines."""
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    root = html.document_fromstring(text, parser=parser)
    return parse_html_tree(root, name, lambda e: e.sourceline or 0)


def disclaimer_inlines(text: str) -> list[Inline]:
    return parse_inlines(text, calls=False)
