"""`dist/index.html`: every current brief, newest first, with its cover, facts and editions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..html import esc
from .card import MEDIA
from .css import stylesheet
from .page import size_text
from .settings import SiteSettings

INDEX = "index.html"
DEFAULT_STYLE = {"accent": "#1f4e79", "ink": "#1b1b1b", "rule": "#9aa7b4", "panel": "#eef2f6",
                 "body_font": "Source Serif Pro", "heading_font": "Source Serif Pro"}  # fmt: skip


def newest_first(sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """By date, newest first; briefs of one date by title, then slug (a stable order)."""
    ordered = sorted(sites, key=lambda s: (s["card"]["title"].casefold(), s["card"]["slug"]))
    return sorted(ordered, key=lambda s: s["card"].get("date") or "", reverse=True)


def house_name(sites: list[dict[str, Any]]) -> str | None:
    """The publisher most briefs name (the house), if any."""
    names = Counter(s["card"]["publisher"] for s in sites if s["card"].get("publisher"))
    return min(names, key=lambda n: (-names[n], n)) if names else None


def house_style(sites: list[dict[str, Any]]) -> dict[str, Any]:
    """The style most briefs share: the house's [style] (a brief's own look is its own)."""
    styles = Counter(tuple(sorted(s["card"]["style"].items())) for s in sites)
    if not styles:
        return DEFAULT_STYLE
    return dict(min(styles, key=lambda k: (-styles[k], k)))


def catalogue_title(sites: list[dict[str, Any]]) -> str:
    name = house_name(sites)
    return f"{name}: briefs" if name else "Briefs"


def catalogue_page(sites: list[dict[str, Any]], settings: SiteSettings) -> bytes:
    """The catalogue's bytes; `sites` are the manifest's `site` records of passed briefs."""
    title = catalogue_title(sites)

    def url(path: str) -> str:
        return settings.url(path)

    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f'<link rel="alternate" type="application/atom+xml" href="{esc(url("feed.xml"))}" '
        'title="Atom feed">',
        '<link rel="alternate" type="application/atom+xml;profile=opds-catalog;kind=acquisition" '
        f'href="{esc(url("opds.xml"))}" title="OPDS catalogue">',
    ]
    if settings.base_url:
        head.append(f'<link rel="canonical" href="{esc(url(INDEX))}">')
    head.append(f"<style>{stylesheet(house_style(sites))}</style>")
    body = [
        '<a class="skip" href="#main">Skip to the briefs</a>',
        f'<header class="site"><div class="wrap"><p class="masthead">'
        f"{esc(house_name(sites) or 'Briefs')}</p></div></header>",
        '<main id="main" class="wrap">',
        f"<h1>{esc('Briefs' if house_name(sites) else title)}</h1>",
    ]
    ordered = newest_first(sites)
    if ordered:
        body.append('<ol class="catalogue">')
        body += [_entry(site, url) for site in ordered]
        body.append("</ol>")
    else:
        body.append("<p>No brief has been published yet.</p>")
    body.append("</main>")
    body.append(
        '<footer class="site"><nav class="wrap" aria-label="Feeds"><ul class="plain editions">'
        f'<li><a href="{esc(url("feed.xml"))}">Atom feed</a></li>'
        f'<li><a href="{esc(url("opds.xml"))}">OPDS catalogue</a></li></ul></nav></footer>'
    )
    html = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return html.encode("utf-8")


def _entry(site: dict[str, Any], url) -> str:  # noqa: ANN001
    card, files = site["card"], site["files"]
    lang = esc(card["language"])
    rtl = ' dir="rtl"' if card.get("rtl") else ""
    thumb = files["thumbnail"]
    parts = ["<li>",
             # The title beside it says what the cover says: the thumbnail is decoration.
             f'<img src="{esc(url(thumb["path"]))}" alt="" width="{thumb["width"]}" '
             f'height="{thumb["height"]}" loading="lazy">',
             "<div>"]  # fmt: skip
    series = " · ".join(esc(x) for x in (card.get("series"), card.get("number_label")) if x)
    if series:
        parts.append(f'<p class="series" lang="{lang}"{rtl}>{series}</p>')
    parts.append(f'<h2 lang="{lang}"{rtl}><a href="{esc(url(files["page"]["path"]))}">'
                 f"{esc(card['title'])}</a></h2>")  # fmt: skip
    if card.get("subtitle"):
        parts.append(f'<p class="subtitle" lang="{lang}"{rtl}>{esc(card["subtitle"])}</p>')
    names = [a["name"] for a in card["authors"]]
    if names:
        parts.append(f'<p class="byline" lang="{lang}">{esc(", ".join(names))}</p>')
    facts = []
    if card.get("date"):
        facts.append(f'<time datetime="{esc(card["date"])}">{esc(card["date_label"])}</time>')
    facts.append(esc(card["language_name"]))
    parts.append(f'<p class="meta">{" · ".join(facts)}</p>')
    parts.append('<ul class="plain editions">')
    for name, record in card["editions"].items():
        media, label = MEDIA[name]
        parts.append(f'<li><a href="{esc(url(record["path"]))}" type="{media}">{esc(label)}</a> '
                     f'<span class="size">({size_text(record["bytes"])})</span></li>')  # fmt: skip
    parts += ["</ul>", "</div>", "</li>"]
    return "\n".join(parts)
