"""TOML files (publish.toml, sidecars) parsed once per content.

A release reads the house profile for every brief (its metadata layer, its [style] and
[lint] tables) and for the release's own settings ([print], the optional editions,
`base_url`, the Crossref depositor): six parses per brief, 6,000 in a 1,000-brief archive.
Each reader now asks here. The file is read each time (a few hundred bytes), and the parse
is kept by its text: an edit (the live preview, a house-style change) is parsed afresh,
however soon after the last one it was saved (file times are too coarse to tell).
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError


@lru_cache(maxsize=128)
def _parsed(text: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(text)  # errors are not cached: the next read tries again


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """(text, table) of a TOML file; ("", {}) when it does not exist. The table is the
    caller's own copy (load_toml pops keys from it). InputError, with the line, when it is
    not TOML or not UTF-8."""
    import tomllib

    if not path.is_file():
        return "", {}
    try:
        text = path.read_text(encoding="utf-8")
        return text, copy.deepcopy(_parsed(text))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else None
        raise InputError(f"not valid TOML: {exc}", path=path, line=line) from None
