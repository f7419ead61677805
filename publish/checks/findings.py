"""Gate findings and diagnostics as a release prints them: in the brief's terms, repeats collapsed.

A finding about a note is written `note N <what>` with, when known, ` (line L)`: the line of
the note in the brief, never an internal anchor such as `ref-12`. Twenty-three findings
that differ only in their note number are one line:

    pdf, print: 23 notes have no call in the text (first: note 1, line 57)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..document import Document

# `note 12 has no call in the text (line 57)`, perhaps after an edition: `pdf: `.
_NOTE = re.compile(r"^note (?P<n>\d+)(?P<rest>.*?)(?: \(line (?P<line>\d+)\))?$")
_EDITION = re.compile(r"^(?P<ed>pdf|print|epub structure|epub): (?P<text>.*)$", re.DOTALL)
_DIGITS = re.compile(r"\d+")

# What many notes have in common, for each singular finding (digits written as #).
PLURALS = {
    " has no call in the text": "have no call in the text",
    " is on page #, its call on page #": "are not on their call's page",
    " is not on page #, where it is called": "are missing from their call's page",
    " has no link back to its call": "have no link back to their call",
    ": its call leads to no note": "have calls that lead to no note",
    ": its number links to another call": "have numbers that link to another call",
    " is never called": "are never called",
    " is called more than once": "are called more than once",
    " is empty": "are empty",
    " out of order (expected #)": "are out of order",
    ": “[#]” is not a call in Markdown; write [^#]": "are called as “[n]”, which Markdown "
    "does not read as a call; write [^n]",
}


def at_line(doc: Document | None, number: int) -> str:
    """` (line L)` for note `number` when the brief says where it is, else ``."""
    note = doc.note(number) if doc is not None else None
    return f" (line {note.line})" if note is not None and note.line else ""


def collapse(findings: Iterable[str]) -> list[str]:
    """Gate findings, the same finding in several editions and about several notes merged."""
    order: list[str] = []
    groups: dict[str, tuple[list[str], list[str], list[re.Match[str] | None]]] = {}
    for finding in findings:
        ed, text = "", finding
        if m := _EDITION.match(finding):
            ed, text = m.group("ed"), m.group("text")
        note = _NOTE.match(text)
        shape = _DIGITS.sub("#", note.group("rest")) if note else ""
        key = shape if note and shape in PLURALS else text
        if key not in groups:
            groups[key] = ([], [], [])
            order.append(key)
        editions, texts, notes = groups[key]
        if ed and ed not in editions:
            editions.append(ed)
        if text not in texts:
            texts.append(text)
            notes.append(note)
    lines = []
    for key in order:
        editions, texts, notes = groups[key]
        prefix = f"{', '.join(editions)}: " if editions else ""
        if len(texts) == 1 or key not in PLURALS or notes[0] is None:
            lines += [prefix + text for text in texts]
        else:
            lines.append(f"{prefix}{len(texts)} notes {PLURALS[key]} ({_first(notes[0])})")
    return lines


def _first(note: re.Match[str]) -> str:
    """`first: note 3, line 40` and, when the finding has particulars (pages), them too."""
    where = f"first: note {note.group('n')}"
    if note.group("line"):
        where += f", line {note.group('line')}"
    return where + _particulars(note)


def _particulars(note: re.Match[str]) -> str:
    """What the plural line leaves out of the first finding: its pages, the number expected."""
    rest = note.group("rest").lstrip(":").strip()
    if expected := re.search(r"expected (\d+)", rest):
        return f", expected {expected.group(1)}"
    return f", {rest.removeprefix('is ')}" if re.search(r"\bpage\b", rest) else ""


def collapse_diagnostics(lines: Iterable[str]) -> list[str]:
    """Formatted diagnostics (`file:line: level: note N …`): repeats about notes merged."""
    pattern = re.compile(r"^(?P<where>.*?:\d+: (?:warning|error|info): )(?P<msg>note \d+.*)$")
    groups: dict[str, list[tuple[str, re.Match[str]]]] = {}
    out: list[str | tuple[str, str]] = []
    for line in lines:
        m = pattern.match(line)
        note = _NOTE.match(m.group("msg")) if m else None
        key = _DIGITS.sub("#", note.group("rest")) if note else ""
        if not m or note is None or key not in PLURALS:
            out.append(line)
            continue
        level = m.group("where").rsplit(": ", 2)[-2]
        group_key = f"{level}|{key}"
        if group_key not in groups:
            groups[group_key] = []
            out.append(("group", group_key))
        groups[group_key].append((line, note))
    result = []
    for item in out:
        if isinstance(item, str):
            result.append(item)
            continue
        members = groups[item[1]]
        line, note = members[0]
        if len(members) == 1:
            result.append(line)
            continue
        where = pattern.match(line).group("where")  # type: ignore[union-attr]
        key = item[1].split("|", 1)[1]
        first = f"first: note {note.group('n')}{_particulars(note)}"
        result.append(f"{where}{len(members)} notes {PLURALS[key]} ({first})")
    return result


def about_notes(line: str) -> bool:
    return bool(re.search(r"\bnotes?\b|\bcalls?\b", line))


def related_warnings(warnings: list[str], failures: list[str]) -> list[str]:
    """The warnings that explain a failure: those about notes, when a failure is about notes
    (a call not recognised shows first as `note 4 is never called`)."""
    if not any(about_notes(f) for f in failures):
        return []
    return [w for w in warnings if about_notes(w.split(": warning: ", 1)[-1])]
