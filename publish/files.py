"""File output: a reader of dist/ sees the old file or the new one, never half of one.

`write_output(path, data)` is what every `-o` goes through:

- `-` is standard output, as for other Unix tools;
- an existing path that is not a regular file (a character device such as /dev/null, a FIFO,
  a socket's peer) is written *into*, never replaced: renaming over it would turn the device
  node into a regular file and break every later `>/dev/null` on the machine;
- a symlink is followed, and its target (a regular file or a new path) is replaced atomically,
  so the link keeps pointing where it pointed;
- a regular file or a new path is replaced atomically (`write_atomic`).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from .errors import OutputError

STDOUT = "-"


def is_stdout(path: str | Path | None) -> bool:
    return path is not None and str(path) == STDOUT


def describe(path: str | Path) -> str:
    """How a message names an output: `standard output` for `-`."""
    return "standard output" if is_stdout(path) else str(path)


def write_output(path: str | Path, data: bytes) -> None:
    """Write `data` where `-o` points: see the module docstring for each kind of path."""
    if is_stdout(path):
        _write_stream(sys.stdout.buffer, data, STDOUT)
        return
    write_atomic(Path(path), data)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` atomically when it is a regular file or new; else write into it.

    Atomic: written to a temporary file beside the (symlink-resolved) target, fsynced, then
    renamed into place.
    """
    path = Path(path)
    try:
        info = os.stat(path)  # follows symlinks: what the path really is
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError("is a directory; give a file name", path=path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(path, data)
        return
    if path.is_symlink():
        # Follow the link and replace its target, so that the link itself survives.
        path = Path(os.path.realpath(path))
    _replace(path, data)


def _write_into(path: Path, data: bytes) -> None:
    """A device or FIFO: open it and write, as a shell's `>` would; never rename over it."""
    try:
        with open(path, "wb") as out:
            _write_stream(out, data, path)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write: {_reason(exc)}", path=path) from exc


def _write_stream(out, data: bytes, path: str | Path) -> None:
    try:
        out.write(data)
        out.flush()
    except BrokenPipeError:
        # The reader went away (`publish … -o - | head`): not our failure to report. Point
        # stdout at /dev/null so that Python's own flush at exit does not complain again.
        if out is sys.stdout.buffer:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    except OSError as exc:
        raise OutputError(f"cannot write: {_reason(exc)}", path=describe(path)) from exc


def _reason(exc: OSError) -> str:
    return "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))


def _replace(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {_reason(exc)}", path=path) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
