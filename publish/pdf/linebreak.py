"""A work-around for a WeasyPrint line-breaking fault that left a word fragment alone on a line.

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
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import inf

_installed = False
_enabled = True


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
    _installed = True


@contextmanager
def weasyprint_own_line_breaking() -> Iterator[None]:
    """WeasyPrint's line splitter unpatched, for tests that show the fault it works around."""
    global _enabled
    _enabled = False
    try:
        yield
    finally:
        _enabled = True
