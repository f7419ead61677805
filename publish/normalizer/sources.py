"""Which files are briefs, and which files a brief's editions depend on."""

from __future__ import annotations

import re
from pathlib import Path

BRIEF_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".docm", ".odt"}
HOUSE_PROFILE = "publish.toml"


def find_briefs(folder: Path) -> list[Path]:
    """Briefs in a folder, sorted by name: text, Markdown, HTML, Word and OpenDocument;
    hidden files (LibreOffice's `.~lock.name.odt#` too) and Word's lock files
    (`~$name.docx`) left out."""
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


# `![alt](file "title")` or `![alt](<file with spaces>)`: the files a Markdown brief shows.
_IMAGE_REF = re.compile(r"!\[[^\]]*\]\(\s*(?:<([^>]+)>|([^)\s]+))")


def image_inputs(source: Path) -> list[Path]:
    """Image files a Markdown brief refers to, inside its folder: a changed chart rebuilds.

    Anything unreadable or outside the folder is left to the normalizer to report.
    """
    if source.suffix.lower() not in (".md", ".markdown"):
        return []
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    folder = source.parent.resolve()
    found: list[Path] = []
    for match in _IMAGE_REF.finditer(text):
        ref = match.group(1) or match.group(2) or ""
        if ":" in ref or ref.startswith(("/", "\\")):
            continue
        path = (folder / ref).resolve()
        if path.is_relative_to(folder) and path not in found:
            found.append(path)
    return found


def brief_inputs(
    source: Path, project: Path | None = None, extra: list[Path] = (), profile: Path | None = None
) -> list[Path]:
    """The files a brief's editions depend on: the brief, its sidecar, the house profile
    (`profile`, when the caller has found it), the style files they name (logo, fonts,
    stylesheets) and the images it shows."""
    profile = profile or house_profile(source, project)
    return [source, sidecar(source), profile, *extra, *image_inputs(source)]
