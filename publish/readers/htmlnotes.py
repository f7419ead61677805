"""Notes in an HTML tree: which links are calls, which elements are the notes they point
at (by `id`, or an `a`'s `name`), and taking the notes list out of the body."""

from __future__ import annotations

from lxml import etree

from ..normalizer.notelists import is_notes_title
from ..normalizer.raw import RawBrief
from .htmltree import CALL_TEXT, HEADINGS, TreeReader, inside, text_of


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


def find_notes(article: etree._Element, reader: TreeReader) -> list[etree._Element]:
    """Note elements in order of their first call; fills the reader's maps.

    A call is a link to `#name` inside a `sup`, or one whose text is a number (`1`, `[1]`,
    `(1)`), pointing at an element of the page: the note. Notes and calls often link to
    each other (Word, Google Docs, Substack); of two such links the call comes first.
    """
    # Targets anywhere in the page: Word's "Web Page, Filtered" puts its footnote list in a
    # div after the article's own section.
    page = article.getroottree().getroot()
    by_name = _anchors(page)
    order_of = {e: i for i, e in enumerate(page.iter())}
    pairs: list[tuple[etree._Element, etree._Element]] = []  # (call link, note element)
    for link in article.iter("a"):
        href = link.get("href") or ""
        target = by_name.get(href[1:]) if href.startswith("#") and len(href) > 1 else None
        if target is None or target is link or target.tag == "sup":
            continue
        if target.tag == "a" and text_of(target):
            # A link to a numbered anchor: a call when that anchor links back here and
            # stands later (the note's number), else a backlink from the note to its call.
            back = (target.get("href") or "")[1:]
            if back not in _names(link) | _names(link.getparent()):
                continue
            if order_of.get(target, 0) < order_of.get(link, 0):
                continue
        parent = link.getparent()
        in_sup = parent is not None and parent.tag == "sup"
        if in_sup or CALL_TEXT.match(link.text_content() or ""):
            pairs.append((link, _note_element(target, article)))
    notes: list[etree._Element] = []
    for _, note in pairs:
        if note not in notes:
            notes.append(note)
    # Calls from inside a note (cross-references) do not make or order notes.
    pairs = [(link, note) for link, note in pairs if not inside(link, notes)]
    order: list[etree._Element] = []
    for link, note in pairs:
        if note not in order:
            order.append(note)
        reader.numbers[(link.get("href") or "")[1:]] = order.index(note) + 1
        reader.call_ids |= _names(link) | _names(link.getparent())
    reader.note_elements = set(order)
    return order


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


def notes_list_cleanup(notes: list[etree._Element], raw: RawBrief, article: etree._Element) -> None:
    """Take the notes and the list (and short heading) that held them out of the body."""
    for note in notes:
        parent = note.getparent()
        if parent is None:
            continue
        note.drop_tree()
        if parent.tag in ("ol", "ul") and not len(parent) and not (parent.text or "").strip():
            heading = parent.getprevious()
            short = heading is not None and len(text_of(heading).split()) <= 4
            if short and heading.tag in HEADINGS:
                raw.notes_heading = text_of(heading)
                heading.drop_tree()
            parent.drop_tree()
    if notes:
        _drop_empty_notes_heading(article, raw)


def _drop_empty_notes_heading(article: etree._Element, raw: RawBrief) -> None:
    """A heading titled like the notes, left with no text under it once the notes (Word's
    pasted `<p><a name="_ftn1">` paragraphs) were taken out, goes with them."""
    for heading in [h for h in article.iter(*HEADINGS) if is_notes_title(text_of(h))]:
        text_after = ""
        for element in heading.itersiblings():
            if not isinstance(element.tag, str):
                continue
            if element.tag in HEADINGS:
                break
            text_after += text_of(element)
        if not text_after.strip():
            raw.notes_heading = raw.notes_heading or text_of(heading)
            heading.drop_tree()
