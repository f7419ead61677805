"""The archive edition: the screen edition's pages as PDF/A-3u and PDF/UA-1 in one file,
carrying the brief's source and its normalized Document as associated files.

    data = build_pdf(doc, edition="archive")                    # source + JSON attached
    data = build_pdf(doc, edition="archive", attachments=[...]) # your own list

WeasyPrint writes `pdf/a-3u` with tags (sRGB output intent, pdfaid in the XMP, /ID, every
glyph's Unicode). It cannot write two variants at once, so one pikepdf pass, the same that
retags for PDF/UA (publish/pdf/tagging.py), then adds what PDF/UA and the archive need:

- `pdfuaid:part=1` in the XMP, with the PDF/A extension schema that declares it (ISO
  19005-3, 6.6.2.3: properties outside the predefined schemas must be described);
- the book's identifier, the EPUB's `urn:uuid` (publish/identity.py), as `dc:identifier` and
  `xmpMM:DocumentID`; `xmpMM:InstanceID` from the SHA-256 of the content;
- each attachment as an embedded file stream (`/Subtype` its MIME type, `/Params` with size,
  MD5 and the brief's date, never the clock), a file specification with `/F`, `/UF`, `/Desc`
  and `/AFRelationship`, listed in the catalog's `/AF` and `/Names /EmbeddedFiles`.

Fonts are the embedded subsets WeasyPrint writes: PDF/A asks that every glyph used be
embedded, which subsets do. `full_fonts=True` was measured and rejected (docs/PDF.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document import Document
from ..identity import build_datetime, edition_uuid

if TYPE_CHECKING:
    from weasyprint.document import Document as Rendered

ARCHIVE_VARIANT = "pdf/a-3u"
RELATIONSHIPS = ("Source", "Data", "Alternative", "Supplement", "Unspecified")
# The brief's formats (publish/load.py); anything else is read as plain text.
MIME_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docm": "application/vnd.ms-word.document.macroEnabled.12",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".json": "application/json",
}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://publish.invalid/archive-edition")


@dataclass(frozen=True)
class Attachment:
    """One associated file: its name in the PDF, bytes, MIME type and AFRelationship."""

    name: str
    data: bytes
    mime: str
    relationship: str  # Source, Data, Alternative, Supplement or Unspecified
    description: str = ""

    def __post_init__(self) -> None:
        if self.relationship not in RELATIONSHIPS:
            raise ValueError(f"AFRelationship {self.relationship!r}: one of {RELATIONSHIPS}")


AttachmentLike = Attachment | tuple[str, bytes, str, str]


def portable_name(source: str) -> str:
    """`seeds/brief.txt`: the brief's folder and file name, as a release names it, never a
    path of this machine (the archive is byte-reproducible wherever it is built)."""
    path = Path(source)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def document_json(doc: Document) -> bytes:
    """The normalized Document as `publish normalize` prints it, the source named portably."""
    data = doc.to_dict()
    name = portable_name(doc.source) if doc.source else ""
    data["source"] = name
    for diag in data.get("diagnostics", []):
        if diag.get("file") == doc.source:
            diag["file"] = name
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def archive_attachments(doc: Document, extra: Sequence[AttachmentLike] = ()) -> list[Attachment]:
    """What the archive carries: the brief's source file (`/Source`, when it can be read),
    its Document JSON (`/Data`), then `extra` (name, bytes, MIME type, relationship), e.g. the
    citation files (.bib, .ris, .csl.json)."""
    files: list[Attachment] = []
    source = Path(doc.source) if doc.source else None
    if source is not None and source.is_file():
        mime = MIME_TYPES.get(source.suffix.lower(), "text/plain")
        what = "The brief as written, from which this edition was made"
        files.append(Attachment(source.name, source.read_bytes(), mime, "Source", what))
    files.append(
        Attachment(f"{doc.meta.slug or 'brief'}.brief.json", document_json(doc),
                   "application/json", "Data",
                   "The brief as normalized by publish (JSON, schema publish.brief/2)")
    )  # fmt: skip
    for item in extra:
        files.append(item if isinstance(item, Attachment) else Attachment(*item))
    names = [f.name for f in files]
    if len(set(names)) != len(names):
        raise ValueError(f"two attachments share a name: {sorted(names)}")
    return files


def write_archive(rendered: Rendered, doc: Document, files: Sequence[Attachment]) -> bytes:
    """PDF/A-3u + PDF/UA-1 bytes of a laid-out document (call once per rendered document)."""
    from .tagging import marking, retag_pdf

    with marking():
        data = rendered.write_pdf(pdf_variant=ARCHIVE_VARIANT, pdf_tags=True)
    assert isinstance(data, bytes)
    digest = hashlib.sha256(data)
    for item in files:
        digest.update(item.name.encode() + b"\0" + item.data)
    instance = f"uuid:{uuid.uuid5(_NAMESPACE, digest.hexdigest())}"

    def finish(pdf: Any) -> None:
        _no_interpolation(pdf)
        _attach(pdf, doc, files)
        _identify(pdf, edition_uuid(doc), instance)

    # No object streams: qpdf compresses them at save, and could end one with CR (below).
    return _no_cr_before_endstream(retag_pdf(data, object_streams=False, then=finish))


def _no_interpolation(pdf: Any) -> None:
    """ISO 19005-3, 6.2.8: an image's /Interpolate must be false; WeasyPrint writes true for
    `image-rendering: auto` (every figure)."""
    import pikepdf

    for obj in pdf.objects:
        image = isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        if image and obj.get("/Interpolate"):
            obj.Interpolate = False


def _no_cr_before_endstream(data: bytes) -> bytes:
    """No stream's data may end with a carriage return.

    qpdf writes an EOL before `endstream` (it must, for PDF/A), but when a stream's data ends
    with CR, that CR and the EOL read as one CR LF marker, and /Length looks one byte too long
    (ISO 19005-3, 6.1.7.1; page-validation's PDFA3U-STREAM-LENGTH-001, on the Estonian test
    brief). A Flate stream's last four bytes are the Adler-32 checksum of its content, so one
    stream in 256 ends so, at every compression level. Such a stream is wrapped in
    ASCII85Decode (its data then ends with `~>`), and the file is saved with nothing
    re-encoded and no object streams (which qpdf would compress anew, with the same odds).
    """
    import base64

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    changed = False
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or not obj.read_raw_bytes().endswith(b"\r"):
            continue
        raw = obj.read_raw_bytes()
        filters = obj.get("/Filter")
        filters = list(filters) if isinstance(filters, pikepdf.Array) else [filters] * bool(filters)
        parms = obj.get("/DecodeParms")
        if parms is not None:
            parms = list(parms) if isinstance(parms, pikepdf.Array) else [parms]
            parms = pikepdf.Array([None, *parms])
        obj.write(base64.a85encode(raw) + b"~>", type_check=False,
                  filter=pikepdf.Array([pikepdf.Name.ASCII85Decode, *filters]),
                  decode_parms=parms)  # fmt: skip
        changed = True
    if not changed:
        return data
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=False,
             stream_decode_level=pikepdf.StreamDecodeLevel.none,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)  # fmt: skip
    return out.getvalue()


def pdf_date(doc: Document) -> str:
    return build_datetime(doc).strftime("D:%Y%m%d%H%M%S+00'00")


def _attach(pdf: Any, doc: Document, files: Sequence[Attachment]) -> None:
    import pikepdf

    when = pikepdf.String(pdf_date(doc))
    specs: list[tuple[str, Any]] = []
    for item in files:
        stream = pdf.make_stream(item.data)
        stream.Type = pikepdf.Name.EmbeddedFile
        stream.Subtype = pikepdf.Name("/" + item.mime)  # written /text#2Fplain
        stream.Params = pikepdf.Dictionary(
            Size=len(item.data), CreationDate=when, ModDate=when,
            CheckSum=pikepdf.String(hashlib.md5(item.data).digest()),  # noqa: S324  # ISO 32000
        )  # fmt: skip
        name = pikepdf.String(item.name)
        spec = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Filespec, F=name, UF=name,
                Desc=pikepdf.String(item.description or item.name),
                AFRelationship=pikepdf.Name("/" + item.relationship),
                EF=pikepdf.Dictionary(F=stream, UF=stream),
            )
        )  # fmt: skip
        specs.append((item.name, spec))
    if not specs:
        return
    names = pikepdf.Array()
    for name, spec in sorted(specs, key=lambda s: s[0].encode("utf-16-be")):  # name tree order
        names.append(pikepdf.String(name))
        names.append(spec)
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.EmbeddedFiles = pdf.make_indirect(pikepdf.Dictionary(Names=names))
    pdf.Root.AF = pikepdf.Array([spec for _, spec in specs])


# The PDF/A extension schema for pdfuaid (ISO 19005-3, 6.6.2.3.2), as PDF/UA files carry it.
_UA_EXTENSION = """<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag>\
<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>PDF/UA Universal Accessibility Schema\
</pdfaSchema:schema><pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/\
</pdfaSchema:namespaceURI><pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:property>\
<rdf:Seq><rdf:li rdf:parseType="Resource"><pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal\
</pdfaProperty:category><pdfaProperty:description>Indicates which part of ISO 14289 \
standard is followed</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"""


def _identify(pdf: Any, identifier: str, instance: str) -> None:
    """pdfuaid:part=1 and the book's identifiers, added to WeasyPrint's XMP packet."""
    from xml.sax.saxutils import escape

    import pikepdf

    xmp = pdf.Root.Metadata.read_bytes()
    end = xmp.rindex(b"</rdf:RDF>")
    ident = escape(identifier)
    added = (
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
        'pdfuaid:part="1"/>'
        f'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:identifier>{ident}</dc:identifier></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
        f"<xmpMM:DocumentID>{ident}</xmpMM:DocumentID>"
        f"<xmpMM:InstanceID>{escape(instance)}</xmpMM:InstanceID></rdf:Description>" + _UA_EXTENSION
    ).encode()
    packet = xmp[:end] + added + xmp[end:]
    stream = pdf.make_stream(packet)
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = stream
