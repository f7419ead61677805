"""Build and check one edition of one brief: the unit of work a release runs in parallel.

`build_edition` runs in a worker process, so it takes and returns plain, picklable data.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .document import Document
from .fingerprint import sha256_bytes

# edition name → (file name pattern, PDF edition or None for EPUB)
EDITIONS: dict[str, tuple[str, str | None]] = {
    "epub": ("{slug}.epub", None),
    "pdf": ("{slug}.pdf", "screen"),
    "print": ("{slug}-print.pdf", "print"),
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

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.data)


def tool_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def build_edition(
    doc_json: str, edition: str, *, check: bool, epubcheck: bool
) -> EditionResult:
    """Render one edition from the document's JSON and run its checks."""
    started = time.perf_counter()
    doc = Document.from_json(doc_json)
    pattern, pdf_edition = EDITIONS[edition]
    result = EditionResult(edition, pattern.format(slug=doc.meta.slug))
    try:
        if pdf_edition is None:
            _epub(doc, result, check=check, epubcheck=epubcheck)
        else:
            _pdf(doc, pdf_edition, result, check=check)
    except Exception as exc:  # a renderer crash fails this edition, not the release
        result.problems.append(f"{edition}: rendering failed: {type(exc).__name__}: {exc}")
        result.data = b""
    result.seconds = time.perf_counter() - started
    return result


def _epub(doc: Document, result: EditionResult, *, check: bool, epubcheck: bool) -> None:
    from .epub import build_epub

    result.data = build_epub(doc)
    if not check:
        result.validation = {"status": "not run (--no-check)"}
        return
    from .checks.epubstructure import check_epub_structure

    structure = check_epub_structure(result.data)
    result.problems += [f"epub structure: {p}" for p in structure]
    result.validation["structure"] = "passed" if not structure else "failed"
    if not epubcheck:
        result.validation["epubcheck"] = {"status": "skipped", "reason": "Java not installed"}
        return
    from .checks.epubcheck import run_epubcheck

    report = run_epubcheck(result.data)
    result.validation["epubcheck"] = {
        "status": "passed" if report.ok else "failed",
        "version": report.version,
        "fatal": report.fatal,
        "errors": report.errors,
        "warnings": report.warnings,
        "infos": report.infos,
    }
    if not report.ok:
        result.problems += [f"EPUBCheck: {m}" for m in report.messages if not m.startswith("INFO")]
        result.problems.append(f"EPUBCheck: {report.summary()}")


def _pdf(doc: Document, pdf_edition: str, result: EditionResult, *, check: bool) -> None:
    from .pdf import build_pdf

    result.data = build_pdf(doc, edition=pdf_edition, paper=doc.meta.paper or "a4")
    result.validation["renderer"] = f"WeasyPrint {tool_version('weasyprint')}"
    if not check:
        from pypdf import PdfReader

        result.pages = len(PdfReader(io.BytesIO(result.data)).pages)
        result.validation["status"] = "not run (--no-check)"
        return
    from .checks.pdfcheck import check_pdf

    report = check_pdf(result.data, doc, edition=pdf_edition)
    result.pages = report.pages
    result.problems += [f"{result.edition}: {p}" for p in report.problems]
    result.validation.update(
        {
            "status": "passed" if report.ok else "failed",
            "checker": f"pypdf {tool_version('pypdf')}",
            "notes_on_call_page": f"{report.notes_on_call_page}/{report.notes_total}",
            "fonts_not_embedded": sum(1 for f in report.fonts if not f.embedded),
            "bookmarks": len(report.bookmarks),
        }
    )


def file_record(path: Path, data: bytes, pages: int | None) -> dict[str, object]:
    record: dict[str, object] = {
        "path": path.name, "bytes": len(data), "sha256": sha256_bytes(data),
    }  # fmt: skip
    if pages is not None:
        record["pages"] = pages
    return record
