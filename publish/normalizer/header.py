"""Header facts at the head of the body, for every format: a date line and a byline.

A reader takes the facts its markup states; a Word file with no Title style, or a page
whose title was found only by the shared title rule, still has its byline and date as
the first paragraphs. This rule takes them from there, the same way for every format.
"""

from __future__ import annotations

from ..document import Author
from ..errors import InputError
from . import meta as metamod
from .dates import date_problem, parse_date
from .inlines import plain_text
from .raw import Explanation, RawBrief

# What templates and tools write as a file's author or title when nobody set one.
PLACEHOLDERS = {"python-docx", "microsoft office user", "microsoft word", "administrator",
                "admin", "user", "author", "unknown", "owner", "windows user", "pandoc",
                "untitled", "document", "untitled document"}  # fmt: skip
MAX_FACTS = 4  # a header holds a few facts; a longer run of short lines is the body


def real_value(text: str) -> bool:
    """Is a file property a fact the author set, not a template's placeholder?"""
    return text.strip().casefold() not in PLACEHOLDERS


def leading_facts(raw: RawBrief) -> None:
    """Take date lines and `By …` lines that open the body into the header."""
    taken = 0
    while raw.blocks and raw.blocks[0].type == "paragraph" and taken < MAX_FACTS:
        block = raw.blocks[0]
        text = plain_text(block.inlines).strip()
        if problem := date_problem(text):
            raise InputError(f"impossible date “{text}”: {problem}", path=raw.name,
                             line=block.line or None)  # fmt: skip
        if (iso := parse_date(text)) is not None:
            if raw.date is None:
                raw.date, raw.date_line = iso, block.line
            why = f"shared header rule: a date alone in the first paragraphs: {iso}"
            raw.explanations.append(Explanation(block.line, block.line, "date", why))
        elif (names := _byline(text)) is not None:
            if not raw.authors or all(isinstance(a, str) for a in raw.authors):
                raw.authors = list(names)
            else:
                raw.authors = [*raw.authors, *(n for n in names if isinstance(n, Author))]
            why = "shared header rule: a byline in the first paragraphs"
            raw.explanations.append(Explanation(block.line, block.line, "authors", why))
        else:
            break
        del raw.blocks[0]
        taken += 1


def _byline(text: str) -> list[Author] | None:
    """`By …`, or names each with their role (`Maria Keller, Research Fellow`): the form a
    Word or Google Docs user types under the title. A sentence is never a byline."""
    if labelled := metamod.parse_byline(text, labelled=True):
        return labelled
    if len(text.split()) > 16 or text.rstrip().endswith((".", "!", "?", ":", ";")):
        return None
    return metamod.parse_byline(text)
