"""The colophon's material in any format: the disclaimer, copyright and licence notices."""

from __future__ import annotations

import re

# A paragraph that opens the colophon: `Disclaimer:`, `© 2025 …`, `Licence: …`, `ISSN …`.
# (`©` is no word character, so it takes no `\b`: "© 2025 The Institute" is a notice.)
COLOPHON_LABEL = re.compile(
    r"^(?:(?:disclaimer|legal notice|imprint|copyright|licen[cs]e|issn|isbn)\b|©|\(c\)(?=\s))"
    r"\s*:?\s*",
    re.IGNORECASE,
)
# A licence stated in a sentence: "This work is licensed under a Creative Commons …".
LICENCE = re.compile(
    r"\blicen[cs]ed under\b|\bcreative commons\b|\bCC BY(?:-[A-Z]{2})*\b|"
    r"\ball rights reserved\b",
    re.IGNORECASE,
)
# Generic disclaimer wording ("the views expressed are the authors' own").
DISCLAIMER_HINT = re.compile(
    r"\b(?:views|opinions)\b.{0,160}?\b(?:own|authors?|author\(s\)|writers?)\b"
    r"|\bdo(?:es)? not (?:necessarily )?(?:reflect|represent)\b",
    re.IGNORECASE | re.DOTALL,
)
DISCLAIMER_LABEL = re.compile(r"^disclaimer\s*:\s*", re.IGNORECASE)


def notice_kind(text: str) -> str | None:
    """ "disclaimer" for a `Disclaimer:` paragraph, "notice" for ©/licence/ISSN lines."""
    label = COLOPHON_LABEL.match(text)
    if label and label.group(0).strip(" :").lower() == "disclaimer":
        return "disclaimer"
    if label or (LICENCE.search(text) and len(text.split()) <= 60):
        return "notice"
    return None
