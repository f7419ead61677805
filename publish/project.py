"""A publisher's project: the folder holding publish.toml, with seeds/, styles/ and dist/.

`publish` finds the project as git finds a repository: from the current folder (or a brief's
folder) upwards, the first folder holding `publish.toml`. `--project DIR` names it instead.
Without one, the current folder stands in (seeds/ and dist/ relative to it), as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

CONFIG = "publish.toml"


@dataclass(frozen=True)
class Project:
    root: Path
    found: bool  # False when no publish.toml was found and the current folder stands in

    @property
    def config(self) -> Path:
        return self.root / CONFIG

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    @property
    def styles(self) -> Path:
        return self.root / "styles"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds publish.toml."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    return None


def find_project(explicit: Path | None = None, start: Path | None = None) -> Project:
    """`--project DIR` when given (it must hold publish.toml), else the search upwards."""
    if explicit is not None:
        root = Path(explicit).resolve()
        if not (root / CONFIG).is_file():
            raise InputError(
                f"not a publish project (no {CONFIG}); create one with `publish init {explicit}`",
                path=explicit,
            )
        return Project(root, True)
    base = Path(start or Path.cwd())
    root = find_root(base)
    return Project(root, True) if root else Project(base.resolve(), False)
