"""`publish normalize SOURCE [-o OUT] [--to json|md]`: show the structured brief."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from ..files import write_output
from ..load import explain_file, load_document
from . import FORMATS, SOURCE_HELP, help_texts, print_diagnostics, project_dir


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "normalize",
        help="read a brief and print its structured document",
        **help_texts(
            f"Read a raw brief ({FORMATS}) and print the structured document that every "
            "backend reads. Repairs and doubts are reported on stderr as "
            "file:line: level: message.",
            ("publish normalize seeds/brief.docx", "print the document as JSON"),
            ("publish normalize seeds/brief.html --to md", "the same as editable Markdown"),
        ),
    )
    parser.add_argument("source", type=Path, help=SOURCE_HELP)
    parser.add_argument(
        "-o", "--output", type=Path, help="write here instead of stdout (`-`: stdout)"
    )
    parser.add_argument(
        "--to", choices=["json", "md"], default="json",
        help="json: the versioned document (default); md: editable Markdown",
    )  # fmt: skip
    parser.add_argument("-q", "--quiet", action="store_true", help="hide info diagnostics")
    parser.add_argument(
        "--explain", action="store_true",
        help="print each source line range with the rule that classified it, and why",
    )  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.explain:
        return explain(args)
    doc = load_document(args.source, project_dir(args))
    print_diagnostics(doc, quiet=args.quiet)
    if args.to == "md":
        from ..markdown_writer import to_markdown

        text = to_markdown(doc)
    else:
        text = doc.to_json()
    if args.output:
        write_output(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 1 if doc.errors() else 0


def explain(args: argparse.Namespace) -> int:
    """`--explain`: why each part of the source was read as it was (stdout)."""
    if args.source.suffix.lower() == ".json":
        raise InputError("--explain reads a brief (.txt or .md), not a document", path=args.source)
    doc, lines = explain_file(args.source)
    print_diagnostics(doc, quiet=args.quiet)
    text = "".join(f"{line}\n" for line in lines)
    if args.output:
        write_output(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 1 if doc.errors() else 0
