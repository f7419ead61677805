"""Plain-text briefs, as pasted from a publisher's web page.

The rules read the *form* of the text, never its words: a date alone on a line, a short
`Series: Title` line, short unpunctuated lines (headings), lines that repeat a body
sentence (pull quotes), a numbered list at the end (notes), a labelled notice
(`Disclaimer:`), and whatever follows it (site text, dropped with a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Author, Diagnostic, ListItem, SubList
from ..errors import InputError
from ..normalizer import meta as metamod
from ..normalizer.calls import SUPERSCRIPTS, rewrite_calls
from ..normalizer.dates import date_problem, parse_date
from ..normalizer.inlines import CALL, parse_inlines, strip_calls
from ..normalizer.notices import COLOPHON_LABEL, DISCLAIMER_HINT, DISCLAIMER_LABEL
from ..normalizer.pullquotes import MAX_WORDS, find_source, is_candidate
from ..normalizer.raw import Explanation, RawBlock, RawBrief, RawNote
from ..normalizer.titles import series_and_number
from ..normalizer.typography import clean_spaces

# A notes-list item: `[1] …`, `1. …`, `1) …`, `¹ …` (with or without the space), or
# `1 …` (digits and a space), which is taken only as the next number of a list.
NOTE_ITEM = re.compile(
    r"^(?:\[(?P<bracket>\d{1,4})\]|(?P<dot>\d{1,4})[.)](?!\d)|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})"
    r"|(?P<bare>\d{1,4})(?=\s))\s*(?P<text>.*)$",
    re.DOTALL,
)
_TERMINAL = re.compile(r"[.!?…:;][”’\"')\]]*$")

HEADING_MAX_WORDS = 12
# List items: a bullet (•, -, *, –) or a number with . or ) and a space; indentation nests.
LIST_ITEM = re.compile(r"^(\s*)(?:([•*\-–])|(\d{1,3})[.)])\s+(\S.*)$", re.DOTALL)
# "Figure 2. …" / "Table 1: …": a caption whose graphic a plain-text brief cannot carry.
CAPTION_LIKE = re.compile(r"^(Figure|Fig\.|Table|Chart|Map)\s+\d+[.:]", re.IGNORECASE)


@dataclass
class Unit:
    line: int
    text: str
    end: int = 0  # last source line of the unit (0: same as `line`)

    @property
    def last(self) -> int:
        return max(self.end, self.line)


@dataclass
class _State:
    name: str
    diags: list[Diagnostic] = field(default_factory=list)
    explained: list[Explanation] = field(default_factory=list)

    def warn(self, line: int, message: str, level: str = "warning") -> None:
        self.diags.append(Diagnostic(level, line, message, self.name))  # type: ignore[arg-type]

    def explain(self, unit: Unit | int, what: str, why: str) -> None:
        first, last = (unit, unit) if isinstance(unit, int) else (unit.line, unit.last)
        self.explained.append(Explanation(first, last, what, why))


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(strip_calls(text).rstrip()))


HEADER_LINES = 40  # a brief's header facts stand within its first lines


def _header_fact_line(text: str) -> bool:
    text = text.strip()
    return bool(parse_date(text) or date_problem(text) or metamod.parse_byline(text, labelled=True))


def split_units(text: str) -> list[Unit]:
    """Lines to units (paragraph candidates), joining hard-wrapped lines.

    Blank lines always separate units. Inside a block, a hard-wrapped paragraph (most
    lines long and ending mid-sentence) is joined; otherwise each line is a unit, so that
    briefs with paragraphs on single lines, separated by single newlines, still work.
    """
    units: list[Unit] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        # A date or byline line near the top is a unit of its own, even with no blank line
        # around it: "By Ann Lee, Senior Fellow" then "June 16, 2025" are two facts.
        if block and block[0][0] <= HEADER_LINES and len(block) > 1:
            facts = [i for i, (_, t) in enumerate(block) if _header_fact_line(t)]
            if facts:
                parts, start = [], 0
                for i in facts:
                    parts += [block[start:i], block[i : i + 1]]
                    start = i + 1
                parts.append(block[start:])
                block.clear()
                for part in parts:
                    if part:
                        block.extend(part)
                        join_block()
                return
        join_block()

    def join_block() -> None:
        if not block:
            return
        lines = [t for _, t in block]
        wrap = max(len(t) for t in lines)
        inner = lines[:-1]
        wrapped = [t for t in inner if len(t) >= 0.6 * wrap and not ends_sentence(t)]
        if wrap <= 120 and inner and len(wrapped) * 2 >= len(inner):
            units.append(Unit(block[0][0], " ".join(t.strip() for t in lines), block[-1][0]))
        else:
            current: Unit | None = None
            for number, line in block:
                if current is not None:
                    current.text += " " + line.strip()
                    current.end = number
                else:
                    current = Unit(number, line.strip(), number)
                joins = len(line) >= 0.6 * wrap and not ends_sentence(line) and wrap <= 120
                if not joins:
                    units.append(current)
                    current = None
            if current is not None:
                units.append(current)
        block.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip(" \t\u00a0\ufeff"):
            if LIST_ITEM.match(line):
                flush()  # a list item starts a unit of its own, never joins the line above
            block.append((number, line))
        else:
            flush()
    flush()
    for unit in units:
        unit.text = clean_spaces(unit.text)
    return [u for u in units if u.text]


_SUPER_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_FORM_NAMES = {"bracket": "[n]", "dot": "n. or n)", "sup": "superscript", "bare": "n and a space"}
_SERIES_NUMBER = re.compile(r"(?:\bno\.?|\bnumber|#|\bissue|\bvol\.?|\bbrief|\bpaper)\s*\d", re.I)
HEADER_UNITS = 14
_TRAILING_CALL = re.compile(
    r"(?<=[.!?…;:,”’\"')\]])(?:\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})$"
)  # the header block is looked for among the first units only


def _note_match(text: str) -> tuple[int, str, str] | None:
    """(number, text, form) of a notes-list item."""
    match = NOTE_ITEM.match(text)
    if not match:
        return None
    for form in ("bracket", "dot", "sup", "bare"):
        if match.group(form) is not None and (form == "bracket" or match.group("text").strip()):
            number = int(match.group(form).translate(_SUPER_DIGITS))
            return number, match.group("text"), form
    return None


def _find_notes_start(units: list[Unit]) -> int | None:
    """Index of the first unit of the last numbered list that starts at 1 and runs to the end.

    A numbered list in the body that is followed by more prose is not the notes. Items
    numbered `1 …` (digits and a space) count only as the next number of the list.
    """
    for i in range(len(units) - 1, -1, -1):
        found = _note_match(units[i].text)
        if found and found[0] == 1:
            following = units[i:]
            numbered, expected = 0, 1
            for unit in following:
                item = _note_match(unit.text)
                if item and (item[2] != "bare" or item[0] == expected):
                    numbered += 1
                    expected = item[0] + 1
            if numbered * 2 >= len(following) - 2 or numbered >= 3:
                # Numbered items just before it belong to the same list (a duplicate [1]).
                while i > 0 and (item := _note_match(units[i - 1].text)) and item[2] != "bare":
                    i -= 1
                return i
    return None


def _is_standalone(text: str) -> bool:
    return not CALL.search(text) and not ends_sentence(text)


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
    return numbered or capitals or short or above_title_case


def _parts(text: str) -> list[str]:
    """A header line that packs several facts: `June 16, 2025 · 6 min read`."""
    return [p for p in re.split(r"\s+[|·•]\s+|\s+[—–]\s+(?=\d)", text) if p.strip()]


def _header(units: list[Unit], raw: RawBrief, state: _State) -> int:
    """Read the header block (series, title, subtitle, bylines, date, chrome) in any
    order; return the index of the first body unit."""
    cands: list[Unit] = []
    meta_after_title = False
    pending_name: Unit | None = None  # a name alone on a line, waiting for its role line
    author_line = False  # was the previous unit a name or role alone on its line?
    pos = 0
    while pos < len(units) and pos < HEADER_UNITS:
        unit = units[pos]
        text = unit.text
        last_was_author, author_line = author_line, False
        is_web, _ = metamod.web_only_number(text)
        if is_web:
            break  # handled with the body, where such lines may also stand
        if (kind := metamod.chrome_kind(text)) is not None:
            state.warn(unit.line, f"dropped web page furniture ({kind}) “{_short(text)}”", "info")
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
            state.explain(unit, "authors", f"{how}: {_credits(byline)}")
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
        if metamod.looks_like_name(text) and (
            pending_name is not None or last_was_author or _next_is_role(units, pos)
        ):
            raw.authors.append(Author(text))
            why = "above a role line" if _next_is_role(units, pos) else "under another author"
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
    if index < len(cands) and (meta_after_title or cands[-1] is not units[pos - 1]):
        sub = cands[index]
        raw.subtitle = sub.text
        state.explain(sub, "subtitle", "a short line under the title, before the byline or date")
        index += 1
    if index < len(cands):
        # Short lines after the title with nothing else of the header after them: the body.
        return units.index(cands[index])
    return pos


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


def _credits(authors: list[Author]) -> str:
    return "; ".join(f"{a.name} ({a.role})" if a.role else a.name for a in authors)


def _compound(unit: Unit, raw: RawBrief, state: _State) -> bool:
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
            why.append(f"authors {_credits(value)}")  # type: ignore[arg-type]
        else:
            why.append(f"dropped {value}")
            state.warn(unit.line, f"dropped web page furniture ({value})", "info")
    state.explain(unit, "header line", "parts separated by | or ·: " + ", ".join(why))
    return True


def parse_plaintext(text: str, name: str) -> RawBrief:
    state = _State(name)
    units = split_units(text)
    lines = text.split("\n")
    # Indentation of each list item's first line: what nests one list in another.
    indents = {
        u.line: len(m.group(1).expandtabs(4))
        for u in units
        if (m := LIST_ITEM.match(lines[u.line - 1]))
    }
    raw = RawBrief(name=name)

    body_start = _header(units, raw, state)

    # --- back matter: notes list, colophon notices, trailing site text ---------------------
    notes_start = _find_notes_start(units[body_start:])
    end = len(units) if notes_start is None else body_start + notes_start
    colophon_at = next(
        (i for i in range(body_start, len(units)) if COLOPHON_LABEL.match(units[i].text)), None
    )
    if notes_start is None and colophon_at is not None:
        end = colophon_at
    back_start = end
    if notes_start is not None and end > body_start:
        heading = units[end - 1]
        label = heading.text.rstrip(":")  # `Notes:`
        if _is_standalone(label) and len(label.split()) <= 4:
            raw.notes_heading = heading.text
            state.explain(heading, "notes heading", "a short line just before the notes list")
            end -= 1
    _back_matter(units[back_start:], raw, state)

    # --- body --------------------------------------------------------------------------------
    body: list[Unit] = []
    for unit in units[body_start:end]:
        is_web, number = metamod.web_only_number(unit.text)
        if is_web and (number is not None or not ends_sentence(unit.text)):
            if number is not None and raw.number is None:
                raw.number = number
            state.warn(unit.line, f"dropped web-only line “{unit.text}”", "info")
            why = f"a download line; brief number {number}" if number else "a download line"
            state.explain(unit, "dropped", why)
            continue
        if (kind := metamod.chrome_kind(unit.text, header=False)) is not None:
            state.warn(unit.line, f"dropped web page furniture ({kind}) “{_short(unit.text)}”",
                       "info")  # fmt: skip
            state.explain(unit, "dropped", f"web page furniture: {kind}")
            continue
        if (label := DISCLAIMER_LABEL.match(unit.text)) and raw.disclaimer is None:
            raw.disclaimer = unit.text[label.end() :].strip()
            raw.disclaimer_line = unit.line
            state.explain(unit, "colophon: disclaimer", "labelled “Disclaimer:”, before the notes")
            continue
        body.append(unit)
    texts = rewrite_calls(
        [(u.line, u.text) for u in body],
        {n.number for n in raw.notes},
        lambda line, what, why: state.explain(line, what, why),
        lambda line, message: state.warn(line, message),
    )
    body = [Unit(u.line, t, u.end) for u, t in zip(body, texts, strict=True)]
    if raw.disclaimer is None:
        for unit in body[-3:]:
            if DISCLAIMER_HINT.search(unit.text) and len(unit.text.split()) >= 8:
                state.warn(
                    unit.line,
                    "this paragraph reads like a disclaimer; kept in the body (label it "
                    "“Disclaimer:” or set the `disclaimer` key to move it to the colophon)",
                )
    raw.blocks = _classify(body, state, indents)
    raw.diagnostics = state.diags
    raw.explanations = sorted(state.explained, key=lambda e: (e.first, e.last))
    return raw


def _back_matter(units: list[Unit], raw: RawBrief, state: _State) -> None:
    in_colophon = False
    for unit in units:
        label = COLOPHON_LABEL.match(unit.text)
        found = None if in_colophon else _note_match(unit.text)
        if found and found[2] == "bare" and raw.notes and found[0] != raw.notes[-1].number + 1:
            found = None  # `2025 was…`: a paragraph, not the next note
        if found is not None:
            number, body, form = found
            raw.notes.append(RawNote(number, unit.line, body.strip()))
            state.explain(unit, f"note {number}", f"numbered {_FORM_NAMES[form]} in the notes list")
        elif label and unit.text[: label.end()].strip(" :").lower() == "disclaimer":
            in_colophon = True
            raw.disclaimer = unit.text[label.end() :].strip()
            raw.disclaimer_line = unit.line
            state.explain(unit, "colophon: disclaimer", "labelled “Disclaimer:”")
        elif label:
            in_colophon = True
            raw.notices.append(unit.text)
            state.explain(unit, "colophon: notice", "a labelled notice (©, Copyright, ISSN…)")
        elif (
            raw.disclaimer is None
            and not in_colophon
            and DISCLAIMER_HINT.search(unit.text)
            and ends_sentence(unit.text)
        ):
            in_colophon = True
            raw.disclaimer, raw.disclaimer_line = unit.text, unit.line
            state.warn(unit.line, "took this unlabelled paragraph after the notes as the "
                       "disclaimer (it reads like one); label it “Disclaimer:” or set the "
                       "`disclaimer` key")  # fmt: skip
            state.explain(unit, "colophon: disclaimer", "unlabelled, after the notes, "
                          "worded like a disclaimer")  # fmt: skip
        elif (
            raw.notes
            and not in_colophon
            and ends_sentence(unit.text)
            and (len(unit.text) > 80 or unit is not units[-1] and _next_is_note(units, unit, raw))
        ):
            # A further paragraph of the previous note, pasted as its own line.
            raw.notes[-1].text += " " + unit.text
            state.warn(unit.line, f"joined this paragraph to note {raw.notes[-1].number}", "info")
            state.explain(unit, f"note {raw.notes[-1].number}, continued",
                          "an unnumbered paragraph inside the notes list")  # fmt: skip
        else:
            state.warn(unit.line, f"dropped site text “{_short(unit.text)}”")
            state.explain(unit, "dropped", "site text after the notes or colophon")


def _next_is_note(units: list[Unit], unit: Unit, raw: RawBrief) -> bool:
    """Is the unit after `unit` the next note? Then `unit` sits inside the list."""
    after = units[units.index(unit) + 1]
    found = _note_match(after.text)
    return found is not None and found[0] == raw.notes[-1].number + 1


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class _Entry:
    line: int
    indent: int
    number: int | None  # None: a bullet
    text: str


def _entry(unit: Unit, indents: dict[int, int]) -> _Entry | None:
    match = LIST_ITEM.match(unit.text)
    if not match or unit.line not in indents:
        return None
    number = int(match.group(3)) if match.group(3) else None
    return _Entry(unit.line, indents[unit.line], number, match.group(4).strip())


def _build_list(entries: list[_Entry]) -> SubList:
    """Entries to a list, nesting each deeper-indented run under the item before it."""
    first = entries[0]
    root = SubList(first.number is not None, first.number or 1, [])
    stack: list[tuple[int, SubList]] = [(first.indent, root)]
    for entry in entries:
        while len(stack) > 1 and entry.indent < stack[-1][0]:
            stack.pop()
        current = stack[-1][1]
        if entry.indent > stack[-1][0] and current.items:
            sub = SubList(entry.number is not None, entry.number or 1, [])
            current.items[-1].sublist = sub
            stack.append((entry.indent, sub))
            current = sub
        current.items.append(ListItem(parse_inlines(entry.text)))
    return root


def _list_runs(body: list[Unit], indents: dict[int, int]) -> dict[int, int]:
    """Start index -> end index (exclusive) of each run of two or more list items.

    A lone "1. Introduction" stays a heading; numbered items must count on (1, 2, 3 …)
    at each indentation, so that a paragraph that happens to start with a number is text.
    """
    runs: dict[int, int] = {}
    i = 0
    while i < len(body):
        j = i
        last: dict[int, int | None] = {}
        while j < len(body) and (entry := _entry(body[j], indents)) is not None:
            previous = last.get(entry.indent, "none")
            counting = entry.number is not None and previous not in ("none", None)
            if counting and entry.number != previous + 1:  # type: ignore[operator]
                break
            last = {k: v for k, v in last.items() if k <= entry.indent}
            last[entry.indent] = entry.number
            j += 1
        if j - i >= 2:
            runs[i] = j
            i = j
        else:
            i += 1
    return runs


def _classify(
    body: list[Unit], state: _State, indents: dict[int, int] | None = None
) -> list[RawBlock]:
    """Paragraphs, headings and pull quotes, by form.

    A short line with no call that repeats a sentence of another paragraph is a pull
    quote; a short unpunctuated line that repeats nothing is a heading. Which paragraph a
    quote repeats is settled later, in `assemble`, by the same rule for every source format.
    """
    has_call = [bool(CALL.search(u.text)) for u in body]
    short_lines = [
        _is_standalone(u.text) and len(u.text.split()) <= HEADING_MAX_WORDS for u in body
    ]
    sources = [
        (str(i), strip_calls(u.text))
        for i, u in enumerate(body)
        if not is_candidate(strip_calls(u.text), has_call[i]) and not short_lines[i]
    ]
    blocks: list[RawBlock] = []
    runs = _list_runs(body, indents or {})
    skip_to = 0
    for i, unit in enumerate(body):
        if i < skip_to:
            continue
        if i in runs:
            entries = [e for u in body[i : runs[i]] if (e := _entry(u, indents or {}))]
            sub = _build_list(entries)
            fields = {"ordered": sub.ordered, "start": sub.start, "items": sub.items}
            blocks.append(RawBlock("list", unit.line, [], fields=fields))
            skip_to = runs[i]
            continue
        if CAPTION_LIKE.match(unit.text):
            state.warn(
                unit.line,
                f"“{_short(unit.text, 40)}” kept as text: the graphic it captions is not in "
                "a plain-text brief (use a Markdown brief for figures and tables)",
            )
        inlines = parse_inlines(unit.text)
        n_words = len(unit.text.split())
        quote = is_candidate(unit.text, has_call[i]) and find_source(unit.text, sources)
        if quote:
            blocks.append(RawBlock("pullquote", unit.line, inlines))
            source = body[int(quote[0])]
            state.explain(unit, "pull quote", f"repeats {round(quote[1] * 100)} % of a sentence "
                          f"of line {source.line}")  # fmt: skip
        elif short_lines[i] or (unit.text.endswith("?") and n_words <= 8 and not has_call[i]):
            blocks.append(RawBlock("heading", unit.line, inlines))
            words = f"{n_words} word{'s' if n_words != 1 else ''}"
            state.explain(unit, "heading", f"a short line of {words}, without closing punctuation")
        else:
            if _is_standalone(unit.text) and n_words <= MAX_WORDS:
                state.warn(
                    unit.line,
                    "line looks like a pull quote, but no body sentence repeats it; "
                    "kept as a paragraph",
                )
            why = (
                "ends with sentence punctuation"
                if ends_sentence(unit.text)
                else (f"too long for a heading ({n_words} words)")
            )
            blocks.append(RawBlock("paragraph", unit.line, inlines))
            numbers = [m.group(1) for m in CALL.finditer(unit.text)]
            if numbers:
                why += f"; calls {', '.join(numbers)}"
            state.explain(unit, "paragraph", why)
    return blocks
