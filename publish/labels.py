"""Words both editions print from metadata: the date as read, the series label.

Shared so that the EPUB, its cover and the PDFs can never disagree.
"""

from __future__ import annotations

from datetime import date

from .document import Author, Document

# Month names spelt out here, not by strftime, which follows the machine's locale.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def display_date(iso: str | None) -> str:
    """'16 June 2025' from '2025-06-16', 'June 2025' from '2025-06'; else as given.

    Day month year reads unambiguously in every English variety.
    """
    if not iso:
        return ""
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        parts = iso.split("-")
        if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return iso
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def series_label(doc: Document) -> str:
    """'Hague Summit Series · No. 3', or whichever half the brief has."""
    m = doc.meta
    if m.series and m.number is not None:
        return f"{m.series} · No. {m.number}"
    if m.series:
        return m.series
    return f"No. {m.number}" if m.number is not None else ""


# Between an author's name and role: "Ann Lee, Senior Fellow".
ROLE_SEPARATOR = ", "


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def author_credit(author: Author) -> str:
    """'Ann Lee, Senior Fellow', or the name alone."""
    return f"{author.name}{ROLE_SEPARATOR}{author.role}" if author.role else author.name


def authors_label(authors: list[Author]) -> str:
    return "Author" if len(authors) == 1 else "Authors"


def imprint(doc: Document) -> list[tuple[str, str, str]]:
    """The colophon's facts as (key, label, plain text), in one order for both editions.

    Backends escape the text and may mark it up by key (a link for `website`, a `<time>`
    for `date`), so that a field added here reaches every edition.
    """
    m = doc.meta
    authors = [a for a in m.authors if a.name.strip()]
    facts = [
        ("authors", authors_label(authors), "; ".join(author_credit(a) for a in authors)),
        ("series", "Series", series_label(doc)),
        ("publisher", "Publisher", m.publisher or ""),
        ("address", "Address", m.address or ""),
        ("website", "Website", m.website or ""),
        ("date", "Published", display_date(m.date)),
        ("issn", "ISSN", m.issn or ""),
        ("licence", "Licence", m.licence or ""),
    ]
    return [fact for fact in facts if fact[2]]


def font_credit(credits: list[str], licence_files: list[str]) -> str:
    """The colophon's font line: who made the typefaces and where their licences are."""
    names = " and ".join(credits)
    files = " and ".join(licence_files)
    return (
        f"Set in {names}, used under the SIL Open Font License 1.1 or the licence included "
        f"in this book ({files})."
        if any(not f.startswith("fonts/OFL") for f in licence_files)
        else f"Set in {names}, used under the SIL Open Font License 1.1 "
        f"(the licence is included in this book as {files})."
    )


def logo_alt(doc: Document) -> str:
    """The text alternative of the house logo."""
    return f"{doc.meta.publisher} logo" if doc.meta.publisher else "Publisher’s logo"
