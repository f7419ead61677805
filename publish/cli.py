"""The `publish` command: a thin layer over the library.

Each subcommand lives in `publish/commands/<name>.py` with `add_parser(subparsers)` and
`run(args) -> int`. Errors we can explain become one line on stderr and a documented exit
code (docs/ERRORS.md); a traceback appears only with --debug.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .commands import FORMATS
from .errors import PublishError

COMMANDS = ["init", "normalize", "epub", "pdf", "release", "lint", "preview"]

EPILOG = """\
examples:
  publish init my-briefs                       start a project: publish.toml, seeds/, styles/
  publish normalize seeds/brief.txt            print the structured document as JSON
  publish normalize seeds/brief.txt --to md    the same as editable Markdown
  publish epub seeds/brief.txt                 write dist/<slug>.epub
  publish pdf seeds/brief.txt --edition print  write dist/<slug>-print.pdf
  publish release                              build, check and record every brief in seeds/
  publish --project ~/briefs release           the same for a project elsewhere

The project is the nearest folder at or above the current one holding publish.toml (as git
finds a repository); --project DIR names it. Its seeds/ and dist/ are the defaults.

exit status: 0 ok, 1 a check failed, 2 bad input or usage, 3 cannot write output,
4 another release is running, 5 a required tool is missing (see docs/ERRORS.md)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description=textwrap.fill(
            f"Turn a policy brief ({FORMATS}) into an EPUB 3, a screen PDF and a print PDF.", 78
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback instead of a one-line error"
    )
    parser.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="the project folder (holding publish.toml); default: found upwards from here",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"publish.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"publish.commands.{name}":
                continue  # command not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except PublishError as exc:
        if args.debug:
            raise
        print(f"publish: {exc.format()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("publish: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
