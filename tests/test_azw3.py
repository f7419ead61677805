"""The Kindle edition (issue 26): calibre's AZW3 of our EPUB, reproducible, notes linked both ways.

Real calibre (Debian's, installed by `make test-system`), real EPUBs from ebooklib.
"""

from __future__ import annotations

import io
import zipfile

import pytest

import publish
from publish.epub.azw3 import CalibreError, build_azw3, check_azw3

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def epub(seed_doc) -> bytes:
    return publish.build_epub(seed_doc)


def test_the_same_epub_gives_the_same_azw3_with_its_notes_linked_both_ways(epub, seed_doc):
    first = build_azw3(epub, seed="urn:uuid:1", epoch=1750000000)
    assert first[60:68] == b"BOOKMOBI"
    assert build_azw3(epub, seed="urn:uuid:1", epoch=1750000000) == first
    # The pins are what makes it reproducible: another date is another PalmDB header.
    assert build_azw3(epub, seed="urn:uuid:1", epoch=1760000000) != first
    calls, problems = check_azw3(first)
    assert (calls, problems) == (len(seed_doc.notes), [])


def test_reading_back_finds_notes_that_no_longer_link_back(epub):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "EPUB/notes.xhtml":
                data = data.replace(b'role="doc-backlink"', b"")
            dst.writestr(info, data)
    calls, problems = check_azw3(build_azw3(out.getvalue(), seed="s", epoch=1750000000))
    assert calls == 23 and len(problems) == 23 and "does not link back" in problems[0]


def test_without_calibre_it_says_how_to_get_it(epub, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no ebook-convert on it
    with pytest.raises(CalibreError, match="apt-get install calibre") as caught:
        build_azw3(epub, seed="s", epoch=0)
    assert caught.value.exit_code == 5
