"""Font families for both editions: the bundled OFL pairings and a project's own files.

A family is a set of faces (weight, style) plus the licence that lets us embed it. Bundled:

- "Source Serif Pro" (Adobe, OFL 1.1): the serif pairing, as before;
- "Noto Sans" (Google, OFL 1.1): the humanist sans pairing, with full Latin Extended,
  Cyrillic and Greek in every face;
- "Amiri" (Khaled Hosny, OFL 1.1): for Arabic script, added wherever a brief has some.

A project font is a folder of .ttf/.otf files inside the project. It is embedded only when a
licence file sits beside the fonts (OFL.txt, LICENSE…, LICENCE…, COPYING…): the EPUB carries
the licence next to the font, and nothing unlicensed is ever shipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError, PublishError
from .paths import FONTS_DIR

FONT_SUFFIXES = (".ttf", ".otf")
# Arabic script (with its presentation forms), for which every edition adds Amiri.
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
LICENCE_NAMES = ("ofl", "license", "licence", "copying")


@dataclass(frozen=True)
class Face:
    path: Path
    weight: int
    style: str  # normal | italic

    @property
    def media_type(self) -> str:
        return "font/otf" if self.path.suffix.lower() == ".otf" else "font/ttf"


@dataclass(frozen=True)
class Family:
    name: str  # the CSS family name
    faces: tuple[Face, ...]
    licence: Path
    credit: str  # name and maker for the colophon, "Source Serif Pro (Adobe)": nothing to translate

    def face(self, weight: int, style: str = "normal") -> Face:
        """The closest face: same style if there is one, then the nearest weight."""
        pool = [f for f in self.faces if f.style == style] or list(self.faces)
        return min(pool, key=lambda f: (abs(f.weight - weight), -f.weight))


def _bundled(name: str, credit: str, licence: str, files: dict[tuple[int, str], str]) -> Family:
    faces = tuple(Face(FONTS_DIR / file, w, s) for (w, s), file in files.items())
    return Family(name, faces, FONTS_DIR / licence, credit)


BUNDLED: dict[str, Family] = {
    "Source Serif Pro": _bundled(
        "Source Serif Pro",
        "Source Serif Pro (Adobe)",
        "OFL-SourceSerifPro.txt",
        {
            (400, "normal"): "SourceSerifPro-Regular.ttf",
            (400, "italic"): "SourceSerifPro-It.ttf",
            (600, "normal"): "SourceSerifPro-Semibold.ttf",
            (600, "italic"): "SourceSerifPro-SemiboldIt.ttf",
        },
    ),
    "Noto Sans": _bundled(
        "Noto Sans",
        "Noto Sans (Google)",
        "OFL-NotoSans.txt",
        {
            (400, "normal"): "NotoSans-Regular.ttf",
            (400, "italic"): "NotoSans-Italic.ttf",
            (700, "normal"): "NotoSans-Bold.ttf",
            (700, "italic"): "NotoSans-BoldItalic.ttf",
        },
    ),
    # Arabic script (OFL, Khaled Hosny): added to a book's families only when its text has
    # Arabic letters (publish.epub.fonts.needs_arabic); never a body or heading choice.
    "Amiri": _bundled(
        "Amiri",
        "Amiri (Khaled Hosny)",
        "OFL-Amiri.txt",
        {(400, "normal"): "Amiri-Regular.ttf", (700, "normal"): "Amiri-Bold.ttf"},
    ),
}
# `fonts = "serif"` or `fonts = "sans"` in [style]: (body, heading).
PAIRINGS: dict[str, tuple[str, str]] = {
    "serif": ("Source Serif Pro", "Source Serif Pro"),
    "sans": ("Noto Sans", "Noto Sans"),
}
DEFAULT_FAMILY = "Source Serif Pro"


def needs_arabic(text: str) -> bool:
    return bool(ARABIC.search(text))


def licence_file(folder: Path) -> Path | None:
    """The licence beside a project's font files, if there is one."""
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name.lower().startswith(LICENCE_NAMES):
            return path
    return None


def project_family(folder: Path, where: Path | str) -> Family:
    """A family from a project folder of font files; refused without a licence beside them."""
    from fontTools.ttLib import TTFont, TTLibError

    if not folder.is_dir():
        raise InputError(f"font folder not found: {folder}", path=where)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    if not files:
        raise InputError(f"no .ttf or .otf font files in {folder}", path=where)
    licence = licence_file(folder)
    if licence is None:
        raise InputError(
            f"font folder {folder} has no licence file (OFL.txt, LICENSE, …) beside the fonts; "
            "a project font is embedded only with its licence",
            path=where,
        )
    faces = []
    name = ""
    for path in files:
        try:
            font = TTFont(str(path), lazy=True)
            weight = int(font["OS/2"].usWeightClass)
            italic = bool(font["OS/2"].fsSelection & 0b1000000001)  # italic or oblique bit
            name = name or (font["name"].getBestFamilyName() or "")
        except (TTLibError, KeyError, OSError, AssertionError) as exc:
            raise InputError(f"not a usable font file: {exc}", path=path) from None
        faces.append(Face(path, weight, "italic" if italic else "normal"))
    css_name = f"Project {name or folder.name}"  # never shadows a bundled or system family
    return Family(css_name, tuple(faces), licence, name or folder.name)


def resolve_family(spec: str | None, root: Path | None, where: Path | str = "") -> Family:
    """A bundled family by name, else a font folder relative to the project root."""
    if not spec:
        return BUNDLED[DEFAULT_FAMILY]
    if spec in BUNDLED:
        return BUNDLED[spec]
    if root is None:
        raise InputError(f"unknown font family “{spec}”", path=where)
    folder = (root / spec).resolve()
    if not folder.is_relative_to(root.resolve()):
        raise InputError(f"font folder {spec} is outside the project folder {root}", path=where)
    if not folder.exists() and "/" not in spec:
        # A system font's name ("Arial"): say what may be written instead.
        raise InputError(
            f"fonts = “{spec}” is neither a bundled family nor a folder of the project; write "
            f"one of {', '.join(f'“{n}”' for n in (*PAIRINGS, *BUNDLED))}, or put the font's "
            f".ttf/.otf files in styles/fonts/{spec}/ and write fonts = "
            f"“styles/fonts/{spec}”",
            path=where,
        )
    return project_family(folder, where)


@lru_cache(maxsize=32)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        return frozenset(TTFont(str(path), lazy=True).getBestCmap())
    except Exception as exc:  # a damaged bundled file is our bug, not the brief's
        raise PublishError(f"cannot read font {path}: {exc}") from exc


def family_cmap(family: Family) -> frozenset[int]:
    """Code points every upright face of the family can show (italics may differ)."""
    upright = [f for f in family.faces if f.style == "normal"] or list(family.faces)
    sets = [_cmap(f.path) for f in upright]
    return frozenset.intersection(*sets) if sets else frozenset()


def uncovered(text: str, families: list[Family]) -> list[str]:
    """Characters of `text` that no given family can show, in first-seen order.

    Spaces, controls and format characters (joiners, marks of direction) draw nothing.
    """
    covered: set[int] = set()
    for family in families:
        covered |= family_cmap(family)
    out: dict[str, None] = {}
    for ch in text:
        if ord(ch) in covered or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            continue
        out.setdefault(ch, None)
    return list(out)


def describe(chars: list[str], limit: int = 8) -> str:
    """'“ж” U+0436, …' for a message."""
    shown = ", ".join(f"“{c}” U+{ord(c):04X}" for c in chars[:limit])
    more = f" and {len(chars) - limit} more" if len(chars) > limit else ""
    return shown + more
