"""The PDF text layer gives back the brief's characters (issue 10, item 6).

A PDF maps each glyph to one string (its ToUnicode CMap), and WeasyPrint takes the string
of the first text drawn with the glyph. Source Serif draws U+002D and U+2010 with one glyph,
so whichever came first decided how every hyphen of the edition copied. Two measures:

- styles/pdf.css sets `hyphenate-character: "-"`, so the hyphens WeasyPrint adds at line
  breaks are the brief's own character and the glyph maps to U+002D: URLs and identifiers
  copy back as written;
- this module wraps text that the glyph map cannot tell apart in a marked-content span
  with `/ActualText` (PDF 32000-1, 14.9.4), which viewers and pdftotext use instead of the
  glyphs: a line ending in a break hyphen says the hyphen is a soft hyphen (U+00AD, as the
  standard asks for hyphens added by layout, 14.8.2.2.3), so extracted words do not keep
  it; a run holding the brief's own U+2010 says exactly that text.
"""

from __future__ import annotations

SOFT_HYPHEN = "\u00ad"
# Characters drawn with a glyph that another, commoner character owns in the glyph map.
SHARED_GLYPH = ("\u2010",)

_installed = False


def install() -> None:
    """Patch WeasyPrint's text splitting (to mark break hyphens) and drawing, once."""
    global _installed
    if _installed:
        return
    import pydyf
    from weasyprint import draw
    from weasyprint.draw import text as draw_text_module
    from weasyprint.layout import inline

    split_text_box = inline.split_text_box

    def marking_split_text_box(context, box, available_width, skip, *args, **kwargs):
        new, resume, preserved = split_text_box(
            context, box, available_width, skip, *args, **kwargs
        )
        if new is not None and resume is not None:
            hyphen = box.style["hyphenate_character"]
            rest = box.text.encode()[skip or 0 :].decode(errors="replace")
            if hyphen and new.text.endswith(hyphen) and not rest.startswith(new.text):
                # The renderer added this hyphen at a break: it is not the brief's.
                new.publish_actual_text = new.text[: -len(hyphen)] + SOFT_HYPHEN
        return new, resume, preserved

    draw_text = draw_text_module.draw_text

    def spanned_draw_text(stream, textbox, *args, **kwargs):
        actual = getattr(textbox, "publish_actual_text", None)
        if actual is None and any(ch in textbox.text for ch in SHARED_GLYPH):
            actual = textbox.text
        if actual is None or textbox.style["visibility"] != "visible":
            return draw_text(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(actual)}))
        try:
            return draw_text(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    inline.split_text_box = marking_split_text_box
    draw_text_module.draw_text = spanned_draw_text
    draw.draw_text = spanned_draw_text  # imported by name there
    _installed = True
