"""publish: a policy brief in, validated professional editions out.

Data flows one way: read → normalize → Document → render → EPUB / PDF → release.

    import publish
    doc = publish.normalize("seeds/brief.txt")     # -> Document
    epub_bytes = publish.build_epub(doc)
    pdf_bytes = publish.build_pdf(doc, edition="print", paper="a4")

Backends are imported lazily: WeasyPrint alone costs half a second to import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .document import SCHEMA, Block, Colophon, Diagnostic, Document, Inline, Meta, Note
from .errors import InputError, OutputError, PublishError, ValidationError

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Block",
    "Colophon",
    "Diagnostic",
    "Document",
    "Inline",
    "InputError",
    "Meta",
    "Note",
    "OutputError",
    "PublishError",
    "ValidationError",
    "__version__",
    "build_epub",
    "build_pdf",
    "load_document",
    "normalize",
]


def normalize(path: str | Path) -> Document:
    """Read a raw brief (plain text or Markdown) and return its structured Document."""
    from .load import normalize_file

    return normalize_file(Path(path))


def load_document(path: str | Path) -> Document:
    """A brief or a normalized JSON document (`publish normalize` output) as a Document."""
    from .load import load_document as _load

    return _load(Path(path))


def build_epub(doc: Document, **options: Any) -> bytes:
    from .epub import build_epub as _build

    return _build(doc, **options)


def build_pdf(doc: Document, edition: str = "screen", paper: str = "a4", **options: Any) -> bytes:
    from .pdf import build_pdf as _build

    return _build(doc, edition=edition, paper=paper, **options)
