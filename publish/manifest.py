"""dist/manifest.json and dist/SHA256SUMS: what a release says it holds.

Every brief is in the manifest with its `status` (`passed` or `failed`) and its `findings`.
Only a passed brief has `editions`, and only those files are in SHA256SUMS: a failed brief's
old editions are moved aside to `dist/stale/<slug>/`, never presented as current.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .document import Document
from .files import write_atomic
from .fingerprint import file_record, sha256_file
from .jsontext import parse, pretty

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
STALE = "stale"
MANIFEST_SCHEMA = "publish.release/1"


def passed_entry(source: Path, key_name: str, key: str, doc: Document, editions: dict,
                 warnings: list[str]) -> dict:  # fmt: skip
    m = doc.meta
    return {
        "source": key_name,
        "status": "passed",
        "findings": [],
        "source_sha256": sha256_file(source),
        "content_hash": key,
        "slug": m.slug,
        "title": m.title,
        "series": m.series,
        "number": m.number,
        "date": m.date,
        "language": m.language,
        "editions": {
            name: file_record(Path(r.file_name), r.data, r.pages) for name, r in editions.items()
        },
        "validation": {name: r.validation for name, r in editions.items()},
        "warnings": warnings,
    }


def failed_entry(source: Path, key_name: str, slug: str, findings: list[str]) -> dict:
    """A failed brief: its findings, in the brief's terms, with no path of this machine (the
    manifest is byte-reproducible), no editions and no content hash (it is retried)."""
    where = {str(source), str(source.resolve())}
    clean = []
    for line in findings:
        for path in sorted(where, key=len, reverse=True):
            line = line.replace(path, key_name)
        clean.append(line)
    return {"source": key_name, "status": "failed", "findings": clean, "slug": slug,
            "editions": {}}  # fmt: skip


def files_of(entry: dict) -> list[dict]:
    """Every file a brief's entry owns: its editions, its catalogue records
    (publish/records.py) and its site files (publish/site)."""
    site = entry.get("site", {}).get("files", {})
    return [*entry.get("editions", {}).values(), *entry.get("records", {}).values(),
            *site.values()]  # fmt: skip


def passed(entry: dict) -> bool:
    return entry.get("status", "passed") == "passed"  # entries before statuses all passed


def move_aside(out: Path, entry: dict, owned: set[str]) -> None:
    """Move a brief's recorded editions to stale/<slug>/ (never one another brief owns)."""
    aside = out / STALE / (entry.get("slug") or Path(entry["source"]).stem)
    for record in files_of(entry):
        path = out / record["path"]
        if record["path"] in owned or not path.is_file():
            continue
        aside.mkdir(parents=True, exist_ok=True)
        os.replace(path, aside / path.name)  # a rename: atomic, never a half-written file


def drop_unrecorded(out: Path, old: dict, new: dict, owned: set[str]) -> None:
    """Remove the files of `old` that its brief's `new` entry no longer records: an optional
    edition (Kobo, archive) no longer chosen is not left beside the current ones."""
    if not passed(new):
        return
    kept = {r["path"] for r in new.get("editions", {}).values()}
    for record in old.get("editions", {}).values():
        if record["path"] not in kept and record["path"] not in owned:
            (out / record["path"]).unlink(missing_ok=True)


def clear_stale(out: Path, slugs: set[str]) -> None:
    """Remove stale editions that are no longer anybody's: every slug not failing now."""
    folder = out / STALE
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.name not in slugs:
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


def intact(out: Path, entry: dict, sha256: Callable[[Path], str] = sha256_file) -> bool:
    """A passed entry whose recorded editions are all there with the recorded bytes.
    `sha256` may answer from a cache keyed by the file's stat (publish/hashcache.py)."""
    if not passed(entry) or not entry.get("editions") or not entry.get("records"):
        return False
    if not entry.get("site"):
        return False  # no site: made before landing pages, so built again to get them
    for record in files_of(entry):
        path = out / record["path"]
        try:
            info = path.stat()
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size != record["bytes"]:
            return False
        if sha256(path) != record["sha256"]:
            return False
    return True


def load_manifest(out: Path) -> dict:
    try:
        data = parse((out / MANIFEST).read_bytes())
        return data if isinstance(data, dict) and data.get("schema") == MANIFEST_SCHEMA else {}
    except (OSError, ValueError):
        return {}


def manifest_bytes(
    epubcheck: str,
    checkers: dict,
    entries: dict[str, dict],
    archive: dict | None = None,
    site: dict | None = None,
    validation: dict | None = None,
) -> bytes:
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "publish": __version__,
        "epubcheck": epubcheck,
        "checkers": checkers,
        "briefs": [entries[k] for k in sorted(entries)],
    }
    if archive:
        manifest["records"] = archive  # the archive's combined citation files
    if site is not None:  # the release's own files: catalogue and feeds (publish/site)
        manifest["site"] = site
    if validation is not None:  # the gate on the release's own files (citations.*, feeds)
        manifest["validation"] = validation
    return pretty(manifest)


def sums_bytes(
    out: Path, entries: dict[str, dict], archive: dict | None = None, site: dict | None = None
) -> bytes:
    """sha256sum's format, so that `sha256sum -c SHA256SUMS` checks the release; only the
    files of passed briefs, which are the current ones, the archive's records and the
    release's own site files."""
    lines = []
    for entry in entries.values():
        for record in files_of(entry):
            lines.append(f"{record['sha256']}  {record['path']}")
    for record in [*(archive or {}).values(), *(site or {}).get("files", {}).values()]:
        lines.append(f"{record['sha256']}  {record['path']}")
    lines.append(f"{sha256_file(out / MANIFEST)}  {MANIFEST}")
    return ("\n".join(sorted(lines, key=lambda line: line[66:])) + "\n").encode()


def write_changed(path: Path, data: bytes) -> None:
    """Write unless the file already holds `data`: a release that changes nothing leaves the
    previous release untouched, timestamps included."""
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)
