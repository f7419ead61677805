"""The English text of every label the tool adds to an edition, keyed by a stable name.

Its own module, below both publish.labels (which formats labels) and publish.i18n (whose
catalogue template lists them): neither imports the other (issue 23: no import cycles).
"""

from __future__ import annotations

# key → English text. Keep one label per line: the .po files are keyed by these names.
LABELS: dict[str, str] = {
    "number": "No. {number}",
    "cover": "Cover",
    "cover_series_number": "{series}, number {number}",
    "title_page": "Title page",
    "contents": "Contents",
    "figure": "Figure {number}",
    "figure_plain": "Figure",
    "table": "Table {number}",
    "table_plain": "Table",
    "landmarks": "Landmarks",
    "page_list": "Page list",
    "start_of_text": "Start of text",
    "text": "Text",
    "section": "Section {n}",
    "no_text": "(This brief has no text.)",
    "untitled": "Untitled brief",
    "notes": "Notes",
    "backlink": "Back to the call of note {n}",
    "backlink_more": "Back to call {i} of note {n}",
    "also_cited": "Also cited at",
    "colophon": "Colophon",
    "series": "Series",
    "author": "Author",
    "authors": "Authors",
    "publisher": "Publisher",
    "address": "Address",
    "website": "Website",
    "published": "Published",
    "issn": "ISSN",
    "isbn": "ISBN",
    "isbn_edition": "{isbn} ({edition})",
    "doi": "DOI",
    "how_to_cite": "How to cite",
    "licence": "Licence",
    "edition": "Edition",
    "identifier": "Identifier",
    "edition_identifier": "Edition identifier",
    "screen_pdf": "Screen PDF",
    "print_pdf": "Print PDF",
    "archive_pdf": "Archive PDF",
    "paper_letter": "US Letter",
    "edition_line": "{edition}, {paper}",
    "edition_line_bleed": "{edition}, {paper}, 3 mm bleed",
    "page_of": "page {page} of {pages}",
    "policy_brief": "policy brief",
    "font_credit": (
        "Set in {fonts}, used under the SIL Open Font License 1.1 "
        "(the licence is included in this book in the fonts folder)."
    ),
    "font_credit_own": (
        "Set in {fonts}, used under the licences included in this book in the fonts folder."
    ),
    "logo_alt": "{publisher} logo",
    "logo_alt_plain": "Publisher’s logo",
    "accessibility_built": (
        "It is a reflowable text with a table of contents, landmarks and semantic headings, "
        "in a logical reading order. Note calls and notes link to each other in both "
        "directions. Pull quotes repeat text from the body and are hidden from assistive "
        "technology. The cover image has a text alternative."
    ),
    "accessibility_unverified": (
        "This copy was not checked with an accessibility checker and makes no conformance claim."
    ),
    "accessibility_figures": "Figures have captions and text alternatives.",
    "accessibility_tables": "Tables have captions, column headers and, where useful, row headers.",
    "accessibility_summary": (
        "This publication conforms to EPUB Accessibility 1.1 at WCAG 2.2 Level AA. "
        "It is a reflowable text with a table of contents, landmarks and semantic headings, "
        "in a logical reading order. Note calls and notes link to each other in both "
        "directions. Pull quotes repeat text from the body and are hidden from assistive "
        "technology. The cover image has a text alternative."
    ),
}
