"""Standard identifiers of a brief: ISBN per edition, ISSN of the series, DOI.

Checked with python-stdnum when read (a wrong check digit is an input error with the line),
and stored in one canonical form so that every output writes the same text: ISBNs as
hyphenated ISBN-13, the ISSN as NNNN-NNNC, the DOI bare (`10.1234/abc`, no resolver).
"""

from __future__ import annotations

import re
from typing import Any

from stdnum import isbn as _isbn
from stdnum import issn as _issn
from stdnum.exceptions import InvalidChecksum, ValidationError

# Editions that may carry their own ISBN, and the Meta field of each (ISBNs are per format:
# an agency assigns the EPUB, the screen PDF and the print edition one each).
ISBN_FIELDS = {"epub": "isbn", "screen": "isbn_pdf", "print": "isbn_print"}

# Crossref's pattern for the DOIs it has registered since 2000 (a DOI has no check digit,
# so its form is all that can be checked offline).
_DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:a-z0-9<>\[\]]+$", re.IGNORECASE)
_RESOLVER = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI_RESOLVER = "https://doi.org/"


def _reason(exc: ValidationError) -> str:
    if isinstance(exc, InvalidChecksum):
        return "its check digit is wrong"
    return str(exc).rstrip(".").lower()


def check_isbn(value: Any) -> str:
    """A valid ISBN as hyphenated ISBN-13 (`978-0-306-40615-7`); TypeError says why not."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # written without hyphens, YAML and TOML read a number
    if not isinstance(value, str) or not value.strip():
        raise TypeError("an ISBN such as 978-0-306-40615-7")
    try:
        _isbn.validate(value)
    except ValidationError as exc:
        raise TypeError(f"a valid ISBN (“{value.strip()}”: {_reason(exc)})") from None
    return _isbn.format(value, convert=True)


def check_issn(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("an ISSN such as 0378-5955")
    try:
        _issn.validate(value)
    except ValidationError as exc:
        raise TypeError(f"a valid ISSN (“{value.strip()}”: {_reason(exc)})") from None
    return _issn.format(value)


def check_doi(value: Any) -> str:
    """A DOI, bare: `doi:` and `https://doi.org/` are taken off."""
    if not isinstance(value, str) or not value.strip():
        raise TypeError("a DOI such as 10.1234/abc-7")
    text = _RESOLVER.sub("", value.strip())
    if not _DOI.match(text):
        raise TypeError(f"a DOI such as 10.1234/abc-7 (“{value.strip()}” is not one)")
    return text


def doi_url(doi: str) -> str:
    """The DOI as the link a reader follows (DOI Foundation's display guideline)."""
    return DOI_RESOLVER + doi


def isbn_compact(value: str) -> str:
    return _isbn.compact(value)


def isbn_urn(value: str) -> str:
    """`urn:isbn:9780306406157` for a dc:identifier (RFC 3187)."""
    return "urn:isbn:" + _isbn.compact(value)


def issn_urn(value: str) -> str:
    return "urn:issn:" + value


def edition_isbns(meta: Any) -> dict[str, str]:
    """Edition → ISBN, for the editions that have one (`epub`, `screen`, `print`)."""
    found = {edition: getattr(meta, name, None) for edition, name in ISBN_FIELDS.items()}
    return {edition: value for edition, value in found.items() if value}
