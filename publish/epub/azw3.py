"""A Kindle edition (AZW3) converted from our EPUB by calibre's `ebook-convert`, reproducibly.

Calibre is never required: `--azw3` asks for it. Its output differs on every run, so the
conversion runs calibre's own command inside a wrapper that pins what varies: the clock (the
PalmDB header's dates), `random`, `os.urandom` (each font's XOR key), `uuid4`, temporary file
names, string hashing, and the order of the book's manifest, a set that calibre walks to write
the font records. The same EPUB then gives the same bytes. `check_azw3` reads the file back
with calibre and checks that every note call still leads to its note and back.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote, urldefrag

from lxml import etree, html

from ..document import Document
from ..errors import ToolMissingError

MAIN = "from calibre.ebooks.conversion.cli import main"

# Runs in calibre's Python: calibre's runscript up to its import of `main`, then the pins.
WRAPPER = r"""
import os, random, sys, tempfile, time, uuid
MAIN = "from calibre.ebooks.conversion.cli import main"
script, epoch, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
args = sys.argv[4:]
source = open(script, encoding="utf-8").read()
setup = source.split(MAIN, 1)[0]
exec(compile(setup, script, "exec"))
rnd, names = random.Random(seed), random.Random(seed + "/names")
random.seed(seed)
time.time = lambda: float(epoch)
os.urandom = lambda n: rnd.getrandbits(8 * n).to_bytes(n, "big") if n else b""
uuid.uuid4 = lambda: uuid.UUID(int=rnd.getrandbits(128), version=4)
tempfile._RandomNameSequence.rng = property(lambda self: names)
from calibre.ebooks.oeb import base
base.Manifest.values = lambda self: sorted(self.items, key=lambda i: i.href)
base.Manifest.__iter__ = lambda self: iter(sorted(self.items, key=lambda i: i.href))
from calibre.ebooks.conversion.cli import main
sys.exit(main(["ebook-convert", *args]))
"""


class CalibreError(ToolMissingError):
    """Calibre is missing or not usable (exit status 5, as for any missing tool)."""


def ebook_convert() -> Path | None:
    found = shutil.which("ebook-convert")
    return Path(found) if found else None


def require_calibre() -> None:
    """CalibreError (exit 5) with the install command unless calibre can be run."""
    script = ebook_convert()
    if script is None:
        raise CalibreError(
            "--azw3 needs calibre's ebook-convert; install it: apt-get install calibre"
        )
    _calibre_python(script)


def calibre_version() -> str:
    """calibre's version, from its runscript's Python package (no process started)."""
    script = ebook_convert()
    if script is None:
        return "not installed"
    for line in script.read_text(encoding="utf-8", errors="replace").splitlines():
        if "CALIBRE_PYTHON_PATH" in line and "'" in line:
            root = Path(line.split("'")[-2])
            constants = root / "calibre" / "constants.py"
            if constants.is_file():
                text = constants.read_text(encoding="utf-8", errors="replace")
                if m := re.search(r"numeric_version\s*=\s*\((\d+),\s*(\d+),\s*(\d+)\)", text):
                    return ".".join(m.groups())
    return "unknown"


def _calibre_python(script: Path) -> str:
    """The interpreter of calibre's runscript (Debian's is a Python script that imports main)."""
    text = script.read_text(encoding="utf-8", errors="replace")
    first = text.splitlines()[0] if text else ""
    if not first.startswith("#!") or MAIN not in text:
        raise CalibreError(
            f"{script} is not calibre's Python runscript; --azw3 needs Debian's calibre "
            "(apt-get install calibre)"
        )
    return first[2:].strip().split()[0]


def build_azw3(epub: bytes, *, seed: str, epoch: int, timeout: float = 300) -> bytes:
    """The AZW3 of `epub`; `seed` (the book's identifier) and `epoch` (its date) pin the bytes."""
    script = ebook_convert()
    if script is None:
        raise CalibreError("--azw3 needs calibre's ebook-convert (apt-get install calibre)")
    python = _calibre_python(script)
    with tempfile.TemporaryDirectory(prefix="publish-azw3-") as tmp:
        source, target = Path(tmp) / "book.epub", Path(tmp) / "book.azw3"
        source.write_bytes(epub)
        env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0", "HOME": tmp, "LANG": "C.UTF-8",
               "CALIBRE_CONFIG_DIRECTORY": str(Path(tmp) / "config")}  # fmt: skip
        command = [python, "-c", WRAPPER, str(script), str(epoch), seed, str(source), str(target)]
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp,
                              timeout=timeout, check=False)  # fmt: skip
        if done.returncode != 0 or not target.exists():
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"calibre could not convert the EPUB to AZW3: {last[0]}")
        return target.read_bytes()


def check_azw3(azw3: bytes, timeout: float = 300) -> tuple[int, list[str]]:
    """(note calls found, problems): the AZW3 read back by calibre, its notes linked both ways."""
    script = ebook_convert()
    if script is None:
        raise CalibreError("reading an AZW3 back needs calibre's ebook-convert")
    with tempfile.TemporaryDirectory(prefix="publish-azw3-") as tmp:
        source, back = Path(tmp) / "book.azw3", Path(tmp) / "back.epub"
        source.write_bytes(azw3)
        env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8",
               "CALIBRE_CONFIG_DIRECTORY": str(Path(tmp) / "config")}  # fmt: skip
        done = subprocess.run([str(script), str(source), str(back)], capture_output=True,
                              env=env, cwd=tmp, timeout=timeout, check=False)  # fmt: skip
        if done.returncode != 0 or not back.exists():
            return 0, ["calibre could not read the AZW3 back"]
        return _links_both_ways(back)


def _links_both_ways(epub: Path) -> tuple[int, list[str]]:
    trees: dict[str, etree._Element] = {}
    with zipfile.ZipFile(epub) as zf:
        for name in zf.namelist():
            if name.endswith((".html", ".xhtml", ".htm")):
                trees[name] = html.fromstring(zf.read(name))
    ids = {f"{name}#{el.get('id')}": el for name, t in trees.items() for el in t.iter()
           if isinstance(el.tag, str) and el.get("id")}  # fmt: skip

    def resolve(name: str, href: str) -> str:
        file, frag = urldefrag(href)
        path = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(file)))
        return f"{path if file else name}#{frag}"

    problems: list[str] = []
    calls = 0
    for name, tree in sorted(trees.items()):
        for a in tree.iter("a"):
            if "doc-noteref" not in (a.get("role") or "").split():
                continue
            calls += 1
            call = f"{name}#{a.get('id')}"
            note = ids.get(resolve(name, a.get("href") or ""))
            if note is None:
                problems.append(f"azw3: note call {a.text_content().strip()} leads nowhere")
                continue
            owner = next((n for n in trees if f"{n}#{note.get('id')}" in ids
                          and ids[f"{n}#{note.get('id')}"] is note), name)  # fmt: skip
            backs = [resolve(owner, b.get("href") or "") for b in note.iter("a")
                     if "doc-backlink" in (b.get("role") or "").split()]  # fmt: skip
            if call not in backs:
                problems.append(f"azw3: note {a.text_content().strip()} does not link back")
    return calls, problems


def kindle_edition(doc: Document, *, check: bool) -> tuple[bytes, list[str], dict[str, object]]:
    """(AZW3 bytes, gate problems, validation) for a Document: calibre's AZW3 of its EPUB
    (without the conformance claim, as the Kobo edition), pinned to the book's identifier and
    date so that its bytes are the same every time. The Kindle check's findings are problems
    here: the user asked for a Kindle edition."""
    import io

    from ..checks.kindle import kindle_problems
    from ..identity import build_datetime, edition_uuid
    from . import build_epub

    epub = build_epub(doc)
    data = build_azw3(epub, seed=edition_uuid(doc), epoch=int(build_datetime(doc).timestamp()))
    validation: dict[str, object] = {"converter": f"calibre {calibre_version()}"}
    if not check:
        validation["status"] = "not run (--no-check)"
        return data, [], validation
    kindle = kindle_problems(epub)
    calls, problems = check_azw3(data)
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        expected = sum(zf.read(n).count(b'role="doc-noteref"') for n in zf.namelist()
                       if n.endswith(".xhtml"))  # fmt: skip
    if calls != expected:
        problems.append(f"azw3: {calls} note calls read back, the EPUB has {expected}")
    validation.update(
        {"kindle": {"status": "passed" if not kindle else "failed", "findings": len(kindle)},
         "notes": {"calls": calls, "linked_both_ways": not problems},
         "status": "passed" if not (kindle or problems) else "failed"}
    )  # fmt: skip
    return data, kindle + problems, validation
