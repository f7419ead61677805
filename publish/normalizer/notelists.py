"""Notes written as text in a structured source, and the checks every format's notes get.

Word pasted into a CMS, a page typed by hand, a Word file whose author numbered the notes
themselves: the notes arrive as paragraphs `[1] …` (or `1. …`, or an ordered list) under a
heading such as "Endnotes", and the calls as `[1]` or `¹` in the text. No markup says
they are notes, so the markup readers find none; this rule, run on every reader's raw
blocks, takes them. Plain text has the same rule on its lines (publish/readers/plaintext).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..document import Inline, list_items
from .calls import SUPERSCRIPTS
from .inlines import CALL, merge_text, plain_text
from .raw import Explanation, RawBlock, RawBrief, RawNote

Report = Callable[[str, int, str], None]

# A heading over the notes, in the briefs' languages (a trailing colon allowed).
NOTES_TITLE = re.compile(
    r"^\s*(?:end\s*notes?|notes?|foot\s*notes?|references?|sources?|notes and references|"
    r"anmerkungen|fußnoten|fussnoten|endnoten|quellen|notes de fin|références|"
    r"märkused|viited|allikad|viitteet|lähteet|huomautukset|išnašos|nuorodos|šaltiniai|"
    r"atsauces|piezīmes|przypisy|źródła|bibliografia|примітки|джерела|الهوامش|المراجع)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
# A note's own number at its start: `[1] …`, `1. …`, `1) …`, `¹ …`.
_ITEM = re.compile(rf"^\s*(?:\[(\d{{1,4}})\]|(\d{{1,4}})[.)](?=\s)|([{SUPERSCRIPTS}]{{1,4}}))\s*")
_FROM_SUPER = str.maketrans(SUPERSCRIPTS, "0123456789")
_SUPER_CALL = re.compile(rf"(?<=[^\s{SUPERSCRIPTS}])([{SUPERSCRIPTS}]{{1,3}})(?![{SUPERSCRIPTS}])")


def is_notes_title(text: str) -> bool:
    return bool(NOTES_TITLE.match(text))


def _numbered(runs: list[Inline]) -> tuple[int, list[Inline]] | None:
    """(number, the rest) of a paragraph that starts with its note number."""
    runs = merge_text(runs)
    if not runs or runs[0].type not in ("text", "em", "strong"):
        return None
    match = _ITEM.match(runs[0].text)
    if not match:
        return None
    number = int((match.group(1) or match.group(2) or match.group(3)).translate(_FROM_SUPER))
    rest = [Inline(runs[0].type, runs[0].text[match.end() :]), *runs[1:]]
    return number, [r for r in rest if r.type == "noteref" or r.text]


def _items(blocks: list[RawBlock]) -> list[tuple[int, int, list[Inline]]]:
    """The notes at the start of `blocks`: (number, line, runs), counting on from 1."""
    found: list[tuple[int, int, list[Inline]]] = []
    for block in blocks:
        if block.type == "list" and block.fields.get("ordered") and not found:
            start = block.fields.get("start") or 1
            for k, item in enumerate(block.fields["items"]):
                found.append((start + k, block.line, item.inlines))
            if start != 1:
                return []
            continue
        if block.type != "paragraph":
            break
        item = _numbered(block.inlines)
        if item is None or item[0] != len(found) + 1:
            break
        found.append((item[0], block.line, item[1]))
    return found


def take_text_notes(raw: RawBrief, report: Report) -> None:
    """Notes written as numbered paragraphs (or a list) under a notes heading, or as a run
    of `[n]` paragraphs ending the body, when the markup gave none."""
    if raw.notes:
        return
    blocks = raw.blocks
    heading_at = next(
        (
            i
            for i in range(len(blocks) - 1, -1, -1)
            if blocks[i].type == "heading" and is_notes_title(plain_text(blocks[i].inlines))
        ),
        None,
    )
    if heading_at is not None:
        start = heading_at + 1
    else:
        # No heading: a run of `[1] …`, `[2] …` paragraphs that ends the body.
        start = next(
            (
                i
                for i, b in enumerate(blocks)
                if b.type == "paragraph"
                and (n := _numbered(b.inlines))
                and n[0] == 1
                and plain_text(b.inlines).lstrip().startswith("[")
                and len(_items(blocks[i:])) == len(blocks) - i
            ),
            None,
        )
        if start is None:
            return
    items = _items(blocks[start:])
    if not items or (heading_at is None and len(items) < 2):
        return
    used = len(_blocks_holding(blocks[start:], len(items)))
    for number, line, runs in items:
        raw.notes.append(RawNote(number, line, plain_text(runs).strip(), inlines=runs))
        why = "shared notes rule: a numbered paragraph in the notes list"
        raw.explanations.append(Explanation(line, line, f"note {number}", why))
    if heading_at is not None:
        raw.notes_heading = plain_text(blocks[heading_at].inlines).strip()
        line = blocks[heading_at].line
        why = "shared notes rule: a heading titled like Endnotes over the notes"
        raw.explanations.append(Explanation(line, line, "notes heading", why))
        del blocks[heading_at : start + used]
    else:
        del blocks[start : start + used]
    report("info", items[0][1], f"read {len(items)} numbered paragraphs as the notes, and "
           "their [n] calls in the text as note calls")  # fmt: skip
    numbers = {n for n, _, _ in items}
    for block in blocks:
        _rewrite_block(block, numbers)


def _blocks_holding(blocks: list[RawBlock], count: int) -> list[RawBlock]:
    """The blocks that held the first `count` notes."""
    held: list[RawBlock] = []
    taken = 0
    for block in blocks:
        if taken >= count:
            break
        held.append(block)
        taken += len(block.fields["items"]) if block.type == "list" else 1
    return held


def _rewrite_block(block: RawBlock, numbers: set[int]) -> None:
    block.inlines = rewrite_text_calls(block.inlines, numbers)
    if block.type == "list":
        for item in list_items(block.fields.get("items", [])):
            item.inlines = rewrite_text_calls(item.inlines, numbers)
    if block.type == "blockquote":
        block.fields["paragraphs"] = [
            rewrite_text_calls(p, numbers) for p in block.fields.get("paragraphs", [])
        ]
    if block.type == "table":
        for key in ("head", "rows"):
            block.fields[key] = [
                [rewrite_text_calls(cell, numbers) for cell in row]
                for row in block.fields.get(key, [])
            ]


def rewrite_text_calls(runs: list[Inline], numbers: set[int]) -> list[Inline]:
    """`[3]` and `³` in text runs → note calls, where note 3 exists."""
    out: list[Inline] = []
    for run in runs:
        if run.type != "text":
            out.append(run)
            continue
        text, pos = run.text, 0
        for match in _calls(text):
            number = int(match[2])
            if number not in numbers:
                continue
            if match[0] > pos:
                out.append(Inline("text", text[pos : match[0]]))
            out.append(Inline("noteref", number=number))
            pos = match[1]
        if pos < len(text):
            out.append(Inline("text", text[pos:]))
    return merge_text(out)


def _calls(text: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), m.group(1)) for m in CALL.finditer(text)]
    found += [
        (m.start(), m.end(), m.group(1).translate(_FROM_SUPER)) for m in _SUPER_CALL.finditer(text)
    ]
    return sorted(found)


def check_notes(raw: RawBrief, report: Report) -> None:
    """What would otherwise be silently wrong about notes, whatever the format."""
    for block in raw.blocks:
        if block.type == "heading" and is_notes_title(plain_text(block.inlines)):
            report("warning", block.line, f"section “{plain_text(block.inlines).strip()}” is "
                   "titled like the notes but was read as body text: its paragraphs are not "
                   "numbered notes ([1] …) nor a list")  # fmt: skip
    # A notes list with no calls is said by the cross-check (“note n is never called”).
    if not raw.notes and raw.call_form == "[{}]":
        for block in raw.blocks:
            if block.type == "paragraph" and (m := CALL.search(plain_text(block.inlines))):
                report("warning", block.line, f"“{m.group()}” looks like a note call, but the "
                       "brief has no notes list (a heading such as Endnotes over [1] … "
                       "paragraphs)")  # fmt: skip
                break


def check_heading_levels(raw: RawBrief, report: Report) -> None:
    """A heading level that skips (h2 to h4) between sections is said: the Document keeps
    one level of sections. Where the first section starts (under the title) is the
    author's choice."""
    levels = [b.level for b in raw.blocks if b.type == "heading" and b.level]
    previous = min(levels, default=0)
    for block in raw.blocks:
        if block.type != "heading" or not block.level:
            continue
        if block.level > previous + 1:
            report("warning", block.line, f"heading level skips from {previous} to "
                   f"{block.level} at “{plain_text(block.inlines).strip()[:50]}”")  # fmt: skip
        previous = block.level
