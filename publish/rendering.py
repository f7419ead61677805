"""Rendering every pending edition of a release in worker processes: print PDFs first (the
EPUB takes its page breaks from their layout), each finished PDF spooled to an unnamed
temporary file until its brief is recorded.

Apart from publish.release, which decides what to build and records what was built.
"""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from .document import Document
from .editions import (
    EDITIONS,
    EditionResult,
    ace_findings,
    build_edition,
    build_editions,
    chosen_editions,
    epubcheck_many,
    is_epub,
)
from .printing import PrintSettings
from .spool import ByteSpool
from .workers import Workers

SPOOLED = b"spooled"  # an edition's data while its bytes wait in the spool


class Spool:
    """Finished editions wait for their brief in an unnamed temporary file (publish/spool.py),
    not in memory: 50 briefs kept about 50 MB of PDFs in the main process, and 1,000 briefs
    117 MB of EPUBs. With `hold_epubs` (a checked release) the EPUBs stay in memory until
    `put_all`: EPUBCheck reads them all at the end, in one JVM."""

    def __init__(self, hold_epubs: bool = False) -> None:
        self._bytes = ByteSpool()
        self._hold_epubs = hold_epubs

    def put(self, source: Path, result: EditionResult) -> None:
        if not result.data or result.data == SPOOLED:
            return
        if self._hold_epubs and is_epub(result.edition):
            return
        self._bytes.put((source, result.edition), result.data)
        result.data = SPOOLED  # not empty: an empty edition is a failed one

    def put_all(self, results: dict[Path, dict[str, EditionResult]]) -> None:
        """Every edition still in memory, once the checks that read them are done."""
        self._hold_epubs = False
        for source, editions in results.items():
            for result in editions.values():
                self.put(source, result)

    def peek(self, source: Path, result: EditionResult) -> bytes:
        """The edition's bytes, spooled or not, left where they are."""
        data = self._bytes.peek((source, result.edition))
        return result.data if data is None else data

    def size(self, source: Path, result: EditionResult) -> int:
        """The edition's length in bytes, whether spooled or still in memory."""
        size = self._bytes.size((source, result.edition))
        return len(result.data) if size is None else size

    def take(self, source: Path, result: EditionResult) -> None:
        """Put the edition's bytes back on `result` (and forget them here)."""
        if (data := self._bytes.take((source, result.edition))) is not None:
            result.data = data

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self._bytes.close()


def render_all(
    pending: list[tuple[Path, Document, str, str]],
    jobs: int,
    check: bool,
    epubcheck: bool,
    progress: Callable[[int, int], None] | None,
    press: PrintSettings | None = None,
    ace: bool = False,
    spool: Spool | None = None,
    editions: tuple[str, ...] | None = None,
    base_url: str | None = None,
) -> dict[Path, dict[str, EditionResult]]:
    """Every edition of every pending brief: each brief's print and screen PDFs first, from
    one layout in one worker (publish/pdf/derive.py), its EPUB as soon as they are done, the
    optional editions last.

    The EPUB carries the print edition's page breaks (publish/pdf/pagestarts.py), read from
    the PDFs' one layout, which is therefore done once and before the EPUB. In
    parallel, the PDF workers share this process's warmed-up WeasyPrint (publish/pdf/engine.py)
    and are replaced after a few PDFs (publish/workers.py); the EPUBs build (and DAISY Ace
    checks them) in a process of their own while the screen PDFs render. EPUBCheck runs once
    for all EPUBs (one JVM start-up instead of one per book) in a thread of this process.
    """
    # One JSON string per brief, shared by its three tasks (it was made three times: 4 ms and
    # 60 KB each, kept by the main process until the release ends).
    texts = {src: doc.to_json(indent=None) for src, doc, _, _ in pending}
    chosen = editions or chosen_editions()  # the Kobo, archive and Kindle editions when enabled
    tasks = [(src, texts[src], ed) for src, _, _, _ in pending for ed in chosen]
    results: dict[Path, dict[str, EditionResult]] = {src: {} for src, *_ in pending}
    slugs = {src: doc.meta.slug for src, doc, _, _ in pending}
    defer = check and epubcheck
    epub_tasks = {t[0]: t for t in tasks if t[2] == "epub"}
    # The Kobo edition is an EPUB for EPUBCheck but needs no page starts: it renders with the
    # PDFs, after the print editions; so do the archive and Kindle editions. A worker's task
    # is a tuple of editions: the print and screen PDFs together (one layout), else one.
    pair = ("print", "pdf") if {"print", "pdf"} <= set(chosen) else ()
    firsts = pair or ("print",)
    pdf_tasks: list[tuple[Path, str, tuple[str, ...]]] = [
        (src, text, firsts) for src, text, ed in tasks if ed == "print"
    ] + [(src, text, (ed,)) for src, text, ed in tasks if ed not in ("epub", *firsts)]
    other_epubs = [t for t in pdf_tasks if is_epub(t[2][0])]
    epub_results: list[EditionResult] = []
    done = 0

    def finished(src: Path, result: EditionResult, *, count: bool = True) -> None:
        nonlocal done
        results[src][result.edition] = result
        if spool is not None:
            spool.put(src, result)
        if count:
            done += 1
            if progress:
                progress(done, len(tasks))

    options = {"check": check, "epubcheck": epubcheck, "defer_epubcheck": defer,
               "print_settings": press, "ace": ace, "defer_ace": check and ace,
               "base_url": base_url}  # fmt: skip
    # DAISY Ace runs here, in a thread beside EPUBCheck's (both are external processes), as
    # soon as each EPUB is built: the EPUBs now wait for the print layout, and Ace then
    # EPUBCheck one after the other would add their times.
    ace_runs: list[tuple[EditionResult, int, Future[tuple[AceFindings, float]]]] = []

    def built_epub(result: EditionResult, pool: ThreadPoolExecutor) -> None:
        epub_results.append(result)
        if check and ace and result.data:
            ace_runs.append((result, len(result.problems), pool.submit(_timed_ace, result.data)))

    # One brief on two cores: its print and screen PDFs are laid out apart (_spread), with
    # the same pages, so the EPUB starts from the page starts of whichever is done first.
    split = _apart(pair, len(pending), jobs)
    epub_begun: set[Path] = set()

    def epub_args(src: Path) -> dict[str, object]:
        laid = [r for r in (results[src].get("print"), results[src].get("pdf")) if r]
        # None when neither has them (the print failed): the brief then fails.
        return {**options, "page_starts": next((r.page_starts for r in laid if r.page_starts),
                                               None)}  # fmt: skip

    def epub_ready(src: Path, editions: tuple[str, ...]) -> bool:
        if src not in epub_tasks or src in epub_begun:
            return False
        return "print" in editions or (split and editions == ("pdf",)
                                       and bool(results[src]["pdf"].page_starts))  # fmt: skip

    def counted(edition: str) -> bool:  # a deferred EPUB counts once EPUBCheck is done
        return not (defer and is_epub(edition))

    if progress:
        progress(done, len(tasks))
    with ThreadPoolExecutor(1) as checker, ThreadPoolExecutor(1) as acer:
        checked: Future[None] | None = None
        if jobs == 1 or len(tasks) <= 1:
            printed = [t for t in pdf_tasks if "print" in t[2]]
            for task in printed:
                for result in build_editions(task[1], task[2], **options):
                    finished(task[0], result)
            for src, task in epub_tasks.items():
                built_epub(result := build_edition(task[1], "epub", **epub_args(src)), acer)
                finished(src, result, count=counted("epub"))
            for task in other_epubs:
                epub_results.append(result := build_edition(task[1], task[2][0], **options))
                finished(task[0], result, count=counted(task[2][0]))
            if defer:
                checked = checker.submit(epubcheck_many, epub_results)
            for task in pdf_tasks[len(printed) :]:
                if not is_epub(task[2][0]):
                    finished(task[0], build_edition(task[1], task[2][0], **options))
        else:
            ctx = get_context("fork")
            with ProcessPoolExecutor(1, mp_context=ctx) as epub_pool:
                waiting: dict[Future[list[EditionResult]], tuple[Path, str, tuple[str, ...]]] = {}
                epubs_left = len(epub_tasks) + len(other_epubs)
                # Import the renderer and pay its first-use costs once here: the PDF workers
                # forked next share them (publish/pdf/engine.py).
                from .pdf.engine import warm_up

                warm_up(
                    languages={doc.meta.language or "" for _, doc, _, _ in pending},
                    profiles={str((press or PrintSettings()).profile)},
                )

                queue = deque(_spread(pdf_tasks, pair, len(pending), jobs))
                with _frozen(), Workers(jobs, ctx) as workers:
                    while waiting or queue:
                        while queue and workers.idle():  # lazily: workers are replaced
                            src, text, editions = queue.popleft()
                            # The pair as two tasks on one worker: the print PDF (and the
                            # EPUB waiting for its page starts) is done before the screen
                            # PDF is written from the layout the worker kept.
                            # A screen PDF laid out alone brings the print's page starts.
                            ask = {**options, "pages": split and editions == ("pdf",)}
                            calls = [(build_editions, (text, editions), ask)]
                            if editions == pair:
                                calls = [(build_editions, (text, (edition,)),
                                          {**options, "shared": "keep" if n == 0 else "take"})
                                         for n, edition in enumerate(pair)]  # fmt: skip
                            for future, call in zip(
                                workers.submit_together(calls), calls, strict=True
                            ):
                                waiting[future] = (src, text, call[1][1])
                        ready, _ = wait(waiting, return_when=FIRST_COMPLETED)
                        for future in ready:
                            workers.release(future)
                            src, _, editions = waiting.pop(future)
                            for result in _outcome(future, editions, slugs[src]):
                                finished(src, result, count=counted(result.edition))
                            if epub_ready(src, editions):
                                epub_begun.add(src)
                                task = epub_tasks[src]  # picklable arguments: no closure
                                epub = epub_pool.submit(build_editions, task[1], ("epub",),
                                                        **epub_args(src))  # fmt: skip
                                waiting[epub] = (src, task[1], ("epub",))
                            elif is_epub(editions[0]):
                                if editions[0] == "epub":
                                    built_epub(results[src]["epub"], acer)
                                else:
                                    epub_results.append(results[src][editions[0]])  # not Ace
                                epubs_left -= 1
                                if defer and not epubs_left:
                                    checked = checker.submit(epubcheck_many, epub_results)
        if split:
            _same_pages(results)
        for result, at, future in ace_runs:  # Ace's findings before EPUBCheck's, as before
            (result.validation["ace"], problems), seconds = future.result()
            result.problems[at:at] = problems
            result.seconds += seconds
        if checked is not None:
            checked.result()
            for _ in epub_results:
                done += 1
                if progress:
                    progress(done, len(tasks))
    return results


AceFindings = tuple[dict[str, object], list[str]]


@contextmanager
def _frozen() -> Iterator[None]:
    """The objects alive when the workers fork, out of the garbage collector's reach while
    they run: its passes over them in a worker write to their pages, which the kernel then
    copies. A worker's own memory fell from 103 to 83 MiB on 50 briefs (docs/PERFORMANCE.md).
    They are handed back to the collector after, as a long-lived caller (the tests, a
    preview) would otherwise keep each release's garbage for good."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _same_pages(results: dict[Path, dict[str, EditionResult]]) -> None:
    """The EPUB may have taken its page starts from the screen edition: should they ever
    differ from the print edition's, the brief fails, rather than ship page numbers that are
    not the print's."""
    for editions in results.values():
        printed, screen = editions.get("print"), editions.get("pdf")
        if printed and screen and printed.page_starts and screen.page_starts \
                and printed.page_starts != screen.page_starts:  # fmt: skip
            printed.problems.append("print: its pages are not the screen edition's, whose "
                                    "page starts the EPUB's page list took")  # fmt: skip


def _apart(pair: tuple[str, ...], briefs: int, jobs: int) -> bool:
    """Whether the briefs' print and screen PDFs are laid out apart (`_spread`)."""
    return bool(pair) and briefs * len(pair) <= jobs


def _spread(
    tasks: list[tuple[Path, str, tuple[str, ...]]], pair: tuple[str, ...], briefs: int, jobs: int
) -> list[tuple[Path, str, tuple[str, ...]]]:
    """The PDF tasks for the workers when there are fewer briefs than the workers can keep
    busy (one brief on two cores): each brief's print and screen PDFs are laid out apart, in
    parallel, instead of once on one worker. One layout saves CPU, but a lone brief then
    waits for both PDFs on one core. The bytes are the same either way: the screen edition
    laid out alone is the shared layout's (tests/test_one_layout.py), and the print edition
    is laid out as always."""
    if not _apart(pair, briefs, jobs):
        return tasks
    out: list[tuple[Path, str, tuple[str, ...]]] = []
    for src, text, editions in tasks:
        out += (
            [(src, text, (e,)) for e in editions] if editions == pair else [(src, text, editions)]
        )
    return out


def _timed_ace(data: bytes) -> tuple[AceFindings, float]:
    started = time.perf_counter()
    return ace_findings(data), time.perf_counter() - started


def _outcome(
    future: Future[list[EditionResult]], editions: tuple[str, ...], slug: str
) -> list[EditionResult]:
    """The worker's results, or, when the worker died under it (the kernel's OOM killer, a
    crash inside Pango), failed editions: that brief fails the gate, the others go on."""
    try:
        return future.result()
    except BrokenProcessPool:
        failed = []
        for edition in editions:
            name = EDITIONS[edition][0].format(slug=slug)
            problem = (
                f"{edition}: the worker process building it stopped abruptly (out of memory, "
                "or a crash in a native library); release again, or with --jobs 1"
            )
            failed.append(EditionResult(edition, name, problems=[problem]))
        return failed
