"""The release tells the truth: every brief in the manifest with its status, a failed brief's
old editions never presented as current, a deleted brief gone from dist/ and the sums."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from publish.release import release

from .conftest import SMALL_BRIEF

pytestmark = pytest.mark.slow

SLUG = "water-rights-in-the-delta"
BROKEN = SMALL_BRIEF.replace("half within five years of that decision.[3]", "half.[3] See [9].")


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _sums_check(out: Path) -> None:
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True,
                           text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    return folder


def test_a_failed_brief_is_in_the_manifest_with_its_findings(seeds, tmp_path):
    (seeds / "delta.txt").write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "dist"
    assert release(seeds, out, check=False).exit_code == 1
    (entry,) = _manifest(out)["briefs"]
    assert entry["source"] == "seeds/delta.txt"
    assert entry["status"] == "failed"
    assert entry["editions"] == {}
    assert any("call [9] to a note that does not exist" in f for f in entry["findings"])
    assert str(tmp_path) not in json.dumps(entry)  # reproducible: no absolute path
    _sums_check(out)


def test_a_passed_brief_says_so(seeds, tmp_path):
    out = tmp_path / "dist"
    assert release(seeds, out, check=False).exit_code == 0
    (entry,) = _manifest(out)["briefs"]
    assert (entry["status"], entry["findings"]) == ("passed", [])


def test_a_rerun_that_fails_a_passed_brief_moves_its_old_editions_aside(seeds, tmp_path):
    out = tmp_path / "dist"
    assert release(seeds, out, check=False).exit_code == 0
    good = {p.name: p.read_bytes() for p in out.glob(f"{SLUG}*") if p.is_file()}
    assert len(good) == 3 + 4  # editions and records (.csl.json, .bib, .ris, .onix.xml)
    page = {p.name: p.read_bytes() for p in (out / SLUG).iterdir()}  # its landing page
    assert sorted(page) == ["cover.png", "index.html", "thumbnail.png"]

    (seeds / "delta.txt").write_text(BROKEN, encoding="utf-8")
    assert release(seeds, out, check=False).exit_code == 1
    assert not list(out.glob(f"{SLUG}*")), "a failed brief's old editions look current"
    stale = out / "stale" / SLUG
    assert {p.name: p.read_bytes() for p in stale.iterdir()} == {**good, **page}  # kept, aside
    for name in ("index.html", "opds.xml", "feed.xml"):  # nor do the catalogue and feeds
        assert SLUG not in (out / name).read_text(encoding="utf-8"), name
    (entry,) = _manifest(out)["briefs"]
    assert entry["status"] == "failed" and entry["editions"] == {}
    assert SLUG not in (out / "SHA256SUMS").read_text()
    _sums_check(out)

    # Fixed again: current editions, and nothing stale left over.
    (seeds / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    assert release(seeds, out, check=False).exit_code == 0
    assert sorted(p.name for p in out.glob(f"{SLUG}*")) == sorted([*good, SLUG])
    assert {p.name: p.read_bytes() for p in (out / SLUG).iterdir()} == page
    assert not (out / "stale").exists()
    assert _manifest(out)["briefs"][0]["status"] == "passed"
    _sums_check(out)


def test_a_failed_brief_is_retried_not_skipped(seeds, tmp_path):
    (seeds / "delta.txt").write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "dist"
    release(seeds, out, check=False)
    report = release(seeds, out, check=False)
    assert [o.status for o in report.outcomes] == ["failed"]
    assert report.exit_code == 1


def test_a_deleted_brief_leaves_nothing_behind(seeds, tmp_path):
    out = tmp_path / "dist"
    release(seeds, out, check=False)
    (seeds / "delta.txt").write_text(BROKEN, encoding="utf-8")
    release(seeds, out, check=False)  # its editions are now stale
    (seeds / "delta.txt").unlink()
    report = release(seeds, out, check=False)
    assert [o.status for o in report.outcomes] == ["removed"]
    assert not list(out.rglob(f"{SLUG}*"))
    assert not (out / "stale").exists()
    assert _manifest(out)["briefs"] == []
    listed = [line.split("  ")[1] for line in (out / "SHA256SUMS").read_text().splitlines()]
    assert listed == ["feed.xml", "index.html", "manifest.json", "opds.xml"]  # the release's own


def test_a_release_with_a_failed_brief_is_byte_reproducible(seeds, tmp_path):
    (seeds / "harbour.txt").write_text(BROKEN.replace("Water Rights in the Delta", "Harbour"))
    first, second = tmp_path / "a", tmp_path / "b"
    release(seeds, first, jobs=1, check=False)
    release(seeds, second, jobs=2, check=False)
    for name in ("manifest.json", "SHA256SUMS", "index.html", "opds.xml", "feed.xml"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    statuses = [e["status"] for e in _manifest(first)["briefs"]]
    assert statuses == ["passed", "failed"]
