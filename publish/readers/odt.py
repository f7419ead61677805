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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..errors import InputError
from ..normalizer.header import real_value
from .package import ODT, open_zip, parse_part, read_part

if TYPE_CHECKING:
    from ..normalizer.raw import RawBrief

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}
MIMETYPE = "application/vnd.oasis.opendocument.text"


def q(prefix: str, name: str) -> str:
    """`{namespace}name` for an ODF prefix."""
    return f"{{{NS[prefix]}}}{name}"


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


def part(package: zipfile.ZipFile, name: str, path: Path) -> etree._Element | None:
    return parse_part(package, name, path, ODT, no_dtd=True)


# --- styles ---------------------------------------------------------------------------------

# Paragraph styles read as body text without a word: LibreOffice's, pandoc's, Google Docs'
# and Word's (converted) names for plain paragraphs, lists, tables, notes and bylines.
_BODY = re.compile(
    r"(standard|default( paragraph style)?|normal( \(web\))?|text( body)?|body text( \d)?|"
    r"first paragraph|table (contents|heading)|footnote( text)?|endnote( text)?|"
    r"frame contents|author|date|abstract|heading|compact|index|marginalia|signature|"
    r"list( paragraph| contents| heading| bullet( \d)?| number( \d)?| \d( (start|end|cont\.))?)?|"
    r"numbering \d( (start|end|cont\.))?|header|footer|(preformatted|source) text|"
    r"definition (term|definition)( tight)?|horizontal line|salutation|hanging indent|"
    r"p|title [0-9]|no spacing|plain text)"
)
_QUOTE = {"quotations", "quote", "intense quote", "block text", "block quotation"}
_CAPTION = {"caption", "illustration", "figure", "table", "drawing", "figurecaption",
            "tablecaption", "image caption", "table caption", "figure caption"}  # fmt: skip
_PULL = re.compile(r"pull\s*-?quote")


def decode_name(name: str) -> str:
    """ODF's encoded style name as written: `Heading_20_1` → `Heading 1`."""
    return re.sub(r"_([0-9a-fA-F]{2,4})_", lambda m: chr(int(m.group(1), 16)), name)


@dataclass
class Style:
    name: str
    display: str
    parent: str | None = None
    outline: int | None = None
    bold: bool | None = None
    italic: bool | None = None
    automatic: bool = False


@dataclass
class Styles:
    """Paragraph and text styles (content.xml's automatic ones over styles.xml's) and list
    styles, with their parent chains."""

    paragraph: dict[str, Style] = field(default_factory=dict)
    text: dict[str, Style] = field(default_factory=dict)
    lists: dict[str, dict[int, tuple[bool, int]]] = field(default_factory=dict)

    def add(self, root: etree._Element | None, automatic: bool) -> None:
        if root is None:
            return
        for element in root.iter(q("style", "style")):
            family = element.get(q("style", "family"))
            if family not in ("paragraph", "text"):
                continue
            name = element.get(q("style", "name")) or ""
            auto = automatic or element.getparent().tag == q("office", "automatic-styles")
            props = element.find("style:text-properties", NS)
            weight = props.get(q("fo", "font-weight")) if props is not None else None
            slant = props.get(q("fo", "font-style")) if props is not None else None
            level = element.get(q("style", "default-outline-level"))
            style = Style(
                name, element.get(q("style", "display-name")) or decode_name(name),
                element.get(q("style", "parent-style-name")),
                int(level) if level and level.isdigit() and int(level) > 0 else None,
                None if weight is None else weight in ("bold", "600", "700", "800", "900"),
                None if slant is None else slant in ("italic", "oblique"), auto,
            )  # fmt: skip
            (self.paragraph if family == "paragraph" else self.text)[name] = style
        for element in root.iter(q("text", "list-style")):
            levels: dict[int, tuple[bool, int]] = {}
            for level in element:
                number = level.get(q("text", "level")) or "1"
                ordered = level.tag == q("text", "list-level-style-number") and bool(
                    level.get(q("style", "num-format"), "1")
                )
                start = level.get(q("text", "start-value")) or "1"
                if number.isdigit():
                    levels[int(number)] = (ordered, int(start) if start.isdigit() else 1)
            self.lists[element.get(q("style", "name")) or ""] = levels

    def chain(self, table: dict[str, Style], name: str | None) -> list[Style]:
        out: list[Style] = []
        while name and len(out) < 12:  # a cycle of parents ends here
            style = table.get(name) or Style(name, decode_name(name))
            out.append(style)
            name = style.parent if style.name in table else None
        return out

    def role(self, name: str | None) -> tuple[str, int | None, str | None]:
        """What a paragraph style makes of a paragraph: (role, heading level, the style to
        name in a warning when the reader does not know it)."""
        chain = self.chain(self.paragraph, name)
        for style in chain:
            for key in {decode_name(style.name).lower(), style.display.lower()}:
                if key == "title":
                    return "title", None, None
                if key in ("subtitle", "author"):  # pandoc's Author paragraphs too
                    return key, None, None
                if m := re.fullmatch(r"heading ([1-9])", key):
                    return "heading", int(m.group(1)), None
                if key in _QUOTE:
                    return "quote", None, None
                if _PULL.search(key):
                    return "pullquote", None, None
                if key in _CAPTION:
                    return "caption", None, None
            if style.outline is not None:
                return "heading", style.outline, None
        named = next((s for s in chain if not s.automatic), None)
        if named is None or any(_BODY.fullmatch(k) for k in _keys(named)):
            return "body", None, None
        return "body", None, named.display

    def emphasis(self, name: str | None) -> tuple[bool, bool]:
        """(bold, italic) of a text style, the nearest setting in its chain winning."""
        bold = italic = None
        for style in self.chain(self.text, name):
            keys = _keys(style)
            if bold is None:
                bold = style.bold if style.bold is not None else (
                    True if keys & {"strong emphasis", "strong"} else None)  # fmt: skip
            if italic is None:
                italic = style.italic if style.italic is not None else (
                    True if keys & {"emphasis", "citation"} else None)  # fmt: skip
        return bool(bold), bool(italic)

    def list_level(self, name: str | None, level: int) -> tuple[bool, int]:
        levels = self.lists.get(name or "", {})
        return levels.get(level) or levels.get(max(levels, default=0)) or (False, 1)


def _keys(style: Style) -> set[str]:
    return {decode_name(style.name).lower(), style.display.lower()}


def read_styles(package: zipfile.ZipFile, content: etree._Element, path: Path) -> Styles:
    styles = Styles()
    styles.add(part(package, "styles.xml", path), automatic=False)
    styles.add(content.find("office:automatic-styles", NS), automatic=True)
    return styles


# --- metadata -------------------------------------------------------------------------------


def meta_properties(package: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    """File › Properties (meta.xml) as metadata, for the lowest layer, as Word's are."""
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
        if re.match(r"\d{4}-\d{2}-\d{2}", date := text(tag)):
            out["date"] = date[:10]
            break
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
    properties = meta_properties(package, path)
    converter = Converter(read_styles(package, content, path), package, path)
    root = converter.convert(body)
    order = converter.order
    subtitle, authors = _front(root)
    raw = parse_html_tree(root, str(path), lambda e: _number(e, order),
                          marks=converter.marks)  # fmt: skip
    raw.subtitle = raw.subtitle or subtitle
    raw.authors = raw.authors or [Author(name) for name in authors]
    for level, line, message in converter.found:
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
