"""The header block of a plain-text brief: series, title, subtitle, bylines, date, chrome,
in any order, read by the form of each line."""

from __future__ import annotations

import re

from ..document import Author
from ..errors import InputError
from ..normalizer import meta as metamod
from ..normalizer.dates import date_problem, parse_date
from ..normalizer.inlines import CALL
from ..normalizer.raw import RawBrief
from ..normalizer.titles import series_and_number
from .plainunits import State, Unit, ends_sentence, short

_SERIES_NUMBER = re.compile(r"(?:\bno\.?|\bnumber|#|\bissue|\bvol\.?|\bbrief|\bpaper)\s*\d", re.I)


HEADER_UNITS = 14


_TRAILING_CALL = re.compile(
    r"(?<=[.!?…;:,”’\"')\]])(?:\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})$"
)  # the header block is looked for among the first units only


def _title_like(text: str, first: bool = False) -> bool:
    """A line that can be a title, subtitle or series line: no sentence, and short
    (the first such line may be long: a title is whatever the brief calls its title)."""
    # A sentence that ends in a glued call (`…environment.1`, `…storms.¹`) is no title.
    plain = _TRAILING_CALL.sub("", text.rstrip())
    return (
        not CALL.search(text)
        and (len(text.split()) <= 25 or first and len(text) <= 2000)
        and (not ends_sentence(plain) or plain.endswith("?"))
    )


def _sentence_case(text: str) -> bool:
    """`How small towns keep their lights on`: the longer words after the first are
    lower case, as in a subtitle or a sentence-case title, not a Title Case line."""
    longer = [w for w in text.split()[1:] if len(w) > 3 and w[:1].isalpha()]
    return bool(longer) and sum(w[0].islower() for w in longer) * 2 > len(longer)


def _series_like(first: str, second: str) -> bool:
    """Is `first` a series or category line above the title `second`, rather than a
    title above its subtitle?

    A number (`Policy Brief No. 12`), capitals (`COMMENTARY`), one or two words
    (`Analysis`), or three words above a longer Title Case line (a sentence-case line
    under a short one is a subtitle).
    """
    letters = [c for c in first if c.isalpha()]
    words, next_words = len(first.split()), len(second.split())
    numbered = bool(_SERIES_NUMBER.search(first))
    capitals = len(letters) > 1 and all(c.isupper() for c in letters)
    short = words <= 2 and next_words >= words
    above_title_case = words <= 3 and next_words > words and not _sentence_case(second)
    named = bool(_NAMED_SERIES.search(first))  # `Maritime Security Series`
    return numbered or capitals or short or above_title_case or named


def _parts(text: str) -> list[str]:
    """A header line that packs several facts: `June 16, 2025 · 6 min read`."""
    return [p for p in re.split(r"\s+[|·•]\s+|\s+[—–]\s+(?=\d)", text) if p.strip()]


def read_header(units: list[Unit], raw: RawBrief, state: State) -> int:
    """Read the header block (series, title, subtitle, bylines, date, chrome) in any
    order; return the index of the first body unit."""
    cands: list[Unit] = []
    meta_after_title = False
    pos = _above_series_line(units, state)
    pending_name: Unit | None = None  # a name alone on a line, waiting for its role line
    author_line = False  # was the previous unit a name or role alone on its line?
    while pos < len(units) and pos < HEADER_UNITS:
        unit = units[pos]
        text = unit.text
        last_was_author, author_line = author_line, False
        is_web, _ = metamod.web_only_number(text)
        if is_web:
            break  # handled with the body, where such lines may also stand
        if (kind := metamod.chrome_kind(text)) is not None:
            state.warn(unit.line, f"dropped web page furniture ({kind}) “{short(text)}”", "info")
            state.explain(unit, "dropped", f"web page furniture: {kind}")
            pos += 1
            continue
        if raw.date is None and (problem := date_problem(text)):
            raise InputError(f"impossible date “{text}”: {problem}", path=raw.name, line=unit.line)
        if raw.date is None and (iso := parse_date(text)):
            raw.date, raw.date_line = iso, unit.line
            state.explain(unit, "date", f"a date alone on a line: {iso}")
            meta_after_title = meta_after_title or bool(cands)
            pos += 1
            continue
        if _compound(unit, raw, state):
            meta_after_title = meta_after_title or bool(cands)
            pos += 1
            continue
        byline = metamod.parse_byline(text)
        if byline is not None:
            raw.authors.extend(byline)
            how = (
                "a `By …` line"
                if metamod.parse_byline(text, labelled=True)
                else "names, each with a role"
            )
            state.explain(unit, "authors", f"{how}: {credits(byline)}")
            meta_after_title = meta_after_title or bool(cands)
            pending_name = None
            pos += 1
            continue
        if pending_name is not None and metamod.looks_like_role(text) and _title_like(text):
            raw.authors[-1].role = text
            state.explain(unit, "author role", f"a role line under the name “{pending_name.text}”")
            pending_name, author_line = None, True
            pos += 1
            continue
        # Not under a lone series-like line: `COMMENTARY` / `Grid Security` / date is a
        # series, its title and the date, not a title and its author.
        names_to_date = (
            bool(cands)
            and not (len(cands) == 1 and _series_like(cands[0].text, text))
            and _names_then_date(units, pos)
        )
        if metamod.looks_like_name(text) and (
            pending_name is not None
            or last_was_author
            or _next_is_role(units, pos)
            or names_to_date
        ):
            raw.authors.append(Author(text))
            why = (
                "above a role line"
                if _next_is_role(units, pos)
                else "under the title, in a run of names that ends at the date line"
                if names_to_date
                else "under another author"
            )
            state.explain(unit, "author", f"a name alone on a line, {why}")
            pending_name, author_line = unit, True
            meta_after_title = meta_after_title or bool(cands)
            pos += 1
            continue
        pending_name = None
        # `Series` / date / `Title`: a title may still follow a lone series line.
        series_first = len(cands) == 1 and _series_like(cands[0].text, text)
        if (
            _title_like(text, not cands)
            and (not meta_after_title or series_first)
            and len(cands) < 3
        ):
            if meta_after_title:
                meta_after_title = False  # that date or byline stood between series and title
            cands.append(unit)
            pos += 1
            continue
        break
    if not cands:
        return pos
    # Series line, title, subtitle: by their order and form.
    index = 0
    if len(cands) >= 2 and _series_like(cands[0].text, cands[1].text):
        raw.series = cands[0].text
        why = "a short line above the title"
        series, number = series_and_number(raw.series)
        if number is not None and raw.number is None:
            raw.series, raw.number = series, number
            why += f"; brief number {raw.number}"
        state.explain(cands[0], "series", why)
        index = 1
    title = cands[index]
    if raw.series is None:
        # `Series: Title` is split (or not) by the shared title rule, for every format.
        raw.title = title.text
        state.explain(title, "title", "first short line without closing punctuation")
    else:
        raw.title = title.text
        state.explain(title, "title", "the short line under the series line")
    raw.title_line = title.line
    index += 1
    # A line right under the title, with no blank line between, is its subtitle (a page's
    # `h1` and its standfirst, copied: `The Chip Race` / `Why subsidies alone …`).
    tied = index < len(cands) and cands[index].line == title.last + 1
    if index < len(cands) and (meta_after_title or cands[-1] is not units[pos - 1] or tied):
        sub = cands[index]
        raw.subtitle = sub.text
        why = "the line right under the title" if tied else "a short line under the title"
        state.explain(sub, "subtitle", f"{why}, before the byline, date or body")
        index += 1
    if index < len(cands):
        # Short lines after the title with nothing else of the header after them: the body.
        return units.index(cands[index])
    return pos


# A series named as such (`Maritime Security Series`, `Policy Brief No. 7`): stronger than
# a category line, so whatever short lines stand above it are the site's, not the brief's.
_NAMED_SERIES = re.compile(
    r"(?:series|serie|série|seeria|sarja|serija|sērija|seria|reihe|schriftenreihe)$"
    r"|(?:\bno\.?|\bnr\.?|#)\s*\d{1,4}$",
    re.IGNORECASE,
)
_ABOVE_SERIES = 3


def _above_series_line(units: list[Unit], state: State) -> int:
    """Skip the site's name and section lines above a line that names the brief's series
    (a page's masthead, copied with it); return the index the header starts at."""
    for i in range(1, min(_ABOVE_SERIES + 1, len(units) - 1)):
        line, title = units[i].text, units[i + 1].text
        if not (_NAMED_SERIES.search(line) and len(line.split()) <= 8 and _title_like(title)):
            continue
        above = units[:i]
        if all(
            len(u.text.split()) <= 6
            and _title_like(u.text)
            and not parse_date(u.text)
            and metamod.parse_byline(u.text, labelled=True) is None
            for u in above
        ):
            for unit in above:
                state.warn(unit.line, f"dropped the site's name or section “{short(unit.text)}” "
                           "above the series line", "info")  # fmt: skip
                state.explain(unit, "dropped", "a short line above the line naming the series")
            return i
        return 0
    return 0


def _names_then_date(units: list[Unit], pos: int) -> bool:
    """Is `units[pos]` the first of a run of names, one per line, that ends at a date line?
    (pandoc's and many pages' title blocks: the title, each author, the date.)"""
    end = pos
    while end < len(units) and end - pos < 8 and metamod.looks_like_name(units[end].text):
        end += 1
    return end > pos and end < len(units) and parse_date(units[end].text) is not None


def _next_is_role(units: list[Unit], pos: int) -> bool:
    """Is the unit after `pos` a role line (`Senior Fellow`)? A name alone on a line is an
    author only above its role, or under another author: else it may be a title."""
    if pos + 1 >= len(units):
        return False
    text = units[pos + 1].text
    return (
        len(text.split()) <= 12
        and _title_like(text)
        and metamod.looks_like_role(text)
        and metamod.parse_byline(text) is None
        and not parse_date(text)
    )


def credits(authors: list[Author]) -> str:
    return "; ".join(f"{a.name} ({a.role})" if a.role else a.name for a in authors)


def _compound(unit: Unit, raw: RawBrief, state: State) -> bool:
    """`By Ann Lee | June 16, 2025 | 6 min read`: each part is header matter."""
    parts = _parts(unit.text)
    if len(parts) < 2:
        return False
    found: list[tuple[str, object]] = []
    for part in parts:
        if (iso := parse_date(part)) and raw.date is None:
            found.append(("date", iso))
        elif (kind := metamod.chrome_kind(part)) is not None:
            found.append(("chrome", kind))
        elif (names := metamod.parse_byline(part)) is not None:
            found.append(("authors", names))
        else:
            return False
    why = []
    for what, value in found:
        if what == "date":
            raw.date, raw.date_line = str(value), unit.line
            why.append(f"date {value}")
        elif what == "authors":
            raw.authors.extend(value)  # type: ignore[arg-type]
            why.append(f"authors {credits(value)}")  # type: ignore[arg-type]
        else:
            why.append(f"dropped {value}")
            state.warn(unit.line, f"dropped web page furniture ({value})", "info")
    state.explain(unit, "header line", "parts separated by | or ·: " + ", ".join(why))
    return True
