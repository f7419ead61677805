"""The PDF editions of one brief as a release builds them: rendered, then checked by the gate.

`build_pdf_pair` lays the screen and print editions out once (publish/pdf/derive.py) and
checks each on its own; `build_pdf_shared` builds one of them from a layout the worker kept
(a release's two tasks on one worker); `build_pdf_edition` builds one (the archive).
"""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .document import Document
from .editionresult import EDITIONS, EditionResult, tool_version

if TYPE_CHECKING:
    from .pdf.archive import Attachment
    from .printing import PrintSettings

NOTDEF_RULE = "PDFUA1-NOTDEF-GLYPH"  # page-validation's rule for text drawn with .notdef


def build_pdf_edition(
    doc: Document,
    pdf_edition: str,
    result: EditionResult,
    *,
    check: bool,
    print_settings: PrintSettings | None = None,
    base_url: str | None = None,
    pages: bool = False,
) -> None:
    """One PDF edition into `result`; the print edition's (with `pages`, any edition's)
    page starts with it."""
    from .pdf import build_pdf_pages
    from .printing import PrintSettings

    press = print_settings or PrintSettings()
    attached = None
    if pdf_edition == "archive":
        from .pdf.archive import archive_attachments
        from .records import citation_attachments

        # The brief's source and Document JSON, and its citation records.
        attached = archive_attachments(doc, citation_attachments(doc, base_url))
    result.data, result.page_starts = build_pdf_pages(
        doc,
        edition=pdf_edition,
        paper=doc.meta.paper or "a4",
        print_settings=press,
        attachments=attached,
        pages=pages or pdf_edition == "print",
    )
    _check_pdf(doc, pdf_edition, result, check=check, press=press, attached=attached)


def build_pdf_pair(
    doc_json: str, *, check: bool, print_settings: PrintSettings | None = None, **_: Any
) -> list[EditionResult]:
    """The print and screen editions of one brief, laid out once. The layout's time is
    shared between the two results; a crash fails both, as two renders would have failed."""
    from .pdf import build_pdf_editions
    from .printing import PrintSettings

    started = time.perf_counter()
    doc = Document.from_json(doc_json)
    press = print_settings or PrintSettings()
    results = [
        EditionResult(e, EDITIONS[e][0].format(slug=doc.meta.slug)) for e in ("print", "pdf")
    ]
    try:
        written, starts = build_pdf_editions(doc, doc.meta.paper or "a4", print_settings=press)
    except Exception as exc:  # as build_edition reports a renderer crash
        for result in results:
            result.problems.append(
                f"{result.edition}: rendering failed: {type(exc).__name__}: {exc}"
            )
            result.seconds = (time.perf_counter() - started) / 2
        return results
    shared = (time.perf_counter() - started) / len(results)
    for result in results:
        begun = time.perf_counter()
        pdf_edition = EDITIONS[result.edition][1] or ""
        result.data = written[pdf_edition]
        result.page_starts = starts if pdf_edition == "print" else []
        try:
            _check_pdf(doc, pdf_edition, result, check=check, press=press)
        except Exception as exc:
            result.problems.append(
                f"{result.edition}: rendering failed: {type(exc).__name__}: {exc}"
            )
            result.data = b""
        result.seconds = shared + time.perf_counter() - begun
    return results


# This worker process's last layout, kept by a release's print task for the screen task that
# follows it on the same worker (publish/rendering.py): (key, WeasyPrint document).
_KEPT: dict[str, Any] = {}


def _key(doc_json: str, press: PrintSettings) -> str:
    return hashlib.sha256(f"{press!r}\0{doc_json}".encode()).hexdigest()


def build_pdf_shared(
    doc_json: str,
    edition: str,
    *,
    check: bool,
    keep: bool,
    print_settings: PrintSettings | None = None,
    **_: Any,
) -> EditionResult:
    """One of the two PDF editions from their one layout (publish/pdf/derive.py): the layout
    this process kept for the same brief (`keep=False` takes it), else laid out here; with
    `keep` it is kept for the next task. So a release returns the print edition, and the
    EPUB that waits for its page starts can begin, while the same worker writes the screen
    edition from the same layout. Taken or laid out afresh, the bytes are the same."""
    from .pdf import lay_out_pdfs, write_edition
    from .pdf.pagestarts import page_starts
    from .printing import PrintSettings

    started = time.perf_counter()
    doc = Document.from_json(doc_json)
    press = print_settings or PrintSettings()
    pdf_edition = EDITIONS[edition][1] or ""
    result = EditionResult(edition, EDITIONS[edition][0].format(slug=doc.meta.slug))
    key = _key(doc_json, press)
    try:
        rendered = _KEPT.pop(key, None)
        _KEPT.clear()  # a layout left by a task that failed: never more than one is kept
        if rendered is None:
            rendered = lay_out_pdfs(doc, doc.meta.paper or "a4", print_settings=press)
        if keep:
            _KEPT[key] = rendered
        result.data = write_edition(rendered, doc, pdf_edition, press)
        if pdf_edition == "print":
            result.page_starts = page_starts(rendered, doc)
        _check_pdf(doc, pdf_edition, result, check=check, press=press)
    except Exception as exc:  # as build_edition reports a renderer crash
        result.problems.append(f"{edition}: rendering failed: {type(exc).__name__}: {exc}")
        result.data = b""
    result.seconds = time.perf_counter() - started
    return result


def _check_pdf(
    doc: Document,
    pdf_edition: str,
    result: EditionResult,
    *,
    check: bool,
    press: PrintSettings,
    attached: Sequence[Attachment] | None = None,
) -> None:
    """The gate's checks of one PDF edition, recorded on `result`."""
    result.validation["renderer"] = f"WeasyPrint {tool_version('weasyprint')}"
    if not check:
        import pikepdf  # counts pages in a tenth of pypdf's time (qpdf, in C++)

        with pikepdf.open(io.BytesIO(result.data)) as pdf:
            result.pages = len(pdf.pages)
        result.validation["status"] = "not run (--no-check)"
        return
    from .checks.pdfcheck import check_pdf, run_pdfua, text_extractor
    from .style import coverage_problem

    if fonts_problem := coverage_problem(doc):
        result.problems.append(f"{result.edition}: fonts: {fonts_problem}")
    report = check_pdf(result.data, doc, edition=pdf_edition, standard=press.standard)
    result.pages = report.pages
    result.problems += [f"{result.edition}: {p}" for p in report.problems]
    result.notes += [f"{result.edition}: {w}" for w in report.warnings]
    # The print edition is PDF/X and does not declare PDF/UA (no pdfuaid in its XMP), but it
    # keeps the same tags: every PDF/UA-1 rule but the identification ones applies to it.
    ua = run_pdfua(result.data, identification=pdf_edition != "print")
    for failure in ua.failures:
        # A glyph missing from the fonts is drawn as .notdef: the fonts finding above already
        # says so, with its fix, in the brief's terms rather than the checker's rule id.
        if not (fonts_problem and failure.startswith(NOTDEF_RULE)):
            result.problems.append(f"{result.edition}: PDF/UA-1 ({ua.checker}): {failure}")
    result.validation["pdfua"] = {
        "checker": ua.checker,
        "version": ua.version,
        "profile": ua.profile,
        "status": "passed" if ua.compliant else "failed",
        "rules": ua.rules,
        "failures": len(ua.failures),
    }
    if attached is not None:
        from .checks.archive import check_archive

        archive_problems, facts = check_archive(result.data, doc, attached)
        result.problems += archive_problems
        result.validation.update(facts)
    result.validation.update(
        {
            "status": "passed" if report.ok else "failed",
            "checker": f"pypdf {tool_version('pypdf')}, page text by {text_extractor()}",
            "notes_on_call_page": f"{report.notes_on_call_page}/{report.notes_total}",
            "fonts_not_embedded": sum(1 for f in report.fonts if not f.embedded),
            "bookmarks": len(report.bookmarks),
            # Lines judged by the typography check; None: pdftotext missing, not run.
            "body_lines_checked": report.lines_checked,
        }
    )
    if report.preflight is not None:
        pf = report.preflight
        result.validation["preflight"] = {
            "status": "passed" if pf.ok else "failed",
            "checker": f"publish print preflight, pikepdf {tool_version('pikepdf')}",
            "standard": pf.standard,
            "output_intent": pf.output_intent,
            "colour_operators": dict(sorted(pf.operators.items())),
            "thinnest_line_pt": round(pf.thinnest_line, 3) if pf.thinnest_line else None,
            "warnings": len(pf.warnings),
        }
