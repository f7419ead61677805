"""The Makefile's system packages: a release installs only what it needs (issue 27).

`make release` runs `make system`, whose list must hold only what building and gating a
release uses; the tools only the tests use (LibreOffice, Ghostscript, chromedriver, the qpdf
command) come from `make test-system`, which `make test` and .ci/run install.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_ONLY = {"libreoffice-writer", "ghostscript", "chromium-driver", "qpdf", "calibre"}
# What the release itself runs: WeasyPrint (Pango, HarfBuzz), EPUBCheck (Java), the PDF
# gate's text layer (poppler), DAISY Ace (Chromium), cairosvg (Cairo).
RELEASE_NEEDS = {"default-jre-headless", "poppler-utils", "libpango-1.0-0", "chromium"}


def make_variable(name: str) -> set[str]:
    """The value of a Makefile variable, as make itself expands it."""
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    probe = f"show-variable: ; @echo $({name})\n"
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "Makefile", "-f", "-", "show-variable"],
        input=probe, cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return set(out.split())


def dry_run(target: str) -> list[str]:
    """The words of the commands `make -n target` would run (recursive makes followed)."""
    out = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT,
                         capture_output=True, text=True, check=False)  # fmt: skip
    return re.findall(r"[\w.+-]+", out.stdout)


def test_release_packages_leave_out_what_only_the_tests_use() -> None:
    release = make_variable("SYSTEM_PACKAGES")
    assert release >= RELEASE_NEEDS
    assert not release & TEST_ONLY, f"make release installs {sorted(release & TEST_ONLY)}"
    system = dry_run("system")
    assert not TEST_ONLY & set(system), f"make system installs {sorted(TEST_ONLY & set(system))}"


def test_test_packages_add_the_test_tools() -> None:
    tests = make_variable("TEST_SYSTEM_PACKAGES")
    assert tests >= TEST_ONLY
    commands = dry_run("test-system")
    for name in make_variable("SYSTEM_PACKAGES") | TEST_ONLY:
        assert name in commands, f"make test-system does not install {name}"


def test_ci_installs_everything_the_tests_need() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make --no-print-directory test-system" in ci or "make test-system" in ci
