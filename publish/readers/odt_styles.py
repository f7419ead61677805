"""OpenDocument's namespaces and styles: paragraph, text and list styles with their parent
chains, and the role each paragraph style gives (heading level, quote, caption, pull quote).

Apart from publish.readers.odt so that the body walker (odt_body, odt_frames) can use them
without importing the reader that imports it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .package import ODT, parse_part

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


def q(prefix: str, name: str) -> str:
    """`{namespace}name` for an ODF prefix."""
    return f"{{{NS[prefix]}}}{name}"


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
