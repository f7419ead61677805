"""Silenced codes: `[lint] ignore = [{code = "T002", reason = "…"}]`.

The house silences a code for every brief in `publish.toml`; a brief silences one for itself
in its sidecar (`<brief>.toml`), which every input format has, Word files included. Each
ignore must give its reason, so that the next editor knows why. An ignore that silences
nothing is itself reported (L001), so ignores cannot outlive the fault they were for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .rules import BY_CODE, MANDATORY, Finding, classify

EXAMPLE = '[lint] ignore = [{code = "T002", reason = "…"}]'


@dataclass
class Ignore:
    code: str
    reason: str
    file: str  # the TOML file that says it
    line: int | None
    used: int = 0


def check_lint_table(value: Any) -> dict[str, Any]:
    """The [lint] table, checked: TypeError naming what is wrong (fields.py adds the key)."""
    if not isinstance(value, dict) or set(value) - {"ignore"}:
        raise TypeError(f"a table with one key, ignore: {EXAMPLE}")
    entries = value.get("ignore", [])
    if not isinstance(entries, list):
        raise TypeError(f"a list of {{code, reason}} tables: {EXAMPLE}")
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"code", "reason"}:
            raise TypeError(f"a list of {{code, reason}} tables, each with both: {EXAMPLE}")
        code, reason = entry["code"], entry["reason"]
        if not isinstance(code, str) or code not in BY_CODE:
            raise TypeError(f"“ignore” entries of known codes, not {code!r} (docs/RULES.md)")
        if code in MANDATORY:
            raise TypeError(f"“ignore” entries of codes that may be silenced; {code} "
                            f"({BY_CODE[code].title}) breaks a standard the edition "
                            "declares")  # fmt: skip
        if not isinstance(reason, str) or not reason.strip():
            raise TypeError(f"“ignore” entries with a reason (for {code})")
    return {"ignore": [dict(e) for e in entries]}


def read_ignores(toml_file: Path) -> list[Ignore]:
    """The ignores a publish.toml or sidecar declares, each with its line."""
    from ..tomlfile import read_toml

    if not toml_file.is_file():
        return []
    text, data = read_toml(toml_file)
    table = data.get("lint") or {}
    entries = check_lint_table(table)["ignore"] if table else []
    lines = text.splitlines()
    out = []
    for entry in entries:
        code = entry["code"]
        where = next((i for i, line in enumerate(lines, 1) if re.search(rf"\b{code}\b", line)),
                     None)  # fmt: skip
        out.append(Ignore(code, entry["reason"].strip(), str(toml_file), where))
    return out


def brief_ignores(source: Path, project: Path | None = None) -> list[Ignore]:
    """The house's ignores, then the brief's own."""
    from ..normalizer.sources import house_profile, sidecar

    return [*read_ignores(house_profile(source, project)), *read_ignores(sidecar(source))]


def apply_ignores(
    findings: list[Finding], ignores: list[Ignore], *, complete: bool = True
) -> list[Finding]:
    """Mark the silenced findings (`silenced_by`) and, when every check ran (`complete`),
    add an L001 for each ignore that silenced nothing."""
    by_code: dict[str, Ignore] = {}
    for ignore in ignores:
        by_code.setdefault(ignore.code, ignore)
    for f in findings:
        if (ignore := by_code.get(f.code)) is not None:
            f.silenced_by = ignore.reason
            ignore.used += 1
    stale = []
    for ignore in ignores if complete else []:
        if not ignore.used and by_code[ignore.code] is ignore:
            rule = BY_CODE["L001"]
            stale.append(Finding(ignore.file, ignore.line, rule.code, "warning",
                                 f"ignore of {ignore.code} no longer fires: remove it "
                                 f"(reason given: {ignore.reason})", rule.fix))  # fmt: skip
    return findings + stale


def silence(lines: list[str], ignores: list[Ignore]) -> tuple[list[str], list[str]]:
    """The release's findings split into (kept, silenced) by the brief's ignores."""
    codes = {i.code for i in ignores}
    kept, silenced = [], []
    for line in lines:
        code = classify(line.split(": warning: ", 1)[-1]).code
        (silenced if code in codes else kept).append(line)
    return kept, silenced


def silence_results(results: Iterable[Any], ignores: list[Ignore]) -> list[str]:
    """Drop the silenced gate findings (problems and notes) from a brief's EditionResults;
    the findings dropped."""
    dropped: list[str] = []
    for result in results:
        result.problems, quiet = silence(result.problems, ignores)
        result.notes, quiet_notes = silence(result.notes, ignores)
        dropped += quiet + quiet_notes
    return dropped


def silenced_entry(lines: list[str], ignores: list[Ignore]) -> list[dict[str, str]]:
    """The manifest's record of what a brief's ignores silenced: code, finding, reason."""
    reasons = {i.code: i.reason for i in reversed(ignores)}
    out = []
    for line in lines:
        code = classify(line.split(": warning: ", 1)[-1]).code
        out.append({"code": code, "finding": line, "reason": reasons.get(code, "")})
    return out
