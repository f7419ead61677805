"""publish.pdf.engine: the fast WeasyPrint import and the warm-up before workers fork."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys

import pytest

from publish.pdf.engine import _finder

LISTING = """\
3 libs found in cache `/etc/ld.so.cache'
\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0
\tlibgobject-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgobject-2.0.so.0
\tlibfontconfig.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libfontconfig.so.1
"""


def test_lookups_are_answered_from_the_ldconfig_listing() -> None:
    def slow(name: str) -> str:
        raise AssertionError(f"the slow lookup ran for {name}")

    find = _finder(LISTING, slow)
    assert find("gobject-2.0") == "libgobject-2.0.so.0"
    assert find("pango-1.0") == "libpango-1.0.so.0"
    assert find("fontconfig") == "libfontconfig.so.1"
    # WeasyPrint's Windows and macOS spellings are absent at once, without gcc or ld.
    assert find("libgobject-2.0-0") is None
    assert find("gobject-2.0-0") is None
    assert find("pango") is None  # a prefix of another library is not that library


CHILD = """
import ctypes.util, sys
original = ctypes.util.find_library
from publish.pdf.engine import load_weasyprint
weasyprint = load_weasyprint()
from weasyprint.text.ffi import pango, harfbuzz, fontconfig
assert ctypes.util.find_library is original, "find_library not restored"
assert load_weasyprint() is weasyprint
print("ok")
"""


def test_weasyprint_loads_and_find_library_is_restored() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          check=False, timeout=120)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def _render(doc_json: str, warm: bool, queue) -> None:  # type: ignore[no-untyped-def]
    from publish.document import Document
    from publish.pdf import build_pdf

    doc = Document.from_json(doc_json)
    queue.put((build_pdf(doc, "screen"), build_pdf(doc, "print")))


def _fresh(doc_json: str, warm: bool, queue) -> None:  # type: ignore[no-untyped-def]
    """A process that imports (and with `warm`, warms up) WeasyPrint, then forks a renderer,
    as a release does."""
    from publish.pdf.engine import load_weasyprint, warm_up
    from publish.printing import PrintSettings

    load_weasyprint()
    if warm:
        warm_up(["en-GB"], [str(PrintSettings().profile)])
    child = multiprocessing.get_context("fork").Process(target=_render,
                                                        args=(doc_json, warm, queue))  # fmt: skip
    child.start()
    child.join()


@pytest.mark.slow
def test_warm_up_changes_no_byte_of_either_pdf(seed_doc) -> None:
    """The warm-up shares first-use state with forked workers; the editions must not see it."""
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters: nothing warm already
    editions = []
    for warm in (False, True):
        queue = ctx.Queue()
        proc = ctx.Process(target=_fresh, args=(seed_doc.to_json(indent=None), warm, queue))
        proc.start()
        editions.append(queue.get(timeout=300))
        proc.join()
    assert editions[0] == editions[1]
    assert editions[0][0].startswith(b"%PDF") and editions[0][1].startswith(b"%PDF")
