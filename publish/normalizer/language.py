"""The language of a brief: declared, else identified from the text.

A language declared by the house profile, a sidecar or front matter always wins; the text
can only add a warning that it looks like another language. When nothing is declared, the
language is identified by CLD2 (Google's Compact Language Detector 2, through pycld2; its
tables are compiled into the extension, so it runs offline and loads in milliseconds).
Only text identified as English gets an English tag, and only then does its spelling
refine it to en-GB or en-US (`detect_language`).
"""

from __future__ import annotations

import re
import unicodedata

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


# Below this many letters the detector is guessing.
MIN_LETTERS = 20
# CLD2's share of the text in its top language, in per cent; below it the text is mixed.
MIN_SHARE = 60

# The names used in diagnostics for the languages briefs are most often written in.
NAMES = {
    "ar": "Arabic", "cs": "Czech", "da": "Danish", "de": "German", "en": "English",
    "es": "Spanish", "et": "Estonian", "fi": "Finnish", "fr": "French", "hu": "Hungarian",
    "it": "Italian", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sv": "Swedish", "uk": "Ukrainian",
}  # fmt: skip


# CLD2 still says the codes ISO 639 withdrew; BCP 47 wants the current ones.
_CURRENT = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


class _Printable(dict[int, int]):
    """A str.translate table that maps each character CLD2 rejects to a space: control
    characters ("invalid UTF-8"), surrogates (cannot be encoded), private and unassigned
    ones. Filled as characters are met, so that translate runs in C for the rest."""

    def __missing__(self, code: int) -> int:
        bad = unicodedata.category(chr(code)) in ("Cc", "Cs", "Co", "Cn")
        self[code] = 32 if bad else code
        return self[code]


_PRINTABLE = _Printable()


def _printable(text: str) -> str:
    return text.translate(_PRINTABLE)


def _too_short(text: str) -> bool:
    """Fewer than MIN_LETTERS letters (counting stops there: the text may be long)."""
    letters = 0
    for ch in text:
        letters += ch.isalpha()
        if letters >= MIN_LETTERS:
            return False
    return True


def identify_language(text: str) -> tuple[str | None, int]:
    """(ISO 639 code, CLD2's share of the text in per cent), or (None, …) when unsure."""
    if _too_short(text):
        return None, 0
    import pycld2  # only when a brief declares no language

    try:
        reliable, _, details = pycld2.detect(_printable(text))
    except (pycld2.error, ValueError):
        return None, 0
    _, code, share, _ = details[0]
    if not reliable or share < MIN_SHARE or code in ("un", "xxx"):
        return None, share
    code = code.split("-")[0]  # CLD2 may say zh-Hant: the language is enough here
    return _CURRENT.get(code, code), share


def language_name(tag: str) -> str:
    primary = tag.split("-")[0].lower()
    return NAMES.get(primary, f"'{tag}'")


def resolve_language(
    text: str, declared: str | None, declared_by: str | None
) -> tuple[str, tuple[str, str] | None]:
    """(the brief's language tag, a (level, message) diagnostic or None).

    `declared` (with the layer that declared it) is kept whatever the text looks like.
    Otherwise the text is identified; English is refined by spelling, anything unsure is
    `und` (undetermined), never a default English. Too little text to tell is only an
    info (a snippet, a test); enough text that still cannot be told is a warning.
    """
    found, _ = identify_language(text)
    if declared:
        primary = declared.split("-")[0].lower()
        if found and found != primary:
            return declared, (
                "warning",
                f"language: {declared_by} declares '{declared}', but the text looks "
                f"{language_name(found)} ('{found}'); keeping '{declared}'",
            )
        return declared, None
    if found is None:
        short = _too_short(text)
        why = "too little text to tell its language" if short else "cannot tell the language"
        return "und", (
            "info" if short else "warning",
            f"language: {why}; declare it (front matter or sidecar `language: en-GB`); "
            "tagged 'und'",
        )
    if found == "en":
        return detect_language(text)[0], None
    return found, None
