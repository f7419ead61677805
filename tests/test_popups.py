"""Note pop-ups in a real reading system: foliate-js (npm) in headless Chromium.

Chromium is driven by puppeteer-core (the copy DAISY Ace brings), which waits for the result
however long the machine takes.

foliate-js is the engine of the Foliate reader; its FootnoteHandler decides, as the reader
does for a tapped link, whether a link is a note call and what the pop-up shows. For every
call in the book, tests/readers/foliate-popups.html hands it the link and records the pop-up:
its type (footnote), whether the reader would hide the note in the text (it must not), and the
text shown, which must be that note alone, starting with its number.

foliate-js is installed by `make readers` (and .ci/run) into .tools/readers.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publish import Document
from publish.epub import build_epub
from tests import reflow
from tests.test_epub import hostile_doc

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FOLIATE = ROOT / ".tools" / "readers" / "node_modules" / "foliate-js"
HARNESS = Path(__file__).resolve().parent / "readers" / "foliate-popups.html"
RUNNER = Path(__file__).resolve().parent / "readers" / "run-page.cjs"
PUPPETEER = ROOT / ".tools" / "ace" / "node_modules" / "puppeteer-core"  # installed with Ace
INSTALL = "make readers  (npm install --ignore-scripts --prefix .tools/readers foliate-js@1.0.1)"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def popups(epub: bytes, folder: Path) -> dict:
    if not FOLIATE.is_dir() or not PUPPETEER.is_dir() or reflow.chromium() is None:
        message = f"foliate-js or chromium missing: {INSTALL}; apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.epub").write_bytes(epub)
    shutil.copyfile(HARNESS, folder / "index.html")
    (folder / "foliate-js").symlink_to(FOLIATE, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(folder))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
            proc = subprocess.run(
                ["node", str(RUNNER), str(PUPPETEER), reflow.chromium() or "chromium", url,
                 "#popups-result"],
                capture_output=True, text=True, timeout=240, check=False,
            )  # fmt: skip
        finally:
            server.shutdown()
    assert proc.returncode == 0, f"no result from foliate-js: {proc.stderr[-400:]}"
    return json.loads(proc.stdout)


def check_popups(result: dict, doc: Document, calls: int) -> None:
    assert result["error"] is None, result["error"]
    print(f"foliate-js: {result['calls']} note calls, {len(result['popups'])} pop-ups")
    assert result["calls"] == calls == len(result["popups"])
    # What the note shows: its inline runs (the plain `text` may differ in hand-made documents).
    texts = {
        n.number: " ".join(("".join(i.text for i in n.inlines) or n.text).split())
        for n in doc.notes
    }
    for popup in result["popups"]:
        number = int(popup["href"].rsplit("-", 1)[1])
        assert popup["type"] == "footnote", popup
        assert popup["hidden"] is False, popup
        shown = " ".join(popup["text"].split())
        assert shown.startswith(f"{number}. "), popup
        body = shown[len(f"{number}. ") :]
        n = min(20, len(texts[number]))
        assert body[:n] == texts[number][:n], popup  # this note, not a neighbour


def test_seed_notes_pop_up_in_foliate(tmp_path: Path, seed_doc: Document) -> None:
    result = popups(build_epub(seed_doc), tmp_path / "seed")
    check_popups(result, seed_doc, calls=23)


def test_hostile_notes_pop_up_in_foliate(tmp_path: Path) -> None:
    doc = hostile_doc()
    result = popups(build_epub(doc), tmp_path / "hostile")
    check_popups(result, doc, calls=3)  # note 1 twice, note 2; the call to note 99 is dropped


def test_the_check_sees_a_hidden_note(tmp_path: Path, seed_doc: Document) -> None:
    """The pop-up check can fail: a note in an `aside` is hidden from the text by foliate."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(build_epub(seed_doc))) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist()}
    notes = files["EPUB/notes.xhtml"].decode()
    opening = '<p id="note-1" epub:type="footnote" role="doc-footnote">'
    start = notes.index(opening)
    end = notes.index("</p></li>", start)
    aside = '<aside id="note-1" epub:type="footnote">' + notes[start + len(opening) : end]
    files["EPUB/notes.xhtml"] = (
        notes[:start] + aside + "</aside></li>" + notes[end + 9 :]
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", files.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            zf.writestr(name, data)
    result = popups(out.getvalue(), tmp_path / "aside")
    with pytest.raises(AssertionError):
        check_popups(result, seed_doc, calls=23)
    assert any(p.get("hidden") for p in result["popups"])
