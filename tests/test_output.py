"""`-o` onto things that are not regular files (issue 10, item 1).

A device node or a FIFO given to `-o` is written into, never renamed over; `-o -` is standard
output; a symlink is followed and its target replaced atomically. Every node here is made in
the test's own folder: the real /dev/null is never touched.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from publish.cli import main

from .conftest import SMALL_BRIEF


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    path = tmp_path / "brief.txt"
    path.write_text(SMALL_BRIEF, encoding="utf-8")
    return path


def null_device(folder: Path) -> Path:
    """A character device with /dev/null's numbers, made in `folder` (root only)."""
    node = folder / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        with open(node, "wb") as probe:  # a `nodev` mount refuses to open device nodes
            probe.write(b"x")
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a usable device node here: {exc}")
    return node


def test_device_node_is_written_into_not_replaced(brief, tmp_path, capsys):
    node = null_device(tmp_path)
    assert main(["normalize", str(brief), "-o", str(node)]) == 0
    assert stat.S_ISCHR(os.stat(node).st_mode), "the device node became a regular file"
    assert not list(tmp_path.glob(".null.*")), "temporary file left beside the node"


def test_symlink_to_a_device_is_written_into(brief, tmp_path):
    """Like /dev/stdout: a link to a device; the device stays, the link stays."""
    node = null_device(tmp_path)
    link = tmp_path / "stdout"
    link.symlink_to(node)
    assert main(["normalize", str(brief), "-o", str(link)]) == 0
    assert link.is_symlink() and stat.S_ISCHR(os.stat(node).st_mode)


def test_fifo_is_written_into_not_replaced(brief, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = tmp_path / "received.json"
    with open(received, "wb") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
    try:
        status = main(["normalize", str(brief), "-o", str(fifo)])
        try:
            reader.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("nothing was written into the FIFO")
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    assert status == 0
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO became a regular file"
    assert json.loads(received.read_text(encoding="utf-8"))["meta"]["title"]


def test_dash_is_standard_output(brief, tmp_path):
    for command in (["normalize"], ["epub"]):
        proc = subprocess.run(
            [sys.executable, "-m", "publish", *command, str(brief), "-o", "-"],
            cwd=tmp_path, capture_output=True, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert not (tmp_path / "-").exists()
        if command == ["epub"]:
            assert proc.stdout.startswith(b"PK") and b"mimetypeapplication/epub+zip" in proc.stdout
            assert b"wrote standard output" in proc.stderr
        else:
            assert json.loads(proc.stdout)["meta"]["title"] == "Water Rights in the Delta"


def test_symlink_is_followed_and_its_target_replaced_atomically(brief, tmp_path):
    target = tmp_path / "real" / "doc.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    old_inode = target.stat().st_ino
    link = tmp_path / "doc.json"
    link.symlink_to(target)
    assert main(["normalize", str(brief), "-o", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["meta"]["title"]
    assert target.stat().st_ino != old_inode  # renamed into place, not rewritten in place
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_dangling_symlink_creates_its_target(brief, tmp_path):
    link = tmp_path / "doc.json"
    link.symlink_to(tmp_path / "new.json")
    assert main(["normalize", str(brief), "-o", str(link)]) == 0
    assert link.is_symlink() and (tmp_path / "new.json").is_file()


def test_a_folder_is_refused_with_one_line(brief, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["normalize", str(brief), "-o", str(folder)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"publish: {folder}: error: is a directory; give a file name"
    assert folder.is_dir() and not list(folder.iterdir())
