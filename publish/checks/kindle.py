"""Kindle: what KDP rejects or Kindle's conversion breaks, checked on the EPUB's bytes.

KDP takes EPUB and converts it to Kindle's formats. Each rule below is a cause of rejection or
of a conversion fault that Amazon documents, in the Kindle Publishing Guidelines (KPG) or on
KDP's help pages, and each finding says how to fix it. One finding per cause: the first place
is named and the rest counted, so a house stylesheet with forty `position: absolute` rules is
one line. The release prints them as warnings; they fail nothing unless the user asked for a
Kindle edition (`publish release --azw3`).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from urllib.parse import unquote, urldefrag

from lxml import etree

from .epubstructure import NOTE_TYPES, NS, roles, types

MB = 1024 * 1024
MAX_BOOK = 650 * MB  # KDP: the largest EPUB it accepts for upload
MAX_IMAGE = 5 * MB  # KPG: the largest image file inside a book
MIN_COVER = (625, 1000)  # KDP cover guidelines: at least 625 px wide and 1000 px high
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/svg+xml"}  # KPG's input formats
FONT_TYPES = {
    "font/otf",
    "font/ttf",
    "font/sfnt",
    "application/vnd.ms-opentype",
    "application/font-sfnt",
    "application/x-font-ttf",
    "application/x-font-otf",
}
# KPG "File Path and File Name Requirements": no special characters in a path.
BAD_NAME = re.compile(r"[^A-Za-z0-9._/-]")
VIEWPORT = re.compile(r"(?<![\w.-])-?[\d.]+(vw|vh|vmin|vmax)\b")


@dataclass
class _Cause:
    """One cause: where it was first seen, how often, and the fix."""

    what: str
    fix: str
    places: list[str] = field(default_factory=list)

    def line(self) -> str:
        more = f" (and {len(self.places) - 1} more)" if len(self.places) > 1 else ""
        return f"kindle: {self.what}: {self.places[0]}{more}; fix: {self.fix}"


CAUSES: dict[str, tuple[str, str]] = {
    # code: (what is wrong, how to fix it)
    "book-size": ("the EPUB is over KDP's 650 MB upload limit",
                  "make images smaller or split the book"),
    "image-size": ("an image file is over Kindle's 5 MB limit",
                   "save it as a smaller JPEG or PNG (2,000 px on the long side is plenty)"),
    "image-type": ("an image is in a format Kindle does not take",
                   "convert it to JPEG, PNG, GIF or SVG"),
    "cover": ("no cover image is declared (an item with properties=\"cover-image\")",
              "give the brief a cover; publish draws one unless the house style removes it"),
    "cover-size": ("the cover is smaller than KDP's minimum of 625 × 1000 px",
                   "use a cover of at least 1,600 × 2,560 px, Amazon's recommended size"),
    "nav": ("the book has no navigation document with a table of contents",
            "keep the EPUB's nav (publish writes one)"),
    "position": ("Kindle's reflowable layout does not support position: absolute or fixed",
                 "remove the rule from the house CSS and lay the element out in the flow"),
    "float-aside": ("a floated pull quote or aside is not kept beside the text on Kindle",
                    "do not float asides and pull quotes in the EPUB's house CSS"),
    "viewport-units": ("vw/vh units have no effect on older Kindles and no fallback is given",
                       "put the same property in em or % before it in the same rule"),
    "negative": ("a negative line-height, or a negative indent with nothing to compensate, cuts "
                 "text off on Kindle", "use a positive line-height; pair text-indent: -Nem with "
                 "padding-left or margin-left: Nem"),
    "script": ("scripts are stripped by Kindle's conversion",
               "remove the script; nothing in a brief needs one"),
    "font-type": ("Kindle embeds only OpenType and TrueType fonts",
                  "embed the font as .otf or .ttf, or leave it out"),
    "font-rights": ("a font's licence flags (OS/2 fsType) forbid embedding it",
                    "embed a font licensed for embedding, such as the bundled Source Serif"),
    "notes": ("a note call does not lead to an element of its own with a note type, so Kindle "
              "makes no pop-up", "give each note its own element with an id and "
              "epub:type=\"footnote\" or \"endnote\" (publish writes them so)"),
    "file-name": ("a file name holds characters KDP does not accept in a path",
                  "use only letters, digits, '.', '_', '-' and '/' in file names"),
}  # fmt: skip


def kindle_problems(epub: bytes) -> list[str]:
    """One line per cause found, each with its fix; an empty list: nothing Kindle objects to."""
    found: dict[str, _Cause] = {}

    def add(code: str, place: str) -> None:
        what, fix = CAUSES[code]
        found.setdefault(code, _Cause(what, fix)).places.append(place)

    if len(epub) > MAX_BOOK:
        add("book-size", f"{len(epub) / MB:.0f} MB")
    try:
        zf = zipfile.ZipFile(io.BytesIO(epub))
    except zipfile.BadZipFile:
        return ["kindle: not a zip file; fix: build the EPUB again"]
    with zf:
        try:
            _check(zf, add)
        except (KeyError, etree.XMLSyntaxError) as exc:
            return [f"kindle: the EPUB cannot be read ({exc}); fix: build it again"]
    return [found[code].line() for code in CAUSES if code in found]


def _check(zf: zipfile.ZipFile, add) -> None:  # noqa: ANN001 - add(code, place)
    container = etree.fromstring(zf.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    opf = etree.fromstring(zf.read(opf_path))
    base = posixpath.dirname(opf_path)
    items = opf.findall("opf:manifest/opf:item", NS)

    def path_of(item: etree._Element) -> str:
        return posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))

    for name in zf.namelist():
        if BAD_NAME.search(name):
            add("file-name", name)
    props = {id(i): set((i.get("properties") or "").split()) for i in items}
    covers = [i for i in items if "cover-image" in props[id(i)]]
    if not covers:
        add("cover", opf_path)
    if not any("nav" in props[id(i)] for i in items):
        add("nav", opf_path)
    docs: dict[str, etree._Element] = {}
    for item in items:
        path, kind = path_of(item), item.get("media-type") or ""
        if "scripted" in props[id(item)]:
            add("script", path)
        if kind.startswith("image/"):
            _image(zf, path, kind, item in covers, add)
        elif kind.startswith("font/") or "font" in kind:
            _font(zf, path, kind, add)
        elif kind == "text/css":
            _stylesheet(zf.read(path).decode("utf-8", "replace"), path, add)
        elif kind == "application/xhtml+xml":
            docs[path] = etree.fromstring(zf.read(path))
    _documents(docs, add)


def _image(zf: zipfile.ZipFile, path: str, kind: str, cover: bool, add) -> None:  # noqa: ANN001
    size = zf.getinfo(path).file_size
    if size > MAX_IMAGE:
        add("image-size", f"{path} ({size / MB:.1f} MB)")
    if kind not in IMAGE_TYPES:
        add("image-type", f"{path} ({kind})")
    elif cover and kind != "image/svg+xml":
        from PIL import Image

        with Image.open(io.BytesIO(zf.read(path))) as image:
            width, height = image.size
        if width < MIN_COVER[0] or height < MIN_COVER[1]:
            add("cover-size", f"{path} ({width} × {height} px)")


def _font(zf: zipfile.ZipFile, path: str, kind: str, add) -> None:  # noqa: ANN001
    data = zf.read(path)
    if kind not in FONT_TYPES or data[:4] == b"wOFF" or data[:4] == b"wOF2":
        add("font-type", f"{path} ({kind})")
        return
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    except (TTLibError, KeyError, AssertionError, ValueError):  # obfuscated or broken
        add("font-type", f"{path} (not readable as OpenType)")
        return
    # Bit 1 (0x0002): Restricted License embedding, which no e-book may carry (OpenType spec).
    if fs_type & 0x000F == 0x0002:
        add("font-rights", f"{path} (fsType {fs_type:#06x})")


def _stylesheet(css: str, path: str, add) -> None:  # noqa: ANN001
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    for rule in _style_rules(rules):
        selector = tinycss2.serialize(rule.prelude).strip()
        line = rule.source_line
        where = f"{path}:{line} ({selector})"
        declarations = [
            d
            for d in tinycss2.parse_blocks_contents(rule.content, True, True)
            if d.type == "declaration"
        ]
        seen: set[str] = set()
        names = {d.lower_name for d in declarations}
        for d in declarations:
            value = tinycss2.serialize(d.value).strip().lower()
            if d.lower_name == "position" and value.split()[:1] in (["absolute"], ["fixed"]):
                add("position", where)
            if d.lower_name == "float" and value in ("left", "right") and _is_aside(selector):
                add("float-aside", where)
            if VIEWPORT.search(value) and d.lower_name not in seen:
                add("viewport-units", where)
            if d.lower_name == "line-height" and value.startswith("-"):
                add("negative", where)
            if d.lower_name == "text-indent" and value.startswith("-") and not names & {
                "padding-left", "margin-left", "padding-inline-start", "margin-inline-start",
                "padding", "margin",
            }:  # fmt: skip
                add("negative", where)
            seen.add(d.lower_name)


def _style_rules(rules: list) -> list:
    """Qualified rules, those inside @media and @supports included."""
    import tinycss2

    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            out.append(rule)
        elif (
            rule.type == "at-rule"
            and rule.lower_at_keyword in ("media", "supports")
            and rule.content is not None
        ):
            out += _style_rules(tinycss2.parse_rule_list(rule.content, True, True))
    return out


def _is_aside(selector: str) -> bool:
    return bool(re.search(r"\baside\b|pull-?quote|\bsidebar\b", selector, re.IGNORECASE))


def _documents(docs: dict[str, etree._Element], add) -> None:  # noqa: ANN001
    ids = {
        f"{path}#{el.get('id')}": el
        for path, root in docs.items()
        for el in root.iter()
        if isinstance(el.tag, str) and el.get("id")
    }
    for path, root in docs.items():
        for el in root.iter(f"{{{NS['x']}}}script"):
            add("script", f"{path}:{el.sourceline}")
        for a in root.iterfind(".//x:a", NS):
            if not ("noteref" in types(a) or "doc-noteref" in roles(a)):
                continue
            file, frag = urldefrag(a.get("href") or "")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(file)))
            note = ids.get(f"{target if file else path}#{frag}")
            # Kindle's pop-up needs the link to land on the note's own element, typed as a note.
            if note is None or not types(note) & NOTE_TYPES:
                add("notes", f"{path}:{a.sourceline} ({a.get('href')})")
