"""The house style: [style] in publish.toml → logo, colours, fonts, stylesheets in both editions."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream

import publish
from publish.cli import main
from publish.errors import InputError
from publish.load import normalize_file
from publish.paths import FONTS_DIR
from publish.style import check_style, contrast
from publish.svg import SvgError, sanitize_svg
from tests.conftest import SMALL_BRIEF

ACCENT = "#7a1f3d"


def make_project(root: Path, style: str, brief: str = SMALL_BRIEF, name: str = "b.txt") -> Path:
    """A project folder with publish.toml holding `style` (TOML lines) and one brief."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "styles").mkdir(exist_ok=True)
    (root / "publish.toml").write_text(f"[style]\n{style}\n", encoding="utf-8")
    path = root / "seeds" / name
    path.write_text(brief, encoding="utf-8")
    return path


def png_logo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGBA", (120, 40), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((4, 4, 116, 36), fill=(122, 31, 61, 255))
    image.save(path)


def epub_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def page_xobjects(reader: PdfReader, index: int) -> dict[str, str]:
    """XObject name → subtype (/Image or /Form) on a page, nested forms included."""
    found: dict[str, str] = {}

    def walk(resources) -> None:
        xobjects = (resources or {}).get("/XObject") or {}
        for name, ref in xobjects.items():
            obj = ref.get_object()
            found[name] = str(obj.get("/Subtype"))
            if obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    walk(reader.pages[index].get("/Resources"))
    return found


def fill_colours(reader: PdfReader, index: int) -> set[tuple[int, int, int]]:
    """Every RGB colour set on a page (rg/RG), as 0–255 triples."""
    page = reader.pages[index]
    stream = ContentStream(page.get_contents(), reader)
    out = set()
    for operands, operator in stream.operations:
        if operator in (b"rg", b"RG") and len(operands) == 3:
            out.add(tuple(round(float(v) * 255) for v in operands))
    return out


def cmyk_colours(reader: PdfReader, index: int) -> set[tuple[float, ...]]:
    """Every CMYK colour set on a page (k/K), rounded to two places."""
    stream = ContentStream(reader.pages[index].get_contents(), reader)
    return {
        tuple(round(float(v), 2) for v in operands)
        for operands, operator in stream.operations
        if operator in (b"k", b"K") and len(operands) == 4
    }


# --- reading [style] ------------------------------------------------------------------------


def test_style_table_is_checked_and_flattened():
    assert check_style({"fonts": "sans", "stylesheet": {"epub": "a.css", "pdf": "b.css"}}) == {
        "body_font": "Noto Sans",
        "heading_font": "Noto Sans",
        "stylesheet_epub": "a.css",
        "stylesheet_pdf": "b.css",
    }
    assert check_style({"fonts": {"body": "serif", "heading": "sans"}}) == {
        "body_font": "Source Serif Pro",
        "heading_font": "Noto Sans",
    }
    for bad in ({"colour": "#000000"}, {"accent_color": "red"}, {"logo": "logo.gif"},
                {"stylesheet": {"web": "a.css"}}, {"fonts": 3}):  # fmt: skip
        with pytest.raises(TypeError):
            check_style(bad)


def test_unknown_style_key_names_file_and_key(tmp_path, capsys):
    brief = make_project(tmp_path, 'accent = "#123456"')
    assert main(["normalize", str(brief)]) == 2
    err = capsys.readouterr().err
    assert "publish.toml" in err and "style" in err and "accent" in err


def test_low_contrast_colour_is_refused_naming_the_pair(tmp_path, capsys):
    brief = make_project(tmp_path, 'accent_color = "#ffd54f"')
    with pytest.raises(InputError) as err:
        normalize_file(brief)
    message = str(err.value)
    assert "accent_color #ffd54f" in message and "#ffffff" in message and "4.5:1" in message
    assert main(["epub", str(brief), "-o", str(tmp_path / "x.epub")]) == 2
    assert "accent_color #ffd54f on the page" in capsys.readouterr().err
    assert not (tmp_path / "x.epub").exists()
    # Text colour too, and a dark enough one passes.
    make_project(tmp_path, 'text_color = "#999999"')
    with pytest.raises(InputError, match="text_color #999999"):
        normalize_file(brief)
    make_project(tmp_path, 'text_color = "#333333"\naccent_color = "#0b5d1e"')
    assert normalize_file(brief).meta.style.text_color == "#333333"
    assert contrast("#0b5d1e", "#ffffff") >= 4.5


def test_sidecar_and_front_matter_override_the_house_style(tmp_path):
    brief = make_project(tmp_path, f'accent_color = "{ACCENT}"\nfonts = "sans"')
    (brief.with_suffix(".toml")).write_text('[style]\naccent_color = "#0b5d1e"\n', "utf-8")
    style = normalize_file(brief).meta.style
    assert style.accent_color == "#0b5d1e" and style.body_font == "Noto Sans"  # house kept
    md = tmp_path / "seeds" / "m.md"
    md.write_text(
        '---\ntitle: A Title\nstyle.accent_color: "#5b2a86"\nstyle.fonts: serif\n---\n\nText.\n',
        encoding="utf-8",
    )
    style = normalize_file(md).meta.style
    assert style.accent_color == "#5b2a86" and style.body_font == "Source Serif Pro"
    assert style.root == str(tmp_path.resolve())


# --- colours ------------------------------------------------------------------------------


@pytest.mark.slow
def test_accent_colour_reaches_epub_css_and_both_pdfs(tmp_path):
    brief = make_project(tmp_path, f'accent_color = "{ACCENT}"')
    doc = normalize_file(brief)
    css = epub_files(publish.build_epub(doc))["EPUB/css/epub.css"].decode()
    assert re.search(rf"h1, h2[^{{]*\{{ color: {ACCENT}", css)
    assert f"aside.pullquote {{ color: {ACCENT}" in css
    want = (0x7A, 0x1F, 0x3D)
    printed = PdfReader(io.BytesIO(publish.build_pdf(doc, "print", base_dir=brief.parent)))
    # The print edition is CMYK: the accent arrives converted through the press profile.
    from publish.pdf.colour import rgb_to_cmyk
    from publish.printing import DEFAULT_ICC

    cmyk = tuple(round(v, 2) for v in rgb_to_cmyk(ACCENT, DEFAULT_ICC))
    assert cmyk in cmyk_colours(printed, 0), (cmyk, cmyk_colours(printed, 0))
    reader = PdfReader(io.BytesIO(publish.build_pdf(doc, "screen", base_dir=brief.parent)))
    assert want in fill_colours(reader, 0)
    from publish.load import normalize_text

    default = PdfReader(io.BytesIO(publish.build_pdf(normalize_text(SMALL_BRIEF), "screen")))
    assert want in fill_colours(reader, 0) and want not in fill_colours(default, 0)


# --- logo ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_png_logo_on_cover_title_page_title_block_and_colophon(tmp_path):
    png_logo(tmp_path / "styles" / "logo.png")
    brief = make_project(tmp_path, 'logo = "styles/logo.png"')
    doc = normalize_file(brief)
    files = epub_files(publish.build_epub(doc))
    opf = files["EPUB/content.opf"].decode()
    assert 'href="images/logo.png"' in opf and 'media-type="image/png"' in opf
    for page in ("EPUB/title.xhtml", "EPUB/colophon.xhtml"):
        assert '<img src="images/logo.png" alt="Institute for River Studies logo"/>' in (
            files[page].decode()
        ), page
    from publish.load import normalize_text

    plain = epub_files(publish.build_epub(normalize_text(SMALL_BRIEF)))
    assert files["EPUB/images/cover.png"] != plain["EPUB/images/cover.png"]
    cover = Image.open(io.BytesIO(files["EPUB/images/cover.png"])).convert("RGB")
    # The logo's colour sits in the cover's logo box (bottom right).
    box = cover.crop((1070, 2170, 1450, 2410))
    assert (122, 31, 61) in {c for _, c in box.getcolors(1 << 16)}

    data = publish.build_pdf(doc, "screen", base_dir=brief.parent)
    reader = PdfReader(io.BytesIO(data))
    assert "/Image" in page_xobjects(reader, 0).values()
    last = len(reader.pages) - 1
    assert "/Image" in page_xobjects(reader, last).values()  # the colophon's
    listing = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", "-"],
                             input=data, capture_output=True)  # fmt: skip
    if listing.returncode == 0:
        assert len(listing.stdout.decode().splitlines()) > 2


HOSTILE_SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 100 40" onload="alert(1)">
  <script>alert('x')</script>
  <style>@import url("{url}/style.css"); circle {{ fill: url({url}/paint.svg#p); }}</style>
  <rect x="0" y="0" width="100" height="40" fill="#7a1f3d"/>
  <image href="{url}/remote.png" width="10" height="10"/>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <use href="{url}/sprite.svg#logo"/>
  <foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>
  <a href="javascript:alert(1)"><circle cx="5" cy="5" r="4" onclick="alert(2)"/></a>
  <circle cx="80" cy="20" r="10" fill="#ffffff" style="fill: url({url}/x#y)"/>
</svg>
"""


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *args) -> None:
        pass


@pytest.mark.slow
def test_hostile_svg_logo_is_cleaned_and_nothing_is_fetched(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        (tmp_path / "styles").mkdir(exist_ok=True)
        (tmp_path / "styles" / "logo.svg").write_text(HOSTILE_SVG.format(url=url), "utf-8")
        brief = make_project(tmp_path, 'logo = "styles/logo.svg"')
        doc = normalize_file(brief)
        files = epub_files(publish.build_epub(doc))
        pdf = publish.build_pdf(doc, "screen", base_dir=brief.parent)
    finally:
        server.shutdown()
    assert _Counter.hits == []
    svg = files["EPUB/images/logo.svg"].decode()
    for bad in ("script", "onload", "onclick", "foreignObject", "127.0.0.1", "file:", "@import",
                "javascript", "passwd"):  # fmt: skip
        assert bad not in svg, bad
    assert "<rect" in svg and "<circle" in svg
    reader = PdfReader(io.BytesIO(pdf))
    assert (122, 31, 61) in fill_colours(reader, 0)  # the cleaned SVG's rectangle, on page 1


def test_svg_that_cannot_be_made_safe_is_refused(tmp_path):
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    )
    with pytest.raises(SvgError, match="DOCTYPE"):
        sanitize_svg(xxe.encode())
    with pytest.raises(SvgError, match="not <svg>"):
        sanitize_svg(b'<html xmlns="http://www.w3.org/1999/xhtml"/>')
    with pytest.raises(SvgError, match="nothing left"):
        sanitize_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')
    with pytest.raises(SvgError, match="well-formed"):
        sanitize_svg(b"<svg")
    (tmp_path / "styles").mkdir(exist_ok=True)
    (tmp_path / "styles" / "logo.svg").write_text(xxe, encoding="utf-8")
    brief = make_project(tmp_path, 'logo = "styles/logo.svg"')
    with pytest.raises(InputError, match="logo refused"):
        normalize_file(brief)
    # A logo outside the project folder is refused too.
    make_project(tmp_path, 'logo = "../outside.png"')
    png_logo(tmp_path.parent / "outside.png")
    with pytest.raises(InputError, match="outside the project"):
        normalize_file(brief)


# --- fonts ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_sans_pairing_is_embedded_and_covers_the_text(tmp_path):
    brief = make_project(
        tmp_path, 'fonts = "sans"',
        SMALL_BRIEF.replace("despite three droughts", "despite Łódź, Київ and Αθήνα"),
    )  # fmt: skip
    doc = normalize_file(brief)
    files = epub_files(publish.build_epub(doc))
    fonts = {n: d for n, d in files.items() if n.startswith("EPUB/fonts/") and n.endswith(".ttf")}
    assert sorted(Path(n).name for n in fonts) == [
        "NotoSans-Bold.ttf", "NotoSans-BoldItalic.ttf", "NotoSans-Italic.ttf",
        "NotoSans-Regular.ttf",
    ]  # fmt: skip
    assert "EPUB/fonts/OFL-NotoSans.txt" in files
    regular = TTFont(io.BytesIO(fonts["EPUB/fonts/NotoSans-Regular.ttf"]))
    assert regular["name"].getBestFamilyName() == "Noto Sans"
    text = "".join(
        re.sub(r"<[^>]+>", "", files[f"EPUB/{p}.xhtml"].decode()) for p in ("text", "notes")
    )
    cmap = regular.getBestCmap()
    missing = {c for c in text if not c.isspace() and ord(c) not in cmap}
    assert not missing and "ж" not in text and "Київ" in text
    css = files["EPUB/css/epub.css"].decode()
    assert 'font-family: "Noto Sans"' in css and "SourceSerif" not in css

    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(publish.build_pdf(doc, "screen", base_dir=brief.parent))
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True)
    if listing.returncode != 0:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    rows = listing.stdout.splitlines()[2:]
    assert rows and all("Noto-Sans" in r for r in rows), listing.stdout
    assert all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+", r) for r in rows), listing.stdout


def _project_font(folder: Path, licence: bool) -> None:
    folder.mkdir(parents=True)
    shutil.copy(FONTS_DIR / "NotoSans-Regular.ttf", folder / "House-Regular.ttf")
    if licence:
        (folder / "OFL.txt").write_text("SIL Open Font License 1.1 (test copy)\n", "utf-8")


def test_project_font_without_licence_is_refused(tmp_path, capsys):
    _project_font(tmp_path / "styles" / "fonts" / "House", licence=False)
    brief = make_project(tmp_path, 'fonts = { body = "styles/fonts/House" }')
    with pytest.raises(InputError, match="no licence file"):
        normalize_file(brief)
    assert main(["normalize", str(brief)]) == 2
    assert "a project font is embedded only with its licence" in capsys.readouterr().err


def test_project_font_with_licence_is_embedded_with_it(tmp_path):
    _project_font(tmp_path / "styles" / "fonts" / "House", licence=True)
    brief = make_project(tmp_path, 'fonts = { body = "styles/fonts/House", heading = "serif" }')
    files = epub_files(publish.build_epub(normalize_file(brief)))
    assert "EPUB/fonts/House-Regular.ttf" in files
    assert "EPUB/fonts/OFL-House-Regular.txt" in files  # the project's licence, beside it
    assert "EPUB/fonts/SourceSerifPro-Semibold.ttf" in files  # the heading family
    css = files["EPUB/css/epub.css"].decode()
    assert 'font-family: "Project Noto Sans"' in css


def test_a_character_without_a_glyph_fails_the_gate(tmp_path):
    from publish.style import coverage_problem

    brief = make_project(tmp_path, 'fonts = "sans"', SMALL_BRIEF.replace("droughts", "droughts 漢"))
    problem = coverage_problem(normalize_file(brief))
    assert problem and "U+6F22" in problem and "Noto Sans" in problem
    assert coverage_problem(normalize_file(make_project(tmp_path, ""))) is None


# --- stylesheets and the cover --------------------------------------------------------------


@pytest.mark.slow
def test_project_stylesheets_come_after_the_defaults_per_edition(tmp_path):
    (tmp_path / "styles").mkdir(exist_ok=True)
    (tmp_path / "styles" / "house-epub.css").write_text("h2 { letter-spacing: 0.02em; }\n")
    (tmp_path / "styles" / "house-pdf.css").write_text("h2 { color: #005500; }\n")
    brief = make_project(
        tmp_path,
        'stylesheet = { epub = "styles/house-epub.css", pdf = "styles/house-pdf.css" }',
    )
    doc = normalize_file(brief)
    css = epub_files(publish.build_epub(doc))["EPUB/css/epub.css"].decode()
    assert css.index("letter-spacing: 0.02em") > css.index("aside.pullquote")
    assert "#005500" not in css
    reader = PdfReader(io.BytesIO(publish.build_pdf(doc, "screen", base_dir=brief.parent)))
    assert (0, 0x55, 0) in fill_colours(reader, 0)


def test_cover_title_breaks_at_natural_points():
    from publish.epub.cover import _font, break_title

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = _font(600, "normal", 150)
    title = "Keeping the Lights On"
    width = int(draw.textlength(title, font=font) * 0.8)  # two lines needed
    lines = break_title(draw, title, font, width)
    assert len(lines) == 2 and lines[-1] != "On", lines
    assert not lines[0].endswith(" the"), lines
    # A colon is a natural break.
    title = "Energy Security: What Comes After the Pipeline"
    width = int(draw.textlength(title, font=font) * 0.7)
    assert break_title(draw, title, font, width)[0] == "Energy Security:"


def test_cover_shows_subtitle_and_authors(tmp_path):
    from publish.epub.cover import cover_png

    doc = normalize_file(make_project(tmp_path, ""))
    plain = cover_png(doc, doc.meta.title)
    doc.meta.subtitle = "A subtitle"
    with_subtitle = cover_png(doc, doc.meta.title)
    from publish.document import Author

    doc.meta.authors = [Author("Ann Lee")]
    with_authors = cover_png(doc, doc.meta.title)
    assert len({plain, with_subtitle, with_authors}) == 3


@pytest.mark.slow
def test_branded_release_passes_every_check(tmp_path):
    """EPUBCheck clean and the PDF checks green for a branded project (logo, accent, sans)."""
    from publish.commands.init import init_project

    init_project(tmp_path)
    shutil.copy(Path(__file__).parent.parent / "docs" / "branded" / "logo.svg",
                tmp_path / "styles" / "logo.svg")  # fmt: skip
    with (tmp_path / "publish.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            'logo = "styles/logo.svg"\naccent_color = "#7a1f3d"\nfonts = "sans"\n'
            'stylesheet = { epub = "styles/house.css", pdf = "styles/house.css" }\n'
        )
    assert main(["--project", str(tmp_path), "release", "-q", "--jobs", "1"]) == 0
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text(encoding="utf-8"))
    (brief,) = manifest["briefs"]
    validation = brief["validation"]
    assert validation["pdf"]["status"] == validation["print"]["status"] == "passed"
    epubcheck = validation["epub"]["epubcheck"]
    if epubcheck.get("status") != "skipped":
        assert epubcheck["status"] == "passed" and epubcheck["warnings"] == 0


# --- the files a brief's house style reads, for the incremental release --------------------


def test_the_style_files_of_every_brief_are_found_once_per_house(tmp_path):
    """styles/, the house's [style] files (a logo, a font folder named in a `fonts` table)
    and each brief's own sidecar [style] files; StyleScan, as a release asks it for each
    brief, gives what style_inputs gives one brief."""
    from publish.normalizer.layers import StyleScan, style_inputs

    _project_font(tmp_path / "type" / "House", licence=True)
    png_logo(tmp_path / "brand" / "logo.png")
    (tmp_path / "styles" / "nested").mkdir(parents=True)
    (tmp_path / "styles" / "nested" / "extra.css").write_text("p { color: black }\n", "utf-8")
    first = make_project(tmp_path, 'logo = "brand/logo.png"\nfonts = { body = "type/House" }')
    second = tmp_path / "seeds" / "c.txt"
    second.write_text(SMALL_BRIEF, encoding="utf-8")
    (tmp_path / "own.css").write_text("h1 { color: black }\n", "utf-8")
    second.with_suffix(".toml").write_text('[style]\nstylesheet = "own.css"\n', "utf-8")
    font = tmp_path / "type" / "House"
    house = {tmp_path / "styles" / "nested" / "extra.css", tmp_path / "brand" / "logo.png",
             font / "House-Regular.ttf", font / "OFL.txt"}  # fmt: skip
    house = {p.resolve() for p in house}
    for project in (tmp_path, None):  # --project, or the profile found above the briefs
        scan = StyleScan(project)
        profile, files = scan.inputs(first)
        assert profile == (tmp_path / "publish.toml").resolve()
        assert {p.resolve() for p in files} == house
        assert files == style_inputs(first, project)
        _, files = scan.inputs(second)
        assert {p.resolve() for p in files} == house | {(tmp_path / "own.css").resolve()}
        assert files == style_inputs(second, project)
