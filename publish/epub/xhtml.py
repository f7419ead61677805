"""The EPUB's XHTML content documents: cover, title page, body, notes and colophon.

Every string from the brief goes through `publish.html` (escaped); the only markup here is ours.
Each function returns a complete, well-formed XHTML 5 document as `str`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..document import Block, Document, Inline, SubList
from ..html import authors_markup, esc, render_inlines, table_rows
from ..i18n import is_rtl
from ..labels import (
    Labels,
    figure_label,
    labels_for,
    logo_alt,
    series_label,
    table_label,
)
from ..pagemap import block_text
from .pagebreaks import PageMarks

STYLESHEET = "css/epub.css"
COVER_FILE = "cover.xhtml"
TITLE_FILE = "title.xhtml"
BODY_FILE = "text.xhtml"
NOTES_FILE = "notes.xhtml"
COLOPHON_FILE = "colophon.xhtml"


def page(title: str, lang: str, body: str, *, body_class: str = "") -> str:
    """A complete XHTML content document (served by our own EpubHtml subclass, see package)."""
    cls = f' class="{esc(body_class)}"' if body_class else ""
    direction = ' dir="rtl"' if is_rtl(lang) else ""
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<!DOCTYPE html>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{esc(lang)}" xml:lang="{esc(lang)}"{direction}>\n'
        "<head>\n"
        '<meta charset="utf-8"/>\n'
        f"<title>{esc(title)}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{STYLESHEET}"/>\n'
        "</head>\n"
        f"<body{cls}>\n{body}\n</body>\n"
        "</html>\n"
    )


def time_element(iso: str | None, t: Labels) -> str:
    shown = t.date(iso)
    try:
        date.fromisoformat(iso or "")
    except ValueError:
        return esc(shown)
    return f'<time datetime="{esc(iso or "")}">{esc(shown)}</time>'


# --- note calls -----------------------------------------------------------------------------


@dataclass
class NoteCalls:
    """Ids for every note call, so that each note can link back to the calls that cite it.

    A note may be called twice (each call gets its own id) or never (no backlink); a call to a
    note that does not exist is dropped rather than left as a dead link.
    """

    existing: set[int]
    calls: dict[int, list[str]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)  # Document.note_labels(): marks

    def markup(self, number: int) -> str:
        if number not in self.existing:
            return ""
        ids = self.calls.setdefault(number, [])
        ref_id = f"noteref-{number}" if not ids else f"noteref-{number}-{len(ids) + 1}"
        ids.append(ref_id)
        shown = esc(self.labels.get(number, str(number)))  # a custom mark, or the number
        # <sup> outside <a>: Apple Books breaks the popup when <sup> sits inside the link.
        return (
            f'<sup class="noteref"><a epub:type="noteref" role="doc-noteref" id="{ref_id}"'
            f' href="{NOTES_FILE}#note-{number}">{shown}</a></sup>'
        )


# --- pages ----------------------------------------------------------------------------------


def cover_page(doc: Document, lang: str, image_href: str, alt: str) -> str:
    cover = labels_for(doc)("cover")
    body = (
        f'<section epub:type="cover" class="cover" aria-label="{esc(cover)}">\n'
        f'<img src="{esc(image_href)}" alt="{esc(alt)}"/>\n'
        "</section>"
    )
    return page(cover, lang, body, body_class="cover")


def logo_img(doc: Document, href: str | None, cls: str) -> str:
    if not href:
        return ""
    return f'<p class="{cls}"><img src="{esc(href)}" alt="{esc(logo_alt(doc))}"/></p>'


def title_page(doc: Document, lang: str, title: str, logo: str | None = None) -> str:
    m = doc.meta
    t = labels_for(doc)
    parts = ['<section epub:type="titlepage" class="titlepage" aria-labelledby="book-title">']
    if logo:
        parts.append(logo_img(doc, logo, "logo"))
    if series := series_label(doc):
        parts.append(f'<p class="series">{esc(series)}</p>')
    parts.append(f'<h1 id="book-title" class="title">{esc(title)}</h1>')
    if m.subtitle:
        parts.append(f'<p class="subtitle">{esc(m.subtitle)}</p>')
    if authors_html := authors_markup(m.authors, t.language):
        parts.append(f'<p class="authors">{authors_html}</p>')
    if m.date:
        parts.append(f'<p class="date">{time_element(m.date, t)}</p>')
    if m.publisher:
        parts.append(f'<p class="publisher">{esc(m.publisher)}</p>')
    parts.append("</section>")
    return page(title, lang, "\n".join(parts), body_class="titlepage")


@dataclass
class Section:
    """A heading (None for text before the first heading) and the blocks under it."""

    id: str
    heading: Block | None
    blocks: list[Block]

    def label(self, t: Labels | None = None) -> str:
        """The heading's text, or "Section N" (N counts headings) when a heading is empty."""
        text = (self.heading.text if self.heading else "").strip()
        return text or (t or Labels("en"))("section", n=self.id.rsplit("-", 1)[-1])


def sections(doc: Document) -> list[Section]:
    """Split the body at its headings, with each pull quote moved after its source paragraph."""
    placed = {b.source for b in doc.pullquotes() if b.source}
    by_source: dict[str, list[Block]] = {}
    sources = {b.id for b in doc.paragraphs()}
    for quote in doc.pullquotes():
        if quote.source in sources:
            by_source.setdefault(quote.source, []).append(quote)
    ordered: list[Block] = []
    for block in doc.blocks:
        if block.type == "pullquote" and block.source in sources:
            continue  # placed after its source below
        ordered.append(block)
        if block.type == "paragraph" and block.id in placed:
            ordered.extend(by_source.get(block.id, []))

    out: list[Section] = [Section("text-start", None, [])]
    for block in ordered:
        if block.type == "heading":
            out.append(Section(f"section-{len(out)}", block, []))
        else:
            out[-1].blocks.append(block)
    if not out[0].blocks:
        out.pop(0)
    return out


def body_page(
    doc: Document,
    lang: str,
    title: str,
    calls: NoteCalls,
    images: dict[str, tuple[str, int, int]] | None = None,
    marks: PageMarks | None = None,
) -> str:
    """The body; `images` maps a figure's block id to (href in the book, width, height);
    `marks` puts the print edition's page breaks into it (publish/epub/pagebreaks.py)."""

    def marked(block: Block, fragment: str) -> str:
        return marks.block(block.id, fragment, block_text(block), BODY_FILE) if marks else fragment

    t = labels_for(doc)
    parts: list[str] = []
    for sec in sections(doc):
        if sec.heading is None:
            parts.append(f'<section id="{sec.id}" class="opening">')
        else:
            head_id = f"{sec.id}-title"
            parts.append(f'<section id="{sec.id}" aria-labelledby="{head_id}">')
            inner = render_inlines(sec.heading.inlines, None, links=False) or esc(sec.label(t))
            parts.append(marked(sec.heading, f'<h2 id="{head_id}">{inner}</h2>'))
        for block in sec.blocks:
            parts.append(marked(block, render_block(block, calls, images or {}, t)))
        parts.append("</section>")
    if not parts:
        # A brief with no body still needs a readable, non-empty body document.
        parts.append(
            f'<section id="text-start" class="opening"><p>{esc(t("no_text"))}</p></section>'
        )
    return page(title, lang, "\n".join(parts), body_class="bodymatter")


def render_block(
    block: Block,
    calls: NoteCalls,
    images: dict[str, tuple[str, int, int]] | None = None,
    t: Labels | None = None,
) -> str:
    if block.type == "figure":
        return render_figure(block, calls, (images or {}).get(block.id), t)
    if block.type == "table":
        return render_table(block, calls, t)
    if block.type == "list":
        return render_list(SubList(block.ordered, block.start, block.items), calls, block.id)
    if block.type == "blockquote":
        return render_blockquote(block, calls)
    if block.type == "pullquote":
        # Repeats body text: hidden from assistive technology, so nothing focusable inside.
        text = render_inlines(block.inlines, None, links=False) or esc(block.text)
        return (
            '<aside epub:type="pullquote" role="doc-pullquote" aria-hidden="true"'
            f' class="pullquote"><p>{text}</p></aside>'
        )
    text = render_inlines(block.inlines, calls.markup) if block.inlines else esc(block.text)
    # A call right after another: its enlarged tap target must not cover the first (epub.css).
    text = text.replace('</sup><sup class="noteref">', '</sup><sup class="noteref next">')
    return f"<p>{text}</p>"


def _runs(inlines: list[Inline], calls: NoteCalls) -> str:
    return render_inlines(inlines, calls.markup)


def render_figure(
    block: Block, calls: NoteCalls, image: tuple[str, int, int] | None, t: Labels | None = None
) -> str:
    """figure > img[alt] + figcaption (label, caption, credit); kept whole by the stylesheet."""
    parts = [f'<figure id="{esc(block.id)}" class="figure">']
    if image is not None:
        href, width, height = image
        # width/height let a reading system reserve the box before the image loads.
        parts.append(
            f'<img src="{esc(href)}" alt="{esc(block.alt or "")}"'
            f' width="{width}" height="{height}"/>'
        )
    elif block.alt:
        parts.append(f'<p class="missing-image">[{esc(block.alt)}]</p>')
    caption = f'<span class="label">{esc(figure_label(t or Labels("en"), block.number))}.</span>'
    if block.caption:
        caption += f" {_runs(block.caption, calls)}"
    if block.credit:
        caption += f' <span class="credit">{_runs(block.credit, calls)}</span>'
    parts.append(f"<figcaption>{caption}</figcaption>")
    parts.append("</figure>")
    return "\n".join(parts)


def render_table(block: Block, calls: NoteCalls, t: Labels | None = None) -> str:
    """table with caption, thead (th scope=col), optional row headers (th scope=row).

    Wrapped in a focusable scrolling region so that a wide table scrolls inside its own box
    on a narrow screen instead of overflowing the page.
    """
    cap_id = f"{block.id}-caption"
    caption = f'<span class="label">{esc(table_label(t or Labels("en"), block.number))}.</span>'
    if block.caption:
        caption += f" {_runs(block.caption, calls)}"
    parts = [
        f'<div class="table-scroll" role="region" aria-labelledby="{cap_id}" tabindex="0">',
        f'<table id="{esc(block.id)}" class="data">',
        f'<caption id="{cap_id}">{caption}</caption>',
    ]
    parts += table_rows(block, lambda runs: _runs(runs, calls))
    parts[-1] += "</table>"  # "</tbody></table>", as one part
    if block.credit:
        parts.append(f'<p class="table-credit">{_runs(block.credit, calls)}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def render_list(sub: SubList, calls: NoteCalls, block_id: str | None = None) -> str:
    tag = "ol" if sub.ordered else "ul"
    attrs = f' id="{esc(block_id)}"' if block_id else ""
    if sub.ordered and sub.start != 1:
        attrs += f' start="{sub.start}"'
    items = []
    for item in sub.items:
        nested = render_list(item.sublist, calls) if item.sublist and item.sublist.items else ""
        items.append(f"<li>{_runs(item.inlines, calls)}{nested}</li>")
    return f'<{tag}{attrs} class="list">' + "".join(items) + f"</{tag}>"


def render_blockquote(block: Block, calls: NoteCalls) -> str:
    """Unique text, read by screen readers (unlike a pull quote); attribution in a footer."""
    parts = [f'<blockquote id="{esc(block.id)}" class="quote">']
    parts += [f"<p>{_runs(p, calls)}</p>" for p in block.paragraphs]
    if block.attribution:
        parts.append(f'<footer class="attribution">— {_runs(block.attribution, calls)}</footer>')
    parts.append("</blockquote>")
    return "\n".join(parts)
