"""PDF editions with WeasyPrint: `build_pdf(doc, edition, paper) -> bytes`.

Light to import: WeasyPrint itself is loaded only when a PDF is rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document import Document
from ..pagemap import PageStart
from ..printing import PrintSettings
from .resume import Cancelled as LayoutCancelled

if TYPE_CHECKING:
    from .archive import Attachment
    from .resume import Resume

EDITIONS = ("screen", "print", "archive")
PAPERS = ("a4", "a5", "letter")
MAX_REPAIRS = 3  # re-layouts allowed to bring deferred footnotes back to their calls


def build_pdf(
    doc: Document,
    edition: str = "screen",
    paper: str = "a4",
    *,
    base_dir: Path | None = None,
    print_settings: PrintSettings | None = None,
    attachments: Sequence[Attachment] | None = None,
) -> bytes:
    """The screen, print or archive PDF of `doc` as bytes (pure: the caller writes them).

    `base_dir` is the brief's folder, the only place besides styles/ that rendering may read.
    `print_settings` (the house profile's [print] table, `publish.printing`) shape the print
    edition: PDF/X standard, ICC profile, marks; the defaults when not given. The archive
    edition is the screen edition's layout written as PDF/A-3u and PDF/UA-1, carrying
    `attachments` (default: the brief's source and its Document JSON; publish/pdf/archive.py).
    """
    return build_pdf_pages(doc, edition, paper, base_dir=base_dir, print_settings=print_settings,
                           attachments=attachments, pages=False)[0]  # fmt: skip


def build_pdf_pages(
    doc: Document,
    edition: str = "screen",
    paper: str = "a4",
    *,
    base_dir: Path | None = None,
    print_settings: PrintSettings | None = None,
    attachments: Sequence[Attachment] | None = None,
    pages: bool = True,
) -> tuple[bytes, list[PageStart]]:
    """The PDF and, with `pages`, where each of its pages begins (publish/pagemap.py), read
    from the very layout that was written: the EPUB's page markers (publish.epub)."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; choose from {', '.join(EDITIONS)}")
    if edition == "archive":
        rendered = _lay_out(doc, "archive", paper, base_dir, None)
        from .archive import archive_attachments, write_archive
        from .pagestarts import page_starts

        files = archive_attachments(doc) if attachments is None else list(attachments)
        starts = page_starts(rendered, doc) if pages else []
        return write_archive(rendered, doc, files), starts
    written, starts = build_pdf_editions(doc, paper, base_dir=base_dir, editions=(edition,),
                                         print_settings=print_settings, pages=pages)  # fmt: skip
    return written[edition], starts


def build_pdf_editions(
    doc: Document,
    paper: str = "a4",
    *,
    base_dir: Path | None = None,
    print_settings: PrintSettings | None = None,
    editions: Sequence[str] = ("print", "screen"),
    pages: bool = True,
) -> tuple[dict[str, bytes], list[PageStart]]:
    """The screen and print PDFs (those in `editions`) from one layout (publish/pdf/derive.py),
    and where each page begins. The pages, footnotes and structure tree are the same in both;
    the print edition adds bleed, marks and CMYK, and its links and calls are black."""
    for edition in editions:
        if edition not in ("screen", "print"):
            raise ValueError(f"unknown edition {edition!r}; choose from screen, print")
    from .pagestarts import page_starts

    press = print_settings or PrintSettings()
    if tuple(editions) == ("screen",):  # the preview, `publish pdf`: the screen's sheets alone
        rendered = _lay_out(doc, "screen", paper, base_dir, None)  # the same bytes, less work
    else:
        rendered = lay_out_pdfs(doc, paper, base_dir=base_dir, print_settings=press)
    starts = page_starts(rendered, doc) if pages else []
    out = {edition: write_edition(rendered, doc, edition, press) for edition in editions}
    return out, starts


def lay_out_pdfs(  # type: ignore[no-untyped-def]
    doc: Document,
    paper: str = "a4",
    *,
    base_dir: Path | None = None,
    print_settings: PrintSettings | None = None,
):
    """The one WeasyPrint layout both PDF editions are written from (`write_edition`)."""
    return _lay_out(doc, "pdf", paper, base_dir, print_settings or PrintSettings())


def lay_out_screen(  # type: ignore[no-untyped-def]
    doc: Document,
    paper: str = "a4",
    *,
    base_dir: Path | None = None,
    first_pass: Callable[[Any], None] | None = None,
    pages_guess: int = 0,
    cancelled: Callable[[], bool] | None = None,
):
    """The screen edition's layout alone, for `write_edition` and the preview's first page
    (`first_page_pdf`): what `build_pdf(doc)` lays out. `first_pass`, when no repair can
    change the first page, is given a layout of that page alone, its foot numbered as of
    `pages_guess` pages (the last build's): the live preview shows it while the rest is
    laid out. `cancelled()` true before a page stops the layout with `LayoutCancelled`."""
    from .resume import cancel_when

    with cancel_when(cancelled):
        return _lay_out(doc, "screen", paper, base_dir, None, first_pass, pages_guess)


def first_page_pdf(rendered) -> bytes:  # type: ignore[no-untyped-def]
    """A PDF of the layout's first page only, untagged: an image of it, drawn before the
    whole document is written and tagged (the live preview shows it first). Its pixels are
    the edition's; it is never an edition."""
    data = rendered.copy(rendered.pages[:1]).write_pdf()
    assert isinstance(data, bytes)
    return data


def write_edition(rendered, doc: Document, edition: str, press: PrintSettings) -> bytes:  # type: ignore[no-untyped-def]
    """The screen or print edition's bytes from `lay_out_pdfs`' layout (any order, any
    number of times: the layout is left as it was)."""
    from ..identity import edition_uuid
    from .render import write_pdf
    from .xmp import identifiers_edit

    pressed = press if edition == "print" else None
    then = identifiers_edit(doc, edition)
    return write_pdf(rendered, pressed, document_key=edition_uuid(doc), then=then)


def _lay_out(  # type: ignore[no-untyped-def]
    doc: Document,
    edition: str,
    paper: str,
    base_dir: Path | None,
    press: PrintSettings | None,
    first_pass: Callable[[Any], None] | None = None,
    pages_guess: int = 0,
):
    """The final WeasyPrint layout of `doc` for `edition` ("pdf": both PDF editions, or
    "archive"), after the repairs that keep every footnote on its call's page."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; choose from {', '.join(PAPERS)}")
    from ..style import resolve
    from .engine import load_weasyprint

    load_weasyprint()  # before .render imports it: the fast library lookup (engine.py)
    from . import resume as resuming
    from .html import (
        CONTENTS_OVER,
        block_order,
        document_css,
        document_html,
        running_head,
        surely_long,
        wants_contents,
    )
    from .render import (
        anchor_pages,
        blocks_to_break,
        colophon_notes,
        logo_url,
        render_document,
        tail_in_place,
    )

    layout_edition = "screen" if edition == "archive" else edition  # the archive: screen pages
    house = resolve(doc.meta.style, doc.source)  # fonts, colours, logo, stylesheet
    logo = logo_url(house)
    # Figures' files live in the brief's folder, the one place besides styles/ we may read.
    folder = Path(base_dir) if base_dir else Path(doc.source or ".").parent
    breaks: set[str] = set()
    order = block_order(doc)
    contents = wants_contents(doc) or (
        wants_contents(doc, pages=CONTENTS_OVER + 1) and surely_long(doc, paper)
    )

    last: list[tuple[str, Any]] = []  # the latest layout and its HTML, to resume from

    def layout(tail: frozenset[int] = frozenset(), first: int = 0):  # type: ignore[no-untyped-def]
        html = document_html(doc, edition, paper, break_before=breaks, folder=folder,
                             contents=contents, logo=logo, tail=tail)  # fmt: skip

        def lay_out(resume: Resume | None):  # type: ignore[no-untyped-def]
            return render_document(
                html,
                edition=layout_edition,
                paper=paper,
                running_head=running_head(doc),
                base_dir=folder,
                print_settings=press,
                house=house,
                extra_css=document_css(doc, house.body.name),
                resume=resume,
            )

        if first:  # the first pages only (the preview's), for the next layout to go on from
            with resuming.first_pages(first, pages_guess):
                last[:] = [(html, lay_out(None))]
            return last[0][1]
        resume = None
        if last and (kept := getattr(last[0][1], "kept", None)) is not None:
            old_html, old = last[0]
            at = (len(old.pages) if getattr(old, "partial", False) and old_html == html
                  else resuming.start_page(old_html, html, order, anchor_pages(old)))  # fmt: skip
            resume = resuming.start_from(kept, at)
        rendered = lay_out(resume)
        if resume is not None and not _resumed_layout_stands(rendered, old, doc, resume.page):
            rendered = lay_out(None)  # a page it took shows page numbers that moved
        last[:] = [(html, rendered)]
        return rendered

    # The live preview's first page, from a layout of that page alone that the first whole
    # layout goes on from (publish/pdf/resume.py). Only when no repair can change that page:
    # the brief goes on after it with nothing carried over (no footnote deferred from it,
    # which a repair would bring back; the colophon, whose notes a repair moves, not on
    # it) and it has no contents list (whose page numbers need every page).
    if first_pass is not None and pages_guess > 0 and not contents and resuming.install():
        partial = layout(first=1)
        if partial.kept is not None and partial.kept.clean.get(1, False):
            partial.partial = True
            first_pass(partial)
        else:
            last.clear()  # laid out whole from the start
    for _ in range(MAX_REPAIRS + 2):
        rendered = layout()
        if not contents and wants_contents(doc, len(rendered.pages)):
            contents = True  # long after all: lay out again with the contents list
            continue
        more = blocks_to_break(rendered, order) - breaks
        if not more:
            break
        breaks |= more
    # The notes of the colophon's page go after the text, above the colophon (issue 27);
    # kept only when they and the colophon then share their calls' page. A call whose line
    # the footnote had pushed onto that page moves back up without it: the block begun last
    # on the call's page then starts a page, as for a deferred footnote.
    if tail := colophon_notes(rendered):
        kept = set(breaks)
        for _ in range(MAX_REPAIRS):
            again = layout(tail)
            if tail_in_place(again, tail):
                rendered = again
                break
            more = blocks_to_break(again, order) - breaks
            if not more:
                break
            breaks |= more
        else:
            breaks = kept
    rendered.kept = None  # nothing lays out from it again: let its page states go
    return rendered


def _resumed_layout_stands(rendered, earlier, doc: Document, first: int) -> bool:  # type: ignore[no-untyped-def]
    """False when a resumed layout cannot stand: a page it took from `earlier` (before
    `first`) lists a section whose page moved, or a link breaks across the seam."""
    from .render import anchor_pages
    from .resume import links_across

    if links_across(rendered, first):
        return False
    now, then = anchor_pages(rendered), anchor_pages(earlier)
    if not any(page < first for page in (now.get("contents-title"), then.get("contents-title"))
               if page is not None):  # fmt: skip
        return True
    return all(now.get(b.id) == then.get(b.id) for b in doc.headings())


__all__ = ["EDITIONS", "PAPERS", "LayoutCancelled", "build_pdf", "build_pdf_editions",
           "build_pdf_pages", "first_page_pdf", "lay_out_screen", "write_edition"]  # fmt: skip
