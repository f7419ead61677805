"""The identifiers in a PDF's XMP: `prism:doi`, `prism:isbn` and `dc:identifier`.

WeasyPrint writes the XMP packet (title, creator, PDF/UA or PDF/X ids) but knows nothing of
ISBNs or DOIs. This pass adds one rdf:Description with them, as Crossref asks publishers to
mark PDFs (`dc:identifier` `doi:…`, `prism:doi`), and runs only for a brief that has one, so
every other PDF keeps its bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ..document import Document
from ..identifiers import ISBN_FIELDS, isbn_compact, isbn_urn

if TYPE_CHECKING:
    from .tagging import Edit

PRISM = "http://prismstandard.org/namespaces/basic/3.0/"
DC = "http://purl.org/dc/elements/1.1/"


def identifiers(doc: Document, edition: str) -> dict[str, str]:
    """XMP property → value for the edition (the edition's own ISBN, never another's)."""
    m = doc.meta
    isbn = getattr(m, ISBN_FIELDS[edition], None)
    props: dict[str, str] = {}
    if m.doi:
        props["prism:doi"] = m.doi
        props["prism:url"] = "https://doi.org/" + m.doi
    if isbn:
        props["prism:isbn"] = isbn_compact(isbn)
    if m.issn:
        props["prism:issn"] = m.issn
    # dc:identifier is one text value: the edition's ISBN names this file exactly; the DOI
    # names the work (every edition). The ISBN wins when both are there.
    if isbn:
        props["dc:identifier"] = isbn_urn(isbn)
    elif m.doi:
        props["dc:identifier"] = "doi:" + m.doi
    return props


def description(props: dict[str, str]) -> bytes:
    body = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in props.items())
    return (
        f'<rdf:Description rdf:about="" xmlns:dc="{DC}" xmlns:prism="{PRISM}">'
        f"{body}</rdf:Description>"
    ).encode()


def identifiers_edit(doc: Document, edition: str) -> Edit | None:
    """The identifiers as an edit of the opened PDF before its one save (publish/pdf/render.py);
    None when the brief has none, so its PDF keeps its bytes."""
    props = identifiers(doc, edition)
    if not props:
        return None

    def edit(pdf: Any) -> None:
        xmp = pdf.Root.Metadata.read_bytes()
        if b"</rdf:RDF>" not in xmp:
            raise ValueError("the PDF's XMP packet has no rdf:RDF element")
        xmp = xmp.replace(b"</rdf:RDF>", description(props) + b"</rdf:RDF>", 1)
        pdf.Root.Metadata.write(xmp)  # uncompressed, as the metadata of PDF/X and PDF/UA is

    return edit
