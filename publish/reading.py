"""Read a brief's bytes into text, refusing what is not a text brief.

Every refusal is an InputError (exit 2) naming the file, and the line where known.
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

# A 5 MB brief is 300 times the seed; beyond this we refuse rather than render for minutes.
MAX_BYTES = 2_000_000

BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")


def read_bytes(path: Path) -> bytes:
    """A brief's bytes, refusing what is missing, a folder or unreadable."""
    if not path.exists():
        raise InputError("no such file", path=path)
    if path.is_dir():
        raise InputError("is a directory, not a brief", path=path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc


def read_text(path: Path) -> str:
    """The brief's text, UTF-8 (a BOM is dropped), with line endings made `\\n`."""
    data = read_bytes(path)
    if len(data) > MAX_BYTES:
        raise InputError(
            f"brief is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes", path=path
        )
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:8192]:
        raise InputError("binary file, not a text brief", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02X}); save the brief as UTF-8",
            path=path,
            line=line,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty brief (no text)", path=path)
    return text
