"""OpenDocument text briefs (.odt: LibreOffice's own format, and what many ministries and
Google Docs users export).

No converter stands between the file and us: `content.xml` is walked here and in
publish.readers.odt_body, which writes the same HTML that mammoth writes for Word (Title →
`h1`, Heading N → `h(N+1)`, notes as `#footnote-N` links and an `ol` of `li#footnote-N`),
so the HTML reader and the shared rules read both alike. The HTML is parsed, never
rendered: a document cannot inject markup.

The package is opened with the Word reader's limits (publish.readers.package): size, part
count, zip bombs; XML with no entities, no network and no DTD at all (ODF never declares
one, so a part that does is refused). Pictures are named, never extracted: a figure's src
is `brief.odt#Pictures/1.png`, read by publish.images within its limits; a picture linked
outside the file is never fetched.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..errors import InputError
from ..normalizer.dates import property_date
from ..normalizer.header import real_value
from .odt_styles import NS, part, read_styles
from .package import ODT, open_zip, read_part

if TYPE_CHECKING:
    from ..normalizer.raw import RawBrief

MIMETYPE = "application/vnd.oasis.opendocument.text"


def open_odt(path: Path, data: bytes) -> zipfile.ZipFile:
    """The .odt as a zip, refused with one line when it is not an OpenDocument text."""
    package = open_zip(path, data, ODT)
    names = set(package.namelist())
    if "mimetype" in names:
        try:
            with package.open("mimetype") as handle:
                value = handle.read(200).decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
            raise InputError(f"broken OpenDocument file: mimetype ({exc})", path=path) from None
        if value not in (MIMETYPE, MIMETYPE + "-template"):
            kind = value.rsplit(".", 1)[-1] if value.startswith(MIMETYPE[:-4]) else ""
            what = f"an OpenDocument {kind}" if kind else f"“{value[:60]}”"
            message = f"not an OpenDocument text: the file says it is {what}"
            raise InputError(message, path=path)
    if "content.xml" not in names:
        raise InputError("not an OpenDocument text: content.xml is missing", path=path)
    manifest = read_part(package, "META-INF/manifest.xml", path, ODT) or b""
    if b"encryption-data" in manifest:  # its parts are ciphertext, not XML
        message = "the document is password-protected: save it again without a password"
        raise InputError(message, path=path)
    return package


# --- metadata -------------------------------------------------------------------------------


def meta_properties(
    package: zipfile.ZipFile, path: Path, found: list[tuple[str, int, str]] | None = None
) -> dict[str, Any]:
    """File › Properties (meta.xml) as metadata, for the lowest layer, as Word's are
    (`found`: its warnings)."""
    root = part(package, "meta.xml", path)
    meta = root.find("office:meta", NS) if root is not None else None
    if meta is None:
        return {}

    def text(tag: str) -> str:
        found = meta.find(tag, NS)
        return " ".join((found.text or "").split()) if found is not None else ""

    out: dict[str, Any] = {}
    if (title := text("dc:title")) and real_value(title):
        out["title"] = title
    if subject := text("dc:subject"):
        out["subtitle"] = subject
    # ODF's dc:creator is whoever saved last; the author is the initial creator.
    if (creator := text("meta:initial-creator") or text("dc:creator")) and real_value(creator):
        out["authors"] = [a.strip() for a in re.split(r";|,| and ", creator) if a.strip()]
    words = [" ".join((k.text or "").split()) for k in meta.iterfind("meta:keyword", NS)]
    keywords = [k.strip() for w in words for k in re.split(r"[;,]", w) if k.strip()]
    if keywords:
        out["keywords"] = keywords
    for tag in ("meta:creation-date", "dc:date"):
        day, problem = property_date(text(tag), f"ODT properties, {tag}")
        if day:
            out["date"] = day
            break
        if problem and found is not None:
            found.append(("warning", 0, problem))
    language = text("dc:language")
    if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        out["language"] = language
    return out


# --- the brief ------------------------------------------------------------------------------


def parse_odt(data: bytes, path: Path) -> tuple[RawBrief, dict[str, Any]]:
    """The RawBrief of an OpenDocument text, and its own properties for the lowest layer.

    ODT has no lines: a diagnostic's line is the number of the paragraph (or heading, list
    item, table) in the body, counting from 1, as for Word.
    """
    from ..document import Author, Diagnostic
    from .htmlbody import parse_html_tree
    from .odt_body import Converter

    package = open_odt(path, data)
    content = part(package, "content.xml", path)
    assert content is not None  # open_odt checked it is there
    body = content.find("office:body/office:text", NS)
    if body is None:
        raise InputError("not an OpenDocument text: content.xml has no text body", path=path)
    doubts: list[tuple[str, int, str]] = []
    properties = meta_properties(package, path, doubts)
    converter = Converter(read_styles(package, content, path), package, path)
    root = converter.convert(body)
    order = converter.order
    subtitle, authors = _front(root)
    raw = parse_html_tree(root, str(path), lambda e: _number(e, order),
                          marks=converter.marks)  # fmt: skip
    raw.subtitle = raw.subtitle or subtitle
    raw.authors = raw.authors or [Author(name) for name in authors]
    for level, line, message in [*doubts, *converter.found]:
        raw.diagnostics.append(Diagnostic(level, line, message, str(path)))  # type: ignore[arg-type]
    return raw, properties


def _front(root: etree._Element) -> tuple[str | None, list[str]]:
    """The Subtitle and Author paragraphs above the body, taken out of it: the styles say
    what they are. (A date line below them is then the first line, for the date rule.)"""
    body = root.find("body")
    subtitle, authors = None, []
    for element in list(body if body is not None else ()):
        kind = element.get("class") if element.tag == "p" else None
        text = " ".join(element.text_content().split())
        if kind not in ("subtitle", "author") and element.tag != "h1" and text:
            break  # the body has begun: a Subtitle-style line further down is text
        if kind == "subtitle" and text and subtitle is None:
            subtitle = text
        elif kind == "author":
            authors += [a.strip() for a in re.split(r";|,| and ", text) if a.strip()]
        else:
            continue
        body.remove(element)
    return subtitle, authors


def _number(element: etree._Element, order: dict[etree._Element, int]) -> int:
    for candidate in (element, *element.iterancestors()):
        if candidate in order:
            return order[candidate]
    return 0
