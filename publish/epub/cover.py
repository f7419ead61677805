"""The cover image, drawn with Pillow from the metadata: series and number, title, subtitle,
authors, date, publisher, and the house logo.

A flat, typographic design: a field in the house colour, a rule, the title large in the upper
half, the date, publisher and logo at the foot. Titles break at natural points (never "Keeping
the Lights / On"); long titles shrink, then wrap, then end in an ellipsis; nothing overflows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from ..document import Document
from ..fonts import BUNDLED, Family
from ..labels import Labels, labels_for
from ..style import Resolved, cover_colours, luminance, resolve
from .fonts import needs_arabic

WIDTH, HEIGHT = 1600, 2560
MARGIN = 150
DEFAULT_BACKGROUND = (22, 38, 64)  # deep navy
INK = (247, 244, 236)
ACCENT = (201, 162, 39)

TITLE_SIZES = (150, 132, 116, 102, 90, 80, 72)  # px, largest that fits wins
TITLE_BOX = (MARGIN, 560, WIDTH - MARGIN, 1900)  # left, top, right, bottom
MAX_LINE_CHARS = 400  # longer runs are cut before measuring, so a 2,000-char title stays fast


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def background(doc: Document) -> tuple[int, int, int]:
    colour = (doc.meta.cover_color or "").strip()
    if re.fullmatch(r"#?[0-9a-fA-F]{6}", colour):
        return rgb("#" + colour.lstrip("#"))
    if doc.meta.style.accent_color:
        return rgb(doc.meta.style.accent_color)
    return DEFAULT_BACKGROUND


_FAMILY: list[Family] = []  # the heading family of the cover being drawn


def _font(weight: int, style: str, size: int, arabic: bool = False) -> ImageFont.FreeTypeFont:
    """The cover's face: the house heading family, or Amiri when the cover has Arabic script."""
    from ..fonts import DEFAULT_FAMILY

    family = BUNDLED["Amiri"] if arabic else _FAMILY[0] if _FAMILY else BUNDLED[DEFAULT_FAMILY]
    return ImageFont.truetype(str(family.face(weight, style).path), size)


@dataclass
class _Pen:
    """Draws lines from the start edge of the language: the left, or the right for RTL."""

    draw: ImageDraw.ImageDraw
    rtl: bool

    def text(self, y: int, line: str, font: ImageFont.FreeTypeFont, fill) -> None:  # noqa: ANN001
        if self.rtl:
            self.draw.text((WIDTH - MARGIN, y), line, font=font, fill=fill, anchor="ra",
                           direction="rtl")  # fmt: skip
        else:
            self.draw.text((MARGIN, y), line, font=font, fill=fill)


# Words a line should not end on: a break after them splits a phrase ("Keeping the / …").
WEAK = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "at",
        "from", "as", "into", "over", "nor", "but", "its", "their", "our", "de", "la", "le",
        "der", "die", "das", "und"}  # fmt: skip
STRONG_END = (":", ",", ";", "—", "–", "?", "!")
MAX_BALANCED_WORDS = 40


def break_title(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """The title in as few lines as greedy wrapping needs, broken at natural points.

    Among the ways to set it in that many lines, the cheapest wins: ragged lines cost their
    squared slack, a line ending on a weak word ("the", "of") or a last line of one short word
    costs more, and a break after a colon or comma costs less.
    """
    greedy = wrap(draw, text, font, width)
    words = text.split()
    n = len(greedy)
    if n <= 1 or len(words) > MAX_BALANCED_WORDS:
        return greedy
    if any(_width(draw, w, font) > width for w in words):
        return greedy
    widths: dict[tuple[int, int], float] = {}

    def line_width(i: int, j: int) -> float:
        if (i, j) not in widths:
            widths[(i, j)] = _width(draw, " ".join(words[i:j]), font)
        return widths[(i, j)]

    def cost(i: int, j: int, last: bool) -> float:
        slack = (width - line_width(i, j)) / width
        if last:
            value = 0.3 * slack * slack
            if j - i == 1 and len(words[i]) <= 4:
                value += 0.8  # a lone short word ("On") left on the last line
            return value
        value = slack * slack
        end = words[j - 1]
        if end.lower().strip("“”‘’\"'") in WEAK:
            value += 0.8
        if end.endswith(STRONG_END):
            value -= 0.3
        return value

    inf = float("inf")
    count = len(words)
    # best[k][j]: cheapest way to set words[:j] in k lines; back[k][j]: where line k starts.
    best = [[inf] * (count + 1) for _ in range(n + 1)]
    back = [[0] * (count + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for k in range(1, n + 1):
        for j in range(1, count + 1):
            for i in range(k - 1, j):
                if best[k - 1][i] == inf or line_width(i, j) > width:
                    continue
                value = best[k - 1][i] + cost(i, j, last=(j == count and k == n))
                if value < best[k][j]:
                    best[k][j], back[k][j] = value, i
    if best[n][count] == inf:
        return greedy
    lines, j = [], count
    for k in range(n, 0, -1):
        i = back[k][j]
        lines.append(" ".join(words[i:j]))
        j = i
    return lines[::-1]


def _width(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> float:
    return draw.textlength(text, font=font)


def wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken by characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if _width(draw, trial, font) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = ""
        while _width(draw, word, font) > width:
            cut = _fit_prefix(draw, word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit_prefix(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float
) -> int:
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _width(draw, text[:mid], font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return max(1, lo)


def fit_block(
    draw: ImageDraw.ImageDraw,
    text: str,
    weight: int,
    sizes: tuple[int, ...],
    box: tuple[int, int, int, int],
    leading: float = 1.18,
    arabic: bool = False,
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest size at which `text` fits the box; at the smallest, cut with an ellipsis."""
    width, height = box[2] - box[0], box[3] - box[1]
    text = " ".join(text.split())[: MAX_LINE_CHARS * 4]
    for size in sizes:
        font = _font(weight, "normal", size, arabic)
        lines = break_title(draw, text, font, width)
        step = int(size * leading)
        if len(lines) * step <= height:
            return font, lines, step
    step = int(size * leading)
    keep = max(1, height // step)
    lines = lines[:keep]
    last = lines[-1]
    while last and _width(draw, last.rstrip() + "…", font) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return font, lines, step


def single_line(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> str:
    text = " ".join(text.split())[:MAX_LINE_CHARS]
    if _width(draw, text, font) <= width:
        return text
    cut = _fit_prefix(draw, text, font, width - _width(draw, "…", font))
    return text[:cut].rstrip() + "…"


def cover_png(doc: Document, title: str, house: Resolved | None = None) -> bytes:
    """A 1600×2560 PNG: flat colour in a 32-colour palette is ~40 KB (a JPEG would be ~180 KB).

    Fast octree quantising and plain zlib take ~0.07 s; median cut and PNG `optimize`
    took 0.27 s for a file 20 % smaller. A logo adds its own colours (64 then).
    """
    house = house or resolve(doc.meta.style, doc.source)
    m = doc.meta
    bg, ink_hex = cover_colours(house.style, m.cover_color)
    ink = rgb(ink_hex)
    # The gold accent reads on the default navy; on a house colour the rules take the ink.
    accent = ACCENT if not (m.cover_color or house.style.accent_color) else ink
    t = labels_for(doc)
    texts = cover_texts(doc, title, t)
    # One face for the whole cover, as in the PDFs: Amiri when any of its text is Arabic
    # (it has Latin letters and digits too; Pillow's Raqm layout shapes and orders the line).
    arabic = needs_arabic("".join(texts.values()))
    _FAMILY[:] = [BUNDLED["Amiri"] if arabic else house.heading]
    try:
        image = Image.new("RGB", (WIDTH, HEIGHT), rgb(bg))
        draw = ImageDraw.Draw(image)
        _draw_cover(_Pen(draw, t.rtl), texts, t, ink, accent, house.logo is not None)
        if house.logo is not None:
            _paste_logo(image, house, bg)
    finally:
        _FAMILY[:] = []
    out = io.BytesIO()
    colours = 64 if house.logo is not None else 32
    image.quantize(colours, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


LOGO_BOX = (WIDTH - MARGIN - 380, HEIGHT - 390, WIDTH - MARGIN, HEIGHT - 150)
FOOT_TEXT = WIDTH - 2 * MARGIN  # narrowed when a logo sits beside the date and publisher


def _draw_cover(
    pen: _Pen,
    texts: dict[str, str],
    t: Labels,
    ink,
    accent,
    logo: bool,  # noqa: ANN001
) -> None:
    draw = pen.draw
    inner = WIDTH - 2 * MARGIN
    small = _font(600, "normal", 56)
    if texts["series"]:
        pen.text(260, single_line(draw, texts["series"], small, inner), small, accent)
    if texts["number"]:
        number_font = _font(600, "normal", 110)
        pen.text(340, single_line(draw, texts["number"], number_font, inner), number_font, ink)
    bar = (
        (WIDTH - MARGIN - 260, 500, WIDTH - MARGIN, 512)
        if t.rtl
        else (MARGIN, 500, MARGIN + 260, 512)
    )
    draw.rectangle(bar, fill=accent)

    # Subtitle and authors sit under the title; the title gets the room they leave.
    # Each extra line: (font, text, space before it, line height).
    extra: list[tuple[ImageFont.FreeTypeFont, str, int, int]] = []
    if texts["subtitle"]:
        sub_font = _font(400, "italic", 66)
        for i, line in enumerate(
            wrap(draw, texts["subtitle"][:MAX_LINE_CHARS], sub_font, inner)[:3]
        ):
            extra.append((sub_font, line, 50 if i == 0 else 0, 82))
    if texts["authors"]:
        by_font = _font(600, "normal", 60)
        for i, line in enumerate(wrap(draw, texts["authors"][:MAX_LINE_CHARS], by_font, inner)[:2]):
            extra.append((by_font, line, 60 if i == 0 else 0, 76))
    extra_height = sum(before + height for _, _, before, height in extra)
    box = (TITLE_BOX[0], TITLE_BOX[1], TITLE_BOX[2], TITLE_BOX[3] - extra_height)
    font, lines, step = fit_block(draw, texts["title"], 600, TITLE_SIZES, box)
    y = TITLE_BOX[1]
    for line in lines:
        pen.text(y, line, font, ink)
        y += step
    for line_font, text, before, height in extra:
        y += before
        pen.text(y, text, line_font, ink)
        y += height

    foot = _font(400, "normal", 58)
    draw.rectangle((MARGIN, HEIGHT - 420, WIDTH - MARGIN, HEIGHT - 416), fill=accent)
    foot_width = LOGO_BOX[0] - MARGIN - 40 if logo else inner
    if texts["date"]:
        pen.text(HEIGHT - 380, single_line(draw, texts["date"], foot, foot_width), foot, ink)
    if texts["publisher"]:
        pen.text(HEIGHT - 290, single_line(draw, texts["publisher"], foot, foot_width), foot, ink)


def logo_image(house: Resolved, max_width: int, max_height: int) -> Image.Image:
    """The house logo as an RGBA image that fits the box, keeping its proportions."""
    logo = house.logo
    assert logo is not None
    scale = min(max_width / logo.width, max_height / logo.height)
    width, height = max(1, int(logo.width * scale)), max(1, int(logo.height * scale))
    if logo.media_type == "image/svg+xml":
        import cairosvg  # lazy: only an SVG logo needs it

        # The SVG is already sanitised; unsafe=False also stops cairosvg reading any file.
        png = cairosvg.svg2png(
            bytestring=logo.data, output_width=width, output_height=height, unsafe=False
        )
        image = Image.open(io.BytesIO(png))
    else:
        image = Image.open(io.BytesIO(logo.data))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return image.convert("RGBA")


def _paste_logo(image: Image.Image, house: Resolved, bg: str) -> None:
    left, top, right, bottom = LOGO_BOX
    logo = logo_image(house, right - left, bottom - top)
    x, y = right - logo.width, top + (bottom - top - logo.height) // 2
    # A dark logo on a dark field (or light on light) gets a plate of the page colour.
    raw = logo.tobytes()  # RGBA, four bytes a pixel
    opaque = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 4) if raw[i + 3] > 128]
    if opaque:
        mean = tuple(sum(c[i] for c in opaque) // len(opaque) for i in range(3))
        mean_hex = "#" + "".join(f"{v:02x}" for v in mean)
        lum_a, lum_b = luminance(mean_hex), luminance(bg)
        ratio = (max(lum_a, lum_b) + 0.05) / (min(lum_a, lum_b) + 0.05)
        if ratio < 2.0:
            pad = 24
            plate = "#ffffff" if lum_b < 0.5 else "#1b1b1b"
            ImageDraw.Draw(image).rounded_rectangle(
                (x - pad, y - pad, x + logo.width + pad, y + logo.height + pad), 18, fill=plate
            )
    image.paste(logo, (x, y), logo)


def cover_texts(doc: Document, title: str, t: Labels | None = None) -> dict[str, str]:
    """The words on the cover, in the brief's language (the same labels as the colophon)."""
    m = doc.meta
    t = t or labels_for(doc)
    number = t("number", number=t.number(m.number)) if m.number is not None else ""
    return {
        # Upper-case in the language's own rules where Python has them; Arabic has no case.
        "series": (m.series or "").upper(),
        "number": number,
        "title": title,
        "subtitle": " ".join((m.subtitle or "").split()),
        # Names only; roles stay inside the book.
        "authors": t.names([a.name.strip() for a in m.authors if a.name.strip()]),
        "date": t.date(m.date),
        "publisher": m.publisher or "",
    }


def cover_alt(doc: Document, title: str) -> str:
    """The text alternative: what the cover says, in reading order."""
    m = doc.meta
    t = labels_for(doc)
    bits = [t("cover")]
    if m.series:
        if m.number is not None:
            bits.append(t("cover_series_number", series=m.series, number=t.number(m.number)))
        else:
            bits.append(m.series)
    bits.append(title)
    if m.date:
        bits.append(t.date(m.date))
    if m.publisher:
        bits.append(m.publisher)
    return ". ".join(b.strip().rstrip(".") for b in bits if b.strip()) + "."
