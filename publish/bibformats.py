"""The brief as a BibTeX `@techreport` (bibtexparser) and a RIS `RPRT` record (rispy).

Both are made from the CSL-JSON item (publish/citations.py), so every format says the same
thing, and written by the libraries reference managers' importers are tested against.
"""

from __future__ import annotations

import re
from typing import Any

from .citations import csl_item
from .document import Document

# BibTeX's special characters, escaped so that `&` in a publisher's name does not break
# LaTeX; the text stays UTF-8 (biber, Zotero and JabRef read it as it is).
_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}  # fmt: skip
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX))


def latex_escape(text: str) -> str:
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], " ".join(text.split()))


def _name(name: dict[str, str]) -> str:
    """`Family, Given` (the particle before the family name), or a literal in braces so
    that BibTeX never splits an organisation's name."""
    if "literal" in name:
        return "{" + latex_escape(name["literal"]) + "}"
    family = " ".join(p for p in (name.get("non-dropping-particle"), name["family"]) if p)
    return f"{latex_escape(family)}, {latex_escape(name['given'])}"


def bibtex_fields(item: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, BibTeX value text) in a fixed order."""
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    date = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))
    # @techreport requires an institution: the publisher, else the series (as CSL's is).
    institution = item.get("publisher") or item.get("collection-title")
    fields = [
        ("author", " and ".join(_name(n) for n in item.get("author", []))),
        # Inner braces keep the title's capitals: BibTeX styles lower-case unprotected ones.
        ("title", "{" + latex_escape(item["title"]) + "}"),
        ("institution", latex_escape(institution or "")),
        ("address", latex_escape(item.get("publisher-place", ""))),
        ("type", "Policy brief" if item.get("number") else ""),
        ("number", item.get("number", "")),
        ("series", latex_escape(item.get("collection-title", ""))),
        ("year", str(parts[0]) if parts else ""),
        ("month", str(parts[1]) if len(parts) > 1 else ""),
        ("date", date),
        ("doi", item.get("DOI", "")),
        ("isbn", item.get("ISBN", "")),
        ("issn", item.get("ISSN", "")),
        ("url", item.get("URL", "")),
        ("langid", item.get("language", "")),
        ("keywords", latex_escape(item.get("keyword", ""))),
    ]
    return [(k, v) for k, v in fields if v]


def bibtex_entries(docs: list[Document], urls: list[str | None] | None = None) -> str:
    """One `@techreport` per brief, keyed by its slug, in the order given (`urls`: each
    brief's landing page, or None)."""
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for doc, url in zip(docs, urls or [None] * len(docs), strict=True):
        item = csl_item(doc, url)
        fields = [Field(k, v) for k, v in bibtex_fields(item)]  # the writer adds braces
        library.add(Entry("techreport", item["id"], fields))
    out = bibtexparser.BibtexFormat()
    out.indent = "  "
    return bibtexparser.write_string(library, bibtex_format=out).strip() + "\n"


def bibtex(doc: Document, url: str | None = None) -> str:
    return bibtex_entries([doc], [url])


def ris_record(item: dict[str, Any]) -> dict[str, Any]:
    """rispy's fields for one item (`TY  - RPRT`)."""
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    names = []
    for name in item.get("author", []):
        family = " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)
        names.append(name["literal"] if "literal" in name else f"{family}, {name['given']}")
    record: dict[str, Any] = {
        "type_of_reference": "RPRT",
        "id": item["id"],
        "title": item["title"],
        "authors": names,
        "year": str(parts[0]) if parts else None,
        # RIS dates are YYYY/MM/DD/ with empty parts kept.
        "date": "/".join(
            [*(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)), *[""] * (3 - len(parts))]
        )
        + "/"
        if parts
        else None,  # fmt: skip
        "publisher": item.get("publisher"),
        "place_published": item.get("publisher-place"),
        "tertiary_title": item.get("collection-title"),  # T3: the series
        "number": item.get("number"),
        "doi": item.get("DOI"),
        # SN holds "ISBN or ISSN": the edition's own number before the series'.
        "issn": item.get("ISBN") or item.get("ISSN"),
        "language": item.get("language"),
        "urls": [item["URL"]] if item.get("URL") else None,
        "keywords": [k.strip() for k in item["keyword"].split(",")]
        if item.get("keyword")
        else None,
    }
    return {k: v for k, v in record.items() if v}


def ris_records(docs: list[Document], urls: list[str | None] | None = None) -> str:
    import rispy

    class Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""  # rispy numbers records ("1."): not RIS, and importers skip the line

    items = [csl_item(d, u) for d, u in zip(docs, urls or [None] * len(docs), strict=True)]
    return rispy.dumps([ris_record(item) for item in items], implementation=Writer)


def ris(doc: Document, url: str | None = None) -> str:
    return ris_records([doc], [url])
