"""What building one edition gives back (picklable: it crosses from a worker process), and the
editions a release knows. Shared by publish.editions and publish.pdfeditions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pagemap import PageStart

# edition name → (file name pattern, PDF edition or None for EPUB), in the manifest's order
EDITIONS: dict[str, tuple[str, str | None]] = {
    "epub": ("{slug}.epub", None),
    "kepub": ("{slug}.kepub.epub", None),
    "pdf": ("{slug}.pdf", "screen"),
    "print": ("{slug}-print.pdf", "print"),
    "archive": ("{slug}-archive.pdf", "archive"),
    "azw3": ("{slug}.azw3", "kindle"),  # neither an EPUB (no EPUBCheck) nor a PDF
}


@dataclass
class EditionResult:
    edition: str
    file_name: str
    data: bytes = b""
    problems: list[str] = field(default_factory=list)  # gate failures
    notes: list[str] = field(default_factory=list)  # printed, not failures
    validation: dict[str, object] = field(default_factory=dict)
    pages: int | None = None
    seconds: float = 0.0
    # The print edition: where each of its pages begins, for the EPUB's page markers.
    page_starts: list[PageStart] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.data)


def tool_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"
