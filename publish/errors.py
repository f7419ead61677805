"""Errors that reach the user as one line and a documented exit code (docs/ERRORS.md)."""

from __future__ import annotations

from pathlib import Path


class PublishError(Exception):
    """Base class: a failure we can explain in one line. Never shown as a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def format(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}error: {self.message}"


class ValidationError(PublishError):
    """An edition or a brief failed a release gate (EPUBCheck, structure, normalizer errors)."""

    exit_code = 1


class InputError(PublishError):
    """The source cannot be read as a brief: missing, a directory, empty, binary, undecodable."""

    exit_code = 2


class OutputError(PublishError):
    """An output could not be written (read-only folder, full disk)."""

    exit_code = 3


class LockedError(PublishError):
    """Another release holds the lock on the output folder."""

    exit_code = 4


class ToolMissingError(PublishError):
    """A required external tool (Java for EPUBCheck) is not installed."""

    exit_code = 5
