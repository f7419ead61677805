"""PDF editions with WeasyPrint: `build_pdf(doc, edition, paper) -> bytes`.

Light to import: WeasyPrint itself is loaded only when a PDF is rendered.
"""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..pagemap import PageStart
from ..printing import PrintSettings

EDITIONS = ("screen", "print")
PAPERS = ("a4", "a5", "letter")
MAX_REPAIRS = 3  # re-layouts allowed to bring deferred footnotes back to their calls


def build_pdf(
    doc: Document,
    edition: str = "screen",
    paper: str = "a4",
    *,
    base_dir: Path | None = None,
    print_settings: PrintSettings | None = None,
) -> bytes:
    """The screen or print PDF of `doc` as bytes (pure: the caller writes them)."""
    return build_pdf_pages(
        doc, edition, paper, base_dir=base_dir, print_settings=print_settings, pages=False
    )[0]


def build_pdf_pages(
    doc: Document,
    edition: str = "screen",
    paper: str = "a4",
    *,
    base_dir: Path | None = None,
    print_settings: PrintSettings | None = None,
    pages: bool = True,
) -> tuple[bytes, list[PageStart]]:
    """The PDF and, with `pages`, where each of its pages begins (publish/pagemap.py), read
    from the very layout that was written: the EPUB's page markers (publish.epub).

    `base_dir` is the brief's folder, the only place besides styles/ that rendering may read.
    `print_settings` (the house profile's [print] table, `publish.printing`) shape the print
    edition: PDF/X standard, ICC profile, marks; the defaults when not given.
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; choose from {', '.join(EDITIONS)}")
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; choose from {', '.join(PAPERS)}")
    from ..identity import edition_uuid
    from ..style import resolve
    from .engine import load_weasyprint

    load_weasyprint()  # before .render imports it: the fast library lookup (engine.py)
    from .html import (
        CONTENTS_OVER,
        block_order,
        document_css,
        document_html,
        running_head,
        surely_long,
        wants_contents,
    )
    from .pagestarts import page_starts
    from .render import blocks_to_break, logo_url, render_document, write_pdf

    press = (print_settings or PrintSettings()) if edition == "print" else None
    house = resolve(doc.meta.style, doc.source)  # fonts, colours, logo, stylesheet
    logo = logo_url(house)
    # Figures' files live in the brief's folder, the one place besides styles/ we may read.
    folder = Path(base_dir) if base_dir else Path(doc.source or ".").parent
    breaks: set[str] = set()
    order = block_order(doc)
    contents = wants_contents(doc) or (
        wants_contents(doc, pages=CONTENTS_OVER + 1) and surely_long(doc, paper)
    )
    for _ in range(MAX_REPAIRS + 2):
        rendered = render_document(
            document_html(doc, edition, paper, break_before=breaks, folder=folder,
                          contents=contents, logo=logo),
            edition=edition,
            paper=paper,
            running_head=running_head(doc),
            base_dir=folder,
            print_settings=press,
            house=house,
            extra_css=document_css(doc, house.body.name),
        )  # fmt: skip
        if not contents and wants_contents(doc, len(rendered.pages)):
            contents = True  # long after all: lay out again with the contents list
            continue
        more = blocks_to_break(rendered, order) - breaks
        if not more:
            break
        breaks |= more
    starts = page_starts(rendered, doc) if pages else []
    return write_pdf(rendered, press, document_key=edition_uuid(doc)), starts


__all__ = ["EDITIONS", "PAPERS", "build_pdf", "build_pdf_pages"]
