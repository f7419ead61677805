"""The EPUB's embedded fonts: each face of the house families, subset to one book's characters.

The full four styles of a family weigh about 0.6–2 MB; a subset for a brief is a few tens of
KB. Subsetting keeps the font's names; each family's licence travels in the book beside it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from ..errors import PublishError
from ..fonts import BUNDLED, DEFAULT_FAMILY, Face, Family
from ..fonts import needs_arabic as needs_arabic  # re-exported: the EPUB asks it here

# Kept for callers that list the default faces (the serif pairing).
FACES = BUNDLED[DEFAULT_FAMILY].faces
# Amiri (OFL, publish.fonts.BUNDLED) for Arabic script: embedded only in a book that has some.
ARABIC_FAMILY = BUNDLED["Amiri"]


# Always kept, whatever the text: the labels we generate and common punctuation.
BASE_CHARS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
)


def font_path(face: Face) -> Path:
    if not face.path.is_file():
        raise PublishError(f"font missing: {face.path}")
    return face.path


def licence_name(family: Family) -> str:
    """The licence's file name inside the book: the default family's stays fonts/OFL.txt."""
    if family.name == DEFAULT_FAMILY:
        return "OFL.txt"
    return (
        family.licence.name
        if family.name in BUNDLED
        else f"{family.licence.stem}-{family.faces[0].path.stem}.txt"
    )


def licence_text(family: Family | None = None) -> bytes:
    path = (family or BUNDLED[DEFAULT_FAMILY]).licence
    if not path.is_file():
        raise PublishError(f"font licence missing: {path}")
    return path.read_bytes()


def subset_font(path: Path, text: str) -> bytes:
    """The font reduced to the glyphs for `text` (plus layout features), deterministically."""
    return _subset(str(path), "".join(sorted(set(text + BASE_CHARS))))


# A release builds each EPUB once, but tests and `--force` rebuild the same text.
@lru_cache(maxsize=16)
def _subset(path: str, chars: str) -> bytes:
    # HarfBuzz's subsetter: about 1 ms a face, where fontTools took 0.2–0.3 s decompiling
    # the layout tables. Its default layout features (kerning, ligatures…) are kept.
    face = hb.Face(hb.Blob.from_file_path(path))
    request = hb.SubsetInput()
    request.unicode_set.update(ord(c) for c in chars)
    # Keep every name record: family, copyright, licence. (An inverted set here keeps none.)
    request.sets(hb.SubsetInputSets.NAME_ID).add_range(0, 0xFFFF)
    request.sets(hb.SubsetInputSets.NAME_LANG_ID).add_range(0, 0xFFFF)
    # Readers rasterise at many sizes, so hints cost half the file for nothing; a visible
    # .notdef shows a missing glyph instead of hiding it.
    request.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    subset = hb.subset(face, request)
    if subset is None:
        raise PublishError(f"cannot subset the font {path}")
    return subset.blob.data


def embedded_fonts(
    text: str, *, subset_fonts: bool = True, families: list[Family] | None = None
) -> dict[str, tuple[str, bytes]]:
    """{file name: (media type, bytes)} for every face; subset to `text` unless told otherwise."""
    fonts: dict[str, tuple[str, bytes]] = {}
    for family in families or [BUNDLED[DEFAULT_FAMILY]]:
        for face in family.faces:
            path = font_path(face)
            data = subset_font(path, text) if subset_fonts else path.read_bytes()
            fonts[path.name] = (face.media_type, data)
    return fonts
