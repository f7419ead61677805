"""Projects: publish.toml found upwards like git, --project, `publish init`, and the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from publish.cli import main
from publish.commands.init import init_project
from publish.load import normalize_file
from publish.project import find_project, find_root

ROOT = Path(__file__).resolve().parent.parent


def test_find_root_walks_up_like_git(tmp_path):
    (tmp_path / "publish.toml").write_text('licence = "Up There"\n', encoding="utf-8")
    deep = tmp_path / "seeds" / "drafts" / "old"
    deep.mkdir(parents=True)
    assert find_root(deep) == tmp_path.resolve()
    assert find_project(start=deep).seeds == tmp_path.resolve() / "seeds"
    # A brief two folders below the project still gets the house profile.
    brief = deep / "b.txt"
    from tests.conftest import SMALL_BRIEF

    brief.write_text(SMALL_BRIEF, encoding="utf-8")
    assert normalize_file(brief).meta.licence == "Up There"


def test_without_publish_toml_the_current_folder_stands_in(tmp_path):
    project = find_project(start=tmp_path)
    assert not project.found and project.root == tmp_path.resolve()


def test_project_option_must_name_a_project(tmp_path, capsys):
    assert main(["--project", str(tmp_path), "release"]) == 2
    err = capsys.readouterr().err
    assert "not a publish project" in err and "publish init" in err and str(tmp_path) in err


def test_project_option_sets_the_house_profile(tmp_path, capsys):
    from tests.conftest import SMALL_BRIEF

    house = tmp_path / "house"
    house.mkdir()
    (house / "publish.toml").write_text('licence = "Named House"\n', encoding="utf-8")
    brief = tmp_path / "elsewhere" / "b.txt"
    brief.parent.mkdir()
    brief.write_text(SMALL_BRIEF, encoding="utf-8")
    assert main(["--project", str(house), "normalize", str(brief), "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["licence"] == "Named House"


def test_init_scaffolds_every_file_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "my-briefs"
    assert main(["init", str(target)]) == 0
    names = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert names == [
        ".gitignore",
        "publish.toml",
        "seeds/sample-brief.md",
        "seeds/sample-chart.svg",
        "styles/house.css",
    ]
    ignored = (target / ".gitignore").read_text(encoding="utf-8").split()
    assert "dist/" in ignored and ".tools/" in ignored  # Ace goes in a project's .tools/
    toml = (target / "publish.toml").read_text(encoding="utf-8")
    from publish.normalizer.fields import FIELDS
    from publish.style import STYLE_KEYS

    # Every key a profile accepts is listed (commented) in the scaffold.
    per_brief = {"title", "subtitle", "number", "date", "slug", "style"}
    for key in set(FIELDS) - per_brief:
        assert f"# {key}" in toml, key
    for key in STYLE_KEYS:
        assert f"# {key} =" in toml, key
    # The scaffold is valid as written.
    import tomllib

    from publish.normalizer.fields import check_fields

    check_fields(tomllib.loads(toml), target / "publish.toml")
    # A second init refuses, and leaves the files alone.
    (target / "seeds" / "sample-brief.md").write_text("mine", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    assert "already a publish project" in capsys.readouterr().err
    assert (target / "seeds" / "sample-brief.md").read_text(encoding="utf-8") == "mine"


def test_sample_brief_uses_every_feature_without_a_warning(tmp_path):
    init_project(tmp_path)
    doc = normalize_file(tmp_path / "seeds" / "sample-brief.md")
    assert not doc.diagnostics, [d.format() for d in doc.diagnostics]
    kinds = {b.type for b in doc.blocks}
    # Every block type a brief may hold, so that a new user sees each in the first release.
    assert kinds == {"heading", "paragraph", "pullquote", "figure", "table", "list", "blockquote"}
    (figure,) = doc.figures()
    assert figure.caption and figure.credit and figure.alt and figure.media_type == "image/svg+xml"
    (table,) = doc.tables()
    assert table.caption and table.head and table.rows and table.row_headers
    (items,) = [b for b in doc.blocks if b.type == "list"]
    assert items.ordered and any(item.sublist for item in items.items)
    (quote,) = [b for b in doc.blocks if b.type == "blockquote"]
    assert quote.paragraphs and quote.attribution
    assert doc.notes
    inline_kinds = {i.type for b in doc.blocks for i in b.inlines}
    assert {"em", "strong", "link", "noteref", "text"} <= inline_kinds
    assert any(i.type == "link" for n in doc.notes for i in n.inlines)
    m = doc.meta
    assert m.subtitle and m.series and m.number and m.date and m.authors and m.keywords
    assert doc.colophon.disclaimer and doc.colophon.notices


@pytest.mark.slow
def test_release_from_a_subfolder_uses_the_project(tmp_path):
    init_project(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    run = subprocess.run(
        [sys.executable, "-m", "publish", "release", "--no-check"],
        cwd=tmp_path / "seeds", env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "dist" / "keeping-the-lights-on.epub").is_file()
    assert not (tmp_path / "seeds" / "dist").exists()


@pytest.mark.slow
def test_wheel_installs_outside_the_repository_and_releases(tmp_path, built_wheel):
    """The new user's path: build the wheel (the built_wheel fixture), install it into a fresh
    venv outside the repository, `publish init`, `publish release` (EPUBCheck and the PDF
    checks included)."""
    wheel = built_wheel
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for required in (
        "publish/styles/epub.css", "publish/styles/pdf.css", "publish/styles/pdf-print.css",
        "publish/styles/fonts/SourceSerifPro-Regular.ttf", "publish/styles/fonts/OFL-NotoSans.txt",
        "publish/styles/fonts/NotoSans-Regular.ttf", "publish/schema/brief-2.json",
        "publish/schema/csl-data.json", "publish/schema/csl-data.LICENSE.txt",
        "publish/templates/publish.toml", "publish/checks/EpubCheckMany.java",
    ):  # fmt: skip
        assert required in names, required

    # Nothing of this checkout's environment: with PYTHONPATH naming the checkout, pip would
    # see the build's publish.egg-info there as publish installed, and install nothing.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], env=env, check=True, timeout=300)
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", str(wheel)],
        env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stderr[-2000:]
    publish_cmd = str(venv / "bin" / "publish")
    assert Path(publish_cmd).is_file(), pip.stdout[-2000:]
    work = tmp_path / "work"
    work.mkdir()
    init = subprocess.run([publish_cmd, "init", "my-briefs"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert init.returncode == 0, init.stderr
    project = work / "my-briefs"
    release = subprocess.run([publish_cmd, "release"], cwd=project, env=env,
                             capture_output=True, text=True, timeout=900)  # fmt: skip
    assert release.returncode == 0, release.stdout + release.stderr
    # The installed package read its own styles, not this checkout's.
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import publish.paths as p; print(p.STYLES_DIR)"],
        cwd=work, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert str(venv) in where.stdout and str(ROOT) not in where.stdout
    manifest = json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))
    (brief,) = manifest["briefs"]
    assert set(brief["editions"]) == {"epub", "pdf", "print"}
    validation = brief["validation"]
    assert validation["pdf"]["status"] == validation["print"]["status"] == "passed"
    epubcheck = validation["epub"]["epubcheck"]
    if os.environ.get("CI") or epubcheck.get("status") != "skipped":
        assert epubcheck["status"] == "passed" and epubcheck["errors"] == 0
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=project / "dist",
                          capture_output=True, text=True)  # fmt: skip
    assert sums.returncode == 0, sums.stdout


def test_the_repository_ignores_the_tools_it_installs():
    """make test and .ci/run install DAISY Ace and foliate-js into .tools/ (issue 27)."""
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/.tools/" in ignored or ".tools/" in ignored
