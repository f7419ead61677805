"""Typographic check on a rendered PDF: no short line inside a justified paragraph, and no
body line running past the right margin.

In a justified paragraph every line but the last reaches the right margin. A line that
stops well short of it is a fault a reader sees at once: a word fragment alone on a line
(`las-`, issue 10), a word pushed down by something the line breaker got wrong, or a line
ended by a word too long to fit.

How lines are told apart, using the PDF's own words and positions (`pdftotext
-bbox-layout`) and the Document:

- the body paragraphs' text (with the note-call numbers the PDF prints) is one stream;
  each PDF line whose text continues that stream is a body line, so the title block,
  headings, running heads, footnotes, pull quotes, endnotes and the colophon, which do not
  continue it, are never judged;
- a line that ends where its paragraph ends is the paragraph's last line, free to be short;
- a line hyphenated by the renderer ends in a hyphen that the stream does not have;
- the measure is the median width of the lines that do not end a paragraph: justified,
  nearly all of them span it, and one line overflowing the margin cannot move it.

Each finding names the page, the brief's line of the paragraph, and the text of the line.
"""

from __future__ import annotations

import bisect
import shutil
import statistics
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..document import Document
from .textmatch import squash

# A body line that is not its paragraph's last must span at least this share of the measure.
MIN_FILL = 0.6
# No body line may end further than this (pt) past the right edge of the text column.
OVERRUN = 2.0
RESYNC_WINDOW = 4000  # squashed characters searched ahead when a line does not follow on
RESYNC_MIN = 12  # a line this long (squashed) is distinctive enough to resynchronise on
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass
class PdfLine:
    page: int  # 1-based
    x0: float
    x1: float
    text: str


@dataclass
class BodyLine:
    line: PdfLine
    block: int  # index into the body paragraphs
    last: bool  # ends its paragraph


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
            x0 = min(float(w.get("xMin", 0)) for w in words)
            x1 = max(float(w.get("xMax", 0)) for w in words)
            lines.append(PdfLine(number, x0, x1, " ".join(w.text or "" for w in words)))
    return lines


def body_stream(doc: Document) -> tuple[str, list[int], list[int]]:
    """(squashed text of all body paragraphs, each paragraph's end offset, its brief line)."""
    parts: list[str] = []
    ends: list[int] = []
    lines: list[int] = []
    total = 0
    for block in doc.paragraphs():
        text = []
        for run in block.inlines or []:
            if run.type == "noteref":
                # The PDF prints the call's number; a call to a missing note prints nothing.
                if run.number is not None and doc.note(run.number) is not None:
                    text.append(str(run.number))
            else:
                text.append(run.text)
        squashed = squash("".join(text) if block.inlines else block.text)
        if not squashed:
            continue
        parts.append(squashed)
        total += len(squashed)
        ends.append(total)
        lines.append(block.line)
    return "".join(parts), ends, lines


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


def body_lines(lines: list[PdfLine], doc: Document) -> tuple[list[BodyLine], float]:
    """The PDF lines that set body paragraphs, and the share of the body text found."""
    stream, ends, _ = body_stream(doc)
    found: list[BodyLine] = []
    pos = covered = 0
    for line in lines:
        text = squash(line.text)
        if not text or pos >= len(stream):
            continue
        span = _follow(stream, pos, text)
        if span is None:
            continue
        start, pos = span
        covered += pos - start
        block = bisect.bisect_left(ends, pos)
        if block < len(ends) and bisect.bisect_right(ends, start) == block:
            found.append(BodyLine(line, block, pos == ends[block]))
    return found, (covered / len(stream) if stream else 1.0)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_line_problems(data: bytes, doc: Document) -> tuple[int, float, list[str]] | None:
    """(body lines checked, share of body text found, problems); None without pdftotext."""
    lines = pdf_lines(data)
    if lines is None:
        return None
    found, coverage = body_lines(lines, doc)
    if not found:
        return 0, coverage, []
    _, _, brief_lines = body_stream(doc)
    full = [b.line for b in found if not b.last]
    if not full:
        return len(found), coverage, []
    measure = statistics.median(line.x1 - line.x0 for line in full)
    right = statistics.median(line.x1 for line in full)  # the column's right edge
    problems = []
    for body in found:
        width = body.line.x1 - body.line.x0
        if body.line.x1 > right + OVERRUN:
            problems.append(
                f"page {body.line.page}: a line of the paragraph at line "
                f"{brief_lines[body.block]} of the brief runs {body.line.x1 - right:.0f} pt "
                f"past the right margin: “{_clip(body.line.text)}”"
            )
            continue
        if body.last or width >= MIN_FILL * measure:
            continue
        problems.append(
            f"page {body.line.page}: a line of the paragraph at line "
            f"{brief_lines[body.block]} of the brief fills {width / measure:.0%} of the "
            f"measure: “{body.line.text}”; in a justified paragraph only the last line may "
            "be short"
        )
    return len(found), coverage, problems
