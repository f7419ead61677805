"""The brief as an ONIX 3.0 record (reference tag names), for catalogues and retailers.

One `Product`: the EPUB edition (ED / E101), its identifiers, title, series, contributors,
publisher, language, publishing date and the accessibility of the EPUB (codelist 196: the
EPUB Accessibility 1.1 conformance, WCAG 2.2 level AA, the summary), taken from the facts
the EPUB's OPF declares (`Accessibility`, built by publish/epub/package.py), so that the
record never claims more than the book. The EPUB carries the record (onix.xml, linked from
the OPF as Standard Ebooks does) and the release copies it as `<slug>.onix.xml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .document import Document
from .identifiers import isbn_compact
from .identity import build_datetime, edition_uuid

NS = "http://ns.editeur.org/onix/3.0/reference"

# schema.org accessibility features (the OPF's) → ONIX codelist 196.
FEATURE_CODES = {
    "tableOfContents": "11",
    "readingOrder": "13",
    "alternativeText": "14",
    "structuralNavigation": "29",
    "ARIA": "30",
    "displayTransformability": "36",
    # The print edition's page breaks and page list (publish/epub/pagebreaks.py): one code,
    # "Print-equivalent page numbering", covers the markers and the navigation by them.
    "pageBreakMarkers": "19",
    "pageNavigation": "19",
}
# The OPF's dcterms:conformsTo → codelist 196: the specification, WCAG version and level.
CONFORMANCE_CODES = {"EPUB Accessibility 1.1 - WCAG 2.2 Level AA": ("04", "82", "85")}

# ISO 639-1 → ISO 639-2/B, the codes ONIX's codelist 74 uses (the languages CSL and our
# catalogues know; another language is left out rather than guessed).
LANGUAGES = {
    "ar": "ara", "bg": "bul", "ca": "cat", "cs": "cze", "cy": "wel", "da": "dan", "de": "ger",
    "el": "gre", "en": "eng", "es": "spa", "et": "est", "eu": "baq", "fa": "per", "fi": "fin",
    "fr": "fre", "ga": "gle", "gl": "glg", "he": "heb", "hi": "hin", "hr": "hrv", "hu": "hun",
    "hy": "arm", "id": "ind", "is": "ice", "it": "ita", "ja": "jpn", "ka": "geo", "ko": "kor",
    "lt": "lit", "lv": "lav", "mk": "mac", "mn": "mon", "ms": "may", "mt": "mlt", "nb": "nob",
    "nl": "dut", "nn": "nno", "no": "nor", "pl": "pol", "pt": "por", "ro": "rum", "ru": "rus",
    "sk": "slo", "sl": "slv", "sq": "alb", "sr": "srp", "sv": "swe", "th": "tha", "tr": "tur",
    "uk": "ukr", "vi": "vie", "zh": "chi",
}  # fmt: skip


@dataclass
class Accessibility:
    """What the EPUB's OPF declares about its accessibility."""

    summary: str
    features: list[str] = field(default_factory=list)
    conforms_to: str | None = None  # only when a checker verified the book
    certified_by: str | None = None


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrib: str):
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", attrib)
    if text is not None:
        element.text = text
    return element


def _feature(detail: etree._Element, code: str, description: str | None = None) -> None:
    feature = _add(detail, "ProductFormFeature")
    _add(feature, "ProductFormFeatureType", "09")  # e-publication accessibility detail
    _add(feature, "ProductFormFeatureValue", code)
    if description:
        _add(feature, "ProductFormFeatureDescription", description)


def _date(text: str) -> tuple[str, str]:
    """(ONIX date, dateformat): YYYYMMDD 00, YYYYMM 01, YYYY 05."""
    parts = text.split("-")
    return "".join(parts), {3: "00", 2: "01", 1: "05"}[len(parts)]


def publisher_name(doc: Document) -> str:
    """ONIX requires a publisher: the brief's, else its authors, else its series."""
    m = doc.meta
    names = [a.name for a in m.authors if a.name.strip()]
    return m.publisher or ", ".join(names) or m.series or m.title or m.slug


def onix_record(doc: Document, access: Accessibility) -> bytes:
    m = doc.meta
    when = build_datetime(doc)
    date = m.date or when.date().isoformat()
    root = etree.Element(f"{{{NS}}}ONIXMessage", {"release": "3.0"}, nsmap={None: NS})
    header = _add(root, "Header")
    _add(_add(header, "Sender"), "SenderName", publisher_name(doc))
    _add(header, "SentDateTime", _date(date)[0] if len(date) == 10 else when.strftime("%Y%m%d"))
    product = _add(root, "Product")
    uuid = edition_uuid(doc)
    _add(product, "RecordReference", uuid)
    _add(product, "NotificationType", "03")  # confirmed, on publication
    ident = _add(product, "ProductIdentifier")
    _add(ident, "ProductIDType", "01")  # proprietary: the edition's urn:uuid
    _add(ident, "IDTypeName", "UUID")
    _add(ident, "IDValue", uuid.removeprefix("urn:uuid:"))
    if m.isbn:
        ident = _add(product, "ProductIdentifier")
        _add(ident, "ProductIDType", "15")  # ISBN-13
        _add(ident, "IDValue", isbn_compact(m.isbn))
    if m.doi:
        ident = _add(product, "ProductIdentifier")
        _add(ident, "ProductIDType", "06")  # DOI
        _add(ident, "IDValue", m.doi)

    detail = _add(product, "DescriptiveDetail")
    _add(detail, "ProductComposition", "00")  # single-component retail product
    _add(detail, "ProductForm", "ED")  # digital download
    _add(detail, "ProductFormDetail", "E101")  # EPUB
    for code in CONFORMANCE_CODES.get(access.conforms_to or "", ()):
        _feature(detail, code)
    _feature(detail, "00", access.summary)
    codes = sorted({FEATURE_CODES[f] for f in access.features if f in FEATURE_CODES})
    for code in codes:
        _feature(detail, code)
    if access.conforms_to and access.certified_by:
        _feature(detail, "90", access.certified_by)
    if m.series:
        collection = _add(detail, "Collection")
        _add(collection, "CollectionType", "10")  # publisher collection
        if m.issn:
            cid = _add(collection, "CollectionIdentifier")
            _add(cid, "CollectionIDType", "02")  # ISSN
            _add(cid, "IDValue", m.issn.replace("-", ""))
        title = _add(collection, "TitleDetail")
        _add(title, "TitleType", "01")
        element = _add(title, "TitleElement")
        _add(element, "TitleElementLevel", "02")  # collection level
        if m.number is not None:
            _add(element, "PartNumber", str(m.number))
        _add(element, "TitleText", m.series)
    else:
        _add(detail, "NoCollection")
    title = _add(detail, "TitleDetail")
    _add(title, "TitleType", "01")  # distinctive title
    element = _add(title, "TitleElement")
    _add(element, "TitleElementLevel", "01")  # product level
    _add(element, "TitleText", m.title or m.slug)
    if m.subtitle:
        _add(element, "Subtitle", m.subtitle)
    authors = [a for a in m.authors if a.name.strip()]
    for number, author in enumerate(authors, start=1):
        contributor = _add(detail, "Contributor")
        _add(contributor, "SequenceNumber", str(number))
        _add(contributor, "ContributorRole", "A01")  # by (author)
        _add(contributor, "PersonName", " ".join(author.name.split()))
        if author.role:
            affiliation = _add(contributor, "ProfessionalAffiliation")
            _add(affiliation, "ProfessionalPosition", author.role)
    if not authors:
        _add(detail, "NoContributor")
    code = LANGUAGES.get(m.language.split("-")[0].lower())
    if code:
        language = _add(detail, "Language")
        _add(language, "LanguageRole", "01")  # language of text
        _add(language, "LanguageCode", code)
    if m.keywords:
        subject = _add(detail, "Subject")
        _add(subject, "SubjectSchemeIdentifier", "20")  # keywords
        _add(subject, "SubjectHeadingText", "; ".join(m.keywords))

    publishing = _add(product, "PublishingDetail")
    publisher = _add(publishing, "Publisher")
    _add(publisher, "PublishingRole", "01")  # publisher
    _add(publisher, "PublisherName", publisher_name(doc))
    if m.website:
        site = _add(publisher, "Website")
        _add(site, "WebsiteLink", m.website)
    _add(publishing, "PublishingStatus", "04")  # active
    published = _add(publishing, "PublishingDate")
    _add(published, "PublishingDateRole", "01")  # publication date
    text, form = _date(date)
    _add(published, "Date", text, dateformat=form)
    if m.isbn_print and "19" in codes:
        # Codelist 196's code 19 asks for the print product the page numbers come from:
        # relation 13, "epublication based on (print product)".
        related = _add(_add(product, "RelatedMaterial"), "RelatedProduct")
        _add(related, "ProductRelationCode", "13")
        ident = _add(related, "ProductIdentifier")
        _add(ident, "ProductIDType", "15")  # ISBN-13
        _add(ident, "IDValue", isbn_compact(m.isbn_print))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
