"""The cover image, drawn with Pillow from the metadata: series and number, title, date, publisher.

A flat, typographic design: a dark field, a rule, the title large in the upper half, the date and
publisher at the foot. Long titles shrink, then wrap, then end in an ellipsis; nothing overflows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from ..document import Document
from ..labels import Labels, labels_for
from .fonts import ARABIC_FACES, FACES, font_path, needs_arabic

WIDTH, HEIGHT = 1600, 2560
MARGIN = 150
DEFAULT_BACKGROUND = (22, 38, 64)  # deep navy
INK = (247, 244, 236)
ACCENT = (201, 162, 39)

TITLE_SIZES = (150, 132, 116, 102, 90, 80, 72)  # px, largest that fits wins
TITLE_BOX = (MARGIN, 560, WIDTH - MARGIN, 1900)  # left, top, right, bottom
MAX_LINE_CHARS = 400  # longer runs are cut before measuring, so a 2,000-char title stays fast


def background(doc: Document) -> tuple[int, int, int]:
    colour = (doc.meta.cover_color or "").strip()
    if re.fullmatch(r"#?[0-9a-fA-F]{6}", colour):
        value = colour.lstrip("#")
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    return DEFAULT_BACKGROUND


def _font(weight: int, style: str, size: int, arabic: bool = False) -> ImageFont.FreeTypeFont:
    """The cover's face: Source Serif, or Amiri (the same face as the PDFs) for Arabic script.

    Amiri also has Latin letters and digits, so a mixed line is drawn in one face; Pillow's
    Raqm layout shapes the Arabic and orders mixed-direction text.
    """
    faces = ARABIC_FACES if arabic else FACES
    face = next(f for f in faces if f.weight == weight and f.style == style)
    return ImageFont.truetype(str(font_path(face)), size)


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
        lines = wrap(draw, text, font, width)
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


def cover_png(doc: Document, title: str) -> bytes:
    """A 1600×2560 PNG: flat colour in a 32-colour palette is ~40 KB (a JPEG would be ~180 KB).

    Fast octree quantising and plain zlib take ~0.07 s; median cut and PNG `optimize`
    took 0.27 s for a file 20 % smaller.
    """
    t = labels_for(doc)
    image = Image.new("RGB", (WIDTH, HEIGHT), background(doc))
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    # One face for the whole cover, as in the PDFs: Amiri when any of its text is Arabic.
    texts = cover_texts(doc, title, t)
    arabic = needs_arabic("".join(texts.values()))
    pen = _Pen(draw, t.rtl)

    small = _font(600, "normal", 56, arabic)
    if texts["series"]:
        pen.text(260, single_line(draw, texts["series"], small, inner), small, ACCENT)
    if texts["number"]:
        number_font = _font(600, "normal", 110, arabic)
        pen.text(340, single_line(draw, texts["number"], number_font, inner), number_font, INK)
    bar = (
        (WIDTH - MARGIN - 260, 500, WIDTH - MARGIN, 512)
        if t.rtl
        else (MARGIN, 500, MARGIN + 260, 512)
    )
    draw.rectangle(bar, fill=ACCENT)

    font, lines, step = fit_block(draw, title, 600, TITLE_SIZES, TITLE_BOX, arabic=arabic)
    y = TITLE_BOX[1]
    for line in lines:
        pen.text(y, line, font, INK)
        y += step

    foot = _font(400, "normal", 58, arabic)
    draw.rectangle((MARGIN, HEIGHT - 420, WIDTH - MARGIN, HEIGHT - 416), fill=ACCENT)
    if texts["date"]:
        pen.text(HEIGHT - 380, single_line(draw, texts["date"], foot, inner), foot, INK)
    if texts["publisher"]:
        pen.text(HEIGHT - 290, single_line(draw, texts["publisher"], foot, inner), foot, INK)

    out = io.BytesIO()
    image.quantize(32, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


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
