"""Date lines in any of the briefs' languages, by CLDR's month names (through Babel).

"16 June 2025", "June 16, 2025", "16.06.2025", "2025-06-16", "16. juuni 2025",
"16 czerwca 2025", "Published: 16 June 2025": each is a date line. A line shaped like a
date that names no real day ("2025-14-03", "February 30, 2025") is an impossible date:
`date_problem` says why, and the reader makes it an error with the line, because an
edition that silently loses its date (the OPF's `dc:date`) is wrong, not incomplete.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

# Every language the labels are translated into (publish/locales), plus English.
LANGUAGES = ("en", "de", "fr", "et", "fi", "lt", "lv", "pl", "uk", "ar")

_SPACE = re.compile(r"\s+")
# "Published: …", "Updated on …", "Veröffentlicht am …": one label word before the date.
_LABEL = re.compile(r"^[^\W\d_]+(?:\s+(?:on|am|le|the))?:?\s+(?=\S)")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2(\d{4})$")
_WORD = r"([^\W\d_][^\W\d_'’]*\.?)"
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})\.?\s+{_WORD},?\s+(\d{{4}})(?:\s*[.ag]\.?)?$")
_MONTH_DAY_YEAR = re.compile(rf"^{_WORD}\s+(\d{{1,2}}),?\s+(\d{{4}})$")
_MONTH_YEAR = re.compile(rf"^{_WORD}\s+(\d{{4}})$")
_YEAR_MONTH_DAY = re.compile(rf"^(\d{{4}})\.?\s+(?:gada\s+)?(\d{{1,2}})\.?\s+{_WORD}$")


@cache
def _months(language: str) -> dict[str, int]:
    """Lower-cased month names (wide and abbreviated, both grammatical contexts) → 1-12."""
    from babel import Locale
    from babel.dates import get_month_names

    found: dict[str, int] = {}
    locale = Locale.parse(language)
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                found.setdefault(name.lower().rstrip("."), number)
    if language == "en":
        found["sept"] = 9
    _forget_locales()
    return found


@cache
def _weekdays() -> set[str]:
    from babel import Locale
    from babel.dates import get_day_names

    names: set[str] = set()
    for language in LANGUAGES:
        locale = Locale.parse(language)
        for width in ("wide", "abbreviated"):
            names |= {n.lower().rstrip(".") for n in get_day_names(width, locale=locale).values()}
    _forget_locales()
    return names


def _forget_locales() -> None:
    """Drop the CLDR data babel cached for these tables: all ten languages' weekdays are
    ~12 MB of objects, kept by babel for the life of the process. The PDF workers fork from
    this process and count those pages in their RSS (issue 24: 159 → 147 MiB a worker at 50
    briefs). Dropped at once, before other objects share their memory, the pages go back to
    the system; a label later reloads only the brief's own language."""
    from babel.localedata import clear_caches

    clear_caches()


def _month(word: str, languages: tuple[str, ...]) -> int | None:
    """The month a word names in the first of `languages` that has it."""
    key = word.lower().rstrip(".")
    for language in languages:
        if (number := _months(language).get(key)) is not None:
            return number
    return None


def _order(language: str | None) -> str:
    """ "dmy" or "mdy": how the language writes a numeric date (CLDR's short pattern)."""
    if not language:
        return "dmy"
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format

    try:
        pattern = get_date_format("short", Locale.parse(language.replace("-", "_"))).pattern
    except (ValueError, UnknownLocaleError):
        return "dmy"
    return "mdy" if pattern.lower().index("m") < pattern.lower().index("d") else "dmy"


def _languages(language: str | None) -> tuple[str, ...]:
    primary = (language or "en").split("-")[0].lower()
    return (primary, *[x for x in LANGUAGES if x != primary]) if primary in LANGUAGES else LANGUAGES


def _read(candidate: str, language: str | None) -> tuple[int, int, int | None] | str | None:
    """(year, month, day or None) for a date-shaped string; a str when it cannot be a day;
    None when it is not shaped like a date at all."""
    languages = _languages(language)
    if m := _ISO.match(candidate):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m := _ISO_MONTH.match(candidate):
        return int(m.group(1)), int(m.group(2)), None
    if m := _NUMERIC.match(candidate):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if m.group(2) == "/" and _order(language) == "mdy":
            return year, first, second
        return year, second, first
    for pattern, day_at, month_at, year_at in (
        (_DAY_MONTH_YEAR, 1, 2, 3),
        (_MONTH_DAY_YEAR, 2, 1, 3),
        (_YEAR_MONTH_DAY, 2, 3, 1),
    ):
        if m := pattern.match(candidate):
            month = _month(m.group(month_at), languages)
            if month is None:
                return None
            return int(m.group(year_at)), month, int(m.group(day_at))
    if m := _MONTH_YEAR.match(candidate):
        month = _month(m.group(1), languages)
        return (int(m.group(2)), month, None) if month else None
    return None


def _candidates(text: str) -> list[str]:
    candidate = _SPACE.sub(" ", text.strip().rstrip("."))
    candidate = _ORDINAL.sub(r"\1", candidate)
    if len(candidate) > 40:
        return []
    out = [candidate]
    # "Monday, June 16, 2025", "Montag, 16. Juni 2025": a weekday first.
    head, sep, rest = candidate.partition(" ")
    if sep and head.lower().rstrip(",.") in _weekdays():
        out.append(rest.strip())
    if label := _LABEL.match(candidate):
        rest = candidate[label.end() :]
        out.append(rest)
        head, sep, after = rest.partition(" ")
        if sep and head.lower().rstrip(",.") in _weekdays():
            out.append(after.strip())
    return out


def _judge(text: str, language: str | None) -> str | tuple[int, int, int | None] | None:
    for candidate in _candidates(text):
        found = _read(candidate, language)
        if found is not None:
            return found
    return None


def _problem(year: int, month: int, day: int | None) -> str | None:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day is None:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return f"month {month} of {year} has no day {day}"
    return None


def parse_date(text: str, language: str | None = None) -> str | None:
    """ISO 8601 (YYYY-MM-DD, or YYYY-MM for a month) for a line that is only a date."""
    found = _judge(text, language)
    if not isinstance(found, tuple) or _problem(*found):
        return None
    year, month, day = found
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def date_problem(text: str, language: str | None = None) -> str | None:
    """Why a line shaped like a date names no real day ("there is no month 14"), else None."""
    found = _judge(text, language)
    return _problem(*found) if isinstance(found, tuple) else None


def iso_problem(value: str) -> str | None:
    """Why an ISO date (`2025-02-30`, from front matter or publish.toml) is impossible."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if m is None:
        return None
    if m.group(2) is None:
        return None
    return _problem(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)


def property_date(value: str, where: str) -> tuple[str | None, str | None]:
    """A file property's timestamp (`2025-06-16T09:00:00Z`) as (ISO date, None), or, when it
    names no real day (a hand-made file's `2025-02-30`), (None, a warning): the property is
    the brief's lowest layer, so an impossible one is dropped, never published."""
    if not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None, None
    if problem := iso_problem(value[:10]):
        return None, f"{where}: the date “{value[:10]}” is impossible ({problem}); ignored"
    return value[:10], None
