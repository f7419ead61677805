"""The house style: `[style]` in publish.toml (overridable per brief) → checked values → CSS.

This is the one place colours and fonts come from. Both backends ask it:

- `palette(style)`: the named colours (ink, muted, accent, rule, panel) as `#rrggbb`;
- `pdf_layer(style, edition)`: a CSS layer set after styles/pdf.css (and pdf-print.css):
  @font-face rules, the font families, and the colours as custom properties (`--accent` …)
  that pdf.css uses. A print conversion (for example to device-cmyk) belongs here, per
  edition, so that every colour changes together;
- `epub_layer(style)`: the same for the EPUB, with plain values (readers' support for
  custom properties is uneven), appended to css/epub.css.

The project's own stylesheets (`stylesheet = { epub = …, pdf = … }`) come after these layers.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cssrefs import check_stylesheet
from .document import Style
from .errors import InputError
from .fonts import BUNDLED, DEFAULT_FAMILY, PAIRINGS, Family, needs_arabic, resolve_family

STYLE_KEYS = ("logo", "accent_color", "text_color", "fonts", "stylesheet")
EDITION_SHEETS = ("epub", "pdf")
LOGO_SUFFIXES = (".svg", ".png")
MAX_LOGO = 2_000_000  # bytes

PAGE = "#ffffff"
DEFAULTS = {
    "ink": "#1b1b1b",
    "muted": "#5a5a5a",
    "accent": "#1f4e79",
    "rule": "#9aa7b4",
    "panel": "#eef2f6",
}
AA_NORMAL = 4.5  # WCAG 2.2 AA, normal text (notes, links and pull quotes use the accent)

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


# --- reading [style] ------------------------------------------------------------------------


def check_style(value: Any) -> dict[str, Any]:
    """[style] as written → a flat dict of Style fields. TypeError names what is wrong.

    `fonts` is a pairing ("serif", "sans"), a family, or {body = …, heading = …};
    `stylesheet` is {epub = …, pdf = …}.
    """
    if not isinstance(value, dict):
        raise TypeError("a table of style keys (logo, accent_color, text_color, fonts, stylesheet)")
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in STYLE_KEYS:
            raise TypeError(f"a table whose keys are {', '.join(STYLE_KEYS)} (not “{key}”)")
        if key in ("accent_color", "text_color"):
            if not isinstance(item, str) or not _COLOUR.match(item.strip()):
                raise TypeError(f"a table where {key} is a colour such as #1f3a5f")
            out[key] = item.strip().lower()
        elif key == "logo":
            out["logo"] = _path_text(item, "logo", LOGO_SUFFIXES)
        elif key == "fonts":
            body, heading = _fonts(item)
            out["body_font"], out["heading_font"] = body, heading
        elif key == "stylesheet":
            if isinstance(item, str):
                item = {"epub": item, "pdf": item}
            if not isinstance(item, dict) or set(item) - set(EDITION_SHEETS):
                raise TypeError('a table where stylesheet is {epub = "…css", pdf = "…css"}')
            for edition, path in item.items():
                out[f"stylesheet_{edition}"] = _path_text(path, f"stylesheet.{edition}", (".css",))
    return out


def _path_text(value: Any, key: str, suffixes: tuple[str, ...]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"a table where {key} is a path in the project")
    if not value.strip().lower().endswith(suffixes):
        raise TypeError(f"a table where {key} is a {' or '.join(suffixes)} file")
    return value.strip()


def _fonts(item: Any) -> tuple[str | None, str | None]:
    if isinstance(item, str):
        if item in PAIRINGS:
            return PAIRINGS[item]
        return item, item
    valid = isinstance(item, dict) and item and not set(item) - {"body", "heading"}
    if valid and all(isinstance(v, str) and v.strip() for v in item.values()):
        named = {k: PAIRINGS[v][0] if v in PAIRINGS else v.strip() for k, v in item.items()}
        body = named.get("body")
        return body, named.get("heading", body)
    pairs = ", ".join(f"“{p}”" for p in PAIRINGS)
    raise TypeError(f"a table where fonts is {pairs}, a family, or {{body = …, heading = …}}")


# --- resolving and checking -------------------------------------------------------------------


@dataclass
class Resolved:
    """A Style with its files found and checked: what the backends use."""

    style: Style
    body: Family
    heading: Family
    logo: Logo | None


@dataclass
class Logo:
    data: bytes  # sanitised SVG or the PNG as given
    media_type: str  # image/svg+xml | image/png
    name: str  # logo.svg | logo.png, its file name inside an EPUB
    width: float
    height: float


def project_path(style: Style, rel: str | None, where: Path | str = "") -> Path | None:
    """A path from [style], inside the project folder, or an InputError."""
    if not rel:
        return None
    if not style.root:
        raise InputError(f"{rel}: a style file needs a project folder", path=where)
    root = Path(style.root).resolve()
    path = (root / rel).resolve()
    if not path.is_relative_to(root):
        raise InputError(f"{rel} is outside the project folder {root}", path=where)
    if not path.is_file():
        raise InputError(f"style file not found: {path}", path=where)
    return path


def resolve(style: Style, where: Path | str = "") -> Resolved:
    """Check every value of `style` now, so that a bad style fails before any rendering."""
    root = Path(style.root) if style.root else None
    body = resolve_family(style.body_font, root, where)
    heading = resolve_family(style.heading_font or style.body_font, root, where)
    for rel in (style.stylesheet_epub, style.stylesheet_pdf):
        if (sheet := project_path(style, rel, where)) is not None:
            check_stylesheet(sheet, Path(style.root or "."))
    contrast_problem = check_contrast(style)
    if contrast_problem:
        raise InputError(contrast_problem, path=where)
    return Resolved(style, body, heading, load_logo(style, where))


def load_logo(style: Style, where: Path | str = "") -> Logo | None:
    path = project_path(style, style.logo, where)
    if path is None:
        return None
    data = path.read_bytes()
    if len(data) > MAX_LOGO:
        raise InputError(f"logo is larger than {MAX_LOGO:,} bytes", path=path)
    if path.suffix.lower() == ".svg":
        from .svg import SvgError, sanitize_svg, svg_size

        try:
            clean = sanitize_svg(data)
        except SvgError as exc:
            raise InputError(f"logo refused: {exc}", path=path) from None
        width, height = svg_size(clean)
        return Logo(clean, "image/svg+xml", "logo.svg", width, height)
    from PIL import Image, UnidentifiedImageError

    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InputError("logo refused: not a PNG file", path=path)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise InputError(f"logo refused: not a readable PNG ({exc})", path=path) from None
    return Logo(data, "image/png", "logo.png", float(width), float(height))


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check_contrast(style: Style) -> str | None:
    """The first colour pair below WCAG AA, as a message naming both colours, else None."""
    colours = palette(style)
    pairs = [
        ("text_color", colours["ink"], "the page", PAGE),
        ("accent_color", colours["accent"], "the page", PAGE),
        ("text_color", colours["ink"], "the colophon background", colours["panel"]),
        ("accent_color", colours["accent"], "the colophon background", colours["panel"]),
    ]
    for key, fg, where, bg in pairs:
        ratio = contrast(fg, bg)
        if ratio < AA_NORMAL:
            return (
                f"{key} {fg} on {where} ({bg}) has a contrast of {ratio:.2f}:1; "
                f"WCAG AA needs {AA_NORMAL}:1 (choose a darker {key})"
            )
    return None


def mix(colour: str, other: str, share: float) -> str:
    """`share` of `colour` mixed into `other`, as #rrggbb."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(
        f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True)
    )


def palette(style: Style) -> dict[str, str]:
    """The named colours both editions use. Rules and the colophon's panel follow the accent."""
    colours = dict(DEFAULTS)
    if style.text_color:
        colours["ink"] = style.text_color
    if style.accent_color:
        colours["accent"] = style.accent_color
        colours["rule"] = mix(style.accent_color, PAGE, 0.45)
        colours["panel"] = mix(style.accent_color, PAGE, 0.07)
    return colours


def cover_colours(style: Style, cover_color: str | None) -> tuple[str, str]:
    """(background, ink) for the EPUB cover: cover_color, else the accent, else navy; the ink
    is the text colour or white, whichever reads better on it."""
    background = cover_color or style.accent_color or "#162640"
    light, dark = "#f7f4ec", (style.text_color or "#1b1b1b")
    ink = light if contrast(light, background) >= contrast(dark, background) else dark
    return background.lower(), ink


# --- CSS layers ---------------------------------------------------------------------------


def _css_name(name: str) -> str:
    return '"' + re.sub(r'["\\\n]', "", name) + '"'


def _font_faces(families: list[Family], url_for) -> str:
    rules = []
    seen: set[Path] = set()
    for family in families:
        for face in family.faces:
            if face.path in seen:
                continue
            seen.add(face.path)
            rules.append(
                f"@font-face {{ font-family: {_css_name(family.name)}; "
                f"font-weight: {face.weight}; font-style: {face.style}; "
                f'src: url("{url_for(face)}"); }}'
            )
    return "\n".join(rules)


def families(resolved: Resolved | None) -> list[Family]:
    if resolved is None:
        return [BUNDLED[DEFAULT_FAMILY]]
    return (
        [resolved.body] if resolved.heading == resolved.body else [resolved.body, resolved.heading]
    )


def pdf_layer(resolved: Resolved, edition: str) -> str:
    """CSS after pdf.css: fonts and colours. `edition` is where a print conversion goes."""
    colours = palette(resolved.style)
    body, heading = _css_name(resolved.body.name), _css_name(resolved.heading.name)
    variables = " ".join(f"--{name}: {value};" for name, value in colours.items())
    return "\n".join(
        [
            _font_faces(families(resolved), lambda face: face.path.resolve().as_uri()),
            f":root {{ {variables} }}",
            f"html {{ font-family: {body}; }}",
            f"h1, h2, h3, h4, .title-block .series {{ font-family: {heading}; }}",
            f"@page {{ @top-left {{ font-family: {body}; }} "
            f"@bottom-center {{ font-family: {body}; }} }}",
        ]
    )


def _generic(family: Family) -> str:
    return "sans-serif" if "sans" in family.name.lower() else "serif"


def epub_font_name(face_path: Path) -> str:
    return face_path.name


def epub_layer(resolved: Resolved | None, arabic: bool = False) -> str:
    """CSS appended to css/epub.css: @font-face for the embedded fonts, families, colours.

    `arabic`: Amiri follows each family, for the Arabic script the house faces lack."""
    more = ', "Amiri"' if arabic else ""
    fams = families(resolved)
    body = fams[0]
    heading = fams[-1]
    colours = palette(resolved.style if resolved is not None else Style())
    # The named colours as custom properties too, for a project stylesheet that writes
    # var(--accent) in both editions; nothing here uses them, so old readers lose nothing.
    variables = " ".join(f"--{name}: {value};" for name, value in colours.items())
    rules = [
        f":root {{ {variables} }}",
        _font_faces(fams, lambda face: f"../fonts/{epub_font_name(face.path)}"),
        f"body {{ font-family: {_css_name(body.name)}{more}, {_generic(body)}; }}",
        f"h1, h2, .titlepage .series {{ font-family: {_css_name(heading.name)}{more}, "
        f"{_generic(heading)}; }}",
    ]
    if resolved is not None and not resolved.style.is_default():
        accent, ink = colours["accent"], colours["ink"]
        rules += [
            f"h1, h2, .titlepage .series {{ color: {accent}; }}",
            f"aside.pullquote {{ color: {accent}; border-color: {accent}; }}",
            f"section.titlepage {{ color: {ink}; border-top: 0.3em solid {accent}; "
            "padding-top: 1em; }",
            f"a.backlink {{ color: {accent}; }}",
        ]
    return "\n".join(rules) + "\n"


def document_text(doc: Any) -> str:
    """Every character a brief puts on a page: metadata, blocks, notes, colophon."""
    m = doc.meta
    parts = [m.title, m.subtitle or "", m.series or "", m.publisher or "", m.address or ""]
    parts += [m.licence or "", m.website or ""]
    parts += [f"{a.name} {a.role or ''}" for a in m.authors]
    parts += [b.text for b in doc.blocks] + [n.text for n in doc.notes]
    parts += [doc.colophon.disclaimer or "", *doc.colophon.notices]
    return "\n".join(parts)


def coverage_problem(doc: Any, resolved: Resolved | None = None) -> str | None:
    """A message when some character of the brief has no glyph in the embedded fonts."""
    from .fonts import describe, uncovered

    resolved = resolved or resolve(doc.meta.style, doc.source)
    text = document_text(doc)
    fams = families(resolved)
    if needs_arabic(text):  # both editions add Amiri for Arabic script
        fams = [*fams, BUNDLED["Amiri"]]
    missing = uncovered(text, fams)
    if not missing:
        return None
    names = " and ".join(f.name for f in fams)
    return f"no glyph in the embedded fonts ({names}) for {describe(missing)}; {_font_fix(missing)}"


def _font_fix(missing: list[str]) -> str:
    """What to write instead: a bundled family that has every missing character, else a
    font of the project's own (emoji have none among ours)."""
    from .fonts import family_cmap

    needed = {ord(ch) for ch in missing}
    for name, family in BUNDLED.items():
        if needed <= family_cmap(family):
            return f"fix: set fonts = “{name}” in [style], which has them"
    return (
        "fix: put a font that has them (its .ttf/.otf files and licence) in "
        "styles/fonts/<Name>/ and set fonts = “styles/fonts/<Name>” in [style], "
        "or write the characters out in words"
    )
