"""The bundled OFL text face, subset to the characters one book uses.

The full four styles weigh about 590 KB; a subset for a brief is a few tens of KB. Subsetting for
embedding in a document keeps the font's names; the licence travels in the book as fonts/OFL.txt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from ..errors import PublishError
from ..paths import FONTS_DIR

LICENCE_FILE = "OFL-SourceSerifPro.txt"
ARABIC_LICENCE = "OFL-Amiri.txt"
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Face:
    file: str  # in styles/fonts/
    weight: int
    style: str  # normal | italic


FACES = (
    Face("SourceSerifPro-Regular.ttf", 400, "normal"),
    Face("SourceSerifPro-It.ttf", 400, "italic"),
    Face("SourceSerifPro-Semibold.ttf", 600, "normal"),
    Face("SourceSerifPro-SemiboldIt.ttf", 600, "italic"),
)

# Amiri (OFL) for Arabic script: embedded only in a book that has some.
ARABIC_FACES = (
    Face("Amiri-Regular.ttf", 400, "normal"),
    Face("Amiri-Bold.ttf", 600, "normal"),
)


def needs_arabic(text: str) -> bool:
    return bool(ARABIC.search(text))


# Always kept, whatever the text: the labels we generate and common punctuation.
BASE_CHARS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
)


def font_path(face: Face) -> Path:
    path = FONTS_DIR / face.file
    if not path.is_file():
        raise PublishError(f"bundled font missing: {path}")
    return path


def licence_text(name: str = LICENCE_FILE) -> bytes:
    path = FONTS_DIR / name
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
        raise PublishError(f"cannot subset the bundled font {path}")
    return subset.blob.data


def embedded_fonts(
    text: str, *, subset_fonts: bool = True, extra: tuple[Face, ...] = ()
) -> dict[str, bytes]:
    """{file name: bytes} for every face (and `extra`); subset to `text` unless told otherwise."""
    fonts: dict[str, bytes] = {}
    for face in (*FACES, *extra):
        path = font_path(face)
        fonts[face.file] = subset_font(path, text) if subset_fonts else path.read_bytes()
    return fonts
