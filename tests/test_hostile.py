"""Hostile and broken input (issue 7): clear errors, nothing lost, nothing leaked.

Each case gives one line naming the file and a documented exit code (docs/ERRORS.md), leaves
a previous good release untouched, and never fetches or embeds anything outside the brief.
test_bad_input.py covers `publish normalize` on bad bytes; this file adds the release side.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time  # bounds are CPU seconds of this process: another job beside it cannot fail them
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import publish
from publish.cli import main
from publish.document import Document
from publish.load import normalize_markdown, normalize_text
from publish.reading import MAX_BYTES

from .conftest import SMALL_BRIEF
from .test_bad_input import CASES as BAD_BYTES

PASSWD_MARK = "root:x:0:0"
TITLE = "Water Rights in the Delta"
SLUG = "water-rights-in-the-delta"


# --- helpers --------------------------------------------------------------------------------


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def editions(folder: Path) -> dict[str, bytes]:
    """The editions in a release folder, without its manifest and sums (which record every
    brief's status, a failed one's too)."""
    return {n: b for n, b in files(folder).items() if n.endswith((".epub", ".pdf"))}


def statuses(folder: Path) -> dict[str, str]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {Path(e["source"]).name: e["status"] for e in manifest["briefs"]}


def stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def epub_pages(data: bytes) -> dict[str, ET.Element]:
    """Every XHTML document of an EPUB, parsed: xml.etree raises on anything ill-formed."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {n: ET.fromstring(book.read(n)) for n in book.namelist() if n.endswith(".xhtml")}


def epub_text(data: bytes) -> str:
    return " ".join(" ".join(root.itertext()) for root in epub_pages(data).values())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    """Whitespace removed: PDF text extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


def can_mount() -> bool:
    """Root in a sandbox that lets us mount a tmpfs (then a real full disk / read-only fs)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(f"/tmp/publish-mount-probe-{uuid.uuid4().hex}")
    probe.mkdir()
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(probe)],
                            capture_output=True, check=False).returncode == 0  # fmt: skip
        if ok:
            subprocess.run(["umount", str(probe)], check=False)
        return ok
    finally:
        probe.rmdir()


MOUNT = can_mount()


@pytest.fixture(params=["64k"])
def tmpfs(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A small tmpfs (64 KiB unless parametrized): a real full disk, or remounted read-only."""
    if not MOUNT:
        pytest.skip("cannot mount a tmpfs here; the patched-write tests cover this case")
    point = tmp_path / "mnt"
    point.mkdir()
    size = f"size={request.param}"
    subprocess.run(["mount", "-t", "tmpfs", "-o", size, "tmpfs", str(point)], check=True)
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


# --- a previous good release, built once ------------------------------------------------------


@pytest.fixture(scope="module")
def good_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/delta.txt released into dist/ (no EPUBCheck: the gate is tested elsewhere)."""
    root = tmp_path_factory.mktemp("good")
    (root / "seeds").mkdir()
    (root / "seeds" / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    assert main(["release", str(root / "seeds"), "--out", str(root / "dist"), "--no-check",
                 "-q"]) == 0  # fmt: skip
    return root


@pytest.fixture
def released(good_release: Path, tmp_path: Path) -> Path:
    """A private copy of the good release: tmp/seeds and tmp/dist."""
    shutil.copytree(good_release / "seeds", tmp_path / "seeds")
    shutil.copytree(good_release / "dist", tmp_path / "dist")
    return tmp_path


def release_cli(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["release", str(root / "seeds"), "--out", str(root / "dist"), "--no-check",
                 "-q", *extra])  # fmt: skip
    return code, capsys.readouterr().err


# --- bad bytes through `publish release` --------------------------------------------------------


@pytest.mark.parametrize("case", sorted(BAD_BYTES))
def test_release_refuses_bad_bytes_beside_a_good_release(case, released, capsys):
    data, expected = BAD_BYTES[case]
    dist = released / "dist"
    editions_before = editions(dist)
    before_stamps = {n: t for n, t in stamps(dist).items() if n in editions_before}
    bad = released / "seeds" / f"{case}.txt"
    bad.write_bytes(data)
    code, err = release_cli(released, capsys)
    lines = err.strip().splitlines()
    assert code == 1  # in a release a bad brief fails the gate; the others go on
    assert len(lines) == 1 and lines[0].startswith(str(bad)) and expected in lines[0], lines
    assert "Traceback" not in err
    assert editions(dist) == editions_before  # the previous good editions, byte for byte
    after = stamps(dist)
    assert {n: after[n] for n in editions_before} == before_stamps  # and not even rewritten
    assert statuses(dist) == {"delta.txt": "passed", bad.name: "failed"}  # the truth, told


@pytest.mark.parametrize("case", sorted(BAD_BYTES))
def test_bad_bytes_replacing_a_good_brief_keep_its_editions(case, released, capsys):
    data, expected = BAD_BYTES[case]
    dist = released / "dist"
    before = editions(dist)
    (released / "seeds" / "delta.txt").write_bytes(data)
    code, err = release_cli(released, capsys)
    assert code == 1 and expected in err and "delta.txt" in err
    # Kept byte for byte, but aside: a failed brief's old editions never look current.
    assert editions(dist) == {}
    assert editions(dist / "stale" / "water-rights-in-the-delta") == before
    assert statuses(dist) == {"delta.txt": "failed"}


def test_release_of_only_bad_briefs_writes_no_edition(tmp_path, capsys):
    (tmp_path / "seeds").mkdir()
    for case, (data, _) in BAD_BYTES.items():
        (tmp_path / "seeds" / f"{case}.txt").write_bytes(data)
    code, err = release_cli(tmp_path, capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == len(BAD_BYTES)
    written = {p.name for p in (tmp_path / "dist").iterdir()}
    assert not [n for n in written if n.endswith((".epub", ".pdf", ".tmp"))], written


def test_a_directory_and_a_dangling_link_among_the_briefs(released, capsys):
    seeds = released / "seeds"
    (seeds / "folder.txt").mkdir()
    (seeds / "gone.txt").symlink_to(released / "nowhere.txt")
    before = editions(released / "dist")
    code, err = release_cli(released, capsys)
    lines = sorted(err.strip().splitlines())
    assert code == 1 and len(lines) == 2
    assert lines[0] == f"{seeds / 'folder.txt'}: error: is a directory, not a brief"
    assert lines[1] == f"{seeds / 'gone.txt'}: error: no such file"
    assert editions(released / "dist") == before


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_release_of_a_missing_or_non_folder_source(kind, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    if kind == "file":
        seeds.write_text(SMALL_BRIEF)
    code = main(["release", str(seeds), "--out", str(tmp_path / "dist"), "--no-check"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"publish: {seeds}: error: not a folder of briefs"]
    assert not (tmp_path / "dist").exists()


# --- size limits --------------------------------------------------------------------------------


def test_a_5_mb_brief_is_refused_naming_the_limit(write_brief, capsys):
    body = ("A paragraph of ordinary prose that fills the brief. " * 20 + "\n\n") * 5000
    source = write_brief("June 1, 2022\n\nHuge Brief\n\n" + body)
    assert source.stat().st_size > 5_000_000
    started = time.process_time()
    code = main(["normalize", str(source)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and time.process_time() - started < 5
    assert err == [f"publish: {source}: error: brief is {source.stat().st_size:,} bytes; "
                   f"the limit is {MAX_BYTES:,} bytes"]  # fmt: skip


def test_a_brief_at_the_limit_normalizes_quickly(write_brief):
    paragraph = "A paragraph of ordinary prose, with a call.[1] It fills the brief well. " * 8
    text = "June 1, 2022\n\nLarge Brief\n\n" + (paragraph + "\n\n") * 3000
    text += "Notes\n\n[1] The only note.\n"
    assert len(text.encode()) < MAX_BYTES
    started = time.process_time()
    doc = publish.normalize(write_brief(text))
    assert time.process_time() - started < 30  # no quadratic pass over paragraphs
    assert len(doc.paragraphs()) == 3000 and not doc.errors()


LONG_TITLE = " ".join(["Recalibrating"] * 153)[:2000].strip()


def long_title_doc() -> Document:
    doc = normalize_text(SMALL_BRIEF.replace(f"Policy Papers: {TITLE}", LONG_TITLE), "long.txt")
    assert len(LONG_TITLE) >= 1990 and doc.meta.title == LONG_TITLE
    return doc


def test_a_2000_character_title_gives_a_short_file_name():
    doc = long_title_doc()
    assert len(doc.meta.slug) <= 60  # file names stay well under 255 bytes


@pytest.mark.slow
def test_a_2000_character_title_does_not_break_cover_title_page_or_pdf():
    doc = long_title_doc()
    data = publish.build_epub(doc)
    pages = epub_pages(data)
    title_pages = [n for n in pages if "title" in n.lower()]
    assert title_pages, list(pages)
    assert any(LONG_TITLE in " ".join(" ".join(pages[n].itertext()).split()) for n in title_pages)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        cover = [n for n in book.namelist() if n.endswith(".png")]
        assert cover and book.read(cover[0]).startswith(b"\x89PNG")
    started = time.process_time()
    for edition in ("screen", "print"):
        text = pdf_text(publish.build_pdf(doc, edition=edition))
        # The title runs over two pages: take out the running heads and folios it crosses.
        text = re.sub(r"(Recalibrating ){1,8}\S*…|page \d+ of \d+", "", text)
        assert squash(LONG_TITLE) in squash(text)
    assert time.process_time() - started < 60


# --- markup in the text -------------------------------------------------------------------------

MARKUP = [
    "<script>alert(1)</script>",
    "Trade & Labour",
    "a ]]> b",
    "<!-- not a comment",
    "3 < 4 and 5 > 2",
    "&amp; stays &amp;",
]
MARKUP_BRIEF = (
    SMALL_BRIEF.replace("Early Agreements", "Early <b>Agreements</b> & Trade")
    .replace(
        "The first agreements were informal and local.",
        "The first agreements were " + " then ".join(MARKUP) + ".",
    )  # fmt: skip
    .replace("“Binding Ledgers,” 2021.", "“Binding <i>Ledgers</i>,” ]]> & <!-- 2021.")
)


def test_markup_is_text_in_the_document():
    doc = normalize_text(MARKUP_BRIEF, "markup.txt")
    body = " ".join(b.text for b in doc.blocks)
    for literal in MARKUP:
        assert literal in body
    assert "Early <b>Agreements</b> & Trade" in [b.text for b in doc.headings()]
    assert doc.note(3) is not None and "<i>Ledgers</i>" in doc.note(3).text


@pytest.mark.slow
def test_markup_appears_literally_in_both_editions_and_epubcheck_is_clean():
    from publish.checks.epubcheck import run_epubcheck
    from publish.release import java_available

    doc = normalize_text(MARKUP_BRIEF, "markup.txt")
    epub = publish.build_epub(doc)
    text = epub_text(epub)  # parses every XHTML: well-formed or it raises
    for literal in [*MARKUP, "Early <b>Agreements</b> & Trade", "<i>Ledgers</i>"]:
        assert literal in text, literal
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        raw = b"".join(book.read(n) for n in book.namelist() if n.endswith(".xhtml"))
    assert b"<script" not in raw and b"<b>" not in raw and b"<!-- not" not in raw
    for edition in ("screen", "print"):
        pdf = squash(pdf_text(publish.build_pdf(doc, edition=edition)))
        for literal in MARKUP:
            assert squash(literal) in pdf, (edition, literal)
    if not java_available():
        pytest.skip("Java is not installed")
    report = run_epubcheck(epub)
    assert report.ok and report.errors == 0 and report.warnings == 0, report.messages


def test_markup_in_a_markdown_brief_is_text():
    md = ("---\ntitle: Tags & <b>Things</b>\n---\n\n"
          "Raw <script>alert(1)</script> and <!-- x --> and ]]> & 3 < 4.[^1]\n\n"
          "<div>block html</div>\n\n[^1]: <img src=x onerror=alert(1)> note.\n")  # fmt: skip
    doc = normalize_markdown(md, "m.md")
    assert doc.meta.title == "Tags & <b>Things</b>"
    text = " ".join(b.text for b in doc.blocks)
    assert "<script>alert(1)</script>" in text and "]]> & 3 < 4" in text
    assert "<div>block html</div>" in text
    assert "<img src=x onerror=alert(1)>" in doc.notes[0].text
    assert epub_text(publish.build_epub(doc))  # well-formed


# --- references that try to reach outside ---------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A local TCP port that records any connection: proof that nothing was fetched."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    hits.append(conn.recv(1024) or b"connected")
                except OSError:
                    hits.append(b"connected")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/x", hits
    stop.set()
    thread.join(2)
    server.close()


def reaching_brief(folder: Path, port_url: str) -> Path:
    """A Markdown brief in folder/a/b/ whose links and images reach for ../../secret etc."""
    (folder / "secret").write_text("CANARY-7f3a secret text", encoding="utf-8")
    brief_dir = folder / "a" / "b"
    brief_dir.mkdir(parents=True)
    source = brief_dir / "reach.md"
    source.write_text(
        "---\ntitle: Reaching Outside\ndate: 2024-03-03\n---\n\n"
        "A link to [the password file](file:///etc/passwd) and an image "
        "![passwd](file:///etc/passwd) in the first paragraph.[^1]\n\n"
        "A relative [secret](../../secret) and ![secret image](../../secret) here.\n\n"
        "A local server [port nine](http://127.0.0.1:9/x), ![port nine](http://127.0.0.1:9/x) "
        f"and ![listener]({port_url}).\n\n"
        '<img src="file:///etc/passwd"> <link rel="stylesheet" href="file:///etc/passwd">\n\n'
        "[^1]: See also file:///etc/passwd and ../../secret.\n",
        encoding="utf-8",
    )
    return source


def test_outside_references_are_diagnosed_by_name(tmp_path, listener):
    url, _ = listener
    doc = publish.normalize(reaching_brief(tmp_path, url))
    messages = [d.message for d in doc.diagnostics]
    for ref in ("file:///etc/passwd", "../../secret", "http://127.0.0.1:9/x", url):
        assert any(f"“{ref}”" in m for m in messages), (ref, messages)
    assert "link to “file:///etc/passwd” is not a web address; kept as text" in messages
    assert (
        "image “file:///etc/passwd” left out: only an image alone in its paragraph makes a figure"
        in messages
    )
    hrefs = [r.href for b in doc.blocks for r in b.inlines if r.type == "link"]
    assert hrefs == ["http://127.0.0.1:9/x"]  # a web link stays a link: shown, never fetched


@pytest.mark.slow
def test_outside_references_are_never_fetched_or_embedded(tmp_path, listener, capsys):
    url, hits = listener
    source = reaching_brief(tmp_path, url)
    out = tmp_path / "out"
    assert main(["epub", str(source), "-o", str(out / "r.epub")]) == 0
    for edition in ("screen", "print"):
        assert main(["pdf", str(source), "--edition", edition, "-o",
                     str(out / f"r-{edition}.pdf")]) == 0  # fmt: skip
    err = capsys.readouterr().err
    assert "file:///etc/passwd" in err and "../../secret" in err
    passwd = Path("/etc/passwd").read_bytes()
    for path in out.iterdir():
        data = path.read_bytes()
        assert PASSWD_MARK.encode() not in data and b"CANARY-7f3a" not in data, path.name
        assert passwd[:40] not in data
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                names = book.namelist()
                assert not [n for n in names if "passwd" in n or "secret" in n]
                inner = b"".join(book.read(n) for n in names)
            assert PASSWD_MARK.encode() not in inner and b"CANARY-7f3a" not in inner
            assert b'src="file:' not in inner and b'href="file:' not in inner
        else:
            assert PASSWD_MARK not in pdf_text(data)
    assert hits == []  # nothing connected to the local server


def test_the_pdf_fetcher_refuses_everything_outside(tmp_path):
    from publish.pdf.fetcher import FetchRefused, SafeFetcher

    brief_dir = tmp_path / "a" / "b"
    brief_dir.mkdir(parents=True)
    (tmp_path / "secret").write_text("CANARY")
    fetcher = SafeFetcher(brief_dir)
    base = brief_dir.as_uri() + "/"
    for url in ("file:///etc/passwd", base + "../../secret", "http://127.0.0.1:9/x",
                "data:text/plain,hi", "file://localhost/etc/passwd",
                base + "%2e%2e/%2e%2e/secret"):  # fmt: skip
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6 and not fetcher.served


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("cover_color", '"url(file:///etc/passwd)"'),
        ("cover_color", '"#123456; background: url(http://127.0.0.1:9/x)"'),
        ("cover_color", "red"),
        ("website", '"file:///etc/passwd"'),
        ("website", '"javascript:alert(1)"'),
    ],
)
def test_css_or_urls_in_front_matter_are_refused_naming_the_key(key, value, write_brief, capsys):
    source = write_brief(f"---\ntitle: T\n{key}: {value}\n---\n\nBody text here.\n", "b.md")
    assert main(["normalize", str(source)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"publish: {source}:3: error: key “{key}” must be")


def test_css_url_in_a_sidecar_is_refused_naming_the_key(write_brief, capsys):
    source = write_brief(SMALL_BRIEF, "delta.txt")
    source.with_suffix(".toml").write_text('cover_color = "url(file:///etc/passwd)"\n')
    assert main(["normalize", str(source)]) == 2
    err = capsys.readouterr().err.strip()
    # The line of the key: TOML errors name it too (issue 25).
    assert err == (f"publish: {source.with_suffix('.toml')}:1: error: key “cover_color” must be "
                   "a colour such as #1f3a5f")  # fmt: skip


@pytest.mark.slow
def test_css_in_the_title_cannot_reach_the_running_head_stylesheet():
    title = 'Ledgers"; } @import url(file:///etc/passwd); @page { x: "'
    doc = normalize_text(SMALL_BRIEF.replace(f"Policy Papers: {TITLE}", title), "css.txt")
    assert doc.meta.title == title
    pdf = publish.build_pdf(doc)
    assert PASSWD_MARK.encode() not in pdf
    assert squash("@import url(file:///etc/passwd)") in squash(pdf_text(pdf))


# --- note trouble ---------------------------------------------------------------------------------

NOTE_TROUBLE = {
    "missing": (SMALL_BRIEF.replace("decision.[3]", "decision.[3] See [9]."),
                "error", "call [9] to a note that does not exist"),
    "uncalled": (SMALL_BRIEF.replace("2021.\n", "2021.\n\n[4] Never called.\n"),
                 "warning", "note 4 is never called"),
    "duplicate": (SMALL_BRIEF.replace("[3] C. Scholar", "[2] Again.\n\n[3] C. Scholar"),
                  "error", "duplicate note number 2; dropped"),
    "empty": (SMALL_BRIEF.replace("[3] C. Scholar, “Binding Ledgers,” 2021.", "[3]"),
              "warning", "note 3 is empty"),
    "huge-number": (SMALL_BRIEF.replace("decision.[3]", "decision.[3][99999]"),
                    "error", "call [99999] to a note that does not exist"),
}  # fmt: skip


def many_notes_brief(count: int) -> str:
    paras = [
        "A sentence that makes claims." + "".join(f" Claim {j}.[{j}]" for j in range(i, i + 10))
        for i in range(1, count + 1, 10)
    ]
    notes = "\n\n".join(f"[{j}] Source {j}, a short reference." for j in range(1, count + 1))
    return "March 3, 2024\n\nMany Notes\n\n" + "\n\n".join(paras) + "\n\nNotes\n\n" + notes + "\n"


LONG_NOTE_TEXT = ("A very long note that goes on about its sources at length. " * 400)[:20000]


@pytest.mark.parametrize("case", sorted(NOTE_TROUBLE))
def test_note_trouble_is_diagnosed(case):
    text, level, message = NOTE_TROUBLE[case]
    doc = normalize_text(text, f"{case}.txt")
    assert any(d.level == level and d.message == message for d in doc.diagnostics), [
        d.format() for d in doc.diagnostics
    ]


def test_2000_notes_and_a_20000_character_note_normalize():
    doc = normalize_text(many_notes_brief(2000), "many.txt")
    assert len(doc.notes) == 2000 and not doc.errors()
    assert not [d for d in doc.diagnostics if d.level == "warning"]
    doc = normalize_text(SMALL_BRIEF.replace("“Binding Ledgers,” 2021.", LONG_NOTE_TEXT), "l.txt")
    assert len(doc.note(3).text) >= 19_990 and not doc.errors()


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(NOTE_TROUBLE))
def test_note_trouble_still_builds_well_formed_editions(case):
    doc = normalize_text(NOTE_TROUBLE[case][0], f"{case}.txt")
    started = time.process_time()
    epub_pages(publish.build_epub(doc))
    assert publish.build_pdf(doc).startswith(b"%PDF")
    assert time.process_time() - started < 30


@pytest.mark.slow
def test_a_20000_character_note_is_an_endnote_and_lays_out_quickly():
    from publish.editions import build_edition

    doc = normalize_text(SMALL_BRIEF.replace("“Binding Ledgers,” 2021.", LONG_NOTE_TEXT), "l.txt")
    started = time.process_time()
    for edition in ("epub", "pdf", "print"):
        result = build_edition(doc.to_json(), edition, check=True, epubcheck=False)
        assert result.ok, result.problems
    assert time.process_time() - started < 30  # no footnote deferred page after page
    assert squash(LONG_NOTE_TEXT[-200:]) in squash(pdf_text(result.data))


@pytest.mark.slow
def test_2000_notes_lay_out_in_bounded_time():
    from publish.editions import build_edition

    doc = normalize_text(many_notes_brief(2000), "many.txt")
    started = time.process_time()
    result = build_edition(doc.to_json(), "pdf", check=True, epubcheck=False)
    took = time.process_time() - started
    assert result.ok, result.problems[:5]
    assert took < 60, f"{took:.0f} s for 2,000 notes"  # as footnotes: over a minute, unchecked
    epub = build_edition(doc.to_json(), "epub", check=True, epubcheck=False)
    assert epub.ok, epub.problems[:5]
    assert len(epub_pages(epub.data)) >= 3


# --- paths ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_spaces_and_non_ascii_in_paths(tmp_path):
    seeds = tmp_path / "brief folder ż" / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "Brief ż 1.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    (seeds / "Zażółć gęślą jaźń.md").write_text(
        "---\ntitle: Zażółć gęślą jaźń\ndate: 2024-03-03\n---\n\nTreść dokumentu, pełna liter.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out dir ż"
    proc = subprocess.run(
        [sys.executable, "-m", "publish", "release", str(seeds), "--out", str(out), "--no-check",
         "-q"], capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in out.iterdir()}
    assert {f"{SLUG}.epub", "zazolc-gesla-jazn.pdf"} <= names
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert sums.returncode == 0, sums.stdout
    import json

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "seeds/Brief ż 1.txt" in [e["source"] for e in manifest["briefs"]]


def test_non_ascii_path_in_an_error_line(tmp_path, capsys):
    source = tmp_path / "Brief ż 1.txt"
    source.write_bytes(b"")
    assert main(["normalize", str(source)]) == 2
    assert capsys.readouterr().err == f"publish: {source}: error: empty brief (no text)\n"


# --- read-only output and a full disk ------------------------------------------------------------


def no_partial(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_write_failures_are_one_line_exit_3_no_partial_file(code, write_brief, tmp_path, capsys,
                                                           monkeypatch):  # fmt: skip
    """Simulated: as root, chmod cannot make a folder read-only; the write itself fails."""
    source = write_brief(SMALL_BRIEF)
    out = tmp_path / "out"
    out.mkdir()

    def fail(fd: int) -> None:  # the temp file holds the data; making it durable fails
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)
    target = out / "doc.json"
    status = main(["normalize", str(source), "-o", str(target)])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 3
    reason = "disk full" if code == errno.ENOSPC else os.strerror(code)
    assert err[-1] == f"publish: {target}: error: cannot write: {reason}"
    assert not target.exists() and not no_partial(out)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_unwritable_output_folder_in_a_release(code, released, capsys, monkeypatch):
    dist = released / "dist"
    before = files(dist)
    (released / "seeds" / "delta.txt").write_text(SMALL_BRIEF.replace("three", "four"))
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if str(path).startswith(str(dist)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code_, err = release_cli(released, capsys)
    assert code_ == 3
    assert err.strip() == (f"publish: {dist}: error: cannot use the output folder: "
                           f"{os.strerror(code)}")  # fmt: skip
    monkeypatch.undo()
    assert files(dist) == before


def test_full_disk_in_a_release_keeps_the_previous_files(released, capsys, monkeypatch):
    dist = released / "dist"
    before = files(dist)
    (released / "seeds" / "delta.txt").write_text(SMALL_BRIEF.replace("three", "four"))
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, err = release_cli(released, capsys, "--jobs", "1")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert code == 3
    assert err.strip() == f"publish: {dist / (SLUG + '.epub')}: error: cannot write: disk full"
    assert files(dist) == before and not no_partial(dist)


@pytest.mark.slow
def test_a_real_full_disk(tmpfs, capsys):
    seeds = tmpfs.parent / "seeds"
    seeds.mkdir()
    (seeds / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    dist = tmpfs / "dist"
    code = main(["release", str(seeds), "--out", str(dist), "--no-check", "-q", "-j", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 3 and len(err) == 1
    assert re.fullmatch(rf"publish: {re.escape(str(dist))}/\S+: error: cannot write: disk full",
                        err[0]), err  # fmt: skip
    assert not no_partial(dist)
    for path in dist.iterdir():  # whatever did fit is complete
        if path.suffix == ".epub":
            assert zipfile.ZipFile(path).testzip() is None


@pytest.mark.slow
@pytest.mark.parametrize("tmpfs", ["4m"], indirect=True)
def test_a_real_read_only_dist(tmpfs, good_release, capsys):
    seeds = tmpfs.parent / "seeds"
    shutil.copytree(good_release / "seeds", seeds)
    shutil.copytree(good_release / "dist", tmpfs / "dist")
    (seeds / "delta.txt").write_text(SMALL_BRIEF.replace("three", "four"))
    dist = tmpfs / "dist"
    before = files(dist)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    code = main(["release", str(seeds), "--out", str(dist), "--no-check", "-q"])
    err = capsys.readouterr().err.strip()
    assert code == 3
    assert err == f"publish: {dist}: error: cannot use the output folder: Read-only file system"
    assert files(dist) == before
    for command in (
        ["epub", str(seeds / "delta.txt"), "-o", str(dist / "x.epub")],
        ["normalize", str(seeds / "delta.txt"), "-o", str(dist / "x.json")],
    ):
        assert main(command) == 3  # fmt: skip
        line = capsys.readouterr().err.strip().splitlines()[-1]
        assert line.startswith(f"publish: {dist}/x.") and "Read-only file system" in line
    assert files(dist) == before


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("---\ntitle: T\n\nBody.\n", "1: error: front matter opened with --- is never closed"),
        ("---\ntitle: T\ntitle: U\n---\n\nBody.\n", "3: error: key “title” is given twice"),
        ("---\ntitle: T\ncolour: red\n---\n\nBody.\n", "3: error: unknown key “colour”"),
        ("---\ntitle: !!python/object x\n---\n\nBody.\n", "2: error: unsupported YAML value"),
    ],
)
def test_broken_front_matter_names_the_file_and_line(front, message, write_brief, capsys):
    source = write_brief(front, "b.md")
    assert main(["normalize", str(source)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"publish: {source}:{message}"), err


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("title.txt", "June 1, 2022\n\nA Title Only\n"),
        ("front.md", "---\ntitle: Front Matter Only\n---\n"),
        ("blank.md", "---\ntitle: Blank Body\n---\n\n   \n"),
    ],
)
def test_a_brief_with_no_body_is_an_error_not_a_traceback(name, text, write_brief, capsys):
    source = write_brief(text, name)
    assert main(["normalize", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:1: error: no body paragraphs found" in err and "Traceback" not in err


@pytest.mark.parametrize("text", ["[1, 2]", '"a string"', "42", "null"])
def test_json_that_is_not_an_object_is_refused(text, write_brief, capsys):
    source = write_brief(text, "doc.json")
    assert main(["normalize", str(source)]) == 2
    err = capsys.readouterr().err
    assert err == f"publish: {source}: error: not a publish document: expected a JSON object\n"
