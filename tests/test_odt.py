"""OpenDocument text briefs: files from LibreOffice and pandoc, hand-written packages for the
edge cases, and hostile ones (issue 23)."""

# ruff: noqa: E501 - the fixtures are OpenDocument XML, with its long namespaces

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from publish.document import Document
from publish.errors import InputError
from publish.load import explain_file, normalize_file

from .test_readers import BODY_SENTENCE, feature_docx

MIMETYPE = "application/vnd.oasis.opendocument.text"
XMLNS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"'
)
HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
# LibreOffice's own common styles, as its styles.xml writes them (abridged).
STYLES = (
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
    '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1"/>'
    '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2"/>'
    '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>'
    '<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Heading"/>'
    '<style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="Caption" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="Figure" style:family="paragraph" style:parent-style-name="Caption"/>'
    '<style:style style:name="Table" style:family="paragraph" style:parent-style-name="Caption"/>'
    '<style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="Endnote" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
    '<text:list-style style:name="Numbering_20_123" style:display-name="Numbering 123">'
    '<text:list-level-style-number text:level="1" style:num-format="1"/>'
    '<text:list-level-style-number text:level="2" style:num-format="a"/></text:list-style>'
)
AUTOMATIC = (
    '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Text_20_body"/>'
    '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Quotations"/>'
    '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>'
    '<style:style style:name="T2" style:family="text" style:parent-style-name="Strong_20_Emphasis"/>'
    '<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/>'
    '<text:list-level-style-number text:level="2" style:num-format="1"/></text:list-style>'
)


def odt(body: str, *, automatic: str = AUTOMATIC, styles: str = STYLES, meta: str = "",
        parts: dict[str, bytes] | None = None, mimetype: str | None = MIMETYPE,
        content: str | None = None) -> bytes:  # fmt: skip
    """An OpenDocument text package as LibreOffice lays it out: mimetype first, stored."""
    files = {
        "content.xml": content
        if content is not None
        else f"{HEAD}<office:document-content {XMLNS}><office:automatic-styles>{automatic}"
        f"</office:automatic-styles><office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>",
        "styles.xml": f"{HEAD}<office:document-styles {XMLNS}><office:styles>{styles}"
        "</office:styles></office:document-styles>",
        "meta.xml": f"{HEAD}<office:document-meta {XMLNS}><office:meta>{meta}</office:meta>"
        "</office:document-meta>",
        "META-INF/manifest.xml": f'{HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        if mimetype is not None:
            package.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in {**files, **(parts or {})}.items():
            package.writestr(name, data)
    return out.getvalue()


def p(text: str, style: str = "P1") -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def h(text: str, level: int = 1) -> str:
    return (
        f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{text}</text:h>'
    )


def note(text: str, number: int, kind: str = "footnote", label: str = "") -> str:
    citation = f' text:label="{label}"' if label else ""
    return (f'<text:note text:id="ftn{number}" text:note-class="{kind}"><text:note-citation{citation}>'
            f'{label or number}</text:note-citation><text:note-body>{p(text, kind.title())}'
            "</text:note-body></text:note>")  # fmt: skip


def png(width: int = 1200, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


def read(tmp_path: Path, data: bytes, name: str = "brief.odt") -> Document:
    path = tmp_path / name
    path.write_bytes(data)
    return normalize_file(path)


def messages(doc: Document, level: str | None = None) -> list[str]:
    return [d.message for d in doc.diagnostics if level is None or d.level == level]


TOP = p("Tidal Power on the Northern Coast", "Title") + p("12 September 2024")


# --- hand-written packages: every feature ------------------------------------------------------


def test_headings_paragraphs_emphasis_links_and_spaces(tmp_path):
    body = (
        TOP
        + p('Coastal towns have <text:span text:style-name="T1">argued</text:span> about '
            '<text:span text:style-name="T2">barrages</text:span><text:s text:c="3"/>for a'
            '<text:tab/>generation<text:soft-page-break/> and <text:a xlink:type="simple" '
            'xlink:href="https://example.org/survey">the survey</text:a> says '
            '<text:a xlink:href="javascript:alert(1)">so</text:a>.<text:line-break/>Next line.')
        + h("The survey")
        + '<text:p text:style-name="Heading_20_2">A heading by style alone</text:p>'
        + h("Deep", 7)
        + p("Body text after the headings, long enough to be a paragraph.")
    )  # fmt: skip
    doc = read(tmp_path, odt(body))
    assert doc.meta.title == "Tidal Power on the Northern Coast" and doc.meta.date == "2024-09-12"
    first = doc.paragraphs()[0]
    assert first.text == ("Coastal towns have argued about barrages for a generation and the "
                          "survey says so. Next line.")  # fmt: skip
    kinds = {(r.type, r.text) for r in first.inlines}
    assert ("em", "argued") in kinds and ("strong", "barrages") in kinds
    links = [r for r in first.inlines if r.type == "link"]
    assert [(r.text, r.href) for r in links] == [("the survey", "https://example.org/survey")]
    assert [b.text for b in doc.headings()] == ["The survey", "A heading by style alone", "Deep"]
    assert not doc.errors(), [d.format() for d in doc.diagnostics]


def test_footnotes_endnotes_custom_marks_and_their_calls(tmp_path):
    body = (
        TOP
        + p(f"Towns argued.{note('A. Author, Barrages (2019).', 1)} The survey "
            f"followed.{note('Survey Office, Report 12.', 2, 'endnote')}")
        + p(f"A third claim{note('Only a starred aside.', 3, label='*')} and a fourth."
            f"{note('B. Author, Tides (2021).', 4)}")
    )  # fmt: skip
    doc = read(tmp_path, odt(body))
    assert [n.text for n in doc.notes] == ["A. Author, Barrages (2019).", "Survey Office, Report 12.",
                                           "Only a starred aside.", "B. Author, Tides (2021)."]  # fmt: skip
    assert [n.number for n in doc.notes] == [1, 2, 3, 4]  # reading order, endnote among them
    assert [n.mark for n in doc.notes] == [None, None, "*", None]
    first, second = doc.paragraphs()[:2]
    calls = [(i, r.number) for i, r in enumerate(first.inlines) if r.type == "noteref"]
    assert [n for _, n in calls] == [1, 2]
    assert first.inlines[calls[0][0] - 1].text.endswith("Towns argued.")
    assert [r.number for r in second.inlines if r.type == "noteref"] == [3, 4]
    assert doc.notes[0].line == first.line  # a note is placed at the paragraph of its call
    assert not messages(doc, "warning"), messages(doc)


def test_lists_nested_ordered_by_their_style_and_continued(tmp_path):
    body = (
        TOP
        + p("Councils agreed on these steps, in this order, after long talks.")
        + '<text:list text:style-name="L1">'
        '<text:list-item><text:p text:style-name="P1">Cost</text:p>'
        '<text:list><text:list-item><text:p text:style-name="P1">Survey</text:p></text:list-item>'
        '<text:list-item><text:p text:style-name="P1">Consult</text:p></text:list-item></text:list>'
        "</text:list-item>"
        '<text:list-item><text:p text:style-name="P1">Wildlife</text:p>'
        '<text:p text:style-name="P1">second paragraph</text:p></text:list-item></text:list>'
        + p("An interruption between the numbered steps of the plan.")
        + '<text:list text:style-name="Numbering_20_123"><text:list-item>'
        '<text:p text:style-name="P1">One</text:p></text:list-item><text:list-item>'
        '<text:p text:style-name="P1">Two</text:p></text:list-item></text:list>'
        + p("Another interruption between the numbered steps of the plan.")
        + '<text:list text:style-name="Numbering_20_123" text:continue-numbering="true">'
        '<text:list-item><text:p text:style-name="P1">Three</text:p></text:list-item></text:list>'
    )
    doc = read(tmp_path, odt(body))
    bullets, first, continued = (b for b in doc.blocks if b.type == "list")
    assert not bullets.ordered
    assert [i.inlines[0].text for i in bullets.items] == ["Cost", "Wildlife second paragraph"]
    nested = bullets.items[0].sublist
    assert nested.ordered and [i.inlines[0].text for i in nested.items] == ["Survey", "Consult"]
    assert (
        first.ordered
        and first.start == 1
        and [i.inlines[0].text for i in first.items] == ["One", "Two"]
    )
    assert continued.ordered and continued.start == 3


def test_tables_with_header_rows_spans_and_a_numbered_caption(tmp_path):
    cell = '<table:table-cell office:value-type="string"{}><text:p text:style-name="Table_20_Contents">{}</text:p></table:table-cell>'
    body = (
        TOP
        + p("The towns, by households, are shown in the table below this line.")
        + '<text:p text:style-name="Table">Table <text:sequence text:ref-name="refTable0" text:name="Table" '
        'text:formula="ooow:Table+1" style:num-format="1">1</text:sequence>: Households by town</text:p>'
        + '<table:table table:name="Table1"><table:table-column table:number-columns-repeated="2"/>'
        "<table:table-header-rows><table:table-row>"
        + cell.format("", "Town") + cell.format("", "Households")
        + "</table:table-row></table:table-header-rows><table:table-row>"
        + cell.format("", "Ardmore") + cell.format("", "1,200")
        + "</table:table-row><table:table-row>"
        + cell.format(' table:number-columns-spanned="2"', "Both towns together")
        + "<table:covered-table-cell/></table:table-row></table:table>"
        + p("Closing paragraph of the brief with enough words to be real.")
    )  # fmt: skip
    doc = read(tmp_path, odt(body))
    table = next(b for b in doc.blocks if b.type == "table")
    assert [c[0].text for c in table.head[0]] == ["Town", "Households"]
    assert [[c[0].text for c in row] for row in table.rows] == [
        ["Ardmore", "1,200"],
        ["Both towns together"],
    ]
    assert table.caption[0].text == "Households by town" and table.number == 1
    assert [b.type for b in doc.blocks] == ["paragraph", "table", "paragraph"]


def test_quotations_and_pull_quotes_each_read_once(tmp_path):
    body = (
        TOP
        + p(BODY_SENTENCE + ", after a decade of talks. The towns then waited a year for it.")
        + p("A quotation from the harbour master, which nobody repeats anywhere.", "P2")
        + p("— The harbour master", "Quotations")
        + p("Closing paragraph of the brief with enough words to be real.")
        + p("A second quotation, standing apart from the first one.", "Quote")
        + '<text:p text:style-name="P1"><draw:frame draw:name="Box"><draw:text-box>'
        + p(BODY_SENTENCE, "Standard")
        + "</draw:text-box></draw:frame></text:p>"
    )
    doc = read(tmp_path, odt(body))
    quotes = [b for b in doc.blocks if b.type == "blockquote"]
    assert len(quotes) == 2  # the two Quotations paragraphs are one quote, the Quote another
    assert [pp[0].text for pp in quotes[0].paragraphs] == [
        "A quotation from the harbour master, which nobody repeats anywhere."
    ]
    assert quotes[0].attribution[0].text == "The harbour master"
    text = " ".join(b.text for b in doc.blocks)  # a block quote's text is its paragraphs'
    assert text.count("A second quotation") == 1 and text.count("harbour master, which") == 1
    pulls = doc.pullquotes()  # the text box repeats a body sentence: a pull quote
    assert len(pulls) == 1 and pulls[0].source == doc.paragraphs()[0].id


def test_tracked_changes_comments_and_indexes(tmp_path):
    body = (
        '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>'
        "<office:change-info><dc:creator>Ed</dc:creator></office:change-info>"
        '<text:p text:style-name="Standard">bitter</text:p></text:deletion></text:changed-region>'
        '<text:changed-region text:id="ct2"><text:insertion><office:change-info>'
        "<dc:creator>Ed</dc:creator></office:change-info></text:insertion></text:changed-region>"
        "</text:tracked-changes>"
        + TOP
        + '<text:table-of-content><text:index-body><text:p text:style-name="P1">Contents 1</text:p>'
        "</text:index-body></text:table-of-content>"
        + p('After a decade of <text:change text:change-id="ct1"/><text:change-start '
            'text:change-id="ct2"/>quiet<text:change-end text:change-id="ct2"/> talks.'
            "<office:annotation><dc:creator>Ed</dc:creator><text:p>Check this</text:p>"
            "</office:annotation> The towns agreed.")
    )  # fmt: skip
    doc = read(tmp_path, odt(body))
    assert [b.text for b in doc.blocks] == ["After a decade of quiet talks. The towns agreed."]
    said = messages(doc, "info")
    assert any("tracked changes read as accepted" in m for m in said)
    assert "comments dropped" in said and any("table of contents dropped" in m for m in said)


def test_pictures_captions_and_alt_text(tmp_path):
    image = ('<draw:frame draw:name="Image1" text:anchor-type="as-char"><draw:image '
             'xlink:href="Pictures/{}" xlink:type="simple" xlink:show="embed"/>{}</draw:frame>')  # fmt: skip
    body = (
        TOP
        + p("Paragraph with the first chart anchored in it, long enough." + image.format("a.png", "<svg:title>Bar chart of households</svg:title>"))
        # LibreOffice's Insert Caption: a frame holding the picture and its numbered caption.
        + '<text:p text:style-name="Standard"><draw:frame draw:name="Frame1" text:anchor-type="as-char"><draw:text-box>'
        '<text:p text:style-name="Figure">' + image.format("b.png", "<svg:desc>Map of the coast</svg:desc>")
        + '<text:line-break/>Figure <text:sequence text:ref-name="refFigure0" text:name="Figure" '
        'text:formula="ooow:Figure+1" style:num-format="1">2</text:sequence>: The northern coast</text:p>'
        "</draw:text-box></draw:frame></text:p>"
        + p("Closing paragraph of the brief with enough words to be real.")
    )  # fmt: skip
    doc = read(tmp_path, odt(body, parts={"Pictures/a.png": png(), "Pictures/b.png": png()}))
    first, second = doc.figures()
    assert first.src == "brief.odt#Pictures/a.png" and first.alt == "Bar chart of households"
    assert second.src == "brief.odt#Pictures/b.png" and second.alt == "Map of the coast"
    assert [r.text for r in second.caption] == ["The northern coast"] and second.number == 2
    assert first.media_type == "image/png"
    kinds = [b.type for b in doc.blocks]
    assert kinds == ["paragraph", "figure", "figure", "paragraph"]
    assert not doc.errors(), [d.format() for d in doc.diagnostics]


@pytest.mark.parametrize(
    "href, said",
    [
        ("{url}", "is outside the file: not fetched"),
        ("file:///etc/passwd", "is outside the file: not fetched"),
        ("../secret.png", "is outside the file: not fetched"),
        ("/etc/hostname", "is outside the file: not fetched"),
        ("media/chart.png", "a picture outside Pictures/"),
    ],
)
def test_pictures_linked_outside_the_file_are_dropped_with_a_warning(tmp_path, href, said,
                                                                    listener):  # fmt: skip
    url, hits = listener
    href = href.format(url=url)
    (tmp_path / "secret.png").write_bytes(png(10, 10))
    frame = f'<draw:frame draw:name="x"><draw:image xlink:href="{href}"/></draw:frame>'
    doc = read(tmp_path, odt(TOP + p("Body text that is long enough to count." + frame),
                             parts={"media/chart.png": png()}))  # fmt: skip
    assert not doc.figures() and not hits
    assert any(said in m for m in messages(doc, "warning")), messages(doc)


def test_metadata_is_the_lowest_layer(tmp_path):
    meta = (
        "<dc:title>Draft title</dc:title><meta:initial-creator>Ann Lee; Bo Chan</meta:initial-creator>"
        "<dc:creator>Last Saver</dc:creator><dc:subject>The northern coast</dc:subject>"
        "<meta:keyword>tides</meta:keyword><meta:keyword>energy, coasts</meta:keyword>"
        "<dc:language>en-GB</dc:language><meta:creation-date>2024-09-01T10:00:00</meta:creation-date>"
    )
    doc = read(tmp_path, odt(p("Tidal Power", "Title") + p("Body text that is long enough to count."),
                             meta=meta))  # fmt: skip
    m = doc.meta
    assert m.title == "Tidal Power" and m.subtitle == "The northern coast"
    assert [a.name for a in m.authors] == ["Ann Lee", "Bo Chan"]
    assert m.keywords == ["tides", "energy", "coasts"] and m.language == "en-GB"
    assert m.date == "2024-09-01"
    overridden = [(d.level, d.message) for d in doc.diagnostics if "ODT properties" in d.message]
    assert overridden == [
        ("warning", "date 2024-09-01 taken from the file's creation date in its ODT "
                    "properties: put a date line under the title if the brief was published "
                    "on another day"),
        ("info", "title: the text gives 'Tidal Power', overriding ODT properties "
                 "('Draft title')"),
    ]  # fmt: skip


def test_unknown_styles_are_body_text_said_once_with_their_count(tmp_path):
    styles = STYLES + ('<style:style style:name="Policy_20_Box" style:display-name="Policy Box" '
                       'style:family="paragraph" style:parent-style-name="Standard"/>'
                       '<style:style style:name="My_20_Heading" style:display-name="My Heading" '
                       'style:family="paragraph" style:parent-style-name="Heading_20_2"/>')  # fmt: skip
    body = (TOP + p("First boxed remark.", "Policy_20_Box") + p("My section", "My_20_Heading")
            + p("Second boxed remark.", "Policy_20_Box") + p("Ordinary body text, long enough."))  # fmt: skip
    doc = read(tmp_path, odt(body, styles=styles))
    assert [b.text for b in doc.headings()] == ["My section"]  # derived from Heading 2
    assert messages(doc, "warning") == [
        "paragraph style “Policy Box” is not one the reader knows: 2 paragraphs read as body text"]  # fmt: skip
    assert sum("Policy Box" in m for m in messages(doc)) == 1


def test_figure_markdown_reads_back_with_the_picture_inside_the_odt(tmp_path):
    from publish.markdown_writer import to_markdown

    frame = ('<draw:frame draw:name="x"><draw:image xlink:href="Pictures/a.png"/>'
             "<svg:title>Bar chart</svg:title></draw:frame>")  # fmt: skip
    doc = read(tmp_path, odt(TOP + p("Body text that is long enough to count.") + p(frame),
                             parts={"Pictures/a.png": png()}))  # fmt: skip
    text = to_markdown(doc)
    assert "![Bar chart](brief.odt#Pictures/a.png)" in text
    (tmp_path / "again.md").write_text(text, encoding="utf-8")
    again = normalize_file(tmp_path / "again.md")
    assert [(f.src, f.alt, f.media_type) for f in again.figures()] == [
        ("brief.odt#Pictures/a.png", "Bar chart", "image/png")]  # fmt: skip
    (tmp_path / "bad.md").write_text(
        text.replace("Pictures/a.png", "content.xml"), encoding="utf-8"
    )
    bad = normalize_file(tmp_path / "bad.md")
    assert any("is not a picture under Pictures/ of the OpenDocument file" in m
               for m in messages(bad, "error")), messages(bad)  # fmt: skip


def test_a_package_without_its_mimetype_is_still_read(tmp_path):
    # ODF requires the member, but some generators leave it out; content.xml says enough.
    doc = read(tmp_path, odt(TOP + p("Body text that is long enough to count."), mimetype=None))
    assert doc.meta.title == "Tidal Power on the Northern Coast" and len(doc.paragraphs()) == 1


def test_explain_names_the_opendocument_markup(tmp_path):
    path = tmp_path / "brief.odt"
    path.write_bytes(odt(TOP + p("Body text that is long enough to count.")))
    _, lines = explain_file(path)
    assert lines[0] == "line 1: title (the Title style)"
    assert any("paragraph in the OpenDocument markup" in line for line in lines)


# --- real producers: pandoc, LibreOffice ---------------------------------------------------------

PANDOC_MD = """---
title: Tidal Power on the Northern Coast
subtitle: Barrages and towns
author: [Ann Lee, Bo Chan]
date: 12 September 2024
---

Coastal towns have argued about barrages for a *generation*.[^1]

# The survey

> A quotation from the harbour master, which nobody repeats anywhere.

1. Survey the seabed
2. Consult the towns
    - Ardmore
    - Bexley

| Town | Households |
|------|-----------:|
| Ardmore | 1,200 |

: Households by town

![Bar chart of households](chart.png)

The survey followed, with **results**.[^2]

[^1]: A. Author, Barrages and Towns (2019).
[^2]: Coastal Survey Office, Report 12.
"""


@pytest.fixture(scope="module")
def pandoc_odt(tmp_path_factory) -> Path:
    pypandoc = pytest.importorskip("pypandoc")
    folder = tmp_path_factory.mktemp("pandoc-odt")
    (folder / "chart.png").write_bytes(png())
    out = folder / "pandoc.odt"
    pypandoc.convert_text(PANDOC_MD, "odt", format="md", outputfile=str(out),
                          extra_args=[f"--resource-path={folder}"])  # fmt: skip
    return out


def test_pandoc_odt(pandoc_odt):
    doc = normalize_file(pandoc_odt)
    m = doc.meta
    assert m.title == "Tidal Power on the Northern Coast" and m.subtitle == "Barrages and towns"
    assert [a.name for a in m.authors] == ["Ann Lee", "Bo Chan"] and m.date == "2024-09-12"
    kinds = [b.type for b in doc.blocks]
    assert kinds == ["paragraph", "heading", "blockquote", "list", "table", "figure", "paragraph"]
    assert [n.text for n in doc.notes] == ["A. Author, Barrages and Towns (2019).",
                                           "Coastal Survey Office, Report 12."]  # fmt: skip
    listing = next(b for b in doc.blocks if b.type == "list")
    assert listing.ordered and len(listing.items) == 2 and not listing.items[1].sublist.ordered
    table = next(b for b in doc.blocks if b.type == "table")
    assert table.caption[0].text == "Households by town" and [c[0].text for c in table.head[0]] == [
        "Town",
        "Households",
    ]
    figure = doc.figures()[0]
    assert (
        figure.src.startswith("pandoc.odt#Pictures/")
        and figure.caption[0].text == "Bar chart of households"
    )
    assert any(r.type == "em" and r.text == "generation" for r in doc.paragraphs()[0].inlines)
    assert not messages(doc, "warning") or all("alt text" in w for w in messages(doc, "warning")), (
        messages(doc)
    )
    assert not doc.errors()


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory, pandoc_odt) -> Path:
    """LibreOffice's own .odt of three files, converted in one soffice run: the hand-made
    Word file (notes, tracked changes, a text box), a python-docx file (lists, table, quotes,
    a picture) and pandoc's .odt saved again by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer)")
    docx_lib = pytest.importorskip("docx")
    from docx.shared import Inches

    folder = tmp_path_factory.mktemp("libreoffice")
    src = folder / "src"
    src.mkdir()
    (src / "feature.docx").write_bytes(feature_docx())
    d = docx_lib.Document()
    d.add_heading("Tidal Power", 0)
    d.add_paragraph("Barrages and towns", style="Subtitle")
    d.add_paragraph("12 September 2024")
    d.add_paragraph("Councils agreed on these steps, in this order, after long talks.")
    for step in ("Survey the seabed", "Consult the towns"):
        d.add_paragraph(step, style="List Number")
    d.add_heading("Households", 1)
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate((("Town", "Households"), ("Ardmore", "1,200"))):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    d.add_paragraph("A quotation that nobody repeats, from the harbour master himself.", "Quote")
    (folder / "chart.png").write_bytes(png())
    d.add_picture(str(folder / "chart.png"), width=Inches(4))
    d.add_paragraph("Closing paragraph of the brief with enough words to be real.")
    d.save(src / "lists.docx")
    shutil.copy(pandoc_odt, src / "resaved.odt")
    out = folder / "out"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "odt", "--outdir", str(out), *map(str, sorted(src.iterdir()))],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out


def test_libreoffice_notes_tracked_changes_and_text_box(libreoffice):
    doc = normalize_file(libreoffice / "feature.odt")
    assert doc.meta.title == "Tidal Power on the Northern Coast" and doc.meta.date == "2024-09-12"
    assert [b.text for b in doc.headings()] == ["Die Vermessung"]  # outline level 1
    assert [n.text for n in doc.notes] == ["A. Author, Barrages and Towns (2019).",
                                           "Coastal Survey Office, Report 12."]  # fmt: skip
    body = doc.paragraphs()[1].text
    assert "quiet talks" in body and "bitter" not in body
    assert len(doc.pullquotes()) == 1 and doc.pullquotes()[0].source == doc.paragraphs()[1].id
    assert [b.type for b in doc.blocks].count("blockquote") == 1
    assert doc.colophon.disclaimer.startswith("The views are the authors")
    assert not messages(doc, "warning"), messages(doc)


def test_libreoffice_lists_table_quote_and_picture(libreoffice):
    doc = normalize_file(libreoffice / "lists.odt")
    assert doc.meta.title == "Tidal Power" and doc.meta.subtitle == "Barrages and towns"
    assert doc.meta.date == "2024-09-12"
    kinds = [b.type for b in doc.blocks]
    assert kinds == ["paragraph", "list", "heading", "table", "blockquote", "figure", "paragraph"]
    listing = next(b for b in doc.blocks if b.type == "list")
    assert listing.ordered and [i.inlines[0].text for i in listing.items] == [
        "Survey the seabed",
        "Consult the towns",
    ]
    assert doc.figures()[0].src.startswith("lists.odt#Pictures/")


def test_libreoffice_resaved_pandoc_file_reads_the_same(libreoffice, pandoc_odt):
    ours, theirs = normalize_file(libreoffice / "resaved.odt"), normalize_file(pandoc_odt)
    assert [b.type for b in ours.blocks] == [b.type for b in theirs.blocks]
    assert [b.text for b in ours.blocks] == [b.text for b in theirs.blocks]
    assert [n.text for n in ours.notes] == [n.text for n in theirs.notes]
    assert ours.meta.title == theirs.meta.title


# --- hostile files: one line, exit 2, nothing written ------------------------------------------

BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
        + "]>" + f"<office:document-content {XMLNS}><office:body><office:text><text:p>&lol9;</text:p>"
        "</office:text></office:body></office:document-content>")  # fmt: skip


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(name, data)
    return out.getvalue()


def hostile(case: str, where: Path, url: str) -> tuple[bytes, str]:
    """The bytes of a hostile .odt, and what its one line says."""
    good = TOP + p("Body text that is long enough to count.")
    secret = where / "secret.txt"
    secret.write_text("TOP-SECRET-MARK", encoding="utf-8")
    external = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">'
                f'<!ENTITY n SYSTEM "{url}">]><office:document-content {XMLNS}><office:body>'
                "<office:text><text:p>&e;&n;</text:p></office:text></office:body></office:document-content>")  # fmt: skip
    cases = {
        "not-a-zip": (b"just some text, not a zip", "not an OpenDocument text (.odt is a zip file"),
        "zip-bomb": (odt(good, parts={"Pictures/huge.png": b"\0" * 60_000_000}), "zip bomb"),
        "many-parts": (odt(good, parts={f"x/{i}": b"" for i in range(5_001)}), "parts; refusing"),
        "no-content": (_zip({"mimetype": MIMETYPE.encode(), "styles.xml": b"<a/>"}), "content.xml is missing"),
        "malformed": (odt(good, content="<office:document-content><office:body>"), "content.xml is not well-formed XML"),
        "entity-bomb": (odt(good, content=BOMB), "declares a DTD"),
        "external-entity": (odt(good, content=external), "declares a DTD"),
        "external-dtd": (odt(good, content=f'<?xml version="1.0"?><!DOCTYPE x SYSTEM "{url}"><x/>'), "declares a DTD"),
        "spreadsheet": (odt(good, mimetype="application/vnd.oasis.opendocument.spreadsheet"), "it is an OpenDocument spreadsheet"),
        "wrong-mimetype": (odt(good, mimetype="text/html"), "the file says it is “text/html”"),
        "encrypted": (odt(good, parts={"META-INF/manifest.xml": b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>'}),
                      "password-protected"),
        "missing-picture": (odt(good + p('<draw:frame><draw:image xlink:href="Pictures/gone.png"/></draw:frame>')),
                            "picture “Pictures/gone.png” is referenced but is not in the file"),
        "huge-picture": (odt(good + p('<draw:frame><draw:image xlink:href="Pictures/big.png"/></draw:frame>'),
                             parts={"Pictures/big.png": png(9_000, 8_000)}), "pixels; the limit is"),
    }  # fmt: skip
    return cases[case]


HOSTILE = ["not-a-zip", "zip-bomb", "many-parts", "no-content", "malformed", "entity-bomb",
           "external-entity", "external-dtd", "spreadsheet", "wrong-mimetype", "encrypted", "missing-picture",
           "huge-picture"]  # fmt: skip


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A local port that records any connection: proof that nothing was fetched."""
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
            hits.append(b"connected")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/x.dtd", hits
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_odt_is_one_line_and_exit_2(case, tmp_path, listener):
    url, hits = listener
    data, expected = hostile(case, tmp_path, url)
    path = tmp_path / f"{case}.odt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=None) as caught:
        normalize_file(path)
    assert expected in caught.value.message, caught.value.message
    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, "-m", "publish", "normalize", str(path), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr
    assert f"{path}: error: " in lines[0] and expected in lines[0]
    assert "Traceback" not in proc.stderr and "TOP-SECRET-MARK" not in proc.stderr
    assert not out.exists() and not hits


@pytest.mark.parametrize("case", ["zip-bomb", "entity-bomb", "missing-picture"])
def test_hostile_odt_beside_a_good_brief_in_a_release(case, tmp_path, listener, capsys):
    from publish.cli import main

    url, _ = listener
    seeds, dist = tmp_path / "seeds", tmp_path / "dist"
    seeds.mkdir()
    (seeds / "good.odt").write_bytes(odt(TOP + p("Body text that is long enough to count.")))
    data, expected = hostile(case, tmp_path, url)
    (seeds / "bad.odt").write_bytes(data)
    code = main(["release", str(seeds), "--out", str(dist), "--no-check", "-q"])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and lines[0].startswith(str(seeds / "bad.odt")), err
    assert expected in lines[0] and "Traceback" not in err
    built = sorted(p.name for p in dist.iterdir())
    assert "tidal-power-on-the-northern-coast.epub" in built
    assert not any(name.startswith("bad") for name in built)


# --- through the release gate ----------------------------------------------------------------------


def gate_odt() -> bytes:
    """A brief with every feature the editions show, as LibreOffice writes them."""
    long = ("The coastal councils met for three days in the harbour hall and agreed that a "
            "survey of the seabed must come before any decision about a tidal barrage.")  # fmt: skip
    frame = ('<draw:frame draw:name="Image1" text:anchor-type="as-char"><draw:image '
             'xlink:href="Pictures/chart.png"/><svg:title>Bar chart of households by town</svg:title>'
             "</draw:frame>")  # fmt: skip
    cell = '<table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Contents">{}</text:p></table:table-cell>'
    body = (
        TOP
        + p(long + note("A. Author, Barrages and Towns (2019).", 1))
        + h("The survey")
        + p(long.replace("three", "four") + note("Coastal Survey Office, Report 12.", 2, "endnote")
            + " A second sentence follows it here." + note("An aside, marked by a star.", 3, label="*"))
        + p("A quotation from the harbour master, which nobody repeats anywhere.", "Quotations")
        + '<text:list text:style-name="Numbering_20_123"><text:list-item><text:p text:style-name="P1">'
        "Survey the seabed</text:p></text:list-item><text:list-item><text:p text:style-name=\"P1\">"
        "Consult the towns</text:p></text:list-item></text:list>"
        + '<table:table table:name="T"><table:table-header-rows><table:table-row>'
        + cell.format("Town") + cell.format("Households")
        + "</table:table-row></table:table-header-rows><table:table-row>"
        + cell.format("Ardmore") + cell.format("1,200") + "</table:table-row></table:table>"
        + p("Table <text:sequence text:name=\"Table\">1</text:sequence>: Households by town", "Table")
        + p(frame, "Standard")
        + p("Figure <text:sequence text:name=\"Figure\">1</text:sequence>: Households by town", "Figure")
        + p(long.replace("three", "five"))
    )  # fmt: skip
    meta = "<meta:initial-creator>Ann Lee</meta:initial-creator><dc:language>en-GB</dc:language>"
    return odt(body, meta=meta, parts={"Pictures/chart.png": png()})


def test_the_gate_brief_reads_whole(tmp_path):
    doc = read(tmp_path, gate_odt())
    assert [b.type for b in doc.blocks] == ["paragraph", "heading", "paragraph", "blockquote",
                                            "list", "table", "figure", "paragraph"]  # fmt: skip
    assert [n.mark for n in doc.notes] == [None, None, "*"]
    assert doc.figures()[0].caption[0].text == "Households by town"
    assert not messages(doc, "warning") and not doc.errors(), messages(doc)


@pytest.mark.slow
def test_release_of_an_odt_brief_passes_the_full_gate(tmp_path):
    from publish.release import release

    from .conftest import SEED

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED.parent.parent / "publish.toml", tmp_path / "publish.toml")
    (seeds / "tidal.odt").write_bytes(gate_odt())
    (seeds / "tidal.toml").write_text('slug = "tidal"\n', encoding="utf-8")
    report = release(seeds, tmp_path / "dist", jobs=1, force=True, check=True,
                     say=lambda _: None, warn=lambda _: None, progress=lambda *_: None)  # fmt: skip
    problems = [p for o in report.outcomes for p in o.problems]
    assert report.exit_code == 0, problems
    built = {p.name for p in (tmp_path / "dist").iterdir()}
    assert {"tidal.epub", "tidal.pdf", "tidal-print.pdf"} <= built
    with zipfile.ZipFile(tmp_path / "dist" / "tidal.epub") as book:
        assert any(n.endswith(".png") for n in book.namelist())  # the picture, read from the .odt


def test_an_impossible_creation_date_in_odt_properties_is_dropped_with_a_warning(tmp_path):
    meta = "<meta:creation-date>2024-04-31T10:00:00</meta:creation-date>"
    doc = read(tmp_path, odt(p("Tidal Power", "Title") + p("Body text that is long enough to count."),
                             meta=meta))  # fmt: skip
    assert doc.meta.date is None or doc.meta.date != "2024-04-31"
    said = [d.message for d in doc.diagnostics if d.level == "warning"]
    assert any("“2024-04-31” is impossible" in m for m in said), said
