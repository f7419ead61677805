"""Bytes that wait in an unnamed temporary file instead of in memory, by key.

A release holds each brief's finished files until the brief is recorded: its PDFs
(publish/rendering.Spool) and its landing page's pictures (publish/site/build.py). In memory
they made the main process the release's largest and grew with the archive
(docs/PERFORMANCE.md). The file has no name, so a killed release leaves nothing behind, and it
is not in the output folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Hashable
from typing import IO


class ByteSpool:
    def __init__(self, prefix: str = "publish-") -> None:
        self._prefix = prefix
        self._file: IO[bytes] | None = None  # opened on the first put
        self._where: dict[Hashable, tuple[int, int]] = {}

    def put(self, key: Hashable, data: bytes) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix=self._prefix)  # noqa: SIM115  # close()
        self._file.seek(0, os.SEEK_END)
        self._where[key] = (self._file.tell(), len(data))
        self._file.write(data)

    def size(self, key: Hashable) -> int | None:
        where = self._where.get(key)
        return where[1] if where else None

    def peek(self, key: Hashable) -> bytes | None:
        """The bytes put under `key` (kept here), or None."""
        if (where := self._where.get(key)) is None or self._file is None:
            return None
        self._file.seek(where[0])
        return self._file.read(where[1])

    def take(self, key: Hashable) -> bytes | None:
        """The bytes put under `key` (and forgotten here), or None."""
        data = self.peek(key)
        self._where.pop(key, None)
        return data

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._where.clear()
