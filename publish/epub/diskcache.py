"""A content-addressed cache on disk for the EPUB's costly, pure pieces: font subsets, covers.

Subsetting four faces costs about a second and drawing the cover a third of one, and both are
pure functions of their inputs, so a release that rebuilds a brief (or builds many briefs with
the same characters) reuses them across processes. The key hashes every input, including the
code and library versions that shape the bytes, so a hit returns exactly what the computation
would; entries are written atomically, so a reader never sees half a file.

The cache lives in the project (`.cache/publish`, git-ignored) rather than in the home
folder, so that building reads no file outside the project. PUBLISH_CACHE_DIR chooses another
folder; an empty value switches the cache off. A folder that cannot be written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..paths import PROJECT_DIR

VERSION = b"publish-epub-cache/1"


def cache_dir() -> Path | None:
    value = os.environ.get("PUBLISH_CACHE_DIR")
    if value is not None:
        return Path(value) if value.strip() else None
    return PROJECT_DIR / ".cache" / "publish"


@cache
def file_digest(path: str, size: int, mtime_ns: int) -> bytes:
    """A file's sha256, once per process and version of the file (size, mtime)."""
    return hashlib.sha256(Path(path).read_bytes()).digest()


def digest_file(path: Path) -> bytes:
    st = path.stat()
    return file_digest(str(path), st.st_size, st.st_mtime_ns)


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256(VERSION)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: no ambiguity
    return digest.hexdigest()


def cached(kind: str, name: str, compute: Callable[[], bytes]) -> bytes:
    """`compute()`, or the bytes it gave before for the same key `name`."""
    folder = cache_dir()
    if folder is None:
        return compute()
    path = folder / kind / f"{name}.bin"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full cache folder costs speed, never the build
    return data
