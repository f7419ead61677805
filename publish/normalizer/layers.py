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


def file_layers(source: Path) -> list[Layer]:
    """The layers that live in files beside the brief: house profile, then sidecar."""
    profile, side = house_profile(source), sidecar(source)
    return [(profile.name, load_toml(profile)), (side.name, load_toml(side))]


def merge_layers(layers: list[Layer], file: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for name, data in layers:
        for key, value in data.items():
            if value is None:
                continue
            if key == "labels" and isinstance(merged.get(key), dict):
                value = {**merged[key], **value}  # label overrides add up, key by key
            if key in merged and merged[key] != value:
                message = f"{key}: {name} gives {value!r}, overriding {origin[key]}"
                diags.append(Diagnostic("warning", 0, f"{message} ({merged[key]!r})", file))
            merged[key] = value
            origin[key] = name
    return merged, diags
