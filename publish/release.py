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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .checks.ace import INSTALL_ACE, ace_command, ace_version, use_project
from .checks.epubcheck import INSTALL_JAVA, java_command
from .checks.findings import collapse, collapse_diagnostics, related_warnings
from .citations import how_to_cite, landing_url
from .document import Document
from .editions import EDITIONS, EditionResult, chosen_editions, release_checkers
from .errors import PublishError, ToolMissingError
from .files import write_atomic
from .fingerprint import build_key
from .hashcache import HashCache
from .house import check_house
from .lint.ignores import Ignore, brief_ignores, silence, silence_results, silenced_entry
from .lint.rules import coded
from .load import normalize_file
from .lock import release_lock
from .manifest import (
    MANIFEST,
    SUMS,
    clear_stale,
    drop_unrecorded,
    failed_entry,
    files_of,
    intact,
    load_manifest,
    manifest_bytes,
    move_aside,
    passed,
    passed_entry,
    sums_bytes,
    write_changed,
)
from .normalizer.layers import StyleScan
from .normalizer.sources import HOUSE_PROFILE, brief_inputs, find_briefs
from .optional import optional_editions
from .printing import load_print_settings
from .project import find_root
from .records import (
    archive_validation,
    base_url,
    checked_records,
    crossref_settings,
    write_archive,
    write_brief_records,
    write_crossref,
)
from .rendering import Spool, render_all
from .site.build import SiteBuild, check_site, write_catalogue
from .site.settings import load_site_settings

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
            lines.append(finding if ": error:" in finding else coded(finding, name))
        return lines


@dataclass
class ReleaseReport:
    outcomes: list[BriefOutcome] = field(default_factory=list)
    epubcheck: str = "run"
    ace: str = "run"
    problems: list[str] = field(default_factory=list)  # the release's own files' (feeds…)

    @property
    def failed(self) -> list[BriefOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.problems else 0


Reporter = Callable[[str], None]


def ace_notice(report: ReleaseReport) -> str | None:
    """The one line a release's summary gives when DAISY Ace was not found."""
    if report.ace != "skipped":
        return None
    return (f"warning: DAISY Ace is not installed, so the EPUBs were not checked for "
            f"accessibility and carry no conformance claim; install it: {INSTALL_ACE}")  # fmt: skip


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
    kepub: bool = False,
    archive: bool = False,
    azw3: bool = False,
    crossref: bool = False,
) -> ReleaseReport:
    """Build every brief in `seeds` into `out`. Never raises for one bad brief.

    `project` is the project folder (`--project`) whose publish.toml is the house profile;
    by default each brief's is found upwards from its folder. `kepub` and `archive` add the
    Kobo and archive editions, `azw3` the Kindle one (also enabled by `kepub = true`,
    `archive = true`, `azw3 = true` there).
    """
    seeds, out = Path(seeds), Path(out)
    if not seeds.is_dir():
        from .errors import InputError

        raise InputError("not a folder of briefs", path=seeds)
    jobs = max(1, jobs or os.cpu_count() or 1)
    report = ReleaseReport()
    epubcheck = check and java_available()
    root = Path(project) if project else find_root(seeds)
    use_project(root)  # Ace is looked for in this project's .tools/, never the working folder
    ace = check and ace_command() is not None
    if check and not ace:
        report.ace = "skipped"  # said once, in the release's summary (ace_notice)
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
    profile = (root or seeds.resolve().parent) / HOUSE_PROFILE
    check_house(profile)  # a fault every brief inherits stops the release: exit 2, its line
    press = load_print_settings(profile)
    wanted = optional_editions(profile)
    chosen = chosen_editions(kepub=kepub or wanted.get("kepub", False),
                             archive=archive or wanted.get("archive", False),
                             azw3=azw3 or wanted.get("azw3", False))  # fmt: skip
    if "azw3" in chosen:
        from .epub.azw3 import require_calibre

        require_calibre()  # exit 5 with the install command, before anything is built
    base = base_url(profile)  # for the records' URL
    site = SiteBuild(load_site_settings(profile), check, cite=lambda doc: how_to_cite(
        doc, url=landing_url(base, doc.meta.slug)))  # fmt: skip
    depositor = crossref_settings(profile, base, crossref)

    with release_lock(out):
        previous = load_manifest(out)
        hashes = HashCache(out, root or seeds.resolve().parent)  # files known by their stat
        old_entries = {e["source"]: e for e in previous.get("briefs", [])}
        entries: dict[str, dict] = {}
        pending: list[tuple[Path, Document, str, str]] = []
        ignored: dict[Path, list[Ignore]] = {}
        silenced: dict[Path, list[str]] = {}
        slugs: dict[str, Path] = {}

        scan = StyleScan(project)  # the house's style files found once, not per brief
        for source in find_briefs(seeds):
            key_name = f"{seeds.name}/{source.name}"
            started = time.perf_counter()
            profile, styled = scan.inputs(source)
            inputs = brief_inputs(source, project, styled, profile)
            inputs += press.inputs()  # the printer's ICC profile too
            key = build_key(inputs, check, ace_version() if ace else None, editions=chosen,
                            sha256=hashes.sha256)  # fmt: skip
            old = old_entries.get(key_name)
            if (
                not force
                and old
                and old.get("content_hash") == key
                and intact(out, old, hashes.sha256)
            ):
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
            # [lint] ignore: the house's and the brief's silenced codes (not its errors).
            ignored[source] = brief_ignores(source, project)
            warnings, silenced[source] = silence(warnings, ignored[source])
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

        with Spool(hold_epubs=check) as spool:
            results = render_all(pending, jobs, check, epubcheck, progress, press, ace, spool,
                                 editions=chosen, base_url=base)  # fmt: skip
            for source, editions in results.items():  # [lint] ignore, before the pages
                silenced[source] += silence_results(editions.values(), ignored[source])
            spool.put_all(results)  # the checks are done: the EPUBs wait on disk too
            site.prepare(pending, results, spool.size, spool.peek)  # checked in one run
            _record(report, pending, results, spool, out, entries, base, site,
                    (ignored, silenced), check)  # fmt: skip
            site.close()

        # Briefs gone from the folder take their editions with them, and a failed brief's
        # previous editions go to stale/: neither is presented as current. Files that a brief
        # still present now owns stay (a brief renamed, same title, same slug).
        owned = {r["path"] for e in entries.values() for r in files_of(e)}
        for key_name, old in old_entries.items():
            if key_name not in entries and not (seeds / Path(key_name).name).exists():
                for record in files_of(old):
                    if record["path"] not in owned:
                        (out / record["path"]).unlink(missing_ok=True)
                report.outcomes.append(BriefOutcome(Path(key_name), "removed", old.get("slug", "")))
            elif key_name in entries and not passed(entries[key_name]):
                entries[key_name]["slug"] = entries[key_name]["slug"] or old.get("slug", "")
                if passed(old):
                    move_aside(out, old, owned)
            elif key_name in entries:  # an edition no longer chosen (--archive dropped) goes
                drop_unrecorded(out, old, entries[key_name], owned)
        clear_stale(out, {e["slug"] for e in entries.values() if not passed(e)})

        built = any(o.status == "built" for o in report.outcomes)
        records = write_archive(out, entries, rewrite=built)  # citations.* of every brief
        records |= write_crossref(out, records, depositor)  # --crossref: crossref.xml
        epubcheck_status = report.epubcheck if check else "not run (--no-check)"
        catalogue = {"files": write_catalogue(out, entries, site.settings, hashes.beside("feeds"))}
        # The gate on the release's own files: the combined citations and the feeds read back.
        cited, cited_status = archive_validation(out, records, entries, check)
        own = {r["path"] for r in [*records.values(), *catalogue["files"].values()]}
        fed, site_status = check_site(out, entries, own, site.settings, check, previous)
        report.problems = [f"{out.name}/{p}" for p in cited + fed]
        validation = {"records": cited_status, **site_status}
        checkers = release_checkers(check, ace_version() if ace else None, chosen)
        write_changed(
            out / MANIFEST,
            manifest_bytes(epubcheck_status, checkers, entries, records, catalogue, validation),
        )
        write_changed(out / SUMS, sums_bytes(out, entries, records, catalogue))
        hashes.remember(entries[key] for _, _, key, _ in pending if passed(entries[key]))
        hashes.save()
        _sweep(out)
    for outcome in report.outcomes:
        say(_line(outcome))
    return report


def _record(
    report: ReleaseReport,
    pending: list[tuple[Path, Document, str, str]],
    results: dict[Path, dict[str, EditionResult]],
    spool: Spool,
    out: Path,
    entries: dict[str, dict],
    base: str | None,
    site: SiteBuild,
    lint: tuple[dict[Path, list[Ignore]], dict[Path, list[str]]],
    check: bool = True,
) -> None:
    """Write each brief whose editions and landing page passed, in the briefs' order; fail
    the others. Findings whose code the brief's [lint] ignores silence neither fail it nor
    print; the manifest lists them with the reason."""
    by_source = {o.source: o for o in report.outcomes}
    ignored, silenced = lint
    for source, doc, key_name, key in pending:
        outcome = by_source[source]
        # Completion order varies between runs; the manifest must not.
        editions = {name: results[source][name] for name in EDITIONS if name in results[source]}
        outcome.seconds += sum(r.seconds for r in editions.values())
        problems = [p for r in editions.values() for p in r.problems] + site.problems(source)
        problems, quiet = silence(problems, ignored.get(source, []))  # the landing page's
        if not problems:  # the citation records, read back as a reference manager would
            epub = spool.peek(source, editions["epub"])
            records, problems, checked = checked_records(doc, epub, base, check)
            problems, quiet_records = silence(problems, ignored.get(source, []))
            quiet += quiet_records
        notes = [n for r in editions.values() for n in r.notes]
        outcome.warnings += [coded(n, key_name) for n in notes]  # e.g. low dpi
        hushed = [*silenced.get(source, []), *quiet]
        if problems:
            _fail(report, source, problems, entries, key_name, outcome.warnings, outcome)
            continue
        for result in editions.values():
            spool.take(source, result)
            write_atomic(out / result.file_name, result.data)
        entries[key_name] = passed_entry(source, key_name, key, doc, editions, outcome.warnings)
        if hushed:
            entries[key_name]["silenced"] = silenced_entry(hushed, ignored[source])
        entries[key_name]["records"] = write_brief_records(out, records)
        entries[key_name]["validation"]["records"] = checked
        entries[key_name]["site"] = site.write(out, source)
        for result in editions.values():
            result.data = b""  # written and hashed: one brief's editions in memory at a time
        outcome.status = "built"


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
    """Remove temporary files left by a killed release (never a recorded edition), beside
    the editions and in the landing pages' folders."""
    for path in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp")]:
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
