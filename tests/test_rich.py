"""Figures, tables, lists and block quotes (issue 13): model, readers, writer, both backends.

Small briefs are written inside the tests; the full fixture (`richbrief`) has every element,
two real images (a PNG drawn with Pillow, an SVG with a script to remove) and a table long
enough to cross a page break.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from publish import images
from publish.document import Document, Inline, ListItem, SubList, list_items
from publish.epub import build_epub
from publish.load import normalize_file, normalize_markdown, normalize_text, schema_problem
from publish.markdown_writer import to_markdown

from .conftest import content
from .richbrief import SVG, write_png, write_rich_brief

X = {"x": "http://www.w3.org/1999/xhtml", "opf": "http://www.idpf.org/2007/opf"}
HEAD = "---\ntitle: Rich\ndate: 2025-06-16\n---\n\nAn opening paragraph of text.\n\n"


def md(folder: Path, body: str, name: str = "b.md") -> Document:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEAD + body, encoding="utf-8")
    return normalize_file(path)


def messages(doc: Document) -> list[str]:
    return [d.format() for d in doc.diagnostics]


# --- the Markdown reader --------------------------------------------------------------------


def test_image_alone_in_a_paragraph_is_a_figure_with_caption_and_source(tmp_path):
    write_png(tmp_path / "c.png", 600, 300, dpi=300)
    doc = md(
        tmp_path,
        "![A chart](c.png)\n\nThe caption, with a note.[^1]\n{: .caption }\n\n"
        'Source: us.\n{: .source }\n\n![](c.png "Titled.")\n\n[^1]: The note.\n',
    )
    first, second = doc.figures()
    assert (first.number, first.alt, first.src) == (1, "A chart", "c.png")
    assert first.text == "The caption, with a note."
    assert first.notes == [1]
    assert [r.text for r in first.credit] == ["Source: us."]
    assert (first.media_type, first.width, first.height, first.dpi) == ("image/png", 600, 300, 300)
    assert second.number == 2 and second.text == "Titled." and second.alt == ""
    out = messages(doc)
    assert any("figure 2 has no alt text: marked decorative" in m for m in out)
    assert not any("never called" in m for m in out)  # the caption's call counts


def test_missing_image_is_an_error_naming_file_and_line(tmp_path):
    doc = md(tmp_path, "Text.\n\n![Gone](nowhere.png)\n")
    error = [d for d in doc.diagnostics if d.level == "error"]
    assert [d.format() for d in error] == [
        f"{tmp_path / 'b.md'}:10: error: figure 1: image file “nowhere.png” not found"
    ]


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("../outside.png", "is outside the brief's folder"),
        ("/etc/passwd", "must be a path relative"),
        ("file:///etc/passwd", "no URLs"),
        ("https://example.org/x.png", "no URLs"),
        ("fake.png", "not a readable PNG, JPEG or SVG"),
        ("anim.gif", "is a GIF image; use PNG, JPEG or SVG"),
    ],
)
def test_images_outside_the_folder_or_of_other_kinds_are_refused(tmp_path, src, expected):
    (tmp_path / "outside.png").write_bytes(b"x")
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "fake.png").write_text("not an image")
    from PIL import Image

    Image.new("RGB", (4, 4)).save(folder / "anim.gif")
    doc = md(folder, f"![Alt]({src})\n")
    errors = [d.message for d in doc.errors()]
    assert len(errors) == 1 and expected in errors[0], errors


def test_image_size_limits_give_clear_errors(tmp_path, monkeypatch):
    write_png(tmp_path / "big.png", 400, 300)
    monkeypatch.setattr(images, "MAX_PIXELS", 100_000)
    doc = md(tmp_path, "![Big](big.png)\n")
    assert "has 400×300 pixels; the limit is 100,000 pixels" in doc.errors()[0].message
    (tmp_path / "huge.svg").write_text(SVG + " " * images.MAX_SVG_BYTES)
    doc = md(tmp_path, "![Huge](huge.svg)\n")
    assert "the limit is 2,000,000" in doc.errors()[0].message


def test_low_resolution_for_print_is_a_warning(tmp_path):
    write_png(tmp_path / "low.png", 600, 300, dpi=72)  # 8.3 in wide at 72 dpi: over the column
    write_png(tmp_path / "sharp.png", 1800, 900, dpi=300)
    write_png(tmp_path / "plain.png", 800, 400, dpi=1)  # no stated resolution: 96 px an inch
    doc = md(tmp_path, "![L](low.png)\n\n![S](sharp.png)\n\n![P](plain.png)\n")
    warned = [m for m in messages(doc) if "dpi" in m]
    assert len(warned) == 2
    assert "figure 1: “low.png” prints at 92 dpi (600 px over 166 mm)" in warned[0]
    assert "figure 3: “plain.png” prints at 122 dpi (800 px over 166 mm)" in warned[1]


def test_pipe_table_with_caption_alignment_row_headers_and_notes(tmp_path):
    doc = md(
        tmp_path,
        "Table: Shares[^1]\n{: .row-headers }\n\n| Land | Share |\n|:--|--:|\n"
        "| A | 1[^2] |\n| B | *2* |\n\nSource: office.\n{: .source }\n\nAfter.\n\n"
        "| x | y |\n|---|---|\n| 1 | 2 |\n\nTable: Caption after\n\n[^1]: One.\n[^2]: Two.\n",
    )
    first, second = doc.tables()
    assert (first.number, first.text, first.row_headers) == (1, "Shares", True)
    assert first.align == ["left", "right"]
    assert [[c[0].text for c in row] for row in first.head] == [["Land", "Share"]]
    assert first.rows[0][1] == [Inline("text", "1"), Inline("noteref", number=2)]
    assert first.rows[1][1] == [Inline("em", "2")]
    assert first.notes == [1, 2]
    assert [r.text for r in first.credit] == ["Source: office."]
    assert (second.number, second.text, second.row_headers) == (2, "Caption after", False)
    assert doc.paragraphs()[-1].text == "After."
    assert not [m for m in messages(doc) if "note" in m]


def test_calls_from_cells_and_items_join_the_note_checks(tmp_path):
    doc = md(
        tmp_path,
        "Called here.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2[^1] |\n\n- item[^2]\n- two\n\n"
        "[^1]: One.\n[^2]: Two.\n[^3]: Three.\n",
    )
    out = messages(doc)
    assert any("note 1 is called more than once" in m for m in out)
    assert any("note 3 is never called" in m for m in out)
    assert not any("note 2" in m for m in out)


def test_nested_lists_keep_their_kind_and_start(tmp_path):
    doc = md(
        tmp_path,
        "3. three\n4. four[^1]\n    - sub *a*\n    - sub b\n        1. deep\n5. five\n\n"
        "- bullet\n- bullet two\n\n[^1]: N.\n",
    )
    ordered, bullets = [b for b in doc.blocks if b.type == "list"]
    assert (ordered.ordered, ordered.start, len(ordered.items)) == (True, 3, 3)
    sub = ordered.items[1].sublist
    assert sub is not None and not sub.ordered and len(sub.items) == 2
    assert sub.items[0].inlines == [Inline("text", "sub "), Inline("em", "a")]
    assert sub.items[1].sublist is not None and sub.items[1].sublist.ordered
    assert ordered.notes == [1]
    assert (bullets.ordered, len(bullets.items)) == (False, 2)


def test_block_quote_with_attribution_is_not_a_pull_quote(tmp_path):
    doc = md(
        tmp_path,
        "> First quoted paragraph.\n>\n> Second.\n>\n> — Someone, *A Work*\n\n"
        "> A single quoted line.\n\n> An opening paragraph of text.\n{: .pullquote }\n",
    )
    quote, single = [b for b in doc.blocks if b.type == "blockquote"]
    assert [p[0].text for p in quote.paragraphs] == ["First quoted paragraph.", "Second."]
    assert quote.attribution == [Inline("text", "Someone, "), Inline("em", "A Work")]
    assert single.attribution == [] and single.text == "A single quoted line."
    assert len(doc.pullquotes()) == 1  # a blank line ends a quote: three quotes, not one
    again = normalize_markdown(to_markdown(doc), str(tmp_path / "b.md"))
    assert content(again) == content(doc)


def test_rich_document_round_trips_through_markdown_and_json(tmp_path):
    path = write_rich_brief(tmp_path / "b")
    doc = normalize_file(path)
    assert not doc.errors(), messages(doc)
    text = to_markdown(doc)
    again_path = path.with_name("again.md")
    again_path.write_text(text, encoding="utf-8")
    again = normalize_file(again_path)
    assert content(again) == content(doc)
    assert to_markdown(again) == text
    data = doc.to_dict()
    assert schema_problem(data) is None
    assert content(Document.from_dict(data)) == content(doc)
    paragraph = next(b for b in data["blocks"] if b["type"] == "paragraph")
    assert "rows" not in paragraph and "items" not in paragraph  # unused fields stay out


def test_plain_paragraphs_that_look_like_captions_or_quotes_round_trip(tmp_path):
    doc = md(
        tmp_path,
        "Table&#58; not a caption.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "> Quoted.\n>\n> &#8212; not an attribution, the last paragraph of the quote.\n",
    )
    assert doc.tables()[0].caption == []
    assert doc.paragraphs()[-1].text == "Table: not a caption."
    quote = next(b for b in doc.blocks if b.type == "blockquote")
    assert quote.attribution == [] and len(quote.paragraphs) == 2
    again = normalize_markdown(to_markdown(doc), str(tmp_path / "b.md"))
    assert content(again) == content(doc)


# --- the plain-text reader ------------------------------------------------------------------

PLAIN = """June 16, 2025

A Brief With Lists

We recommend, in this order:

1. Fund the programme.[1]
2. Publish the data:
   • quarterly;
   • with a summary.
3. Review it.

The other points follow as a paragraph of prose that ends properly.

– one point
– another point

Figure 1. Growth of the sector.

1. Introduction

Final paragraph of the brief with a sentence.

Notes

1. A note.
"""


def test_plain_text_lists_and_caption_warnings():
    doc = normalize_text(PLAIN, "p.txt")
    lists = [b for b in doc.blocks if b.type == "list"]
    assert [(b.ordered, len(b.items)) for b in lists] == [(True, 3), (False, 2)]
    nested = lists[0].items[1].sublist
    assert nested is not None and [i.inlines[0].text for i in nested.items] == [
        "quarterly;",
        "with a summary.",
    ]
    assert lists[0].notes == [1] and len(doc.notes) == 1
    assert any(
        "p.txt:18: warning: “Figure 1. Growth of the sector.” kept as text" in m
        for m in messages(doc)
    )
    assert "1. Introduction" in [b.text for b in doc.blocks if b.type != "list"]


# --- images ---------------------------------------------------------------------------------


def test_svg_sanitiser_removes_everything_that_runs_or_links_out():
    dirty = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' onload="alert(1)" width="10" height="20"><script>alert(2)</script>'
        b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        b'<rect width="5" height="5" fill="url(http://evil/x)" onclick="y"/>'
        b'<use xlink:href="http://evil/#a"/><use xlink:href="#local"/>'
        b'<a xlink:href="javascript:alert(3)"><text>kept</text></a>'
        b"<style>@import url(http://evil/);</style></svg>"
    )
    clean = images.sanitize_svg(dirty).decode()
    for bad in ("script", "onload", "onclick", "foreignObject", "evil", "javascript", "@import"):
        assert bad not in clean, bad
    assert 'xlink:href="#local"' in clean and "<text>kept" in clean
    assert images.svg_size(images.sanitize_svg(dirty)) == (10, 20)
    # Entities could read other files: such an SVG is refused, not cleaned (as a house logo).
    with pytest.raises(images.ImageProblem, match="DOCTYPE"):
        images.sanitize_svg(b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + dirty)
    with pytest.raises(images.ImageProblem):
        images.sanitize_svg(b"<html/>")


def test_pdf_fetcher_serves_only_sanitised_svg(tmp_path):
    from publish.pdf.fetcher import FetchRefused, SafeFetcher

    (tmp_path / "map.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "bad.svg").write_text("<html>not svg</html>", encoding="utf-8")
    fetcher = SafeFetcher(tmp_path)
    served = fetcher.fetch((tmp_path / "map.svg").as_uri())
    text = served.read().decode()
    assert "<circle" in text and "script" not in text and "passwd" not in text
    with pytest.raises(FetchRefused):
        fetcher.fetch((tmp_path / "bad.svg").as_uri())


def test_epub_image_scales_large_rasters_keeping_the_aspect(tmp_path):
    write_png(tmp_path / "big.png", 3200, 1000)
    info, data = images.load_image(tmp_path / "big.png")
    from PIL import Image

    small = Image.open(io.BytesIO(images.epub_image(info, data)))
    assert small.size == (1600, 500)


# --- EPUB -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rich_doc(tmp_path_factory) -> Document:
    path = write_rich_brief(tmp_path_factory.mktemp("rich"))
    doc = normalize_file(path)
    assert not doc.errors(), messages(doc)
    return doc


@pytest.fixture(scope="module")
def rich_epub(rich_doc) -> bytes:
    return build_epub(rich_doc)


def _xml(epub: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        return etree.fromstring(zf.read(name))


def test_epub_figures_tables_lists_and_quotes(rich_epub):
    body = _xml(rich_epub, "EPUB/text.xhtml")
    figures = body.findall(".//x:figure", X)
    assert len(figures) == 2
    alts = [f.find("x:img", X).get("alt") for f in figures]
    assert alts[0].startswith("Bar chart") and alts[1] == "Map of the two regions compared"
    caption = "".join(figures[0].find("x:figcaption", X).itertext())
    assert caption.startswith("Figure 1. Growth of the sector") and "Source:" in caption
    assert figures[0].find("x:figcaption//x:a[@role='doc-noteref']", X) is not None
    table = body.find(".//x:table", X)
    region = table.getparent()
    assert region.get("class") == "table-scroll" and region.get("tabindex") == "0"
    assert "".join(table.find("x:caption", X).itertext()).startswith("Table 1. Output by region")
    assert [th.get("scope") for th in table.findall("x:thead/x:tr/x:th", X)] == ["col"] * 3
    rows = table.findall("x:tbody/x:tr", X)
    assert len(rows) == 60 and rows[0][0].tag.endswith("th") and rows[0][0].get("scope") == "row"
    assert rows[6].find(".//x:a[@role='doc-noteref']", X) is not None  # the call in a cell
    lists = body.findall(".//x:ol[@class='list']", X)
    assert lists[1].get("start") == "4" and lists[0].find("x:li/x:ul/x:li", X) is not None
    quote = body.find(".//x:blockquote", X)
    assert "A. Reviewer" in "".join(quote.find("x:footer", X).itertext())
    assert quote.get("aria-hidden") is None


def test_epub_images_stored_once_and_declared(tmp_path):
    write_png(tmp_path / "c.png", 300, 200)
    doc = md(tmp_path, "![One](c.png)\n\n![Two](c.png)\n")
    epub = build_epub(doc)
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        stored = [n for n in zf.namelist() if n.startswith("EPUB/images/") and "cover" not in n]
    assert len(stored) == 1
    opf = _xml(epub, "EPUB/content.opf")
    items = opf.findall("opf:manifest/opf:item", X)
    assert any(i.get("href") == stored[0][5:] and i.get("media-type") == "image/png" for i in items)


def test_epub_accessibility_metadata_names_the_features(rich_epub):
    opf = _xml(rich_epub, "EPUB/content.opf")
    metas = {(m.get("property"), m.text) for m in opf.iter("{*}meta")}
    assert ("schema:accessibilityFeature", "alternativeText") in metas
    assert ("schema:accessibilityFeature", "ARIA") in metas
    summary = next(t for p, t in metas if p == "schema:accessibilitySummary")
    assert "Figures have captions and text alternatives." in summary
    assert "Tables have captions, column headers" in summary
    assert "Tables have captions, column headers" in summary


def test_epub_structure_check_finds_missing_alt_caption_and_scope(rich_epub):
    from publish.checks.epubstructure import check_epub_structure

    assert check_epub_structure(rich_epub) == []
    src = io.BytesIO(rich_epub)
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "EPUB/text.xhtml":
                text = data.decode()
                text = re.sub(r' alt="[^"]*"', "", text, count=1)
                text = text.replace('scope="col"', "", 1)
                text = re.sub(r"<caption[^>]*>.*?</caption>", "", text, count=1, flags=re.S)
                data = text.encode()
            zout.writestr(info, data)
    problems = check_epub_structure(out.getvalue())
    assert any("has no alt attribute" in p for p in problems)
    assert any("table 'tbl1' has no caption" in p for p in problems)
    assert any("has a th without scope" in p for p in problems)


def test_epub_svg_is_sanitised(rich_epub):
    with zipfile.ZipFile(io.BytesIO(rich_epub)) as zf:
        svg = next(zf.read(n) for n in zf.namelist() if n.endswith(".svg")).decode()
    assert "script" not in svg and "onload" not in svg and "passwd" not in svg


@pytest.mark.slow
def test_rich_epub_passes_epubcheck_and_structure(rich_epub):
    from publish.checks.epubcheck import run_epubcheck
    from publish.checks.epubstructure import check_epub_structure

    from .test_epub import require_java

    assert check_epub_structure(rich_epub) == []
    require_java()
    report = run_epubcheck(rich_epub)
    assert report.ok, report.messages
    assert (report.errors, report.warnings) == (0, 0)


# --- PDF ------------------------------------------------------------------------------------


def _structure(data: bytes) -> tuple[dict[str, int], list[str]]:
    """Counts of each structure type in the PDF's tag tree, and every Figure's /Alt."""
    reader = PdfReader(io.BytesIO(data))
    counts: dict[str, int] = {}
    alts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if "/S" in node:
                kind = str(node["/S"])
                counts[kind] = counts.get(kind, 0) + 1
                if kind == "/Figure" and "/Alt" in node:
                    alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, ArrayObject):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return counts, alts


def _page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    out = []
    for number in range(1, len(reader.pages) + 1):
        result = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), "-", "-"],
            input=data, capture_output=True, check=True,
        )  # fmt: skip
        out.append(result.stdout.decode())
    return out


@pytest.fixture(scope="module")
def rich_pdfs(rich_doc) -> dict[str, bytes]:
    from publish.pdf import build_pdf

    return {edition: build_pdf(rich_doc, edition) for edition in ("screen", "print")}


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["screen", "print"])
def test_rich_pdf_footnotes_headers_images_and_tags(rich_doc, rich_pdfs, edition):
    from publish.checks.pdfcheck import check_pdf

    data = rich_pdfs[edition]
    report = check_pdf(data, rich_doc, edition=edition)
    assert report.problems == []
    assert report.notes_on_call_page == report.notes_total == 3  # caption and cell calls too

    texts = _page_texts(data)
    header = re.compile(r"^\s*Region\s+Output\s+Survey\s*$", re.MULTILINE)
    row = re.compile(r"^\s*Region \d+\s", re.MULTILINE)
    table_pages = [i for i, t in enumerate(texts) if row.search(t)]
    assert len(table_pages) >= 2, "the fixture's table should cross a page break"
    assert [i for i, t in enumerate(texts) if header.search(t)] == table_pages
    for index in table_pages:  # the header row repeats on every page the table is on …
        assert header.search(texts[index]), index
        # … and never stands alone at a page foot: body rows follow it on the same page
        after = texts[index][header.search(texts[index]).end() :]
        assert row.search(after), index
    rows = [int(n) for t in texts for n in re.findall(r"^\s*Region (\d+)\s", t, re.MULTILINE)]
    assert rows == list(range(1, 61))  # every row once, in order

    counts, alts = _structure(data)
    assert alts == [rich_doc.figures()[0].alt, rich_doc.figures()[1].alt]
    for tag in ("/Table", "/THead", "/TH", "/TD", "/Caption", "/L", "/LI", "/Lbl", "/LBody",
                "/BlockQuote"):  # fmt: skip
        assert counts.get(tag), tag
    assert counts["/THead"] >= len(table_pages)  # one per page: the repeated header

    reader = PdfReader(io.BytesIO(data))
    rasters = 0
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                rasters += 1
    assert rasters >= 1  # the PNG is embedded (the SVG is drawn as vectors)
    first = texts[0]
    assert "4. Share the method" in first or "4. Share the method" in texts[1]


@pytest.mark.slow
def test_a_table_header_is_never_left_alone_at_a_page_foot(tmp_path):
    """Push a table down the page line by line: its caption and header row either keep a body
    row with them or move to the next page together."""
    from publish.pdf import build_pdf

    rows = "\n".join(f"| Region {i} | {i} | x |" for i in range(1, 30))
    first_pages = set()
    for lines in range(30, 40):
        filler = "\n\n".join(f"Line {k} of filler text, pushing the table." for k in range(lines))
        doc = md(
            tmp_path,
            f"{filler}\n\nTable: Caption here[^1]\n\n| Region | Output | Survey |\n"
            f"|---|---|---|\n{rows}\n\n[^1]: A note called from the caption.\n",
            f"t{lines}.md",
        )
        texts = _page_texts(build_pdf(doc))
        for index, text in enumerate(texts):
            head = re.search(r"Region\s+Output\s+Survey", text)
            if head:
                assert re.search(r"Region \d+", text[head.end() :]), (lines, index)
        caption_page = next(i for i, t in enumerate(texts) if "Caption here" in t)
        assert "A note called from the caption" in texts[caption_page]
        first_pages.add(caption_page)
    assert first_pages == {0, 1}  # the range did cross the page foot


@pytest.mark.slow
def test_contents_list_is_printed_with_page_numbers(tmp_path):
    from publish.pdf import build_pdf

    sections = "".join(f"## Part {i}\n\nText of part {i}.\n\n" for i in range(1, 10))
    doc = md(tmp_path, sections)  # nine sections: contents by default
    texts = _page_texts(build_pdf(doc))
    assert "Contents" in texts[0]
    listed = dict(re.findall(r"^\s*(Part \d)[ .]+(\d+)\s*$", texts[0], re.MULTILINE))
    assert len(listed) == 9
    for part, page in listed.items():  # each number is the page the section starts on
        where = [i + 1 for i, t in enumerate(texts) if f"Text of {part.lower()}." in t]
        assert where == [int(page)], (part, page, where)
    off = md(tmp_path, sections.replace("## Part 1\n", "## Part 1\n"), "c.md")
    off.meta.contents = False
    assert "Contents" not in _page_texts(build_pdf(off))[0]


@pytest.mark.slow
def test_contents_list_for_a_long_brief_with_few_sections(tmp_path):
    from publish.pdf import build_pdf
    from publish.pdf.html import surely_long

    para = "A sentence of ordinary length that fills the page with words. " * 12
    body = "".join(f"## Part {i}\n\n" + (para + "\n\n") * 16 for i in range(1, 4))
    doc = md(tmp_path, body)
    assert not surely_long(doc, "a4")  # decided by laying out, not by the estimate
    texts = _page_texts(build_pdf(doc))
    assert len(texts) > 8 and "Contents" in texts[0]
    short = md(tmp_path, "## One\n\nText.\n\n## Two\n\nText.\n", "s.md")
    assert "Contents" not in _page_texts(build_pdf(short))[0]


# --- generated Markdown (hypothesis) --------------------------------------------------------

FAST = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
WORDS = ["policy", "Łódź", "naïve", "x*y", "_u_", "`t`", "a|b", "<b>", "&amp;", "1.", "-",
         "{: .x }", "[1]", "—", "Table:", "#", ">", "ﬁ", "😀", "\\"]  # fmt: skip
word = st.sampled_from(WORDS) | st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True)
runs = st.lists(
    st.tuples(st.sampled_from(["text", "em", "strong"]), st.lists(word, min_size=1, max_size=4)),
    min_size=1,
    max_size=3,
).map(lambda parts: [Inline(kind, " ".join(ws)) for kind, ws in parts])


def _tidy(inlines: list[Inline]) -> list[Inline]:
    """The canonical form a reader gives: text runs separated by spaces, merged."""
    out: list[Inline] = []
    for run in inlines:
        if out:
            out.append(Inline("text", " "))
        out.append(run)
    from publish.normalizer.inlines import merge_text

    return merge_text(out)


@st.composite
def sublists(draw: st.DrawFn, depth: int = 0) -> SubList:
    ordered = draw(st.booleans())
    start = draw(st.integers(1, 40)) if ordered else 1
    items = []
    for _ in range(draw(st.integers(1, 4))):
        sub = draw(sublists(depth + 1)) if depth < 2 and draw(st.booleans()) else None
        items.append(ListItem(_tidy(draw(runs)), sub))
    return SubList(ordered, start, items)


def _shape(sub: SubList) -> list:
    return [sub.ordered, sub.start] + [_shape(i.sublist) if i.sublist else None for i in sub.items]


@FAST
@given(sublists())
def test_generated_lists_survive_markdown(sub: SubList) -> None:
    from publish.markdown_writer import _list

    text = HEAD + "\n".join(_list(sub)) + "\n"
    doc = normalize_markdown(text, "gen.md")
    (block,) = [b for b in doc.blocks if b.type == "list"]
    got = SubList(block.ordered, block.start, block.items)
    assert _shape(got) == _shape(sub)
    assert [i.inlines for i in list_items(got.items)] == [i.inlines for i in list_items(sub.items)]
    assert to_markdown(normalize_markdown(to_markdown(doc), "gen.md")) == to_markdown(doc)


@FAST
@given(
    st.integers(1, 4).flatmap(
        lambda width: st.tuples(
            st.lists(runs.map(_tidy), min_size=width, max_size=width),
            st.lists(
                st.lists(runs.map(_tidy), min_size=width, max_size=width), min_size=1, max_size=5
            ),
            st.lists(
                st.sampled_from(["left", "center", "right", None]), min_size=width, max_size=width
            ),  # fmt: skip
            runs.map(_tidy),
        )
    )
)
def test_generated_tables_survive_markdown(table) -> None:
    from publish.document import Block
    from publish.markdown_writer import _table

    head, rows, align, caption = table
    block = Block("table", "tbl1", "", head=[head], rows=rows, align=align, caption=caption)
    text = HEAD + "\n\n".join(_table(block)) + "\n"
    doc = normalize_markdown(text, "gen.md")
    (got,) = doc.tables()
    assert got.head == [head] and got.rows == rows
    assert got.align == align and got.caption == caption
    assert to_markdown(normalize_markdown(to_markdown(doc), "gen.md")) == to_markdown(doc)


# --- release --------------------------------------------------------------------------------


@pytest.mark.slow
def test_release_of_a_rich_brief_passes_the_gate_and_follows_its_images(tmp_path):
    from publish.release import release

    folder = tmp_path / "seeds"
    write_rich_brief(folder)
    out = tmp_path / "dist"
    report = release(folder, out, jobs=2)
    assert report.exit_code == 0, [o.problems for o in report.outcomes]
    import json

    (entry,) = json.loads((out / "manifest.json").read_text())["briefs"]
    assert entry["validation"]["pdf"]["notes_on_call_page"] == "3/3"
    assert entry["validation"]["print"]["notes_on_call_page"] == "3/3"
    assert entry["validation"]["epub"]["structure"] == "passed"
    assert [o.status for o in release(folder, out, jobs=2).outcomes] == ["unchanged"]
    write_png(folder / "chart.png", 1800, 900, dpi=600)  # a new chart, the same text
    assert [o.status for o in release(folder, out, jobs=2).outcomes] == ["built"]


LINE_STARTS = ["", "- ", "* ", "1. ", "3) ", "    - ", "        1. ", "> ", ">", "| ", "|---|",
               "Table: ", "![a](x.png)", "![](", "{: .caption }", "{: .source }", "— ",
               "#"]  # fmt: skip


@FAST
@given(
    st.lists(
        st.tuples(st.sampled_from(LINE_STARTS), st.lists(word, max_size=4).map(" ".join)),
        min_size=1,
        max_size=14,
    ),
    st.booleans(),
)
def test_generated_block_markdown_never_crashes_and_renders(lines, blank_lines) -> None:
    from publish.epub import xhtml as pages

    joiner = "\n\n" if blank_lines else "\n"
    text = HEAD + joiner.join(start + rest for start, rest in lines) + "\n"
    doc = normalize_markdown(text, "gen.md")
    assert schema_problem(doc.to_dict()) is None
    calls = pages.NoteCalls(existing={n.number for n in doc.notes})
    etree.fromstring(pages.body_page(doc, "en", "T", calls).encode())  # well-formed XHTML
    again = normalize_markdown(to_markdown(doc), "gen.md")
    assert [b.type for b in again.blocks] == [b.type for b in doc.blocks]
