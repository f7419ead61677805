"""The gate's read-back of the citation records (publish/records.py): what a reference
manager will import.

Each brief's `.ris` is read by rispy and its `.bib` by bibtexparser (LaTeX decoded by
pylatexenc, as bibtexparser's own middleware does), and must give back the Document's title,
authors, year and, when set, DOI, ISBN and landing page; its `.csl.json` must validate against
CSL's JSON schema (publish/schema/csl-data.json) and name the brief. The archive's combined
files must read back to one record per brief, by slug. The expected values come from the
Document's metadata (names split as the CSL item splits them), not from the files' writers.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..document import Author, Document
from ..identifiers import edition_isbns, isbn_compact

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "csl-data.json"


def checker_names() -> str:
    """The independent readers, with versions, as the manifest names them."""
    from importlib.metadata import version

    return (f"rispy {version('rispy')}, bibtexparser {version('bibtexparser')}, "
            f"jsonschema {version('jsonschema')} (CSL-JSON schema, csl-data.json)")  # fmt: skip


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # Draft-07, by its $schema; its references are to its own definitions: nothing fetched.
    return jsonschema.validators.validator_for(schema)(schema)


def csl_problems(data: bytes, name: str) -> list[str]:
    """Where a CSL-JSON file breaks CSL's schema (or is no JSON), one line each."""
    try:
        items = json.loads(data)
    except ValueError as exc:
        return [f"{name}: not JSON ({exc})"]
    errors = sorted(_validator().iter_errors(items), key=lambda e: [str(p) for p in e.path])
    return [f"{name}: not CSL-JSON: {'/'.join(map(str, e.path)) or 'top'}: {_short(e.message)}"
            for e in errors[:5]]  # fmt: skip


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"  # an enum's every value


def _author(author: Author) -> str:
    """A person as both formats write one, `Family, Given` (a particle first), or the name
    of an organisation or a mononym whole; split by the CSL item's rule (publish/citations.py),
    the one place that knows "Ann van der Berg" is a van der Berg."""
    from ..citations import csl_name

    found = csl_name(author)
    if "literal" in found:
        return found["literal"]
    family = " ".join(p for p in (found.get("non-dropping-particle"), found["family"]) if p)
    return f"{family}, {found['given']}"


def expected(doc: Document, url: str | None) -> dict[str, Any]:
    """The fields a reference manager must read back, from the Document."""
    m = doc.meta
    isbns = edition_isbns(m)
    isbn = isbns.get("epub") or next(iter(isbns.values()), None)
    return {
        "title": f"{m.title or m.slug}: {m.subtitle}" if m.subtitle else (m.title or m.slug),
        "authors": [_author(a) for a in m.authors if a.name.strip()],
        "year": (m.date or "")[:4] or None,
        "doi": m.doi,
        "isbn": isbn_compact(isbn) if isbn else None,
        "url": url,
    }


def _compare(name: str, want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    problems = []
    for key, value in want.items():
        if value in (None, []) and key not in ("authors",):
            continue  # not set in the brief: nothing to read back
        if got.get(key) != value:
            problems.append(f"{name}: the {key} reads back as {got.get(key)!r}, not {value!r}")
    return problems


def ris_fields(data: bytes) -> list[dict[str, Any]]:
    import rispy

    out = []
    for record in rispy.loads(data.decode("utf-8")):
        out.append({
            "id": record.get("id"),
            "title": record.get("title") or record.get("primary_title"),
            "authors": record.get("authors") or record.get("first_authors") or [],
            "year": record.get("year"),
            "doi": record.get("doi"),
            "isbn": record.get("issn"),  # SN: "ISBN or ISSN", the edition's own first
            "url": (record.get("urls") or [None])[0],
        })  # fmt: skip
    return out


def bib_fields(data: bytes) -> tuple[list[dict[str, Any]], int]:
    """The entries' fields, LaTeX decoded, and the number of blocks bibtexparser could not
    parse."""
    import logging

    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors
    from pylatexenc.latex2text import LatexNodes2Text

    # bibtexparser logs each broken block itself; the gate reports it once, as a finding.
    log = logging.getLogger("bibtexparser")
    level, log.level = log.level, logging.CRITICAL + 1
    try:
        library = bibtexparser.parse_string(
            data.decode("utf-8"), append_middleware=[SeparateCoAuthors()]
        )
    finally:
        log.level = level
    text = LatexNodes2Text().latex_to_text
    out = []
    for entry in library.entries:
        fields = {f.key.lower(): f.value for f in entry.fields}
        authors = fields.get("author") or []
        authors = authors if isinstance(authors, list) else [authors]
        out.append({
            "id": entry.key,
            "type": entry.entry_type,
            "title": text(fields.get("title", "")).strip() or None,
            "authors": [text(a).strip() for a in authors],
            "year": fields.get("year"),
            "doi": fields.get("doi"),
            "isbn": fields.get("isbn"),
            "url": fields.get("url"),
        })  # fmt: skip
    return out, len(library.failed_blocks)


def record_problems(doc: Document, records: dict[str, tuple[str, bytes]],
                    url: str | None = None) -> list[str]:  # fmt: skip
    """A brief's citation records (kind → (file name, bytes)) read back; [] when each says
    what the Document says."""
    want = expected(doc, url)
    problems: list[str] = []
    for kind in ("csl", "bib", "ris"):
        if kind not in records:
            problems.append(f"no {kind} record")
    if "csl" in records:
        name, data = records["csl"]
        broken = csl_problems(data, name)
        problems += broken
        if not broken:
            items = json.loads(data)
            if [i.get("id") for i in items] != [doc.meta.slug]:
                problems.append(f"{name}: does not hold one item with the id {doc.meta.slug!r}")
    if "ris" in records:
        name, data = records["ris"]
        try:
            found = ris_fields(data)
        except Exception as exc:  # rispy raises on a broken record: say so, do not crash
            found, problems = [], [*problems, f"{name}: rispy cannot read it ({exc})"]
        if len(found) != 1:
            problems.append(f"{name}: rispy reads {len(found)} records, not 1")
        else:
            problems += _compare(name, want, found[0])
    if "bib" in records:
        name, data = records["bib"]
        entries, failed = bib_fields(data)
        if failed or len(entries) != 1:
            problems.append(f"{name}: bibtexparser reads {len(entries)} entries and "
                            f"{failed} broken blocks, not 1 entry")  # fmt: skip
        else:
            problems += _compare(name, want, entries[0])
    return [f"citation records: {p}" for p in problems]


def archive_problems(files: dict[str, bytes], slugs: list[str]) -> list[str]:
    """The archive's combined files (name → bytes) read back: one record per brief, sorted
    by slug, in each format."""
    problems: list[str] = []
    for name, data in sorted(files.items()):
        if name.endswith(".csl.json"):
            broken = csl_problems(data, name)
            problems += broken
            if broken:
                continue
            ids = [i.get("id") for i in json.loads(data)]
        elif name.endswith(".bib"):
            entries, failed = bib_fields(data)
            ids = [e["id"] for e in entries] if not failed else ["(broken)"]
        elif name.endswith(".ris"):
            try:
                ids = [r["id"] for r in ris_fields(data)]
            except Exception as exc:  # noqa: BLE001 - reported, not raised
                problems.append(f"{name}: rispy cannot read it ({exc})")
                continue
        else:
            continue
        if ids != slugs:
            problems.append(f"{name}: holds {ids}, not the briefs {slugs}")
    return problems
