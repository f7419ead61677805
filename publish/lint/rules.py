"""Stable codes for the gate's findings: the registry, and the finding that names one.

The checks write their findings in the brief's terms (`note 3 has no call in the text (line
57)`); this module gives each kind a code that does not change when the wording does, and a
one-line fix, as Standard Ebooks' `se lint` does. A rule matches the finding's text with a
regular expression; the first rule that matches wins, so the specific rules of a family come
before the family's catch-all (`N099`), and every finding gets a code. `docs/RULES.md` is
generated from this registry (publish/lint/rulesdoc.py), so the two cannot drift.

Families: N notes, M metadata, S structure of the source, T typography, E EPUB, P PDF,
A accessibility, K Kindle, W web pages and feeds, C citation records, L lint itself,
X anything else (a renderer that crashed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .table import TABLE

FAMILIES = {
    "N": "Notes",
    "M": "Metadata",
    "S": "Structure of the source",
    "T": "Typography",
    "E": "EPUB",
    "P": "PDF",
    "A": "Accessibility",
    "K": "Kindle",
    "W": "Web pages and feeds",
    "C": "Citation records",
    "L": "Lint",
    "X": "Other",
}
# Findings that no ignore may silence: an edition with them breaks a standard it declares
# (EPUB 3, the accessibility claim, PDF/UA-1, PDF/X, PDF/A) or was never made.
MANDATORY = frozenset({"E001", "A001", "A005", "P003", "P008", "X001"})
_CODE = re.compile(r"^[A-Z]\d{3}$")
_LINE = re.compile(r"\(line (\d+)\)|, line (\d+)\)")


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    pattern: re.Pattern[str]
    fix: str
    example: str

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]


@dataclass
class Finding:
    """One coded finding: `file:line: CODE message`."""

    file: str
    line: int | None
    code: str
    severity: str  # error | warning | info
    message: str
    fix: str = ""
    silenced_by: str = ""  # the ignore's reason, when silenced
    extra: dict[str, str] = field(default_factory=dict)

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.code} {self.message}"

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.file,
            "line": self.line,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
        }
        if self.silenced_by:
            out["silenced_by"] = self.silenced_by
        return out


def _build() -> tuple[Rule, ...]:
    rules = []
    for code, title, pattern, fix, example in TABLE:
        if not _CODE.match(code) or code[0] not in FAMILIES:
            raise ValueError(f"bad rule code {code!r}")
        rules.append(Rule(code, title, re.compile(pattern, re.DOTALL), fix, example))
    codes = [r.code for r in rules]
    if len(set(codes)) != len(codes):
        raise ValueError("a rule code is used twice")
    return tuple(rules)


RULES: tuple[Rule, ...] = _build()
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


def coded(text: str, name: str) -> str:
    """A gate finding as the release prints it: `name:line: CODE text`."""
    line = line_in(text)
    return f"{name}:{line}: {classify(text).code} {text}" if line else (
        f"{name}: {classify(text).code} {text}")  # fmt: skip


def classify(text: str) -> Rule:
    """The rule a finding's text belongs to (the catch-all X099 when none)."""
    for rule in RULES:
        if rule.pattern.search(text):
            return rule
    return BY_CODE["X099"]


def line_in(text: str) -> int | None:
    """The brief's line a gate finding names, `(line 57)` or `(first: note 1, line 57)`."""
    if m := _LINE.search(text):
        return int(m.group(1) or m.group(2))
    return None


def finding(file: str, text: str, severity: str, line: int | None = None) -> Finding:
    """A finding from a check's text: its code, line and fix."""
    rule = classify(text)
    fix = "" if "fix:" in text else rule.fix  # some findings carry their own fix
    return Finding(file, line or line_in(text), rule.code, severity, text, fix)
