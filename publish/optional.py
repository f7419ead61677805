"""The optional editions, `kepub`, `archive` and `azw3`: asked for with `publish release
--kepub --archive --azw3`, or once for the house in publish.toml's top-level keys:

    kepub = true     # <slug>.kepub.epub, the Kobo edition (publish/epub/kepub.py)
    archive = true   # <slug>-archive.pdf, PDF/A-3u + PDF/UA-1 (publish/pdf/archive.py)
    azw3 = true      # <slug>.azw3, the Kindle edition, by calibre (publish/epub/azw3.py)

A leaf module: the metadata loader (publish/normalizer/fields.py) takes these keys out of the
house profile with `check_optional`, and the release reads them with `optional_editions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import InputError

OPTIONAL = ("kepub", "archive", "azw3")


def check_optional(data: dict[str, Any], path: Path | str) -> dict[str, bool]:
    """`kepub`, `archive` and `azw3`, taken out of a house profile's top-level keys and checked."""
    found = {}
    for key in OPTIONAL:
        if key in data:
            value = data.pop(key)
            if not isinstance(value, bool):
                raise InputError(f"key “{key}” must be true or false", path=path)
            found[key] = value
    return found


def optional_editions(house_profile: Path) -> dict[str, bool]:
    """What publish.toml enables, e.g. `{"kepub": True}` (absent keys: off)."""
    from .tomlfile import read_toml

    return check_optional(read_toml(house_profile)[1], house_profile)
