"""`publish release`: gate, reproducibility, incremental skips, the lock, removals."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from publish.cli import main
from publish.errors import LockedError, OutputError
from publish.lock import release_lock
from publish.release import java_available, release

from .conftest import SEED, SMALL_BRIEF

pytestmark = pytest.mark.slow

BROKEN = SMALL_BRIEF.replace("half within five years of that decision.[3]", "half.[3] See [9].")


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, the landing pages' folders too, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    (folder / "harbour.txt").write_text(
        SMALL_BRIEF.replace("Water Rights in the Delta", "Harbour Towns").replace(
            "Paper 12", "Paper 13"
        ),
        encoding="utf-8",
    )
    return folder


def test_full_release_of_the_seed_passes_every_gate(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    out = tmp_path / "dist"
    report = release(folder, out, jobs=2)
    assert report.exit_code == 0, [o.problems for o in report.outcomes]
    slug = "recalibrating-relations-with-russia"
    names = set(files(out))
    assert {f"{slug}.epub", f"{slug}.pdf", f"{slug}-print.pdf"} <= names
    assert {"SHA256SUMS", "manifest.json"} <= names
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True,
                           text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    (entry,) = manifest["briefs"]
    assert entry["title"] == "Recalibrating Relations with Russia"
    assert entry["number"] == 3 and entry["date"] == "2025-06-16"
    assert entry["source"] == f"seeds/{SEED.name}"
    assert entry["editions"]["pdf"]["pages"] >= 4
    epubcheck = entry["validation"]["epub"]["epubcheck"]
    assert epubcheck["status"] == "passed" and epubcheck["version"].startswith("5.")
    assert epubcheck["errors"] == 0 and epubcheck["warnings"] == 0
    assert entry["validation"]["pdf"]["notes_on_call_page"] == "23/23"
    assert entry["validation"]["print"]["notes_on_call_page"] == "23/23"
    assert len(entry["warnings"]) == 4  # two quotation repairs, two lines of site text
    from publish.site.check import vnu_available

    if vnu_available():  # the landing page is in the gate too
        assert entry["site"]["validation"]["status"] == "passed"
        assert entry["site"]["validation"]["errors"] == 0


def test_two_releases_are_byte_identical(seeds, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert release(seeds, first, jobs=2, check=False).exit_code == 0
    assert release(seeds, second, jobs=1, check=False).exit_code == 0
    assert tree(first) == tree(second)
    # Per brief 3 editions and 4 records; the archive's 3 records; catalogue and two feeds;
    # manifest, sums, lock; then per brief: landing page, cover and thumbnail.
    assert len(files(first)) == 2 * (3 + 4) + 3 + 3 + 3
    assert len(tree(first)) == 2 * (3 + 4) + 3 + 3 + 3 + 2 * 3


def test_a_lone_brief_laid_out_apart_gives_the_same_bytes(seeds, tmp_path):
    """One brief on two workers: its print and screen PDFs are laid out apart, in parallel
    (publish/rendering.py, _spread); on one worker, once. The release is the same."""
    from publish.rendering import _spread

    (seeds / "harbour.txt").unlink()
    first, second = tmp_path / "a", tmp_path / "b"
    assert release(seeds, first, jobs=2, check=False).exit_code == 0
    assert release(seeds, second, jobs=1, check=False).exit_code == 0
    assert tree(first) == tree(second)
    pair = ("print", "pdf")
    task = (seeds / "delta.txt", "{}", pair)
    assert _spread([task], pair, briefs=1, jobs=2) == [(task[0], "{}", ("print",)),
                                                       (task[0], "{}", ("pdf",))]  # fmt: skip
    assert _spread([task, task], pair, briefs=2, jobs=2) == [task, task]  # one layout each


def test_unchanged_briefs_are_skipped(seeds, tmp_path):
    out = tmp_path / "dist"
    release(seeds, out, check=False)
    before = files(out)
    again = release(seeds, out, check=False)
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    assert files(out) == before
    (seeds / "delta.txt").write_text(SMALL_BRIEF.replace("three droughts", "four droughts"))
    third = release(seeds, out, check=False)
    assert sorted(o.status for o in third.outcomes) == ["built", "unchanged"]
    forced = release(seeds, out, check=False, force=True)
    assert [o.status for o in forced.outcomes] == ["built", "built"]


def test_a_damaged_edition_is_rebuilt(seeds, tmp_path):
    out = tmp_path / "dist"
    release(seeds, out, check=False)
    epub = next(out.glob("water-rights*.epub"))
    epub.write_bytes(b"damaged")
    report = release(seeds, out, check=False)
    assert sorted(o.status for o in report.outcomes) == ["built", "unchanged"]
    assert epub.read_bytes().startswith(b"PK")


def test_gate_fails_a_broken_brief_and_moves_its_previous_editions_aside(seeds, tmp_path):
    out = tmp_path / "dist"
    assert release(seeds, out, check=False).exit_code == 0
    good = files(out)
    (seeds / "delta.txt").write_text(BROKEN, encoding="utf-8")
    (seeds / "harbour.txt").write_text(
        (seeds / "harbour.txt").read_text().replace("three droughts", "two droughts")
    )
    report = release(seeds, out, check=False)
    assert report.exit_code == 1
    failed = {o.source.name: o for o in report.outcomes if o.status == "failed"}
    assert list(failed) == ["delta.txt"]
    assert any("call [9] to a note that does not exist" in p for p in failed["delta.txt"].problems)
    after = files(out)
    stale = files(out / "stale" / "water-rights-in-the-delta")
    for name in good:
        if name.startswith("water-rights"):
            assert name not in after and stale[name] == good[name], name  # aside, untouched
    assert after["harbour-towns.pdf"] != good["harbour-towns.pdf"]  # the other brief went on
    manifest = json.loads((out / "manifest.json").read_text())
    assert [(e["slug"], e["status"]) for e in manifest["briefs"]] == [
        ("water-rights-in-the-delta", "failed"), ("harbour-towns", "passed"),
    ]  # fmt: skip


def test_cli_reports_the_failure_in_one_line_per_problem(seeds, tmp_path, capsys):
    (seeds / "delta.txt").write_text(BROKEN, encoding="utf-8")
    status = main(["release", str(seeds), "--out", str(tmp_path / "dist"), "--no-check", "-q"])
    err = capsys.readouterr().err
    assert status == 1
    assert "delta.txt:" in err and "error: call [9] to a note that does not exist" in err


def test_lock_stops_a_second_release(seeds, tmp_path, capsys):
    out = tmp_path / "dist"
    with release_lock(out):
        with pytest.raises(LockedError):
            release(seeds, out, check=False)
        assert main(["release", str(seeds), "--out", str(out), "--no-check"]) == 4
    assert "another release is writing" in capsys.readouterr().err
    assert release(seeds, out, check=False).exit_code == 0  # free again afterwards


def test_removed_brief_takes_its_editions_along(seeds, tmp_path):
    out = tmp_path / "dist"
    release(seeds, out, check=False)
    (seeds / "harbour.txt").unlink()
    report = release(seeds, out, check=False)
    assert "removed" in [o.status for o in report.outcomes]
    assert not list(out.glob("harbour-towns*"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert [e["slug"] for e in manifest["briefs"]] == ["water-rights-in-the-delta"]
    assert "harbour" not in (out / "SHA256SUMS").read_text()


def test_full_disk_leaves_no_partial_file(seeds, tmp_path, monkeypatch):
    import errno
    import os

    out = tmp_path / "dist"
    real_replace = os.replace

    def full(src, dst):
        if str(dst).endswith(".pdf"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OutputError, match="disk full"):
        release(seeds, out, jobs=1, check=False)
    assert not [p for p in out.iterdir() if p.name.endswith((".pdf", ".tmp"))]


def test_slug_collision_is_an_error(seeds, tmp_path):
    shutil.copy(seeds / "delta.txt", seeds / "delta-copy.txt")
    report = release(seeds, tmp_path / "dist", check=False)
    (failed,) = report.failed
    assert "already used" in failed.problems[0]


def test_without_java_epubcheck_is_skipped_but_never_in_ci(seeds, tmp_path, monkeypatch, capsys):
    empty = tmp_path / "no-java"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("CI", raising=False)
    out = tmp_path / "dist"
    assert main(["release", str(seeds), "--out", str(out), "-q"]) == 0
    err = capsys.readouterr().err
    assert "EPUBCheck skipped" in err and "apt-get install -y default-jre-headless" in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["epubcheck"] == "skipped"
    assert manifest["briefs"][0]["validation"]["epub"]["epubcheck"]["status"] == "skipped"
    monkeypatch.setenv("CI", "true")
    assert main(["release", str(seeds), "--out", str(out), "--force"]) == 5
    assert "may not be skipped in CI" in capsys.readouterr().err


def test_renaming_a_brief_keeps_its_editions(seeds, tmp_path):
    out = tmp_path / "dist"
    release(seeds, out, check=False)
    (seeds / "harbour.txt").rename(seeds / "harbour-towns.txt")
    report = release(seeds, out, check=False)
    assert report.exit_code == 0
    assert sorted(p.name for p in out.glob("harbour-towns*")) == [
        "harbour-towns", "harbour-towns-print.pdf", "harbour-towns.bib",
        "harbour-towns.csl.json", "harbour-towns.epub", "harbour-towns.onix.xml",
        "harbour-towns.pdf", "harbour-towns.ris",
    ]  # fmt: skip
    assert (out / "harbour-towns" / "index.html").is_file()  # its landing page stayed
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True,
                           text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout


def test_a_new_brief_cannot_take_the_slug_of_an_unchanged_one(seeds, tmp_path):
    out = tmp_path / "dist"
    release(seeds, out, check=False)
    before = files(out)
    (seeds / "zz-copy.txt").write_text((seeds / "delta.txt").read_text().replace("decade", "era"))
    report = release(seeds, out, check=False)
    (failed,) = report.failed
    assert failed.source.name == "zz-copy.txt" and "already used" in failed.problems[0]
    after = files(out)
    assert {k: v for k, v in after.items() if k.startswith("water")} == {
        k: v for k, v in before.items() if k.startswith("water")
    }


def _opf(epub: Path) -> str:
    import zipfile

    with zipfile.ZipFile(epub) as zf:
        return zf.read("EPUB/content.opf").decode()


def test_accessibility_checkers_in_the_manifest(seeds, tmp_path, monkeypatch, capsys):
    """With Ace: its version and verdict per EPUB, and the conformance claim in the book.
    Without it (no node on PATH): one warning line, `skipped`, and no claim."""
    from publish.checks.ace import ace_command

    if ace_command() is None:
        if __import__("os").environ.get("CI"):
            pytest.fail("DAISY Ace is required in CI")
        pytest.skip("DAISY Ace not installed")
    (seeds / "harbour.txt").unlink()  # one brief is enough
    out = tmp_path / "dist"
    assert main(["release", str(seeds), "--out", str(out), "-q"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["checkers"]["epub"]["ace"] == "DAISY Ace 1.4.6"
    assert manifest["checkers"]["pdf"]["pdfua"].startswith("page-validation ")
    (brief,) = manifest["briefs"]
    ace = brief["validation"]["epub"]["ace"]
    assert (ace["status"], ace["version"], ace["violations"]) == ("passed", "1.4.6", 0)
    for edition in ("pdf", "print"):
        pdfua = brief["validation"][edition]["pdfua"]
        assert (pdfua["checker"], pdfua["status"], pdfua["failures"]) == (
            "page-validation", "passed", 0,
        )  # fmt: skip
    epub = out / brief["editions"]["epub"]["path"]
    assert "dcterms:conformsTo" in _opf(epub)

    # Without Ace: node is gone from PATH (java stays, so EPUBCheck still runs).
    java = shutil.which("java")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if java:
        (bin_dir / "java").symlink_to(Path(java).resolve())
    monkeypatch.setenv("PATH", str(bin_dir))
    capsys.readouterr()
    assert main(["release", str(seeds), "--out", str(out), "-q"]) == 0  # rebuilt: key changed
    err = [line for line in capsys.readouterr().err.splitlines() if "Ace" in line]
    assert len(err) == 1 and "not installed" in err[0] and "npm install" in err[0]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["checkers"]["epub"]["ace"] == "skipped (not installed)"
    assert manifest["briefs"][0]["validation"]["epub"]["ace"]["status"] == "skipped"
    assert "dcterms:conformsTo" not in _opf(epub)
    assert "no conformance claim" in _opf(epub)


def test_an_ace_violation_fails_the_edition(tmp_path):
    """The gate's Ace step on a book with main's old notes pattern: problems, no pass."""
    from publish.checks.ace import ace_command
    from publish.editions import EditionResult, apply_ace
    from tests.test_a11y_epub import old_pattern_epub

    if ace_command() is None:
        pytest.skip("DAISY Ace not installed")
    result = EditionResult("epub", "x.epub", data=old_pattern_epub())
    apply_ace(result)
    assert result.validation["ace"]["status"] == "failed"
    assert any("epub-type-has-matching-role" in p for p in result.problems)
    assert any(p.startswith("DAISY Ace 1.4.6: ") for p in result.problems)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_ace_violation_fails_the_brief_when_ace_runs_beside_epubcheck(
    tmp_path, monkeypatch, jobs
):
    """The release runs Ace in a thread beside EPUBCheck (the EPUB waits for the print
    layout): a violation found there still fails the brief, and nothing of it ships."""
    from publish.checks.ace import ace_command
    from tests.test_a11y_epub import old_pattern_epub

    if ace_command() is None or not java_available():
        pytest.skip("DAISY Ace or Java not installed")
    import publish.epub

    bad = old_pattern_epub()
    monkeypatch.setattr(publish.epub, "build_epub", lambda *a, **k: bad)  # forked workers too
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "brief.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    out = tmp_path / "dist"
    report = release(seeds, out, jobs=jobs)
    assert report.exit_code != 0
    entry = json.loads((out / "manifest.json").read_text())["briefs"][0]
    assert entry["status"] == "failed"
    assert any("epub-type-has-matching-role" in f for f in entry["findings"])
    assert not list(out.glob("*.epub"))
