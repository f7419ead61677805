"""The EPUB's back matter: the notes list (each note its own pop-up target) and the colophon.

Apart from `xhtml` because the body's documents and the back matter's change for different
reasons; both escape every string from the brief through `publish.html`.
"""

from __future__ import annotations

import re

from ..citations import how_to_cite_html
from ..document import Document, Note
from ..html import break_url, esc, render_inlines, safe_href
from ..labels import Labels, font_credit, imprint, labels_for
from .xhtml import BODY_FILE, NoteCalls, logo_img, page, time_element


def notes_page(doc: Document, lang: str, calls: NoteCalls) -> str:
    t = labels_for(doc)
    parts = [
        '<section epub:type="endnotes" role="doc-endnotes" aria-labelledby="notes-title">',
        f'<h2 id="notes-title">{esc(t("notes"))}</h2>',
        '<ol class="notes">',
    ]
    seen: set[int] = set()
    for note in doc.notes:
        if note.number in seen:
            continue  # a duplicate number would give a duplicate id; the normalizer reports it
        seen.add(note.number)
        label = calls.labels.get(note.number)
        parts.append(render_note(note, calls.calls.get(note.number, []), t, label))
    parts.append("</ol>")
    parts.append("</section>")
    return page(t("notes"), lang, "\n".join(parts), body_class="backmatter")


def render_note(
    note: Note, call_ids: list[str], t: Labels | None = None, shown: str | None = None
) -> str:
    """One note of the notes list; `shown` is what its calls show (a custom mark such as
    `*`, written as it is, where a number gets a full stop), by default its number."""
    t = t or Labels("en")
    n = note.number
    shown = shown or str(n)
    text = render_inlines(note.inlines, None) if note.inlines else esc(note.text)
    mark = esc(shown) if note.mark else f"{esc(shown)}."
    if call_ids:
        label = (
            f'<a class="backlink" role="doc-backlink" href="{BODY_FILE}#{call_ids[0]}"'
            f' aria-label="{esc(t("backlink", n=shown))}">{mark}</a>'
        )
    else:
        label = f'<span class="backlink">{mark}</span>'  # never called: nothing to go back to
    extra = "".join(
        f' <a class="backlink-more" role="doc-backlink" href="{BODY_FILE}#{ref}"'
        f' aria-label="{esc(t("backlink_more", i=i, n=shown))}">({i})</a>'
        for i, ref in enumerate(call_ids[1:], start=2)
    )
    more = f'<span class="also"> {esc(t("also_cited"))}{extra}.</span>' if extra else ""
    # Each note is its own element with its own id (Kindle merges anonymous neighbours);
    # `footnote` is the type Kobo and Apple Books pop up, and it is not deprecated. Type, role
    # and id sit on the `p`, not the `li`: `doc-footnote` on a list item breaks the list (DAISY
    # Knowledge Base; Ace's epub-type-has-matching-role), and never an `aside` (Apple Books
    # hides asides). Backlink first, so a pop-up opens on the note's number.
    return (
        f'<li class="note"><p id="note-{n}" epub:type="footnote" role="doc-footnote">'
        f"{label} {text}{more}</p></li>"
    )


def colophon_page(
    doc: Document,
    lang: str,
    identifier: str,
    logo: str | None = None,
    credit: str | None = None,
) -> str:
    """The colophon; `credit` names the typefaces the book embeds (the default face's if None)."""
    m = doc.meta
    c = doc.colophon
    t = labels_for(doc)
    parts = [
        '<section epub:type="colophon" role="doc-colophon" aria-labelledby="colophon-title">',
        f'<h2 id="colophon-title">{esc(t("colophon"))}</h2>',
    ]
    if c.disclaimer_inlines or c.disclaimer:
        text = (
            render_inlines(c.disclaimer_inlines, None)
            if c.disclaimer_inlines
            else esc(c.disclaimer or "")
        )
        parts.append(f'<p class="disclaimer">{text}</p>')
    for notice in c.notices:
        if notice.strip():
            parts.append(f'<p class="notice">{esc(notice)}</p>')
    rows: list[tuple[str, str]] = []
    for key, label, text in imprint(doc):
        if key in ("website", "doi"):
            rows.append((label, link_or_text(text)))
        elif key == "date":
            rows.append((label, time_element(m.date, t)))
        else:
            rows.append((label, esc(text)))
    # <wbr/> after each hyphen and colon (no character, so a copied identifier is exact): it
    # wraps between its groups, never inside one ("…aaba2 / 0" with word-break: break-all).
    wrapped = re.sub(r"([-:])", r"\1<wbr/>", esc(identifier))
    rows.append((t("edition_identifier"), f'<span class="identifier">{wrapped}</span>'))
    rows.append((t("how_to_cite"), f'<span class="cite">{how_to_cite_html(doc)}</span>'))
    parts.append('<dl class="imprint">')
    parts.extend(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows)
    parts.append("</dl>")
    if credit is None:
        credit = font_credit(t, ["Source Serif Pro (Adobe)"])
    parts.append(f'<p class="font-credit">{esc(credit)}</p>')
    if logo:
        parts.append(logo_img(doc, logo, "logo colophon-logo"))
    parts.append("</section>")
    return page(t("colophon"), lang, "\n".join(parts), body_class="backmatter")


def link_or_text(url: str) -> str:
    href = safe_href(url)
    return f'<a href="{esc(href)}">{break_url(url)}</a>' if href else esc(url)
