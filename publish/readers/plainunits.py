"""Plain text in units: lines joined into paragraph candidates, and the reader state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Diagnostic
from ..normalizer import meta as metamod
from ..normalizer.dates import date_problem, parse_date
from ..normalizer.inlines import CALL, strip_calls
from ..normalizer.raw import Explanation
from ..normalizer.typography import clean_spaces

TERMINAL = re.compile(r"[.!?…:;][”’\"')\]]*$")


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
    cells: list[str] | None = None  # a table row, as a browser copies one: cells by tabs

    @property
    def last(self) -> int:
        return max(self.end, self.line)


@dataclass
class State:
    name: str
    diags: list[Diagnostic] = field(default_factory=list)
    explained: list[Explanation] = field(default_factory=list)

    def warn(self, line: int, message: str, level: str = "warning") -> None:
        self.diags.append(Diagnostic(level, line, message, self.name))  # type: ignore[arg-type]

    def explain(self, unit: Unit | int, what: str, why: str) -> None:
        first, last = (unit, unit) if isinstance(unit, int) else (unit.line, unit.last)
        if any((e.first, e.last, e.what) == (first, last, what) for e in self.explained):
            return  # the first, most particular reason stands (`a copied note` over `[n]`)
        self.explained.append(Explanation(first, last, what, why))


def ends_sentence(text: str) -> bool:
    return bool(TERMINAL.search(strip_calls(text).rstrip()))


# A copied footnote's back-link glyph (publish.readers.plaincopy), with the variation
# selector some producers add (U+FE0E: text style): it ends a line as a full stop would.
BACKLINK_END = re.compile(r"\s*(?:↩\ufe0e?|⤴\ufe0e?)(?:\s*↩\ufe0e?)*$")


def _ends_unit(text: str) -> bool:
    return ends_sentence(text) or bool(BACKLINK_END.search(text.rstrip()))


HEADER_LINES = 40
_WRAP_MIN = 40  # a brief's header facts stand within its first lines


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
        wrapped = [t for t in inner if len(t) >= 0.6 * wrap and not _ends_unit(t)]
        # A text is hard-wrapped at 40 columns or more: shorter lines are lines of their own
        # (a masthead's, a title block's), never one paragraph.
        if _WRAP_MIN <= wrap <= 120 and inner and len(wrapped) * 2 >= len(inner):
            units.append(Unit(block[0][0], " ".join(t.strip() for t in lines), block[-1][0]))
        else:
            current: Unit | None = None
            for number, line in block:
                if current is not None:
                    current.text += " " + line.strip()
                    current.end = number
                else:
                    current = Unit(number, line.strip(), number)
                joins = (
                    len(line) >= 0.6 * wrap and not _ends_unit(line) and _WRAP_MIN <= wrap <= 120
                )
                if not joins:
                    units.append(current)
                    current = None
            if current is not None:
                units.append(current)
        block.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if len(cells := [c.strip() for c in line.strip().split("\t")]) >= 2 and all(cells):
            flush()  # a copied table's row: its cells were separated by tabs
            units.append(Unit(number, " ".join(cells), number, cells))
            continue
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


def short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_standalone(text: str) -> bool:
    return not CALL.search(text) and not ends_sentence(text)
