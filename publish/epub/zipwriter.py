"""Deterministic EPUB zip container.

ebooklib stamps every entry with the current time and writes entries in insertion order, so we
re-zip its output: `mimetype` first and stored (OCF requires it), the rest sorted by name, every
entry with the same date, permissions and creator system. Same input, same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime

MIMETYPE = b"application/epub+zip"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
ZIP_LAST = (2107, 12, 31, 23, 59, 58)


def zip_date(when: datetime) -> tuple[int, int, int, int, int, int]:
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    return max(ZIP_EPOCH, min(ZIP_LAST, stamp))


def rezip(
    epub: bytes,
    when: datetime,
    patch: Callable[[str, bytes], bytes] | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """Rewrite an EPUB zip with sorted entries, `mimetype` first and stored, fixed dates.

    `patch(name, data)` may rewrite an entry on the way (the OPF's `xml:lang`); `extra` adds
    entries ebooklib does not write (the ONIX record, which is not a manifest item)."""
    with zipfile.ZipFile(io.BytesIO(epub)) as src:
        entries = {info.filename: src.read(info) for info in src.infolist() if not info.is_dir()}
    entries.pop("mimetype", None)
    if patch is not None:
        entries = {name: patch(name, data) for name, data in entries.items()}
    return write_zip({**entries, **(extra or {})}, when)


def write_zip(entries: dict[str, bytes], when: datetime) -> bytes:
    date = zip_date(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(_info("mimetype", date, zipfile.ZIP_STORED), MIMETYPE)
        for name in sorted(entries):
            zf.writestr(_info(name, date, zipfile.ZIP_DEFLATED), entries[name], compresslevel=9)
    return out.getvalue()


def _info(name: str, date: tuple[int, int, int, int, int, int], method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date)
    info.compress_type = method
    info.create_system = 3  # Unix, whatever machine builds it
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    return info
