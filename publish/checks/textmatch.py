"""Text compared between a Document and a PDF's text layer, for every PDF check.

Its own module, below both publish.checks.pdfcheck and publish.checks.typography, which
each compare text this way: neither imports the other (issue 23: no import cycles).
"""

from __future__ import annotations

import re
import unicodedata

NOTE_PREFIX = 40  # characters of a note's text looked for on its call's page
_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None}
)
_SPACE = re.compile(r"\s+")

# Right-to-left text read back from a PDF: the extractor adds bidi controls, writes the two
# letters of a lam-alef ligature in either order and gives mirrored brackets as their twins.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
_LAM_ALEF = re.compile("[\u0644\u0627\u0623\u0625\u0622]")
_MIRRORED = str.maketrans("()[]{}", "((((((")


RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_WORDS = re.compile(r"[^\W_]+")


def has_words(page: str, snippet: str) -> bool:
    """Every whole word of `snippet` is on `page`, in any order.

    For right-to-left text: a PDF extractor rebuilds the order of mixed-direction runs (an
    English title or a year in an Arabic note) by its own rules, so a substring test fails
    on correct pages. The snippet's last word may be cut, so it is left out.
    """
    want = [squash(w) for w in _WORDS.findall(snippet)]
    if len(snippet) >= NOTE_PREFIX and len(want) > 1:
        want = want[:-1]
    have = {squash(w) for w in _WORDS.findall(page)}
    return all(w in have for w in want if w)


def squash(text: str) -> str:
    """Text reduced for comparison: NFKC (ligatures apart), hyphens unified, no whitespace.

    Arabic lam and alef letters are dropped and brackets made one, on both sides of every
    comparison, because their order in a PDF's text layer is not reliable (see above).
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    text = _BIDI_CONTROLS.sub("", text)
    text = _LAM_ALEF.sub("", text).translate(_MIRRORED)
    return _SPACE.sub("", text)
