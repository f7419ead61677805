"""The gate's ONIX check: the record the EPUB carries, validated by onixcheck.

onixcheck (EDItEUR's ONIX 3.0 XSD and code lists, offline) is independent of the writer
(publish/onix.py, lxml). The record is read back from the built EPUB, the bytes that ship.
"""

from __future__ import annotations

import io
import zipfile

RECORD = "EPUB/onix.xml"


def record_of(epub: bytes) -> bytes | None:
    """The ONIX record an EPUB carries, or None."""
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        try:
            return book.read(RECORD)
        except KeyError:
            return None


def onix_problems(record: bytes, name: str = "onix.xml") -> list[str]:
    """onixcheck's errors for an ONIX record, one line each ([] when valid)."""
    import onixcheck

    handle = io.BytesIO(record)
    handle.name = name  # onixcheck names the file in its messages
    return [str(message) for message in onixcheck.validate(handle)]


def check_epub_record(epub: bytes) -> list[str]:
    record = record_of(epub)
    if record is None:
        return [f"the EPUB carries no ONIX record ({RECORD})"]
    return onix_problems(record)
