"""HTML briefs: a page saved from the publisher's site, or Word's body as mammoth writes it.

The page is parsed with lxml (no network, no entities resolved), never rendered: only its
text and a few tags reach the Document, so markup in a page can never become markup in an
edition. The rules, by the page's structure rather than its words:

- the article is the `article` element with the most text, else `main`, else the element
  whose paragraphs hold the most text; navigation, headers and footers outside it, forms,
  scripts and share/related/comment boxes inside it are site chrome;
- a note call is a link to `#id` inside a `sup`, or a link whose text is a number in
  brackets, pointing at an element of the page; those elements are the notes, numbered by
  their first call, and links inside them back to a call are dropped;
- `h1` (the first) is the title, other headings are sections; `aside`, a blockquote with a
  pull-quote class, or a standalone line repeating a body sentence is a pull quote;
- a `Disclaimer:` paragraph and other notices go to the colophon, as in plain text.
"""

from __future__ import annotations

import re

from lxml import etree, html

from ..document import Author
from ..errors import InputError
from ..normalizer import meta as metamod
from ..normalizer.dates import date_problem
from ..normalizer.raw import RawBrief
from ..normalizer.titles import is_series_designation
from .htmlbody import parse_html_tree
from .htmltree import TreeReader, iso_date, text_of


def _paragraph_text_length(element: etree._Element) -> int:
    return sum(len(text_of(p)) for p in element.iter("p"))


def find_article(root: etree._Element) -> etree._Element:
    """The element holding the article: `article`, `main`, else the element (the body
    included: Google Docs and Word write paragraphs straight into it) whose own paragraphs
    hold the most text."""
    for tag, role in (("article", "article"), ("main", "main")):
        found = root.xpath(f"//{tag}") or root.xpath(f"//*[@role='{role}']")
        if found:
            return max(found, key=_paragraph_text_length)
    body = root.find("body")
    best, best_len = body if body is not None else root, -1
    for element in [*([body] if body is not None else []), *root.iter("div", "section")]:
        direct = sum(
            len(text_of(p))
            for p in element
            if isinstance(p.tag, str) and p.tag in ("p", "h1", "h2", "h3", "ul", "ol", "table")
        )
        if direct > best_len:
            best, best_len = element, direct
    return best


# What a page's head may say, in order of trust: Highwire (Google Scholar), Dublin Core,
# Open Graph, and the plain author tag.
_META_TITLES = ("citation_title", "dc.title", "dcterms.title", "og:title")
_META_AUTHORS = ("citation_author", "dc.creator", "dcterms.creator", "author")
_META_DATES = ("citation_publication_date", "citation_date", "dc.date", "dcterms.issued",
               "dcterms.date",
               "dcterms.created", "article:published_time", "date")  # fmt: skip


def _from_meta(raw: RawBrief) -> bool:
    return all(isinstance(a, str) for a in raw.authors)


def _meta_date(value: str, reader: TreeReader, meta: etree._Element) -> str | None:
    """A date in the page's head: ISO (with a time), or Highwire's 2025/02/11."""
    value = value.replace("/", "-") if re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", value) else value
    head = re.match(r"\d{4}-\d{1,2}-\d{1,2}", value)
    if problem := date_problem(head.group() if head else value):
        raise InputError(f"impossible date “{value}” in the page's head: {problem}",
                         path=reader.name, line=reader.line_of(meta))  # fmt: skip
    return iso_date(value)


def page_meta(root: etree._Element, raw: RawBrief, reader: TreeReader) -> None:
    """What the page's head says: language, author, date, title (used when the body lacks it)."""
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang.strip()):
        raw.language = lang.strip()  # declared: the text never overrides it (issue 10)
        raw.language_by = "the page's lang attribute"
    author_key = ""  # the tag the authors came from: more of the same add to them
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        value = " ".join((meta.get("content") or "").split())
        if not value:
            continue
        if key in _META_AUTHORS:
            if key == "citation_author":  # Highwire's "Reyes, Tom", one tag per author
                last, comma, first = value.partition(", ")
                value = f"{first} {last}" if comma and " " not in last else value
                raw.authors = [*(raw.authors if _from_meta(raw) else []), value]
            elif not raw.authors or author_key == key:  # pandoc: one tag per author
                names = [a.strip() for a in re.split(r",| and ", value) if a.strip()]
                raw.authors = [*raw.authors, *names]
                author_key = key
        elif key in _META_DATES and not raw.date:
            raw.date = _meta_date(value, reader, meta)
        elif key in _META_TITLES and not raw.title:
            raw.title = value
    if not raw.title:
        title = root.find(".//title")
        if title is not None and text_of(title):
            # "Brief title | Site name": the site's name is not the brief's.
            raw.title = re.split(r"\s+[|–—]\s+", text_of(title))[0]
    if not raw.date:
        for time in root.iter("time"):
            if iso := iso_date(time.get("datetime") or text_of(time)):
                raw.date, raw.date_line = iso, reader.line_of(time)
                break


def parse_html(text: str, name: str) -> RawBrief:
    """A saved web page (or CMS export) as a RawBrief; lines are the page's source lines."""
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    root = html.document_fromstring(text, parser=parser)
    return parse_html_tree(root, name, lambda e: e.sourceline or 0, page=_page)


def _page(root: etree._Element, raw: RawBrief, reader: TreeReader) -> etree._Element:
    """A saved page: what its head says, and the element holding the article."""
    page_meta(root, raw, reader)
    article = find_article(root)
    header_region(article, raw, reader)
    return article


# Class words a theme gives the byline and the series or category link above a title.
# Drupal's themes put the byline in `.node__meta` (`Submitted by …`, `Von …`).
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(byline|author|authors|author-name|entry-author|"
                           r"node__meta|submitted)(?:$|\s)", re.IGNORECASE)  # fmt: skip
_SERIES_CLASS = re.compile(r"(?:^|[\s_-])(series|cat-links|category|categories|kicker|eyebrow)"
                           r"(?:$|[\s_-])", re.IGNORECASE)  # fmt: skip


def header_region(article: etree._Element, raw: RawBrief, reader: TreeReader) -> None:
    """A theme's byline and series link around the title: header facts, not body text."""
    title = next(iter(article.iter("h1")), None)
    order = {e: i for i, e in enumerate(article.iter())}
    bylines = 0  # byline elements read: pandoc's title block has one per author
    limit = order.get(title, 0) + 40 if title is not None else 40
    for element in list(article.iter()):
        if not isinstance(element.tag, str) or order.get(element, limit) > limit:
            continue
        if element.getparent() is None or element.tag in ("h1", "body", "article", "main"):
            continue
        words = f"{element.get('class') or ''} {element.get('rel') or ''}"
        text = text_of(element)
        if not text or len(text.split()) > 12:
            continue
        if _BYLINE_CLASS.search(words) or element.get("rel") == "author":
            if not raw.authors or _from_meta(raw) or bylines:
                names = metamod.parse_byline(text, labelled=True) or metamod.parse_byline(text)
                if names is None and metamod.looks_like_name(text):
                    names = [Author(text)]  # a theme's author element holds just the name
                if names:
                    known = {a.name for a in raw.authors if bylines}
                    raw.authors = [*(raw.authors if bylines else []),
                                   *(a for a in names if a.name not in known)]  # fmt: skip
                    bylines += 1
            element.drop_tree()
        elif _SERIES_CLASS.search(words) and raw.series is None:
            if is_series_designation(text):
                raw.series = text
            else:
                reader.say("info", element, f"dropped a category line “{text}” above the title")
            element.drop_tree()
