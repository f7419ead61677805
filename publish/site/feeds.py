"""`dist/opds.xml` (an OPDS 1.2 acquisition feed, for reading apps) and `dist/feed.xml` (an
Atom feed made with feedgen, for feed readers): every current brief, newest first.

Reproducible: entry ids are the books' `urn:uuid` (publish/identity.py, the EPUB's own
identifier) and every `updated` is a brief's date (its card's), never the clock; feedgen
stamps the clock unless told, so every date it writes is set here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from lxml import etree

from .. import __version__
from ..identity import FALLBACK_DATE, NAMESPACE
from .card import MEDIA
from .catalogue import catalogue_title, house_name, newest_first
from .fragments import Fragments, splice
from .settings import SiteSettings

OPDS = "opds.xml"
ATOM = "feed.xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/terms/"
OPDS_NS = "http://opds-spec.org/2010/catalog"
ACQUISITION_FEED = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUISITION = "http://opds-spec.org/acquisition"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def feed_updated(sites: list[dict[str, Any]]) -> datetime:
    """The newest entry's date; an empty feed gets the fixed fallback, not the clock."""
    dates = [_when(s["card"]["updated"]) for s in sites]
    return max(dates) if dates else FALLBACK_DATE


def feed_id(sites: list[dict[str, Any]], settings: SiteSettings, kind: str) -> str:
    """Stable per house and feed kind: the same release URL or house name, the same id."""
    key = f"{kind}|{settings.base_url or house_name(sites) or ''}"
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent, tag: str, text: str | None = None, ns: str = ATOM_NS, **attrs: str):  # noqa: ANN001, ANN202
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _opds_root() -> etree._Element:
    return etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS, "dc": DC_NS, "opds": OPDS_NS})


def _opds_text(feed: etree._Element) -> bytes:
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def opds_feed(sites: list[dict[str, Any]], settings: SiteSettings,
              fragments: Fragments | None = None) -> bytes:  # fmt: skip
    """The OPDS feed; each entry's text from `fragments` when it is remembered there."""

    def alone(site: dict[str, Any]) -> bytes:
        lone = _opds_root()
        _opds_entry(lone, site, settings.url)
        return _opds_text(lone)

    fragments = fragments or Fragments()
    entries = [fragments.text("opds", s, settings.base_url, lambda s=s: alone(s))
               for s in newest_first(sites)]  # fmt: skip
    return splice(_opds_text(_opds_head(sites, settings)), entries)


def _opds_head(sites: list[dict[str, Any]], settings: SiteSettings) -> etree._Element:
    url = settings.url
    feed = _opds_root()
    _sub(feed, "id", feed_id(sites, settings, "opds"))
    _sub(feed, "link", rel="self", href=url(OPDS), type=ACQUISITION_FEED)
    _sub(feed, "link", rel="start", href=url(OPDS), type=ACQUISITION_FEED)
    _sub(feed, "link", rel="alternate", href=url("index.html"), type="text/html")
    _sub(feed, "title", catalogue_title(sites))
    _sub(feed, "updated", _stamp(feed_updated(sites)))
    _sub(_sub(feed, "author"), "name", house_name(sites) or "publish")
    return feed


def _opds_entry(feed: etree._Element, site: dict[str, Any], url: Callable[[str], str]) -> None:
    card, files = site["card"], site["files"]
    entry = _sub(feed, "entry")
    _sub(entry, "title", card["title"])
    _sub(entry, "id", card["uuid"])
    _sub(entry, "updated", card["updated"])
    for author in card["authors"]:
        _sub(_sub(entry, "author"), "name", author["name"])
    _sub(entry, "language", card["language"], DC_NS)
    if card.get("date"):
        _sub(entry, "issued", card["date"], DC_NS)
    if card.get("publisher"):
        _sub(entry, "publisher", card["publisher"], DC_NS)
    _sub(entry, "identifier", card["uuid"], DC_NS)
    for name, value in sorted(card["identifiers"].items()):
        _sub(entry, "identifier", f"urn:{name}:{value}", DC_NS)
    if card.get("summary"):
        _sub(entry, "summary", card["summary"], type="text")
    _sub(entry, "link", rel=IMAGE, href=url(files["cover"]["path"]), type="image/png")
    _sub(entry, "link", rel=THUMBNAIL, href=url(files["thumbnail"]["path"]), type="image/png")
    _sub(entry, "link", rel="alternate", href=url(files["page"]["path"]), type="text/html")
    for name, record in card["editions"].items():
        media, label = MEDIA[name]
        _sub(entry, "link", rel=ACQUISITION, href=url(record["path"]), type=media,
             length=str(record["bytes"]), title=label)  # fmt: skip


@cache
def _entry_class():  # noqa: ANN202 - feedgen is imported only when a feed is made
    from feedgen.entry import FeedEntry

    class Entry(FeedEntry):
        """feedgen 1.0.0 writes an entry's links with their href alone: its loop rebinds
        `link` to the new element before reading rel, type, title and length from it. The
        attributes are put back here, from the links as they were given."""

        def atom_entry(self, extensions: bool = True):  # noqa: ANN202
            entry = super().atom_entry(extensions)
            written = [e for e in entry if e.tag == "link"]
            for element, given in zip(written, self.link(), strict=True):
                for key in ("rel", "type", "hreflang", "title", "length"):
                    if given.get(key):
                        element.set(key, str(given[key]))
            return entry

    return Entry


def _atom_head(sites: list[dict[str, Any]], settings: SiteSettings):  # noqa: ANN202
    from feedgen.feed import FeedGenerator

    url = settings.url
    fg = FeedGenerator()
    fg.id(feed_id(sites, settings, "atom"))
    fg.title(catalogue_title(sites))
    fg.author({"name": house_name(sites) or "publish"})
    fg.link(href=url(ATOM), rel="self", type="application/atom+xml")
    fg.link(href=url("index.html"), rel="alternate", type="text/html")
    fg.generator("publish", version=__version__)  # not feedgen's own version: same bytes
    fg.updated(feed_updated(sites))  # feedgen's default is the clock
    return fg


def atom_feed(sites: list[dict[str, Any]], settings: SiteSettings,
              fragments: Fragments | None = None) -> bytes:  # fmt: skip
    """The Atom feed, made with feedgen; each entry's text from `fragments` when remembered."""

    def alone(site: dict[str, Any]) -> bytes:
        lone = _atom_head([site], settings)
        _atom_entry(lone, site, settings.url)
        return lone.atom_str(pretty=True)

    fragments = fragments or Fragments()
    entries = [fragments.text("atom", s, settings.base_url, lambda s=s: alone(s))
               for s in newest_first(sites)]  # fmt: skip
    return splice(_atom_head(sites, settings).atom_str(pretty=True), entries)


def _atom_entry(fg, site: dict[str, Any], url: Callable[[str], str]) -> None:  # noqa: ANN001
    card, files = site["card"], site["files"]
    fe = fg.add_entry(_entry_class()(), order="append")
    fe.id(card["uuid"])
    fe.title(card["title"])
    fe.updated(_when(card["updated"]))  # the clock otherwise, as for the feed
    date = card.get("date") or ""
    if len(date) == 10:  # a whole day: Atom's `published` is a moment
        fe.published(_when(f"{date}T00:00:00Z"))
    for author in card["authors"]:
        fe.author({"name": author["name"]})
    if card.get("summary"):
        fe.summary(card["summary"])
    fe.link(href=url(files["page"]["path"]), rel="alternate", type="text/html")
    for name, record in card["editions"].items():
        fe.link(href=url(record["path"]), rel="enclosure", type=MEDIA[name][0],
                length=str(record["bytes"]), title=MEDIA[name][1])  # fmt: skip
