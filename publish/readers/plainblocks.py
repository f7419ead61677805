"""A plain-text body's blocks by form: lists by their markers, headings, pull quotes and
paragraphs."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import ListItem, SubList
from ..normalizer.inlines import CALL, parse_inlines, strip_calls
from ..normalizer.pullquotes import MAX_WORDS, find_source, is_candidate
from ..normalizer.raw import RawBlock
from .plainunits import (
    CAPTION_LIKE,
    HEADING_MAX_WORDS,
    LIST_ITEM,
    State,
    Unit,
    ends_sentence,
    is_standalone,
    short,
)


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


def _table_rows(body: list[Unit], start: int) -> int:
    """How many units from `start` are rows of one table: tab-separated, as many cells."""
    width = len(body[start].cells or [])
    end = start
    while end < len(body) and len(body[end].cells or []) == width:
        end += 1
    return end - start


def classify(
    body: list[Unit], state: State, indents: dict[int, int] | None = None
) -> list[RawBlock]:
    """Paragraphs, headings and pull quotes, by form.

    A short line with no call that repeats a sentence of another paragraph is a pull
    quote; a short unpunctuated line that repeats nothing is a heading. Which paragraph a
    quote repeats is settled later, in `assemble`, by the same rule for every source format.
    """
    has_call = [bool(CALL.search(u.text)) for u in body]
    short_lines = [is_standalone(u.text) and len(u.text.split()) <= HEADING_MAX_WORDS for u in body]
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
        if unit.cells is not None and (rows := _table_rows(body, i)) >= 2:
            table = [[parse_inlines(c) for c in u.cells or []] for u in body[i : i + rows]]
            fields = {"caption": [], "head": table[:1], "rows": table[1:], "align": [],
                      "credit": [], "row_headers": False}  # fmt: skip
            blocks.append(RawBlock("table", unit.line, [], fields=fields))
            state.explain(unit.line, "table", f"{rows} lines of tab-separated cells, as a "
                          "browser copies a table's rows")  # fmt: skip
            skip_to = i + rows
            continue
        if CAPTION_LIKE.match(unit.text):
            state.warn(
                unit.line,
                f"“{short(unit.text, 40)}” kept as text: the graphic it captions is not in "
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
            if is_standalone(unit.text) and n_words <= MAX_WORDS:
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
