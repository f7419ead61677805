"""`publish lint [PATH …] [--format text|json] [--no-render] [--rules]`: the gate, coded."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import FORMATS, help_texts, project_dir, project_of

# Exit statuses of `publish lint` (docs/ERRORS.md): errors and warnings apart, for CI.
EXIT_ERRORS = 1
EXIT_WARNINGS = 6


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "lint",
        help="run the release gate's checks on briefs, with a code for every finding",
        **help_texts(
            f"Check briefs ({FORMATS}) as the release would, without writing anything: "
            "the normalizer's diagnostics, then each edition rendered in memory and checked "
            "(EPUBCheck, DAISY Ace, PDF/UA-1, preflight, notes, typography, Kindle). Every "
            "finding prints as file:line: CODE message, with its fix; docs/RULES.md lists "
            "the codes. Silence one with a reason in publish.toml or the brief's sidecar: "
            '[lint] ignore = [{code = "T002", reason = "…"}]. '
            f"Exit status: 0 clean, {EXIT_ERRORS} errors, {EXIT_WARNINGS} warnings only, "
            "2 a path that is not a brief. --rules lists every code.",
            ("publish lint seeds/brief.md", "check one brief; --no-render: its source only"),
            ("publish lint --format json > lint.json", "every brief in seeds/, for CI"),
        ),
    )
    default = "briefs or folders of briefs (default: the project's seeds/)"
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=default)
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="text: file:line: CODE message (default); json: for CI")  # fmt: skip
    parser.add_argument("--no-render", dest="render", action="store_false",
                        help="check the source only; build and check no edition")  # fmt: skip
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help="parallel processes for the editions (default: CPUs)")  # fmt: skip
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also print info findings and silenced ones")  # fmt: skip
    parser.add_argument("--rules", action="store_true", help="list every code and exit")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..lint.rulesdoc import rules_text
    from ..lint.run import lint_paths

    if args.rules:
        sys.stdout.write(rules_text())
        return 0
    paths = args.paths or [project_of(args).seeds]
    linted = lint_paths(paths, project_dir(args), render=args.render, jobs=args.jobs,
                        say=None if args.format == "json" else _stderr)  # fmt: skip
    findings = [f for b in linted for f in b.findings]
    live = [f for f in findings if not f.silenced_by]
    errors = sum(1 for f in live if f.severity == "error")
    warnings = sum(1 for f in live if f.severity == "warning")
    if args.format == "json":
        shown = findings if args.verbose else [f for f in findings if f.severity != "info"]
        report = {
            "version": 1,
            "briefs": [str(b.source) for b in linted],
            "rendered": all(b.rendered for b in linted) if linted else False,
            "findings": [f.as_json() for f in shown],
            "errors": errors,
            "warnings": warnings,
            "silenced": sum(1 for f in findings if f.silenced_by),
        }
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        for f in findings:
            if (f.severity == "info" or f.silenced_by) and not args.verbose:
                continue
            tail = f" (silenced: {f.silenced_by})" if f.silenced_by else ""
            print(f.format() + tail)
            if f.fix:
                print(f"    fix: {f.fix}")
        silenced = sum(1 for f in findings if f.silenced_by)
        quiet = f", {silenced} silenced" if silenced else ""
        _stderr(f"lint: {errors} error(s), {warnings} warning(s){quiet} in {len(linted)} brief(s)")
    if errors:
        return EXIT_ERRORS
    return EXIT_WARNINGS if warnings else 0


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
