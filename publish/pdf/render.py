"""The WeasyPrint calls: HTML and our stylesheets in, tagged PDF/UA-1 bytes out.

A fresh HTML object per output: writing one rendered WeasyPrint document twice gives
different, growing files (GUIDE), and re-rendering is what makes two builds byte-identical.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import STYLES_DIR
from .fetcher import SafeFetcher

if TYPE_CHECKING:
    from weasyprint.document import Document as Rendered

PDF_VARIANT = "pdf/ua-1"

# Trim size and margins per paper (top right bottom left); A5 gets tighter margins.
PAPERS: dict[str, tuple[str, str]] = {
    "a4": ("A4", "24mm 22mm 26mm 22mm"),
    "a5": ("A5", "18mm 15mm 20mm 15mm"),
    "letter": ("letter", "0.95in 0.9in 1in 0.9in"),
}
EDITIONS: dict[str, tuple[str, ...]] = {
    "screen": ("pdf.css",),
    "print": ("pdf.css", "pdf-print.css"),
}


def _css_string(text: str) -> str:
    """A CSS string literal; every character outside [A-Za-z0-9 ] is hex-escaped.

    Each escape ends with a space, which CSS consumes, so a real space after it survives.
    """
    out = []
    for ch in text:
        out.append(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x} ")
    return '"' + "".join(out) + '"'


def page_css(paper: str, running_head: str) -> str:
    """What varies per document: trim size, margins, the running head text."""
    size, margins = PAPERS[paper]
    return (
        f"@page {{ size: {size}; margin: {margins}; "
        f"@top-left {{ content: {_css_string(running_head)}; }} }}\n"
        "@page :first { @top-left { content: none; } }\n"
    )


def render_document(
    html: str,
    *,
    edition: str,
    paper: str,
    running_head: str,
    base_dir: Path | None = None,
    fetcher: SafeFetcher | None = None,
) -> Rendered:
    """Lay out `html` with the edition's stylesheets; only `fetcher` reads files."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    base = Path(base_dir or STYLES_DIR).resolve()
    fetch = fetcher or SafeFetcher(base)
    fonts = FontConfiguration()
    sheets = [
        CSS(filename=str(STYLES_DIR / name), url_fetcher=fetch, font_config=fonts)
        for name in EDITIONS[edition]
    ]
    sheets.append(CSS(string=page_css(paper, running_head), font_config=fonts))
    document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetch)
    rendered = document.render(stylesheets=sheets, font_config=fonts)
    rendered.font_config = fonts  # type: ignore[attr-defined]  # kept alive until written
    return rendered


def write_pdf(rendered: Rendered) -> bytes:
    """PDF/UA-1 bytes of a laid-out document. Call once per rendered document."""
    data = rendered.write_pdf(pdf_variant=PDF_VARIANT)
    assert isinstance(data, bytes)
    return data


def anchor_pages(rendered: Rendered) -> dict[str, int]:
    """Element id -> 0-based page where WeasyPrint laid it out (first occurrence)."""
    pages: dict[str, int] = {}
    for index, page in enumerate(rendered.pages):
        for name in page.anchors:
            pages.setdefault(name, index)
    return pages


def misplaced_notes(rendered: Rendered) -> dict[int, tuple[int, int]]:
    """Note number -> (call page, note page) for every footnote not on its call's page."""
    pages = anchor_pages(rendered)
    out: dict[int, tuple[int, int]] = {}
    for name, page in pages.items():
        if name.startswith("note-") and name[5:].isdigit():
            call = pages.get(f"ref-{name[5:]}")
            if call is not None and call != page:
                out[int(name[5:])] = (call, page)
    return out


def blocks_to_break(rendered: Rendered, order: list[str]) -> set[str]:
    """Blocks to start on a new page so that deferred footnotes rejoin their calls.

    WeasyPrint defers a page's last footnote to fit one more line when orphans or widows
    forbid breaking earlier (its footnote-policy is not consulted there). Starting the last
    block begun on the call's page on the next page gives the note its room back.
    """
    pages = anchor_pages(rendered)
    out: set[str] = set()
    for call_page, _ in misplaced_notes(rendered).values():
        started = [i for i in order if pages.get(i) == call_page]
        if len(started) >= 2:  # breaking before the page's first block would change nothing
            out.add(started[-1])
    return out
