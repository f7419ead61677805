"""The SHA-256 of a release's files, remembered by their stat, as git's index does.

A rerun checks that every recorded file of an unchanged brief is still there with the bytes
the manifest records (`manifest.intact`). Hashing them all again took a third of a no-op
rerun of a 1,000-brief archive (13,000 files, 0.6 s) and as much of a rerun with one brief
changed. A file whose size, modification and change times (ns) and inode are those
remembered is not read again: any change to it (rewritten, touched, replaced, truncated)
changes its stat.

The cache is the release's, never part of it: it lives beside the project, in
`.publish_cache/` (as pytest's and ruff's caches do, with a `.gitignore` of its own), one
file per output folder, so `dist/` holds only what a release publishes. A missing,
unreadable or unwritable cache only means hashing again.

The briefs' inputs (the brief, its sidecar, the house profile, style files, images) are
known the same way, by their absolute path: the rerun's key of an unchanged brief
(`fingerprint.build_key`) then reads none of them (3,000 files at 1,000 briefs).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

from .fingerprint import sha256_bytes, sha256_file
from .manifest import files_of

CACHE_DIR = ".publish_cache"
# A file changed within this long of being remembered could keep its size and mtime (the
# clock's tick is coarser than a nanosecond): such a file is hashed again next time, as git
# treats "racily clean" entries.
RACY_NS = 2_000_000_000


class HashCache:
    """`sha256(path)` from the cache when the file's stat is unchanged: the files under
    `out` by their name there, the others by their absolute path."""

    def __init__(self, out: Path, project: Path) -> None:
        self._out = Path(out)
        name = sha256_bytes(str(self._out.resolve()).encode())[:16]
        self._folder = Path(project) / CACHE_DIR
        self._name_digest = name
        self._path = self.beside("hashes")
        self._prefix = len(str(self._out)) + 1  # a file's name: its path less out/ (fast)
        self._known: dict[str, list[object]] = {}
        self._used: set[str] = set()  # looked up or written in this release
        self._changed = False
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self._known = {k: v for k, v in data.items() if _entry(v)}
        except (OSError, ValueError):
            pass

    def beside(self, kind: str) -> Path:
        """Where another cache of this output folder lives (`kind` names it): the feeds'."""
        return self._folder / f"{kind}-{self._name_digest}.json"

    def sha256(self, path: Path) -> str:
        """The file's SHA-256, read and hashed only when its stat is not the one remembered."""
        seen = _stat(path)
        name = self._name(path)
        known = self._known.get(name)
        self._used.add(name)
        if known is not None and known[:4] == seen:
            return str(known[4])
        digest = sha256_file(path)
        if _stat(path) == seen:  # not remembered if it changed while it was read
            self._remember(name, seen, digest)
        return digest

    def written(self, path: Path, digest: str) -> None:
        """Remember the hash of a file this release has just written, from its bytes."""
        with contextlib.suppress(OSError):  # gone already: nothing to remember
            self._remember(self._name(path), _stat(path), digest)

    def remember(self, entries: Iterable[dict]) -> None:
        """Remember every file these manifest entries record, as this release wrote it."""
        for entry in entries:
            for record in files_of(entry):
                self.written(self._out / record["path"], record["sha256"])

    def save(self) -> None:
        """Write the cache, if anything new was remembered: the files this release looked up
        or wrote (a file gone since was not looked up), less the racy ones."""
        if not self._changed and self._used >= self._known.keys():
            return
        now = time.time_ns()
        known = {
            k: v for k, v in self._known.items()
            if k in self._used and int(v[1]) < now - RACY_NS  # type: ignore[call-overload]
        }  # fmt: skip
        write_cache_file(self._path, json.dumps(known, sort_keys=True).encode("utf-8"))

    def _name(self, path: Path) -> str:
        text = str(path)
        if len(text) <= self._prefix or not text.startswith(str(self._out) + os.sep):
            return os.path.abspath(text)  # an input: never a name under out (not absolute)
        name = text[self._prefix :]
        return name if os.sep == "/" else name.replace(os.sep, "/")

    def _remember(self, name: str, seen: list[int], digest: str) -> None:
        self._known[name] = [*seen, digest]
        self._used.add(name)
        self._changed = True


def write_cache_file(path: Path, data: bytes) -> None:
    """Write a cache file atomically in its folder (made, with a `.gitignore` of its own, if
    missing). A cache that cannot be written is left: it is only made again next time."""
    temp = path.with_name(path.name + ".tmp")
    try:
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True)
            (path.parent / ".gitignore").write_text("# made by publish\n*\n", "utf-8")
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _stat(path: Path) -> list[int]:
    # The change time too, as git does: a write sets it, and no one can set it back (an
    # edit in place that keeps the size and puts the old mtime back is still seen).
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]


def _entry(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 5
        and all(isinstance(v, int) for v in value[:4])
        and isinstance(value[4], str)
    )
