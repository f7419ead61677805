"""The WeasyPrint calls: HTML and our stylesheets in, tagged PDF/UA-1 (screen) or PDF/X
(print, publish/printing.py) bytes out.

One layout serves both PDF editions (`edition="pdf"`, publish/pdf/derive.py): each write goes
through a fresh WeasyPrint Document over the laid-out pages, with its own font table, and
gives the bytes a fresh layout would (WeasyPrint 70.0; tests/test_one_layout.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..paths import STYLES_DIR
from ..style import Resolved, pdf_layer, project_path
from . import linebreak, textlayer
from . import resume as resuming
from .fetcher import SafeFetcher

if TYPE_CHECKING:
    from weasyprint.document import Document as Rendered

    from ..printing import PrintSettings
    from .resume import Resume
    from .tagging import Edit

LOGO_NAME = "__publish_house_logo__"  # served from memory: the sanitised bytes, never the file

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
    # One layout for both: the print stylesheets with RGB colours (publish/pdf/derive.py).
    "pdf": ("pdf.css", "pdf-print.css"),
}
PRINT_ONLY = "pdf-print.css"  # what the screen edition's colours are cascaded without


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


def press_css(
    names: tuple[str, ...], settings: PrintSettings, house_css: str = "", *, palette: bool = True
) -> str:
    """Print only: the press profile as device-cmyk's profile (WeasyPrint then writes the
    GTS_PDFX OutputIntent), every colour variable of our stylesheets converted to CMYK
    through it, and no WeasyPrint marks (publish/pdf/printprep.py draws them in the slug).

    `house_css` is the house layer (publish/style.py, pdf_layer): its colour variables are
    the house's accent and text colours, and win over the defaults before conversion."""
    from .colour import palette_css, root_colours

    colours: dict[str, str] = {}
    for name in names:
        colours.update(root_colours((STYLES_DIR / name).read_text(encoding="utf-8")))
    colours.update(root_colours(house_css))
    # `components` is required: without it WeasyPrint 70 raises a TypeError (GUIDE).
    return (
        f"@color-profile device-cmyk {{ src: url({settings.profile.as_uri()}); "
        "components: cyan, magenta, yellow, black; }\n"
        + (palette_css(colours, settings.profile) if palette else "")
        + "@page { marks: none; }\n"
    )


def render_document(
    html: str,
    *,
    edition: str,
    paper: str,
    running_head: str,
    base_dir: Path | None = None,
    fetcher: SafeFetcher | None = None,
    print_settings: PrintSettings | None = None,
    house: Resolved | None = None,
    extra_css: str = "",
    resume: Resume | None = None,
) -> Rendered:
    """Lay out `html` with the edition's stylesheets (then `extra_css`); only `fetcher` reads
    files.

    `print_settings` (print edition only) selects PDF/X, its profile and CMYK colours.
    Stylesheets, later winning: styles/pdf.css (and pdf-print.css), the house layer from
    publish/style.py (fonts, colours), the project's own PDF stylesheet, then the page size
    and, for print, every colour variable (the house's included) converted to CMYK.
    `extra_css` carries what depends on the brief's language (publish.pdf.html.document_css).
    `edition="pdf"` lays out what both PDF editions share (publish/pdf/derive.py): the print
    stylesheets, colours left in RGB, and the screen's stylesheets kept on the result.
    `resume`: take the pages before `resume.page` from an earlier layout of the same HTML up
    to there (publish/pdf/resume.py); the result's `kept` lets a later layout do the same.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    linebreak.install()  # no word fragment alone on a line (issue 10)
    textlayer.install()  # copied text gives back the brief's characters (issue 10)
    if house is None:
        from ..document import Style
        from ..style import resolve

        house = resolve(Style())
    base = Path(base_dir or STYLES_DIR).resolve()
    shared = edition == "pdf"
    if shared and print_settings is None:
        from ..printing import PrintSettings

        print_settings = PrintSettings()
    press = print_settings if edition in ("print", "pdf") else None
    roots = [base] + ([Path(house.style.root)] if house.style.root else [])
    # The house's own ICC profile may live outside styles/: serve that one file too.
    fetch = fetcher or SafeFetcher(*roots, files=press.inputs() if press else ())
    if house.logo is not None and (url := logo_url(house)):
        fetch.memory[url] = (house.logo.data, house.logo.media_type)
    fonts = FontConfiguration()
    profiles: dict[str, object] = {}  # filled by @color-profile, read when writing
    sheets = [
        CSS(filename=str(STYLES_DIR / name), url_fetcher=fetch, font_config=fonts,
            color_profiles=profiles)
        for name in EDITIONS[edition]
    ]  # fmt: skip
    print_only = [
        s for s, name in zip(sheets, EDITIONS[edition], strict=True) if name == PRINT_ONLY
    ]
    layer = pdf_layer(house, edition)
    sheets.append(CSS(string=layer, url_fetcher=fetch, font_config=fonts, color_profiles=profiles))
    if own := project_path(house.style, house.style.stylesheet_pdf):
        sheets.append(CSS(filename=str(own), url_fetcher=fetch, font_config=fonts,
                          color_profiles=profiles))  # fmt: skip
    extra = page_css(paper, running_head)
    if press:
        extra += press_css(EDITIONS[edition], press, house_css=layer, palette=not shared)
    sheets.append(CSS(string=extra, font_config=fonts, url_fetcher=fetch, color_profiles=profiles))
    if extra_css:  # the brief's language: page-number words, right to left, Arabic face
        base_url = STYLES_DIR.resolve().as_uri() + "/"
        sheets.append(
            CSS(string=extra_css, base_url=base_url, url_fetcher=fetch, font_config=fonts,
                color_profiles=profiles)
        )  # fmt: skip
    document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetch)
    options = {"pdf_variant": press.pdf_variant} if press else {}
    resuming.take_kept()  # nothing left over from a layout that failed
    with resuming.run(resume if resuming.install() else None):
        rendered = document.render(
            stylesheets=sheets, font_config=fonts, color_profiles=profiles, **options
        )
        rendered.kept = resuming.take_kept()  # type: ignore[attr-defined]
    # Reused pages' glyphs live in their own layout's font configuration: kept alive.
    rendered.font_configs = (fonts, *(resume.kept.fonts if resume is not None else ()))  # type: ignore[attr-defined]
    if rendered.kept is not None:  # type: ignore[attr-defined]
        rendered.kept.fonts = rendered.font_configs  # type: ignore[attr-defined]
    if press and "device-cmyk" not in profiles:
        raise ValueError(f"WeasyPrint could not use the ICC profile {press.profile}")
    rendered.font_config = fonts  # type: ignore[attr-defined]  # kept alive until written
    if shared:  # the screen edition's cascade: the same sheets but the print-only one
        rendered.screen_sheets = [s for s in sheets if all(s is not p for p in print_only)]  # type: ignore[attr-defined]
    return rendered


def logo_url(house: Resolved) -> str | None:
    """The URL the HTML uses for the house logo; the fetcher serves it from memory."""
    if house.logo is None or not house.style.root:
        return None
    suffix = ".svg" if house.logo.media_type == "image/svg+xml" else ".png"
    return (Path(house.style.root).resolve() / (LOGO_NAME + suffix)).as_uri()


def write_pdf(
    rendered: Rendered,
    print_settings: PrintSettings | None = None,
    document_key: str = "",
    *,
    retag: bool = True,
    then: Edit | None = None,
) -> bytes:
    """PDF/UA-1 bytes of a laid-out document, or with `print_settings` the press-ready
    PDF/X (tags kept). A layout of both editions (`render_document(edition="pdf")`) may be
    written once as each (publish/pdf/derive.py).

    `retag` (default, both editions) corrects WeasyPrint's structure tree with pikepdf
    (publish/pdf/tagging.py: Note, Lbl, Reference, artifacts, links, TH scope, ParentTree);
    without it only the tagging pass's private markers are removed. `then` edits the file
    last (publish/pdf/xmp.py's identifiers): every edit is made in one pikepdf round trip.
    """
    from .derive import print_document, screen_document, screen_styles
    from .marking import marking
    from .tagging import retag_pdf

    if print_settings is None:
        # Uncompressed, as for print below: the tagging pass's save compresses every stream
        # (qpdf), cheaper than pydyf's compression before it (about 0.02 s a screen PDF).
        with marking(), screen_styles(rendered):
            data = screen_document(rendered).write_pdf(
                pdf_variant=PDF_VARIANT, uncompressed_pdf=True
            )
        assert isinstance(data, bytes)
        return retag_pdf(data, retag=retag, then=then)
    from .printprep import press_edit

    # Uncompressed here: qpdf compresses every stream when the press pass saves, at a
    # fraction of the cost of pydyf's level 9 (0.4 s for the 1 MB ICC profile alone).
    with marking():
        data = print_document(rendered).write_pdf(
            pdf_variant=print_settings.pdf_variant, pdf_tags=True, uncompressed_pdf=True
        )
    assert isinstance(data, bytes)
    # The press pass's reproducible ids hash WeasyPrint's own bytes. Its edits come after the
    # retagging, which rewrites a page's one content stream with a regular expression: the
    # slug's streams make three of it, which it would parse operator by operator (45 ms a
    # print PDF). The one save keeps /ID[0] (qpdf does) and object streams only where the
    # standard allows them.
    press = press_edit(data, print_settings, document_key=document_key)

    def finish(pdf: Any) -> None:
        press(pdf)
        if then is not None:
            then(pdf)

    streams = print_settings.standard == "x-4"
    return retag_pdf(data, object_streams=streams, then=finish, retag=retag)


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


COLOPHON_ANCHOR = "colophon-title"  # the colophon's heading (publish/pdf/html.py)


def colophon_notes(rendered: Rendered) -> frozenset[int]:
    """The footnotes laid out on the colophon's page.

    WeasyPrint sets them in the footnote area at the page foot, below the colophon, so the
    notes of the text would be read after the end matter; publish.pdf sets them after the
    text instead (publish.pdf.html, `tail`).
    """
    pages = anchor_pages(rendered)
    page = pages.get(COLOPHON_ANCHOR)
    return frozenset(
        int(name[5:])
        for name, at in pages.items()
        if name.startswith("note-") and name[5:].isdigit() and at == page
    )


def tail_in_place(rendered: Rendered, tail: frozenset[int]) -> bool:
    """True when every note set after the text shares its call's page and the colophon's
    (those notes keep their footnote ids, `note-N`)."""
    pages = anchor_pages(rendered)
    colophon = pages.get(COLOPHON_ANCHOR)
    return not misplaced_notes(rendered) and all(pages.get(f"note-{n}") == colophon for n in tail)
