"""The title rules every reader shares: series designations, and where a title comes from.

A title with a colon is split into series and title only when the left part names a
series: it ends in a series word ("Hague Summit Series", "Working Papers", "Policy
Brief"), carries a number ("No. 7", "Nr 3", "Vol. 2", "12"), or is a series the house
profile lists. "Brexit: The Long Goodbye" keeps its colon.

A brief is never refused for want of a title. After the metadata (front matter, the
file's own properties, the page's head, a Title style or `h1`), the title is the first
block when it is a top-level heading, else a short first paragraph, else the file's name;
each of those is said in a warning naming where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .inlines import plain_text
from .raw import Explanation, RawBrief

# The word a series' name ends in, in the briefs' languages.
_SERIES_WORD = re.compile(
    r"(?:series|serie|série|seeria|sarja|serija|sērija|seria|reihe|schriftenreihe|"
    r"papers?|briefs?|briefing|reports?|notes?|commentar(?:y|ies)|insights?|analys[ie]s|"
    r"perspectives?|studies|spotlight|explainer|dossier|policy|working paper|"
    r"papiere?|kommentar|analyse|raport|komentarz|aruanne|analüüs|katsaus|selvitys)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?:\b(?:no|nr|vol|number|issue|nº|n°)\.?\s*|#\s*)\d|\b\d{1,4}\b", re.I)
# `Policy Brief No. 7`, `Working Paper #12`, `Analüüs nr 3`: the series and the brief's number.
SERIES_AND_NUMBER = re.compile(
    r"^(.*?\w)[\s,·–-]*(?:No\.?|Nr\.?|Number|#|nº|n°)\s*(\d{1,4})$", re.IGNORECASE
)
MAX_SERIES_WORDS = 8
SHORT_TITLE_WORDS = 20
_TERMINAL = re.compile(r"[.!;:…][”’\"')\]]*$")

Report = Callable[[str, int, str], None]


def is_series_designation(text: str, known: Iterable[str] = ()) -> bool:
    """Does `text` (the part before a title's colon) name a series?"""
    text = " ".join(text.split())
    if not text or len(text.split()) > MAX_SERIES_WORDS:
        return False
    if text.casefold() in {k.casefold() for k in known}:
        return True
    # A number alone ("2025: The year …") is no series; "Brief 12" and "No. 7" are.
    lettered = any(c.isalpha() for c in text)
    return bool(_SERIES_WORD.search(text) or lettered and _NUMBERED.search(text))


def split_series(title: str, known: Iterable[str] = ()) -> tuple[str | None, str]:
    """`Series: Title` → (series, title) when the left part is a series designation."""
    head, sep, tail = title.partition(": ")
    if sep and tail.strip() and is_series_designation(head, known):
        return head.strip(), tail.strip()
    return None, title.strip()


def series_and_number(series: str) -> tuple[str, int | None]:
    """`Policy Brief No. 7` → ("Policy Brief", 7)."""
    if numbered := SERIES_AND_NUMBER.match(series.strip()):
        return numbered.group(1), int(numbered.group(2))
    return series, None


def title_from_name(name: str) -> str:
    """A title made from a file name: `energy-security_brief.docx` → "Energy security brief"."""
    words = " ".join(re.split(r"[-_.\s]+", Path(name).stem)).strip()
    return (words[:1].upper() + words[1:]) if words else "Untitled brief"


def fallback_title(raw: RawBrief, report: Report) -> None:
    """Give `raw` a title from its first block, or from its file name, and say so."""
    blocks = raw.blocks
    first = blocks[0] if blocks else None
    headings = [b.level for b in blocks if b.type == "heading" and b.level]
    if first is not None and first.type == "heading" and first.level == min(headings or [0]):
        text = plain_text(first.inlines).strip()
        if text:
            raw.title, raw.title_line = text, first.line
            del blocks[0]
            report("warning", first.line, f"no title given: took the first heading “{text}” "
                   "as the title (mark it: a Title style, `h1`, or `title:`)")  # fmt: skip
            _explain(raw, first.line, "shared title rule: the first heading, as no title was given")
            return
    if first is not None and first.type == "paragraph" and len(blocks) > 1:
        text = plain_text(first.inlines).strip()
        if text and len(text.split()) <= SHORT_TITLE_WORDS and not _TERMINAL.search(text):
            raw.title, raw.title_line = text, first.line
            del blocks[0]
            report("warning", first.line, f"no title given: took the short first paragraph "
                   f"“{text}” as the title (mark it as the title: a Title style, `h1`, or "
                   "`title:`)")  # fmt: skip
            _explain(raw, first.line, "shared title rule: a short first paragraph, no title given")
            return
    raw.title = title_from_name(raw.name)
    report("warning", 1, f"no title found: took “{raw.title}” from the file name (give one: "
           "a Title style, `h1`, `title:` in front matter or the sidecar)")  # fmt: skip


def _explain(raw: RawBrief, line: int, why: str) -> None:
    raw.explanations.append(Explanation(line, line, "title", why))
