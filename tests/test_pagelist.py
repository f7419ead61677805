"""The print edition's page numbers in the EPUB (issue 25): for every page of the print PDF,
read back with pypdf, the EPUB's page-break marker sits immediately before the first word of
that page's body text; the page list lists every page in order; EPUBCheck and DAISY Ace
stay clean. The briefs are written here, on A5 so that a few paragraphs run over pages.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

import publish
from publish.content import Inline
from publish.epub import build_epub
from publish.epub.pagebreaks import insert
from publish.pagemap import PageStart
from publish.pdf import build_pdf_pages
from publish.pdf.pagestarts import _fill

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
WORDS = [
    "river",
    "delta",
    "farmers",
    "water",
    "council",
    "ledger",
    "harvest",
    "season",
    "village",
    "canal",
    "pump",
    "storage",
    "channel",
    "drought",
    "market",
    "price",
    "labour",
    "survey",
    "region",
    "treaty",
    "bridge",
    "crossing",
    "flood",
    "basin",
    "grain",
    "orchard",
    "meadow",
    "record",
    "levy",
    "station",
    "archive",
    "district",
    "harbour",
]


def sentences(seed: int, count: int) -> str:
    """`count` plain sentences, different for each `seed`, with no hyphens or digits."""
    out = []
    for i in range(count):
        words = [WORDS[(seed * 7 + i * 5 + j * 3) % len(WORDS)] for j in range(9 + i % 5)]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def long_brief() -> str:
    """Sections, footnotes, a list and a quotation, over several A5 pages."""
    return f"""\
---
title: Water Ledgers of the Northern Delta
series: Field Papers
number: 12
date: 2024-05-02
authors: [Ann Lee]
paper: a5
---

{sentences(1, 14)}[^1] {sentences(2, 6)}

## Early Agreements

{sentences(3, 18)}[^2]

{sentences(4, 12)}

- {sentences(5, 2)}
- {sentences(6, 3)}
- {sentences(7, 2)}

> {sentences(8, 5)}

## Later Records

{sentences(9, 22)}[^3] {sentences(10, 8)}

{sentences(11, 16)}

## What Comes Next

{sentences(12, 20)}

[^1]: A. Author, Delta Cooperatives, Journal of Water, 2019.
[^2]: B. Writer, Ledgers and Law, Cityville Press, 2020.
[^3]: C. Scholar, Binding Ledgers, 2021.
"""


def one_paragraph_brief() -> str:
    """One paragraph far longer than an A5 page: it must break in the middle."""
    return f"""\
---
title: One Long Paragraph
date: 2024-05-02
paper: a5
---

{sentences(20, 60)}
"""


def endnotes_brief() -> str:
    """Notes too long for the foot of a page are set as endnotes, here over pages."""
    return f"""\
---
title: Long Notes
date: 2024-05-02
paper: a5
---

{sentences(50, 12)}[^1] {sentences(51, 5)}[^2]

[^1]: {sentences(52, 25)}
[^2]: {sentences(53, 30)}
"""


def editions(tmp_path: Path, text: str) -> tuple[bytes, bytes, list[PageStart]]:
    path = tmp_path / "brief.md"
    path.write_text(text, encoding="utf-8")
    doc = publish.normalize(path)
    pdf, starts = build_pdf_pages(doc, "print", doc.meta.paper or "a4")
    return pdf, build_epub(doc, page_starts=starts), starts


# --- what pypdf reads on each page -------------------------------------------------------------


def body_rows(pdf: bytes) -> list[list[str]]:
    """Per page, the words of its body text, top to bottom: running heads, page numbers,
    footnotes and note calls are set in 8 pt or less (styles/pdf.css), the body in more."""
    reader = PdfReader(io.BytesIO(pdf))
    pages: list[list[tuple[float, float, float, str]]] = []
    for page in reader.pages:
        rows: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, _font, size, rows=rows):
            if text.strip():
                y = tm[5] * cm[3] + cm[5]
                rows.append((y, tm[4] * cm[0] + cm[4], size * tm[3] * cm[3], text))

        page.extract_text(visitor_text=visit)
        pages.append(rows)
    out = []
    for rows in pages:
        body = sorted((r for r in rows if r[2] > 8.25), key=lambda r: (-round(r[0]), r[1]))
        out.append([w for r in body for w in r[3].split()])
    return out


SAME = 3  # words compared at each page start: one alone could agree by chance


def norm(word: str) -> str:
    return unicodedata.normalize("NFKC", word).replace("\u2010", "-").casefold()


def first_words(pdf: bytes) -> list[str]:
    """Each page's first body word; a word hyphenated over the page break belongs to the
    page where it began, so the next word starts the page then."""
    pages = body_rows(pdf)
    out = []
    for index, words in enumerate(pages):
        assert words, f"page {index + 1} has no body text"
        before = pages[index - 1] if index else []
        hyphenated = bool(before) and before[-1].endswith(("-", "\u2010", "\u00ad"))
        words = words[1:] if hyphenated and len(words) > 1 else words
        out.append(" ".join(norm(w) for w in words[:SAME]))
    return out


# --- what the EPUB holds ------------------------------------------------------------------------


def spine_documents(epub: bytes) -> list[tuple[str, str]]:
    book = zipfile.ZipFile(io.BytesIO(epub))
    opf = etree.fromstring(book.read("EPUB/content.opf"))
    ns = {"o": "http://www.idpf.org/2007/opf"}
    hrefs = {i.get("id"): i.get("href") for i in opf.iterfind(".//o:manifest/o:item", ns)}
    order = [hrefs[r.get("idref")] for r in opf.iterfind(".//o:spine/o:itemref", ns)]
    return [(name, book.read(f"EPUB/{name}").decode("utf-8")) for name in order]


def word_after(markup: str, label: str) -> str:
    """The first words after page `label`'s marker, with nothing but tags between."""
    rest = markup.split(f'<span id="page-{label}"', 1)[1].split("/>", 1)[1]
    rest = re.sub(r'<sup class="noteref[^"]*">.*?</sup>', "", rest, flags=re.S)
    rest = re.sub(r'<span id="page-\d+"[^>]*/>', "", rest)  # a following page's marker
    text = html.unescape(re.sub(r"<[^>]+>", " ", rest))
    return " ".join(norm(w) for w in text.split()[:SAME])


def text_before_in_block(markup: str, label: str) -> str:
    """The text of the marker's own block element before the marker."""
    root = etree.fromstring(markup.encode("utf-8"))
    span = root.find(f".//{XHTML}span[@id='page-{label}']")
    parent = span.getparent()
    before = (parent.text or "") + "".join(
        etree.tostring(c, method="text", encoding="unicode", with_tail=True)
        for c in parent
        if c is not span and c.getparent() is parent and parent.index(c) < parent.index(span)
    )
    return f"{parent.tag.replace(XHTML, '')}:{before.strip()}"


def markers(epub: bytes) -> list[tuple[str, str]]:
    """(file, label) of every page-break marker, in reading order."""
    found = []
    for name, markup in spine_documents(epub):
        found += [(name, label) for label in re.findall(r'<span id="page-(\d+)"', markup)]
    return found


def page_list(epub: bytes) -> list[tuple[str, str]]:
    nav = zipfile.ZipFile(io.BytesIO(epub)).read("EPUB/nav.xhtml")
    root = etree.fromstring(nav)
    (pages,) = [n for n in root.iter(f"{XHTML}nav") if n.get(f"{EPUB_NS}type") == "page-list"]
    assert pages.get("role") == "doc-pagelist" and pages.get("hidden") == "hidden"
    return [(a.get("href"), a.text) for a in pages.iter(f"{XHTML}a")]


# --- tests ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_editions(tmp_path_factory) -> tuple[bytes, bytes, list[PageStart]]:
    return editions(tmp_path_factory.mktemp("long"), long_brief())


def test_every_print_page_has_its_marker_before_its_first_word(long_editions) -> None:
    pdf, epub, _ = long_editions
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 4  # the brief is long enough to test anything
    expected = first_words(pdf)
    docs = dict(spine_documents(epub))
    placed = dict((label, name) for name, label in markers(epub))
    assert sorted(placed, key=int) == [str(n) for n in range(1, pages + 1)]
    for number, word in enumerate(expected, start=1):
        name = placed[str(number)]
        assert word_after(docs[name], str(number)) == word, f"page {number} in {name}"
    assert placed["1"] == "title.xhtml"  # the print edition opens with its title block
    assert {placed[str(n)] for n in range(2, pages + 1)} == {"text.xhtml"}


def test_the_page_list_lists_every_page_in_reading_order(long_editions) -> None:
    pdf, epub, _ = long_editions
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    listed = page_list(epub)
    assert [label for _, label in listed] == [str(n) for n in range(1, pages + 1)]
    assert [label for _, label in markers(epub)] == [label for _, label in listed]
    for href, label in listed:  # every link reaches its marker
        name, fragment = href.split("#")
        assert fragment == f"page-{label}"
        assert (
            f'<span id="{fragment}" epub:type="pagebreak" role="doc-pagebreak" '
            in dict(spine_documents(epub))[name]
        )


def test_the_package_names_the_print_edition(long_editions) -> None:
    _, epub, _ = long_editions
    opf = zipfile.ZipFile(io.BytesIO(epub)).read("EPUB/content.opf").decode("utf-8")
    source = re.search(r"<dc:source>(.*?)</dc:source>", opf).group(1)
    assert "water-ledgers-of-the-northern-delta-print.pdf" in source and "(A5)" in source
    assert f'<meta property="pageBreakSource">{source}</meta>' in opf
    for feature in ("pageBreakMarkers", "pageNavigation"):
        assert f'<meta property="schema:accessibilityFeature">{feature}</meta>' in opf


def test_a_print_edition_with_an_isbn_is_named_by_it(tmp_path: Path) -> None:
    """dc:source and pageBreakSource name the print edition by its ISBN when it has one."""
    text = one_paragraph_brief().replace("paper: a5", "paper: a5\nisbn_print: 978-0-306-40615-7")
    _, epub, _ = editions(tmp_path, text)
    opf = zipfile.ZipFile(io.BytesIO(epub)).read("EPUB/content.opf").decode("utf-8")
    assert re.findall(r"<dc:source>(.*?)</dc:source>", opf) == ["urn:isbn:9780306406157"]
    assert '<meta property="pageBreakSource">urn:isbn:9780306406157</meta>' in opf


def test_a_paragraph_split_over_pages_gets_its_marker_mid_paragraph(tmp_path: Path) -> None:
    pdf, epub, starts = editions(tmp_path, one_paragraph_brief())
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    expected = first_words(pdf)
    body = dict(spine_documents(epub))["text.xhtml"]
    for start in starts[1:]:
        assert start.target == "p1" and not start.whole and start.index > 0
        assert word_after(body, start.label) == expected[int(start.label) - 1]
        where = text_before_in_block(body, start.label)
        assert where.startswith("p:") and len(where) > 100, where  # inside the paragraph


def test_without_page_starts_the_epub_has_no_page_markers(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text(one_paragraph_brief(), encoding="utf-8")
    epub = build_epub(publish.normalize(path))
    assert markers(epub) == []
    book = zipfile.ZipFile(io.BytesIO(epub))
    assert b"page-list" not in book.read("EPUB/nav.xhtml")
    assert b"pageBreak" not in book.read("EPUB/content.opf")


def test_markers_skip_note_calls_and_labels() -> None:
    """The count is the brief's text: a note call's number and our labels are not in it."""
    fragment = (
        '<p>Alpha beta.<sup class="noteref"><a href="n#1">1</a></sup> 1998 &amp; gamma'
        ' <span class="label">Figure 1.</span> delta</p>'
    )
    text = "".join(
        i.text for i in [Inline("text", "Alpha beta."), Inline("text", " 1998 & gamma delta")]
    )
    # characters: Alphabeta. (0-9), 1998 (10-13), & (14), gamma (15-19), delta (20-24)
    out = insert(
        fragment, text, [PageStart("2", "p", 10), PageStart("3", "p", 14), PageStart("4", "p", 20)]
    )
    assert '</sup> <span id="page-2"' in out and 'aria-label="2"/>1998' in out
    assert 'aria-label="3"/>&amp; gamma' in out
    assert (
        '</span> <span id="page-4" epub:type="pagebreak" role="doc-pagebreak" aria-label="4"/>delta'
        in out
    )


def test_a_page_without_body_text_takes_the_next_pages_place() -> None:
    """Only footnotes carried over: the page is listed, at the reading position it starts."""
    filled = _fill([PageStart("1", "title"), None, PageStart("3", "p4", 12), None])
    assert filled == [
        PageStart("1", "title"),
        PageStart("2", "p4", 12),
        PageStart("3", "p4", 12),
        PageStart("4", "colophon-end"),
    ]


def test_endnotes_over_pages_are_marked_at_the_right_word(tmp_path: Path) -> None:
    pdf, epub, starts = editions(tmp_path, endnotes_brief())
    expected = first_words(pdf)
    docs = dict(spine_documents(epub))
    notes = [s for s in starts if s.target.startswith("note-")]
    assert notes and len(starts) == len(PdfReader(io.BytesIO(pdf)).pages)
    for start in notes:
        assert word_after(docs["notes.xhtml"], start.label) == expected[int(start.label) - 1]


@pytest.mark.slow
@pytest.mark.parametrize("brief", [long_brief, endnotes_brief])
def test_epubcheck_and_ace_pass_with_page_markers(tmp_path: Path, brief) -> None:
    from publish.checks.ace import run_ace
    from tests.test_a11y_epub import need_ace
    from tests.test_epub import assert_clean

    _, epub, _ = editions(tmp_path, brief())
    assert_clean(epub)
    need_ace()
    report = run_ace(epub)
    assert report.ok, report.lines()


def test_release_builds_the_epub_from_the_print_layout(tmp_path: Path) -> None:
    from publish.release import release

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "brief.md").write_text(long_brief(), encoding="utf-8")
    out = tmp_path / "dist"
    assert release(seeds, out, jobs=2, check=False).exit_code == 0
    (epub_path,) = out.glob("*.epub")
    (print_path,) = out.glob("*-print.pdf")
    pages = len(PdfReader(print_path).pages)
    assert [label for _, label in page_list(epub_path.read_bytes())] == [
        str(n) for n in range(1, pages + 1)
    ]
    assert Counter(label for _, label in markers(epub_path.read_bytes())) == Counter(
        str(n) for n in range(1, pages + 1)
    )


def test_the_gate_checks_the_page_list(long_editions) -> None:
    from publish.checks.pagelist import page_list_problems

    _, epub, starts = long_editions
    assert page_list_problems(epub, len(starts)) == []
    assert page_list_problems(epub, len(starts) + 1)  # a print page without its marker
    book = zipfile.ZipFile(io.BytesIO(epub))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for info in book.infolist():
            data = book.read(info)
            if info.filename == "EPUB/nav.xhtml":  # two pages swapped in the list
                data = data.replace(b">2</a>", b">x</a>").replace(b">3</a>", b">2</a>")
                data = data.replace(b">x</a>", b">3</a>")
            broken.writestr(info, data)
    problems = page_list_problems(out.getvalue(), len(starts))
    assert any("in order" in p for p in problems) and any("reach" in p for p in problems)


def test_a_page_that_opens_with_a_figure_is_marked_before_the_figure(tmp_path: Path) -> None:
    """A figure too tall for what is left of page 2 opens page 3: its marker goes before the
    <figure>, and the page's first words (the caption) follow it."""
    from PIL import Image

    Image.new("RGB", (600, 700), (40, 90, 160)).save(tmp_path / "chart.png", dpi=(96, 96))
    text = f"""\
---
title: A Tall Figure
date: 2024-05-02
paper: a5
---

{sentences(30, 30)}

![A blue rectangle](chart.png "Flows across the northern delta.")

{sentences(31, 6)}
"""
    pdf, epub, starts = editions(tmp_path, text)
    (figure,) = publish.normalize(tmp_path / "brief.md").figures()
    (start,) = [s for s in starts if s.target == figure.id]  # it opens a page
    assert start.whole and start.index == 0
    figure_id = figure.id
    body = dict(spine_documents(epub))["text.xhtml"]
    assert re.search(rf'<span id="page-{start.label}"[^>]*/><figure id="{figure_id}"', body)
    assert word_after(body, start.label) == first_words(pdf)[int(start.label) - 1]


def test_a_table_over_pages_is_marked_at_each_pages_first_new_row(tmp_path: Path) -> None:
    """The header WeasyPrint repeats on each page is not the page's start: its first row is."""
    rows = "\n".join(
        f"| {WORDS[i % len(WORDS)]} {i} | {WORDS[(i * 7) % len(WORDS)]} | {i * 3} |"
        for i in range(90)
    )
    text = f"""\
---
title: A Long Table
date: 2024-05-02
paper: a5
---

{sentences(40, 10)}

| Station | Basin | Flow |
|---|---|---|
{rows}

{sentences(41, 6)}
"""
    pdf, epub, starts = editions(tmp_path, text)
    (table,) = publish.normalize(tmp_path / "brief.md").tables()
    pages = body_rows(pdf)
    later = [s for s in starts if s.target == table.id and int(s.label) > 1]
    assert len(later) >= 2
    body = dict(spine_documents(epub))["text.xhtml"]
    for start in later:
        words = pages[int(start.label) - 1]
        assert [norm(w) for w in words[:3]] == ["station", "basin", "flow"]  # repeated
        assert word_after(body, start.label) == " ".join(norm(w) for w in words[3 : 3 + SAME])
        assert re.search(rf'<td><span id="page-{start.label}"', body)  # in its first cell
