"""The Kindle edition (issue 26): calibre's AZW3 of our EPUB, reproducible, notes linked both ways.

Real calibre (Debian's, installed by `make test-system`), real EPUBs from ebooklib.
"""

from __future__ import annotations

import io
import shutil
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


def test_a_release_with_azw3_records_it_reproducibly_and_drops_it_when_asked(tmp_path, capsys):
    import hashlib
    import json
    import os

    from publish.cli import main
    from publish.commands.init import init_project

    init_project(tmp_path)
    out = tmp_path / "dist"
    base = ["--project", str(tmp_path), "release", "-q", "--out", str(out)]
    assert main([*base, "--azw3"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (brief,) = manifest["briefs"]
    record = brief["editions"]["azw3"]
    data = (out / record["path"]).read_bytes()
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    assert f"{record['sha256']}  {record['path']}" in (out / "SHA256SUMS").read_text()
    validation = brief["validation"]["azw3"]
    assert validation["status"] == "passed" and validation["notes"]["linked_both_ways"]
    assert validation["notes"]["calls"] > 0  # the sample brief has notes
    assert manifest["checkers"]["azw3"]["converter"].startswith("calibre ")
    assert main([*base, "--azw3", "--force"]) == 0
    assert (out / record["path"]).read_bytes() == data  # the same bytes again
    assert main(base) == 0  # not asked for: the old file goes
    assert not (out / record["path"]).exists()
    assert "azw3" not in (out / "SHA256SUMS").read_text()
    # Asked for without calibre: exit 5 and the install command, before anything is built.
    # Java stays on PATH (CI refuses to skip EPUBCheck); only calibre goes.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    java = shutil.which("java")
    if java:
        (bin_dir / "java").symlink_to(java)
    os.environ["PATH"], path = str(bin_dir), os.environ["PATH"]
    try:
        capsys.readouterr()
        assert main([*base, "--azw3"]) == 5
    finally:
        os.environ["PATH"] = path
    assert "apt-get install calibre" in capsys.readouterr().err


@pytest.mark.parametrize("case", ["rich", "ar"])
def test_rich_and_language_briefs_convert_with_their_notes_linked(case, tmp_path):
    """The rich brief (figures, a table, notes in a caption and a cell) and Arabic (right to
    left): calibre's AZW3 reads back with every note call linked both ways."""
    from publish.epub.azw3 import kindle_edition

    from .test_kepub import _brief

    doc = _brief(case, tmp_path)
    data, problems, validation = kindle_edition(doc, check=True)
    assert data[60:68] == b"BOOKMOBI"
    assert problems == [] and validation["status"] == "passed"
    assert validation["notes"]["calls"] == len(doc.notes) > 0
    assert kindle_edition(doc, check=False)[0] == data  # reproducible
