"""Where DAISY Ace is found (issue 27): PUBLISH_ACE, the project's .tools/, then PATH; never
the working folder, so the editions' bytes never depend on where `publish` was run."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from publish.checks import ace
from publish.cli import main

REAL = Path(__file__).resolve().parent.parent / ".tools" / "ace"


def fake_ace(folder: Path) -> Path:
    """A project-style .tools/ace install whose executable is a stand-in file."""
    exe = folder / ace.BIN
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    return exe


@pytest.fixture
def no_ace_anywhere(monkeypatch, tmp_path):
    monkeypatch.delenv("PUBLISH_ACE", raising=False)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # Debian's node and chromium, no Ace
    ace.use_project(None)
    yield
    ace.use_project(None)


def test_the_search_order(no_ace_anywhere, tmp_path, monkeypatch):
    project = fake_ace(tmp_path / "project")
    explicit = fake_ace(tmp_path / "explicit")
    on_path = tmp_path / "bin" / "ace"
    on_path.parent.mkdir()
    on_path.write_text("#!/bin/sh\n")
    on_path.chmod(0o755)
    monkeypatch.setenv("PATH", f"/usr/bin:/bin:{on_path.parent}")
    ace.use_project(tmp_path / "project")
    monkeypatch.setenv("PUBLISH_ACE", str(explicit))
    assert ace._candidates() == [explicit, project, on_path]
    monkeypatch.delenv("PUBLISH_ACE")
    assert ace.ace_command()[0] == str(project)
    ace.use_project(None)
    assert ace.ace_command()[0] == str(on_path)


def test_the_working_folder_is_never_searched(no_ace_anywhere, tmp_path, monkeypatch):
    fake_ace(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert all(not str(c).startswith(str(tmp_path)) for c in ace._candidates())
    assert ace.ace_command() is None


@pytest.mark.slow
def test_the_editions_are_the_same_from_any_folder(no_ace_anywhere, tmp_path, monkeypatch):
    # A folder holding a real Ace install as `.tools/` (as the repository does) must not make
    # the EPUB carry a conformance claim that a release run elsewhere would not.
    from publish.commands.init import init_project

    if not REAL.is_dir():
        pytest.skip("make ace installs DAISY Ace into .tools/")
    project = tmp_path / "project"
    init_project(project)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / ".tools").mkdir(parents=True)
    (elsewhere / ".tools" / "ace").symlink_to(REAL)
    books = []
    for i, cwd in enumerate((project, elsewhere)):
        monkeypatch.chdir(cwd)
        out = tmp_path / f"dist{i}"
        assert main(["--project", str(project), "release", "-q", "--out", str(out)]) == 0
        (epub,) = out.glob("*.epub")
        books.append(epub.read_bytes())
    assert books[0] == books[1]
    with zipfile.ZipFile(epub) as zf:
        assert b"no conformance claim" in zf.read("EPUB/content.opf")
