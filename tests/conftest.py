"""Shared fixtures: the seed, and small briefs written inside the tests."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "hague-summit-3-recalibrating-relations-with-russia.txt"

# The tests release projects in temporary folders, whose .tools/ holds no Ace: name this
# checkout's (make ace installs it there), as a user would with PUBLISH_ACE.
_ACE = ROOT / ".tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
if _ACE.is_file():
    os.environ.setdefault("PUBLISH_ACE", str(_ACE))


def content(doc) -> dict:
    """A document without what depends on the source's layout: lines, file, diagnostics.

    Two sources of the same brief (plain text and its Markdown) must agree on this.
    """
    data = doc.to_dict()
    data.pop("diagnostics")
    data.pop("source")
    for item in data["blocks"] + data["notes"]:
        item.pop("line")
    return data


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc():
    import publish

    return publish.normalize(SEED)


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel as a user builds it (`python -m build`: sdist, then wheel from it), built once
    per run: tests/test_docs.py and tests/test_project.py both read it.

    Under pytest-xdist each worker has its own session, so the workers share the folder above
    their own temporary folders and a lock: the first builds, the other waits and reuses it.
    Two builds at once would also both rewrite the checkout's publish.egg-info.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = shared / "wheel"
    with (shared / "wheel.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        wheels = sorted(out.glob("publish-*.whl"))
        if not wheels:
            build = subprocess.run(
                [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                capture_output=True, text=True, timeout=900,
            )  # fmt: skip
            assert build.returncode == 0, build.stderr[-2000:]
            wheels = sorted(out.glob("publish-*.whl"))
    (wheel,) = wheels
    return wheel


@pytest.fixture
def write_brief(tmp_path: Path) -> Callable[..., Path]:
    """Write a brief to a file in a fresh folder and return its path."""

    def write(text: str | bytes, name: str = "brief.txt") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


# A small brief in the seed's shape, with none of the seed's words.
SMALL_BRIEF = """\
March 3, 2024

Policy Papers: Water Rights in the Delta

Farmers along the delta have organised cooperatives to share scarce water.[1] The \
arrangement has held for a decade, despite three droughts.

Download the PDF: Paper 12. Water Rights in the Delta

Early Agreements

The first agreements were informal and local. Villages traded hours of irrigation for \
labour during harvest, and the councils recorded each trade in a ledger.[2]

Villages traded hours of irrigation for labour during harvest

Later, the provincial government recognised the ledgers as binding. Disputes fell by \
half within five years of that decision.[3]

What Comes Next

The delta will need a new compact as the river shifts its course. Without one, the \
cooperatives may fracture under pressure from upstream users.

Endnotes

[1] A. Author, “Delta Cooperatives,” Journal of Water, 2019.

[2]B. Writer, Ledgers and Law (Cityville: Press, 2020), https://example.org/ledgers.

[3] C. Scholar, “Binding Ledgers,” 2021.

Disclaimer: The views expressed are the authors’ own and not those of the Institute for \
River Studies.

Subscribe to our newsletter

Site by Somebody
"""


@pytest.fixture
def small_brief() -> str:
    return SMALL_BRIEF
