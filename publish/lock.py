"""One release at a time per output folder: an advisory lock the kernel drops on any exit."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LockedError, OutputError

LOCK_NAME = ".publish.lock"


@contextmanager
def release_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive flock on `out_dir/.publish.lock`; raise LockedError if it is taken.

    flock (not a pid file) because the kernel releases it even after SIGKILL, so a killed
    release never leaves a stale lock behind.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(
            f"cannot use the output folder: {exc.strerror or exc}", path=out_dir
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(
                "another release is writing this folder; wait for it to finish", path=out_dir
            ) from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
