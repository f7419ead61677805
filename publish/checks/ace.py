"""DAISY Ace, the EPUB accessibility checker, run with Debian's chromium.

Ace is an npm package. `make ace` (and .ci/run) install it into the project's `.tools/ace`:

    PUPPETEER_SKIP_DOWNLOAD=1 npm install --ignore-scripts --prefix .tools/ace @daisy/ace@1.4.6

and it drives `/usr/bin/chromium` (apt `chromium`) instead of a browser of its own. One run
takes about 4 s, most of it Chromium starting. Ace writes an EARL JSON-LD report; every
assertion whose outcome is "fail" is a violation, with the rule (`dct:title`) and its impact.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ACE_VERSION = "1.4.6"
INSTALL_ACE = (
    f"PUPPETEER_SKIP_DOWNLOAD=1 npm install --ignore-scripts --prefix .tools/ace "
    f"@daisy/ace@{ACE_VERSION} && apt-get install -y chromium"
)
TIMEOUT_S = 180
CHROMIUM_NAMES = ("chromium", "chromium-browser")


@dataclass
class AceResult:
    version: str
    violations: list[tuple[str, str, str]] = field(default_factory=list)  # rule, impact, where

    @property
    def ok(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        counts: dict[tuple[str, str], int] = {}
        for rule, impact, _ in self.violations:
            counts[(rule, impact)] = counts.get((rule, impact), 0) + 1
        detail = "; ".join(f"{r} ({i}) ×{n}" for (r, i), n in sorted(counts.items()))
        verdict = f"{len(self.violations)} violation(s)" + (f": {detail}" if detail else "")
        return f"DAISY Ace {self.version}: {verdict}"

    def lines(self) -> list[str]:
        return [f"{rule} ({impact}) {where}" for rule, impact, where in self.violations]


# The project whose `.tools/` is searched: set by the release before its workers fork.
_project: Path | None = None
BIN = Path(".tools") / "ace" / "node_modules" / ".bin" / "ace-puppeteer"


def use_project(root: Path | None) -> None:
    """Search this project's `.tools/` for Ace (the release's project; None: none)."""
    global _project
    _project = Path(root).resolve() if root else None


def _candidates() -> list[Path]:
    """The search order (docs/RELEASE.md): PUBLISH_ACE, the project's .tools/ (where `make
    ace` installs it), then PATH. Never the working folder, nor where publish is installed:
    what is found decides whether the EPUB carries its conformance claim, so the editions'
    bytes would depend on where the command was run."""
    bins = []
    if env := os.environ.get("PUBLISH_ACE"):
        bins.append(Path(env))
    if _project is not None:
        bins.append(_project / BIN)
    for name in ("ace-puppeteer", "ace"):
        if found := shutil.which(name):
            bins.append(Path(found))
    return bins


def ace_command() -> tuple[str, str] | None:
    """(ace executable, chromium executable), or None when either is missing."""
    chromium = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or next(
        (found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None
    )
    if not chromium or not shutil.which("node"):
        return None
    ace = next((p for p in _candidates() if p.is_file()), None)
    return (str(ace), chromium) if ace else None


def ace_version() -> str | None:
    """The installed Ace's version, from its package.json (None when Ace is not installed)."""
    found = ace_command()
    if found is None:
        return None
    # The executable is a symlink into its package: walk up to the node_modules holding it.
    here = Path(found[0]).resolve()
    root = next((p for p in here.parents if p.name == "node_modules"), here.parent.parent)
    for name in ("@daisy/ace", "@daisy/ace-cli", "@daisy/ace-core"):
        package = root / name / "package.json"
        if package.is_file():
            try:
                return str(json.loads(package.read_text(encoding="utf-8"))["version"])
            except (OSError, ValueError, KeyError):
                continue
    return "unknown"


def run_ace(epub: bytes | Path) -> AceResult:
    """Check one EPUB with Ace. Raises RuntimeError when Ace is missing or gives no report."""
    found = ace_command()
    if found is None:
        raise RuntimeError(f"DAISY Ace is not installed; install it: {INSTALL_ACE}")
    ace, chromium = found
    with tempfile.TemporaryDirectory(prefix="publish-ace-") as tmp:
        path = Path(tmp) / "book.epub"
        if isinstance(epub, bytes):
            path.write_bytes(epub)
        else:
            shutil.copyfile(epub, path)
        out = Path(tmp) / "report"
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium, "NO_COLOR": "1"}
        # Ace keeps logs and a cache under HOME; keep them out of the user's folders.
        env["HOME"] = tmp
        proc = subprocess.run(
            [ace, "-f", "-s", "-o", str(out), str(path)],
            capture_output=True, env=env, timeout=TIMEOUT_S, check=False,
        )  # fmt: skip
        try:
            report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise RuntimeError(f"DAISY Ace gave no report: {tail[0]}") from exc
    return parse_report(report)


def parse_report(report: dict) -> AceResult:
    version = (
        report.get("earl:assertedBy", {}).get("doap:release", {}).get("doap:revision", "unknown")
    )
    violations: list[tuple[str, str, str]] = []
    for document in report.get("assertions", []):
        where = str(document.get("earl:testSubject", {}).get("url", ""))
        for item in document.get("assertions", []):
            if item.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = item.get("earl:test", {})
            pointer = item.get("earl:result", {}).get("earl:pointer", {})
            css = pointer.get("css", [""])
            css = css[0] if isinstance(css, list) and css else ""
            violations.append(
                (str(test.get("dct:title", "?")), str(test.get("earl:impact", "?")),
                 f"{where} {css}".strip())
            )  # fmt: skip
    violations.sort()
    return AceResult(version=str(version), violations=violations)
