"""Feed entries serialized once and remembered by their content, so that a release with one
brief changed writes the feeds of a 1,000-brief archive from 999 remembered entries.

Both feeds were made whole on every release that changed anything: 0.25 s of the 2.6 s a
rerun with one brief changed took at 1,000 briefs (docs/PERFORMANCE.md). A feed's text is its
head, then its entries, then `</feed>`; pretty-printed, an entry's text depends only on the
entry (its depth is always one). So each entry is serialized alone, inside a feed of its own,
and its text cut out; the feed is its head (the feed made with no entries) with the entries'
texts spliced in before `</feed>`. The bytes are those of the feed made whole (tested).

Each entry's text is kept by a digest of what makes it: the feed's kind, the brief's `site`
record, the base URL, and the versions of publish's code, feedgen and lxml. The cache is the
release's, never part of it: `.publish_cache/` beside the project, as the hash cache's
(publish/hashcache.py). A missing, unreadable or unwritable cache only means serializing again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from ..fingerprint import sha256_bytes
from ..hashcache import write_cache_file

CLOSE = b"</feed>\n"
_ENTRY = b"\n  <entry>"  # how both serializers open an entry, at depth one


def entry_text(lone_feed: bytes) -> bytes:
    """The one entry's text out of a feed that holds only it, its indent and newline too."""
    start = lone_feed.index(_ENTRY) + 1
    if not lone_feed.endswith(CLOSE) or lone_feed.find(_ENTRY, start) != -1:
        raise ValueError("not a pretty-printed feed of one entry")
    return lone_feed[start : -len(CLOSE)]


def splice(head: bytes, entries: list[bytes]) -> bytes:
    """The feed with these entries' texts: its head (made with no entries) up to `</feed>`."""
    if not head.endswith(CLOSE):
        raise ValueError("not a pretty-printed feed")
    return b"".join([head[: -len(CLOSE)], *entries, CLOSE])


@cache
def _versions() -> str:
    from importlib.metadata import version

    from ..fingerprint import toolchain_digest

    return f"{toolchain_digest()}|feedgen {version('feedgen')}|lxml {version('lxml')}"


class Fragments:
    """Entry texts by digest, read from and saved to `path` (`HashCache.beside("feeds")`);
    with no path, nothing is remembered (every entry is serialized)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._known: dict[str, str] = {}
        self._used: dict[str, str] = {}
        if self._path is not None:
            with contextlib.suppress(OSError, ValueError):
                data = orjson.loads(self._path.read_bytes())
                if isinstance(data, dict):
                    self._known = {k: v for k, v in data.items() if isinstance(v, str)}

    def text(self, kind: str, site: dict[str, Any], base_url: str | None,
             make: Callable[[], bytes]) -> bytes:  # fmt: skip
        """The entry's text, from `make` (a feed of this entry alone) unless remembered."""
        if self._path is None:  # nothing to remember it in: no digest to make
            return entry_text(make())
        record = orjson.dumps([kind, site, base_url, _versions()], option=orjson.OPT_SORT_KEYS)
        key = sha256_bytes(record)
        if (known := self._known.get(key)) is None:
            known = entry_text(make()).decode("utf-8")
        self._used[key] = known
        return known.encode("utf-8")

    def save(self) -> None:
        """Keep the entries this release used, if they are not what the cache holds."""
        if self._path is None or self._used == self._known:
            return
        write_cache_file(self._path, orjson.dumps(self._used, option=orjson.OPT_SORT_KEYS))
