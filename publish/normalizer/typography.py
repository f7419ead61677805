"""Character-level clean-up that keeps the author's typography.

Curly quotes, dashes, ellipses and every letter are kept as they are. Only spacing is
repaired: a non-breaking space survives where it binds digits (`790 000`), elsewhere it
is a paste artefact and becomes an ordinary space.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
_NBSP_NOT_BETWEEN_DIGITS = re.compile(r"(?<!\d)\u00a0|\u00a0(?!\d)")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")


def clean_spaces(text: str) -> str:
    text = _NBSP_NOT_BETWEEN_DIGITS.sub(" ", text.replace("\t", " "))
    # Collapse runs of spaces, but keep a digit-binding NBSP rather than a plain space.
    text = _SPACES.sub(lambda m: NBSP if NBSP in m.group() and m.group().strip(" ") else " ", text)
    return text.strip(" \u00a0")


OPEN_DQ, CLOSE_DQ = "\u201c", "\u201d"
_SEGMENT_BREAK = re.compile(r"[;]\s+")


def repair_double_quotes(text: str) -> tuple[str, str | None]:
    """Put back an opening “ that a paste lost before a closing ”.

    Returns the repaired text and a description of the repair, or None when the quotes
    balance. The missing mark goes at the start of the citation segment (the note start,
    or just after a `;` separating citations), which is where a quoted title begins.
    """
    depth = 0
    seg_start = 0
    for i, ch in enumerate(text):
        if ch == ";" and depth == 0:
            j = i + 1
            while j < len(text) and text[j] == " ":
                j += 1
            seg_start = j
        elif ch == OPEN_DQ:
            depth += 1
        elif ch == CLOSE_DQ:
            if depth == 0:
                fixed = text[:seg_start] + OPEN_DQ + text[seg_start:]
                snippet = text[seg_start : seg_start + 30].rstrip()
                rest, _ = repair_double_quotes(fixed)
                return rest, f"inserted a missing opening quotation mark before “{snippet}…”"
            depth -= 1
    return text, None


def unbalanced_opening(text: str) -> bool:
    return text.count(OPEN_DQ) > text.count(CLOSE_DQ)
