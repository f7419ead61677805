"""EPUB accessibility, checked by independent tools: DAISY Ace and headless Chromium.

Ace must report 0 violations of any impact on the seed and on the test briefs. Chromium lays
out each content document at 200 % text in a 360 px viewport: nothing wider than its
container, no word split without a hyphen, note-call targets at least 24×24 CSS px, even
line spacing (tests/reflow.py). Both tools are required in CI (`CI` set); elsewhere a test
without them is skipped with the install command.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from publish import Document, Inline, Note
from publish.checks.ace import INSTALL_ACE, AceResult, ace_command, parse_report, run_ace
from publish.document import Block, Meta
from publish.epub import build_epub
from publish.load import normalize_file
from tests import reflow
from tests.conftest import SMALL_BRIEF
from tests.test_epub import hostile_doc, minimal_doc

pytestmark = pytest.mark.slow


def need_ace() -> None:
    if ace_command() is None:
        if os.environ.get("CI"):
            pytest.fail(f"DAISY Ace is required in CI: {INSTALL_ACE}")
        pytest.skip(f"DAISY Ace not installed: {INSTALL_ACE}")


def need_chromium() -> None:
    if reflow.chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI: apt-get install chromium")
        pytest.skip("chromium not installed: apt-get install chromium")


def long_words_doc() -> Document:
    """A title of long words and consecutive note calls: the reflow cases."""
    doc = minimal_doc()
    doc.meta = Meta(title="Internationalisation Counterbalancing Extraordinarily Prolonged "
                    "Reconceptualisations", language="en-GB", slug="long-words")  # fmt: skip
    doc.blocks = [
        Block("heading", "h-1", "Interdependencies", [Inline("text", "Interdependencies")]),
        Block(
            "paragraph",
            "p-1",
            "",
            [
                Inline("text", "Two calls in a row follow"),
                Inline("noteref", number=1),
                Inline("noteref", number=2),
                Inline("text", " and the text goes on for a while so that it wraps over lines."),
            ],
            notes=[1, 2],
        ),  # fmt: skip
    ]
    doc.notes = [Note(1, "note-1", "One.", [Inline("text", "One.")]),
                 Note(2, "note-2", "Two.", [Inline("text", "Two.")])]  # fmt: skip
    return doc


def briefs(tmp_path: Path) -> dict[str, bytes]:
    small = tmp_path / "small.txt"
    small.write_text(SMALL_BRIEF, encoding="utf-8")
    seed = Path(__file__).resolve().parent.parent / "seeds"
    books = {p.stem: build_epub(normalize_file(p)) for p in sorted(seed.glob("*.txt"))}
    books |= {p.stem: build_epub(normalize_file(p)) for p in sorted(seed.glob("*.md"))}
    books["small"] = build_epub(normalize_file(small))
    books["hostile"] = build_epub(hostile_doc())
    books["minimal"] = build_epub(minimal_doc())
    books["long-words"] = build_epub(long_words_doc())
    return books


def test_ace_finds_no_violation(tmp_path: Path) -> None:
    need_ace()
    reports: dict[str, AceResult] = {}
    for name, epub in briefs(tmp_path).items():
        reports[name] = run_ace(epub)
        print(f"{name}: {reports[name].summary()}")  # the checker's report, kept in the output
        for line in reports[name].lines():
            print(f"  {line}")
    assert {n: r.lines() for n, r in reports.items() if not r.ok} == {}
    assert all(r.version == "1.4.6" for r in reports.values())


def old_pattern_epub() -> bytes:
    """The seed's EPUB with main's notes pattern on note 1 and no xml:lang on the package."""
    import io
    import zipfile

    from publish.load import normalize_file
    from tests.conftest import SEED

    good = build_epub(normalize_file(SEED))
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist()}
    files["EPUB/notes.xhtml"] = files["EPUB/notes.xhtml"].replace(
        b'<li class="note"><p id="note-1" epub:type="footnote" role="doc-footnote">',
        b'<li class="note" id="note-1" epub:type="footnote"><p>',
    )
    files["EPUB/content.opf"] = files["EPUB/content.opf"].replace(b' xml:lang="en-GB"', b"")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", files.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_ace_catches_the_old_notes_pattern() -> None:
    """Ace is not a formality: main's list-item notes and a package without xml:lang fail."""
    need_ace()
    report = run_ace(old_pattern_epub())
    print(report.summary())
    rules = {rule for rule, _, _ in report.violations}
    assert {"epub-lang", "epub-type-has-matching-role"} <= rules


def test_parse_report_counts_failures_only() -> None:
    report = {
        "earl:assertedBy": {"doap:release": {"doap:revision": "1.4.6"}},
        "assertions": [
            {"earl:testSubject": {"url": "notes.xhtml"}, "assertions": [
                {"earl:result": {"earl:outcome": "fail"},
                 "earl:test": {"dct:title": "epub-lang", "earl:impact": "serious"}},
                {"earl:result": {"earl:outcome": "pass"},
                 "earl:test": {"dct:title": "region", "earl:impact": "minor"}},
            ]},
        ],
    }  # fmt: skip
    result = parse_report(report)
    assert result.version == "1.4.6" and not result.ok
    assert result.violations == [("epub-lang", "serious", "notes.xhtml")]


@pytest.mark.parametrize("scale", [100, 200])
def test_reflow_at_360px(tmp_path: Path, seed_doc: Document, scale: int) -> None:
    """No clipping, no unhyphenated split word, call targets ≥ 24×24 px, even line spacing."""
    need_chromium()
    books = {"seed": build_epub(seed_doc), "long-words": build_epub(long_words_doc())}
    for name, epub in books.items():
        pages = reflow.unpack(epub, tmp_path / f"{name}-{scale}")
        shot = tmp_path / f"{name}-{scale}.png"
        measured = reflow.measure_all([reflow.instrument(p, scale) for p in pages], shot)
        assert len(measured) == len(pages)
        for page_name, result in measured.items():
            where = f"{name} {page_name} at {scale} %"
            assert result["vw"] == reflow.VIEWPORT, where
            assert result["overflow"] == [], where
            assert result["splits"] == [], where
            small = [c for c in result["calls"] if c[1] < 24 or c[2] < 24]
            assert small == [], f"{where}: call targets under 24×24 px"
            for tops in result["lines"]:
                gaps = [b - a for a, b in zip(tops, tops[1:], strict=False)]
                assert not gaps or max(gaps) - min(gaps) <= 1, f"{where}: uneven lines {gaps}"
            if page_name.endswith("text.xhtml"):
                assert result["calls"], where
        assert shot.stat().st_size > 1000  # the screenshot was taken


def test_reflow_harness_sees_the_old_title(tmp_path: Path, seed_doc: Document) -> None:
    """The harness itself can fail: the title set at 2em whatever the screen (the
    stylesheet's clamp() taken out) overflows or splits its long word."""
    need_chromium()
    page = next(p for p in reflow.unpack(build_epub(seed_doc), tmp_path) if p.name == "title.xhtml")
    css = tmp_path / "EPUB" / "css" / "epub.css"
    fixed = re.sub(r"font-size: clamp\([^)]*\);", "", css.read_text(encoding="utf-8"))
    css.write_text(fixed + ".titlepage h1 { overflow-wrap: normal; }\n", encoding="utf-8")
    result = reflow.measure(reflow.instrument(page, 200))
    assert any("Recalibrating" in line for line in result["overflow"])
