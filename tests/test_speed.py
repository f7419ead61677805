"""The speed-ups keep behaviour: cached EPUB pieces, one JVM for many EPUBChecks, release paths.

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
from publish.epub import build_epub, diskcache, fonts


def _build_uncached(doc: Document, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("PUBLISH_CACHE_DIR", "")
    fonts._subset_cached.cache_clear()
    try:
        return build_epub(doc)
    finally:
        fonts._subset_cached.cache_clear()


def test_disk_cache_gives_the_bytes_a_fresh_computation_gives(
    seed_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _build_uncached(seed_doc, monkeypatch)
    monkeypatch.setenv("PUBLISH_CACHE_DIR", str(tmp_path / "cache"))
    fonts._subset_cached.cache_clear()
    filled = build_epub(seed_doc)  # computes and stores
    fonts._subset_cached.cache_clear()
    reused = build_epub(seed_doc)  # reads back from disk
    fonts._subset_cached.cache_clear()
    assert plain == filled == reused
    assert len(list((tmp_path / "cache" / "fonts").glob("*.bin"))) == len(fonts.FACES)
    assert len(list((tmp_path / "cache" / "covers").glob("*.bin"))) == 1


def test_an_unwritable_cache_folder_costs_speed_not_the_build(
    seed_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PUBLISH_CACHE_DIR", str(blocker / "cache"))
    fonts._subset_cached.cache_clear()
    try:
        assert build_epub(seed_doc) == _build_uncached(seed_doc, monkeypatch)
    finally:
        fonts._subset_cached.cache_clear()


def test_cache_keys_change_with_every_input() -> None:
    assert diskcache.key("a", "bc") != diskcache.key("ab", "c")
    assert diskcache.key("a", b"b") == diskcache.key("a", "b")


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
