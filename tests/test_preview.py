"""`publish preview`: a real server, a real headless Chromium, real edits on disk."""

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from publish.preview import Preview
from publish.preview.builder import editions_for
from publish.preview.server import PAGE

BRIEF = """\
---
title: Tidal Power on the Northern Coast
series: Field Papers
number: 4
date: 2024-09-12
language: en-GB
disclaimer: "The views are the authors’ own and not those of the Institute for Coasts."
---

Coastal towns have argued about tidal barrages for a generation.[^1] The estuary
councils now share one survey of the seabed.

## The Survey

The survey mapped sediment along forty kilometres of shore, and found the channels
deeper than the old charts said.[^2]

[^1]: A. Author, *Barrages and Towns* (2019).
[^2]: Coastal Survey Office, Report 12, 2023.
"""
# A call to a note the brief lacks: an error diagnostic (`publish normalize` exits 1), no
# exception.
DANGLING = BRIEF.replace("the old charts said.[^2]", "the old charts said.[^2][^9]")
BOUND = 60.0  # seconds a change may take to reach the page; generous for a loaded CI machine


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def need_browser() -> None:
    if chromium() and shutil.which("chromedriver"):
        return
    if os.environ.get("CI"):
        pytest.fail("Chromium and chromedriver are required in CI (.ci/run installs them)")
    pytest.skip("Chromium or chromedriver not installed (apt-get install chromium chromium-driver)")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    brief = tmp_path / "seeds" / "tidal.md"
    brief.parent.mkdir()
    brief.write_text(BRIEF, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "publish", "preview", str(brief)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # SIGABRT dumps every thread's stack
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()  # printed once the first build is served
    assert "http://127.0.0.1:" in line, proc.stderr.read() if proc.stderr else line
    url = line.split(" at ")[1].strip()
    try:
        yield proc, url, brief
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium() or ""
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)  # fmt: skip
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def reader_text(driver) -> str:
    return driver.execute_script(
        "return [...document.querySelectorAll('#reader iframe')]"
        ".map(f => (f.contentDocument && f.contentDocument.body) ? "
        "f.contentDocument.body.textContent : '').join(' ')"
    )


def wait_for(condition, what: str, bound: float = BOUND):
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {bound:.0f} s: {what}")


@pytest.mark.slow
def test_preview_updates_in_a_real_browser(server):
    need_browser()
    proc, url, brief = server
    driver = browser()
    try:
        driver.get(url)
        wait_for(lambda: "seabed" in reader_text(driver), "the EPUB text shows")
        pages = driver.execute_script(
            "return [...document.querySelectorAll('#pages img')].filter(i => i.complete && "
            "i.naturalWidth > 0).length"
        )
        assert pages >= 1
        assert driver.execute_script("return document.getElementById('cover').naturalWidth") > 0
        version = int(driver.execute_script("return document.body.dataset.version"))

        # An editor saves a change: the new words appear by themselves.
        brief.write_text(BRIEF.replace("seabed", "sea floor"), encoding="utf-8")
        wait_for(lambda: "sea floor" in reader_text(driver), "the edited text shows")
        first = driver.execute_script("return document.querySelector('#pages img').dataset.version")
        assert int(first) > version, "the first PDF page was not reloaded"

        # An error diagnostic (no exception) fails the build: its line shows, and the last
        # good pages stay under a banner that says so.
        brief.write_text(DANGLING, encoding="utf-8")
        error = wait_for(
            lambda: driver.execute_script(
                "return document.body.classList.contains('failed') && "
                "document.getElementById('error').textContent"
            ),
            "the error diagnostic shows",
        )
        assert error.startswith(f"{brief}:") and ": error: call [^9]" in error, error
        banner = driver.find_element("id", "banner")
        assert banner.is_displayed() and "Showing the last good build from " in banner.text
        shown = driver.execute_script(
            "return [...document.querySelectorAll('#pages img')].filter(i => i.complete && "
            "i.naturalWidth > 0 && i.getBoundingClientRect().height > 0).length"
        )
        assert shown >= 1, "the last good pages are not shown"
        assert driver.find_element("id", "status").text == "build failed"

        # A broken brief shows its error in place of the pages, and the server lives on.
        brief.write_text("", encoding="utf-8")
        error = wait_for(
            lambda: driver.execute_script(
                "const e = document.getElementById('error').textContent;"
                "return document.body.classList.contains('failed') && "
                "e.includes('empty brief') && e"
            ),
            "the error shows",
        )
        assert "empty brief" in error and "tidal.md" in error
        brief.write_text(BRIEF, encoding="utf-8")
        wait_for(lambda: driver.execute_script("return document.body.dataset.status") == "ready",
                 "the brief recovers")  # fmt: skip
        assert not driver.find_element("id", "banner").is_displayed()
        assert proc.poll() is None
    finally:
        driver.quit()

    proc.send_signal(signal.SIGINT)
    code, terminal = ended(proc, 30)
    assert code == 130, terminal
    # The terminal said it too, as the command line would.
    assert f"failed: {brief}:" in terminal and ": error: call [^9]" in terminal, terminal


def ended(proc: subprocess.Popen[str], timeout: float) -> tuple[int, str]:
    """The exit code and what the process wrote to stderr; when it hangs, the stacks of all
    its threads (faulthandler answers SIGABRT), so a hang says where it is."""
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        proc.wait(timeout=30)
        stacks = proc.stderr.read() if proc.stderr else ""
        pytest.fail(f"no exit {timeout} s after Ctrl-C; its threads were at:\n{stacks}")
    return code, proc.stderr.read() if proc.stderr else ""


def raw_get(url: str, target: str, host: str | None = None) -> str:
    """A request sent as typed, so that `..` is not cleaned up by a client library."""
    address = url.split("//")[1].rstrip("/")
    hostname, port = address.split(":")
    with socket.create_connection((hostname, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.0\r\nHost: {host or address}\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("latin-1")


@pytest.mark.slow
def test_preview_serves_only_its_own_routes_on_loopback(server):
    _, url, brief = server
    assert url.startswith("http://127.0.0.1:")
    assert raw_get(url, "/").startswith("HTTP/1.0 200")
    assert "200" in raw_get(url, "/page/1.png").split("\r\n")[0]
    for target in ("/../../etc/passwd", "/epub/../../../etc/passwd", "/epub/%2e%2e/%2e%2e/x",
                   "/source/../../publish.toml"):  # fmt: skip
        status = raw_get(url, target).split("\r\n")[0]
        assert " 400 " in status or " 404 " in status, (target, status)
        assert "root:" not in raw_get(url, target)
    assert " 404 " in raw_get(url, "/" + brief.name).split("\r\n")[0]
    assert " 404 " in raw_get(url, "/page/99.png").split("\r\n")[0]
    # A page elsewhere reaching us through DNS rebinding names another host.
    assert " 403 " in raw_get(url, "/", host="attacker.example:80").split("\r\n")[0]
    source = raw_get(url, "/source")
    assert 'id="L7"' in source and "&lt;" not in BRIEF and "Tidal Power" in source


def test_page_puts_brief_text_into_the_dom_as_text_only():
    # Titles, messages and errors from a brief reach the page as JSON; never as markup.
    assert "innerHTML" not in PAGE and "insertAdjacentHTML" not in PAGE
    assert "textContent" in PAGE


def test_a_stylesheet_rebuilds_only_its_edition(tmp_path):
    assert editions_for({tmp_path / "epub.css"}) == {"epub"}
    assert editions_for({tmp_path / "pdf.css", tmp_path / "pdf-print.css"}) == {"pdf"}
    assert editions_for({tmp_path / "brief.md"}) == {"epub", "pdf"}
    assert editions_for({tmp_path / "epub.css", tmp_path / "brief.toml"}) == {"epub", "pdf"}


def test_preview_without_a_brief_is_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "publish", "preview"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no briefs in seeds/" in proc.stderr
    missing = subprocess.run([sys.executable, "-m", "publish", "preview", "nope.md"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert missing.returncode == 2 and "nope.md: error: no such brief" in missing.stderr


def cli_error(brief: Path) -> str:
    """The error line `publish normalize` prints for `brief`, without the program's name
    that the command line puts before an exception's line (`publish: `)."""
    out = brief.parent / "normalized.json"
    proc = subprocess.run([sys.executable, "-m", "publish", "normalize", str(brief), "-o",
                           str(out)], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode in (1, 2), proc.stderr
    line = next(line for line in proc.stderr.splitlines() if ": error: " in line)
    return line.removeprefix("publish: ")


@pytest.mark.slow
def test_a_failed_build_says_why_and_keeps_the_last_good_build(tmp_path):
    brief = tmp_path / "tidal.md"
    brief.write_text(BRIEF, encoding="utf-8")
    said: list[str] = []
    preview = Preview(brief, say=said.append)
    try:
        good = preview.rebuild(set())
        assert good.status == "ready" and good.pages and good.epub

        # An error diagnostic, no exception: the build fails with the CLI's own line.
        for text in (DANGLING, ""):  # then an exception: an empty brief cannot be read
            brief.write_text(text, encoding="utf-8")
            line = cli_error(brief)
            assert line.startswith(f"{brief}:")
            snap = preview.rebuild({brief})
            assert snap.status == "failed"
            assert snap.error.splitlines()[0] == line
            assert f"build {snap.version} failed: {line}" in said
            # The last good build stays on show, and the page is told which one it is.
            assert snap.pages == good.pages and snap.pdf == good.pdf and snap.epub == good.epub
            assert snap.summary()["last_good"] == {"version": good.version, "at": good.built_at}
            assert good.built_at and good.summary()["last_good"] is None
        assert DANGLING != BRIEF and ":8:" not in line  # the two failures differ

        brief.write_text(BRIEF.replace("seabed", "sea floor"), encoding="utf-8")
        fixed = preview.rebuild({brief})
        assert fixed.status == "ready" and fixed.error == ""
        assert fixed.summary()["last_good"] is None and fixed.pages
    finally:
        preview.server.server_close()


def test_the_first_page_shown_early_is_the_editions_first_page(tmp_path):
    """The preview draws page 1 from the layout before the PDF is written and tagged; its
    pixels must be those of page 1 of the PDF it then writes (and `publish pdf` writes)."""
    import io

    from PIL import Image, ImageChops

    from publish.pdf import build_pdf
    from publish.preview.builder import Builder, rasterise

    brief = tmp_path / "tidal.md"
    brief.write_text(BRIEF, encoding="utf-8")
    shown: list[tuple[str, bytes]] = []
    snap = Builder(
        brief, lambda s: shown.append((s.status, s.pages[0] if s.pages else b""))
    ).build()
    early = next(page for status, page in shown if status == "pages")
    assert snap.status == "ready" and "layout" in snap.timings
    assert snap.timings["first_page"] < snap.timings["pdf"]  # shown before the PDF was written

    def pixels(png: bytes) -> Image.Image:
        return Image.open(io.BytesIO(png)).convert("RGB")

    whole = rasterise(snap.pdf, 1, 1)[0]
    assert ImageChops.difference(pixels(early), pixels(whole)).getbbox() is None
    from publish.load import load_document

    assert snap.pdf == build_pdf(load_document(brief), base_dir=brief.parent)


def _long_brief(paragraphs: int = 14) -> str:
    """A brief of several pages, each paragraph with a note."""
    from tests.test_resume import brief

    return brief(paragraphs, 70)


def test_after_the_first_build_page_one_is_laid_out_alone_and_shown_first(tmp_path):
    """A rebuild knows the page count, so it lays page 1 out alone and shows it before the
    rest of the brief is laid out (publish.pdf.lay_out_screen); the finished PDF's page 1
    then replaces it, with the same pixels, and the PDF is `publish pdf`'s."""
    from PIL import Image, ImageChops

    from publish.load import load_document
    from publish.pdf import build_pdf
    from publish.preview.builder import Builder, rasterise

    brief = tmp_path / "long.md"
    brief.write_text(_long_brief(), encoding="utf-8")
    shown: list[tuple[str, bytes, dict]] = []
    builder = Builder(brief, lambda s: shown.append((s.status, s.pages[0], dict(s.timings))))
    builder.build({"pdf"})
    shown.clear()
    snap = builder.build({"pdf"})
    status, early, timings = shown[0]
    assert status == "pages" and timings["first_page"] < snap.timings["layout"]

    def pixels(png: bytes) -> Image.Image:
        return Image.open(io.BytesIO(png)).convert("RGB")

    assert (
        ImageChops.difference(pixels(early), pixels(rasterise(snap.pdf, 1, 1)[0])).getbbox() is None
    )
    assert snap.pages[0] == rasterise(snap.pdf, 1, 1)[0]
    assert snap.pdf == build_pdf(load_document(brief), base_dir=brief.parent)


def test_a_newer_save_supersedes_a_build_between_its_stages(tmp_path):
    """While a build is at its later stages, a save waits for one stage at most: the build
    stops after what it has shown, and the next build does every edition."""
    from publish.preview.builder import Builder

    brief = tmp_path / "long.md"
    brief.write_text(_long_brief(), encoding="utf-8")
    shown: list[str] = []
    builder = Builder(brief, lambda s: shown.append(s.status))
    assert builder.build().status == "ready"
    shown.clear()
    # The save comes once page 1 is shown.
    stopped = builder.build({"epub", "pdf"}, superseded=lambda: "pages" in shown)
    assert stopped.status == "superseded" and shown == ["pages"]  # page 1, then it stopped
    assert not stopped.epub or stopped.epub == builder.good.epub  # the EPUB was not rebuilt
    done = builder.build({"pdf"})  # a PDF-only change: every edition, the last was unfinished
    assert done.status == "ready" and "epub" in done.timings


def test_a_newer_save_stops_a_layout_before_its_next_page(tmp_path):
    """A first build has no page count to lay page 1 out alone by: a save during its layout
    stops it before the next page, with nothing published, and the next build is whole."""
    from publish.load import load_document
    from publish.pdf import build_pdf
    from publish.preview.builder import Builder

    brief = tmp_path / "long.md"
    brief.write_text(_long_brief(), encoding="utf-8")
    shown: list[str] = []
    builder = Builder(brief, lambda s: shown.append(s.status))
    asked: list[int] = []
    stopped = builder.build(superseded=lambda: bool(asked.append(1)) or len(asked) > 3)
    assert stopped.status == "superseded" and shown == []  # nothing shown of it
    assert len(asked) == 4  # three pages laid out, then the save was seen
    done = builder.build()
    assert done.status == "ready" and done.pdf == build_pdf(load_document(brief),
                                                            base_dir=brief.parent)  # fmt: skip
