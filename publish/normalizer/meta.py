"""Metadata found in raw text: dates, series lines, brief numbers, publisher names, slugs."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

_DATE_FORMATS = ("%B %d, %Y", "%B %d %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%Y-%m-%d",
                 "%d %B, %Y", "%b. %d, %Y")  # fmt: skip
_MONTH_FORMATS = ("%B %Y", "%b %Y")


def parse_date(text: str) -> str | None:
    """ISO 8601 for a line that is only a date (English month names), else None."""
    candidate = re.sub(r"\s+", " ", text.strip().rstrip("."))
    candidate = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", candidate)
    if len(candidate) > 30:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(candidate, fmt).date().isoformat()
        except ValueError:
            continue
    for fmt in _MONTH_FORMATS:
        try:
            return datetime.strptime(candidate, fmt).strftime("%Y-%m")
        except ValueError:
            continue
    return None


# "Download and read as a PDF: Brief 3. …": a web-only line that still carries the number.
_PDF_LINE = re.compile(r"\b(pdf|download)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b(?:brief|no\.?|number|issue|paper|report|vol\.?|#)\s*(\d{1,4})\b",
                     re.IGNORECASE)  # fmt: skip


def web_only_number(text: str) -> tuple[bool, int | None]:
    """(is a download/PDF line, the brief number it names)."""
    if len(text) > 200 or not _PDF_LINE.search(text):
        return False, None
    match = _NUMBER.search(text)
    return True, int(match.group(1)) if match else None


_AUTHOR_LINE = re.compile(r"^(?:by|authors?:|written by)\s+(.+)$", re.IGNORECASE)


def authors_from(text: str) -> list[str] | None:
    match = _AUTHOR_LINE.match(text.strip())
    if not match or len(text) > 200:
        return None
    names = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", match.group(1).strip().rstrip("."))
    return [n.strip() for n in names if n.strip()]


def split_series(line: str) -> tuple[str | None, str]:
    """`Series: Title` → (series, title). A colon after more than six words is a subtitle."""
    head, sep, tail = line.partition(": ")
    if sep and tail.strip() and len(head.split()) <= 6:
        return head.strip(), tail.strip()
    return None, line.strip()


_CAP = r"(?:[A-Z][\w’'&.-]*)"
_JOIN = r"(?:of|for|and|on|the|in|de|du|für|&)"
_ORG = re.compile(rf"{_CAP}(?:\s+(?:{_JOIN}\s+)*{_CAP})+")


def organisation_in(text: str) -> str | None:
    """The longest run of capitalised words (joined by of/for/and…): a publisher's name."""
    best = None
    for match in _ORG.finditer(text):
        name = re.sub(r"^(?:The|A|An)\s+", "", match.group(0)).strip().rstrip(".,;:")
        if len(re.findall(_CAP, name)) < 2:
            continue
        if best is None or len(name) > len(best):
            best = name
    return best


# Letters that NFKD does not decompose into an ASCII base letter.
_TRANSLITERATE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                                "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                "þ": "th", "Þ": "Th", "ı": "i"})  # fmt: skip


def slugify(text: str, limit: int = 60) -> str:
    text = text.translate(_TRANSLITERATE)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "brief"
