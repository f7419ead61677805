"""A rerun takes an unchanged file's hash from its stat (publish/hashcache.py), and hashes a
file again whenever it changed in any way; the cache lives beside the project, never in dist/."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from publish import hashcache
from publish.hashcache import CACHE_DIR, RACY_NS, HashCache
from publish.release import release
from tests.conftest import SMALL_BRIEF


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def age(path: Path, seconds: float = 10) -> None:
    """As if written `seconds` ago: older than the racy window."""
    stat = path.stat()
    then = stat.st_mtime_ns - int(seconds * 1e9)
    os.utime(path, ns=(stat.st_atime_ns, then))


def unread(_: Path) -> str:
    raise AssertionError("hashed again")


def hashed_once(out: Path, project: Path, data: bytes = b"one") -> Path:
    """out/a.pdf, written long ago, hashed and remembered in the project's cache."""
    path = out / "a.pdf"
    path.write_bytes(data)
    age(path)
    cache = HashCache(out, project)
    assert cache.sha256(path) == digest(data)
    cache.save()
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    folder.mkdir()
    return folder


def test_an_unchanged_file_is_not_read_again(out, tmp_path, monkeypatch) -> None:
    path = hashed_once(out, tmp_path)
    assert (tmp_path / CACHE_DIR / ".gitignore").is_file()  # the cache is never committed
    monkeypatch.setattr(hashcache, "sha256_file", unread)
    assert HashCache(out, tmp_path).sha256(path) == digest(b"one")


def test_any_change_is_hashed_again(out, tmp_path) -> None:
    path = hashed_once(out, tmp_path)
    stat = path.stat()
    path.write_bytes(b"two")  # same size, new bytes, the old time put back by hand: same inode
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert HashCache(out, tmp_path).sha256(path) == digest(b"two")
    replaced = out / "b.tmp"
    replaced.write_bytes(b"thr")
    os.utime(replaced, ns=(stat.st_atime_ns, path.stat().st_mtime_ns))
    os.replace(replaced, path)  # same size and time, another inode
    assert HashCache(out, tmp_path).sha256(path) == digest(b"thr")


def test_a_file_just_written_is_not_trusted_by_its_stat(out, tmp_path) -> None:
    """Within the clock's tick a file can change and keep its size and mtime (git's "racily
    clean" entries): such a file is not remembered."""
    path = out / "a.pdf"
    path.write_bytes(b"one")
    cache = HashCache(out, tmp_path)
    cache.written(path, digest(b"one"))
    cache.save()
    assert path.stat().st_mtime_ns > os.stat(tmp_path / CACHE_DIR).st_mtime_ns - RACY_NS
    path.write_bytes(b"two")
    assert HashCache(out, tmp_path).sha256(path) == digest(b"two")


def test_a_broken_cache_only_means_hashing_again(out, tmp_path) -> None:
    path = hashed_once(out, tmp_path)
    (cached,) = (tmp_path / CACHE_DIR).glob("hashes-*.json")
    cached.write_text("{not json", encoding="utf-8")
    assert HashCache(out, tmp_path).sha256(path) == digest(b"one")
    cached.write_text('{"a.pdf": [3, 1, 1, 1, 7]}', encoding="utf-8")  # a malformed entry
    assert HashCache(out, tmp_path).sha256(path) == digest(b"one")
    path.unlink()  # a file gone is dropped from the cache when it is next saved
    other = out / "b.pdf"
    other.write_bytes(b"two")
    age(other)
    again = HashCache(out, tmp_path)
    again.sha256(other)
    again.save()
    text = cached.read_text(encoding="utf-8")
    assert "b.pdf" in text and "a.pdf" not in text


def test_an_unwritable_cache_is_no_error(out, tmp_path) -> None:
    path = out / "a.pdf"
    path.write_bytes(b"one")
    age(path)
    (tmp_path / CACHE_DIR).write_text("a file where the folder goes", encoding="utf-8")
    cache = HashCache(out, tmp_path)
    assert cache.sha256(path) == digest(b"one")
    cache.save()  # nothing raised, nothing written


def test_a_rerun_reads_no_unchanged_file_and_still_sees_damage(tmp_path, monkeypatch) -> None:
    """End to end: the second rerun hashes nothing; an edition damaged behind the release's
    back is still found (its stat changed) and rebuilt; dist/ holds no cache."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    out = tmp_path / "dist"
    release(seeds, out, check=False)
    for path in [*out.rglob("*"), *seeds.iterdir()]:
        if path.is_file():
            age(path)  # the release and the edit long done: out of the racy window
    release(seeds, out, check=False)  # hashes and remembers
    assert not [p for p in out.rglob("*") if CACHE_DIR in p.parts or "hashes" in p.name]
    with monkeypatch.context() as patched:  # neither the brief nor its editions are read
        patched.setattr(hashcache, "sha256_file", unread)
        report = release(seeds, out, check=False)
    assert [o.status for o in report.outcomes] == ["unchanged"]
    epub = next(out.glob("*.epub"))
    good = epub.read_bytes()
    stat = epub.stat()
    damaged = tmp_path / "damaged.epub"
    damaged.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # same size, one bit flipped
    os.utime(damaged, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even the same mtime
    shutil.move(damaged, epub)
    report = release(seeds, out, check=False)
    assert [o.status for o in report.outcomes] == ["built"]
    assert epub.read_bytes() == good


def test_an_input_outside_dist_is_known_by_its_absolute_path(out, tmp_path, monkeypatch) -> None:
    """The briefs' inputs are cached too: an edit to one, even keeping its size and with its
    time put back, is hashed again, and the key of a release sees it."""
    from publish.fingerprint import build_key

    brief = tmp_path / "seeds" / "a.txt"
    brief.parent.mkdir()
    brief.write_bytes(b"one")
    age(brief)
    cache = HashCache(out, tmp_path)
    key = build_key([brief], False, sha256=cache.sha256)
    cache.save()
    saved = next((tmp_path / CACHE_DIR).glob("hashes-*.json")).read_text(encoding="utf-8")
    assert str(brief) in saved  # by its absolute path, never taken for a file of dist/
    with monkeypatch.context() as patched:
        patched.setattr(hashcache, "sha256_file", unread)
        assert build_key([brief], False, sha256=HashCache(out, tmp_path).sha256) == key
    stat = brief.stat()
    brief.write_bytes(b"two")
    os.utime(brief, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time
    assert build_key([brief], False, sha256=HashCache(out, tmp_path).sha256) != key
