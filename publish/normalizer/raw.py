"""The raw block stream: what every reader (publish/readers/) emits, whatever the format.

A reader fills a RawBrief with blocks, notes and the header facts its markup states, each
with its source line (or paragraph number, for formats without lines). The shared rules
(publish/normalizer/) then read the rest from it, the same way for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..document import Author, Diagnostic, Inline


@dataclass
class RawBlock:
    type: str  # heading | paragraph | pullquote | figure | table | list | blockquote
    line: int
    inlines: list[Inline]
    call_lines: list[int] = field(default_factory=list)  # the line of each call, when known
    fields: dict[str, Any] = field(default_factory=dict)  # the Block fields of other types
    level: int = 0  # a heading's level in the source (h2: 2), where the format has levels
    rule: str = ""  # the rule that made this block, for --explain ("" : the markup said so)


@dataclass
class RawNote:
    number: int
    line: int
    text: str
    inlines: list[Inline] | None = None  # None: parse `text` (plain-text notes)
    mark: str | None = None  # a custom note mark (Word's, or a Markdown `[^*]` label)


@dataclass
class Explanation:
    """Why a reader classified source lines `first`–`last` as `what` (for --explain)."""

    first: int
    last: int
    what: str
    why: str

    def format(self) -> str:
        where = (
            f"line {self.first}" if self.last <= self.first else (f"lines {self.first}-{self.last}")
        )
        return f"{where}: {self.what} ({self.why})"


@dataclass
class RawBrief:
    name: str
    title: str = ""
    title_line: int = 0
    series: str | None = None
    number: int | None = None
    date: str | None = None
    date_line: int = 0
    subtitle: str | None = None
    authors: list[Author] = field(default_factory=list)
    language: str | None = None  # set when the source itself declares it (HTML lang)
    language_by: str = "the source"  # who declared it, for diagnostics
    blocks: list[RawBlock] = field(default_factory=list)
    notes: list[RawNote] = field(default_factory=list)
    notes_heading: str | None = None
    disclaimer: str | None = None
    disclaimer_inlines: list[Inline] | None = None
    disclaimer_line: int = 0
    notices: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    front_matter: dict[str, Any] = field(default_factory=dict)  # Markdown sources
    call_form: str = "[{}]"  # how the source writes a call, for messages: `[^{}]` in Markdown
    explanations: list[Explanation] = field(default_factory=list)
