"""EPUB 3 backend: `build_epub(doc) -> bytes`.

Reads only the normalized Document. Content documents are written by `xhtml`, the cover by
`cover`, the package (OPF, nav, NCX) by ebooklib in `package`, the container by `zipwriter`.
Pure: returns bytes, fetches nothing, reads only the bundled stylesheet and fonts.
"""

from __future__ import annotations

import dataclasses
import re
from hashlib import sha256
from pathlib import Path
from typing import Any

from lxml import etree

from .. import images
from ..document import Document
from ..errors import PublishError
from ..fonts import BUNDLED
from ..identity import build_datetime, edition_uuid
from ..labels import font_credit, labels_for
from ..onix import onix_record
from ..pagemap import PageStart, note_text
from ..paths import STYLES_DIR
from ..style import Resolved, epub_layer, families, project_path, resolve
from . import backmatter, xhtml
from .cover import cover_alt, cover_png
from .fonts import ARABIC_FAMILY, embedded_fonts, licence_name, licence_text, needs_arabic
from .package import (
    RECORD_FILE,
    PageSpec,
    accessibility,
    assemble,
    book_title,
    language,
    link_record,
    print_source,
    set_package_lang,
)
from .pagebreaks import PageMarks
from .zipwriter import rezip

__all__ = ["build_epub"]

COVER_IMAGE = "images/cover.png"
# Characters XML 1.0 forbids: a brief carrying one would otherwise make ebooklib or lxml fail.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Soft hyphens (U+00AD, as Word stores them) are dropped too: in the EPUB they would be read
# by search and by some screen readers; the stylesheet's `hyphens: auto` hyphenates instead.
SOFT_HYPHEN = "\u00ad"


def build_epub(
    doc: Document,
    *,
    subset_fonts: bool = True,
    base_dir: Path | None = None,
    verified_by: str | None = None,
    page_starts: list[PageStart] | None = None,
    **_ignored: Any,
) -> bytes:
    """The EPUB 3 for `doc`, as bytes. Byte-identical for the same Document and build date.

    Options: `subset_fonts` (default True) embeds only the glyphs the book uses; `base_dir`
    is the brief's folder, where figures' files are read (default: the folder of doc.source).
    `verified_by` ("DAISY Ace 1.4.6") adds the conformance claim; only the release passes it,
    and only ships the book when that checker then finds no violation (publish.editions).
    `page_starts` (publish.pdf.build_pdf_pages, from the print edition's layout) puts the
    print edition's page breaks in: markers, the page list, `dc:source` and the metadata.
    Unknown options are ignored so that callers can pass a shared option set.
    """
    doc = clean_document(doc)
    house = resolve(doc.meta.style, doc.source)
    logo = f"images/{house.logo.name}" if house.logo else None
    lang = language(doc)
    title = book_title(doc)
    identifier = edition_uuid(doc)

    t = labels_for(doc)
    alt = cover_alt(doc, title)
    # Arabic script anywhere (an Arabic brief, or an Arabic name in another one): embed Amiri.
    arabic = needs_arabic(doc.to_json() + alt)
    fams = [*families(house), *([ARABIC_FAMILY] if arabic else [])]
    licences = {f"fonts/{licence_name(f)}": f for f in fams}
    own = any(f.name not in BUNDLED for f in fams)
    credit = font_credit(t, [f.credit for f in fams], own_licence=own)

    calls = xhtml.NoteCalls(existing={n.number for n in doc.notes}, labels=doc.note_labels())
    sections = xhtml.sections(doc)
    figures, image_files = figure_images(doc, base_dir)
    marks = PageMarks(list(page_starts)) if page_starts else None
    # first: it records the call ids
    body = xhtml.body_page(doc, lang, title, calls, figures, marks)
    notes = backmatter.notes_page(doc, lang, calls) if doc.notes else None
    title_xhtml = xhtml.title_page(doc, lang, title, logo)
    colophon = backmatter.colophon_page(doc, lang, identifier, logo, credit)
    if marks:
        title_xhtml = marks.title(title_xhtml, xhtml.TITLE_FILE)
        if notes:
            texts = {n.number: note_text(n) for n in doc.notes}
            notes = marks.notes(notes, texts, xhtml.NOTES_FILE)
        colophon = marks.colophon(colophon, xhtml.COLOPHON_FILE)
        colophon = marks.leftover(colophon, xhtml.COLOPHON_FILE)
    specs = {
        "cover": PageSpec(
            "cover", xhtml.COVER_FILE, t("cover"), xhtml.cover_page(doc, lang, COVER_IMAGE, alt)
        ),
        "title": PageSpec("titlepage", xhtml.TITLE_FILE, t("title_page"), title_xhtml),
        "body": PageSpec("text", xhtml.BODY_FILE, title, body),
        "colophon": PageSpec("colophon", xhtml.COLOPHON_FILE, t("colophon"), colophon),
    }
    notes_spec = PageSpec("notes", xhtml.NOTES_FILE, t("notes"), notes) if notes else None

    texts = [spec.xhtml for spec in specs.values()] + ([notes] if notes else [])
    for spec in [*specs.values(), *([notes_spec] if notes_spec else [])]:
        check_well_formed(spec)
    # The nav's own words are not in the pages: add them so their glyphs are embedded.
    visible = "".join(visible_text(x) for x in texts) + title + t("contents") + t("landmarks")
    visible += t("start_of_text") + t("text") + t("title_page")

    resources: dict[str, tuple[str, bytes]] = {
        "css/epub.css": ("text/css", stylesheet(house, arabic))
    }
    for name, family in licences.items():
        resources[name] = ("text/plain", licence_text(family))
    fonts = embedded_fonts(visible, subset_fonts=subset_fonts, families=fams)
    for name, (media_type, data) in fonts.items():
        resources[f"fonts/{name}"] = (media_type, data)
    if house.logo and logo:
        resources[logo] = (house.logo.media_type, house.logo.data)
    resources.update(image_files)

    toc_sections = [(sec.id, sec.label(t)) for sec in sections if sec.heading is not None]
    when = build_datetime(doc)
    raw = assemble(
        doc,
        cover=specs["cover"],
        cover_image=cover_png(doc, title, house),
        cover_image_name=COVER_IMAGE,
        title_page=specs["title"],
        body=specs["body"],
        sections=toc_sections,
        notes=notes_spec,
        colophon=specs["colophon"],
        resources=resources,
        modified=when,
        verified_by=verified_by,
        page_source=print_source(doc) if marks else None,
    )
    page_list = marks.nav(t("page_list")) if marks else ""

    def patch(name: str, data: bytes) -> bytes:
        if name.endswith(".opf"):
            return link_record(set_package_lang(data, lang))
        if page_list and name.endswith("nav.xhtml"):
            return data.replace(b"</body>", page_list.encode("utf-8") + b"</body>", 1)
        return data

    # The ONIX record says what the OPF says about the book's accessibility (publish/onix.py).
    record = onix_record(doc, accessibility(doc, verified_by, pages=bool(marks)))
    return rezip(raw, when, patch, {f"EPUB/{RECORD_FILE}": record})


def figure_images(
    doc: Document, base_dir: Path | None
) -> tuple[dict[str, tuple[str, int, int]], dict[str, tuple[str, bytes]]]:
    """({figure id: (href, width, height)}, {file name: (media type, bytes)}).

    Each image file is stored once, named by its content, however many figures show it;
    large rasters are scaled down. A figure whose file cannot be read gets no image (the
    normalizer has already reported it as an error).
    """
    folder = Path(base_dir) if base_dir else Path(doc.source or ".").parent
    placed: dict[str, tuple[str, int, int]] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for block in doc.figures():
        try:
            info, data = images.read_image(block.src or "", folder)
        except (images.ImageProblem, OSError):
            continue
        scaled = images.epub_image(info, data)
        width, height = info.width, info.height
        if scaled is not data:
            factor = images.EPUB_MAX_SIDE / max(width, height)
            width, height = max(1, round(width * factor)), max(1, round(height * factor))
        data = scaled
        name = f"images/{sha256(data).hexdigest()[:16]}.{images.EXTENSIONS[info.media_type]}"
        files[name] = (info.media_type, data)
        placed[block.id] = (name, width, height)
    return placed, files


ARABIC_CSS = """
/* Added by publish for Arabic script: the bundled Amiri face (OFL, fonts/OFL-Amiri.txt),
   after the house faces, so that Latin text keeps them. */
@font-face { font-family: "Amiri"; font-weight: 400; src: url("../fonts/Amiri-Regular.ttf"); }
@font-face { font-family: "Amiri"; font-weight: 700; src: url("../fonts/Amiri-Bold.ttf"); }
"""


def stylesheet(house: Resolved | None = None, arabic: bool = False) -> bytes:
    """styles/epub.css, then the house layer (fonts, colours), then the project's EPUB sheet;
    the Amiri faces for a book with Arabic script."""
    path = STYLES_DIR / "epub.css"
    if not path.is_file():
        raise PublishError(f"EPUB stylesheet missing: {path}")
    css = path.read_bytes().rstrip() + b"\n\n/* House style (publish/style.py) */\n"
    css += epub_layer(house, arabic).encode("utf-8")
    if arabic:
        css += ARABIC_CSS.encode("utf-8")
    if house is not None and house.style.stylesheet_epub:
        own = project_path(house.style, house.style.stylesheet_epub)
        assert own is not None
        css += f"\n/* {own.name} (the project's stylesheet) */\n".encode() + own.read_bytes()
    return css


def check_well_formed(spec: PageSpec) -> None:
    """Our own guard: never ship a content document that an XML parser rejects."""
    try:
        etree.fromstring(spec.xhtml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:  # a bug in this backend, not in the brief
        raise PublishError(f"internal error: {spec.file_name} is not well-formed: {exc}") from exc


def visible_text(page: str) -> str:
    root = etree.fromstring(page.encode("utf-8"))
    return "".join(root.itertext())


def clean_document(doc: Document) -> Document:
    """A copy of `doc` with XML-forbidden characters and soft hyphens removed from every
    string."""
    return Document.from_dict(_clean(dataclasses.replace(doc).to_dict()))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return XML_INVALID.sub("", value).replace(SOFT_HYPHEN, "")
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value
