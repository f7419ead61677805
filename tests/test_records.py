"""The release's catalogue records (issue 25): per brief .csl.json, .bib, .ris, .onix.xml and
the archive's citations.*; in the manifest and SHA256SUMS, reproducible, removed with the brief.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import bibtexparser
import pytest
import rispy

from publish.checks.onixrecord import onix_problems
from publish.release import release

from .conftest import SMALL_BRIEF

pytestmark = pytest.mark.slow

SLUGS = ("harbours", "water-rights-in-the-delta")
KINDS = {"csl": ".csl.json", "bib": ".bib", "ris": ".ris", "onix": ".onix.xml"}
ARCHIVE = ["citations.bib", "citations.csl.json", "citations.ris"]


def two_briefs(seeds: Path) -> None:
    seeds.mkdir()
    (seeds / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    harbours = SMALL_BRIEF.replace("Water Rights in the Delta", "Harbours")
    (seeds / "harbour.txt").write_text(harbours, encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_a_release_writes_every_record_and_lists_it(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "dist"
    two_briefs(seeds)
    assert release(seeds, out, check=False).exit_code == 0
    names = set(files(out))
    for slug in SLUGS:
        assert {slug + suffix for suffix in KINDS.values()} <= names
    assert set(ARCHIVE) <= names
    data = manifest(out)
    for entry in data["briefs"]:
        assert {k: r["path"] for k, r in entry["records"].items()} == {
            k: entry["slug"] + suffix for k, suffix in KINDS.items()
        }
    assert sorted(data["records"]) == ARCHIVE
    sums = (out / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ", 1)[1] for line in sums}
    pages = {f"{slug}/{name}" for slug in SLUGS for name in ("index.html", "cover.png",
                                                            "thumbnail.png")}  # fmt: skip
    assert listed == (names | pages) - {".publish.lock"} - {"SHA256SUMS"}  # and the site's
    check = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=out,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr

    # The archive holds every brief, sorted by slug, and reads back.
    items = json.loads((out / "citations.csl.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == sorted(SLUGS)
    keys = [e.key for e in bibtexparser.parse_string((out / "citations.bib").read_text()).entries]
    assert keys == sorted(SLUGS)
    titles = [r["title"] for r in rispy.loads((out / "citations.ris").read_text())]
    assert titles == ["Harbours", "Water Rights in the Delta"]
    # The ONIX file is the record the EPUB carries, and valid.
    for slug in SLUGS:
        assert onix_problems((out / f"{slug}.onix.xml").read_bytes()) == []


def test_two_releases_are_byte_identical(tmp_path):
    seeds = tmp_path / "seeds"
    two_briefs(seeds)
    assert release(seeds, tmp_path / "a", jobs=2, check=False).exit_code == 0
    assert release(seeds, tmp_path / "b", jobs=1, check=False).exit_code == 0
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_an_unchanged_release_leaves_the_records_untouched(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "dist"
    two_briefs(seeds)
    release(seeds, out, check=False)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    report = release(seeds, out, check=False)
    assert [o.status for o in report.outcomes] == ["unchanged", "unchanged"]
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps


def test_a_deleted_brief_takes_its_records_with_it(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "dist"
    two_briefs(seeds)
    release(seeds, out, check=False)
    (seeds / "harbour.txt").unlink()
    report = release(seeds, out, check=False)
    assert "removed" in [o.status for o in report.outcomes]
    assert not list(out.glob("harbours*"))
    items = json.loads((out / "citations.csl.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == ["water-rights-in-the-delta"]
    assert "harbours" not in (out / "SHA256SUMS").read_text()
    (seeds / "delta.txt").unlink()
    release(seeds, out, check=False)
    assert not [p for p in out.iterdir() if p.name.startswith("citations.")]


def test_with_base_url_every_record_carries_the_landing_page(tmp_path):
    import publish
    from publish.records import base_url, brief_records

    profile = tmp_path / "house" / "publish.toml"  # read as the release reads it, apart
    profile.parent.mkdir()
    profile.write_text('base_url = "https://example.org/briefs/"\n', encoding="utf-8")
    assert base_url(profile) == "https://example.org/briefs/"
    assert base_url(tmp_path / "none.toml") is None
    (tmp_path / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    doc = publish.normalize(tmp_path / "delta.txt")
    epub = publish.build_epub(doc)
    records = brief_records(doc, epub, base_url(profile))
    url = "https://example.org/briefs/water-rights-in-the-delta/"
    assert json.loads(records["csl"][1])[0]["URL"] == url
    (entry,) = bibtexparser.parse_string(records["bib"][1].decode()).entries
    assert entry.fields_dict["url"].value == url
    assert rispy.loads(records["ris"][1].decode())[0]["urls"] == [url]
    assert "URL" not in json.loads(brief_records(doc, epub)["csl"][1])[0]  # no base_url, no URL
