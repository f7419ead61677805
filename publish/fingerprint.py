"""Content hashes: what a build depends on, so unchanged briefs are not rebuilt."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from . import __version__
from .optional import OPTIONAL
from .paths import PACKAGE_DIR, STYLES_DIR


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _tree_digest(root: Path, patterns: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in patterns for p in root.rglob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def toolchain_digest() -> str:
    """publish's version and code, and the styles and fonts: a change in any rebuilds all."""
    parts = [
        __version__,
        _tree_digest(PACKAGE_DIR, ("*.py", "*.json", "*.java")),
        _tree_digest(STYLES_DIR, ("*",)),
    ]
    return sha256_bytes("\n".join(parts).encode())


def _file_state(path: Path, sha256: Callable[[Path], str] = sha256_file) -> str:
    """A file's hash, or what stands in its place: a folder or a dangling link named like a
    brief must reach the reader, which explains it, not crash the release here."""
    if not path.is_file():
        return "absent" if not path.exists() else "not a file"
    try:
        return sha256(path)
    except OSError as exc:
        return f"unreadable: {exc.errno}"


def build_key(
    inputs: list[Path],
    checked: bool,
    ace: str | None = None,
    editions: tuple[str, ...] = (),
    sha256: Callable[[Path], str] = sha256_file,
) -> str:
    """Hash of everything one brief's editions depend on, and which editions are built.
    `sha256` hashes an input (the release's `HashCache.sha256`: by its stat when unchanged)."""
    digest = hashlib.sha256(toolchain_digest().encode())
    for path in inputs:
        digest.update(path.name.encode() + b"\0")
        digest.update(_file_state(path, sha256).encode())
    # Dates in the editions come from SOURCE_DATE_EPOCH when it is set.
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    digest.update(b"checked" if checked else b"unchecked")
    # An EPUB checked by Ace carries a conformance claim, one without does not.
    if ace:
        digest.update(f"ace {ace}".encode())
    # The optional editions (kepub, archive, azw3): enabling one rebuilds, so that its file
    # appears, and disabling it rebuilds, so that its file goes.
    for name in editions:
        if name in OPTIONAL:
            digest.update(f"edition {name}".encode())
    return digest.hexdigest()


def file_record(path: Path, data: bytes, pages: int | None) -> dict[str, object]:
    """A written file as the manifest records it: name, size, sha256 (and pages of a PDF)."""
    record: dict[str, object] = {
        "path": path.name, "bytes": len(data), "sha256": sha256_bytes(data),
    }  # fmt: skip
    if pages is not None:
        record["pages"] = pages
    return record
