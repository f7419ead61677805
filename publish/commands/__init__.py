"""One module per subcommand, each with `add_parser(subparsers)` and `run(args) -> int`."""

from __future__ import annotations

import sys

from ..document import Document


def print_diagnostics(doc: Document, quiet: bool = False) -> None:
    """Compiler-style lines on stderr; infos only when not quiet."""
    for diag in doc.diagnostics:
        if quiet and diag.level == "info":
            continue
        print(diag.format(), file=sys.stderr)
