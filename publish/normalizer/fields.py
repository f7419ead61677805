"""Publication metadata fields that editors may set: their types and checks.

One table serves the house profile (`publish.toml`), a brief's sidecar (`<name>.toml`)
and Markdown front matter, so the three accept the same keys and fail the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..document import Author
from ..errors import InputError
from ..identifiers import check_doi, check_isbn, check_issn
from .dates import date_problem, iso_problem, parse_date

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAPERS = ("a4", "a5", "letter")


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("a non-empty string")
    return value.strip()


def _pattern(regex: re.Pattern[str], what: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = _text(value)
        if not regex.match(text):
            raise TypeError(what)
        return text

    return check


def _date(value: Any) -> str:
    if isinstance(value, date):  # TOML dates arrive as datetime.date
        return value.isoformat()
    text = _text(value)
    if not _DATE.match(text):
        # "16 June 2025" (pandoc's and Hugo's front matter): any date the shared rule reads.
        if (read := parse_date(text)) is None:
            if problem := date_problem(text):
                raise TypeError(f"a real day ({problem}), such as 2025-06-16")
            raise TypeError("an ISO 8601 date such as 2025-06-16")
        text = read
    if problem := iso_problem(text):
        # 2025-14-03 matches the pattern, but no edition can carry it (the OPF's dc:date).
        raise TypeError(f"a real day ({problem}), such as 2025-06-16")
    return text


def _number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError("a whole number")
    return value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TypeError("a list of strings")
    return [v.strip() for v in value]


def _authors(value: Any) -> list[Author]:
    """Names (`"Ann Lee"`), or tables/maps with a role: `{name = "Ann Lee", role = "…"}`."""
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise TypeError("a list of names or of {name, role} entries")
    out: list[Author] = []
    for item in value:
        if isinstance(item, str) and item.strip():
            out.append(Author(item.strip()))
            continue
        if not isinstance(item, dict) or set(item) - {"name", "role"}:
            raise TypeError("a list of names or of {name, role} entries")
        name, role = item.get("name"), item.get("role")
        if not isinstance(name, str) or not name.strip():
            raise TypeError("a list of names or of {name, role} entries (each with a name)")
        if role is not None and not isinstance(role, str):
            raise TypeError("a list of names or of {name, role} entries (role is text)")
        out.append(Author(name.strip(), (role or "").strip() or None))
    return out


def _paper(value: Any) -> str:
    text = _text(value).lower()
    if text not in PAPERS:
        raise TypeError(f"one of {', '.join(PAPERS)}")
    return text


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def _website(value: Any) -> str:
    text = _text(value)
    if not text.lower().startswith(("https://", "http://")):
        raise TypeError("an http(s) address")
    return text


def _labels(value: Any) -> dict[str, str]:
    """Label overrides: known keys only, each keeping the English text's placeholders."""
    from ..labels import LABELS, placeholders

    if not isinstance(value, dict):
        raise TypeError('a table of label = text, e.g. labels = {notes = "Endnotes"}')
    clean: dict[str, str] = {}
    for key, text in value.items():
        if key not in LABELS:
            raise TypeError(f"a table of known labels; “{key}” is not one ({', '.join(LABELS)})")
        if not isinstance(text, str) or not text.strip():
            raise TypeError(f"a table of non-empty strings (“{key}” is not one)")
        want, have = placeholders(LABELS[key]), placeholders(text)
        if have - want:
            names = ", ".join("{" + n + "}" for n in sorted(have - want))
            raise TypeError(f"a table of label texts; “{key}” may not use {names}")
        clean[key] = text.strip()
    return clean


def _crossref(name: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        from .. import crossref

        return getattr(crossref, name)(value)

    return check


def _citation_style(value: Any) -> str:
    from ..citestyle import check_style_name

    return check_style_name(_text(value))


def _lint(value: Any) -> dict[str, Any]:
    from ..lint.ignores import check_lint_table

    return check_lint_table(value)


def _style(value: Any) -> dict[str, Any]:
    from ..style import check_style

    return check_style(value)


# key → checker returning the clean value; Meta fields plus the colophon's.
FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": _text,
    "subtitle": _text,
    "series": _text,
    "number": _number,
    "date": _date,
    "language": _pattern(_LANG, "a BCP 47 language tag such as en-GB"),
    "publisher": _text,
    "authors": _authors,
    "slug": _pattern(_SLUG, "lower-case words joined by hyphens"),
    # Identifiers, check digits verified (publish/identifiers.py): ISBN per edition.
    "issn": check_issn,
    "isbn": check_isbn,
    "isbn_pdf": check_isbn,
    "isbn_print": check_isbn,
    "doi": check_doi,
    "citation_style": _citation_style,
    # Crossref (publish release --crossref, publish/crossref.py): the house's DOI prefix gives
    # each brief without a `doi` the DOI <prefix>/<slug>; the depositor signs the deposit.
    "doi_prefix": _crossref("check_prefix"),
    "depositor_name": _text,
    "depositor_email": _crossref("check_email"),
    "address": _text,
    "website": _website,
    "licence": _text,
    "keywords": _strings,
    "cover_color": _pattern(_COLOUR, "a colour such as #1f3a5f"),
    "paper": _paper,
    "labels": _labels,
    "contents": _bool,
    "disclaimer": _text,
    "notices": _strings,
    # Series the house publishes: "Name: Title" splits on these even without a series word.
    "series_names": _strings,
    "style": _style,
    # Codes the house or a brief silences, with reasons (publish/lint/ignores.py): read by
    # `publish lint` and the release, never part of the Document.
    "lint": _lint,
}


# Keys other tools write for ours: pandoc, Jekyll and Hugo front matter say `author`.
ALIASES = {"author": "authors"}


def check_fields(
    data: dict[str, Any], path: Path | str, lines: dict[str, int] | None = None
) -> dict[str, Any]:
    """Validated copy of `data`; an unknown key or a wrong type is an InputError."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        key = ALIASES.get(key, key)
        line = (lines or {}).get(key)
        if key not in FIELDS:
            known = ", ".join(sorted(FIELDS))
            raise InputError(f"unknown key “{key}” (known keys: {known})", path=path, line=line)
        if value is None:
            continue
        try:
            clean[key] = FIELDS[key](value)
        except TypeError as exc:
            # A table's error names its key (“not “colour””, “where logo is”): point at it.
            for sub in re.findall(r"[“ ]([a-z_]+)[” ]", str(exc)):
                line = (lines or {}).get(f"{key}.{sub}", line)
            raise InputError(f"key “{key}” must be {exc}", path=path, line=line) from None
    return clean


_TOML_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def toml_lines(text: str) -> dict[str, int]:
    """The line of each key: `key` at the top, `table` for a table's header and `table.key`
    inside it, so that a wrong value is reported where it is written."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _TOML_TABLE.match(line):
            table = header.group(1)
            lines.setdefault(table, number)
        elif key := _TOML_KEY.match(line):
            name = f"{table}.{key.group(1)}" if table else key.group(1)
            lines.setdefault(name, number)
            if "." in name:  # `logo = …` inside [style] also stands for the style key
                lines.setdefault(table, number)
    return lines


def load_toml(path: Path) -> dict[str, Any]:
    """A metadata file (house profile or sidecar), validated; {} when it does not exist."""
    from ..tomlfile import read_toml

    if not path.is_file():
        return {}
    text, data = read_toml(path)
    lines = toml_lines(text)
    try:
        _check_house_keys(data, path)
    except InputError as exc:
        raise _at_key(exc, lines) from None
    return check_fields(data, path, lines)


def _check_house_keys(data: dict[str, Any], path: Path) -> None:
    """[print], base_url and the optional editions: the house's, checked by their owners."""
    if "print" in data:
        # The press settings: the PDF renderer reads them (publish/printing.py), not the
        # Document. They belong to the house, so a sidecar may not set them.
        from ..printing import check_print_table
        from .sources import HOUSE_PROFILE

        if path.name != HOUSE_PROFILE:
            raise InputError(f"the [print] table belongs in {HOUSE_PROFILE}", path=path)
        check_print_table(data.pop("print"), path)
    if "base_url" in data:
        # Where dist/ is served (publish/site/settings.py): the house's, like [print].
        from ..site.settings import check_base_url
        from .sources import HOUSE_PROFILE

        if path.name != HOUSE_PROFILE:
            raise InputError(f"“base_url” belongs in {HOUSE_PROFILE}", path=path)
        try:
            check_base_url(data.pop("base_url"))
        except TypeError as exc:
            raise InputError(f"key “base_url” must be {exc}", path=path) from None
    from ..optional import OPTIONAL, check_optional

    if any(key in data for key in OPTIONAL):
        # Which editions a release builds: the house's choice too (publish/editions.py).
        from .sources import HOUSE_PROFILE

        if path.name != HOUSE_PROFILE:
            keys = " and ".join(k for k in OPTIONAL if k in data)
            raise InputError(f"“{keys}” belong in {HOUSE_PROFILE}", path=path)
        check_optional(data, path)


_NAMED_KEY = re.compile(r"“([A-Za-z_][\w.-]*)”")


def _at_key(exc: InputError, lines: dict[str, int]) -> InputError:
    """The error with the line of the key its message names (`print.marks`, `kepub`): the
    checkers of these keys know the key, not where it is written."""
    if exc.line is not None:
        return exc
    named = _NAMED_KEY.search(exc.message)
    key = named.group(1) if named else ""
    line = lines.get(key) or lines.get(key.split(".", 1)[0])
    return InputError(exc.message, path=exc.path, line=line)
