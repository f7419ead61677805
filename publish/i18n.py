"""Message catalogues and locale data: gettext .po files read with Babel, CLDR through Babel.

- Catalogues live in publish/locales/<lang>/LC_MESSAGES/publish.po, one per language, with
  `msgctxt` = the label's key in publish/label_texts.py and `msgid` = its English text.
- They are compiled to .mo in memory when first used (Babel's `write_mo`), so a translator adds
  a language by dropping in a .po file: no build step, no code change.
- Dates, numbers and list joins come from CLDR through Babel; quotation marks from CLDR's
  delimiters (Babel does not carry them), vendored in publish/locales/cldr-delimiters.json.
"""

from __future__ import annotations

import gettext
import io
import json
import re
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "publish"
# Right-to-left scripts (ISO 15924) and the languages whose default script is one of them.
RTL_SCRIPTS = {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"}
RTL_LANGUAGES = {"ar", "fa", "he", "iw", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "ku-Arab"}


def parts(tag: str | None) -> list[str]:
    """BCP 47 tag → catalogue names to try, most specific first: de-AT → [de_AT, de]."""
    tag = (tag or "").strip().replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", tag):
        return []
    bits = tag.split("-")
    lang = bits[0].lower()
    out = []
    for bit in bits[1:]:
        if len(bit) == 2 and bit.isalpha():
            out.append(f"{lang}_{bit.upper()}")
    return [*out, lang]


def available() -> list[str]:
    """Languages that ship a catalogue (directory names under publish/locales)."""
    # Every label asked for globbed the folder (120 times a brief, 30 ms); now only a change
    # of the folder (a translator's new language, in a long-lived preview) globs it again.
    return list(_shipped(str(LOCALES_DIR), LOCALES_DIR.stat().st_mtime_ns))


@lru_cache(maxsize=4)
def _shipped(folder: str, _mtime_ns: int) -> tuple[str, ...]:
    found = Path(folder).glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    return tuple(sorted(p.parent.parent.name for p in found))


def catalogue_name(tag: str | None) -> str | None:
    """The catalogue used for `tag` (de-AT → de), or None when English falls in for it."""
    have = set(available())
    return next((name for name in parts(tag) if name in have), None)


@lru_cache(maxsize=64)
def translations(name: str | None) -> gettext.NullTranslations:
    """The compiled catalogue `name`; NullTranslations (English msgids) when there is none."""
    if not name:
        return gettext.NullTranslations()
    path = LOCALES_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=name, domain=DOMAIN)
    buffer = io.BytesIO()
    # Fuzzy entries are left out, as msgfmt does: an unchecked guess prints English instead.
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=64)
def locale(tag: str | None) -> Locale:
    """The CLDR locale for `tag`; English (GB style dates) when Babel does not know it.

    A bare `en` gets en_GB's "16 June 2025": day month year reads unambiguously in every
    English variety, as the tool always printed; en-US asks for "June 16, 2025".
    """
    for name in parts(tag):
        if name == "en":
            name = "en_GB"
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en_GB")


@lru_cache(maxsize=1)
def _delimiters() -> dict[str, list[str]]:
    data = json.loads((LOCALES_DIR / "cldr-delimiters.json").read_text(encoding="utf-8"))
    return data["delimiters"]


def quotation_marks(tag: str | None) -> tuple[str, str]:
    """CLDR's (quotationStart, quotationEnd) for `tag`, English's when CLDR has none."""
    table = _delimiters()
    for name in parts(tag):
        key = name.replace("_", "-")
        if key in table:
            return table[key][0], table[key][1]
    return table["en"][0], table["en"][1]


def is_rtl(tag: str | None) -> bool:
    """True for a language written right to left (ar, he, fa, ur…, or an Arab/Hebr subtag)."""
    tag = (tag or "").strip()
    bits = tag.replace("_", "-").split("-")
    if any(b.title() in RTL_SCRIPTS for b in bits[1:]):
        return True
    return bits[0].lower() in RTL_LANGUAGES


def hyphenation_dictionary(tag: str | None) -> str | None:
    """The Pyphen dictionary WeasyPrint will use for `tag`, or None when there is none."""
    import pyphen

    name = (tag or "").strip().replace("-", "_")
    return pyphen.language_fallback(name) if name else None


def language_notes(tag: str | None) -> list[str]:
    """Info lines for a brief's language: English labels, no hyphenation dictionary."""
    notes = []
    lang = (tag or "").strip() or "und"
    if catalogue_name(tag) is None and parts(tag)[-1:] != ["en"]:
        shipped = ", ".join(available())
        notes.append(
            f"no label catalogue for language “{lang}”: the labels the tool adds are in English"
            f" (catalogues: {shipped}; see docs/LANGUAGES.md, “Adding a language”)"
        )
    if hyphenation_dictionary(tag) is None:
        notes.append(
            f"no hyphenation dictionary for language “{lang}”: "
            "the PDFs are set ragged-right, without hyphenation"
        )
    return notes


# --- maintaining the catalogues (`make catalogues`, i.e. `python -m publish.i18n`) -------------


def template():  # noqa: ANN201 - babel Catalog
    """The catalogue template: every label of publish/label_texts.py, keyed by msgctxt."""
    from babel.messages.catalog import Catalog

    from .label_texts import LABELS

    catalog = Catalog(domain=DOMAIN, project="publish", charset="utf-8", fuzzy=False)
    for key, text in LABELS.items():
        catalog.add(text, context=key, auto_comments=[f"labels.py: {key}"])
    return catalog


def update_catalogues() -> list[Path]:
    """Rewrite publish.pot and add new labels (untranslated) to every .po; returns the files.

    A label whose English text changed is marked fuzzy, so English prints until a translator
    checks it. Nothing is machine-translated.
    """
    from babel.messages.pofile import write_po

    pot = template()
    written = [LOCALES_DIR / f"{DOMAIN}.pot"]
    with written[0].open("wb") as handle:
        write_po(handle, pot, omit_header=False, sort_output=False)
    for name in available():
        path = LOCALES_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=name, domain=DOMAIN)
        catalog.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, ignore_obsolete=True)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in update_catalogues():
        print(written_path)
