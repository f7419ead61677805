"""The HTML tree every tree-shaped reader shares (web pages, and Word and ODT as HTML):
the reader state, inline runs, whitespace, and the site chrome dropped from it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ..document import Diagnostic, Inline
from ..normalizer.dates import parse_date
from ..normalizer.inlines import merge_text, plain_text
from ..normalizer.typography import clean_spaces

WEB = ("http://", "https://", "mailto:")
CALL_TEXT = re.compile(r"^\s*[\[(]?\s*(\d{1,4})\s*[\])]?\s*$")
# Boxes a CMS adds around an article; matched against class and id words.
_CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(share|sharing|social|related|breadcrumbs?|newsletter|subscribe|comments?|"
    r"tags|tag-list|author-bio|navigation|nav|menu|sidebar|cookie|banner|promo|"
    r"reading-time|print)(?:$|[\s_-])",
    re.IGNORECASE,
)
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "button", "svg",
             "nav", "select", "input", "object", "embed", "video", "audio", "canvas")  # fmt: skip
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = {*HEADINGS, "p", "blockquote", "aside", "ul", "ol", "table", "figure", "pre", "dl"}
# Where an image alone in its paragraph is not a figure of the body (so it is left out, and
# said to be).
HOLDERS = {"td", "th", "li", "blockquote", "aside", "dd", "dt", "caption", "figcaption"}
TERMINAL = re.compile(r"[.!?…:;][”’\"')\]]*$")
# Classes that mark a subtitle: Word's and Google Docs' Subtitle style, themes' standfirst
# (Ghost's Casper and Source themes print the post's excerpt under the title as one).
SUBTITLE_CLASSES = {"subtitle", "standfirst", "dek", "deck", "entry-subtitle", "post-subtitle",
                     "article-subtitle", "lede-subtitle", "gh-article-excerpt",
                     "article-excerpt", "post-excerpt", "single-excerpt"}  # fmt: skip


@dataclass
class TreeReader:
    name: str
    line_of: Callable[[etree._Element], int]
    diags: list[Diagnostic] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # note element id -> number
    call_ids: set[str] = field(default_factory=set)  # ids of call links and their sup
    note_elements: set[etree._Element] = field(default_factory=set)

    def say(self, level: str, element: etree._Element | None, message: str) -> None:
        line = self.line_of(element) if element is not None else 0
        said = Diagnostic(level, line, message, self.name)  # type: ignore[arg-type]
        if said not in self.diags:  # a table's cells are read twice; say things once
            self.diags.append(said)

    # --- inline content ----------------------------------------------------------------
    def inlines(self, element: etree._Element, style: str = "text") -> list[Inline]:
        out: list[Inline] = []
        if element.text:
            out.append(Inline(style, element.text))  # type: ignore[arg-type]
        for child in element:
            if isinstance(child.tag, str):
                out.extend(self.child(child, style))
            if child.tail:
                out.append(Inline(style, child.tail))  # type: ignore[arg-type]
        return out

    def child(self, child: etree._Element, style: str) -> list[Inline]:
        tag = child.tag.lower()
        number = self.call_number(child)
        if number is not None:
            return [Inline("noteref", number=number)]
        if tag == "a" and self.is_backlink(child):
            return []
        if tag in ("em", "i", "cite"):
            return [Inline("em", plain_text(self.inlines(child)))]
        if tag in ("strong", "b"):
            return [Inline("strong", plain_text(self.inlines(child)))]
        if tag == "a":
            label = plain_text(self.inlines(child))
            href = (child.get("href") or "").strip()
            if href.lower().startswith(WEB) and label.strip():
                return [Inline("link", label, href=href)]
            return [Inline(style, label)]  # type: ignore[arg-type]
        if tag == "br":
            return [Inline(style, " ")]  # type: ignore[arg-type]
        if tag == "img":
            parent = child.getparent()
            ancestors = {a.tag for a in child.iterancestors()}
            alone = parent is not None and lone_image(parent) is child
            if "figure" in ancestors or (alone and not ancestors & HOLDERS):
                return []  # the figure's own image: read by figure_fields
            self.say("warning", child, f"image “{short(child.get('src') or '')}” left out: "
                     "only an image alone in its paragraph makes a figure")  # fmt: skip
            return []
        if tag in DROP_TAGS:
            return []
        return self.inlines(child, style)

    def call_number(self, element: etree._Element) -> int | None:
        """The note a call element points to: `<a href="#id">` or a `sup` around one."""
        link = element
        if element.tag == "sup":
            links = [a for a in element.iter("a")]
            if len(links) != 1:
                return None
            link = links[0]
        if link.tag != "a":
            return None
        href = link.get("href") or ""
        return self.numbers.get(href[1:]) if href.startswith("#") else None

    def is_backlink(self, link: etree._Element) -> bool:
        href = link.get("href") or ""
        return href.startswith("#") and href[1:] in self.call_ids


def short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_of(element: etree._Element) -> str:
    return " ".join(element.text_content().split())


def squash(text: str) -> str:
    """HTML whitespace: runs of it are one space, kept at the ends where a run meets a tag."""
    core = clean_spaces(text.replace("\n", " ").replace("\r", " "))
    if not core:
        return " " if text[:1].isspace() else ""
    return (" " if text[:1].isspace() else "") + core + (" " if text[-1:].isspace() else "")


def trim(runs: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for run in merge_text(runs):
        if run.type != "noteref":
            text = squash(run.text)
            if out and out[-1].text.endswith(" ") and text.startswith(" "):
                text = text[1:]  # one space where two runs meet
            run = Inline(run.type, text, run.href, run.number)
        out.append(run)
    out = merge_text(out)
    if out and out[0].type == "text":
        out[0] = Inline("text", out[0].text.lstrip())
    if out and out[-1].type == "text":
        out[-1] = Inline("text", out[-1].text.rstrip())
    return merge_text(out)


def is_chrome(element: etree._Element) -> bool:
    words = f"{element.get('class') or ''} {element.get('id') or ''}"
    role = (element.get("role") or "").lower()
    return bool(_CHROME_WORDS.search(words)) or role in ("navigation", "banner", "contentinfo",
                                                          "search")  # fmt: skip


def clean_tree(article: etree._Element, reader: TreeReader) -> None:
    """Remove site chrome inside the article; say so once for what held text."""
    dropped: set[etree._Element] = set()
    for element in list(article.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if any(a in dropped for a in element.iterancestors()):
            continue
        tag = element.tag.lower()
        # A footer is site chrome, except a block quote's, which holds its attribution.
        quoted = tag == "footer" and element.getparent().tag in ("blockquote", "figure")
        if (
            tag in DROP_TAGS
            or (tag == "footer" and not quoted)
            or (is_chrome(element) and tag != "aside")
        ):
            text = text_of(element)
            if text and tag not in ("script", "style", "template", "noscript", "svg"):
                reader.say("info", element, f"dropped site chrome “{short(text, 50)}”")
            dropped.add(element)
            element.drop_tree()


def inside(element: etree._Element, containers: list[etree._Element]) -> bool:
    ancestors = set(element.iterancestors())
    return any(c in ancestors for c in containers)


def lone_image(element: etree._Element) -> etree._Element | None:
    children = [c for c in element if isinstance(c.tag, str)]
    if len(children) != 1 or children[0].tag != "img" or text_of(element):
        return None
    return children[0]


def iso_date(value: str) -> str | None:
    match = re.match(r"(\d{4}-\d{2}-\d{2})", value.strip())
    return match.group(1) if match else parse_date(value)
