"""Assemble the book with ebooklib: items, spine, nav (TOC + landmarks), OPF metadata.

ebooklib writes the OPF, the nav document and the NCX; we serve our own finished XHTML for the
content documents (see `Page`) so that ebooklib's HTML re-parsing never touches brief text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from ebooklib import epub
from lxml import etree

from ..document import Document
from ..identifiers import isbn_urn, issn_urn
from ..identity import build_datetime, edition_uuid
from ..labels import labels_for
from ..onix import Accessibility

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
ACCESS_FEATURES = (
    "alternativeText",
    "displayTransformability",
    "readingOrder",
    "structuralNavigation",
    "tableOfContents",
)
# The accessibility summary states only what was verified: the catalogue's
# `accessibility_summary` claims conformance, and is used only for a book Ace passed.
LANG_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


class Page(epub.EpubHtml):
    """An XHTML document whose bytes we wrote ourselves.

    Plain EpubHtml re-parses content with an HTML parser, drops <head> and writes an empty file
    for content that starts with an XML declaration (ebooklib #354). We hand over finished XHTML.
    """

    def __init__(self, uid: str, file_name: str, title: str, xhtml: str, lang: str) -> None:
        super().__init__(uid=uid, file_name=file_name, title=title, lang=lang)
        self.xhtml = xhtml.encode("utf-8")

    def get_content(self, default: bytes | None = None) -> bytes:
        return self.xhtml


@dataclass
class PageSpec:
    uid: str
    file_name: str
    title: str
    xhtml: str


def language(doc: Document) -> str:
    """A well-formed BCP 47 tag; `und` (undetermined) when the brief's value is not one."""
    lang = (doc.meta.language or "").strip()
    return lang if LANG_RE.fullmatch(lang) else "und"


def book_title(doc: Document) -> str:
    title = " ".join((doc.meta.title or "").split())
    return title or doc.meta.slug or labels_for(doc)("untitled")


def iso_date(doc: Document) -> str | None:
    try:
        return date.fromisoformat(doc.meta.date or "").isoformat()
    except ValueError:
        return None


def assemble(
    doc: Document,
    *,
    cover: PageSpec,
    cover_image: bytes,
    cover_image_name: str,
    title_page: PageSpec,
    body: PageSpec,
    sections: list[tuple[str, str]],
    notes: PageSpec | None,
    colophon: PageSpec,
    resources: dict[str, tuple[str, bytes]],
    modified: datetime | None = None,
    verified_by: str | None = None,
    page_source: str | None = None,
) -> bytes:
    """The EPUB as ebooklib writes it (not yet deterministic at the zip level).

    `sections` is [(fragment id, label)] for the TOC; `resources` maps a file name to
    (media type, bytes) for the stylesheet, fonts and licence. `verified_by` names the checker
    that will pass this build (see add_metadata).
    """
    lang = language(doc)
    title = book_title(doc)
    t = labels_for(doc)
    book = epub.EpubBook()
    if t.rtl:
        book.set_direction("rtl")  # spine page-progression-direction="rtl"
    book.set_identifier(edition_uuid(doc))
    book.set_title(title)
    book.set_language(lang)
    book.IDENTIFIER_ID = "edition-id"
    book.set_unique_metadata("DC", "identifier", edition_uuid(doc), {"id": book.IDENTIFIER_ID})
    add_metadata(book, doc, title, verified_by, page_source)
    add_identifiers(book, doc)

    book.set_cover(cover_image_name, cover_image, create_page=False)
    pages = {}
    for spec in (cover, title_page, body, notes, colophon):
        if spec is None:
            continue
        item = Page(spec.uid, spec.file_name, spec.title, spec.xhtml, lang)
        pages[spec.uid] = item
        book.add_item(item)
    for name, (media_type, data) in sorted(resources.items()):
        uid = "res-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
        book.add_item(epub.EpubItem(uid=uid, file_name=name, media_type=media_type, content=data))

    # TOC: never empty (ebooklib #130) because the title page and colophon are always there.
    toc: list[epub.Link] = [epub.Link(title_page.file_name, t("title_page"), "toc-title")]
    if sections:
        toc += [
            epub.Link(f"{body.file_name}#{frag}", label, f"toc-{frag}") for frag, label in sections
        ]
    else:
        toc.append(epub.Link(body.file_name, t("text"), "toc-text"))
    if notes is not None:
        toc.append(epub.Link(notes.file_name, t("notes"), "toc-notes"))
    toc.append(epub.Link(colophon.file_name, t("colophon"), "toc-colophon"))
    book.toc = toc

    # Landmarks come from the guide; EPUB 3 types given directly (ebooklib maps `notes` to the
    # deprecated `rearnotes`). The EPUB 2 <guide> is switched off below.
    book.guide = [
        {"href": cover.file_name, "title": t("cover"), "type": "cover"},
        {"href": body.file_name, "title": t("start_of_text"), "type": "bodymatter"},
    ]
    if notes is not None:
        book.guide.append({"href": notes.file_name, "title": t("notes"), "type": "endnotes"})
    book.guide.append({"href": colophon.file_name, "title": t("colophon"), "type": "colophon"})

    nav = epub.EpubNav(title=t("contents"), direction="rtl" if t.rtl else None)
    nav.add_link(href="css/epub.css", rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.add_item(epub.EpubNcx())

    # The cover is linear and first: a non-linear cover that nothing links to is OPF-096.
    book.spine = [pages[s.uid] for s in (cover, title_page, body, notes, colophon) if s is not None]

    out = io.BytesIO()
    options = {
        "epub3_pages": False,  # ebooklib #339: a bogus page-list from every epub:type + id
        "epub2_guide": False,
        "epub3_landmark": True,
        "landmark_title": t("landmarks"),
        "package_direction": t.rtl,  # <package dir="rtl">
        "mtime": modified or build_datetime(doc),
        "raise_exceptions": True,
    }
    epub.write_epub(out, book, options)
    return out.getvalue()


def print_source(doc: Document) -> str:
    """The print edition the page breaks come from, as `dc:source` (and `pageBreakSource`)
    name it: its ISBN when it has one (`urn:isbn:…`, the identifier a library matches),
    else its title, paper and file name."""
    if doc.meta.isbn_print:
        return isbn_urn(doc.meta.isbn_print)
    paper = (doc.meta.paper or "a4").upper()
    return f"{book_title(doc)}, {labels_for(doc)('print_pdf')} ({paper}): {doc.meta.slug}-print.pdf"


def add_metadata(
    book: epub.EpubBook,
    doc: Document,
    title: str,
    verified_by: str | None = None,
    page_source: str | None = None,
) -> None:
    """OPF metadata. The accessibility metadata states only what is verified: a conformance
    claim (`dcterms:conformsTo`, `a11y:certifiedBy`) only when `verified_by` names the checker
    whose pass the release requires before it ships these bytes (publish.editions); otherwise
    a summary of what the build itself guarantees, and no claim."""
    m = doc.meta
    # The generator meta carries ebooklib's version: drop it so upgrades don't change the bytes.
    book.metadata.get(epub.NAMESPACES["OPF"], {}).pop("generator", None)
    if when := iso_date(doc):
        book.add_metadata("DC", "date", when)
    if m.publisher:
        book.add_metadata("DC", "publisher", m.publisher)
    # dc:creator holds the name only; the role is shown on the title page and colophon.
    for index, author in enumerate(a for a in m.authors if a.name.strip()):
        book.add_author(author.name.strip(), uid=f"creator-{index + 1}")
    if m.subtitle:
        book.add_metadata("DC", "description", m.subtitle)
    for keyword in m.keywords:
        if keyword.strip():
            book.add_metadata("DC", "subject", keyword.strip())
    if m.licence:
        book.add_metadata("DC", "rights", m.licence)
    if m.series:
        book.add_metadata(
            None, "meta", m.series, {"property": "belongs-to-collection", "id": "series"}
        )
        book.add_metadata(
            None, "meta", "series", {"refines": "#series", "property": "collection-type"}
        )
        if m.number is not None:
            book.add_metadata(
                None, "meta", str(m.number), {"refines": "#series", "property": "group-position"}
            )

    def prop(name: str, value: str, **extra: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name, **extra})

    prop("schema:accessMode", "textual")
    prop("schema:accessMode", "visual")  # the cover image
    prop("schema:accessModeSufficient", "textual")
    if page_source:  # the print edition's page breaks (publish/epub/pagebreaks.py)
        book.add_metadata("DC", "source", page_source)
        prop("pageBreakSource", page_source)  # EPUB 3.3 default vocabulary: no prefix
    for feature in access_features(doc, pages=page_source is not None):
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    access = accessibility(doc, verified_by)
    prop("schema:accessibilitySummary", access.summary)
    if access.conforms_to and access.certified_by:
        prop("dcterms:conformsTo", access.conforms_to, id="conformance")
        prop("a11y:certifiedBy", access.certified_by, refines="#conformance")


def accessibility(
    doc: Document, verified_by: str | None = None, pages: bool = False
) -> Accessibility:
    """What the OPF declares about the book's accessibility; the ONIX record says the same.
    `pages`: the book carries its print edition's page breaks."""
    # Verified: the catalogue's summary, which states conformance. Not verified: what every
    # build guarantees, and that no checker ran, so no claim (both in the book's language).
    t = labels_for(doc)
    if verified_by:
        summary = t("accessibility_summary")
    else:
        summary = f"{t('accessibility_built')} {t('accessibility_unverified')}"
    return Accessibility(
        summary=" ".join([summary, *content_summary(doc)]),
        features=access_features(doc, pages=pages),
        conforms_to=CONFORMS_TO if verified_by else None,
        certified_by=(doc.meta.publisher or "publish") if verified_by else None,
    )


def add_identifiers(book: epub.EpubBook, doc: Document) -> None:
    """dc:identifiers besides the edition's urn:uuid: its ISBN, the DOI, the series' ISSN
    (each a URN, RFC 3187 and 3044; the EPUB's own ISBN only: the PDFs' are other books)."""
    m = doc.meta
    if m.isbn:
        book.add_metadata("DC", "identifier", isbn_urn(m.isbn), {"id": "isbn"})
    if m.doi:
        book.add_metadata("DC", "identifier", "urn:doi:" + m.doi, {"id": "doi"})
    if m.issn:
        book.add_metadata("DC", "identifier", issn_urn(m.issn), {"id": "issn"})


# In the container beside the OPF, linked from it and, as EPUB 3.3 asks of a linked record,
# not in the manifest (EPUBCheck OPF-067).
RECORD_FILE = "onix.xml"
OPF = "http://www.idpf.org/2007/opf"


def link_record(opf: bytes) -> bytes:
    """The OPF with `<link rel="record" properties="onix">` to the ONIX record (ebooklib
    writes no link elements)."""
    root = etree.fromstring(opf)
    metadata = root.find(f"{{{OPF}}}metadata")
    assert metadata is not None
    etree.SubElement(metadata, f"{{{OPF}}}link", {"rel": "record", "href": RECORD_FILE,
                     "media-type": "application/xml", "properties": "onix"})  # fmt: skip
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def access_features(doc: Document, pages: bool = False) -> list[str]:
    """The base features, plus one for each kind of content the book holds.

    The schema.org vocabulary has no term for table headers: tables count towards
    `structuralNavigation` (captions, th scope), and figures towards `alternativeText`.
    """
    features = list(ACCESS_FEATURES)
    if doc.figures() or doc.tables() or any(b.type == "list" for b in doc.blocks):
        features.append("ARIA")  # figure, table regions and lists carry roles/labels
    if pages:
        features += ["pageBreakMarkers", "pageNavigation"]
    return features


def content_summary(doc: Document) -> list[str]:
    """Sentences for the figures and tables the book holds, in its language."""
    t = labels_for(doc)
    extra = []
    if doc.figures():
        extra.append(t("accessibility_figures"))
    if doc.tables():
        extra.append(t("accessibility_tables"))
    return extra


def set_package_lang(opf: bytes, lang: str) -> bytes:
    """`xml:lang` on the OPF `package` (Ace's epub-lang); ebooklib writes none."""
    root = etree.fromstring(opf)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
