"""No stored soft hyphen in the EPUB (issue 27): the reading system hyphenates, by CSS.

A U+00AD in the text is met by search ("Recalibrating" not found) and read by some screen
readers. The EPUB hyphenates with `hyphens: auto` on text that has a `lang`; neither the
title page (which once stored soft hyphens to fit a long word on a narrow screen) nor a
brief's own soft hyphens (Word stores them) reach any file of the book.
"""

from __future__ import annotations

import io
import re
import zipfile

from publish import Document, Inline
from publish.document import Block, Meta, Note
from publish.epub import build_epub

SOFT = re.compile("\u00ad|&shy;|&#173;|&#xad;", re.IGNORECASE)


def shy_doc() -> Document:
    word = "Inter\u00adnational\u00adisation"
    return Document(
        meta=Meta(title=f"The {word} of Recalibrating Relations", language="en-GB",
                  slug="shy", keywords=[word]),
        blocks=[
            Block("heading", "h-1", f"A {word}", level=2),
            Block("paragraph", "p-1", f"Para\u00adgraph text about {word}.",
                  inlines=[Inline("text", f"Para\u00adgraph text about {word}.")]),
        ],
        notes=[Note(1, "note-1", f"A note on {word}.", [Inline("text", f"A note on {word}.")])],
    )  # fmt: skip


def book_files(epub: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        return {
            name: zf.read(name).decode("utf-8")
            for name in zf.namelist()
            if name.endswith((".xhtml", ".opf", ".ncx", ".css"))
        }


def test_no_soft_hyphens_in_the_seed(seed_doc: Document) -> None:
    files = book_files(build_epub(seed_doc, subset_fonts=False))
    assert "Recalibrating" in files["EPUB/title.xhtml"]
    stored = [name for name, text in files.items() if SOFT.search(text)]
    assert stored == [], f"soft hyphens stored in {stored}"


def test_a_briefs_own_soft_hyphens_are_not_stored() -> None:
    files = book_files(build_epub(shy_doc(), subset_fonts=False))
    stored = [name for name, text in files.items() if SOFT.search(text)]
    assert stored == [], f"soft hyphens stored in {stored}"
    text = "".join(files.values())
    assert "Internationalisation" in text  # the word itself is kept, whole


def test_the_stylesheet_hyphenates_body_and_title(seed_doc: Document) -> None:
    files = book_files(build_epub(seed_doc, subset_fonts=False))
    css = files["EPUB/css/epub.css"]
    rules: dict[str, str] = {}
    for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        rules[sel.strip()] = rules.get(sel.strip(), "") + body
    assert "hyphens: auto" in rules["body"]
    assert "hyphens: auto" in rules[".titlepage h1"]
    assert 'lang="en' in files["EPUB/title.xhtml"]  # hyphenation needs the language
