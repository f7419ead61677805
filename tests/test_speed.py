"""The speed-ups keep behaviour: font subsets, one JVM for many EPUBChecks, release paths.

Timings live in benchmarks/run.py, not here; these tests only prove the fast paths give the
same bytes and verdicts as the slow ones.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from publish.document import Document
from publish.epub import build_epub, fonts


def test_font_subsets_are_the_same_in_every_process(seed_doc: Document) -> None:
    """The HarfBuzz subset is a pure function of font and text: a fresh process agrees."""
    import subprocess
    import sys

    here = build_epub(seed_doc)
    fonts._subset.cache_clear()
    code = (
        "import sys, publish; from tests.conftest import SEED; "
        "sys.stdout.buffer.write(publish.build_epub(publish.normalize(SEED)))"
    )
    root = Path(__file__).resolve().parent.parent
    there = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                           check=True).stdout  # fmt: skip
    assert here == there


@pytest.mark.slow
def test_one_jvm_for_many_epubs_gives_each_book_its_own_report(
    seed_doc: Document, tmp_path: Path
) -> None:
    from publish.checks import epubcheck

    if shutil.which("java") is None:
        pytest.skip("Java is not installed")
    good = build_epub(seed_doc)
    broken = tmp_path / "broken.epub"
    broken.write_bytes(good[: len(good) // 2])  # a truncated zip: EPUBCheck reports it fatal
    batch = epubcheck.run_epubcheck_many([good, broken, good])
    alone = [epubcheck.run_epubcheck(good), epubcheck.run_epubcheck(broken.read_bytes())]
    assert [r.ok for r in batch] == [True, False, True]

    def same(result: epubcheck.EpubCheckResult) -> epubcheck.EpubCheckResult:
        # A message about the whole file names its temporary copy: compare without it.
        messages = [re.sub(r"\S*/book\.epub", "book.epub", m) for m in result.messages]
        return dataclasses.replace(result, messages=messages)

    assert same(batch[0]) == same(alone[0]) == same(batch[2])
    assert same(batch[1]) == same(alone[1])
    assert any("book.epub" in m for m in same(batch[1]).messages)


@pytest.mark.slow
def test_both_text_extractors_give_the_same_footnote_verdicts(seed_doc: Document) -> None:
    """pdftotext is the fast path; pypdf, the fallback, must agree with it note for note."""
    import io

    from pypdf import PdfReader

    import publish
    from publish.checks import pdfcheck

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    data = publish.build_pdf(seed_doc)
    reader = PdfReader(io.BytesIO(data))
    fast = pdfcheck.page_texts(reader, data)
    slow = pdfcheck.page_texts(reader)
    assert len(fast) == len(slow) == len(reader.pages)
    verdicts = [pdfcheck.footnote_problems(reader, seed_doc, texts) for texts in (fast, slow)]
    assert verdicts[0] == verdicts[1]
    assert verdicts[0][:2] == (23, 23)
    # And a wrong note text fails with either.
    wrong = [t.replace("Stuart Lau", "Someone Else") for t in fast]
    assert pdfcheck.footnote_problems(reader, seed_doc, wrong)[1] == 22


def test_font_subsets_keep_their_names_and_licence(seed_doc: Document) -> None:
    """The OFL travels with the font: family, copyright and licence records must survive."""
    import io
    import zipfile

    from fontTools.ttLib import TTFont

    with zipfile.ZipFile(io.BytesIO(build_epub(seed_doc))) as book:
        faces = [book.read(n) for n in book.namelist() if n.endswith(".ttf")]
    assert len(faces) == len(fonts.FACES)
    for data in faces:
        names = TTFont(io.BytesIO(data))["name"]
        assert names.getDebugName(1).startswith("Source Serif Pro")
        assert "Adobe" in names.getDebugName(0)
        assert "Open Font License" in (names.getDebugName(13) or "")
