"""Both PDF editions from one WeasyPrint layout (issue 24): the pages are laid out once, with
the print stylesheets, and written twice.

The screen and print editions set the same text on the same trim size; what differs between
their stylesheets does not move a line:

- `@page { bleed }` (styles/pdf-print.css): WeasyPrint reads it only to size the MediaBox,
  TrimBox and BleedBox and the page background's painting area, never to lay out content
  (weasyprint 70.0, `pdf.generate_pdf`, `layout.background.layout_background_layer`). The
  screen edition is written from copies of the pages with no bleed: its MediaBox is the trim.
- the colour of links, note calls and markers (black in print): `color` is read only when
  drawing (`draw.text.draw_first_line`, `draw.color.get_color`). Before the screen edition is
  drawn, every box takes the colour the screen stylesheets give it, from WeasyPrint's own
  cascade run over the same HTML without pdf-print.css (`screen_colours`); the boxes get
  their print styles back afterwards, so the two writes can come in either order.
- CMYK: the layout keeps the stylesheets' RGB colours, and the press pass separates every
  RGB operator through the press profile (publish/pdf/printprep.py), the same conversion the
  print stylesheet's palette used (publish/pdf/colour.py).

What both editions share is therefore exact: pages, line breaks, footnotes, anchors and the
boxes WeasyPrint's structure tree is built from. tests/test_one_layout.py compares the two
editions' text page by page and their structure trees, and the print edition's pages,
rasterised, with those of a print edition laid out on its own.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint.document import Document as Rendered

SIDES = ("top", "right", "bottom", "left")


def _boxes(box: Any) -> Iterator[Any]:
    """Every box under `box`, parents before children (absolute placeholders unwrapped)."""
    stack = [box]
    while stack:
        box = stack.pop()
        box = getattr(box, "_box", box)  # an AbsolutePlaceholder holds its box
        yield box
        children = box.all_children() if hasattr(box, "all_children") else ()
        stack.extend(reversed(list(children)))


def _screen_style_for(rendered: Rendered, html: Any) -> Any:
    """WeasyPrint's cascade over `html` with the screen edition's stylesheets."""
    from weasyprint.css import get_all_computed_styles
    from weasyprint.css.counters import CounterStyle
    from weasyprint.css.targets import TargetCollector

    return get_all_computed_styles(
        html, rendered.screen_sheets, False, rendered.font_config, CounterStyle(),  # type: ignore[attr-defined]
        {}, [], [], TargetCollector(), None,
    )  # fmt: skip


def _key(colour: Any) -> tuple[Any, ...]:
    return (colour.space, tuple(colour.coordinates), colour.alpha)


def screen_colours(rendered: Rendered) -> list[tuple[Any, Any]]:
    """(box, screen style) for every box whose colour differs on screen; styles are copied,
    never changed, because boxes and elements share them."""
    from weasyprint.css import AnonymousStyle, ComputedStyle

    cascades: dict[int, Any] = {}  # per HTML tree: a resumed layout's pages come from two
    replaced: dict[int, Any] = {}  # id(print style) -> its screen copy (or itself)
    keep: list[Any] = []  # the print styles looked at, alive while their ids are keys
    out: list[tuple[Any, Any]] = []

    def screen_colour(style: Any, element: Any, style_for: Any) -> Any:
        if isinstance(style, AnonymousStyle):  # inherits everything from its parent's style
            parent = replaced.get(id(style.parent_style))
            return (parent or style.parent_style)["color"]
        if element is None or not hasattr(element, "tag"):  # page and margin boxes
            return style["color"]
        own = style_for(element, style.pseudo_type)
        if own is None:  # no rule for this pseudo-element on screen: inherited
            own = style_for(element, None)
        return own["color"] if own is not None else style["color"]

    for page in rendered.pages:
        # The tree a page's boxes were built from: set by weasyprint's Document._render, or
        # on a page taken from an earlier layout (publish/pdf/resume.py).
        html = getattr(page._page_box, "_publish_html", None) or rendered._html  # type: ignore[attr-defined]
        if id(html) not in cascades:
            cascades[id(html)] = _screen_style_for(rendered, html)
        style_for = cascades[id(html)]
        for box in _boxes(page._page_box):
            style = getattr(box, "style", None)
            if not isinstance(style, (AnonymousStyle, ComputedStyle)):
                continue
            colour = screen_colour(style, box.element, style_for)
            if _key(colour) == _key(style["color"]):
                new = style
            else:
                cached = replaced.get(id(style))
                if cached is not None and _key(cached["color"]) == _key(colour):
                    new = cached
                else:
                    new = style.copy()
                    new["color"] = colour
            replaced.setdefault(id(style), new)
            keep.append(style)
            if new is not style:
                out.append((box, new))
    return out


@contextmanager
def screen_styles(rendered: Rendered) -> Iterator[None]:
    """The boxes drawn in the screen edition's colours for the time of the block."""
    if not getattr(rendered, "screen_sheets", None):  # laid out for the screen alone
        yield
        return
    changes = screen_colours(rendered)
    before = [(box, box.style) for box, _ in changes]
    try:
        for box, style in changes:
            box.style = style
        yield
    finally:
        for box, style in before:
            box.style = style


def _document(rendered: Rendered, pages: list[Any], profiles: dict[str, Any],
              intent: str | None) -> Rendered:  # fmt: skip
    """A fresh WeasyPrint Document over `pages`: its own font table, so that each write
    subsets and embeds the fonts it draws, as a freshly rendered document would."""
    document = type(rendered)(pages, rendered.metadata, rendered.url_fetcher,
                              rendered.font_config, profiles, intent)  # fmt: skip
    return document


def screen_document(rendered: Rendered) -> Rendered:
    """The screen edition's pages: no bleed, no press profile, no OutputIntent."""
    if not getattr(rendered, "screen_sheets", None):  # laid out for the screen alone
        return _document(rendered, rendered.pages, rendered.color_profiles,
                         rendered.output_intent)  # fmt: skip
    pages = []
    for page in rendered.pages:
        flat = copy.copy(page)  # shares the page box: only the page's boxes in the PDF change
        flat.bleed = dict.fromkeys(SIDES, 0)
        pages.append(flat)
    return _document(rendered, pages, {}, None)


def print_document(rendered: Rendered) -> Rendered:
    """The print edition's pages as laid out: bleed, the press profile as OutputIntent."""
    return _document(rendered, rendered.pages, rendered.color_profiles, rendered.output_intent)
