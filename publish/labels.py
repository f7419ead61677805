"""Every word the tool adds to an edition, in the brief's language.

Shared so that the EPUB, its cover and the PDFs can never disagree.

- `LABELS` (publish/label_texts.py) maps a stable key to the English text. Adding a label is
  one line there plus one entry in each publish/locales/*/LC_MESSAGES/publish.po (msgctxt =
  the key, msgid = the English text). A catalogue without the entry prints the English text.
- `{name}` placeholders are filled with `str.format`; translations keep the same names.
- A brief may override any label with `labels = {key = "text"}` in its front matter or
  sidecar (a house's own word for "Notes").
- Dates, numbers and name lists are formatted from CLDR through Babel (publish.i18n).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from . import i18n
from .document import Author, Document
from .identifiers import doi_url, edition_isbns
from .label_texts import LABELS


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a label text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Labels:
    """The labels, dates and marks for one language (and one brief's overrides)."""

    language: str
    overrides: tuple[tuple[str, str], ...] = ()

    def __call__(self, key: str, **values: object) -> str:
        """The label `key` in this language, with `values` filled in."""
        english = LABELS[key]
        text = dict(self.overrides).get(key)
        if text is None:
            text = i18n.translations(i18n.catalogue_name(self.language)).pgettext(key, english)
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return english.format(**values)  # a broken translation never breaks a build

    # --- locale data (CLDR) ---------------------------------------------------------------
    @property
    def locale(self):  # noqa: ANN201 - babel.Locale
        return i18n.locale(self.language)

    @property
    def rtl(self) -> bool:
        return i18n.is_rtl(self.language)

    def date(self, iso: str | None) -> str:
        """'16 June 2025', '16. juuni 2025', '16 juin 2025'; a month alone as 'juuni 2025'."""
        if not iso:
            return ""
        try:
            return _spaces(format_date(date.fromisoformat(iso), "long", locale=self.locale))
        except ValueError:
            pass
        match = re.fullmatch(r"(\d{4})-(\d{2})", iso)
        if match and 1 <= int(match.group(2)) <= 12:
            month = date(int(match.group(1)), int(match.group(2)), 1)
            return _spaces(format_skeleton("yMMMM", month, locale=self.locale))
        return iso

    def number(self, value: int) -> str:
        """A whole number in the locale's digits and grouping."""
        return _spaces(format_decimal(value, locale=self.locale))

    def names(self, names: list[str]) -> str:
        """'A, B and C' with the locale's list pattern ('A, B ja C', 'A, B et C')."""
        return format_list(names, locale=self.locale) if names else ""

    def quotes(self) -> tuple[str, str]:
        """CLDR's quotation marks; French gets its no-break spaces inside the guillemets."""
        start, end = i18n.quotation_marks(self.language)
        if start == "«" and i18n.parts(self.language)[-1:] == ["fr"]:
            return start + "\u00a0", "\u00a0" + end
        return start, end


def _spaces(text: str) -> str:
    """CLDR's narrow no-break space (uk "2025 р.", fr "12 345") as a no-break space: the
    bundled faces have no glyph for U+202F, and a fallback face would show in the line."""
    return text.replace("\u202f", "\u00a0")


@lru_cache(maxsize=64)
def _labels(language: str, overrides: tuple[tuple[str, str], ...]) -> Labels:
    return Labels(language, overrides)


def labels_for(doc: Document) -> Labels:
    """The labels for `doc`: its language, with its own `labels` overrides."""
    overrides = tuple(sorted((getattr(doc.meta, "labels", None) or {}).items()))
    return _labels(doc.meta.language or "en", overrides)


def display_date(iso: str | None, language: str = "en") -> str:
    """'16 June 2025' from '2025-06-16', 'June 2025' from '2025-06'; else as given."""
    return Labels(language).date(iso)


def series_label(doc: Document) -> str:
    """'Hague Summit Series · No. 3' ('… · Nr 3' in Estonian), or whichever half it has."""
    m = doc.meta
    t = labels_for(doc)
    number = t("number", number=t.number(m.number)) if m.number is not None else ""
    return " · ".join(x for x in (m.series or "", number) if x)


# Between an author's name and role: "Ann Lee, Senior Fellow".
ROLE_SEPARATOR = ", "


def join_names(names: list[str], language: str = "en") -> str:
    """'A', 'A and B', 'A, B and C', with the language's list pattern ('A, B ja C')."""
    return Labels(language).names(names)


def author_credit(author: Author) -> str:
    """'Ann Lee, Senior Fellow', or the name alone."""
    return f"{author.name}{ROLE_SEPARATOR}{author.role}" if author.role else author.name


def authors_label(authors: list[Author], t: Labels) -> str:
    return t("author") if len(authors) == 1 else t("authors")


def imprint(doc: Document) -> list[tuple[str, str, str]]:
    """The colophon's facts as (key, label, plain text), in one order for both editions.

    Backends escape the text and may mark it up by key (a link for `website`, a `<time>`
    for `date`), so that a field added here reaches every edition.
    """
    m = doc.meta
    authors = [a for a in m.authors if a.name.strip()]
    t = labels_for(doc)
    facts = [
        ("authors", authors_label(authors, t), "; ".join(author_credit(a) for a in authors)),
        ("series", t("series"), series_label(doc)),
        ("publisher", t("publisher"), m.publisher or ""),
        ("address", t("address"), m.address or ""),
        ("website", t("website"), m.website or ""),
        ("date", t("published"), t.date(m.date)),
        ("issn", t("issn"), m.issn or ""),
        ("isbn", t("isbn"), isbn_line(doc)),
        ("doi", t("doi"), doi_url(m.doi) if m.doi else ""),
        ("licence", t("licence"), m.licence or ""),
    ]
    return [fact for fact in facts if fact[2]]


def isbn_line(doc: Document) -> str:
    """Every edition's ISBN, named ("978-… (EPUB); 978-… (Print PDF)"): an imprint page lists
    all the formats' numbers, so either edition says what the others are."""
    t = labels_for(doc)
    names = {"epub": "EPUB", "screen": t("screen_pdf"), "print": t("print_pdf")}
    isbns = edition_isbns(doc.meta)
    if len(isbns) == 1 and "epub" in isbns:
        return isbns["epub"]  # one ISBN, the EPUB's: no edition to tell apart
    return "; ".join(t("isbn_edition", isbn=v, edition=names[k]) for k, v in isbns.items())


def font_credit(t: Labels, credits: list[str], own_licence: bool = False) -> str:
    """The colophon's font line: the typefaces and their makers, and where the licences are.

    `own_licence`: a project font came with a licence of its own, not necessarily the OFL."""
    return t("font_credit_own" if own_licence else "font_credit", fonts=t.names(credits))


def logo_alt(doc: Document) -> str:
    """The text alternative of the house logo."""
    t = labels_for(doc)
    if doc.meta.publisher:
        return t("logo_alt", publisher=doc.meta.publisher)
    return t("logo_alt_plain")


def figure_label(t: Labels, number: int | None) -> str:
    """'Figure 1' ('Joonis 1'); with no number, 'Figure'."""
    return t("figure", number=t.number(number)) if number else t("figure_plain")


def table_label(t: Labels, number: int | None) -> str:
    return t("table", number=t.number(number)) if number else t("table_plain")
