"""Inline content to (X)HTML, shared by the EPUB and PDF backends.

Everything from a brief is escaped here: text is never markup. Only http(s) and mailto
links become `<a href>`; anything else is rendered as its plain label.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from .document import Author, Block, Inline
from .labels import ROLE_SEPARATOR, join_names

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def esc(text: str) -> str:
    """Escape for element content and attribute values (quotes included)."""
    return escape(text, quote=True)


def safe_href(href: str | None) -> str | None:
    if href and href.strip().lower().startswith(SAFE_SCHEMES):
        return href.strip()
    return None


def break_url(url: str) -> str:
    """Escaped URL text with `<wbr/>` after / . ? & = … so that long URLs wrap.

    `<wbr/>` rather than U+200B: a reader who copies the URL gets it without invisible
    characters, and the font needs no glyph for it.
    """
    out = []
    for i, ch in enumerate(url):
        out.append(esc(ch))
        # Never inside "//": a URL broken between its slashes reads as two.
        if ch in "/.?&=-_#%" and i + 1 < len(url) and url[i + 1] != "/":
            out.append("<wbr/>")
    return "".join(out)


def render_inlines(
    inlines: list[Inline],
    noteref: Callable[[int], str] | None = None,
    *,
    links: bool = True,
) -> str:
    """Render inline runs. `noteref(n)` returns the markup for a call; None drops calls.

    `links=False` renders links as plain text (pull quotes must hold nothing focusable).
    """
    parts: list[str] = []
    for run in inlines:
        if run.type == "noteref":
            if noteref is not None and run.number is not None:
                parts.append(noteref(run.number))
        elif run.type == "em":
            parts.append(f"<em>{esc(run.text)}</em>")
        elif run.type == "strong":
            parts.append(f"<strong>{esc(run.text)}</strong>")
        elif run.type == "link":
            href = safe_href(run.href)
            label = break_url(run.text) if run.text == run.href else esc(run.text)
            if links and href:
                parts.append(f'<a href="{esc(href)}">{label}</a>')
            else:
                parts.append(label)
        else:
            parts.append(esc(run.text))
    return "".join(parts)


def authors_markup(authors: list[Author], language: str = "en") -> str:
    """Names joined ('A, B and C', in the language's pattern); once any has a role, one
    author per line with it."""
    authors = [a for a in authors if a.name.strip()]
    if not any(a.role for a in authors):
        return esc(join_names([a.name.strip() for a in authors], language))
    return "<br/>".join(
        esc(a.name) + (f'{ROLE_SEPARATOR}<span class="role">{esc(a.role)}</span>' if a.role else "")
        for a in authors
    )


ALIGN_CLASS = {"left": "al-left", "center": "al-center", "right": "al-right"}


def table_rows(block: Block, inlines: Callable[[list[Inline]], str]) -> list[str]:
    """A table's `thead` and `tbody`, the same markup in every edition: header cells are
    `th scope=col`, a first column of row headers `th scope=row`, alignment a class.
    `inlines` renders a cell's runs (each edition has its own note calls)."""

    def cell(tag: str, runs: list[Inline], column: int, scope: str) -> str:
        attrs = f' scope="{scope}"' if tag == "th" else ""
        align = block.align[column] if column < len(block.align) else None
        if align in ALIGN_CLASS:
            attrs += f' class="{ALIGN_CLASS[align]}"'
        return f"<{tag}{attrs}>{inlines(runs)}</{tag}>"

    parts: list[str] = []
    if block.head:
        parts.append("<thead>")
        for row in block.head:
            parts.append(
                "<tr>" + "".join(cell("th", c, i, "col") for i, c in enumerate(row)) + "</tr>"
            )
        parts.append("</thead>")
    parts.append("<tbody>")
    for row in block.rows:
        cells = (cell("th" if i == 0 and block.row_headers else "td", c, i, "row")
                 for i, c in enumerate(row))  # fmt: skip
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody>")
    return parts
