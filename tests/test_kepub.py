"""The Kobo edition: koboSpans and wrappers added, nothing else changed."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

import publish
from publish.epub.kepub import build_kepub, kepub_xhtml

XHTML = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head>
<body><p>One sentence. Two <em>emphasised. Three</em> end.
<a epub:type="noteref" href="#n1" id="r1">1</a></p>
<aside epub:type="footnote" id="n1"><p>A note. <a href="#r1">back</a></p></aside></body></html>"""


def _text(data: bytes) -> str:
    return "".join(etree.fromstring(data).find("{http://www.w3.org/1999/xhtml}body").itertext())


def test_spans_numbered_per_paragraph_and_sentence() -> None:
    out = kepub_xhtml(XHTML)
    ids = re.findall(rb'class="koboSpan" id="(kobo\.\d+\.\d+)"', out)
    assert ids[:2] == [b"kobo.1.1", b"kobo.1.2"]
    assert b"kobo.2.1" in ids
    assert b'<div id="book-columns"><div id="book-inner">' in out
    assert _text(out) == _text(XHTML)
    # Notes keep their links both ways and their semantics.
    assert b'epub:type="noteref" href="#n1" id="r1"' in out
    assert b'<aside epub:type="footnote" id="n1">' in out


@pytest.mark.slow
def test_seed_kepub_text_equals_epub_and_passes_epubcheck(seed_doc) -> None:
    from publish.checks.epubcheck import run_epubcheck

    epub = publish.build_epub(seed_doc)
    kepub = build_kepub(epub)
    assert build_kepub(epub) == kepub
    with zipfile.ZipFile(io.BytesIO(epub)) as a, zipfile.ZipFile(io.BytesIO(kepub)) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            if name.endswith(".xhtml"):
                assert _text(a.read(name)) == _text(b.read(name)), name
        assert b"koboSpan" in b"".join(b.read(n) for n in b.namelist() if n.endswith(".xhtml"))
    result = run_epubcheck(kepub)
    assert result.ok, result.messages


def _brief(case: str, tmp_path):
    from .i18n_briefs import markdown
    from .richbrief import write_rich_brief

    if case == "rich":
        return publish.normalize(write_rich_brief(tmp_path / "rich"))
    brief = tmp_path / "seeds" / f"{case}.md"
    brief.parent.mkdir()
    brief.write_text(markdown(case), encoding="utf-8")
    return publish.normalize(brief)


@pytest.mark.slow
@pytest.mark.parametrize("case", ["rich", "ar", "uk"])
def test_rich_and_language_kepubs_keep_the_text_and_pass_epubcheck(case, tmp_path) -> None:
    """Figures, a table and nested lists; right to left; Cyrillic: koboSpans everywhere, the
    text unchanged, and EPUBCheck clean."""
    from publish.checks.epubcheck import run_epubcheck
    from publish.epub.kepub import text_differences

    epub = publish.build_epub(_brief(case, tmp_path))
    kepub = build_kepub(epub)
    assert text_differences(epub, kepub) == []
    with zipfile.ZipFile(io.BytesIO(kepub)) as book:
        pages = [book.read(n) for n in book.namelist() if n.endswith(".xhtml")]
    assert any(b'class="koboSpan"' in page for page in pages)
    report = run_epubcheck(kepub)
    assert report.ok, report.messages
