"""PDF editions of the seed: real WeasyPrint renders, checked as a reader and a printer would.

Each seed edition is rendered once per session (module fixtures); byte-identity renders the
screen edition a second time.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import publish
from publish.checks.pdfcheck import check_pdf, expected_bookmarks, page_texts, squash
from publish.document import Document
from publish.pdf import build_pdf

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "hague-summit-3-recalibrating-relations-with-russia.txt"
HEADINGS = [
    "Hopes Meet Reality",
    "Russia’s End Game",
    "Putin Doubles Down",
    "Towards The Hague",
    "Conclusions",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed() -> Document:
    return publish.load_document(SEED)


@pytest.fixture(scope="module")
def screen(seed: Document) -> bytes:
    return build_pdf(seed, "screen", base_dir=SEED.parent)


@pytest.fixture(scope="module")
def printed(seed: Document) -> bytes:
    return build_pdf(seed, "print", base_dir=SEED.parent)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def test_seed_is_what_the_tests_assume(seed: Document) -> None:
    assert [h.text for h in seed.headings()] == HEADINGS
    assert len(seed.notes) == 23
    assert seed.colophon.disclaimer


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_every_note_on_its_calls_page(
    edition: str, seed: Document, screen: bytes, printed: bytes
) -> None:
    data = screen if edition == "screen" else printed
    report = check_pdf(data, seed, edition=edition)
    assert (report.notes_on_call_page, report.notes_total) == (23, 23), report.problems
    assert report.problems == []
    assert 4 <= report.pages <= 7


def test_print_has_same_pagination_as_screen(screen: bytes, printed: bytes) -> None:
    assert len(reader(screen).pages) == len(reader(printed).pages)


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_all_fonts_embedded_per_pdffonts(
    edition: str, screen: bytes, printed: bytes, tmp_path: Path
) -> None:
    data = screen if edition == "screen" else printed
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) not installed")
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(data)
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows, out.stdout
    # Column "emb" is the 3rd from the right-hand flags: name type encoding emb sub uni id gen.
    assert all(row.split()[-5] == "yes" for row in rows), out.stdout
    assert all("Source-Serif-Pro" in row for row in rows), out.stdout  # no fallback face


def test_tagged_pdf_ua(screen: bytes) -> None:
    r = reader(screen)
    root = r.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()  # XMP: PDF/UA-1


def test_metadata_and_dates(seed: Document, screen: bytes) -> None:
    info = reader(screen).metadata
    assert info is not None
    assert info.title == "Recalibrating Relations with Russia"
    assert info.subject and info.subject.startswith("At their 2024 Summit")
    assert "Hague Summit Series" in (info.get("/Keywords") or "")
    assert info.get("/Author") is None  # the seed names no author
    # The brief's date, never the clock (conftest or CI may set SOURCE_DATE_EPOCH).
    from publish.identity import build_datetime

    stamp = build_datetime(seed).strftime("%Y%m%d%H%M%S")
    assert str(info["/CreationDate"]).startswith(f"D:{stamp}")
    assert str(info["/ModDate"]).startswith(f"D:{stamp}")


def test_bookmarks_are_sections_and_colophon(seed: Document, screen: bytes) -> None:
    titles = check_pdf(screen, seed).bookmarks
    assert titles == HEADINGS + ["Colophon"] == expected_bookmarks(seed)


def test_disclaimer_and_colophon_on_last_page(seed: Document, screen: bytes) -> None:
    texts = page_texts(reader(screen))
    last = squash(texts[-1])
    assert squash(seed.colophon.disclaimer or "") in last
    for fact in (
        "International Centre for Defence and Security",
        "16 June 2025",
        "Screen PDF, A4",
        "urn:uuid:",
        "Hague Summit Series · No. 3",
    ):
        assert squash(fact) in last, fact


def test_title_block_and_running_heads(screen: bytes) -> None:
    texts = page_texts(reader(screen))
    first = squash(texts[0])
    assert squash("HAGUE SUMMIT SERIES · NO. 3") in squash(texts[0].upper())
    assert squash("Recalibrating Relations with Russia") in first
    assert squash("16 June 2025") in first
    head = squash("Hague Summit Series · Recalibrating Relations with Russia")
    assert head not in first  # no running head on the title page
    n = len(texts)
    for i, text in enumerate(texts):
        assert squash(f"page {i + 1} of {n}") in squash(text)
        if i:
            assert head in squash(text)


def test_print_boxes_and_marks(printed: bytes, screen: bytes) -> None:
    for page in reader(printed).pages:
        trim = [float(v) for v in page["/TrimBox"]]
        bleed = [float(v) for v in page["/BleedBox"]]
        assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.1)  # A4 trim
        assert trim[0] - bleed[0] == pytest.approx(3 / 25.4 * 72, abs=0.05)
    # Screen pages are trimmed exactly at A4, without bleed.
    page = reader(screen).pages[0]
    assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.1)


def test_print_links_and_calls_are_black(printed: bytes, screen: bytes) -> None:
    # The accent colour #1f4e79 paints links and calls on screen; in print they are black.
    # Text colour is "r g b rg" in content streams: look for the accent on the notes' page.
    accent = b"0.121569 0.305882 0.47451 rg"

    def colours(data: bytes) -> int:
        return sum(p.get_contents().get_data().count(accent) for p in reader(data).pages)

    assert colours(screen) > colours(printed)


def test_note_urls_are_live_links(screen: bytes) -> None:
    uris = [
        str(annot.get_object()["/A"]["/URI"])
        for page in reader(screen).pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    ]
    assert "https://www.foi.se/rest-api/report/FOI%20Memo%208540" in uris


def test_rerender_is_byte_identical(seed: Document, screen: bytes) -> None:
    assert build_pdf(seed, "screen", base_dir=SEED.parent) == screen


def test_qpdf_check_clean(screen: bytes, printed: bytes, tmp_path: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf not installed")
    for name, data in (("screen.pdf", screen), ("print.pdf", printed)):
        pdf = tmp_path / name
        pdf.write_bytes(data)
        out = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
        assert "No syntax or stream encoding errors found" in out.stdout
        assert "WARNING" not in out.stdout + out.stderr


def test_deferred_footnote_is_repaired(seed: Document) -> None:
    """A pull quote left where the normalizer found it makes WeasyPrint defer note 8 on
    Letter paper (orphans forbid an earlier break); the renderer re-lays it out."""
    from publish.pdf.html import document_html, running_head
    from publish.pdf.render import misplaced_notes, render_document

    doc = Document.from_dict(seed.to_dict())
    doc.pullquotes()[1].source = None
    first = render_document(
        document_html(doc, "screen", "letter"),
        edition="screen",
        paper="letter",
        running_head=running_head(doc),
    )
    assert misplaced_notes(first), "the layout no longer reproduces the deferral"
    report = check_pdf(build_pdf(doc, "screen", "letter"), doc)
    assert report.notes_on_call_page == 23, report.problems
