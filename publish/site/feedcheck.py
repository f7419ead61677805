"""The gate's read-back of dist/opds.xml and dist/feed.xml: feedparser (independent of the
writers, lxml and feedgen) must parse each cleanly, find one entry per current brief with its
id, and every link must name a file this release writes, as a reading app resolves it against
the feed's own address."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit


def checker_name() -> str:
    from importlib.metadata import version

    return f"feedparser {version('feedparser')}"


def _target(href: str, base_url: str | None) -> str | None:
    """The dist/ path a link names (the feeds sit at dist/'s top), or None when it leaves
    the release."""
    if base_url and href.startswith(base_url):
        href = href[len(base_url) :]
    elif urlsplit(href).scheme or href.startswith("/"):
        return None  # another site, or an absolute path: not a file of this release
    path = posixpath.normpath(unquote(urlsplit(href).path))
    return None if path.startswith("..") else path


def feed_problems(data: bytes, name: str, files: set[str], ids: list[str],
                  base_url: str | None = None) -> list[str]:  # fmt: skip
    """Problems with one feed: `files` are the dist/ paths the release writes, `ids` the
    current briefs' urn:uuids."""
    import feedparser

    feed: Any = feedparser.parse(data)
    if feed.bozo:
        return [f"{name}: feedparser cannot read it ({feed.bozo_exception})"]
    problems = []
    found = [e.get("id") for e in feed.entries]
    if sorted(found, key=str) != sorted(ids):
        problems.append(f"{name}: lists {len(found)} entries, not the {len(ids)} current briefs")
    links = [*feed.feed.get("links", []), *(link for e in feed.entries for link in e.links)]
    for link in links:
        href = link.get("href", "")
        if _target(href, base_url) not in files:
            problems.append(f"{name}: the link {href!r} is no file of this release")
    return problems
