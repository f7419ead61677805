"""The Markdown reader's state: source lines for each parsed element, and inline runs."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.util import AMP_SUBSTITUTE, ETX, STX

from ..document import Diagnostic, Inline
from ..normalizer.inlines import CALL, LOOSE_CALL, merge_text, plain_text

_PLACEHOLDER = re.compile(f"{STX}wzxhzdk:(\\d+){ETX}")


_ENTITY = re.compile(r"^&(#\d+|#x[0-9a-fA-F]+|\w+);$")


WEB = ("http://", "https://", "mailto:")


# Inline markup removed from a source line before we look for a block's words in it.
_SOURCE_MARKUP = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images: dropped from the text
    (re.compile(r"\[\^[^\]\s]+\]:?"), ""),  # note calls and definitions
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [label](href) -> label
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # [label][ref] -> label
    (re.compile(r"<((?:https?|mailto):[^>\s]*)>", re.IGNORECASE), r"\1"),  # autolinks
]


_EMPHASIS = re.compile(r"[*_\\`]")


def _searchable(line: str) -> str:
    for pattern, repl in _SOURCE_MARKUP:
        line = pattern.sub(repl, line)
    return " ".join(_EMPHASIS.sub("", html.unescape(line)).split())


@dataclass
class _Pending:
    """A diagnostic met while reading a block's inlines, placed once the block's line is
    known: at the first line from there that holds `needle` (the source's own spelling)."""

    level: str
    message: str
    needle: str


class MarkdownReader:
    def __init__(self, name: str, source_lines: list[str], offset: int) -> None:
        self.name = name
        self.lines = source_lines
        self.searchable = [_searchable(line) for line in source_lines]
        self.offset = offset  # lines of front matter before the body
        self.cursor = 0
        self.diags: list[Diagnostic] = []
        self.stash: list[str] = []
        self.labels: dict[str, int] = {}
        self.pending: list[_Pending] = []
        self.calls: list[str] = []  # labels of the current block's calls, in order
        self.in_note = False  # reading a note: no call may stand in it

    def warn(self, line: int, message: str) -> None:
        self.diags.append(Diagnostic("warning", line, message, self.name))

    def later(self, level: str, message: str, needle: str) -> None:
        self.pending.append(_Pending(level, message, needle))

    def line_of(self, text: str) -> int:
        """The source line where a block starts: the first line, from the last block on,
        where its opening words begin (they may run on over a wrapped line)."""
        probe = " ".join(_EMPHASIS.sub("", text).split()[:3])[:40]
        if probe:
            for i in range(self.cursor, len(self.lines)):
                first = self.searchable[i]
                if not first:
                    continue
                window = []  # this line and the lines of its paragraph after it
                for line in self.searchable[i : i + 4]:
                    if not line:
                        break
                    window.append(line)
                joined = " ".join(window)
                if 0 <= joined.find(probe) < len(first):
                    self.cursor = i + 1
                    return i + 1 + self.offset
        return self.cursor + self.offset

    def line_of_raw(self, needle: str) -> int:
        """The first line from the last block on that holds `needle` as written (markup and
        all: the searchable lines have images taken out)."""
        line = self.find(needle, self.cursor + 1 + self.offset)
        self.cursor = max(self.cursor, line - self.offset)
        return line

    def definition_line(self, label: str) -> int:
        """The line of `[^label]:`, wherever in the body it stands."""
        pattern = re.compile(rf"^ {{0,3}}\[\^{re.escape(label)}\]:")
        for i, line in enumerate(self.lines):
            if pattern.match(line):
                return i + 1 + self.offset
        return self.cursor + self.offset

    def find(self, needle: str, start: int) -> int:
        """The first line at or after `start` (1-based, whole file) holding `needle`."""
        for i in range(max(start - 1 - self.offset, 0), len(self.lines)):
            if needle and needle in self.lines[i]:
                return i + 1 + self.offset
        return start

    def settle(self, line: int) -> list[int]:
        """Place the pending diagnostics of a block starting at `line`; return the line of
        each of its calls, in order."""
        for item in self.pending:
            where = self.find(item.needle, line)
            self.diags.append(Diagnostic(item.level, where, item.message, self.name))  # type: ignore[arg-type]
        self.pending = []
        lines, at = [], line
        for label in self.calls:
            at = self.find(f"[^{label}]", at)
            lines.append(at)
        self.calls = []
        return lines

    # --- text --------------------------------------------------------------------------
    def restore(self, text: str | None) -> str:
        if not text:
            return ""

        def put_back(match: re.Match[str]) -> str:
            raw = self.stash[int(match.group(1))]
            if _ENTITY.match(raw.strip()):
                return html.unescape(raw)
            if raw.lstrip().startswith("<") and not raw.lstrip().startswith("</"):
                # Never markup: say so, so that an author who meant an image or a link knows.
                shown = " ".join(raw.split())[:60]
                self.later("warning", f"raw HTML shown as text: “{shown}”",
                           raw.strip().split("\n")[0])  # fmt: skip
            return raw

        text = _PLACEHOLDER.sub(put_back, text)
        for marker in (FN_BACKLINK_TEXT, NBSP_PLACEHOLDER):
            text = text.replace(marker, "")
        return text.replace(AMP_SUBSTITUTE, "&").replace("\n", " ")

    def text_runs(self, text: str, style: str) -> list[Inline]:
        """Text, with every call Python-Markdown could not resolve taken out of it.

        `[^16]` without a `[^16]:` definition is left as literal text by Python-Markdown;
        it must never reach an edition. A numbered one becomes a call to a note that does
        not exist (reported by the cross-check, as in plain text), unless a named note was
        given that number; any other label is reported here and dropped.
        """
        out: list[Inline] = []
        pos = 0
        if not self.in_note:
            for plain in CALL.finditer(text):
                number = int(plain.group(1))
                if number in self.labels.values():  # a plain-text call to a Markdown note
                    self.later("warning", f"note {number}: “{plain.group()}” is not a call in "
                               f"Markdown; write [^{number}]", plain.group())  # fmt: skip
        for match in LOOSE_CALL.finditer(text):
            out.append(Inline(style, text[pos : match.start()]))  # type: ignore[arg-type]
            label = match.group(1)
            self.calls.append(label)
            number = int(label) if label.isdigit() and len(label) <= 5 else None
            # [^0] is a call too (to a note that cannot exist), as [0] is in plain text.
            if number is not None and not self.in_note and number not in self.labels.values():
                # The cross-check reports it, on this call's line, as for plain text.
                out.append(Inline("noteref", number=number))
            else:  # a named label, or a number a named note took: this call reaches nothing
                self.later("error", f"call [^{label}] to a note that does not exist",
                           match.group(0))  # fmt: skip
                self.calls.pop()
            pos = match.end()
        out.append(Inline(style, text[pos:]))  # type: ignore[arg-type]
        return out

    def inlines(self, element: ET.Element, style: str = "text") -> list[Inline]:
        out: list[Inline] = []
        if element.text:
            out.extend(self.text_runs(self.restore(element.text), style))
        for child in element:
            out.extend(self.child_inlines(child, style))
            if child.tail:
                out.extend(self.text_runs(self.restore(child.tail), style))
        return out

    def child_inlines(self, child: ET.Element, style: str) -> list[Inline]:
        tag = child.tag
        if tag == "sup" and len(child) and "footnote-ref" in (child[0].get("class") or ""):
            label = (child[0].get("href") or "").removeprefix("#fn:")
            self.calls.append(label)
            return [Inline("noteref", number=self.labels.get(label, 0))]
        if tag == "a" and "footnote-backref" in (child.get("class") or ""):
            return []
        if tag in ("em", "i", "strong", "b"):
            # Flat runs: the emphasis as one run of its text, but its note calls kept.
            kind = "em" if tag in ("em", "i") else "strong"
            return styled(self.inlines(child), kind)
        if tag == "a":
            label = plain_text(self.inlines(child))
            href = child.get("href") or ""
            if href.lower().startswith(WEB):
                return [Inline("link", label, href=href)]
            self.later("warning", f"link to “{href}” is not a web address; kept as text", href)
            return [Inline(style, label)]  # type: ignore[arg-type]
        if tag == "img":
            src = child.get("src", "")
            self.later(
                "warning",
                f"image “{src}” left out: only an image alone in its paragraph makes a figure",
                src,
            )
            return []
        if tag == "br":
            return [Inline(style, " ")]  # type: ignore[arg-type]
        return self.inlines(child, style)  # code, span, …: their text


def styled(runs: list[Inline], kind: str) -> list[Inline]:
    """`runs` as `kind` text between the note calls they hold."""
    out: list[Inline] = []
    for run in runs:
        if run.type == "noteref":
            out.append(run)
        elif out and out[-1].type == kind:
            out[-1] = Inline(kind, out[-1].text + run.text)  # type: ignore[arg-type]
        else:
            out.append(Inline(kind, run.text))  # type: ignore[arg-type]
    return out


def trim(runs: list[Inline]) -> list[Inline]:
    runs = merge_text(runs)
    if runs and runs[0].type == "text":
        runs[0] = Inline("text", runs[0].text.lstrip())
    if runs and runs[-1].type == "text":
        runs[-1] = Inline("text", runs[-1].text.rstrip())
    return merge_text(runs)
