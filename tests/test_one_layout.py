"""Both PDF editions from one layout (publish/pdf/derive.py, issue 24).

The screen and print PDFs are written from one WeasyPrint layout. These tests prove that
nothing a reader sees moves: the two editions have the same text on every page and the same
structure tree, and each is what a layout of its own would give: the screen edition byte for
byte, the print edition pixel for pixel (its colour operators are written differently).
On a brief written here with links, footnotes, an endnote, figures, lists and a long table.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import publish
from publish.checks.pdfcheck import check_pdf, page_texts, squash
from publish.document import Document
from publish.pdf import _lay_out, build_pdf, build_pdf_editions
from publish.pdf.render import write_pdf
from publish.printing import PrintSettings
from tests.richbrief import write_rich_brief

pytestmark = pytest.mark.slow

LONG = "This note is long enough to be set as an endnote rather than a footnote. " * 20
MORE = f"""
## Sources and links

The data are published by the [statistics office](https://example.org/data), and the
method is in the [annex](https://example.org/annex) of the report.[^4] A last remark
closes the section, with a note so long that it is set after the text.[^5]

[^4]: See the [method note](https://example.org/method) for the definitions.
[^5]: {LONG.strip()}
"""


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    folder = tmp_path_factory.mktemp("onelayout")
    path = write_rich_brief(folder, table_rows=70)
    text = path.read_text(encoding="utf-8")
    head, _, notes = text.partition("\n[^1]:")
    path.write_text(head + MORE + "\n[^1]:" + notes, encoding="utf-8")
    return publish.load_document(path), folder


@pytest.fixture(scope="module")
def both(brief: tuple[Document, Path]) -> dict[str, bytes]:
    doc, folder = brief
    written, starts = build_pdf_editions(doc, base_dir=folder)
    assert len(starts) == len(PdfReader(io.BytesIO(written["print"])).pages)
    return written


def _texts(data: bytes) -> list[str]:
    return [squash(t) for t in page_texts(PdfReader(io.BytesIO(data)), data)]


def test_the_brief_has_what_the_tests_need(brief: tuple[Document, Path], both) -> None:
    doc, _ = brief
    assert len(doc.notes) == 5
    texts = _texts(both["screen"])
    assert len(texts) >= 3  # the table crosses pages
    assert any(squash("statistics office") in t for t in texts)
    assert squash("Screen PDF, A4; Print PDF, A4, 3 mm bleed") in texts[-1]


def test_same_text_on_every_page(both: dict[str, bytes]) -> None:
    screen, printed = _texts(both["screen"]), _texts(both["print"])
    assert len(screen) == len(printed)
    for number, (a, b) in enumerate(zip(screen, printed, strict=True), 1):
        assert a == b, number


def _destinations(data: bytes) -> dict[str, int]:
    """Named destination -> page index: where every call and note is."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        names = pdf.Root.Names.Dests.Names
        return {str(names[i]): pages[names[i + 1][0].objgen] for i in range(0, len(names), 2)}


def test_footnotes_and_page_breaks_are_the_same(brief, both: dict[str, bytes]) -> None:
    doc, _ = brief
    places = {edition: _destinations(data) for edition, data in both.items()}
    assert places["screen"] == places["print"]
    assert {"ref-1", "note-1", "endnote-5"} <= set(places["print"])
    for edition, data in both.items():
        report = check_pdf(data, doc, edition=edition)
        assert report.ok, (edition, report.problems)
        assert report.notes_on_call_page == report.notes_total == 4


def _tree(data: bytes) -> list[object]:
    """The structure tree as plain data: types, ids, attributes, marked content by page."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

        def node(obj: object, page: int | None) -> object:
            if isinstance(obj, int):
                return ("mcid", obj, page)
            assert isinstance(obj, pikepdf.Dictionary)
            kind = str(obj.get("/Type", ""))
            if kind == "/MCR":
                return ("mcr", int(obj.MCID), pages[obj.Pg.objgen])
            if kind == "/OBJR":
                annot = obj.Obj
                return ("objr", str(annot.Subtype), str(annot.get("/Contents", "")),
                        [round(float(v), 2) for v in annot.Rect])  # fmt: skip
            page = pages[obj.Pg.objgen] if "/Pg" in obj else page
            facts = [str(obj.S)] + [str(obj.get(k, "")) for k in
                                    ("/ID", "/Alt", "/Lang", "/ActualText", "/T")]  # fmt: skip
            facts.append(repr(obj.get("/A", "")))
            kids = obj.get("/K")
            if kids is None:
                return (facts, [])
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            return (facts, [node(kid, page) for kid in kids])

        root = pdf.Root.StructTreeRoot
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        return [node(kid, None) for kid in kids]


def _numbered(tree: list[object]) -> str:
    """WeasyPrint names a table's header cells after the table's PDF object number
    ("539-0-0"), which an extra object (the print edition's ICC profile) shifts: the numbers
    are replaced by their order of first appearance."""
    seen: dict[str, str] = {}

    def name(match: re.Match[str]) -> str:
        return seen.setdefault(match.group(1), f"table{len(seen)}") + match.group(2)

    return re.sub(r"\b(\d+)(-\d+-\d+)\b", name, repr(tree))


def test_same_structure_tree(both: dict[str, bytes]) -> None:
    screen, printed = _numbered(_tree(both["screen"])), _numbered(_tree(both["print"]))
    assert "table0-0-0" in screen
    assert screen == printed
    flat = screen
    for tag in ("'/Note'", "'/Lbl'", "'/Reference'", "'/Link'", "'/Table'", "'/Figure'"):
        assert tag in flat, tag


def test_each_edition_is_what_its_own_layout_gives(brief, both: dict[str, bytes]) -> None:
    """The screen edition is byte-identical to one laid out with the screen stylesheets
    alone; the print edition has the same pixels as one laid out with the print stylesheets
    (links black, colours CMYK through the palette, bleed), trim and bleed boxes alike."""
    from publish.identity import edition_uuid
    from publish.pdf.xmp import identifiers_edit

    doc, folder = brief
    press = PrintSettings()
    key = edition_uuid(doc)
    alone = {
        e: write_pdf(_lay_out(doc, e, "a4", folder, p), p, key, then=identifiers_edit(doc, e))
        for e, p in (("screen", None), ("print", press))
    }
    assert alone["screen"] == both["screen"]
    assert _boxes(alone["print"]) == _boxes(both["print"])
    assert _pixels(alone["print"]) == _pixels(both["print"])
    # and the print edition is not the screen's: links and calls black, bleed and slug
    assert _pixels(both["screen"]) != _pixels(both["print"])


def _boxes(data: bytes) -> list[list[list[float]]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [[[round(float(v), 2) for v in page.obj[box]] for box in
                 ("/MediaBox", "/BleedBox", "/TrimBox")] for page in pdf.pages]  # fmt: skip


def _pixels(data: bytes) -> list[bytes]:
    """Every page rasterised at 72 dpi by poppler (pdftoppm), as RGB bytes."""
    import tempfile

    from PIL import Image

    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([tool, "-r", "72", "-", f"{folder}/p"], input=data, check=True)
        pages = sorted(Path(folder).glob("p*.ppm"))
        return [Image.open(page).convert("RGB").tobytes() for page in pages]


def test_the_screen_edition_alone_is_the_same_file(brief, both: dict[str, bytes]) -> None:
    """`publish pdf` builds one edition; it writes the same bytes as the release's pair."""
    doc, folder = brief
    assert build_pdf(doc, "screen", base_dir=folder) == both["screen"]
    assert build_pdf(doc, "print", base_dir=folder) == both["print"]


def test_a_release_worker_writes_the_screen_edition_from_the_kept_layout(brief, both) -> None:
    """The release's two tasks on one worker (publish/rendering.py): the print task keeps its
    layout, the screen task takes it; the editions are the pair's, byte for byte."""
    from publish import pdfeditions

    doc, _ = brief
    text = doc.to_json(indent=None)
    printed = pdfeditions.build_pdf_shared(text, "print", check=False, keep=True)
    assert len(pdfeditions._KEPT) == 1
    screen = pdfeditions.build_pdf_shared(text, "pdf", check=False, keep=False)
    assert not pdfeditions._KEPT  # taken: nothing left behind in the worker
    assert printed.ok and screen.ok and printed.page_starts and not screen.page_starts
    assert (printed.data, screen.data) == (both["print"], both["screen"])


def test_the_screen_edition_laid_out_alone_has_the_print_editions_page_starts(brief) -> None:
    """A release with one brief on two cores lays its two PDFs out apart and starts the EPUB
    from whichever is done first (publish/rendering.py): the screen edition's page starts,
    asked for, are the print edition's, on a brief whose table and notes cross pages."""
    from publish.editions import EditionResult, build_edition
    from publish.rendering import _same_pages

    doc, _ = brief
    text = doc.to_json(indent=None)
    printed = build_edition(text, "print", check=False, epubcheck=False)
    screen = build_edition(text, "pdf", check=False, epubcheck=False, pages=True)
    assert build_edition(text, "pdf", check=False, epubcheck=False).page_starts == []
    assert len(printed.page_starts) >= 3 and screen.page_starts == printed.page_starts
    # Should they ever differ, the brief fails rather than ship the screen's page numbers.
    results = {Path("a.md"): {"print": printed, "pdf": screen}}
    _same_pages(results)
    assert printed.ok
    moved = EditionResult("pdf", screen.file_name, page_starts=screen.page_starts[:-1])
    _same_pages({Path("a.md"): {"print": printed, "pdf": moved}})
    assert not printed.ok and "not the screen edition's" in printed.problems[-1]
