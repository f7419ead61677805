"""`dist/<slug>/index.html`: a brief's landing page.

The abstract, the authors with their roles, the date, the identifiers, the downloads and
"How to cite", with the head metadata of publish/site/head.py. No script: plain HTML and one
inline stylesheet. Words the tool adds come from the brief's labels where it has them
(publish/labels.py); the few it has not are English and marked `lang="en"`.
"""

from __future__ import annotations

from typing import Any

from ..document import Document
from ..html import esc
from ..labels import labels_for
from .card import MEDIA
from .css import stylesheet
from .head import alternates, highwire, json_ld, script_json, social
from .settings import SiteSettings

PAGE = "index.html"


def size_text(size: int) -> str:
    """'312 kB', '1.4 MB': decimal units, as file managers and browsers show them."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB"


def edition_text(name: str, record: dict[str, Any]) -> str:
    """'PDF for screens, 6 pages, 312 kB'."""
    bits = [MEDIA[name][1]]
    if record.get("pages"):
        bits.append(f"{record['pages']} page{'s' if record['pages'] != 1 else ''}")
    bits.append(size_text(record["bytes"]))
    return ", ".join(bits)


class _Words:
    """The tool's words: the brief's labels where they exist, else English marked as such."""

    def __init__(self, doc: Document) -> None:
        self.t = labels_for(doc)
        self.english = (doc.meta.language or "en").split("-")[0].lower() == "en"

    def label(self, key: str) -> str:
        return esc(self.t(key))

    def en(self, text: str) -> str:
        return esc(text) if self.english else f'<span lang="en">{esc(text)}</span>'

    def attr(self) -> str:
        return "" if self.english else ' lang="en"'


def landing_page(
    doc: Document,
    card: dict[str, Any],
    settings: SiteSettings,
    *,
    cover: tuple[str, tuple[int, int]],
    cover_alt: str,
    cite: str | None = None,
) -> bytes:
    """The page's bytes. `cover` is (its dist/ path, size); `cite` is "How to cite" (plain
    text, paragraphs separated by blank lines), left out when None."""
    slug = card["slug"]
    here = f"{slug}/"

    def url(path: str) -> str:
        return settings.url(path, here)

    page = f"{slug}/{PAGE}"
    w = _Words(doc)
    direction = ' dir="rtl"' if card["rtl"] else ""
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(card['title'])}</title>",
    ]
    if card.get("summary"):
        head.append(f'<meta name="description" content="{esc(card["summary"])}">')
    if settings.base_url:
        head.append(f'<link rel="canonical" href="{esc(url(page))}">')
    head += highwire(card, url)
    head += social(card, url, page, cover[0], cover[1], cover_alt)
    head += alternates(card, url)
    data = script_json(json_ld(card, url, page, cover[0]))
    head.append(f'<script type="application/ld+json">{data}</script>')
    head.append(f"<style>{stylesheet(card['style'])}</style>")

    body = [f'<a class="skip" href="#main"{w.attr()}>{w.en("Skip to the brief")}</a>']
    body.append(_masthead(card, settings, here, w))
    body.append('<main id="main" class="wrap">')
    body.append('<article class="brief-page">')
    body.append(f'<div class="cover"><img src="{esc(url(cover[0]))}" alt="{esc(cover_alt)}" '
                f'width="{cover[1][0]}" height="{cover[1][1]}"></div>')  # fmt: skip
    body.append("<div>")
    names = [a.name.strip() for a in doc.meta.authors if a.name.strip()]
    body += _title_block(card, w.t.names(names))  # the byline: names; roles under Authors
    body += _abstract(card, w)
    body += _downloads(card, url, w)
    body += _people(doc, w)
    body += _identifiers(card, w)
    if cite:
        body += _cite(cite, w)
    body.append("</div></article></main>")
    body.append(_footer(card, settings, here, w))
    html = (
        f'<!DOCTYPE html>\n<html lang="{esc(card["language"])}"{direction} '
        'prefix="og: https://ogp.me/ns# article: https://ogp.me/ns/article#">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return html.encode("utf-8")


def _masthead(card: dict[str, Any], settings: SiteSettings, here: str, w: _Words) -> str:
    name = esc(card.get("publisher") or "") or w.en("Briefs")
    home = esc(settings.url("index.html", here))
    return (f'<header class="site"><div class="wrap"><p class="masthead">'
            f'<a href="{home}">{name}</a></p></div></header>')  # fmt: skip


def _title_block(card: dict[str, Any], byline: str) -> list[str]:
    out = []
    series = " · ".join(esc(x) for x in (card.get("series"), card.get("number_label")) if x)
    if series:
        out.append(f'<p class="series">{series}</p>')
    out.append(f"<h1>{esc(card['title'])}</h1>")
    if card.get("subtitle"):
        out.append(f'<p class="subtitle">{esc(card["subtitle"])}</p>')
    if byline:
        out.append(f'<p class="byline">{esc(byline)}</p>')
    if card.get("date"):
        from ..labels import display_date

        shown = display_date(card["date"], card["language"])
        out.append(f'<p class="meta"><time datetime="{esc(card["date"])}">{esc(shown)}</time></p>')
    return out


def _abstract(card: dict[str, Any], w: _Words) -> list[str]:
    if not card.get("summary"):
        return []
    return ['<section aria-labelledby="abstract">',
            f'<h2 id="abstract"{w.attr()}>{esc("Abstract")}</h2>',
            f'<p class="abstract">{esc(card["summary"])}</p>', "</section>"]  # fmt: skip


def _downloads(card: dict[str, Any], url, w: _Words) -> list[str]:  # noqa: ANN001
    out = ['<section aria-labelledby="download">',
           f'<h2 id="download"{w.attr()}>{esc("Download")}</h2>', '<ul class="plain">']  # fmt: skip
    for name, record in card["editions"].items():
        media = MEDIA[name][0]
        out.append(f'<li{w.attr()}><a href="{esc(url(record["path"]))}" type="{media}" download>'
                   f"{esc(MEDIA[name][1])}</a> "
                   f'<span class="size">({esc(edition_text(name, record).split(", ", 1)[1])})'
                   "</span></li>")  # fmt: skip
    out += ["</ul>", "</section>"]
    return out


def _people(doc: Document, w: _Words) -> list[str]:
    authors = [a for a in doc.meta.authors if a.name.strip()]
    if not authors:
        return []
    key = "authors" if len(authors) > 1 else "author"
    out = ['<section aria-labelledby="authors">', f'<h2 id="authors">{w.label(key)}</h2>',
           '<ul class="plain">']  # fmt: skip
    for a in authors:
        role = f', <span class="meta">{esc(a.role)}</span>' if a.role else ""
        out.append(f"<li>{esc(a.name)}{role}</li>")
    out += ["</ul>", "</section>"]
    return out


def _identifiers(card: dict[str, Any], w: _Words) -> list[str]:
    ids = card["identifiers"]
    rows = []
    if doi := ids.get("doi"):
        rows.append(("DOI", f'<a href="https://doi.org/{esc(doi)}">https://doi.org/{esc(doi)}</a>'))
    if isbn := ids.get("isbn"):
        rows.append(("ISBN", esc(isbn)))
    if issn := ids.get("issn"):
        rows.append(("ISSN", esc(issn)))
    rows.append((w.label("edition_identifier"), f"<code>{esc(card['uuid'])}</code>"))
    out = ['<section aria-labelledby="identifiers">',
           f'<h2 id="identifiers"{w.attr()}>{esc("Identifiers")}</h2>',
           '<dl class="ids">']  # fmt: skip
    out += [f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows]
    out += ["</dl>", "</section>"]
    return out


def _cite(cite: str, w: _Words) -> list[str]:
    paragraphs = [" ".join(p.split()) for p in cite.split("\n\n") if p.strip()]
    out = ['<section aria-labelledby="cite">', f'<h2 id="cite"{w.attr()}>{esc("How to cite")}</h2>']
    out += [f'<p class="cite">{esc(p)}</p>' for p in paragraphs]
    out.append("</section>")
    return out


def _footer(card: dict[str, Any], settings: SiteSettings, here: str, w: _Words) -> str:
    links = [(settings.url("index.html", here), "All briefs"),
             (settings.url("feed.xml", here), "Atom feed"),
             (settings.url("opds.xml", here), "OPDS catalogue")]  # fmt: skip
    items = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in links)
    return (f'<footer class="site"{w.attr()}><nav class="wrap" aria-label="Site">'
            f'<ul class="plain editions">{items}</ul></nav></footer>')  # fmt: skip
