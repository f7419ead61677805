"""What a browser's copy (Ctrl+C, or `innerText`) makes of a page's footnote markup.

A browser copies an `<ol>`'s items without their numbers, and a back-link as its glyph. So
the notes of a copied page arrive in one of two forms, both read here as a numbered list
(`[n] …`) for the shared notes rules:

- **back-linked items**: each note ends (or begins) with the back-link glyph that the
  producer documents: `↩︎` (pandoc, markdown-it and so Ghost, WordPress's footnotes block,
  kramdown), `↩` (Python-Markdown), `↑` and `^` at the start (MediaWiki). The items are
  numbered in order.
- **a number alone on a line, then the note**: Substack's `footnote-number` link above its
  `footnote-content`. Only a run 1, 2, 3 … that goes to the end of the text is taken.

Neither form is looked for in a text that already has a numbered notes list.
"""

from __future__ import annotations

import re

from .plainunits import BACKLINK_END, State, Unit

BACKLINK_START = re.compile(r"^(?:↑|\^)\s+(?=\S)")
_LONE_NUMBER = re.compile(r"\d{1,3}")


def backlinked(text: str) -> bool:
    return bool(BACKLINK_END.search(text) or BACKLINK_START.match(text))


def copied_notes(units: list[Unit], state: State) -> list[Unit]:
    """`units` with a copied notes list rewritten as `[n] …` items, when there is one."""
    return _backlinked(units, state) or _numbers_above(units, state) or units


def _backlinked(units: list[Unit], state: State) -> list[Unit] | None:
    marked = [i for i, u in enumerate(units) if backlinked(u.text)]
    if not marked:
        return None
    first, last = marked[0], marked[-1]
    # One run of notes near the end: the items between marked ones are paragraphs of the
    # note whose back-link closes them (pandoc puts it in a note's last paragraph).
    if len(units) - last > 4 or last - first + 1 > 2 * len(marked):
        return None
    out = units[:first]
    number, pending = 0, []
    for unit in units[first : last + 1]:
        if not backlinked(unit.text):
            pending.append(unit.text)
            continue
        number += 1
        text = BACKLINK_START.sub("", BACKLINK_END.sub("", unit.text))
        text = " ".join([*pending, text])
        start = units[units.index(unit) - len(pending)].line if pending else unit.line
        pending = []
        out.append(Unit(start, f"[{number}] {text}", unit.last))
        state.explain(unit, f"note {number}", "a copied note: it ends with its back-link glyph")
    return out + units[last + 1 :]


def _numbers_above(units: list[Unit], state: State) -> list[Unit] | None:
    """Substack's copy: `1`, the note, `2`, the note … to the end (chrome may follow)."""
    for start, unit in enumerate(units):
        if unit.text != "1":
            continue
        pos, number, notes = start, 1, []
        while (
            pos + 1 < len(units)
            and units[pos].text == str(number)
            and not _LONE_NUMBER.fullmatch(units[pos + 1].text)
        ):
            notes.append((units[pos], units[pos + 1]))
            pos, number = pos + 2, number + 1
        if notes and len(units) - pos <= 3:
            out = units[:start]
            for n, (mark, note) in enumerate(notes, start=1):
                out.append(Unit(mark.line, f"[{n}] {note.text}", note.last))
                state.explain(note, f"note {n}", "a copied note: its number alone above it")
            return out + units[pos:]
    return None
