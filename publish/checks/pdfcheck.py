"""Structural checks on a rendered PDF edition, for the tests and the release gate.

    report = check_pdf(pdf_bytes, doc, edition="screen")
    report.problems  # [] when the edition is good; each problem is one readable line
    report.pages, report.notes_on_call_page, report.fonts, report.bookmarks, …

How footnote placement is checked (so that it really can fail): each call sits in an element
with id `ref-N`, which WeasyPrint writes as a PDF named destination on the page where the
call was laid out. The note must then be on that page: its marker and opening words
("N. NATO, “Washington Summit…") must be in that page's extracted text. A note deferred to
the next page, or dropped, fails the check.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from ..document import Document
from ..labels import labels_for
from ..normalizer.inlines import LOOSE_CALL
from ..pdf.notecalls import is_footnote
from .findings import at_line
from .preflight import PreflightReport, preflight
from .tagcheck import tagging_problems
from .textmatch import NOTE_PREFIX, RTL, has_words, squash
from .typography import short_line_problems

__all__ = ["check_pdf", "has_words", "page_texts", "run_pdfua", "squash", "tagging_problems"]


@dataclass
class FontInfo:
    name: str
    subtype: str
    embedded: bool


@dataclass
class PdfReport:
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    notes_total: int = 0  # notes set as footnotes
    notes_on_call_page: int = 0
    fonts: list[FontInfo] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    boxes: dict[str, list[float]] = field(default_factory=dict)  # first page's boxes
    warnings: list[str] = field(default_factory=list)  # printed, not failures
    preflight: PreflightReport | None = None  # print edition only
    # Typography (publish.checks.typography): body lines judged, share of body text found;
    # None when pdftotext is missing and the check could not run.
    lines_checked: int | None = None
    body_text_found: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        fonts = sum(1 for f in self.fonts if not f.embedded)
        return (
            f"{self.pages} pages, notes on call page {self.notes_on_call_page}/"
            f"{self.notes_total}, {len(self.fonts)} fonts ({fonts} not embedded), "
            f"{len(self.problems)} problem(s)"
        )


def page_texts(reader: PdfReader, data: bytes | None = None) -> list[str]:
    """Each page's text. Poppler's pdftotext when it is installed (about 0.03 s for the
    seed, where pypdf takes 0.3 s), else pypdf."""
    if data is not None and (tool := shutil.which("pdftotext")):
        try:
            out = subprocess.run([tool, "-q", "-enc", "UTF-8", "-", "-"], input=data,
                                 capture_output=True, check=True, timeout=120).stdout  # fmt: skip
            pages = out.decode("utf-8", "replace").split("\f")
            if len(pages) >= len(reader.pages):
                return pages[: len(reader.pages)]
        except (OSError, subprocess.SubprocessError):
            pass  # fall back to pypdf
    return [page.extract_text() or "" for page in reader.pages]


def text_extractor() -> str:
    """Which tool page_texts uses here, for the release manifest."""
    return "pdftotext" if shutil.which("pdftotext") else "pypdf"


def call_pages(reader: PdfReader) -> dict[int, int]:
    """Note number -> 0-based page index of its call, from the `ref-N` named destinations."""
    pages: dict[int, int] = {}
    for name, dest in reader.named_destinations.items():
        m = re.fullmatch(r"ref-(\d+)", str(name))
        if m:
            pages[int(m.group(1))] = reader.get_destination_page_number(dest)
    return pages


def footnote_problems(
    reader: PdfReader, doc: Document, texts: list[str]
) -> tuple[int, int, list[str]]:
    """(footnotes, footnotes on their call's page, problems)."""
    squashed = [squash(t) for t in texts]
    where = call_pages(reader)
    problems: list[str] = []
    total = placed = 0
    shown = doc.note_labels()  # the marker the note starts with: `3.`, or a custom `*`
    for note in doc.notes:
        if not is_footnote(note, doc):
            continue  # set as an endnote on purpose
        total += 1
        head = note.text[:NOTE_PREFIX]
        marker = shown.get(note.number, str(note.number)) + ("" if note.mark else ".")
        expected = squash(f"{marker}{head}")
        page = where.get(note.number)
        if RTL.search(head):
            found = [i + 1 for i, t in enumerate(texts) if has_words(t, f"{marker} {head}")]
        else:
            found = [i + 1 for i, t in enumerate(squashed) if expected in t]
        # In the brief's terms: the note, its line, the pages; never the anchor's name.
        at = at_line(doc, note.number)
        if page is None:
            problems.append(f"note {note.number} has no call in the text{at}")
        elif page + 1 in found:
            placed += 1
        elif found:
            pages = ", ".join(map(str, found))
            problems.append(
                f"note {note.number} is on page {pages}, its call on page {page + 1}{at}"
            )
        else:
            problems.append(f"note {note.number} is not on page {page + 1}, where it is called{at}")
    return total, placed, problems


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def fonts(reader: PdfReader) -> list[FontInfo]:
    """Every font used by a page (descendant fonts of Type0 included), once each."""
    seen: dict[str, FontInfo] = {}
    for page in reader.pages:
        resources = _resolve(page.get("/Resources")) or {}
        font_dict = _resolve(resources.get("/Font")) or {}
        stack = [_resolve(f) for f in font_dict.values()]
        # Margin boxes and notes may sit in form XObjects: look there too.
        for xobj in (_resolve(resources.get("/XObject")) or {}).values():
            xres = _resolve(_resolve(xobj).get("/Resources")) or {}
            stack += [_resolve(f) for f in (_resolve(xres.get("/Font")) or {}).values()]
        while stack:
            font = stack.pop()
            if not isinstance(font, DictionaryObject):
                continue
            descendants = _resolve(font.get("/DescendantFonts"))
            if isinstance(descendants, ArrayObject):
                stack += [_resolve(d) for d in descendants]
                continue
            name = str(font.get("/BaseFont", "?"))
            desc = _resolve(font.get("/FontDescriptor"))
            embedded = isinstance(desc, DictionaryObject) and any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if str(font.get("/Subtype")) == "/Type3":
                embedded = True  # glyphs are drawn by the font's own procedures
            seen.setdefault(name, FontInfo(name, str(font.get("/Subtype")), embedded))
    return sorted(seen.values(), key=lambda f: f.name)


def outline_titles(reader: PdfReader) -> list[str]:
    """Bookmark titles in order, nesting flattened."""
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader.outline)
    return titles


def expected_bookmarks(doc: Document) -> list[str]:
    return [" ".join(h.text.split()) for h in doc.headings()] + [labels_for(doc)("colophon")]


def _box(page: Any, name: str) -> list[float] | None:
    value = page.get(f"/{name}")
    return [float(v) for v in _resolve(value)] if value is not None else None


def box_problems(reader: PdfReader, edition: str) -> tuple[dict[str, list[float]], list[str]]:
    """Print: every page has TrimBox and BleedBox, the bleed box 3 mm outside the trim box."""
    problems: list[str] = []
    first: dict[str, list[float]] = {}
    for i, page in enumerate(reader.pages):
        trim, bleed = _box(page, "TrimBox"), _box(page, "BleedBox")
        if i == 0:
            first = {k: v for k, v in (("TrimBox", trim), ("BleedBox", bleed)) if v}
        if edition != "print":
            continue
        if trim is None or bleed is None:
            problems.append(f"page {i + 1}: no TrimBox/BleedBox on a print edition")
            continue
        bleed_mm = [
            (trim[0] - bleed[0]),
            (trim[1] - bleed[1]),
            (bleed[2] - trim[2]),
            (bleed[3] - trim[3]),
        ]
        if any(abs(b * 25.4 / 72 - 3) > 0.2 for b in bleed_mm):
            problems.append(f"page {i + 1}: bleed is not 3 mm ({trim} in {bleed})")
    return first, problems


def catalog_problems(reader: PdfReader) -> list[str]:
    """Tagged PDF/UA: structure tree, MarkInfo, language, and the title shown in the window."""
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("no /StructTreeRoot (not a tagged PDF)")
    mark = _resolve(root.get("/MarkInfo")) or {}
    if not mark.get("/Marked"):
        problems.append("no /MarkInfo /Marked true")
    if not str(root.get("/Lang", "")):
        problems.append("no /Lang in the catalog")
    prefs = _resolve(root.get("/ViewerPreferences")) or {}
    if not prefs.get("/DisplayDocTitle"):
        problems.append("no /ViewerPreferences /DisplayDocTitle")
    if not (reader.metadata and reader.metadata.title):
        problems.append("no document Title")
    return problems


def check_pdf(
    data: bytes, doc: Document, *, edition: str = "screen", standard: str | None = None
) -> PdfReport:
    """Every structural check on one edition's bytes; see the module docstring.

    The print edition also goes through the print preflight (`publish.checks.preflight`);
    `standard` (x-4, x-1a, x-3) is the PDF/X standard it must declare.
    """
    report = PdfReport()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        texts = page_texts(reader, data)
    except Exception as exc:  # any parse failure is a failed edition, not a crash
        report.problems.append(f"unreadable PDF: {exc}")
        return report
    report.pages = len(reader.pages)
    if report.pages == 0:
        report.problems.append("no pages")
        return report

    report.notes_total, report.notes_on_call_page, notes = footnote_problems(reader, doc, texts)
    report.problems += notes

    report.fonts = fonts(reader)
    report.problems += [f"font not embedded: {f.name}" for f in report.fonts if not f.embedded]

    report.bookmarks = outline_titles(reader)
    want = expected_bookmarks(doc)
    if [squash(t) for t in report.bookmarks] != [squash(t) for t in want]:
        report.problems.append(f"bookmarks {report.bookmarks} differ from {want}")

    disclaimer = doc.colophon.disclaimer
    if disclaimer and not (
        has_words(texts[-1], disclaimer[:80])
        if RTL.search(disclaimer)
        else squash(disclaimer[:80]) in squash(texts[-1])
    ):
        report.problems.append("the disclaimer is not on the last page")

    for number, text in enumerate(texts, start=1):
        if loose := LOOSE_CALL.search(text):
            report.problems.append(f"page {number}: note call “{loose.group()}” printed as text")
            break

    typography = short_line_problems(data, doc)
    if typography is not None:
        report.lines_checked, report.body_text_found, short = typography
        report.problems += short

    report.boxes, boxes = box_problems(reader, edition)
    report.problems += boxes
    report.problems += catalog_problems(reader)
    report.problems += tagging_problems(data, doc)
    if edition == "print":
        report.preflight = preflight(data, standard=standard)
        report.problems += [f"preflight: {p}" for p in report.preflight.problems]
        report.warnings += [f"preflight: {w}" for w in report.preflight.warnings]
    return report


@dataclass
class PdfUaResult:
    checker: str
    version: str
    compliant: bool
    rules: int
    failures: list[str] = field(default_factory=list)
    profile: str = "PDF/UA-1"

    def summary(self) -> str:
        verdict = "compliant" if self.compliant else f"{len(self.failures)} failure(s)"
        return f"{self.checker} {self.version} ({self.profile}, {self.rules} rules): {verdict}"


# Run in a fresh interpreter: page-validation is Rust with a thread pool of its own, and a
# process forked (as the release forks its workers) after the pool started deadlocks in it.
_PDFUA_SCRIPT = """
import json, sys
import page
report = page.validate_pdf_bytes(sys.stdin.buffer.read(), profile=sys.argv[1])
json.dump({"version": page.__version__, "compliant": report.is_compliant,
           "rules": report.rules.total,
           "failures": [f"{f.rule_id}: {f.message}" for f in report.failures]}, sys.stdout)
"""


IDENTIFICATION = "PDFUA1-ID-"  # the rules on the XMP pdfuaid identification


def run_pdfua(data: bytes, *, identification: bool = True) -> PdfUaResult:
    """The independent PDF/UA-1 check: the `page-validation` package (veraPDF's rules).

    `identification=False` (the PDF/X print edition, which does not declare PDF/UA) leaves
    out the rules on the PDF/UA identification in the XMP; every other rule still counts."""
    out = _page_validation(data, "ua1")
    if isinstance(out, PdfUaResult):
        return out
    failures = sorted(out["failures"])
    profile = "PDF/UA-1"
    if not identification:
        failures = [f for f in failures if not f.startswith(IDENTIFICATION)]
        profile = "PDF/UA-1 without identification"
    compliant = bool(out["compliant"]) or (not identification and not failures)
    return PdfUaResult("page-validation", str(out["version"]), compliant and not failures,
                       int(out["rules"]), failures, profile)  # fmt: skip


PROFILES = {"ua1": "PDF/UA-1", "3u": "PDF/A-3u"}  # page-validation's names -> the standard


def _page_validation(data: bytes, profile: str) -> dict[str, Any] | PdfUaResult:
    """page-validation's report on `data` under `profile`, or a failed result saying why not."""
    import json
    import sys

    proc = subprocess.run([sys.executable, "-c", _PDFUA_SCRIPT, profile], input=data,
                          capture_output=True, timeout=300, check=False)  # fmt: skip
    try:
        return dict(json.loads(proc.stdout))
    except ValueError:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return PdfUaResult("page-validation", "unknown", False, 0, [f"no report: {tail[0]}"],
                           PROFILES.get(profile, profile))  # fmt: skip


def run_page_validation(data: bytes, profile: str) -> PdfUaResult:
    """The independent checker under any of its profiles (`3u`: PDF/A-3u, `ua1`: PDF/UA-1)."""
    out = _page_validation(data, profile)
    if isinstance(out, PdfUaResult):
        return out
    failures = sorted(out["failures"])
    return PdfUaResult("page-validation", str(out["version"]),
                       bool(out["compliant"]) and not failures, int(out["rules"]), failures,
                       PROFILES.get(profile, profile))  # fmt: skip
