"""Markers for the PDF/UA retagging pass (publish/pdf/tagging.py), set while WeasyPrint builds.

WeasyPrint writes no ids into the structure tree, so while it builds the tree `marking` copies
a marker from each HTML element into its structure element: the `data-pdf` attribute that
publish/pdf/html.py puts on what must be retagged, the element id, the pseudo-element
(::footnote-call, ::footnote-marker), the index of each `<a>` (so the fragments of one link
are found again) and a TH's `scope`. MAPPING is the table: marker -> what the structure
element becomes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

MARK = "/PublishMark"  # private key, removed before the file is written

# marker -> (new structure type, how)        see retag() for each "how"
MAPPING: dict[str, tuple[str, str]] = {
    "note": ("Note", "footnote body (span.footnote#note-N): Note with /ID note-N"),
    "note::footnote-marker": ("Lbl", "its number inside the Note"),
    "note::footnote-call": ("Reference", "the call in the text"),
    "endnote": ("Note", "endnote list item body (li#endnote-N): Note with /ID endnote-N"),
    "label": ("Lbl", "endnote number (span.endnote-n)"),
    "reference": ("Reference", "endnote call (sup.noteref), holding its Link"),
    "artifact": ("Artifact /Layout", "pull quote (aside): removed from the tree, content marked"),
    "link": ("Link", "each <a>: one Link per link and page, OBJRs to non-zero annotations"),
    "th": ("TH", "table header: /Scope from the scope attribute (Row, Column)"),
    "(outside the tree)": ("Artifact /Pagination", "margin boxes: running head, page number"),
}


# --- while WeasyPrint builds the tree ---------------------------------------------------------


def _marker(box: Any, links: dict[int, int]) -> str | None:
    element = getattr(box, "element", None)
    if element is None or not hasattr(element, "get"):
        return None
    tag = str(getattr(box, "element_tag", "") or "")
    kind = element.get("data-pdf")
    if kind == "note" and "::" in tag:
        return f"{kind}::{tag.split('::', 1)[1]}|{element.get('id', '')}"
    if "::" in tag:
        return None
    if tag == "a":
        index = links.setdefault(id(element), len(links))
        return f"link|{index}"
    if tag == "th":
        return f"th|{element.get('scope', '')}"
    if kind:
        return f"{kind}|{element.get('id', '')}"
    return None


@contextlib.contextmanager
def marking() -> Iterator[None]:
    """While active, WeasyPrint's tree builder copies our markers into structure elements."""
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    links: dict[int, int] = {}
    keep: list[Any] = []  # the elements the link indexes refer to stay alive

    def build(box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        marker = _marker(box, links)
        if marker and marker.startswith("link|"):
            keep.append(box.element)
        for element in original(box, *args, **kwargs):
            if marker and MARK[1:] not in element:
                element[MARK[1:]] = pydyf.String(marker)
            yield element

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original
