"""Rendering every pending edition of a release: EPUBs first, in worker processes, each
finished PDF spooled to an unnamed temporary file until its brief is recorded.

Apart from publish.release, which decides what to build and records what was built.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from .document import Document
from .editions import (
    EDITIONS,
    EditionResult,
    build_edition,
    chosen_editions,
    epubcheck_many,
    is_epub,
)
from .printing import PrintSettings
from .workers import Workers


class Spool:
    """Finished PDFs wait for their brief in an unnamed temporary file, not in memory.

    The main process used to hold every edition until the last was built: 50 briefs kept
    about 50 MB of PDFs in it, and made it the release's largest process (docs/PERFORMANCE.md).
    The file has no name (nothing to clean up after a kill) and is not in the output folder.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="publish-")  # noqa: SIM115  # closed by __exit__
        self._where: dict[tuple[Path, str], tuple[int, int]] = {}

    def put(self, source: Path, result: EditionResult) -> None:
        if not result.data or is_epub(result.edition):  # EPUBs are small; EPUBCheck reads them
            return
        self._file.seek(0, os.SEEK_END)
        self._where[(source, result.edition)] = (self._file.tell(), len(result.data))
        self._file.write(result.data)
        result.data = b"spooled"  # not empty: an empty edition is a failed one

    def size(self, source: Path, result: EditionResult) -> int:
        """The edition's length in bytes, whether spooled or still in memory."""
        where = self._where.get((source, result.edition))
        return where[1] if where else len(result.data)

    def take(self, source: Path, result: EditionResult) -> None:
        """Put the edition's bytes back on `result` (and forget them here)."""
        if (where := self._where.pop((source, result.edition), None)) is not None:
            self._file.seek(where[0])
            result.data = self._file.read(where[1])

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()


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
) -> dict[Path, dict[str, EditionResult]]:
    """Every edition of every pending brief, EPUBs first.

    EPUBCheck runs once for all EPUBs (one JVM start-up instead of one per book) in a thread
    of this process, while the PDFs render. In parallel, the EPUB worker is forked before
    WeasyPrint is imported, so that EPUBs build while this process imports and warms it up
    (publish/pdf/engine.py); the PDF workers are forked afterwards and share that, and each
    is replaced after a few PDFs (publish/workers.py) so that none grows without bound.
    """
    # One JSON string per brief, shared by its three tasks (it was made three times: 4 ms and
    # 60 KB each, kept by the main process until the release ends).
    texts = {src: doc.to_json(indent=None) for src, doc, _, _ in pending}
    chosen = editions or chosen_editions()  # the Kobo and archive editions when enabled
    tasks = [(src, texts[src], ed) for src, _, _, _ in pending for ed in chosen]
    results: dict[Path, dict[str, EditionResult]] = {src: {} for src, *_ in pending}
    slugs = {src: doc.meta.slug for src, doc, _, _ in pending}
    defer = check and epubcheck
    epub_tasks = [t for t in tasks if is_epub(t[2])]
    pdf_tasks = [t for t in tasks if not is_epub(t[2])]
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
               "print_settings": press, "ace": ace}  # fmt: skip

    def build(task: tuple[Path, str, str]) -> EditionResult:
        return build_edition(task[1], task[2], **options)

    def submit(pool: ProcessPoolExecutor, task: tuple[Path, str, str]) -> Future[EditionResult]:
        return pool.submit(build_edition, task[1], task[2], **options)  # picklable: no closure

    def counted(edition: str) -> bool:  # a deferred EPUB counts once EPUBCheck is done
        return not (defer and is_epub(edition))

    if progress:
        progress(done, len(tasks))
    with ThreadPoolExecutor(1) as checker:
        checked: Future[None] | None = None
        if jobs == 1 or len(tasks) <= 1:
            for task in epub_tasks:
                epub_results.append(result := build(task))
                finished(task[0], result, count=counted(task[2]))
            if defer:
                checked = checker.submit(epubcheck_many, epub_results)
            for task in pdf_tasks:
                finished(task[0], build(task))
        else:
            ctx = get_context("fork")
            with ProcessPoolExecutor(1, mp_context=ctx) as epub_pool:
                waiting: dict[Future[EditionResult], tuple[Path, str, str]] = {
                    submit(epub_pool, task): task for task in epub_tasks
                }
                epubs_left = len(epub_tasks)
                # Meanwhile, import the renderer and pay its first-use costs once here:
                # the PDF workers forked next share them (publish/pdf/engine.py).
                from .pdf.engine import warm_up

                warm_up(
                    languages={doc.meta.language or "" for _, doc, _, _ in pending},
                    profiles={str((press or PrintSettings()).profile)},
                )

                queue = deque(pdf_tasks)
                with Workers(jobs, ctx) as workers:
                    while waiting or queue:
                        while queue and workers.idle():  # lazily: workers are replaced
                            task = queue.popleft()
                            future = workers.submit(build_edition, task[1], task[2], **options)
                            waiting[future] = task
                        ready, _ = wait(waiting, return_when=FIRST_COMPLETED)
                        for future in ready:
                            workers.release(future)
                            src, _, edition = waiting.pop(future)
                            result = _outcome(future, edition, slugs[src])
                            finished(src, result, count=counted(result.edition))
                            if is_epub(result.edition):
                                epub_results.append(result)
                                epubs_left -= 1
                                if defer and not epubs_left:
                                    checked = checker.submit(epubcheck_many, epub_results)
        if checked is not None:
            checked.result()
            for _ in epub_results:
                done += 1
                if progress:
                    progress(done, len(tasks))
    return results


def _outcome(future: Future[EditionResult], edition: str, slug: str) -> EditionResult:
    """The worker's result, or, when the worker died under it (the kernel's OOM killer, a
    crash inside Pango), a failed edition: that brief fails the gate, the others go on."""
    try:
        return future.result()
    except BrokenProcessPool:
        name = EDITIONS[edition][0].format(slug=slug)
        problem = (
            f"{edition}: the worker process building it stopped abruptly (out of memory, or "
            "a crash in a native library); release again, or with --jobs 1"
        )
        return EditionResult(edition, name, problems=[problem])
