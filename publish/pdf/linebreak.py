"""Two changes to WeasyPrint's line and page breaking: no word fragment alone on a line, and
no word hyphenated across a page break.

The fault (WeasyPrint 70, `weasyprint.text.line_break.split_first_line`): a text box that
ends in a space because an inline element follows it (a note call's `span.call`, an `em`,
a link) is measured *with* that space. When the text fits the line only without its
trailing space, Pango keeps it on one line (a space may hang past the margin), but
WeasyPrint sees a first line wider than the measure, takes it for a line that cannot be
split, and hyphenates the box's first word instead: `las-` alone on a line, `ted more than
…` on the next (issue 10). With `hyphens: manual` the whole first word stands alone.

The fix keeps WeasyPrint's result except in exactly that case: the text ends in collapsible
spaces and, without them, fits the measure on one line. Then the whole box is the line, as
CSS Text 3 says (a collapsible space at the end of a line hangs), and the caller's own
trailing-space check decides where the next inline element goes.

A page break after a hyphenated line ("repres-" at the foot of page 1, "entatives" on
page 2) makes the reader turn the page in mid-word. CSS has `hyphenate-limit-last: page`
for it; WeasyPrint 70 does not know the property. So where WeasyPrint breaks a paragraph
between pages (`layout.block._break_line`, after widows and orphans have been settled) and
the last line that stays on the page ends in a hyphen it added, that line goes over to the
next page too, as long as the page keeps `orphans` lines of the paragraph; when only the
orphans are left and the last of them still ends in a hyphen, the whole paragraph goes to the
next page. The footnotes those lines call go with them. The release gate checks the result
(publish.checks.typography).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import inf

_installed = False
_enabled = True
_page_end_hyphens = True


def install() -> None:
    """Patch WeasyPrint's line splitter once per process (idempotent).

    Only `split_first_line`, only in the case above; every other line is WeasyPrint's.
    """
    global _installed
    if _installed:
        return
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    original = line_break.split_first_line

    def split_first_line(text, style, context, max_width, justification_spacing, *args, **kw):
        # (…, is_line_start=True, minimum=False) in WeasyPrint 70; passed on untouched.
        result = original(text, style, context, max_width, justification_spacing, *args, **kw)
        minimum = kw.get("minimum", args[1] if len(args) > 1 else False)
        if (
            not _enabled
            or result[2] is None  # it fitted
            or minimum
            or max_width is None
            or max_width == inf
            or style["white_space"] not in ("normal", "pre-line")  # spaces collapse and wrap
            or not text.endswith(" ")
        ):
            return result
        body = text.rstrip(" ")
        if not body or "\n" in body:
            return result
        layout = line_break.create_layout(body, style, context, max_width, justification_spacing)
        first_line, resume_index = layout.get_first_line()
        width, _ = line_break.line_size(first_line, style)
        if resume_index is not None or width > max_width:
            layout.deactivate()
            return result  # a real split: the text does not fit even without its space
        # The whole text, its trailing space included, is this line.
        layout.set_text(text)
        first_line, _ = layout.get_first_line()
        return line_break.first_line_metrics(first_line, text, layout, None, True, style)

    split_first_line.__wrapped__ = original  # type: ignore[attr-defined]
    line_break.split_first_line = split_first_line
    inline.split_first_line = split_first_line  # imported by name there
    _install_page_breaks()
    _installed = True


def _ends_in_break_hyphen(line) -> bool:  # noqa: ANN001 - a WeasyPrint LineBox
    """True when the line's last text ends in a hyphen WeasyPrint added at a line break.

    publish.pdf.textlayer marks such text boxes (`publish_actual_text` ending in U+00AD).
    """
    from weasyprint.formatting_structure import boxes

    texts = [d for d in line.descendants() if isinstance(d, boxes.TextBox) and d.text.strip()]
    marked = getattr(texts[-1], "publish_actual_text", None) if texts else None
    return bool(marked) and marked.endswith("\u00ad")


def _install_page_breaks() -> None:
    from weasyprint.layout import block

    original = block._break_line

    def _break_line(context, box, line, new_children, needed, page_is_empty, *args):
        abort, stop, resume_at = original(
            context, box, line, new_children, needed, page_is_empty, *args
        )
        if abort or not stop or not _page_end_hyphens:
            return abort, stop, resume_at
        absolute_boxes, fixed_boxes = args[-2], args[-1]
        # The caller resumes after the last line left in new_children.
        while len(new_children) > max(box.style["orphans"], 1) and _ends_in_break_hyphen(
            new_children[-1]
        ):
            moved = new_children.pop()
            for descendant in moved.descendants():
                if getattr(descendant, "footnote", None) in context.current_page_footnotes:
                    context.unlayout_footnote(descendant.footnote)
            block.remove_placeholders(context, moved.children, absolute_boxes, fixed_boxes)
        if new_children and not page_is_empty and _ends_in_break_hyphen(new_children[-1]):
            # Only the orphans are left and the last still ends in a hyphen: the paragraph
            # cannot keep its orphans without it, so all of it goes to the next page, as
            # WeasyPrint does with too few lines for orphans (the caller unlays its notes).
            return True, False, args[2]  # the caller's own resume_at, as WeasyPrint aborts
        return abort, stop, resume_at

    _break_line.__wrapped__ = original  # type: ignore[attr-defined]
    block._break_line = _break_line


@contextmanager
def weasyprint_own_page_breaking() -> Iterator[None]:
    """WeasyPrint's page breaks unchanged, for tests that show a word broken across pages."""
    global _page_end_hyphens
    _page_end_hyphens = False
    try:
        yield
    finally:
        _page_end_hyphens = True


@contextmanager
def weasyprint_own_line_breaking() -> Iterator[None]:
    """WeasyPrint's line splitter unpatched, for tests that show the fault it works around."""
    global _enabled
    _enabled = False
    try:
        yield
    finally:
        _enabled = True
