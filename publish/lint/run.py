"""`publish lint`: the release gate's checks on briefs, with codes, and nothing written.

It normalizes each brief (the normalizer's errors and warnings), then renders its editions
in memory and runs the very checks the release runs on them (publish/rendering.py:
EPUBCheck, DAISY Ace, PDF/UA-1, preflight, notes, typography, Kindle), and codes every
finding (publish/lint/rules.py). No file is written: dist/ is the release's alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.findings import collapse
from ..document import Document
from ..errors import InputError, PublishError
from .ignores import Ignore, apply_ignores, brief_ignores
from .rules import Finding, finding

SEVERITIES = ("error", "warning", "info")


@dataclass
class BriefLint:
    source: Path
    findings: list[Finding] = field(default_factory=list)
    rendered: bool = False  # the editions were built and checked, not only the source

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity and not f.silenced_by)


def shown_name(path: Path) -> str:
    """The path as the user would type it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def briefs_in(paths: list[Path]) -> list[Path]:
    """Each path a brief, or a folder of briefs; InputError for one that is neither."""
    from ..normalizer.sources import find_briefs

    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += find_briefs(path)
        elif path.is_file():
            out.append(path)
        else:
            raise InputError("no such file or folder", path=path)
    return out


def lint_paths(
    paths: list[Path],
    project: Path | None = None,
    *,
    render: bool = True,
    jobs: int | None = None,
    say: Callable[[str], None] | None = None,
) -> list[BriefLint]:
    """Lint every brief under `paths`: normalize, then (with `render`) build and check."""
    sources = briefs_in(paths)
    linted: list[BriefLint] = []
    pending: list[tuple[Path, Document, str, str]] = []
    for source in sources:
        brief, doc = _source_findings(source, project)
        linted.append(brief)
        if doc is not None and render and not doc.errors():
            pending.append((source, doc, shown_name(source), ""))
    if pending:
        if say:
            say(f"lint: building and checking {len(pending)} brief(s) in memory …")
        _gate_findings(linted, pending, project, jobs)
    for brief in linted:
        ignores = _ignores(brief, project)
        brief.findings = apply_ignores(brief.findings, ignores, complete=brief.rendered)
    return linted


def _ignores(brief: BriefLint, project: Path | None) -> list[Ignore]:
    try:
        return brief_ignores(brief.source, project)
    except (PublishError, TypeError, ValueError):
        return []  # a broken [lint] table is already a finding of the normalizer's


def _source_findings(source: Path, project: Path | None) -> tuple[BriefLint, Document | None]:
    from ..load import normalize_file

    name = shown_name(source)
    brief = BriefLint(source)
    try:
        doc = normalize_file(source, project)
    except PublishError as exc:
        where = shown_name(Path(exc.path)) if exc.path else name
        brief.findings.append(finding(where, exc.message, "error", exc.line))
        return brief, None
    for diag in doc.diagnostics:
        where = shown_name(Path(diag.file)) if diag.file else name
        brief.findings.append(finding(where, diag.message, diag.level, diag.line or None))
    return brief, doc


def _gate_findings(
    linted: list[BriefLint],
    pending: list[tuple[Path, Document, str, str]],
    project: Path | None,
    jobs: int | None,
) -> None:
    """The release's own rendering and checks (publish/rendering.py), kept in memory."""
    from ..checks.ace import ace_command, use_project
    from ..editions import chosen_editions
    from ..epub.azw3 import ebook_convert
    from ..normalizer.sources import house_profile
    from ..optional import optional_editions
    from ..printing import load_print_settings
    from ..project import find_root
    from ..release import java_available
    from ..rendering import Spool, render_all

    first = pending[0][0]
    profile = house_profile(first, project)
    use_project(project or find_root(first.parent))
    ace = ace_command() is not None
    # The editions the release would build: the house's optional ones too, the Kindle one
    # only where calibre can make it (the release refuses to start without it).
    wanted = optional_editions(profile)
    kindle = wanted.get("azw3", False) and ebook_convert() is not None
    chosen = chosen_editions(kepub=wanted.get("kepub", False),
                             archive=wanted.get("archive", False), azw3=kindle)  # fmt: skip
    press = load_print_settings(profile)
    with Spool() as spool:
        results = render_all(pending, max(1, jobs or os.cpu_count() or 1), True,
                             java_available(), None, press, ace, spool,
                             editions=chosen)  # fmt: skip
    by_source = {b.source: b for b in linted}
    for source, _, name, _ in pending:
        brief = by_source[source]
        brief.rendered = True
        editions = results.get(source, {})
        problems = [p for r in editions.values() for p in r.problems]
        notes = [n for r in editions.values() for n in r.notes]
        brief.findings += [finding(name, p, "error") for p in collapse(problems)]
        brief.findings += [finding(name, n, "warning") for n in collapse(notes)]
