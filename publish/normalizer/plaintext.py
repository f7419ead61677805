"""Plain-text briefs, as pasted from a publisher's web page.

The rules read the *form* of the text, never its words: a date alone on a line, a short
`Series: Title` line, short unpunctuated lines (headings), lines that repeat a body
sentence (pull quotes), a numbered list at the end (notes), a labelled notice
(`Disclaimer:`), and whatever follows it (site text, dropped with a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Diagnostic
from . import meta as metamod
from .assemble import RawBlock, RawBrief, RawNote
from .inlines import CALL, parse_inlines, strip_calls
from .pullquotes import MAX_WORDS, find_source, is_candidate
from .typography import clean_spaces

NOTE_ITEM = re.compile(r"^\[(\d{1,5})\]\s*(.*)$|^(\d{1,5})[.)]\s+(.+)$", re.DOTALL)
COLOPHON_LABEL = re.compile(
    r"^(?:disclaimer|legal notice|imprint|copyright|©|\(c\)|licen[cs]e|issn|isbn)\b\s*:?\s*",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…:;][”’\"')\]]*$")

HEADING_MAX_WORDS = 12


@dataclass
class Unit:
    line: int
    text: str


@dataclass
class _State:
    name: str
    diags: list[Diagnostic] = field(default_factory=list)

    def warn(self, line: int, message: str, level: str = "warning") -> None:
        self.diags.append(Diagnostic(level, line, message, self.name))  # type: ignore[arg-type]


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(strip_calls(text).rstrip()))


def split_units(text: str) -> list[Unit]:
    """Lines to units (paragraph candidates), joining hard-wrapped lines.

    Blank lines always separate units. Inside a block, a hard-wrapped paragraph (most
    lines long and ending mid-sentence) is joined; otherwise each line is a unit, so that
    briefs with paragraphs on single lines, separated by single newlines, still work.
    """
    units: list[Unit] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        lines = [t for _, t in block]
        wrap = max(len(t) for t in lines)
        inner = lines[:-1]
        wrapped = [t for t in inner if len(t) >= 0.6 * wrap and not ends_sentence(t)]
        if wrap <= 120 and inner and len(wrapped) * 2 >= len(inner):
            units.append(Unit(block[0][0], " ".join(t.strip() for t in lines)))
        else:
            current: Unit | None = None
            for number, line in block:
                if current is not None:
                    current.text += " " + line.strip()
                else:
                    current = Unit(number, line.strip())
                joins = len(line) >= 0.6 * wrap and not ends_sentence(line) and wrap <= 120
                if not joins:
                    units.append(current)
                    current = None
            if current is not None:
                units.append(current)
        block.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip(" \t\u00a0\ufeff"):
            block.append((number, line))
        else:
            flush()
    flush()
    for unit in units:
        unit.text = clean_spaces(unit.text)
    return [u for u in units if u.text]


def _note_match(text: str) -> tuple[int, str] | None:
    match = NOTE_ITEM.match(text)
    if not match:
        return None
    if match.group(1) is not None:
        return int(match.group(1)), match.group(2)
    return int(match.group(3)), match.group(4)


def _find_notes_start(units: list[Unit]) -> int | None:
    """Index of the first unit of the last numbered list that starts at 1 and runs to the end.

    A numbered list in the body that is followed by more prose is not the notes.
    """
    for i in range(len(units) - 1, -1, -1):
        found = _note_match(units[i].text)
        if found and found[0] == 1:
            following = units[i:]
            numbered = sum(1 for u in following if _note_match(u.text))
            if numbered * 2 >= len(following) - 2 or numbered >= 3:
                # Numbered items just before it belong to the same list (a duplicate [1]).
                while i > 0 and _note_match(units[i - 1].text):
                    i -= 1
                return i
    return None


def _is_standalone(text: str) -> bool:
    return not CALL.search(text) and not ends_sentence(text)


def parse_plaintext(text: str, name: str) -> RawBrief:
    state = _State(name)
    units = split_units(text)
    raw = RawBrief(name=name)

    # --- front matter: date, `Series: Title`, author line --------------------------------
    pos = 0
    while pos < len(units) and pos < 6:
        unit = units[pos]
        is_web, number = metamod.web_only_number(unit.text)
        if raw.date is None and (iso := metamod.parse_date(unit.text)):
            raw.date, raw.date_line = iso, unit.line
        elif is_web:
            break  # handled with the body, where such lines may also stand
        elif (names := metamod.authors_from(unit.text)) is not None:
            raw.authors = names
        elif not raw.title and _is_standalone(unit.text) and len(unit.text) <= 2000:
            series, title = metamod.split_series(unit.text)
            raw.series, raw.title, raw.title_line = series, title, unit.line
        else:
            break
        pos += 1
    body_start = pos

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
        if _is_standalone(heading.text) and len(heading.text.split()) <= 4:
            raw.notes_heading = heading.text
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
            continue
        body.append(unit)
    raw.blocks = _classify(body, state)
    raw.diagnostics = state.diags
    return raw


def _back_matter(units: list[Unit], raw: RawBrief, state: _State) -> None:
    in_colophon = False
    for unit in units:
        label = COLOPHON_LABEL.match(unit.text)
        found = None if in_colophon else _note_match(unit.text)
        if found is not None:
            number, body = found
            raw.notes.append(RawNote(number, unit.line, body.strip()))
        elif label and unit.text[: label.end()].strip(" :").lower() == "disclaimer":
            in_colophon = True
            raw.disclaimer = unit.text[label.end() :].strip()
            raw.disclaimer_line = unit.line
        elif label:
            in_colophon = True
            raw.notices.append(unit.text)
        elif raw.notes and not in_colophon and ends_sentence(unit.text) and len(unit.text) > 80:
            # A second paragraph of the previous note, pasted as its own line.
            raw.notes[-1].text += " " + unit.text
            state.warn(unit.line, f"joined this paragraph to note {raw.notes[-1].number}", "info")
        else:
            state.warn(unit.line, f"dropped site text “{_short(unit.text)}”")


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _classify(body: list[Unit], state: _State) -> list[RawBlock]:
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
    for i, unit in enumerate(body):
        inlines = parse_inlines(unit.text)
        n_words = len(unit.text.split())
        quote = is_candidate(unit.text, has_call[i]) and find_source(unit.text, sources)
        if quote:
            blocks.append(RawBlock("pullquote", unit.line, inlines))
        elif short_lines[i] or (unit.text.endswith("?") and n_words <= 8 and not has_call[i]):
            blocks.append(RawBlock("heading", unit.line, inlines))
        else:
            if _is_standalone(unit.text) and n_words <= MAX_WORDS:
                state.warn(
                    unit.line,
                    "line looks like a pull quote, but no body sentence repeats it; "
                    "kept as a paragraph",
                )
            blocks.append(RawBlock("paragraph", unit.line, inlines))
    return blocks
