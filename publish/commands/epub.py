"""`publish epub SOURCE [-o FILE.epub]`: write the EPUB 3 edition."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..files import describe, write_output
from ..load import load_document
from . import FORMATS, SOURCE_HELP, help_texts, output_path, print_diagnostics, project_dir


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "epub",
        help="write the EPUB 3 edition (default dist/<slug>.epub)",
        **help_texts(
            f"Build a reproducible, accessible EPUB 3 from a brief ({FORMATS}) or a "
            "normalized JSON document. Normalizer diagnostics go to stderr; errors among them "
            "do not stop the build (the release gate decides whether an edition ships).",
            ("publish epub seeds/brief.md", "write dist/<slug>.epub"),
            (
                "publish epub seeds/brief.html -o book.epub --print-pages",
                "write book.epub with the print edition's page numbers",
            ),
        ),
    )
    parser.add_argument("source", type=Path, help=SOURCE_HELP)
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the EPUB to write (default dist/<slug>.epub; `-`: stdout)",
    )
    parser.add_argument(
        "--print-pages",
        action="store_true",
        help="lay out the print edition and mark its page breaks, as `publish release` does "
        "(default: no page markers, and no PDF renderer needed)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="hide info diagnostics")
    parser.set_defaults(run=run)


def default_output(slug: str) -> Path:
    return Path("dist") / f"{slug or 'brief'}.epub"


def run(args: argparse.Namespace) -> int:
    from ..epub import build_epub  # lazy: fontTools and Pillow are not needed by other commands

    doc = load_document(args.source, project_dir(args))
    print_diagnostics(doc, quiet=args.quiet)
    starts = None
    if args.print_pages:  # the print edition's layout, as the release lays it out
        from ..normalizer.sources import house_profile
        from ..pdf import build_pdf_pages
        from ..printing import load_print_settings

        settings = load_print_settings(house_profile(args.source, project_dir(args)))
        _, starts = build_pdf_pages(
            doc, "print", doc.meta.paper or "a4", base_dir=args.source.parent,
            print_settings=settings,
        )  # fmt: skip
    data = build_epub(doc, page_starts=starts)
    out = output_path(args, default_output(doc.meta.slug).name, args.source)
    write_output(out, data)
    print(f"wrote {describe(out)} ({len(data):,} bytes)", file=sys.stderr)
    return 0
