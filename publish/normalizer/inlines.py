"""Inline structure of raw text: note calls `[n]` and bare URLs."""

from __future__ import annotations

import re

from ..document import Inline

CALL = re.compile(r"\[(\d{1,5})\]")
# A Markdown note call `[^label]` left as text: it must never reach an edition.
LOOSE_CALL = re.compile(r"\[\^([^\]\s]{1,40})\]")
# A custom note mark (`*`, `†`, `**`): one to eight symbols, no letters, digits, spaces or
# brackets, so that it can be a Markdown note label (`[^*]`) and reads back as a mark.
MARK = re.compile(r"[^\w\s\[\]^\\]{1,8}")
URL = re.compile(r"\bhttps?://[^\s<>\"“”]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}’'"


def _links(text: str) -> list[Inline]:
    """Split text into text runs and link runs for bare URLs."""
    out: list[Inline] = []
    pos = 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(_URL_TRAILING)
        # A closing parenthesis belongs to the URL only when it opened one inside it.
        start, end = match.start(), match.start() + len(url)
        if start > pos:
            out.append(Inline("text", text[pos:start]))
        out.append(Inline("link", url, href=url))
        pos = end
    if pos < len(text):
        out.append(Inline("text", text[pos:]))
    return out


def parse_inlines(text: str, calls: bool = True) -> list[Inline]:
    """Text with `[n]` calls (when `calls`) and URLs as structured runs."""
    if not calls:
        return _links(text)
    out: list[Inline] = []
    pos = 0
    for match in CALL.finditer(text):
        out.extend(_links(text[pos : match.start()]))
        out.append(Inline("noteref", number=int(match.group(1))))
        pos = match.end()
    out.extend(_links(text[pos:]))
    return merge_text(out)


def merge_text(runs: list[Inline]) -> list[Inline]:
    """Join adjacent plain-text runs, drop empty ones: one canonical form for equality."""
    out: list[Inline] = []
    for run in runs:
        if run.type in ("text", "em", "strong") and not run.text:
            continue
        if out and run.type == "text" and out[-1].type == "text":
            out[-1] = Inline("text", out[-1].text + run.text)
        else:
            out.append(run)
    return out


def plain_text(runs: list[Inline]) -> str:
    """The text a reader sees, without note calls."""
    return "".join(r.text for r in runs if r.type != "noteref")


def strip_calls(text: str) -> str:
    return CALL.sub("", text)
