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


def house_profile(source: Path) -> Path:
    """`publish.toml` at the project root: the folder above the briefs' folder."""
    return source.resolve().parent.parent / HOUSE_PROFILE


def brief_inputs(source: Path) -> list[Path]:
    return [source, sidecar(source), house_profile(source)]
