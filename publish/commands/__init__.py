"""One module per subcommand, each with `add_parser(subparsers)` and `run(args) -> int`."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from ..document import Document
from ..project import Project, find_project

# Every format a brief may come in, as the help texts name them (publish/load.py reads them).
FORMATS = "plain text .txt, Markdown .md, Word .docx, HTML .html or OpenDocument .odt"
SOURCE_HELP = "the brief (.txt, .md, .docx, .html, .odt) or a normalized document (.json)"


def help_texts(description: str, *examples: tuple[str, str]) -> dict[str, Any]:
    """`add_parser` keywords: the description wrapped, and the help ending in examples.

    Descriptions are printed as written (argparse %-formats only the arguments' help), so
    they say "200 %", not "200 %%"; the examples are laid out in a column as given.
    """
    width = max(len(command) for command, _ in examples) + 2
    lines = [f"  {command.ljust(width)}{why}" for command, why in examples]
    return {
        "description": textwrap.fill(description, width=78),
        "epilog": "examples:\n" + "\n".join(lines),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def print_diagnostics(doc: Document, quiet: bool = False) -> None:
    """Compiler-style lines on stderr; infos only when not quiet."""
    for diag in doc.diagnostics:
        if quiet and diag.level == "info":
            continue
        print(diag.format(), file=sys.stderr)


def project_of(args: argparse.Namespace, start: Path | None = None) -> Project:
    """The project a command works in: --project, else found upwards from `start` or here."""
    return find_project(getattr(args, "project", None), start)


def output_path(args: argparse.Namespace, name: str, source: Path) -> Path:
    """`-o` when given, else the project's dist/ (the brief's project) and `name`."""
    if args.output:
        return args.output
    project = project_of(args, source.resolve().parent)
    if not project.found:
        return Path("dist") / name  # no publish.toml anywhere: as before, relative to here
    return project.dist / name


def project_dir(args: argparse.Namespace) -> Path | None:
    """The --project folder (checked), for the house profile; None to search per brief."""
    explicit = getattr(args, "project", None)
    return find_project(explicit).root if explicit is not None else None
