"""A brief's card: what the catalogue and the feeds say about it, kept in the manifest.

The catalogue and feeds list every current brief, the ones this release skipped as unchanged
too. Their cards are read back from dist/manifest.json, so an unchanged brief is never read
or rendered again just to be listed.
"""

from __future__ import annotations

from typing import Any

from ..document import Document
from ..identity import build_datetime, edition_uuid
from ..labels import display_date, labels_for
from ..style import palette, resolve

# Edition name → (media type, what a reader is told it is); the names are publish.editions'.
MEDIA = {
    "epub": ("application/epub+zip", "EPUB"),
    "pdf": ("application/pdf", "PDF for screens"),
    "print": ("application/pdf", "PDF for print"),
}
IDENTIFIERS = ("doi", "isbn", "issn")


def summary(doc: Document) -> str:
    """The abstract: a `summary` field when the Document has one, else the first paragraph."""
    given = getattr(doc, "summary", None) or getattr(doc.meta, "summary", None)
    if isinstance(given, str) and given.strip():
        return " ".join(given.split())
    for block in doc.blocks:
        if block.type == "paragraph" and block.text.strip():
            return " ".join(block.text.split())
    return ""


def identifiers(doc: Document) -> dict[str, str]:
    """DOI, ISBN and ISSN when the Document carries them (issue 25 adds doi and isbn)."""
    found = {}
    for name in IDENTIFIERS:
        value = getattr(doc.meta, name, None) or getattr(doc, name, None)
        if isinstance(value, dict):  # an ISBN per edition: the EPUB's stands for the book
            value = value.get("epub") or next(iter(value.values()), None)
        if isinstance(value, str) and value.strip():
            found[name] = value.strip()
    return found


def language_name(tag: str) -> str:
    """'English (United Kingdom)' for en-GB: the catalogue's words are English."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name("en") or tag
    except (ValueError, UnknownLocaleError):
        return tag


def make_card(doc: Document, editions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The card for a built brief. `editions`: name → {path, bytes, pages}."""
    from ..epub.package import book_title

    m = doc.meta
    t = labels_for(doc)
    house = resolve(m.style, doc.source)
    colours = palette(m.style)
    return {
        "slug": m.slug,
        "uuid": edition_uuid(doc),
        "title": book_title(doc),
        "subtitle": m.subtitle,
        "series": m.series,
        "number": m.number,
        "number_label": t("number", number=t.number(m.number)) if m.number is not None else None,
        "date": m.date,
        "date_label": display_date(m.date, "en") if m.date else None,
        # The feeds' `updated`: the date stamped into the editions, never the clock.
        "updated": build_datetime(doc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "language": m.language,
        "language_name": language_name(m.language or "en"),
        "rtl": t.rtl,
        "publisher": m.publisher,
        "authors": [{"name": a.name, "role": a.role} for a in m.authors],
        "summary": summary(doc),
        "identifiers": identifiers(doc),
        "editions": {name: editions[name] for name in MEDIA if name in editions},
        "style": {
            "accent": colours["accent"],
            "ink": colours["ink"],
            "rule": colours["rule"],
            "panel": colours["panel"],
            "body_font": house.body.name,
            "heading_font": house.heading.name,
        },  # fmt: skip
    }
