"""dist/opds.xml (OPDS 1.2) and dist/feed.xml (Atom, feedgen), read back by feedparser: every
brief once, newest first, stable ids, dates from the briefs, and every link a file in dist/."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import publish
from publish.identity import edition_uuid
from publish.release import release
from publish.site.feeds import feed_updated

from .conftest import SMALL_BRIEF

pytestmark = pytest.mark.slow

PORTS = (
    SMALL_BRIEF.replace("March 3, 2024", "May 2, 2024")
    .replace("Water Rights in the Delta", "Harbours & <Quays>")
    .replace("Paper 12", "Paper 13")  # its own number, so its own urn:uuid
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("feeds")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    (seeds / "ports.txt").write_text(PORTS, encoding="utf-8")
    out = root / "dist"
    assert release(seeds, out, check=False).exit_code == 0
    return out


def parse(path: Path):
    import feedparser

    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


def resolves(dist: Path, href: str, feed: str) -> Path:
    """A relative link, as a reader resolves it against the feed's own address."""
    assert not urlsplit(href).scheme, href  # no base_url set: every link relative
    target = (dist / Path(feed).parent / href).resolve()
    assert target.is_file() and dist.resolve() in target.parents, href
    return target


def stamp(parsed) -> str:  # noqa: ANN001 - feedparser's UTC struct_time
    return time.strftime("%Y-%m-%dT%H:%M:%S", parsed)


def briefs(dist: Path) -> list[publish.Document]:
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    return [e["site"]["card"] for e in manifest["briefs"]]


@pytest.mark.parametrize("name", ["opds.xml", "feed.xml"])
def test_feed_lists_every_brief_newest_first_with_stable_ids(dist, name):
    feed = parse(dist / name)
    cards = sorted(briefs(dist), key=lambda c: c["date"], reverse=True)
    assert [e.id for e in feed.entries] == [c["uuid"] for c in cards]
    assert [e.title for e in feed.entries] == ["Harbours & <Quays>", "Water Rights in the Delta"]
    # The id is the EPUB's own identifier (publish.identity), and updated is the brief's date.
    seeds = dist.parent / "seeds"
    assert feed.entries[1].id == edition_uuid(publish.normalize(seeds / "delta.txt"))
    assert [stamp(e.updated_parsed) for e in feed.entries] == [
        "2024-05-02T00:00:00", "2024-03-03T00:00:00",
    ]  # fmt: skip
    assert stamp(feed.feed.updated_parsed) == "2024-05-02T00:00:00"
    assert feed.entries[1].summary.startswith("Farmers along the delta")


@pytest.mark.parametrize("name", ["opds.xml", "feed.xml"])
def test_every_link_resolves_to_a_file_in_dist(dist, name):
    feed = parse(dist / name)
    links = [*feed.feed.links, *(link for e in feed.entries for link in e.links)]
    assert len(links) >= 2 + 4 * len(feed.entries)  # the feed's, a page and editions each
    for link in links:
        resolves(dist, link.href, name)


def test_opds_acquisition_links_cover_and_thumbnail(dist):
    feed = parse(dist / "opds.xml")
    self_link = next(link for link in feed.feed.links if link.rel == "self")
    assert self_link.type == "application/atom+xml;profile=opds-catalog;kind=acquisition"
    for entry in feed.entries:
        by_rel: dict[str, list] = {}
        for link in entry.links:
            by_rel.setdefault(link.rel, []).append(link)
        acquisitions = by_rel["http://opds-spec.org/acquisition"]
        assert sorted(link.type for link in acquisitions) == [
            "application/epub+zip", "application/pdf", "application/pdf",
        ]  # fmt: skip
        for link in acquisitions:  # the length is the file's
            assert int(link.length) == resolves(dist, link.href, "opds.xml").stat().st_size
        (cover,) = by_rel["http://opds-spec.org/image"]
        (thumb,) = by_rel["http://opds-spec.org/image/thumbnail"]
        assert cover.type == thumb.type == "image/png"
        from PIL import Image

        small, big = (Image.open(resolves(dist, x.href, "opds.xml")) for x in (thumb, cover))
        assert small.width < big.width // 4
        assert entry.get("dcterms_language", entry.get("language")) == "en-GB"  # spelling
        assert stamp(entry.published_parsed)[:10] in ("2024-05-02", "2024-03-03")  # dc:issued


def test_atom_feed_is_feedgens_and_names_the_editions(dist):
    feed = parse(dist / "feed.xml")
    assert feed.version == "atom10"
    assert feed.feed.generator == "publish"
    for entry in feed.entries:
        enclosures = [link.type for link in entry.links if link.rel == "enclosure"]
        assert sorted(enclosures) == ["application/epub+zip", "application/pdf", "application/pdf"]
        (page,) = [link.href for link in entry.links if link.rel == "alternate"]
        assert page.endswith("/index.html")


def test_feeds_never_take_the_clock(dist, tmp_path):
    """Released again a second later (and under another clock), the feeds are the same."""
    seeds = dist.parent / "seeds"
    again = tmp_path / "dist"
    env = dict(os.environ)
    try:
        os.environ["TZ"] = "Pacific/Kiritimati"
        assert release(seeds, again, check=False).exit_code == 0
    finally:
        os.environ.clear()
        os.environ.update(env)
    for name in ("opds.xml", "feed.xml", "index.html"):
        assert (again / name).read_bytes() == (dist / name).read_bytes(), name


def test_an_empty_release_has_valid_empty_feeds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    out = tmp_path / "dist"
    assert release(seeds, out, check=False).exit_code == 0
    for name in ("opds.xml", "feed.xml"):
        feed = parse(out / name)
        assert feed.entries == []
        assert stamp(feed.feed.updated_parsed) == "1980-01-01T00:00:00"  # the fixed fallback
    assert feed_updated([]).year == 1980


# --- the feeds' entries, serialized once (publish/site/fragments.py) -----------------------


def sites_of(dist: Path) -> list[dict]:
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    return [e["site"] for e in manifest["briefs"] if e.get("site")]


@pytest.mark.parametrize("base", [None, "https://example.org/briefs/"])
def test_feeds_spliced_from_their_entries_are_the_feeds_made_whole(dist, base):
    """Each entry serialized in a feed of its own and spliced in gives the bytes of the feed
    made in one piece, by lxml and by feedgen."""
    from publish.site import feeds
    from publish.site.catalogue import newest_first
    from publish.site.settings import SiteSettings

    settings, sites = SiteSettings(base), sites_of(dist)
    assert len(sites) == 2
    whole = feeds._opds_head(sites, settings)
    generator = feeds._atom_head(sites, settings)
    for site in newest_first(sites):
        feeds._opds_entry(whole, site, settings.url)
        feeds._atom_entry(generator, site, settings.url)
    assert feeds.opds_feed(sites, settings) == feeds._opds_text(whole)
    assert feeds.atom_feed(sites, settings) == generator.atom_str(pretty=True)


def test_a_remembered_entry_is_not_serialized_again_and_a_changed_one_is(dist, tmp_path):
    import copy

    from publish.site import feeds
    from publish.site.fragments import Fragments
    from publish.site.settings import SiteSettings

    # The release remembered its entries beside its hash cache, not in dist/.
    assert list((dist.parent / ".publish_cache").glob("feeds-*.json"))
    assert not list(dist.glob("feeds-*"))
    cache, sites, settings = tmp_path / "feeds.json", sites_of(dist), SiteSettings()
    first = Fragments(cache)
    made = feeds.opds_feed(sites, settings, first), feeds.atom_feed(sites, settings, first)
    first.save()

    def never() -> bytes:
        raise AssertionError("serialized again")

    again = Fragments(cache)
    for site in sites:
        assert again.text("opds", site, None, never).startswith(b"  <entry>")
    changed = copy.deepcopy(sites[0])
    changed["card"]["title"] = "Another title"
    for kind, site, base in [("opds", changed, None), ("atom", sites[0], "https://x.org/"),
                             ("opds", sites[0], "https://x.org/")]:  # fmt: skip
        with pytest.raises(AssertionError, match="serialized again"):
            again.text(kind, site, base, never)
    remembered = Fragments(cache)
    assert (feeds.opds_feed(sites, settings, remembered),
            feeds.atom_feed(sites, settings, remembered)) == made  # fmt: skip


def test_an_entry_is_cut_only_from_a_feed_of_one_entry():
    from publish.site.fragments import entry_text, splice

    one = b"<?xml?>\n<feed>\n  <id>x</id>\n  <entry>\n    <id>a</id>\n  </entry>\n</feed>\n"
    assert entry_text(one) == b"  <entry>\n    <id>a</id>\n  </entry>\n"
    with pytest.raises(ValueError):
        entry_text(one.replace(b"</feed>", b"  <entry>\n  </entry>\n</feed>"))
    head = b"<?xml?>\n<feed>\n  <id>x</id>\n</feed>\n"
    assert splice(head, [entry_text(one)]) == one
