"""A release's finished editions wait on disk, not in memory (publish/rendering.Spool over
publish/spool.ByteSpool): at 1,000 briefs the EPUBs alone held 117 MB in the main process."""

from __future__ import annotations

from pathlib import Path

from publish.editions import EditionResult
from publish.rendering import SPOOLED, Spool

SOURCE = Path("briefs/a.md")


def results() -> dict[Path, dict[str, EditionResult]]:
    return {SOURCE: {"epub": EditionResult("epub", "a.epub", data=b"EPUB" * 1000),
                     "pdf": EditionResult("pdf", "a.pdf", data=b"%PDF" * 2000)}}  # fmt: skip


def test_every_edition_waits_on_disk_and_comes_back_whole() -> None:
    got = results()
    with Spool() as spool:
        for result in got[SOURCE].values():
            spool.put(SOURCE, result)
        epub, pdf = got[SOURCE]["epub"], got[SOURCE]["pdf"]
        assert epub.data == SPOOLED and pdf.data == SPOOLED
        assert epub.ok and pdf.ok  # a spooled edition is not an empty, failed one
        assert spool.size(SOURCE, epub) == 4000 and spool.size(SOURCE, pdf) == 8000
        assert spool.peek(SOURCE, epub) == b"EPUB" * 1000  # read, and still spooled
        assert spool.peek(SOURCE, epub) == b"EPUB" * 1000
        spool.take(SOURCE, epub)
        assert epub.data == b"EPUB" * 1000
        spool.take(SOURCE, epub)  # taken once: the bytes are the result's again
        assert epub.data == b"EPUB" * 1000


def test_a_checked_release_keeps_its_epubs_until_the_checks_are_done() -> None:
    """EPUBCheck reads every EPUB at the end, in one JVM: they stay in memory until
    `put_all`; the PDFs go to disk at once."""
    got = results()
    with Spool(hold_epubs=True) as spool:
        for result in got[SOURCE].values():
            spool.put(SOURCE, result)
        assert got[SOURCE]["epub"].data == b"EPUB" * 1000
        assert got[SOURCE]["pdf"].data == SPOOLED
        spool.put_all(got)
        assert got[SOURCE]["epub"].data == SPOOLED
        assert spool.peek(SOURCE, got[SOURCE]["epub"]) == b"EPUB" * 1000
        assert spool.peek(SOURCE, got[SOURCE]["pdf"]) == b"%PDF" * 2000
