"""Plain-text briefs, as pasted from a publisher's web page.

The rules read the *form* of the text, never its words: a date alone on a line, a short
`Series: Title` line, short unpunctuated lines (headings), lines that repeat a body
sentence (pull quotes), a numbered list at the end (notes), a labelled notice
(`Disclaimer:`), and whatever follows it (site text, dropped with a warning).
"""

from __future__ import annotations

import re

from ..normalizer import meta as metamod
from ..normalizer.calls import SUPERSCRIPTS, listless_calls, rewrite_calls
from ..normalizer.notices import COLOPHON_LABEL, DISCLAIMER_HINT, DISCLAIMER_LABEL
from ..normalizer.raw import RawBrief, RawNote
from .plainblocks import classify
from .plaincopy import copied_notes
from .plainheader import read_header
from .plainunits import LIST_ITEM, State, Unit, ends_sentence, is_standalone, short, split_units

# A notes-list item: `[1] …`, `1. …`, `1) …`, `¹ …` (with or without the space), or
# `1 …` (digits and a space), which is taken only as the next number of a list.
NOTE_ITEM = re.compile(
    r"^(?:\[(?P<bracket>\d{1,4})\]|(?P<dot>\d{1,4})[.)](?!\d)|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})"
    r"|(?P<bare>\d{1,4})(?=\s))\s*(?P<text>.*)$",
    re.DOTALL,
)


_SUPER_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")


_FORM_NAMES = {"bracket": "[n]", "dot": "n. or n)", "sup": "superscript", "bare": "n and a space"}


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


def parse_plaintext(text: str, name: str) -> RawBrief:
    state = State(name)
    units = split_units(text)
    lines = text.split("\n")
    # Indentation of each list item's first line: what nests one list in another.
    indents = {
        u.line: len(m.group(1).expandtabs(4))
        for u in units
        if (m := LIST_ITEM.match(lines[u.line - 1]))
    }
    raw = RawBrief(name=name)

    body_start = read_header(units, raw, state)

    # --- back matter: notes list, colophon notices, trailing site text ---------------------
    notes_start = _find_notes_start(units[body_start:])
    if notes_start is None:  # perhaps a page's notes, copied in a browser
        units[body_start:] = copied_notes(units[body_start:], state)
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
        if is_standalone(label) and len(label.split()) <= 4 and heading.cells is None:
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
            state.warn(unit.line, f"dropped web page furniture ({kind}) “{short(unit.text)}”",
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
    body = [Unit(u.line, t, u.end, u.cells) for u, t in zip(body, texts, strict=True)]
    if not raw.notes and (calls := listless_calls([(u.line, u.text) for u in body])):
        line, context = calls[0]
        state.warn(line, f"“{context}” and {len(calls) - 1} more look like note calls 1 to "
                   f"{len(calls)}, but the text has no notes list (a page copied in a browser "
                   "loses the list's numbers): number the notes [1] … under an Endnotes "
                   "heading")  # fmt: skip
    if raw.disclaimer is None:
        for unit in body[-3:]:
            if DISCLAIMER_HINT.search(unit.text) and len(unit.text.split()) >= 8:
                state.warn(
                    unit.line,
                    "this paragraph reads like a disclaimer; kept in the body (label it "
                    "“Disclaimer:” or set the `disclaimer` key to move it to the colophon)",
                )
    raw.blocks = classify(body, state, indents)
    _doubt_a_name_under_the_title(raw, body, state)
    raw.diagnostics = state.diags
    raw.explanations = sorted(state.explained, key=lambda e: (e.first, e.last))
    return raw


def _back_matter(units: list[Unit], raw: RawBrief, state: State) -> None:
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
            state.warn(unit.line, f"dropped site text “{short(unit.text)}”")
            state.explain(unit, "dropped", "site text after the notes or colophon")


def _next_is_note(units: list[Unit], unit: Unit, raw: RawBrief) -> bool:
    """Is the unit after `unit` the next note? Then `unit` sits inside the list."""
    after = units[units.index(unit) + 1]
    found = _note_match(after.text)
    return found is not None and found[0] == raw.notes[-1].number + 1


def _doubt_a_name_under_the_title(raw: RawBrief, body: list[Unit], state: State) -> None:
    """A theme's author link, copied, is a name alone under the title: read as a heading
    (a heading may look like a name too), but said."""
    if raw.authors:
        return
    units = {u.line: u for u in body}
    for block in raw.blocks[:2]:
        unit = units.get(block.line)
        if unit is not None and block.type == "heading" and metamod.looks_like_name(unit.text):
            state.warn(unit.line, f"“{unit.text}” under the title looks like an author's name "
                       f"but is read as a heading: write “By {unit.text}” if it is the "
                       "author")  # fmt: skip
            return
