"""The gate reads back the citation records and the feeds (issue 25): each brief's .ris
(rispy), .bib (bibtexparser) and .csl.json (CSL's schema) must give the Document's fields, or
the brief fails; the archive's citations.* and dist/opds.xml and dist/feed.xml (feedparser,
every link a file of the release) must read back, or the release fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import publish
from publish import records
from publish.checks.records import archive_problems, csl_problems, record_problems
from publish.cli import main
from publish.release import release
from publish.site.feedcheck import feed_problems

from .conftest import SMALL_BRIEF

RICH = """---
title: Rivers & Ledgers {50%} of_them
subtitle: Water Cooperatives in the Delta
authors:
  - name: Ann van der Berg
    role: Senior Fellow
  - Bo Chan
  - UNESCO
date: 2025-06-16
series: Policy Papers
number: 7
publisher: Institute for River Studies
doi: 10.1234/rivers.7
isbn: 978-0-306-40615-7
issn: 0378-5955
---

Farmers along the delta share scarce water through cooperatives that keep ledgers.
"""
URL = "https://example.org/briefs/rivers-ledgers-50-of-them/"


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    path = tmp_path_factory.mktemp("rich") / "rivers.md"
    path.write_text(RICH, encoding="utf-8")
    doc = publish.normalize(path)
    return doc, records.brief_records(doc, b"", "https://example.org/briefs/")


def test_the_records_read_back_to_the_documents_fields(rich):
    doc, made = rich
    assert record_problems(doc, made, URL) == []
    # Without base_url the records carry no URL, and none is expected.
    assert record_problems(doc, records.brief_records(doc, b""), None) == []


def edit(made, kind: str, old: bytes, new: bytes):
    name, data = made[kind]
    assert old in data, (kind, data)
    return {**made, kind: (name, data.replace(old, new, 1))}


CORRUPTIONS = [
    ("ris", b"TI  - Rivers", b"TI  - Lakes", "rivers-ledgers-50-of-them.ris: the title"),
    ("ris", b"AU  - Chan, Bo\n", b"", ".ris: the authors"),
    ("ris", b"DO  - 10.1234/rivers.7", b"DO  - 10.1234/rivers.8", ".ris: the doi"),
    ("ris", b"TY  - RPRT", b"XX  - RPRT", ".ris: rispy"),
    ("bib", b"2025", b"2015", ".bib: the year"),
    ("bib", b"van der Berg, Ann", b"Berg, Ann", ".bib: the authors"),
    ("bib", b"9780306406157", b"9780306406158", ".bib: the isbn"),
    ("bib", b"}\n", b"\n", ".bib: bibtexparser reads 0 entries"),
    ("bib", b"example.org", b"example.com", ".bib: the url"),
    ("csl", b'"report"', b'"policy-brief"', ".csl.json: not CSL-JSON: 0/type"),
    ("csl", b'"title"', b'"headline"', ".csl.json: not CSL-JSON"),
    ("csl", b'"id": "rivers', b'"id": "lakes', ".csl.json: does not hold one item"),
    ("csl", b"[", b"", ".csl.json: not JSON"),
]


@pytest.mark.parametrize(("kind", "old", "new", "says"), CORRUPTIONS)
def test_each_wrong_record_is_a_finding_naming_its_file(rich, kind, old, new, says):
    doc, made = rich
    problems = record_problems(doc, edit(made, kind, old, new), URL)
    assert problems and all(p.startswith("citation records: ") for p in problems)
    assert any(says in p for p in problems), problems


def test_a_missing_record_is_a_finding(rich):
    doc, made = rich
    assert record_problems(doc, {k: v for k, v in made.items() if k != "bib"}, URL) == [
        "citation records: no bib record"
    ]


def test_the_archive_files_must_hold_every_brief(rich):
    doc, made = rich
    files = {"citations.csl.json": made["csl"][1], "citations.bib": made["bib"][1],
             "citations.ris": made["ris"][1]}  # fmt: skip
    assert archive_problems(files, [doc.meta.slug]) == []
    missing = archive_problems(files, [doc.meta.slug, "zebras"])
    assert len(missing) == 3 and all("not the briefs" in p for p in missing)
    assert csl_problems(b'[{"id": "x"}]', "citations.csl.json")  # CSL requires a type


# --- the feeds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("feedgate")
    (root / "seeds").mkdir()
    (root / "seeds" / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    assert release(root / "seeds", root / "dist", check=False).exit_code == 0
    return root / "dist"


def release_files(dist: Path) -> tuple[set[str], list[str]]:
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    files = {line.split("  ", 1)[1] for line in (dist / "SHA256SUMS").read_text().splitlines()}
    return files, [b["site"]["card"]["uuid"] for b in manifest["briefs"]]


@pytest.mark.parametrize("name", ["opds.xml", "feed.xml"])
def test_a_feed_of_the_release_passes_and_a_broken_one_fails(dist, name):
    files, ids = release_files(dist)
    data = (dist / name).read_bytes()
    assert feed_problems(data, name, files, ids) == []
    # A link to a file the release does not hold, or to another site.
    for href in ("water-rights-in-the-delta-gone.pdf", "https://elsewhere.example/a.pdf",
                 "../outside.pdf"):  # fmt: skip
        bad = data.replace(b"</entry>", f'<link rel="enclosure" href="{href}"/></entry>'.encode())
        assert feed_problems(bad, name, files, ids) == [
            f"{name}: the link {href!r} is no file of this release"
        ]
    assert feed_problems(data, name, files, [*ids, "urn:uuid:0"]) == [
        f"{name}: lists 1 entries, not the 2 current briefs"
    ]
    (broken,) = feed_problems(data[: len(data) // 2], name, files, ids)
    assert broken.startswith(f"{name}: feedparser cannot read it")


def test_with_base_url_absolute_links_resolve_under_it(dist):
    files, ids = release_files(dist)
    data = (dist / "feed.xml").read_bytes()
    base = "https://example.org/briefs/"
    absolute = data.replace(b'href="', f'href="{base}'.encode())
    assert feed_problems(absolute, "feed.xml", files, ids, base) == []
    assert feed_problems(absolute, "feed.xml", files, ids, "https://other.example/")


# --- in a release ------------------------------------------------------------------------

HARBOURS = SMALL_BRIEF.replace("Water Rights in the Delta", "Harbours")
HARBOURS = HARBOURS.replace("Paper 12", "Paper 13")  # its own number, so its own urn:uuid


def project(tmp_path: Path) -> Path:
    (tmp_path / "publish.toml").write_text('base_url = "https://example.org/briefs/"\n', "utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    (tmp_path / "seeds" / "harbour.txt").write_text(HARBOURS, encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_a_release_passes_the_read_back_and_records_it(tmp_path):
    root = project(tmp_path)
    assert main(["--project", str(root), "release", "-q", "--jobs", "2"]) == 0
    manifest = json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))
    for brief in manifest["briefs"]:
        verdict = brief["validation"]["records"]
        assert verdict["status"] == "passed" and "rispy" in verdict["checker"]
    assert manifest["validation"]["records"]["status"] == "passed"
    assert manifest["validation"]["feeds"]["status"] == "passed"
    assert "feedparser" in manifest["validation"]["feeds"]["checker"]
    feed = (root / "dist" / "opds.xml").read_text(encoding="utf-8")
    assert 'href="https://example.org/briefs/harbours.epub"' in feed  # base_url's links
    # The catalogue page passed the Nu HTML Checker; a rerun that changes nothing reuses
    # that verdict (the same bytes), and starts no JVM.
    catalogue = manifest["validation"]["catalogue"]
    assert catalogue["status"] == "passed" and "Nu HTML Checker" in catalogue["checker"]
    before = (root / "dist" / "manifest.json").read_bytes()
    assert main(["--project", str(root), "release", "-q", "--jobs", "2"]) == 0
    assert (root / "dist" / "manifest.json").read_bytes() == before


@pytest.mark.slow
def test_a_catalogue_page_the_checker_rejects_fails_the_release(tmp_path, monkeypatch, capsys):
    from publish.site import build

    root = project(tmp_path)
    page = build.catalogue_page

    def broken(sites, settings):  # noqa: ANN001, ANN202 - the gate's seam
        return page(sites, settings).replace(b"<main", b"<main><div><p>unclosed</div", 1)

    monkeypatch.setattr(build, "catalogue_page", broken)
    assert main(["--project", str(root), "release", "-q", "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert "dist/index.html: W001 Nu HTML Checker: " in err, err
    manifest = json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["validation"]["catalogue"]["status"] == "failed"


@pytest.mark.slow
def test_a_wrong_record_fails_its_brief_and_a_wrong_feed_the_release(tmp_path, monkeypatch,
                                                                     capsys):  # fmt: skip
    root = project(tmp_path)
    made = records.brief_records

    def wrong_ris(doc, epub, base=None):  # noqa: ANN001, ANN202 - the gate's seam
        out = made(doc, epub, base)
        if doc.meta.slug == "harbours":
            name, data = out["ris"]
            out["ris"] = (name, data.replace(b"TI  - Harbours", b"TI  - Havens"))
        return out

    from publish.site import build

    feed = build.opds_feed

    def wrong_feed(sites, settings, fragments=None):  # noqa: ANN001, ANN202
        link = b'<link rel="http://opds-spec.org/acquisition" href="https://example.org/x.pdf"/>'
        return feed(sites, settings, fragments).replace(b"</entry>", link + b"</entry>", 1)

    monkeypatch.setattr(records, "brief_records", wrong_ris)
    monkeypatch.setattr(build, "opds_feed", wrong_feed)
    assert main(["--project", str(root), "release", "-q", "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert ("seeds/harbour.txt: C001 citation records: harbours.ris: the title reads back as "
            "'Havens', not 'Harbours'") in err  # fmt: skip
    assert ("dist/opds.xml: W002 the link 'https://example.org/x.pdf' is no file of this release"
            in err.splitlines())  # fmt: skip
    manifest = json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))
    status = {b["slug"]: b["status"] for b in manifest["briefs"]}
    assert status == {"harbours": "failed", "water-rights-in-the-delta": "passed"}
    assert not (root / "dist" / "harbours.ris").exists()  # a failed brief ships nothing
    assert manifest["validation"]["feeds"]["status"] == "failed"
    assert manifest["validation"]["records"]["status"] == "passed"  # the passed brief's
