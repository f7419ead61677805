"""What the preview shows, rebuilt in stages: screen pages first, then the EPUB.

One `Builder` lives as long as the server. It keeps WeasyPrint imported and warmed up, so a
rebuild pays only for layout, and it rebuilds only the editions a changed file can affect.
"""

from __future__ import annotations

import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from ..errors import PublishError

# Page images: enough for reading on screen, small enough to rasterise in ~15 ms a page.
PAGE_DPI = 80

# Which editions a changed file can affect: a stylesheet of one edition rebuilds only that one.
EPUB_ONLY = ("epub.css",)
PDF_ONLY = ("pdf.css", "pdf-print.css")


@dataclass
class Snapshot:
    """Everything the page shows, as of one build. Replaced whole, never mutated."""

    version: int = 0
    status: str = "building"  # building | pages | ready | failed | superseded
    error: str = ""
    title: str = ""
    pages: list[bytes] = field(default_factory=list)  # PNG per screen-PDF page
    pdf: bytes = b""
    epub: dict[str, bytes] = field(default_factory=dict)  # EPUB entry name -> bytes
    diagnostics: list[dict[str, object]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    built_at: str = ""  # ready: the wall-clock time (HH:MM:SS) it was done, for the banner
    # failed: the version and time of the last good build, whose pages and EPUB it shows
    good: tuple[int, str] | None = None

    def summary(self) -> dict[str, object]:
        """The JSON the page receives over server-sent events."""
        return {
            "version": self.version,
            "status": self.status,
            "error": self.error,
            "title": self.title,
            "pages": len(self.pages),
            "epub": reading_order(self.epub),
            "diagnostics": self.diagnostics,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "last_good": {"version": self.good[0], "at": self.good[1]} if self.good else None,
        }


def editions_for(changed: set[Path]) -> set[str]:
    """The editions to rebuild after `changed` files were saved."""
    names = {p.name for p in changed}
    if names and all(n in EPUB_ONLY for n in names):
        return {"epub"}
    if names and all(n in PDF_ONLY for n in names):
        return {"pdf"}
    return {"epub", "pdf"}


def reading_order(entries: dict[str, bytes]) -> list[str]:
    """The EPUB's XHTML files in spine order, read from its package document."""
    import posixpath
    import xml.etree.ElementTree as ET

    opf = next((n for n in entries if n.endswith(".opf")), None)
    if opf is None:
        return []
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    root = ET.fromstring(entries[opf])
    hrefs = {i.get("id"): i.get("href") for i in root.iterfind("opf:manifest/opf:item", ns)}
    folder = posixpath.dirname(opf)
    order = [hrefs.get(ref.get("idref")) for ref in root.iterfind("opf:spine/opf:itemref", ns)]
    return [posixpath.join(folder, h) for h in order if h]


def rasterise(
    pdf: bytes, first: int, last: int, superseded: Callable[[], bool] = lambda: False
) -> list[bytes]:
    """PNG images of pages first..last (1-based), drawn in this process by PDFium (Chrome's
    PDF renderer, the pypdfium2 wheel). poppler's pdftoppm took 0.14 s for the first page of
    the seed, most of it starting the process; PDFium takes 0.03 s (docs/PERFORMANCE.md).
    `superseded()` true before a page stops it (`_Superseded`)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(first - 1, min(last, len(document))):
            _stop_if(superseded)
            picture = document[index].render(scale=PAGE_DPI / 72).to_pil()
            out = BytesIO()
            picture.save(out, "PNG")
            images.append(out.getvalue())
        return images
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


class Builder:
    """Builds snapshots of one brief and hands each stage to `publish` as it is ready."""

    def __init__(self, source: Path, publish: Callable[[Snapshot], None]) -> None:
        self.source = source
        self.publish = publish
        self.current = Snapshot()
        self.good: Snapshot | None = None  # the last build that succeeded, shown on failure
        self._lock = threading.Lock()  # one build at a time
        self._unfinished = False  # the last build was superseded before it was done

    def warm_up(self) -> None:
        """Import WeasyPrint and pay its first-use costs, so the first real build is fast."""
        from ..pdf.engine import warm_up

        warm_up(layout=True)  # the preview never forks: a page may be laid out here

    def build(
        self, editions: set[str] | None = None, superseded: Callable[[], bool] = lambda: False
    ) -> Snapshot:
        """Build and publish a snapshot in stages. `superseded()` true (a newer save waits)
        stops it before its next page laid out or drawn, or its next stage: what it
        published stays until the next build's."""
        editions = editions or {"epub", "pdf"}
        with self._lock:
            if self.current.status == "failed" or self._unfinished:
                editions = {"epub", "pdf"}  # nothing of a failed build is kept to build on
            try:
                self._unfinished = False
                return self._build(editions, superseded)
            except _Superseded:
                self._unfinished = True  # the next build does every edition
                return _copy(self.current, status="superseded")

    def _build(self, editions: set[str], superseded: Callable[[], bool]) -> Snapshot:
        from ..load import load_document

        started = time.perf_counter()
        old = self.good or Snapshot()
        snap = Snapshot(version=self.current.version + 1, status="building",
                        pages=old.pages, pdf=old.pdf, epub=old.epub)  # fmt: skip
        try:
            doc = load_document(self.source)
        except PublishError as exc:
            return self._fail(snap, exc.format())
        snap.title = doc.meta.title
        snap.diagnostics = [
            {"level": d.level, "line": d.line, "message": d.message} for d in doc.diagnostics
        ]
        snap.timings["normalize"] = time.perf_counter() - started
        if errors := doc.errors():
            # What `publish normalize` prints and exits 1 for: the build failed, not "ready".
            return self._fail(snap, "\n".join(d.format() for d in errors))
        try:
            if "pdf" in editions:
                from ..pdf import LayoutCancelled, first_page_pdf, lay_out_screen, write_edition
                from ..printing import PrintSettings

                def show_first_page(rendered: object) -> None:
                    # The first page first, drawn before the PDF is written and tagged,
                    # and before the rest is laid out when it can be (publish.pdf,
                    # `lay_out_screen`): it is what the editor looks at. Laid out alone, its
                    # foot counts the last build's pages; the finished PDF's page 1 replaces
                    # it below (the same, but when the edit changed the page count).
                    first = rasterise(first_page_pdf(rendered), 1, 1)
                    snap.pages = first + old.pages[1:] if len(old.pages) > 1 else first
                    snap.timings["first_page"] = time.perf_counter() - started
                    snap.status = "pages"
                    self._publish(snap)
                    _stop_if(superseded)

                try:  # a newer save stops the layout before its next page
                    rendered = lay_out_screen(doc, doc.meta.paper or "a4",
                                              base_dir=self.source.parent,
                                              first_pass=show_first_page,
                                              pages_guess=len(old.pages),
                                              cancelled=superseded)  # fmt: skip
                except LayoutCancelled:
                    raise _Superseded from None
                snap.timings["layout"] = time.perf_counter() - started
                early = snap.status == "pages"  # else drawn now, from the finished layout
                if not early:
                    show_first_page(rendered)
                _stop_if(superseded)
                snap.pdf = write_edition(rendered, doc, "screen", PrintSettings())
                snap.timings["pdf"] = time.perf_counter() - started
                _stop_if(superseded)
                # Page 1 again only when it was drawn before the layout was finished.
                rest = rasterise(snap.pdf, 1 if early else 2, page_count(snap.pdf), superseded)
                snap = _copy(snap, pages=rest if early else snap.pages[:1] + rest)
                snap.timings["pages"] = time.perf_counter() - started
                self._publish(snap)
            if "epub" in editions:
                from ..epub import build_epub

                _stop_if(superseded)
                with zipfile.ZipFile(BytesIO(build_epub(doc))) as book:
                    entries = {n: book.read(n) for n in book.namelist() if not n.endswith("/")}
                snap = _copy(snap, epub=entries)
                snap.timings["epub"] = time.perf_counter() - started
        except _Superseded:
            raise
        except Exception as exc:  # a renderer crash shows on the page; the server keeps going
            return self._fail(snap, f"{self.source}: error: {type(exc).__name__}: {exc}")
        # Wall-clock time for the editor's eyes only: no edition's bytes depend on it.
        snap = _copy(snap, status="ready", built_at=time.strftime("%H:%M:%S"))
        self.good = snap
        self._publish(snap)
        return snap

    def _fail(self, snap: Snapshot, message: str) -> Snapshot:
        """A failed snapshot: the error, over the last good build's pages and EPUB (never
        pages of this build that a later stage then failed)."""
        good = self.good
        snap = _copy(
            snap, status="failed", error=message,
            pages=good.pages if good else [], pdf=good.pdf if good else b"",
            epub=good.epub if good else {}, good=(good.version, good.built_at) if good else None,
        )  # fmt: skip
        self._publish(snap)
        return snap

    def _publish(self, snap: Snapshot) -> None:
        self.current = snap
        self.publish(snap)


class _Superseded(Exception):
    """A newer save waits: the build stops before its next page or stage."""


def _stop_if(superseded: Callable[[], bool]) -> None:
    if superseded():
        raise _Superseded


def _copy(snap: Snapshot, **changes: object) -> Snapshot:
    """A new snapshot: readers holding the old one never see it change under them."""
    data = {f: getattr(snap, f) for f in snap.__dataclass_fields__}
    data.update(changes)
    data["timings"] = dict(snap.timings)
    return Snapshot(**data)  # type: ignore[arg-type]
