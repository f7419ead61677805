"""The site's one house setting: `base_url`, where dist/ is served.

It belongs to the house (publish.toml), not to a brief: every page of a release links the
same way. Without it every link is relative, so dist/ works from any folder or server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError

KEY = "base_url"


def check_base_url(value: Any) -> str:
    """An absolute http(s) URL with a host, kept with one trailing slash; else TypeError."""
    if not isinstance(value, str) or not value.strip():
        raise TypeError("an http(s) address such as https://example.org/briefs/")
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise TypeError("an http(s) address such as https://example.org/briefs/")
    if any(c.isspace() or c in "<>\"'" for c in text):
        raise TypeError("an http(s) address without spaces or quotes")
    return text.rstrip("/") + "/"


@dataclass(frozen=True)
class SiteSettings:
    base_url: str | None = None

    def url(self, path: str, here: str = "") -> str:
        """`path` (relative to dist/) as a link from a page in the folder `here` ("" or
        "<slug>/"): absolute under base_url, else relative."""
        if self.base_url:
            return self.base_url + path
        if here and path.startswith(here):
            return path[len(here) :]  # beside the page: "cover.png", not "../<slug>/cover.png"
        return "../" * here.count("/") + path


def load_site_settings(house_profile: Path) -> SiteSettings:
    """`base_url` from the house profile; defaults when absent. A bad value is one line."""
    if not house_profile.is_file():
        return SiteSettings()
    from ..tomlfile import read_toml

    data = read_toml(house_profile)[1]
    if KEY not in data:
        return SiteSettings()
    try:
        return SiteSettings(check_base_url(data[KEY]))
    except TypeError as exc:
        raise InputError(f"key “{KEY}” must be {exc}", path=house_profile) from None
