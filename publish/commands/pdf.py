"""`publish pdf SOURCE [-o FILE.pdf] [--edition screen|print|archive] [--paper a4|a5|letter]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..files import describe, write_output
from ..load import load_document
from . import FORMATS, SOURCE_HELP, help_texts, output_path, print_diagnostics, project_dir

EDITIONS = ("screen", "print", "archive")
PAPERS = ("a4", "a5", "letter")


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "pdf",
        help="write a PDF edition (default dist/<slug>.pdf, -print.pdf or -archive.pdf)",
        **help_texts(
            "Build the screen PDF (tagged PDF/UA-1, live links) or the print PDF (3 mm bleed, "
            "crop marks, black links) or the archive PDF (PDF/A-3u and PDF/UA-1, the brief's "
            f"source attached) of a brief ({FORMATS}) or a normalized JSON document, "
            "with true footnotes. Rendering reads only styles/ and the brief's own folder.",
            ("publish pdf seeds/brief.docx", "write dist/<slug>.pdf"),
            (
                "publish pdf seeds/brief.md --edition print --paper a5",
                "dist/<slug>-print.pdf, A5",
            ),
        ),  # fmt: skip
    )
    parser.add_argument("source", type=Path, help=SOURCE_HELP)
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the PDF to write (default dist/<slug>.pdf, -print.pdf or -archive.pdf; `-`: stdout)",
    )
    parser.add_argument("--edition", choices=EDITIONS, default="screen", help="default: screen")
    parser.add_argument(
        "--paper",
        choices=PAPERS,
        default=None,
        help="trim size (default: the brief's paper when it names one, else a4)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="hide info diagnostics")
    parser.set_defaults(run=run)


def default_output(slug: str, edition: str) -> Path:
    suffix = {"print": "-print", "archive": "-archive"}.get(edition, "")
    return Path("dist") / f"{slug or 'brief'}{suffix}.pdf"


def run(args: argparse.Namespace) -> int:
    from ..pdf import build_pdf  # lazy: WeasyPrint costs half a second to import

    settings = None
    if args.edition == "print":  # the house profile's [print] table: standard, ICC, marks
        from ..normalizer.sources import house_profile
        from ..printing import load_print_settings

        # First, so that a broken ICC profile is the only line printed.
        settings = load_print_settings(house_profile(args.source, project_dir(args)))
    doc = load_document(args.source, project_dir(args))
    print_diagnostics(doc, quiet=args.quiet)
    paper = args.paper or ((doc.meta.paper or "").lower() if doc.meta.paper else "a4")
    if paper not in PAPERS:
        print(f"publish: warning: unknown paper {paper!r} in the brief; using a4", file=sys.stderr)
        paper = "a4"
    started = time.monotonic()
    data = build_pdf(
        doc,
        edition=args.edition,
        paper=paper,
        base_dir=args.source.parent,
        print_settings=settings,
    )
    out = output_path(args, default_output(doc.meta.slug, args.edition).name, args.source)
    write_output(out, data)
    took = time.monotonic() - started
    print(
        f"wrote {describe(out)} ({args.edition}, {paper}, {len(data):,} bytes, {took:.1f} s)",
        file=sys.stderr,
    )
    return 0
