"""The EPUB's colophon: the disclaimer and notices, the imprint (series, publisher, date,
edition identifier, ISSN, address, website, licence), the typefaces' credit and the logo.

Beside publish.epub.xhtml, whose page frame and helpers it uses; brief text is escaped there.
"""

from __future__ import annotations

import re

from ..document import Document
from ..html import break_url, esc, render_inlines, safe_href
from ..labels import font_credit, imprint, labels_for
from .xhtml import logo_img, page, time_element


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
        if key == "website":
            rows.append((label, link_or_text(text)))
        elif key == "date":
            rows.append((label, time_element(m.date, t)))
        else:
            rows.append((label, esc(text)))
    # <wbr/> after each hyphen and colon (no character, so a copied identifier is exact): it
    # wraps between its groups, never inside one ("…aaba2 / 0" with word-break: break-all).
    wrapped = re.sub(r"([-:])", r"\1<wbr/>", esc(identifier))
    rows.append((t("edition_identifier"), f'<span class="identifier">{wrapped}</span>'))
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
