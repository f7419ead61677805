"""Guess en-GB or en-US from spelling; `en` when the text does not say."""

from __future__ import annotations

import re

# Pairs that differ only by national spelling. Stems, matched at word starts.
GB_WORDS = re.compile(
    r"\b(defence|offence|centre|centred|theatre|colour|favour|behaviour|honour|"
    r"labour|neighbour|rumour|endeavour|catalogue|analyse|analysed|paralyse|travelled|travelling|"
    r"cancelled|modelling|grey|programme|licence|practise|judgement|ageing|manoeuvre|towards)\w*",
    re.IGNORECASE,
)
US_WORDS = re.compile(
    r"\b(defense|offense|center|centered|theater|color|favor|behavior|honor|labor|"
    r"neighbor|rumor|endeavor|analyze|analyzed|paralyze|traveled|traveling|canceled|modeling|"
    r"gray|judgment|aging|maneuver|toward)\b",
    re.IGNORECASE,
)
# -ise/-ize families; words that end in -ise in every spelling are excluded.
_ISE = re.compile(r"\b[a-z]{3,}i[sz](e|es|ed|ing|ation|ations|er|ers)\b", re.IGNORECASE)
_NEVER_IZE = {
    "advise", "advertise", "arise", "chastise", "comprise", "compromise", "concise", "demise",
    "despise", "devise", "disguise", "enterprise", "excise", "exercise", "expertise",
    "franchise", "improvise", "incise", "likewise", "merchandise", "otherwise", "paradise",
    "praise", "precise", "premise", "promise", "raise", "revise", "supervise", "surmise",
    "surprise", "televise", "treatise", "wise", "clockwise", "noise", "poise", "cruise",
    "bruise", "turquoise", "tortoise", "porpoise", "reprise", "mortise", "apprise", "size",
    "seize", "prize", "capsize", "maize", "baize", "citizen", "horizon",
}  # fmt: skip


def _ise_counts(text: str) -> tuple[int, int]:
    gb = us = 0
    for match in _ISE.finditer(text):
        word = match.group(0).lower()
        stem = re.sub(r"(es|ed|ing|ations?|ers?|e)$", "", word)  # back to the …is / …iz stem
        base = stem[:-2] + "ise"
        if base in _NEVER_IZE or stem[:-2] + "ize" in _NEVER_IZE or base.endswith("wise"):
            continue
        if stem.endswith("is"):
            gb += 1
        else:
            us += 1
    return gb, us


def detect_language(text: str) -> tuple[str, int, int]:
    """Return (tag, british evidence, american evidence) for body text."""
    gb_ise, us_ize = _ise_counts(text)
    gb = len(GB_WORDS.findall(text)) + gb_ise
    us = len(US_WORDS.findall(text)) + us_ize
    if gb > us:
        return "en-GB", gb, us
    if us > gb:
        return "en-US", gb, us
    return "en", gb, us
