"""The PDF's HTML for the block types beyond paragraphs and headings: pull quotes (and
where they are set), figures, tables, lists and block quotes. publish.pdf.html maps each
block type to one of these, in one place."""

from __future__ import annotations

from pathlib import Path

from .. import images
from ..document import Block, Document, SubList
from ..html import esc, render_inlines, table_rows
from ..labels import Labels, figure_label, labels_for, table_label
from .notecalls import Notes, inline_html

# A quotation mark (any script's) already opening or closing the text: the author's own.
OPENING_MARKS = "\"'“”„‟‘’‚‛«»‹›「『"


def quoted(text: str, t: Labels) -> tuple[str, str]:
    """The language's (opening, closing) marks for a pull quote; none when the author's own
    marks already enclose it, so that those are never changed or doubled."""
    text = text.strip()
    if text[:1] in OPENING_MARKS and text[-1:] in OPENING_MARKS + ".!?…":
        return "", ""
    return t.quotes()


def pullquote(block: Block, t: Labels, page_start: bool = False) -> str:
    # A duplicate of body text: hidden from assistive technology, nothing focusable inside.
    body = render_inlines(block.inlines, None, links=False) if block.inlines else esc(block.text)
    start, end = quoted(block.text, t)
    if start:
        body = f'<span class="qmark">{esc(start)}</span>{body}<span class="qmark">{esc(end)}</span>'
    return (
        f'<aside class="pullquote{" page-start" if page_start else ""}" id="{esc(block.id)}" '
        f'role="doc-pullquote" aria-hidden="true" data-pdf="artifact"><p>{body}</p></aside>'
    )


def place_pullquotes(doc: Document) -> list[Block]:
    """Blocks in reading order with each pull quote moved after its source paragraph.

    Between paragraphs it never interrupts a sentence, and unlike a float it cannot push a
    footnote off its page (GUIDE: a floated aside did).
    """
    ids = {b.id for b in doc.blocks if b.type == "paragraph"}
    after: dict[str, list[Block]] = {}
    order: list[Block] = []
    for b in doc.blocks:
        if b.type == "pullquote" and b.source in ids and b.source:
            after.setdefault(b.source, []).append(b)
        else:
            order.append(b)
    out: list[Block] = []
    for b in order:
        out.append(b)
        out.extend(after.get(b.id, []))
    return out


def block_order(doc: Document) -> list[str]:
    """Block ids in the order they are set (pull quotes after their sources)."""
    return [b.id for b in place_pullquotes(doc)]


def figure(b: Block, notes: Notes, folder: Path | None, paper: str, cls: str) -> str:
    """figure > img[alt] + figcaption, in place (near its mention), never split from it.

    Not a float: a float can push a footnote off its call's page (GUIDE). A raster is set at
    its own size when its file states a resolution (else 96 px an inch), never wider than
    the column; an SVG takes the column's width.
    """
    parts = [f'<figure id="{esc(b.id)}" class="figure{cls}">']
    url = None
    if folder is not None:
        try:
            url = images.image_url(b.src or "", folder)  # served by the fetcher, read_image
        except images.ImageProblem:
            url = None
    if url is not None and b.width and b.media_type:
        info = images.ImageInfo(b.media_type, b.width, b.height or 1, b.dpi)
        width = images.printed_width_in(info, paper)
        role = "" if b.alt else ' role="presentation"'  # decorative: an artifact
        parts.append(
            f'<img src="{esc(url)}" alt="{esc(b.alt or "")}" style="width: {width:.3f}in"{role}>'
        )
    caption = f'<span class="label">{esc(figure_label(labels_for(notes.doc), b.number))}.</span>'
    if b.caption:
        caption += " " + inline_html(b.caption, notes)
    if b.credit:
        caption += f' <span class="credit">{inline_html(b.credit, notes)}</span>'
    parts.append(f"<figcaption>{caption}</figcaption></figure>")
    return "".join(parts)


def table(b: Block, notes: Notes, cls: str) -> str:
    """A table that may run over pages: WeasyPrint repeats its thead on each page."""
    caption = f'<span class="label">{esc(table_label(labels_for(notes.doc), b.number))}.</span>'
    if b.caption:
        caption += " " + inline_html(b.caption, notes)
    parts = [f'<table id="{esc(b.id)}" class="data{cls}"><caption>{caption}</caption>']
    parts += table_rows(b, lambda runs: inline_html(runs, notes))
    parts[-1] += "</table>"  # "</tbody></table>", as one part
    if b.credit:
        parts.append(f'<p class="table-credit">{inline_html(b.credit, notes)}</p>')
    return "".join(parts)


def list_html(sub: SubList, notes: Notes, block_id: str | None = None, cls: str = "") -> str:
    tag = "ol" if sub.ordered else "ul"
    attrs = f' id="{esc(block_id)}"' if block_id else ""
    if sub.ordered and sub.start != 1:
        # WeasyPrint 70 ignores the start attribute: the counter says it too.
        attrs += f' start="{sub.start}" style="counter-reset: list-item {sub.start - 1}"'
    items = "".join(
        f"<li>{inline_html(item.inlines, notes)}"
        + (list_html(item.sublist, notes) if item.sublist and item.sublist.items else "")
        + "</li>"
        for item in sub.items
    )
    return f'<{tag}{attrs} class="list{cls}">{items}</{tag}>'


def blockquote(b: Block, notes: Notes, cls: str) -> str:
    paras = "".join(f"<p>{inline_html(p, notes)}</p>" for p in b.paragraphs)
    if b.attribution:
        paras += f'<footer class="attribution">— {inline_html(b.attribution, notes)}</footer>'
    return f'<blockquote id="{esc(b.id)}" class="quote{cls}">{paras}</blockquote>'
