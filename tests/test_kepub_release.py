"""The optional editions in a release: the Kobo edition and the archive PDF.

Only when asked for (`--kepub --archive`, or `kepub = true`, `archive = true` in
publish.toml); then in manifest.json and SHA256SUMS, checked by the gate, reproducible, and
gone again when the brief goes or the switch is turned off.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from publish.cli import main
from publish.release import release

from .conftest import SEED, SMALL_BRIEF

pytestmark = pytest.mark.slow

SLUG = "water-rights-in-the-delta"
OPTIONAL = {f"{SLUG}.kepub.epub", f"{SLUG}-archive.pdf"}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def sums(out: Path) -> set[str]:
    return {line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text().splitlines()}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    return folder


def test_release_with_kepub_and_archive_checks_and_lists_them(seeds, tmp_path, capsys) -> None:
    out = tmp_path / "dist"
    status = main(["release", str(seeds), "--out", str(out), "--kepub", "--archive", "-q"])
    assert status == 0, capsys.readouterr().err
    assert set(files(out)) >= OPTIONAL
    assert sums(out) >= OPTIONAL
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True,
                           text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    (entry,) = manifest["briefs"]
    assert entry["editions"]["kepub"]["path"] == f"{SLUG}.kepub.epub"
    assert entry["editions"]["archive"]["path"] == f"{SLUG}-archive.pdf"
    kepub, archive = entry["validation"]["kepub"], entry["validation"]["archive"]
    if shutil.which("java"):
        assert kepub["epubcheck"]["status"] == "passed", kepub
        assert kepub["epubcheck"]["errors"] == kepub["epubcheck"]["warnings"] == 0
    assert kepub["text_equals_epub"] is True
    assert archive["pdfa"]["status"] == "passed" and archive["pdfa"]["failures"] == 0
    assert archive["pdfua"]["status"] == "passed" and archive["pdfua"]["failures"] == 0
    assert archive["qpdf"]["status"] == "passed"
    assert archive["associated_files"] == [
        "delta.txt (Source)", f"{SLUG}.bib (Data)", f"{SLUG}.brief.json (Data)",
        f"{SLUG}.csl.json (Data)", f"{SLUG}.ris (Data)",
    ]  # the source, the Document JSON and the citation records, by name  # fmt: skip
    assert {"kepub", "archive"} <= set(manifest["checkers"])
    with zipfile.ZipFile(out / f"{SLUG}.kepub.epub") as book:
        pages = [book.read(n) for n in book.namelist() if n.endswith(".xhtml")]
    assert any(b'class="koboSpan" id="kobo.1.1"' in page for page in pages)


def test_release_without_them_writes_none(seeds, tmp_path) -> None:
    out = tmp_path / "dist"
    assert release(seeds, out, check=False).exit_code == 0
    assert not OPTIONAL & set(files(out))
    assert not OPTIONAL & sums(out)
    (entry,) = json.loads((out / "manifest.json").read_text())["briefs"]
    assert set(entry["editions"]) == {"epub", "pdf", "print"}


def test_optional_editions_are_reproducible(seeds, tmp_path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert release(seeds, first, jobs=2, check=False, kepub=True, archive=True).exit_code == 0
    assert release(seeds, second, jobs=1, check=False, kepub=True, archive=True).exit_code == 0
    assert files(first) == files(second)
    assert set(files(first)) >= OPTIONAL


def test_publish_toml_enables_them_and_turning_off_removes_them(tmp_path) -> None:
    project = tmp_path / "house"
    (project / "seeds").mkdir(parents=True)
    (project / "seeds" / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    (project / "publish.toml").write_text("kepub = true\narchive = true\n", encoding="utf-8")
    out = project / "dist"
    assert release(project / "seeds", out, check=False).exit_code == 0
    assert set(files(out)) >= OPTIONAL and sums(out) >= OPTIONAL

    (project / "publish.toml").write_text("archive = true\n", encoding="utf-8")  # kepub off
    assert [o.status for o in release(project / "seeds", out, check=False).outcomes] == ["built"]
    assert f"{SLUG}.kepub.epub" not in files(out) and f"{SLUG}-archive.pdf" in files(out)
    assert f"{SLUG}.kepub.epub" not in sums(out)

    (project / "seeds" / "delta.txt").unlink()  # the brief goes: its editions with it
    release(project / "seeds", out, check=False)
    assert not any(name.startswith(SLUG) for name in files(out))


def test_seed_release_with_every_edition_passes_the_gate(tmp_path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    out = tmp_path / "dist"
    report = release(folder, out, jobs=2, kepub=True, archive=True)
    assert report.exit_code == 0, [o.problems for o in report.outcomes]
    slug = "recalibrating-relations-with-russia"
    assert {f"{slug}.kepub.epub", f"{slug}-archive.pdf"} <= sums(out)
    (entry,) = json.loads((out / "manifest.json").read_text())["briefs"]
    assert entry["validation"]["archive"]["notes_on_call_page"] == "23/23"
    assert entry["validation"]["archive"]["pdfa"]["failures"] == 0
