"""Typographic check on a rendered PDF: each line judged by its own measure.

Faults a reader sees at once, each found from the PDF's own words and positions
(`pdftotext -bbox-layout`) and the Document:

- a short line inside a justified paragraph: a word fragment alone on a line (`las-`,
  issue 10), a word pushed down by something the line breaker got wrong, or a line ended by
  a word too long to fit;
- a loose line: a justified line whose word spaces are stretched past the house limit
  (`LOOSE_LIMIT` times the paragraphs' natural word space, measured on their last lines);
- in ragged text (list items, table cells, block quotes), a line that stops short although
  the next line's first word would have fitted in its own measure (the item's or the cell's
  width, not the column's: a one-line cell "United States" is not a short line);
- a line running past the right edge of the text column;
- a word hyphenated across a page break: the last line of a page ends in a fragment
  ("repres-" / "entatives").

How lines are told apart: the text of every body paragraph, list item, table cell and block
quote (with the note-call numbers the PDF prints) is one stream, in reading order, cut into
segments. Each PDF line whose text continues the stream belongs to the segment it falls in,
so the title block, headings, running heads, footnotes, pull quotes, captions and the
colophon, which do not continue it, are never judged. A line that ends where its segment
ends is the segment's last line, free to be short. The column's measure is the median
width of the justified lines that do not end a paragraph.

Each finding names the page, the brief's line of the block, and the text of the line.
"""

from __future__ import annotations

import bisect
import re
import shutil
import statistics
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..document import Document, Inline, SubList
from .textmatch import squash

# A justified line that is not its paragraph's last must span at least this share of the
# measure.
MIN_FILL = 0.6
# A justified line's word spaces may stretch to this many times the natural word space.
# The seed's loosest line is 2.3 times on A4 and 3.1 on A5; 3.5 is a hole a reader sees.
LOOSE_LIMIT = 3.5
LOOSE_MIN_GAPS = 2  # a line needs this many word spaces to be judged loose
# The natural word space is measured on unjustified lines when they hold this many spaces;
# else it is this share of the words' box height (Source Serif and Noto Sans: 0.17).
NATURAL_MIN_GAPS = 8
NATURAL_SHARE = 0.17
MIN_GAP = 1.0  # pt: a smaller gap is a note call or punctuation, not a word space
# No line may end further than this (pt) past the right edge of the text column.
OVERRUN = 2.0
FIT_SLACK = 1.0  # pt: a next word must fit by this much to count as pushed down
RESYNC_WINDOW = 4000  # squashed characters searched ahead when a line does not follow on
RESYNC_MIN = 12  # a line this long (squashed) is distinctive enough to resynchronise on
SOFT_HYPHEN = "\u00ad"
_NS = "{http://www.w3.org/1999/xhtml}"
# What the PDF prints before a list item or an attribution, which the Document does not hold.
_MARKER = re.compile(r"(\d{1,3}[.)]|[a-zA-Z][.)]|[ivxlcdm]{1,6}[.)]|[•◦▪‣·*–—-])")


@dataclass
class PdfLine:
    page: int  # 1-based
    x0: float
    x1: float
    text: str
    words: list[tuple[float, float]] = field(default_factory=list)  # (x0, x1) of each word
    height: float = 0.0  # of its words' boxes: the font's ascent plus descent

    @property
    def gaps(self) -> list[float]:
        return [b[0] - a[1] for a, b in zip(self.words, self.words[1:], strict=False)]


@dataclass
class Segment:
    kind: str  # "paragraph" (justified), "item", "cell", "quote" (ragged)
    line: int  # the brief's line of its block
    group: str  # lines sharing one measure: a list, a table column, a quote
    end: int = 0  # offset in the stream where it ends


@dataclass
class BodyLine:
    line: PdfLine
    segment: Segment
    last: bool  # ends its segment
    broken: bool  # ends in a hyphen the renderer added


def pdf_lines(data: bytes) -> list[PdfLine] | None:
    """Every text line with its horizontal extent, in reading order; None without poppler."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    try:
        out = subprocess.run([tool, "-q", "-bbox-layout", "-enc", "UTF-8", "-", "-"],
                             input=data, capture_output=True, check=True,
                             timeout=120).stdout  # fmt: skip
        root = ET.fromstring(out)
    except (OSError, subprocess.SubprocessError, ET.ParseError):
        return None
    lines: list[PdfLine] = []
    for number, page in enumerate(root.iter(f"{_NS}page"), 1):
        for line in page.iter(f"{_NS}line"):
            words = [w for w in line.iter(f"{_NS}word") if (w.text or "").strip()]
            if not words:
                continue
            boxes = [(float(w.get("xMin", 0)), float(w.get("xMax", 0))) for w in words]
            text = " ".join(w.text or "" for w in words)
            height = max(float(w.get("yMax", 0)) - float(w.get("yMin", 0)) for w in words)
            lines.append(
                PdfLine(number, boxes[0][0], max(b[1] for b in boxes), text, boxes, height)
            )
    return lines


def _printed(doc: Document, inlines: list[Inline]) -> str:
    # The PDF prints a call's number; a call to a missing note prints nothing.
    return "".join(
        (str(run.number) if run.number is not None and doc.note(run.number) else "")
        if run.type == "noteref"
        else run.text
        for run in inlines
    )


def _items(sub: SubList) -> list[list[Inline]]:
    found = []
    for item in sub.items:
        found.append(item.inlines)
        if item.sublist:
            found += _items(item.sublist)
    return found


def body_stream(doc: Document) -> tuple[str, list[Segment]]:
    """(squashed text of every judged block, in reading order; its segments)."""
    parts: list[str] = []
    segments: list[Segment] = []
    total = 0

    def add(text: str, segment: Segment) -> None:
        nonlocal total
        if squashed := squash(text):
            parts.append(squashed)
            total += len(squashed)
            segment.end = total
            segments.append(segment)

    for block in doc.blocks:
        if block.type == "paragraph":
            text = _printed(doc, block.inlines) if block.inlines else block.text
            add(text, Segment("paragraph", block.line, "paragraphs"))
        elif block.type == "list":
            top = SubList(block.ordered, block.start, block.items)
            for inlines in _items(top):
                add(_printed(doc, inlines), Segment("item", block.line, block.id))
        elif block.type == "table":
            for row in [*block.head, *block.rows]:
                for column, cell in enumerate(row):
                    add(_printed(doc, cell), Segment("cell", block.line, f"{block.id}/{column}"))
        elif block.type == "blockquote":
            for inlines in [*block.paragraphs, block.attribution]:
                add(_printed(doc, inlines), Segment("quote", block.line, block.id))
    return "".join(parts), segments


def _follow(stream: str, pos: int, text: str) -> tuple[int, int] | None:
    """(start, end) in the stream where the squashed line `text` continues it, or None."""
    candidates = [text]
    if text.endswith("-"):
        candidates.append(text[:-1])  # the renderer's hyphen at a break
    for cand in candidates:
        if cand and stream.startswith(cand, pos):
            return pos, pos + len(cand)
    for cand in candidates:
        if len(cand) >= RESYNC_MIN:
            found = stream.find(cand, pos, pos + RESYNC_WINDOW)
            if found >= 0:
                return found, found + len(cand)
    return None


def _without_marker(line: PdfLine) -> PdfLine | None:
    """The line without a leading list marker or attribution dash, or None."""
    first, _, rest = line.text.partition(" ")
    if not rest or not _MARKER.fullmatch(first):
        return None
    return PdfLine(line.page, line.words[1][0], line.x1, rest, line.words[1:])


def body_lines(lines: list[PdfLine], doc: Document) -> tuple[list[BodyLine], float]:
    """The PDF lines that set judged blocks, and the share of their text found."""
    stream, segments = body_stream(doc)
    ends = [s.end for s in segments]
    found: list[BodyLine] = []
    pos = covered = 0
    for line in lines:
        if pos >= len(stream):
            break
        text = squash(line.text)
        span = _follow(stream, pos, text) if text else None
        if span is None and (bare := _without_marker(line)) is not None:
            line, text = bare, squash(bare.text)
            span = _follow(stream, pos, text)
        if span is None:
            continue
        start, pos = span
        covered += pos - start
        index = bisect.bisect_left(ends, pos)
        if index < len(ends) and bisect.bisect_right(ends, start) == index:
            raw = line.text.rstrip()
            broken = raw.endswith(SOFT_HYPHEN) or (
                raw.endswith(("-", "\u2010")) and pos - start < len(text)
            )
            found.append(BodyLine(line, segments[index], pos == ends[index], broken))
    return found, (covered / len(stream) if stream else 1.0)


def _clip(text: str, limit: int = 60) -> str:
    text = text.replace(SOFT_HYPHEN, "-")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(body: BodyLine) -> str:
    what = {"paragraph": "the paragraph", "item": "the list", "cell": "the table",
            "quote": "the block quote"}[body.segment.kind]  # fmt: skip
    return f"page {body.line.page}: a line of {what} at line {body.segment.line} of the brief"


def _first_word(line: PdfLine) -> float:
    """Width of the line's first word, with anything glued to it (a note call's number)."""
    x0, x1 = line.words[0]
    for nx0, nx1 in line.words[1:]:
        if nx0 - x1 > 0.5:
            break
        x1 = nx1
    return x1 - x0


def short_line_problems(data: bytes, doc: Document) -> tuple[int, float, list[str]] | None:
    """(lines checked, share of the judged text found, problems); None without pdftotext."""
    lines = pdf_lines(data)
    if lines is None:
        return None
    found, coverage = body_lines(lines, doc)
    if not found:
        return 0, coverage, []
    justified = [b for b in found if b.segment.kind == "paragraph"]
    full = [b.line for b in justified if not b.last]
    free = [b.line for b in found if b.last or b.segment.kind != "paragraph"]
    free_gaps = [g for line in free for g in line.gaps if g >= MIN_GAP]
    if len(free_gaps) >= NATURAL_MIN_GAPS:
        natural = statistics.median(free_gaps)
    else:
        natural = NATURAL_SHARE * statistics.median(b.line.height for b in found)
    measure = statistics.median(line.x1 - line.x0 for line in full) if full else None
    # The column's right edge: from the justified lines, else the widest line.
    right = statistics.median(line.x1 for line in full) if full else max(b.line.x1 for b in found)
    group_right: dict[str, float] = {}
    for body in found:
        key = body.segment.group
        group_right[key] = max(group_right.get(key, 0.0), body.line.x1)

    problems: list[str] = []
    for i, body in enumerate(found):
        line = body.line
        following = found[i + 1] if i + 1 < len(found) else None
        if body.broken and not body.last and following and following.line.page > line.page:
            problems.append(
                f"{_where(body)} ends the page in a word broken across the page: "
                f"“{_clip(line.text)}” / “{_clip(following.line.text, 20)}”"
            )
        if line.x1 > right + OVERRUN:
            problems.append(
                f"{_where(body)} runs {line.x1 - right:.0f} pt past the right margin: "
                f"“{_clip(line.text)}”"
            )
            continue
        if body.last:
            continue
        if body.segment.kind == "paragraph" and measure:
            width = line.x1 - line.x0
            if width < MIN_FILL * measure:
                problems.append(
                    f"{_where(body)} fills {width / measure:.0%} of the measure: "
                    f"“{line.text}”; in a justified paragraph only the last line may be short"
                )
                continue
            gaps = [g for g in line.gaps if g >= MIN_GAP]
            if natural > 0 and len(gaps) >= LOOSE_MIN_GAPS:
                loose = statistics.median(gaps) / natural
                if loose > LOOSE_LIMIT:
                    problems.append(
                        f"{_where(body)} is loose: its word spaces are {loose:.1f} times the "
                        f"natural space (the house limit is {LOOSE_LIMIT:g}): "
                        f"“{_clip(line.text)}”"
                    )
        elif body.segment.kind != "paragraph" and following is not None:
            # Ragged text: short only if the next word would have fitted on this line.
            own = group_right[body.segment.group]
            nxt = following.line
            if following.segment is body.segment and nxt.page == line.page:
                room = own - line.x1 - natural
                if _first_word(nxt) < room - FIT_SLACK:
                    problems.append(
                        f"{_where(body)} stops {room:.0f} pt short of its own measure, "
                        f"though the next word “{nxt.text.split()[0]}” fits there: "
                        f"“{_clip(line.text)}”"
                    )
    return len(found), coverage, problems
