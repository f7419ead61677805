"""Pictures inside Word briefs: figures read from the .docx itself, and hostile pictures."""

# ruff: noqa: E501 - the fixtures are WordprocessingML, with its long namespaces

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from publish import images
from publish.errors import InputError
from publish.load import normalize_file

from .conftest import SEED
from .test_readers import R, docx, para

docx_lib = pytest.importorskip("docx")

TEXT = (
    "The councils agreed on these steps, in this order, after long talks on the coast about "
    "the barrage, its cost and the towns it would serve for a generation."
)


def png(width: int = 1200, height: int = 600, dpi: int = 300) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that states a size (Pillow reads no further than the header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def seq_caption(document, label: str, number: str, text: str):
    """A caption as Word's Insert Caption writes it, in a plain (Normal) paragraph:
    `Figure ` + a SEQ field whose result is the number + the text."""
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(f"{label} ")
    paragraph._p.append(parse_xml(
        f'<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'w:instr=" SEQ {label} \\* ARABIC "><w:r><w:t>{number}</w:t></w:r></w:fldSimple>'
    ))  # fmt: skip
    paragraph.add_run(f": {text}")
    return paragraph


def picture_docx(path: Path) -> Path:
    """Two pictures: one with a Caption-style paragraph under it, one with a SEQ-field
    caption above it (and no Caption style), each with alt text in wp:docPr/@descr."""
    d = docx_lib.Document()
    d.core_properties.author = "Ann Lee"  # else python-docx's own name is the author
    d.add_heading("Tidal Power", 0)
    d.add_paragraph("12 September 2024")
    d.add_paragraph(TEXT)
    shape = d.add_picture(io.BytesIO(png()))
    shape._inline.docPr.set("descr", "Bar chart of households by town")
    d.add_paragraph("Figure 1: Households by town", style="Caption")
    d.add_paragraph("Closing paragraph of the brief with enough words to be a real one.")
    seq_caption(d, "Figure", "2", "Turbines by site")
    shape = d.add_picture(io.BytesIO(png(800, 800, 150)))
    shape._inline.docPr.set("descr", "Map of the turbine sites")
    d.add_paragraph("A last paragraph after the second figure, long enough to count.")
    d.save(path)
    return path


def test_word_pictures_become_figures_with_alt_caption_and_number(tmp_path):
    doc = normalize_file(picture_docx(tmp_path / "pictures.docx"))
    kinds = [b.type for b in doc.blocks]
    assert kinds == ["paragraph", "figure", "paragraph", "figure", "paragraph"], kinds
    first, second = doc.figures()
    assert first.src == "pictures.docx#word/media/image1.png"
    assert first.alt == "Bar chart of households by town"
    assert [r.text for r in first.caption] == ["Households by town"] and first.number == 1
    assert (first.media_type, first.width, first.height, first.dpi) == ("image/png", 1200, 600, 300)
    assert second.src == "pictures.docx#word/media/image2.png"
    assert second.alt == "Map of the turbine sites"
    assert [r.text for r in second.caption] == ["Turbines by site"] and second.number == 2
    assert not doc.errors(), [d.format() for d in doc.diagnostics]
    messages = [d.message for d in doc.diagnostics]
    assert not any("left out" in m or "not taken" in m for m in messages), messages
    assert not any("Publish" in m for m in messages), messages  # our own style marks
    # Normalizing wrote nothing beside the brief.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pictures.docx"]


def test_figure_markdown_reads_back_through_the_same_reader(tmp_path):
    from publish.markdown_writer import to_markdown

    doc = normalize_file(picture_docx(tmp_path / "pictures.docx"))
    text = to_markdown(doc)
    assert "![Bar chart of households by town](pictures.docx#word/media/image1.png)" in text
    (tmp_path / "pictures.md").write_text(text, encoding="utf-8")
    again = normalize_file(tmp_path / "pictures.md")
    assert [(f.src, f.alt, f.caption, f.number, f.width, f.dpi) for f in again.figures()] == [
        (f.src, f.alt, f.caption, f.number, f.width, f.dpi) for f in doc.figures()
    ]
    assert not again.errors(), [d.format() for d in again.diagnostics]


def test_pandoc_word_file_with_a_picture(tmp_path):
    pypandoc = pytest.importorskip("pypandoc")
    (tmp_path / "chart.png").write_bytes(png())
    markdown = (
        "---\ntitle: Tidal Power\n---\n\n12 September 2024\n\n" + TEXT + "\n\n"
        "![Households by town](chart.png){width=5in}\n\n"
        "Closing paragraph of the brief with enough words to be a real one.\n"
    )
    out = tmp_path / "word" / "pandoc.docx"
    out.parent.mkdir()
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(out),
                          extra_args=[f"--resource-path={tmp_path}"])  # fmt: skip
    doc = normalize_file(out)
    (figure,) = doc.figures()
    assert figure.src.startswith("pandoc.docx#word/media/") and figure.media_type == "image/png"
    assert figure.width == 1200 and figure.number == 1
    # pandoc writes the caption as an "Image Caption" paragraph, and the same text as descr.
    assert figure.alt == "Households by town" and figure.text == "Households by town"
    assert not doc.errors(), [d.format() for d in doc.diagnostics]


# --- hostile pictures ---------------------------------------------------------------------

DRAWING = (
    '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="{n}" name="p{n}" descr="{alt}"/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData>'
    "</a:graphic></wp:inline></w:drawing></w:r></w:p>"
)


def pictured(path: Path, targets: dict[str, str], media: dict[str, bytes]) -> Path:
    """A hand-made Word file with one drawing per relationship target."""
    body = para("Tidal Power", "Titel") + para("12 September 2024") + para(TEXT)
    rels = ""
    for n, (rid, target) in enumerate(targets.items(), start=1):
        body += DRAWING.format(n=n, alt=f"picture {n}", rid=rid)
        rels += f'<Relationship Id="{rid}" Type="{R}/image" Target="{target}"/>'
    body += para("Closing paragraph of the brief with enough words to be a real one.")
    path.write_bytes(docx(body, rels=rels, extra_parts=media))
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], capture_output=True,
                          text=True, timeout=120)  # fmt: skip


EMF = struct.pack("<II", 1, 108) + b"\0" * 32 + b" EMF" + b"\0" * 64


def test_emf_and_pictures_outside_media_are_left_out_with_warnings(tmp_path):
    path = pictured(
        tmp_path / "odd.docx",
        {"rEmf": "media/image1.emf", "rRoot": "/evil.png", "rOk": "media/image2.png"},
        {"word/media/image1.emf": EMF, "evil.png": png(10, 10), "word/media/image2.png": png()},
    )  # fmt: skip
    doc = normalize_file(path)
    assert [f.src for f in doc.figures()] == ["odd.docx#word/media/image2.png"]
    assert doc.figures()[0].alt == "picture 3" and doc.figures()[0].number == 1
    messages = [d.message for d in doc.diagnostics if d.level == "warning"]
    assert messages == [
        "picture left out: “image1.emf” is an EMF image; use PNG, JPEG or SVG",
        "a picture outside word/media/ was left out",
    ], messages
    assert not doc.errors()
    proc = run_cli("normalize", str(path))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "is an EMF image" in proc.stderr


@pytest.mark.parametrize(
    ("name", "target", "media", "match"),
    [
        ("gone", "media/gone.png", {}, "picture “word/media/gone.png” is referenced but"),
        ("escape", "../evil.png", {"evil.png": b"x"}, "picture “word/../evil.png” is referenced"),
        ("huge", "media/image1.png", {"word/media/image1.png": b"huge"},
         "9000×8000 pixels; the limit is 50,000,000"),
    ],
)  # fmt: skip
def test_a_missing_escaping_or_huge_picture_is_exit_2_with_one_line(
    tmp_path, name, target, media, match
):
    if name == "huge":  # a real PNG header: 72 million pixels
        media = {"word/media/image1.png": png_header(9_000, 8_000)}
    path = pictured(tmp_path / f"{name}.docx", {"rPic": target}, media)
    with pytest.raises(InputError, match=match):
        normalize_file(path)
    proc = run_cli("normalize", str(path))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert f"{name}.docx" in proc.stderr and "Traceback" not in proc.stderr


def test_zip_bomb_picture_is_refused(tmp_path):
    path = pictured(tmp_path / "bomb.docx", {"rBomb": "media/image1.png"},
                    {"word/media/image1.png": png_header(10, 10) + b"\0" * 60_000_000})  # fmt: skip
    assert path.stat().st_size < 1_000_000
    proc = run_cli("normalize", str(path))
    assert proc.returncode == 2 and "zip bomb" in proc.stderr and proc.stderr.count("\n") == 1


def test_member_is_sized_from_the_zip_directory_before_it_is_expanded(tmp_path):
    """A member over the limit is refused without expanding it (memory stays small)."""
    container = tmp_path / "big.docx"
    with zipfile.ZipFile(container, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/image1.png", png_header(10, 10) + b"\0" * 30_000_000)
    tracemalloc.start()
    with pytest.raises(images.ImageTooLarge, match="30,000,0.. bytes; the limit"):
        images.read_image("big.docx#word/media/image1.png", tmp_path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000, peak


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("pictures.docx#word/document.xml", "is not a picture under word/media/"),
        ("pictures.docx#word/media/../document.xml", "is not a picture under word/media/"),
        ("pictures.docx#word/media/nothing.png", "is missing from the Word file"),
        ("../pictures.docx#word/media/image1.png", "outside the brief's folder"),
        ("other.docx#word/media/image1.png", "not found"),
    ],
)
def test_markdown_src_into_a_word_file_is_checked(tmp_path, src, message):
    picture_docx(tmp_path / "pictures.docx")
    brief = tmp_path / "sub" / "brief.md"
    brief.parent.mkdir()
    shutil.copy(tmp_path / "pictures.docx", brief.parent / "pictures.docx")
    brief.write_text(
        "---\ntitle: Tidal Power\ndate: 2024-09-12\n---\n\n" + TEXT + f"\n\n![A chart]({src})\n",
        encoding="utf-8",
    )
    doc = normalize_file(brief)
    errors = [d.message for d in doc.errors()]
    assert len(errors) == 1 and message in errors[0], errors
    proc = run_cli("normalize", str(brief))
    assert proc.returncode == 1 and message in proc.stderr and "Traceback" not in proc.stderr


# --- through the release gate -------------------------------------------------------------


@pytest.mark.slow
def test_release_of_a_word_brief_with_pictures_passes_the_gate(tmp_path):
    from publish.release import release

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED.parent.parent / "publish.toml", tmp_path / "publish.toml")
    picture_docx(seeds / "pictures.docx")
    report = release(seeds, tmp_path / "dist", jobs=1, force=True, check=True,
                     say=lambda _: None, warn=lambda _: None, progress=lambda *_: None)  # fmt: skip
    problems = [p for o in report.outcomes for p in o.problems]
    assert report.exit_code == 0, problems
    dist = tmp_path / "dist"
    slug = next(p.stem for p in dist.glob("*.epub"))
    with zipfile.ZipFile(dist / f"{slug}.epub") as book:
        names = book.namelist()
        pictures = [n for n in names if n.endswith(".png") and "/images/" in n and "cover" not in n]
        assert len(pictures) == 2, names
        xhtml = "".join(book.read(n).decode() for n in names if n.endswith(".xhtml"))
    assert 'alt="Bar chart of households by town"' in xhtml
    assert "Households by town" in xhtml and "Turbines by site" in xhtml
    for edition in (f"{slug}.pdf", f"{slug}-print.pdf"):
        listing = subprocess.run(["pdfimages", "-list", str(dist / edition)],
                                 capture_output=True, text=True, check=True).stdout  # fmt: skip
        sizes = {tuple(line.split()[3:5]) for line in listing.splitlines()[2:]}
        assert {("1200", "600"), ("800", "800")} <= sizes, listing


def test_picture_in_a_table_cell_is_left_out_once_with_a_warning(tmp_path):
    d = docx_lib.Document()
    d.add_heading("Tidal Power", 0)
    d.add_paragraph("12 September 2024")
    d.add_paragraph(TEXT)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Ardmore"
    table.rows[0].cells[1].paragraphs[0].add_run().add_picture(io.BytesIO(png(100, 60)))
    d.save(tmp_path / "cell.docx")
    doc = normalize_file(tmp_path / "cell.docx")
    assert not doc.figures() and [b.type for b in doc.blocks] == ["paragraph", "table"]
    said = [d.message for d in doc.diagnostics if "left out" in d.message]
    assert said == [
        "image “cell.docx#word/media/image1.png” left out: only an image alone in its "
        "paragraph makes a figure"
    ]


ANCHORED = (
    '<w:r><w:drawing><wp:anchor simplePos="0" relativeHeight="1" behindDoc="0" locked="0" '
    'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="3000000" cy="1500000"/><wp:wrapSquare wrapText="bothSides"/>'
    '<wp:docPr id="7" name="chart" descr="{alt}"/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData>'
    "</a:graphic></wp:anchor></w:drawing></w:r>"
)


def test_pictures_in_a_paragraph_of_text_become_figures_after_it(tmp_path):
    """Word anchors a floating chart to a paragraph of text (wp:anchor), and a picture can
    sit inline in a sentence: both become figures right after their paragraph, whose text
    is kept whole; a Caption paragraph that follows attaches to the figure."""
    text = "The survey counted households in every town along the northern coast. "
    body = (
        para("Tidal Power", "Titel") + para("12 September 2024") + para(TEXT)
        + "<w:p><w:r><w:t xml:space='preserve'>" + text + "</w:t></w:r>"
        + ANCHORED.format(alt="Bar chart of households by town", rid="rChart")
        + "<w:r><w:t xml:space='preserve'>Most of them live in three towns.</w:t></w:r></w:p>"
        + "<w:p><w:r><w:t xml:space='preserve'>Figure </w:t></w:r>"  # Insert Caption's field
        + "<w:fldSimple w:instr=' SEQ Figure \\* ARABIC '><w:r><w:t>1</w:t></w:r></w:fldSimple>"
        + "<w:r><w:t xml:space='preserve'>: Households by town</w:t></w:r></w:p>"
        + para("Closing paragraph of the brief with enough words to be a real one.")
    )  # fmt: skip
    rels = f'<Relationship Id="rChart" Type="{R}/image" Target="media/image1.png"/>'
    path = tmp_path / "anchored.docx"
    path.write_bytes(docx(body, rels=rels, extra_parts={"word/media/image1.png": png()}))
    doc = normalize_file(path)
    assert [b.type for b in doc.blocks] == ["paragraph", "paragraph", "figure", "paragraph"]
    assert doc.blocks[1].text == text + "Most of them live in three towns."
    figure = doc.blocks[2]
    assert figure.src == "anchored.docx#word/media/image1.png" and figure.number == 1
    assert figure.alt == "Bar chart of households by town"
    assert figure.text == "Households by town"
    infos = [(d.level, d.line, d.message) for d in doc.diagnostics if "picture set" in d.message]
    assert infos == [("info", 4, "picture set as a figure after the paragraph of text it sits in")]
    assert not [d for d in doc.diagnostics if "left out" in d.message]

    # An inline picture in a sentence (python-docx), and a paragraph with two of them.
    d = docx_lib.Document()
    d.add_heading("Tidal Power", 0)
    d.add_paragraph("12 September 2024")
    d.add_paragraph(TEXT)
    sentence = d.add_paragraph("Turbines stand at two sites ")
    sentence.add_run().add_picture(io.BytesIO(png(400, 200)))
    sentence.add_run(" and the map shows both ")
    sentence.add_run().add_picture(io.BytesIO(png(300, 300)))
    sentence.add_run(" as they were built.")
    d.add_paragraph("Closing paragraph of the brief with enough words to be a real one.")
    d.save(tmp_path / "inline.docx")
    doc = normalize_file(tmp_path / "inline.docx")
    kinds = [b.type for b in doc.blocks]
    assert kinds == ["paragraph", "paragraph", "figure", "figure", "paragraph"], kinds
    assert (
        doc.blocks[1].text
        == "Turbines stand at two sites and the map shows both as they were built."
    )
    assert [f.width for f in doc.figures()] == [400, 300]
