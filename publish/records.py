"""The release's catalogue records: per brief `<slug>.csl.json`, `.bib`, `.ris` and
`.onix.xml`, and for the archive `citations.csl.json`, `citations.bib`, `citations.ris`.

A brief's records are written with its editions (atomically, only when the brief passed the
gate), listed under its manifest entry's `records` and in SHA256SUMS, and removed with it.
The ONIX file is the record the EPUB carries, copied out of the shipped bytes. The archive
files are made from the briefs' own record files, so an unchanged brief, which is not
normalized again, is in them too; they are sorted by slug, and reproducible.
"""

from __future__ import annotations

import json
from pathlib import Path

from .bibformats import bibtex, ris
from .checks.onixrecord import record_of
from .citations import csl_item, landing_url
from .document import Document
from .files import write_atomic
from .fingerprint import file_record
from .jsontext import pretty

RECORDS = {"csl": "{slug}.csl.json", "bib": "{slug}.bib", "ris": "{slug}.ris",
           "onix": "{slug}.onix.xml"}  # fmt: skip
ARCHIVE = {"csl": "citations.csl.json", "bib": "citations.bib", "ris": "citations.ris"}


def csl_json(items: list[dict]) -> bytes:
    """CSL-JSON: an array of items (CSL's csl-data.json), UTF-8, one key order."""
    return pretty(items)


def base_url(profile: Path) -> str | None:
    """The house profile's `base_url` (where dist/ is served; checked by the landing pages'
    settings), or None."""
    from .errors import InputError
    from .tomlfile import read_toml

    try:
        value = read_toml(profile)[1].get("base_url")
    except InputError:
        return None  # a broken profile is reported where the briefs are read
    return value if isinstance(value, str) and value.strip() else None


def brief_records(
    doc: Document, epub: bytes, base: str | None = None
) -> dict[str, tuple[str, bytes]]:
    """kind → (file name, bytes) for one brief; `base` is the project's base_url."""
    slug = doc.meta.slug
    url = landing_url(base, slug)
    data = {
        "csl": csl_json([csl_item(doc, url)]),
        "bib": bibtex(doc, url).encode(),
        "ris": ris(doc, url).encode(),
    }
    onix = record_of(epub) if epub else None  # the archive PDF asks without an EPUB
    if onix is not None:
        data["onix"] = onix
    return {kind: (RECORDS[kind].format(slug=slug), data[kind]) for kind in data}


# The archive PDF's copies of the citation records (PDF/A-3 associated files, /Data).
MIME = {"csl": "application/json", "bib": "application/x-bibtex",
        "ris": "application/x-research-info-systems"}  # fmt: skip


def citation_attachments(
    doc: Document, base: str | None = None
) -> list[tuple[str, bytes, str, str]]:
    """(name, bytes, MIME type, relationship) of the brief's citation records for the archive
    PDF: the same bytes as the copies in dist/ (`base`: the project's base_url)."""
    records = brief_records(doc, b"", base)
    return [(name, data, MIME[kind], "Data") for kind, (name, data) in records.items()
            if kind in MIME]  # fmt: skip


def checked_records(
    doc: Document, epub: bytes, base: str | None, check: bool
) -> tuple[dict[str, tuple[str, bytes]], list[str], dict]:
    """A brief's records, read back by the gate (publish/checks/records.py) unless
    --no-check: (records, problems, the manifest's `validation.records`)."""
    records = brief_records(doc, epub, base)
    if not check:
        return records, [], {"status": "not run (--no-check)"}
    from .checks.records import checker_names, record_problems

    problems = record_problems(doc, records, landing_url(base, doc.meta.slug))
    return records, problems, {"checker": checker_names(),
                               "status": "failed" if problems else "passed"}  # fmt: skip


def write_brief_records(out: Path, records: dict[str, tuple[str, bytes]]) -> dict[str, dict]:
    """Write one brief's records (kind → (name, bytes)); kind → its manifest file record."""
    written = {}
    for kind, (name, data) in records.items():
        write_atomic(out / name, data)
        written[kind] = file_record(Path(name), data, None)
    return written


def archive_validation(
    out: Path, archive: dict[str, dict], entries: dict[str, dict], check: bool
) -> tuple[list[str], dict]:
    """The archive's citations.* read back (unless --no-check): (problems, validation)."""
    if not check:
        return [], {"status": "not run (--no-check)"}
    from .checks.records import archive_problems, checker_names

    slugs = sorted(e.get("slug", "") for e in entries.values()
                   if e.get("status", "passed") == "passed" and e.get("records"))  # fmt: skip
    files = {name: (out / name).read_bytes() for name in archive if name in ARCHIVE.values()}
    problems = archive_problems(files, slugs) if files else []
    return problems, {"checker": checker_names(), "status": "failed" if problems else "passed"}


def write_archive(out: Path, entries: dict[str, dict], rewrite: bool = True) -> dict[str, dict]:
    """The archive's combined records from every passed brief's files, by slug; name → file
    record. With no brief to cite, the files are removed. Without `rewrite` (no brief was
    built), a file that already holds its bytes is left untouched, timestamps included."""
    briefs = sorted(
        (e for e in entries.values() if e.get("status", "passed") == "passed" and e.get("records")),
        key=lambda e: e.get("slug", ""),
    )
    if not briefs:
        for name in ARCHIVE.values():
            (out / name).unlink(missing_ok=True)
        return {}

    def read(entry: dict, kind: str) -> bytes:
        return (out / entry["records"][kind]["path"]).read_bytes()

    items = [item for e in briefs for item in json.loads(read(e, "csl"))]
    data = {
        "csl": csl_json(items),
        "bib": b"\n".join(read(e, "bib") for e in briefs),
        "ris": b"".join(read(e, "ris") for e in briefs),
    }
    written = {}
    for kind, name in ARCHIVE.items():
        # Rewritten with the briefs' files, so that a release renames the same files in the
        # same order every time it builds (tests/test_interrupt.py relies on it).
        if rewrite or not ((out / name).is_file() and (out / name).read_bytes() == data[kind]):
            write_atomic(out / name, data[kind])
        written[name] = file_record(Path(name), data[kind], None)
    return written


def crossref_settings(profile: Path, base: str | None, wanted: bool):  # -> Depositor | None
    """With --crossref, the depositor from the house profile, checked before anything is
    built: the prefix, the depositor and base_url (a DOI must resolve to a landing page)."""
    if not wanted:
        return None
    from .crossref import depositor_of
    from .errors import InputError
    from .normalizer.fields import load_toml

    depositor = depositor_of(load_toml(profile), str(profile))
    if not base:
        raise InputError("--crossref needs base_url (the DOIs' landing pages)", path=profile)
    return depositor


def write_crossref(out: Path, archive: dict[str, dict], depositor) -> dict[str, dict]:
    """dist/crossref.xml for every passed brief (from citations.csl.json); name → record.
    Without a depositor (no --crossref) or a brief, a previous deposit is removed: dist/
    holds only what its manifest lists."""
    import os

    from .crossref import FILE, deposit, timestamp_of

    if depositor is None or ARCHIVE["csl"] not in archive:
        (out / FILE).unlink(missing_ok=True)
        return {}
    items = json.loads((out / ARCHIVE["csl"]).read_text(encoding="utf-8"))
    data = deposit(items, depositor, timestamp_of(items, os.environ.get("SOURCE_DATE_EPOCH")))
    write_atomic(out / FILE, data)
    return {FILE: file_record(Path(FILE), data, None)}
