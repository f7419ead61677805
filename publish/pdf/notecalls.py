"""Note calls in the PDF's HTML: where each note is set (at the foot of its call's page, or
with the endnotes), and inline runs with each call glued to the word before it, so that a
call never starts a line.

- a note call is `<span class="call" id="ref-N">last-word<span class="footnote">…</span></span>`:
  the wrapper is `white-space: nowrap`, and its id becomes a PDF named destination on the
  page of the call (publish.checks.pdfcheck reads it);
- a note too long for the footnote area (LONG_NOTE characters) is set as an endnote instead,
  because WeasyPrint never splits a footnote and would defer it page after page;
- a brief with more than MAX_FOOTNOTES notes sets them all as endnotes: WeasyPrint's footnote
  layout costs about 30 ms a note (2,000 notes: over a minute per edition), endnotes a fifth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document, Inline, Note
from ..html import esc, render_inlines

# About a third of an A5 page of 8 pt notes: longer notes become endnotes.
LONG_NOTE = 1200
# Beyond this many notes, footnote layout would run for minutes: every note is an endnote.
MAX_FOOTNOTES = 300


def is_footnote(note: Note, doc: Document | None = None) -> bool:
    """True when the note is set at the foot of its call's page, False for an endnote."""
    if doc is not None and len(doc.notes) > MAX_FOOTNOTES:
        return False
    return len(note.text) <= LONG_NOTE


@dataclass
class Notes:
    """Which notes were placed where while rendering the body."""

    doc: Document
    placed: set[int]
    endnotes: list[int]
    labels: dict[int, str] = field(default_factory=dict)  # Document.note_labels(): marks
    # Footnotes set after the text instead, above the colophon that shares their page
    # (publish/pdf/__init__.py), and the order in which they were called.
    tail: frozenset[int] = frozenset()
    tailed: list[int] = field(default_factory=list)

    def shown(self, number: int) -> str:
        """What the call and the note show: a custom mark (`*`), or the number."""
        return self.labels.get(number, str(number))

    def call(self, number: int) -> str:
        """The markup after the last word for a call to note `number`."""
        note = self.doc.note(number)
        if note is None:
            return ""  # the normalizer reports dangling calls; nothing to point at
        footnote = is_footnote(note, self.doc)
        if number in self.placed or not footnote or number in self.tail:
            # A second call, an endnote or a note set after the text: a plain superscript
            # link, never a (second) float.
            if not footnote and number not in self.endnotes:
                self.endnotes.append(number)
            elif footnote and number in self.tail and number not in self.tailed:
                self.tailed.append(number)
            target = "note-" if footnote and number in self.tail else "endnote-"
            self.placed.add(number)
            return (
                f'<sup class="noteref" data-pdf="reference">'
                f'<a href="#{target}{number}">{esc(self.shown(number))}</a></sup>'
            )
        self.placed.add(number)
        body = render_inlines(note.inlines) if note.inlines else esc(note.text)
        # data-n is what ::footnote-call and ::footnote-marker print (styles/pdf.css); a
        # custom mark is printed without the full stop a number gets (class "marked").
        marked = " marked" if note.mark else ""
        return (
            f'<span class="footnote{marked}" id="note-{number}" data-n="{esc(self.shown(number))}"'
            f' data-pdf="note">{body}</span>'
        )


def _split_last_word(text: str) -> tuple[str, str]:
    """("head ", "word") so the last word can be glued to the call that follows it."""
    stripped = text.rstrip()
    cut = max(stripped.rfind(" "), stripped.rfind("\n"), stripped.rfind("\t")) + 1
    return stripped[:cut], stripped[cut:]


def inline_html(inlines: list[Inline], notes: Notes | None) -> str:
    """Inline runs with each group of calls glued to the word before it."""
    out: list[str] = []
    i = 0
    while i < len(inlines):
        run = inlines[i]
        j = i + 1
        calls: list[int] = []
        while j < len(inlines) and inlines[j].type == "noteref":
            if inlines[j].number is not None:
                calls.append(inlines[j].number)  # type: ignore[arg-type]
            j += 1
        if run.type == "noteref":
            # Calls at the very start of a run of text: nothing to glue them to.
            if run.number is not None:
                calls.insert(0, run.number)
            glued = ""
            before = ""
        elif not calls:
            out.append(render_inlines([run]))
            i = j
            continue
        elif run.type in ("text", "em", "strong"):
            head, word = _split_last_word(run.text)
            before = render_inlines([Inline(run.type, head)]) if head else ""
            glued = render_inlines([Inline(run.type, word)]) if word else ""
        else:
            # A link keeps its own wrapping; a word joiner still forbids a break before the call.
            before = render_inlines([run]) + "\u2060"
            glued = ""
        if notes is None:
            out.append(before + glued)
        else:
            marks = "".join(notes.call(n) for n in calls)
            first = calls[0] if calls else 0
            out.append(f'{before}<span class="call" id="ref-{first}">{glued}{marks}</span>')
        i = j
    return "".join(out)
