"""SIGKILL during `publish release` (issue 7; issue 10, item 7): every file in dist/ stays whole.

The release is killed at points defined by its progress, never by the clock, so that the
test means the same on a quiet machine and a loaded one:

- `progress:N`: when N editions are built (the progress callback), workers still rendering;
- `tmp:N`: when the N-th output's temporary file is written and synced, before its rename;
- `replace:N`: just after the N-th output was renamed into place.

A small wrapper (below) runs the real release in a child process and, at the chosen point,
tells the test through a pipe and waits; the test then SIGKILLs the release's whole process
group. After each kill, every file in dist/ is byte for byte one that a complete release of
the old or of the new briefs wrote; leftover `.*.tmp` files are allowed and the next release
removes them. After a final, complete release, `sha256sum -c SHA256SUMS` passes and agrees
with manifest.json.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from publish.manifest import files_of

from .conftest import SMALL_BRIEF

pytestmark = pytest.mark.slow

TMP_SUFFIX = ".tmp"
BRIEFS = 2
# Each brief's three editions, its four records (.csl.json … .onix.xml), then its landing
# page, cover and thumbnail; then the archive's citations.csl.json, .bib, .ris; then the
# catalogue and the two feeds; then manifest.json and SHA256SUMS.
PER_BRIEF = 3 + 4 + 3
FILES = BRIEFS * PER_BRIEF + 3 + 3
OUTPUTS = FILES + 2
CATALOGUE = BRIEFS * PER_BRIEF + 3 + 1  # the catalogue's number among the outputs
# Before anything is written, mid-render, before and after the first rename, between a
# brief's editions and its records, between its records and its landing page, between the
# two briefs, between the briefs and the archive's records, between those and the catalogue,
# between the manifest and SHA256SUMS, and after the last rename. The catalogue and feeds are
# rewritten only when their bytes change: killed once some are renamed but before the
# manifest, dist/ holds new feeds beside an old manifest, and the next release (of the
# version the feeds already hold) renames fewer files. So the one such point comes last.
KILL_POINTS = [
    *("progress:0", f"progress:{BRIEFS * 3 // 2}"),
    *("tmp:1", "tmp:4", "tmp:8", f"tmp:{PER_BRIEF + 1}", f"tmp:{BRIEFS * PER_BRIEF + 1}"),
    f"tmp:{CATALOGUE}",
    *("replace:1", "replace:3", "replace:7", f"replace:{PER_BRIEF}"),
    *(f"replace:{BRIEFS * PER_BRIEF}", f"replace:{CATALOGUE - 1}"),
    # SHA256SUMS too is rewritten only when it changes: after a kill between the manifest's
    # rename and its own, the next release of the other version finds it already written.
    *(f"replace:{OUTPUTS}", f"replace:{OUTPUTS - 1}"),
    f"tmp:{OUTPUTS - 1}",
]
WAIT = 600  # seconds for the release to reach a point: generous, never the measure

# Runs `publish` with a pause at KILL_AT. Nothing of the release is replaced: the wrapper
# only counts renames and progress calls, and stops the process there for the test.
WRAPPER = """
import os, sys, time, types
import publish.files as files
from publish import cli
from publish.commands import release as command

kind, _, at = os.environ["KILL_AT"].partition(":")
at, renames = int(at), [0]

def pause():
    os.write(int(os.environ["KILL_FD"]), b"paused\\n")
    while True:
        time.sleep(60)

real_replace = os.replace

def replace(src, dst):
    renames[0] += 1
    if kind == "tmp" and renames[0] == at:
        pause()
    real_replace(src, dst)
    if kind == "replace" and renames[0] == at:
        pause()

files.os = types.SimpleNamespace(**{**vars(os), "replace": replace})

def progress(self, done, total):
    if kind == "progress" and done == at:
        pause()

command.Progress.__call__ = progress
sys.exit(cli.main(sys.argv[1:]))
"""


def versions(seeds: Path, which: int) -> None:
    """Two versions of the briefs (0, 1) whose outputs differ in every file: the text and
    the date (which every citation record carries) change."""
    changes = [("three droughts", "four droughts"), ("March 3, 2024", "March 4, 2024")]
    for name, title in (("delta.txt", "Water Rights in the Delta"), ("harbour.txt", "Harbours")):
        text = SMALL_BRIEF.replace("Water Rights in the Delta", title)
        for change in changes if which else []:
            text = text.replace(*change)
        (seeds / name).write_text(text, encoding="utf-8")


def arguments(seeds: Path, dist: Path) -> list[str]:
    return ["release", str(seeds), "--out", str(dist), "--no-check", "--force"]


def run_release(seeds: Path, dist: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "publish", *arguments(seeds, dist)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def snapshot(dist: Path) -> dict[str, bytes]:
    """Files a reader of dist/ sees (landing pages' folders too): not the lock, not
    temporary files."""
    return {
        str(p.relative_to(dist)): p.read_bytes()
        for p in dist.rglob("*")
        if p.is_file() and p.name != ".publish.lock" and not p.name.endswith(TMP_SUFFIX)
    }


def kill_at(seeds: Path, dist: Path, point: str) -> None:
    """Start a release, wait until it reaches `point`, SIGKILL it and its workers."""
    read, write = os.pipe()
    env = {**os.environ, "KILL_AT": point, "KILL_FD": str(write)}
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, *arguments(seeds, dist)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            pass_fds=(write,), start_new_session=True)  # fmt: skip
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], WAIT)
        said = os.read(read, 100) if ready else b""
        assert said == b"paused\n", (
            f"the release never reached {point}: "
            f"{proc.stderr.read().decode() if proc.poll() is not None else 'still running'}"
        )
    finally:
        os.close(read)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: this release and workers
        proc.wait()
        proc.stderr.close()


def test_wrapper_changes_nothing_but_the_timing(tmp_path):
    """With a point never reached, the wrapped release is a release like any other."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    versions(seeds, 0)
    run_release(seeds, tmp_path / "plain")
    env = {**os.environ, "KILL_AT": "tmp:999", "KILL_FD": "2"}
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *arguments(seeds, tmp_path / "wrapped")],
                          capture_output=True, env=env, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert snapshot(tmp_path / "wrapped") == snapshot(tmp_path / "plain")
    assert len(snapshot(tmp_path / "plain")) == OUTPUTS


def test_sigkill_at_every_progress_point_leaves_only_whole_files(tmp_path):
    seeds, dist = tmp_path / "seeds", tmp_path / "dist"
    seeds.mkdir()
    # Reference releases of both versions: the only bytes any file in dist/ may hold.
    reference: dict[int, dict[str, bytes]] = {}
    for which in (1, 0):
        versions(seeds, which)
        run_release(seeds, tmp_path / f"ref{which}")
        reference[which] = snapshot(tmp_path / f"ref{which}")
    assert len(reference[0]) == OUTPUTS
    assert all(reference[0][name] != reference[1][name] for name in reference[0])
    # dist/ starts as a complete release of version 0: the reference's bytes (a third release
    # of them would write the same; every point below rebuilds with --force anyway).
    shutil.copytree(tmp_path / "ref0", dist)
    manifest = json.loads(reference[0]["manifest.json"])
    order = [r["path"] for e in manifest["briefs"] for r in files_of(e)]
    order += [r["path"] for r in manifest["records"].values()]  # the archive's
    order += [r["path"] for r in manifest["site"]["files"].values()]  # catalogue, feeds
    order += ["manifest.json", "SHA256SUMS"]  # the order in which a release writes them
    assert sorted(order) == sorted(reference[0])

    for point in KILL_POINTS:
        # Build the other version than the one dist/'s manifest records, so that every
        # output (manifest and SHA256SUMS too) is rewritten and every point is reached.
        current = 0 if snapshot(dist)["manifest.json"] == reference[0]["manifest.json"] else 1
        versions(seeds, 1 - current)
        kill_at(seeds, dist, point)
        for name, data in snapshot(dist).items():
            assert name in reference[0], f"{point}: unexpected file {name}"
            assert data in (reference[0][name], reference[1][name]), (
                f"{point}: {name} is neither old nor new"
            )
        # The outputs renamed before the point hold the new version, in the release's order.
        kind, number = point.split(":")
        renamed = {"tmp": int(number) - 1, "replace": int(number)}.get(kind, 0)
        now = snapshot(dist)
        assert [now[name] for name in order[:renamed]] == [
            reference[1 - current][name] for name in order[:renamed]
        ], point

    run_release(seeds, dist)
    assert not [p.name for p in dist.rglob("*") if p.name.endswith(TMP_SUFFIX)]  # swept
    check = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=dist,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    sums = dict(
        reversed(line.split("  ", 1)) for line in (dist / "SHA256SUMS").read_text().splitlines()
    )
    recorded = {r["path"]: r["sha256"] for e in manifest["briefs"] for r in files_of(e)}
    recorded |= {r["path"]: r["sha256"] for r in manifest["records"].values()}
    recorded |= {r["path"]: r["sha256"] for r in manifest["site"]["files"].values()}
    assert {k: v for k, v in sums.items() if k != "manifest.json"} == recorded
    assert set(snapshot(dist)) == {*recorded, "manifest.json", "SHA256SUMS"}
