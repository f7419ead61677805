"""`publish init [DIR]`: start a project with publish.toml, seeds/, styles/ and .gitignore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from ..files import write_atomic
from ..paths import PACKAGE_DIR
from ..project import CONFIG
from . import help_texts

TEMPLATES = PACKAGE_DIR / "templates"
# What `publish init` writes: project file → template file.
FILES = {
    CONFIG: "publish.toml",
    "seeds/sample-brief.md": "sample-brief.md",
    "seeds/sample-chart.svg": "sample-chart.svg",  # the sample's figure
    "styles/house.css": "house.css",
    ".gitignore": "gitignore",
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "init",
        help="start a project: publish.toml, seeds/ with a sample brief, styles/, .gitignore",
        **help_texts(
            "Create a publish project in DIR (default: here): publish.toml listing every key "
            "(commented), seeds/sample-brief.md (a short brief showing every kind of block, "
            "with its figure; it builds at once with `publish release`), styles/house.css "
            "(commented examples) and a .gitignore for dist/ and .tools/. Existing files are never "
            "overwritten.",
            ("publish init my-briefs", "start a project in a new folder my-briefs/"),
            ("publish init && publish release", "start one here and build its sample brief"),
        ),
    )
    parser.add_argument("directory", nargs="?", type=Path, default=Path("."),
                        help="the project folder (created if missing; default: here)")  # fmt: skip
    parser.set_defaults(run=run)


def init_project(directory: Path) -> list[Path]:
    """Write the scaffold into `directory`; returns the files written. Refuses to overwrite."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError("not a folder", path=directory)
    if (directory / CONFIG).exists():
        raise InputError(f"already a publish project ({CONFIG} exists)", path=directory)
    written = []
    for target, template in FILES.items():
        path = directory / target
        if path.exists():
            continue  # a .gitignore or a brief of the user's own stays as it is
        write_atomic(path, (TEMPLATES / template).read_bytes())
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    written = init_project(args.directory)
    for path in written:
        print(f"created {path}", file=sys.stderr)
    where = args.directory
    hint = "" if where == Path(".") else f"cd {where} && "
    print(f"next: {hint}publish release   (writes dist/; see docs/STYLE.md)",
          file=sys.stderr)  # fmt: skip
    return 0
