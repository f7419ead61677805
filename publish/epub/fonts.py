"""The bundled OFL text face, subset to the characters one book uses.

The full four styles weigh about 590 KB; a subset for a brief is a few tens of KB. Subsetting for
embedding in a document keeps the font's names; the licence travels in the book as fonts/OFL.txt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

from ..errors import PublishError
from ..paths import FONTS_DIR
from . import diskcache

LICENCE_FILE = "OFL-SourceSerifPro.txt"


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


def licence_text() -> bytes:
    path = FONTS_DIR / LICENCE_FILE
    if not path.is_file():
        raise PublishError(f"font licence missing: {path}")
    return path.read_bytes()


def subset_font(path: Path, text: str) -> bytes:
    """The font reduced to the glyphs for `text` (plus layout features), deterministically."""
    return _subset_cached(str(path), "".join(sorted(set(text + BASE_CHARS))))


# Subsetting costs ~0.3 s a face; a release or a test run builds the same text more than once,
# in this process (lru_cache) and in others (the disk cache).
@lru_cache(maxsize=16)
def _subset_cached(path: str, chars: str) -> bytes:
    name = diskcache.key(
        "subset", SUBSET_RECIPE, fontTools.version, diskcache.digest_file(Path(path)), chars
    )
    return diskcache.cached("fonts", name, lambda: _subset(path, chars))


# Bump when _subset's options change: the disk cache keys on it.
SUBSET_RECIPE = "notdef,names*,nohinting,noglyphnames,reorder/1"


def _subset(path: str, chars: str) -> bytes:
    # recalcTimestamp=False: fontTools would otherwise stamp head.modified with the clock.
    font = TTFont(path, recalcTimestamp=False)
    options = subset.Options()
    # Default layout features (kerning, ligatures, …): "*" would double the size for no gain.
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # readers rasterise at many sizes; hints cost half the file
    options.glyph_names = False
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def embedded_fonts(text: str, *, subset_fonts: bool = True) -> dict[str, bytes]:
    """{file name: bytes} for every face; subset to `text` unless told otherwise."""
    fonts: dict[str, bytes] = {}
    for face in FACES:
        path = font_path(face)
        fonts[face.file] = subset_font(path, text) if subset_fonts else path.read_bytes()
    return fonts
