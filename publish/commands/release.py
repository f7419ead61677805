"""`publish release [SEEDS] [--out dist] [--jobs N] [--force] [--kepub] [--archive] [--azw3]
[--no-check] [-q|-v]`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..lint.rules import classify
from ..release import ace_notice, release
from . import FORMATS, help_texts, project_of


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "release",
        help="build, validate and record every brief in a folder",
        **help_texts(
            f"Build every brief ({FORMATS}) in SEEDS into an EPUB, a screen PDF and a print "
            "PDF in OUT, validate each edition (EPUBCheck, notes and backlinks, fonts, "
            "footnotes on their call's page), and write OUT/SHA256SUMS and "
            "OUT/manifest.json (every brief, with its status and findings). Unchanged "
            "briefs are skipped; a failing brief's previous editions are moved to "
            "OUT/stale/SLUG/, and it makes the exit status 1.",
            ("publish release", "build the project's seeds/ into its dist/"),
            ("publish release briefs --out site -j 2", "briefs/ into site/, two at a time"),
        ),
    )
    parser.add_argument("seeds", nargs="?", type=Path, default=None,
                        help="folder of briefs (default: the project's seeds/)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: the project's dist/)")  # fmt: skip
    cpus = os.cpu_count()
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help=f"parallel processes (default: CPUs, {cpus} here)")  # fmt: skip
    parser.add_argument("--force", action="store_true", help="rebuild unchanged briefs too")
    parser.add_argument("--kepub", action="store_true",
                        help="also write SLUG.kepub.epub, the Kobo edition (or kepub = true "
                        "in publish.toml)")  # fmt: skip
    parser.add_argument("--archive", action="store_true",
                        help="also write SLUG-archive.pdf, PDF/A-3u and PDF/UA-1 with the "
                        "brief's source attached (or archive = true in publish.toml)")  # fmt: skip
    parser.add_argument("--azw3", action="store_true",
                        help="also write SLUG.azw3, the Kindle edition, with calibre's "
                        "ebook-convert (or azw3 = true in publish.toml)")  # fmt: skip
    crossref = ("also write dist/crossref.xml, a Crossref deposit of every brief "
                "(needs doi_prefix, depositor_name, depositor_email, base_url)")  # fmt: skip
    parser.add_argument("--crossref", action="store_true", help=crossref)
    parser.add_argument("--no-check", dest="check", action="store_false",
                        help="skip validation (never for a real release)")  # fmt: skip
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    noise.add_argument("-v", "--verbose", action="store_true",
                       help="print every diagnostic and check result")  # fmt: skip
    parser.set_defaults(run=run)


class Progress:
    """A one-line bar on a terminal; nothing when stderr is not a TTY."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} editions")
        if done == total:
            sys.stderr.write("\r" + " " * (width + 30) + "\r")
        sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.jobs is not None and args.jobs < 1:
        print("publish: error: --jobs must be at least 1", file=sys.stderr)
        return 2

    def say(line: str) -> None:
        if not args.quiet:
            print(line, flush=True)

    def warn(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    # The project: --project, else found upwards from the seeds folder given, else from here.
    project = project_of(args, args.seeds)
    seeds = args.seeds or project.seeds
    out = args.out or project.dist
    args.out = out
    report = release(
        seeds, out, jobs=args.jobs, force=args.force, check=args.check,
        say=say, warn=warn, progress=Progress(not args.quiet),
        project=project.root if args.project is not None else None,
        kepub=args.kepub, archive=args.archive, azw3=args.azw3, crossref=args.crossref,
    )  # fmt: skip
    for outcome in report.outcomes:
        if outcome.status == "failed":
            for line in outcome.failure_lines(verbose=args.verbose):
                print(line, file=sys.stderr)
        elif not args.quiet and (args.verbose or outcome.status == "built"):
            for warning in outcome.warnings:
                print(warning, file=sys.stderr)
    for line in report.problems:  # the release's own files (citations.*, feeds) failed
        where, _, finding = line.partition(": ")  # coded by the whole line: its file says what
        print(f"{where}: {classify(line).code} {finding}", file=sys.stderr)
    counts = {s: sum(1 for o in report.outcomes if o.status == s)
              for s in ("built", "unchanged", "failed", "removed")}  # fmt: skip
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    say(f"release: {summary or 'no briefs'} in {time.perf_counter() - started:.1f} s → {args.out}")
    if notice := ace_notice(report):
        warn(notice)
    return report.exit_code
