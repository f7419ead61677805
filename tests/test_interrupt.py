"""SIGKILL during `publish release` (issue 7): every file in dist/ stays whole.

Twenty kills at random moments (fixed seed). After each, every file in dist/ is byte for byte
one that a complete release of the old or of the new briefs wrote; leftover `.*.tmp` files
are allowed and the next release removes them. After a final, complete release,
`sha256sum -c SHA256SUMS` passes and agrees with manifest.json.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SMALL_BRIEF

pytestmark = pytest.mark.slow

KILLS = 20
TMP_SUFFIX = ".tmp"


def versions(seeds: Path, which: int) -> None:
    """Two versions of the briefs (0, 1) whose editions differ in every file."""
    change = ("three droughts", "four droughts") if which else ("", "")
    for name, title in (("delta.txt", "Water Rights in the Delta"), ("harbour.txt", "Harbours")):
        text = SMALL_BRIEF.replace("Water Rights in the Delta", title)
        (seeds / name).write_text(text.replace(*change) if which else text, encoding="utf-8")


def command(seeds: Path, dist: Path) -> list[str]:
    return [sys.executable, "-m", "publish", "release", str(seeds), "--out", str(dist),
            "--no-check", "--force"]  # fmt: skip


def run_release(seeds: Path, dist: Path) -> None:
    proc = subprocess.run(command(seeds, dist), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def snapshot(dist: Path) -> dict[str, bytes]:
    """Files a reader of dist/ sees: not the lock, not temporary files."""
    return {
        p.name: p.read_bytes()
        for p in dist.iterdir()
        if p.is_file() and p.name != ".publish.lock" and not p.name.endswith(TMP_SUFFIX)
    }


def kill_at(seeds: Path, dist: Path, delay: float) -> bool:
    """Start a release, SIGKILL it (and its workers) after `delay` s; True if it finished."""
    proc = subprocess.Popen(command(seeds, dist), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        proc.wait(timeout=delay)
        return True
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: only this release and workers
        proc.wait()
        return False


def test_sigkill_at_random_points_leaves_only_whole_files(tmp_path):
    seeds, dist = tmp_path / "seeds", tmp_path / "dist"
    seeds.mkdir()
    # Reference releases of both versions: the only bytes any file in dist/ may hold.
    good: dict[str, set[bytes]] = {}
    for which in (1, 0):
        versions(seeds, which)
        started = time.monotonic()
        run_release(seeds, tmp_path / f"ref{which}")
        duration = time.monotonic() - started
        for name, data in snapshot(tmp_path / f"ref{which}").items():
            good.setdefault(name, set()).add(data)
    assert all(len(v) == 2 for v in good.values()), {k: len(v) for k, v in good.items()}
    run_release(seeds, dist)  # dist/ starts as a complete release of version 0

    rng = random.Random(1234)
    finished = 0
    for round_ in range(KILLS):
        versions(seeds, (round_ + 1) % 2)
        finished += kill_at(seeds, dist, rng.uniform(0.05, duration * 1.1))
        for name, data in snapshot(dist).items():
            assert name in good, f"round {round_}: unexpected file {name}"
            assert data in good[name], f"round {round_}: {name} is neither old nor new"
    assert finished < KILLS // 2  # most kills landed mid-release

    run_release(seeds, dist)
    assert not [p.name for p in dist.iterdir() if p.name.endswith(TMP_SUFFIX)]  # swept
    check = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=dist,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    sums = dict(
        reversed(line.split("  ", 1)) for line in (dist / "SHA256SUMS").read_text().splitlines()
    )
    recorded = {r["path"]: r["sha256"] for e in manifest["briefs"] for r in e["editions"].values()}
    assert {k: v for k, v in sums.items() if k != "manifest.json"} == recorded
    assert set(snapshot(dist)) == {*recorded, "manifest.json", "SHA256SUMS"}
