"""Which files are briefs, and which files a brief's editions depend on."""

from __future__ import annotations

from pathlib import Path

BRIEF_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".docm"}
HOUSE_PROFILE = "publish.toml"


def find_briefs(folder: Path) -> list[Path]:
    """Briefs in a folder, sorted by name: text, Markdown, HTML and Word; hidden files and
    Word's lock files (`~$name.docx`) left out."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in BRIEF_SUFFIXES and not p.name.startswith((".", "~$"))
    )


def sidecar(source: Path) -> Path:
    """`seeds/<name>.toml` beside a brief: metadata the text does not carry."""
    return source.with_suffix(".toml")


def house_profile(source: Path, project: Path | None = None) -> Path:
    """`publish.toml` at the project root: `project` when given, else the nearest folder
    holding one above the brief (as git finds a repository), else the folder above the
    briefs' folder (where it would be; a missing profile is an empty layer)."""
    if project is not None:
        return Path(project).resolve() / HOUSE_PROFILE
    here = source.resolve().parent
    for folder in (here, *here.parents):
        if (folder / HOUSE_PROFILE).is_file():
            return folder / HOUSE_PROFILE
    return here.parent / HOUSE_PROFILE


def brief_inputs(source: Path, project: Path | None = None, extra: list[Path] = ()) -> list[Path]:
    """The files a brief's editions depend on: the brief, its sidecar, the house profile,
    and the style files they name (logo, fonts, stylesheets)."""
    return [source, sidecar(source), house_profile(source, project), *extra]
