"""The Document as semantic HTML for WeasyPrint: title block, sections, notes, colophon.
Each block type maps to its markup in `_body`, here; the markup of note calls is in
publish.pdf.notecalls, that of figures, tables, lists and quotes in publish.pdf.blocks.

Everything from the brief goes through `publish.html` (escaped); this module only adds
structure. Layout lives in styles/pdf.css, so the markup stays plain and checkable:

- `data-pdf` marks what publish/pdf/tagging.py retags (its MAPPING): note, reference,
  endnote, label, artifact;
- a note call is `<span class="call" id="ref-N">last-word<span class="footnote">…</span></span>`:
  the wrapper is `white-space: nowrap` so the call never starts a line, and its id becomes a
  PDF named destination on the page of the call (publish.checks.pdfcheck reads it);
- a note too long for the footnote area (LONG_NOTE characters) is set as an endnote instead,
  because WeasyPrint never splits a footnote and would defer it page after page;
- a brief with more than MAX_FOOTNOTES notes sets them all as endnotes: WeasyPrint's footnote
  layout costs about 30 ms a note (2,000 notes: over a minute per edition), endnotes a fifth.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..citations import how_to_cite_html
from ..document import Document, SubList
from ..html import authors_markup, esc, render_inlines
from ..i18n import hyphenation_dictionary
from ..identity import build_datetime, edition_uuid
from ..labels import (
    Labels,
    imprint,
    labels_for,
    logo_alt,
    series_label,
)
from .blocks import block_order as block_order  # re-exported: publish.pdf uses it
from .blocks import blockquote, figure, list_html, place_pullquotes, pullquote, table
from .notecalls import LONG_NOTE as LONG_NOTE  # re-exported for the tests and checks
from .notecalls import MAX_FOOTNOTES as MAX_FOOTNOTES
from .notecalls import Notes, inline_html
from .notecalls import is_footnote as is_footnote

RUNNING_TITLE = 60  # characters of the title in the running head
# Label keys (publish/labels.py); A4 and A5 read the same in every language.
EDITION_LABELS = {"screen": "screen_pdf", "print": "print_pdf", "archive": "archive_pdf"}
PAPER_LABELS = {"letter": "paper_letter"}
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def short_title(title: str, limit: int = RUNNING_TITLE) -> str:
    """The title cut at a word boundary for the running head."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title.rfind(" ", 0, limit)
    return title[: cut if cut > limit // 2 else limit].rstrip(" ,;:–—-") + "…"


def running_head(doc: Document) -> str:
    parts = [doc.meta.series or "", short_title(doc.meta.title)]
    return " · ".join(p for p in parts if p)


def _description(doc: Document) -> str:
    """PDF Subject: the subtitle, else the opening of the first paragraph."""
    if doc.meta.subtitle:
        return doc.meta.subtitle
    first = next((b.text for b in doc.paragraphs()), "")
    first = " ".join(first.split())
    return first if len(first) <= 240 else first[: first.rfind(" ", 0, 240)] + "…"


def _keywords(doc: Document) -> list[str]:
    words = list(doc.meta.keywords) or [
        k for k in (doc.meta.series, doc.meta.publisher, labels_for(doc)("policy_brief")) if k
    ]
    # WeasyPrint splits the content on commas: keep each keyword whole.
    return [k.replace(",", " ") for k in words]


def _head(doc: Document) -> str:
    stamp = build_datetime(doc).isoformat()
    # The PDF Author entry holds names only; roles are on the title block and colophon.
    metas = [f'<meta name="author" content="{esc(a.name)}">' for a in doc.meta.authors]
    metas.append(f'<meta name="description" content="{esc(_description(doc))}">')
    kw = _keywords(doc)
    if kw:
        metas.append(f'<meta name="keywords" content="{esc(", ".join(kw))}">')
    metas.append(f'<meta name="dcterms.created" content="{stamp}">')
    metas.append(f'<meta name="dcterms.modified" content="{stamp}">')
    metas.append('<meta name="generator" content="publish">')
    title = doc.meta.title or doc.meta.slug or labels_for(doc)("untitled")
    return f'<head><meta charset="utf-8"><title>{esc(title)}</title>' + "".join(metas) + "</head>"


def _logo(doc: Document, src: str | None, cls: str) -> str:
    if not src:
        return ""
    return f'<img class="{cls}" src="{esc(src)}" alt="{esc(logo_alt(doc))}">'


def _title_block(doc: Document, logo: str | None = None) -> str:
    m = doc.meta
    t = labels_for(doc)
    parts = ['<header class="title-block">', _logo(doc, logo, "logo")]
    label = series_label(doc)
    if label:
        parts.append(f'<p class="series">{esc(label)}</p>')
    # A very long title is set smaller, so that it cannot fill pages before the text.
    size = " long" if len(m.title) > 120 else ""
    size = " very-long" if len(m.title) > 400 else size
    parts.append(f'<h1 class="title{size}">{esc(m.title or t("untitled"))}</h1>')
    if m.subtitle:
        parts.append(f'<p class="subtitle">{esc(m.subtitle)}</p>')
    if authors_html := authors_markup(m.authors, t.language):
        parts.append(f'<p class="authors">{authors_html}</p>')
    line = [x for x in (t.date(m.date), m.publisher) if x]
    if line:
        parts.append(
            '<p class="dateline">' + ' <span class="sep">|</span> '.join(map(esc, line)) + "</p>"
        )
    parts.append("</header>")
    return "".join(parts)


CONTENTS_OVER = 8  # sections or pages: longer documents get a printed contents list
# Characters a page holds at most (A4 10.5 pt holds about 4,500): an estimate above
# 1.5 × CONTENTS_OVER pages with this is surely long, so the contents go in from the start.
CHARS_PER_PAGE = {"a4": 6000, "a5": 3000, "letter": 6000}


def wants_contents(doc: Document, pages: int | None = None) -> bool:
    """A printed contents list: as the brief says, else for more than 8 sections or pages.

    Never for fewer than two sections: a list of one entry helps nobody.
    """
    if doc.meta.contents is not None:
        return doc.meta.contents
    if len(doc.headings()) < 2:
        return False
    return len(doc.headings()) > CONTENTS_OVER or (pages or 0) > CONTENTS_OVER


def surely_long(doc: Document, paper: str) -> bool:
    """True when the text alone fills well over CONTENTS_OVER pages (saves a second layout)."""
    chars = sum(len(b.text) for b in doc.blocks) + sum(len(n.text) for n in doc.notes)
    chars += sum(len(r) * 80 for b in doc.tables() for r in b.rows)
    return chars / CHARS_PER_PAGE.get(paper, 6000) > 1.5 * CONTENTS_OVER


def _contents(doc: Document) -> str:
    """Section titles with page numbers (CSS target-counter) after the title block."""
    items = []
    for b in doc.headings():
        label = render_inlines(b.inlines, None, links=False) if b.inlines else esc(b.text)
        items.append(f'<li><a href="#{esc(b.id)}">{label}</a></li>')
    if not items:
        return ""
    return (
        '<nav class="contents" role="doc-toc" aria-labelledby="contents-title">'
        f'<h2 id="contents-title">{esc(labels_for(doc)("contents"))}</h2>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def _body(
    doc: Document,
    notes: Notes,
    break_before: set[str],
    folder: Path | None = None,
    paper: str = "a4",
) -> str:
    parts: list[str] = []
    for b in place_pullquotes(doc):
        # A forced page break, chosen by the renderer to keep a footnote with its call.
        cls = ' class="page-start"' if b.id in break_before else ""
        if b.type == "heading":
            level = min(max(b.level or 2, 2), 4)
            content = inline_html(b.inlines, notes) if b.inlines else esc(b.text)
            parts.append(f'<h{level} id="{esc(b.id)}"{cls}>{content}</h{level}>')
        elif b.type == "pullquote":
            parts.append(pullquote(b, labels_for(doc), b.id in break_before))
        elif b.type == "figure":
            parts.append(figure(b, notes, folder, paper, " page-start" if cls else ""))
        elif b.type == "table":
            parts.append(table(b, notes, " page-start" if cls else ""))
        elif b.type == "list":
            sub = SubList(b.ordered, b.start, b.items)
            parts.append(list_html(sub, notes, b.id, " page-start" if cls else ""))
        elif b.type == "blockquote":
            parts.append(blockquote(b, notes, " page-start" if cls else ""))
        else:
            content = inline_html(b.inlines, notes) if b.inlines else esc(b.text)
            parts.append(f'<p id="{esc(b.id)}"{cls}>{content}</p>')
    return "".join(parts)


def _note_items(doc: Document, notes: Notes, numbers: list[int], prefix: str) -> str:
    """The notes as list items `<li id="{prefix}N">` (tagged Note with that /ID)."""
    items = []
    for number in numbers:
        note = doc.note(number)
        if note is None:
            continue
        body = render_inlines(note.inlines) if note.inlines else esc(note.text)
        items.append(
            f'<li id="{prefix}{number}" value="{number}" data-pdf="endnote">'
            f'<span class="endnote-n" data-pdf="label">{esc(notes.shown(number))}'
            f"{'' if note.mark else '.'}</span> {body}</li>"
        )
    return "".join(items)


def _endnotes(doc: Document, notes: Notes) -> str:
    """Notes too long for a footnote, and notes nobody calls, as a list before the colophon."""
    numbers = notes.endnotes + [n.number for n in doc.notes if n.number not in notes.placed]
    if not numbers:
        return ""
    return (
        '<section class="endnotes" role="doc-endnotes" aria-labelledby="endnotes-title">'
        f'<h2 id="endnotes-title">{esc(labels_for(doc)("notes"))}</h2>'
        f"<ol>{_note_items(doc, notes, numbers, 'endnote-')}</ol></section>"
    )


def _page_notes(doc: Document, notes: Notes) -> str:
    """The footnotes of the colophon's page, set straight after the text as a typesetter
    sets the notes of a short last page: the page reads text, notes, colophon, where
    WeasyPrint's footnote area would put them below the colophon. They keep their footnote
    id (`note-N`): the same note, checked on its call's page and tagged as before."""
    if not notes.tailed:
        return ""
    label = esc(labels_for(doc)("notes"))
    return (
        f'<section class="page-notes" role="doc-endnotes" aria-label="{label}">'
        f"<ol>{_note_items(doc, notes, notes.tailed, 'note-')}</ol></section>"
    )


def _colophon(doc: Document, edition: str, paper: str, logo: str | None = None) -> str:
    c = doc.colophon
    t = labels_for(doc)
    rows = [
        (esc(label), f'<a href="{esc(text)}">{esc(text)}</a>' if key == "doi" else esc(text))
        for key, label, text in imprint(doc)
    ]
    paper_label = t(PAPER_LABELS[paper]) if paper in PAPER_LABELS else paper.upper()
    rows.append((esc(t("edition")), esc(edition_line(t, edition, paper_label))))
    rows.append((esc(t("identifier")), esc(edition_uuid(doc))))
    parts = [
        '<section class="colophon" role="doc-colophon" aria-labelledby="colophon-title">',
        f'<h2 id="colophon-title">{esc(t("colophon"))}</h2>',
    ]
    if c.disclaimer:
        text = render_inlines(c.disclaimer_inlines) if c.disclaimer_inlines else esc(c.disclaimer)
        parts.append(f'<p class="disclaimer">{text}</p>')
    parts.append('<table class="facts">')
    parts += [f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows]
    parts.append("</table>")
    # A paragraph, not a table row: a row that must break across pages (a very long title)
    # takes WeasyPrint minutes to lay out, a paragraph milliseconds.
    parts.append(f'<p class="cite-label">{esc(t("how_to_cite"))}</p>'
                 f'<p class="cite">{how_to_cite_html(doc)}</p>')  # fmt: skip
    parts += [f'<p class="notice">{esc(n)}</p>' for n in c.notices]
    parts.append(_logo(doc, logo, "logo colophon-logo"))
    parts.append("</section>")
    return "".join(parts)


def edition_line(t: Labels, edition: str, paper_label: str) -> str:
    """The colophon's edition row. The screen and print PDFs are written from one layout
    (publish/pdf/derive.py), so both name both: "Screen PDF, A4; Print PDF, A4, 3 mm bleed".
    The archive edition, laid out on its own, names itself."""
    if edition == "archive" or edition not in ("screen", "print", "pdf"):
        label = t(EDITION_LABELS[edition]) if edition in EDITION_LABELS else edition
        return t("edition_line", edition=label, paper=paper_label)
    return "; ".join((
        t("edition_line", edition=t(EDITION_LABELS["screen"]), paper=paper_label),
        t("edition_line_bleed", edition=t(EDITION_LABELS["print"]), paper=paper_label),
    ))  # fmt: skip


_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def document_html(
    doc: Document,
    edition: str = "screen",
    paper: str = "a4",
    *,
    break_before: set[str] | frozenset[str] = frozenset(),
    logo: str | None = None,
    folder: Path | None = None,
    contents: bool = False,
    tail: frozenset[int] = frozenset(),
) -> str:
    """The whole document as one HTML string (lang from meta.language).

    `break_before`: ids of blocks that must start a page (see render.blocks_to_break).
    `tail`: footnotes set after the text instead, above the colophon (render.colophon_notes).
    `folder`: the brief's folder, where figures' files are; `contents`: print a contents list.
    """
    lang = doc.meta.language if _LANG.match(doc.meta.language or "") else "en"
    notes = Notes(doc=doc, placed=set(), endnotes=[], labels=doc.note_labels(), tail=tail)
    body = _body(doc, notes, set(break_before), folder, paper)
    toc = _contents(doc) if contents else ""
    t = labels_for(doc)
    direction = ' dir="rtl"' if t.rtl else ""
    # No hyphenation dictionary for the language: ragged, not justified with wide gaps.
    ragged = "" if hyphenation_dictionary(lang) else " ragged"
    return (
        f'<!DOCTYPE html><html lang="{esc(lang)}"{direction} class="{esc(edition)}{ragged}">'
        f"{_head(doc)}<body>"
        f"{_title_block(doc, logo)}{toc}<main>{body}</main>{_page_notes(doc, notes)}"
        f"{_endnotes(doc, notes)}"
        f"{_colophon(doc, edition, paper, logo)}</body></html>"
    )


def uses_arabic(doc: Document) -> bool:
    """True when any text of the brief is in Arabic script (the bundled Amiri face is needed)."""
    m = doc.meta
    texts = [
        m.title,
        m.subtitle or "",
        m.series or "",
        m.publisher or "",
        doc.colophon.disclaimer or "",
    ]
    texts += [b.text for b in doc.blocks] + [n.text for n in doc.notes]
    return labels_for(doc).rtl or any(ARABIC.search(x) for x in texts)


def _css_string(text: str) -> str:
    """A CSS string literal with every non-ASCII or special character hex-escaped."""
    out = []
    for ch in text:
        out.append(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x} ")
    return '"' + "".join(out) + '"'


def document_css(doc: Document, body_family: str = "Source Serif Pro") -> str:
    """The stylesheet rules that depend on the brief's language.

    - the page number line ("Seite 3 von 8") as CSS content with counters;
    - right to left: the running head moves to the top right (pdf.css mirrors the rest);
    - Arabic script: the bundled Amiri face (OFL), after the body face (`body_family`, the
      house's) so that Latin text stays as it is.
    """
    t = labels_for(doc)
    pieces = re.split(r"(\x00[PN])", t("page_of", page="\x00P", pages="\x00N"))
    content = " ".join(
        {"\x00P": "counter(page)", "\x00N": "counter(pages)"}.get(p, _css_string(p))
        for p in pieces
        if p
    )
    css = [f"@page {{ @bottom-center {{ content: {content}; }} }}"]
    if t.rtl:
        head = _css_string(running_head(doc))
        css.append(
            f"@page {{ @top-left {{ content: none; }} @top-right {{ content: {head}; }} }}"
            "@page :first { @top-right { content: none; } }"
        )
    if uses_arabic(doc):
        body = _css_string(body_family)
        css.append(
            '@font-face { font-family: "Amiri"; font-weight: 400; '
            'src: url("fonts/Amiri-Regular.ttf"); }'
            '@font-face { font-family: "Amiri"; font-weight: 700; '
            'src: url("fonts/Amiri-Bold.ttf"); }'
            f'html {{ font-family: {body}, "Amiri"; }}'
            f'@page {{ @top-right {{ font-family: {body}, "Amiri"; }}'
            f' @bottom-center {{ font-family: {body}, "Amiri"; }} }}'
        )
    return "\n".join(css) + "\n"
