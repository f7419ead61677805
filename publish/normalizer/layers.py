"""Metadata layers, later ones winning: house profile < sidecar < front matter < the text.

Raw text lacks authors, ISSN, address, licence…; editors supply them in TOML beside the
briefs. Where two layers disagree, the later one wins and a diagnostic says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..document import Diagnostic
from .fields import load_toml
from .sources import house_profile, sidecar

Layer = tuple[str, dict[str, Any]]

# The lowest layer of a Word brief: File › Properties, filled in by the word processor
# (`created` is the day the file was made, `title` often a draft's). The brief's own text
# overriding it is expected, so that is an info line, not a warning on every Word brief.
WORD_PROPERTIES = "Word properties"
ODT_PROPERTIES = "ODT properties"  # the same for an OpenDocument text (meta.xml)


def file_layers(source: Path, project: Path | None = None) -> list[Layer]:
    """The layers that live in files beside the brief: house profile, then sidecar."""
    profile, side = house_profile(source, project), sidecar(source)
    return [(profile.name, load_toml(profile)), (side.name, load_toml(side))]


def style_root(source: Path, project: Path | None = None) -> Path:
    """The folder [style] paths are relative to: the project's, else the brief's own."""
    profile = house_profile(source, project)
    return profile.parent if profile.is_file() else source.resolve().parent


def style_inputs(source: Path, project: Path | None = None) -> list[Path]:
    """Files the house style of a brief reads, for the incremental release: everything
    under the project's styles/ and every file or font folder its [style] tables name."""
    return StyleScan(project).inputs(source)[1]


class StyleScan:
    """The house profile and `style_inputs` of every brief of one release.

    What the house gives every brief (where its profile is, its styles/ folder, the files
    its [style] names) is found once per profile, not once per brief: resolving the
    profile's path three times and validating it for each of 1,000 briefs was 0.25 s of a
    rerun's 0.45 s scan (docs/PERFORMANCE.md). It holds the files as they were when first
    asked, so a caller that lives on (the preview) makes one per build.
    """

    def __init__(self, project: Path | None = None) -> None:
        self._project = project
        # With a project the profile is the same for every brief (house_profile ignores
        # where the brief is); without, it is looked for from each brief's own folder.
        self._fixed = house_profile(Path(), project) if project is not None else None
        self._is_file: dict[Path, bool] = {}
        self._house: dict[tuple[Path, Path], frozenset[Path]] = {}

    def profile(self, source: Path) -> Path:
        return self._fixed or house_profile(source, None)

    def inputs(self, source: Path) -> tuple[Path, list[Path]]:
        """(the brief's house profile, the files its house style reads)."""
        profile = self.profile(source)
        if profile not in self._is_file:
            self._is_file[profile] = profile.is_file()
        # The folder [style] paths are relative to, as style_root finds it.
        root = profile.parent if self._is_file[profile] else source.resolve().parent
        if (profile, root) not in self._house:
            found = {p for p in (root / "styles").rglob("*") if p.is_file()}
            self._house[(profile, root)] = frozenset(found | _named(root, profile))
        return profile, sorted(self._house[(profile, root)] | _named(root, sidecar(source)))


def _named(root: Path, layer: Path) -> set[Path]:
    """The files (or a font folder's files) a layer's [style] table names. A broken layer
    names none here: the normalizer reports it."""
    try:
        data = load_toml(layer)
    except Exception:
        return set()
    found: set[Path] = set()
    for key, value in (data.get("style") or {}).items():
        if key in ("accent_color", "text_color"):
            continue
        # `fonts` may be a table: { body = "…", heading = "…" }, each a folder or a pairing.
        for item in value.values() if isinstance(value, dict) else [value]:
            if not isinstance(item, str):
                continue
            path = (root / item).resolve()
            if path.is_file():
                found.add(path)
            elif path.is_dir():
                found |= {p for p in path.iterdir() if p.is_file()}
    return found


def merge_layers(layers: list[Layer], file: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for name, data in layers:
        for key, value in data.items():
            if value is None:
                continue
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                # [style]: each of its keys is a layer of its own, so a sidecar can change
                # the accent and keep the house logo.
                for sub, item in value.items():
                    old = merged[key].get(sub)
                    if old is not None and old != item:
                        message = f"{key}.{sub}: {name} gives {item!r}, overriding {old!r}"
                        diags.append(Diagnostic("info", 0, message, file))
                merged[key] = {**merged[key], **value}
                continue
            if key in merged and merged[key] != value:
                message = f"{key}: {name} gives {value!r}, overriding {origin[key]}"
                level = "info" if origin[key] in (WORD_PROPERTIES, ODT_PROPERTIES) else "warning"
                diags.append(Diagnostic(level, 0, f"{message} ({merged[key]!r})", file))
            merged[key] = value
            origin[key] = name
    if origin.get("date") in (WORD_PROPERTIES, ODT_PROPERTIES):
        # The day the file was made: pandoc writes today's, a template its own (python-docx's
        # says 2013). Used, for want of a date line, but never silently.
        message = (f"date {merged['date']} taken from the file's creation date in its "
                   f"{origin['date']}: put a date line under the title if the brief was "
                   "published on another day")  # fmt: skip
        diags.append(Diagnostic("warning", 0, message, file))
    return merged, diags
