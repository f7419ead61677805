"""A landing page's head metadata, for the things that find and cite a brief:

- Google Scholar's Highwire tags (`citation_*`);
- a schema.org `Report` as JSON-LD;
- Open Graph and Twitter card tags, with the cover;
- `<link rel="alternate">` to the EPUB and the PDF.

Every value comes from the brief's card (publish/site/card.py) and is escaped here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..html import esc
from .card import MEDIA

Url = Callable[[str], str]  # a dist/ path → the link the page writes


def _meta(attr: str, key: str, value: object) -> str:
    return f'<meta {attr}="{esc(key)}" content="{esc(str(value))}">'


def scholar_date(iso: str | None) -> str | None:
    """Highwire's date form, 2025/06/16 (Google Scholar's guidelines); a month: 2025/06."""
    return iso.replace("-", "/") if iso else None


def highwire(card: dict[str, Any], url: Url) -> list[str]:
    tags = [_meta("name", "citation_title", card["title"])]
    tags += [_meta("name", "citation_author", a["name"]) for a in card["authors"]]
    if date := scholar_date(card.get("date")):
        tags.append(_meta("name", "citation_publication_date", date))
    if card.get("publisher"):
        tags.append(_meta("name", "citation_technical_report_institution", card["publisher"]))
    if card.get("number") is not None:
        tags.append(_meta("name", "citation_technical_report_number", card["number"]))
    if card.get("series"):
        tags.append(_meta("name", "citation_series_title", card["series"]))
    if "pdf" in card["editions"]:
        tags.append(_meta("name", "citation_pdf_url", url(card["editions"]["pdf"]["path"])))
    tags.append(_meta("name", "citation_language", card["language"]))
    for name in ("doi", "isbn", "issn"):
        if value := card["identifiers"].get(name):
            tags.append(_meta("name", f"citation_{name}", value))
    return tags


def json_ld(card: dict[str, Any], url: Url, page: str, cover: str) -> dict[str, Any]:
    """A schema.org Report: what search engines read as the brief's facts."""
    ids = [card["uuid"], *(f"https://doi.org/{v}" if k == "doi" else v
                           for k, v in sorted(card["identifiers"].items()))]  # fmt: skip
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": card["uuid"],
        "name": card["title"],
        "headline": card["title"],
        "inLanguage": card["language"],
        "identifier": ids,
        "url": url(page),
        "image": url(cover),
    }
    if card.get("subtitle"):
        data["alternativeHeadline"] = card["subtitle"]
    if card["authors"]:
        data["author"] = [
            {"@type": "Person", "name": a["name"], **({"jobTitle": a["role"]} if a["role"] else {})}
            for a in card["authors"]
        ]
    if card.get("date"):
        data["datePublished"] = card["date"]
    if card.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": card["publisher"]}
    if card.get("series"):
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": card["series"]}
    if card.get("number") is not None:
        data["reportNumber"] = str(card["number"])
    if card.get("summary"):
        data["abstract"] = card["summary"]
    data["encoding"] = [
        {
            "@type": "MediaObject",
            "contentUrl": url(r["path"]),
            "encodingFormat": MEDIA[n][0],
            "contentSize": f"{r['bytes']} B",
        }  # fmt: skip
        for n, r in card["editions"].items()
    ]
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end its <script> early: '<' is written as \\u003c."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def short(text: str, limit: int = 300) -> str:
    """A description for a card preview: whole words, at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def social(card: dict[str, Any], url: Url, page: str, cover: str, size: tuple[int, int],
           alt: str) -> list[str]:  # fmt: skip
    """Open Graph (Facebook, LinkedIn, Mastodon, Slack) and Twitter card tags."""
    description = short(card.get("summary") or card["title"])
    tags = [
        _meta("property", "og:type", "article"),
        _meta("property", "og:title", card["title"]),
        _meta("property", "og:description", description),
        _meta("property", "og:url", url(page)),
        _meta("property", "og:image", url(cover)),
        _meta("property", "og:image:type", "image/png"),
        _meta("property", "og:image:width", size[0]),
        _meta("property", "og:image:height", size[1]),
        _meta("property", "og:image:alt", alt),
        _meta("property", "og:locale", card["language"].replace("-", "_")),
    ]
    if card.get("publisher"):
        tags.append(_meta("property", "og:site_name", card["publisher"]))
    if card.get("date"):
        tags.append(_meta("property", "article:published_time", card["date"]))
    tags += [
        _meta("name", "twitter:card", "summary"),
        _meta("name", "twitter:title", card["title"]),
        _meta("name", "twitter:description", description),
        _meta("name", "twitter:image", url(cover)),
        _meta("name", "twitter:image:alt", alt),
    ]
    return tags


def alternates(card: dict[str, Any], url: Url) -> list[str]:
    links = []
    for name, record in card["editions"].items():
        media, label = MEDIA[name]
        links.append(f'<link rel="alternate" type="{media}" href="{esc(url(record["path"]))}" '
                     f'title="{esc(label)}">')  # fmt: skip
    return links
