"""Note calls in the forms web pages give them, rewritten to the canonical `[n]`.

- `[n]`: always a call.
- Unicode superscript digits (`…environment.¹`): in a brief without `[n]` calls, a call
  when note n exists and the digits follow a word of three letters or more or
  punctuation (`km²`, `10²` stay text).
- digits glued to a word or to punctuation (`environment.1`, `void,2`, `personnel;3`):
  looked for only in a brief with no `[n]` or superscript call, and taken only when they
  *fit*: the next expected call, or a number in the notes list. Decimals (`2.4`), years,
  `790 000`, `Article 5`, `G7`, `F-35`, `p.12` and ordinals (`21st`) never have that form.
- `(n)`: only when nothing else in the brief is a call, and the `(n)` in the body,
  read in order, are exactly 1, 2, … up to the last note, each once: an enumeration
  `(1) … (2)` anywhere in the brief makes them all text, with a warning.

Every decision is recorded as an explanation; a doubtful case is a warning naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .inlines import CALL, URL

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPER = str.maketrans(SUPERSCRIPTS, "0123456789")
_SUPER = re.compile(f"[{SUPERSCRIPTS}]{{1,3}}")
_CLOSERS = ".,;:!?”’\"')]…"
# Digits glued to the end of a word (3+ letters) or to closing punctuation, ending there.
_GLUED = re.compile(
    rf"(?:(?P<word>[^\W\d_]{{3,}})|(?P<punct>[{re.escape(_CLOSERS)}]))"
    rf"(?P<num>\d{{1,3}})(?=$|[\s{re.escape(_CLOSERS)}—–])"
)
_PAREN = re.compile(r"(?<=\S)( ?)\((\d{1,3})\)(?=$|[\s.,;:!?”’\"')\]—–])")
# Abbreviations that take a number after their full stop: `p.12`, `No.5`, `Art.5`.
_ABBREVIATIONS = {"p", "pp", "no", "nos", "art", "arts", "vol", "vols", "ch", "chap", "para",
                  "paras", "fig", "figs", "sec", "s", "ss", "n", "nn", "cf", "op", "ed", "eds",
                  "v", "vs", "nr", "r", "res", "doc", "item", "tab", "table", "pt", "pts",
                  "st", "ibid"}  # fmt: skip
_YEAR = re.compile(r"(?:1[5-9]|20|21)\d\d$")

# (first line, last line, what, why), as `--explain` prints them.
Explain = Callable[[int, str, str], None]
Warn = Callable[[int, str], None]


@dataclass
class _Candidate:
    start: int  # where the replacement starts (after any glue punctuation)
    end: int
    number: int
    form: str
    strong: bool  # False: a doubtful form, taken only as the next expected call


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _superscripts(text: str) -> list[_Candidate]:
    out = []
    urls = _url_spans(text)
    for m in _SUPER.finditer(text):
        before = text[: m.start()]
        word = re.search(r"[^\W\d_]+$", before)
        if _inside(m.start(), urls) or before[-1:].isdigit():
            continue  # 10², part of an address
        if word and len(word.group(0)) < 3:
            continue  # km², m³: a unit's exponent
        if not word and not before[-1:] or before[-1:].isspace():
            continue  # a superscript standing alone is not glued to anything
        number = int(m.group(0).translate(_FROM_SUPER))
        out.append(_Candidate(m.start(), m.end(), number, "superscript digits", True))
    return out


def _glued(text: str) -> list[_Candidate]:
    out = []
    urls = _url_spans(text)
    for m in _GLUED.finditer(text):
        num_start = m.start("num")
        if _inside(num_start, urls):
            continue
        number = int(m.group("num"))
        if number == 0:
            continue
        if m.group("word") is not None:
            word = m.group("word")
            # `CO2`, `G7`, `A400`: capitals (an acronym or code), not a word with a call.
            if (
                word.isupper()
                or not word[-1].islower()
                or m.start() > 0
                and (text[m.start() - 1].isdigit() or text[m.start() - 1] in "-_/")
            ):
                continue
            out.append(_Candidate(num_start, m.end(), number, "digits glued to a word", True))
            continue
        punct_at = m.start("punct")
        before = text[:punct_at]
        if out and out[-1].end == punct_at and m.group("punct") in ",;":
            # `environment.1,2`: a list of calls, each glued to the one before.
            out.append(_Candidate(num_start, m.end(), number, "digits after another call", True))
            continue
        if before[-1:].isdigit():
            # 2.4, 3,000, 10:30: a number goes on. Only `…in 2025.3 Next` may be a call.
            year = re.search(r"\d+$", before)
            nxt = text[m.end() : m.end() + 2]
            sentence_ends = not nxt.strip() or nxt[1:2].isupper()  # `2025.3 The`, not `2.3 m`
            grouped = m.group("punct") == "," and len(m.group("num")) == 3  # 1,250
            after_comma = m.group("punct") == "," and not grouped  # `In 1997,4 it was`
            if year and _YEAR.fullmatch(year.group(0)) and (sentence_ends or after_comma):
                out.append(_Candidate(num_start, m.end(), number, "digits after a year", False))
            continue
        if not before or before[-1:].isspace():
            continue  # ` .5`: a number, not glued to text
        if m.group("punct") == ".":
            word = re.search(r"([^\W\d_]+)$", before)
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue  # p.12, No.5, Art.5: a reference, not a call
            if word and len(word.group(1)) == 1:  # `U.S.2`: an initialism, or S. 2?
                out.append(_Candidate(num_start, m.end(), number, "digits after an initial", False))
                continue
        out.append(_Candidate(num_start, m.end(), number, "digits glued to punctuation", True))
    return out


def rewrite_calls(
    texts: list[tuple[int, str]],
    notes: set[int],
    explain: Explain,
    warn: Warn,
) -> list[str]:
    """The body texts with every note call written `[n]`.

    `texts` are (line, text) in reading order; `notes` the numbers in the notes list.
    """
    has_brackets = any(CALL.search(t) for _, t in texts)
    out: list[str] = []
    highest = 0
    supers_found = False
    for line, text in texts:
        for m in CALL.finditer(text):
            highest = max(highest, int(m.group(1)))  # `[n]` calls are listed with their paragraph
        # A brief writes its calls one way: with [n] calls, nothing else is looked for.
        cands = [] if has_brackets else [c for c in _superscripts(text) if c.number in notes]
        supers_found = supers_found or bool(cands)
        text, highest = _apply(text, line, cands, highest, notes, explain, warn, strict=False)
        out.append(text)
    if has_brackets or supers_found or not notes:
        return out

    glued_found = False
    result: list[str] = []
    highest = 0
    for (line, _), text in zip(texts, out, strict=True):
        cands = _glued(text)
        new, highest = _apply(text, line, cands, highest, notes, explain, warn, strict=True)
        glued_found = glued_found or new != text
        result.append(new)
    if glued_found:
        return result
    return _parenthesised(texts, out, notes, explain, warn)


def _apply(text, line, cands, highest, notes, explain, warn, strict):
    """Rewrite the candidates that fit; returns (text, highest call so far)."""
    pieces: list[str] = []
    pos = 0
    for cand in cands:
        expected = highest + 1
        context = text[max(0, cand.start - 12) : cand.end].lstrip()
        fits_next = cand.number == expected
        listed = cand.number in notes
        if not strict:
            why = "a note with this number exists"
        elif fits_next and cand.strong:
            why = f"the next expected call ({expected})"
        elif fits_next:
            why = f"the next expected call ({expected})"
            warn(line, f"“{context}” taken as a call to note {cand.number} ({cand.form}); "
                       "write it [n] if that is wrong")  # fmt: skip
        elif listed and cand.strong and cand.number < expected:
            why = f"a repeated call to note {cand.number}, which is in the notes list"
        elif listed and cand.strong:
            why = f"note {cand.number} is in the notes list (expected {expected})"
            warn(line, f"“{context}” taken as a call to note {cand.number}, but call "
                       f"{expected} was expected next")  # fmt: skip
        else:
            near = cand.number <= max(notes) + 5
            if cand.strong and cand.form == "digits glued to punctuation" and near:
                warn(line, f"“{context}” looks like a note call, but there is no note "
                           f"{cand.number}; kept as text")  # fmt: skip
            continue
        pieces.append(text[pos : cand.start])
        pieces.append(f"[{cand.number}]")
        pos = cand.end
        highest = max(highest, cand.number)
        explain(line, f"call {cand.number}", f"{cand.form} “{context}”: {why}")
    pieces.append(text[pos:])
    return "".join(pieces), highest


def _parenthesised(texts, out, notes, explain, warn) -> list[str]:
    found = [(line, m) for (line, _), text in zip(texts, out, strict=True)
             for m in _PAREN.finditer(text)]  # fmt: skip
    if not found:
        return out
    # Unambiguous only when they are exactly 1, 2, … N, each once, in order.
    sequence = [int(m.group(2)) for _, m in found]
    if sequence != list(range(1, max(notes) + 1)):
        line = found[0][0]
        warn(line, "numbers in parentheses such as “(1)” do not run 1, 2, … to the last note "
                   "in order; not taken as note calls (write calls as [n])")  # fmt: skip
        return out
    result = []
    for (line, _), text in zip(texts, out, strict=True):
        for m in _PAREN.finditer(text):
            explain(line, f"call {m.group(2)}",
                    f"“{m.group(0).strip()}”: the (n) in the body run 1…{max(notes)} in order, "
                    "like the notes")  # fmt: skip
        result.append(_PAREN.sub(lambda m: f"[{m.group(2)}]", text))
    return result


def listless_calls(texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Digits glued after sentences that count 1, 2, 3 … through a text with no notes list:
    (line, context) of each. A page copied in a browser loses its notes list's numbers, and
    its superscript calls become such digits; the reader warns rather than print them."""
    found: list[tuple[int, str]] = []
    for line, text in texts:
        for cand in _glued(text):
            if cand.strong and cand.number == len(found) + 1:
                found.append((line, text[max(0, cand.start - 12) : cand.end].lstrip()))
    return found if len(found) >= 2 else []
