"""The print edition as a press takes it: PDF/X, CMYK, marks in the slug, stable ids,
the print preflight, and the [print] table of publish.toml."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

import publish
from publish.checks.preflight import preflight
from publish.cli import main
from publish.document import Document
from publish.pdf import build_pdf
from publish.pdf.colour import device_cmyk, rgb_to_cmyk
from publish.printing import DEFAULT_ICC, PrintSettings, load_print_settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "hague-summit-3-recalibrating-relations-with-russia.txt"
GS_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian libgs-common
MM = 72 / 25.4


def need(tool: str) -> None:
    """Skip without a tool, except in CI, where every tool must be installed."""
    if shutil.which(tool) is None and not Path(tool).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed (see the Makefile's TEST_SYSTEM_PACKAGES)")
        pytest.skip(f"{tool} is not installed")


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def fill_colours_of_text(pdf: pikepdf.Pdf) -> dict[tuple[float, ...], int]:
    """How many text-showing operators each fill colour paints (q/Q tracked)."""
    counts: dict[tuple[float, ...], int] = {}
    for page in pdf.pages:
        colour: tuple[float, ...] = (0.0,)
        stack: list[tuple[float, ...]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "q":
                stack.append(colour)
            elif op == "Q" and stack:
                colour = stack.pop()
            elif op in ("k", "rg", "g", "scn", "sc"):
                colour = (op, *(round(float(v), 3) for v in operands))  # type: ignore[assignment]
            elif op in ("Tj", "TJ", "'", '"'):
                counts[colour] = counts.get(colour, 0) + 1
    return counts


# --- colour conversion (fast) ---------------------------------------------------------------


def test_black_and_greys_go_on_the_black_plate_alone() -> None:
    assert rgb_to_cmyk("#1b1b1b", DEFAULT_ICC) == (0, 0, 0, 1)  # darker than solid K
    assert rgb_to_cmyk("#000000", DEFAULT_ICC) == (0, 0, 0, 1)
    assert rgb_to_cmyk("#ffffff", DEFAULT_ICC) == (0, 0, 0, 0)
    c, m, y, k = rgb_to_cmyk("#5a5a5a", DEFAULT_ICC)
    assert (c, m, y) == (0, 0, 0) and 0.6 < k < 0.9
    assert device_cmyk("#000000", DEFAULT_ICC) == "device-cmyk(0 0 0 1)"


def test_accent_converts_through_the_chosen_profile() -> None:
    c, m, y, k = rgb_to_cmyk("#1f4e79", DEFAULT_ICC)  # the house blue
    assert c > m > y and c > 0.7  # a blue is mostly cyan
    if GS_CMYK.exists():  # another press, another separation of the same blue
        assert rgb_to_cmyk("#1f4e79", GS_CMYK) != (c, m, y, k)
    with pytest.raises(ValueError):
        rgb_to_cmyk("blue", DEFAULT_ICC)


# --- [print] in publish.toml (fast) ----------------------------------------------------------


def project(tmp_path: Path, toml: str, brief: str) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "publish.toml").write_text(toml, encoding="utf-8")
    source = tmp_path / "seeds" / "brief.txt"
    source.write_text(brief, encoding="utf-8")
    return source


def test_print_table_is_read_and_checked(tmp_path: Path, small_brief: str) -> None:
    source = project(tmp_path, '[print]\nstandard = "X-1a"\nmarks = false\n', small_brief)
    settings = load_print_settings(tmp_path / "publish.toml")
    assert settings == PrintSettings(standard="x-1a", marks=False)
    assert settings.pdf_variant == "pdf/x-1a" and settings.profile == DEFAULT_ICC
    assert publish.normalize(source).meta.title  # the normalizer accepts the table


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[print]\nstandard = "x-5"\n', "key “print.standard” must be one of x-4, x-1a, x-3"),
        ("[print]\nmarks = 1\n", "key “print.marks” must be true or false"),
        ("[print]\nbleed = 3\n", "unknown key “print.bleed”"),
        ('print = "x-4"\n', "“print” must be a table"),
    ],
)
def test_bad_print_table_is_one_clear_error(
    tmp_path: Path, small_brief: str, capsys: pytest.CaptureFixture[str], toml: str, message: str
) -> None:
    source = project(tmp_path, toml, small_brief)
    assert main(["normalize", str(source)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "publish.toml" in err[0] and message in err[0], err


def test_print_table_is_refused_in_a_sidecar(
    tmp_path: Path, small_brief: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = project(tmp_path, "", small_brief)
    source.with_suffix(".toml").write_text("[print]\nmarks = false\n", encoding="utf-8")
    assert main(["normalize", str(source)]) == 2
    assert "the [print] table belongs in publish.toml" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["text", "rgb", "missing"])
def test_broken_icc_is_one_clear_error(
    tmp_path: Path, small_brief: str, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    source = project(tmp_path, '[print]\nicc = "press/printer.icc"\n', small_brief)
    icc = tmp_path / "press" / "printer.icc"
    icc.parent.mkdir()
    if kind == "text":
        icc.write_text("not a profile at all\n")
        expected = "is not a valid ICC profile"
    elif kind == "rgb":
        from PIL import ImageCms

        icc.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
        expected = "a CMYK printer (prtr) profile is needed"
    else:
        expected = "does not exist"
    out = tmp_path / "dist"
    for argv in (["pdf", str(source), "--edition", "print", "-o", str(out / "x.pdf")],
                 ["release", str(source.parent), "--out", str(out)]):  # fmt: skip
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        assert "publish.toml" in err[0] and "printer.icc" in err[0] and expected in err[0]
        assert "Traceback" not in err[0]
    assert not out.exists() or not any(out.glob("*.pdf"))  # nothing half-written


# --- the seed's print edition (slow: real WeasyPrint renders) --------------------------------


@pytest.fixture(scope="module")
def seed() -> Document:
    return publish.load_document(SEED)


@pytest.fixture(scope="module")
def printed(seed: Document) -> bytes:
    return build_pdf(seed, "print", base_dir=SEED.parent)


@pytest.mark.slow
def test_declares_pdfx4_with_an_output_intent_holding_the_profile(printed: bytes) -> None:
    with open_pdf(printed) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert str(pdf.docinfo["/Trapped"]) == "/False"
        intents = [i for i in pdf.Root.OutputIntents if i.S == "/GTS_PDFX"]
        assert len(intents) == 1
        assert str(intents[0].OutputConditionIdentifier) == "ISO Coated v2 300% (basICColor)"
        assert intents[0].DestOutputProfile.read_bytes() == DEFAULT_ICC.read_bytes()
        assert int(intents[0].DestOutputProfile.N) == 4
        # Deflated once per process (printprep.deflate_profile), not left raw for qpdf.
        assert intents[0].DestOutputProfile.Filter == "/FlateDecode"
        # The structure tree survives: PDF/X-4 allows tagged PDF (the variant wins over UA's
        # identification, not over the tags).
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang)
        assert b"pdfuaid" not in xmp


@pytest.mark.slow
def test_text_is_cmyk_and_black_is_solid_k(printed: bytes) -> None:
    report = preflight(printed, standard="x-4")
    assert report.operators.get("k", 0) > 40
    assert not report.operators.get("rg") and not report.operators.get("RG")
    with open_pdf(printed) as pdf:
        colours = fill_colours_of_text(pdf)
    assert all(c[0] == "k" for c in colours), colours  # every text run is DeviceCMYK
    most = max(colours, key=lambda c: colours[c])
    assert most == ("k", 0, 0, 0, 1), colours  # body text: 0/0/0/100, no rich black
    assert colours[most] > sum(colours.values()) / 2


@pytest.mark.slow
def test_boxes_nest_with_a_slug_beyond_the_bleed(printed: bytes) -> None:
    with open_pdf(printed) as pdf:
        for page in pdf.pages:
            media, bleed, trim = ([float(v) for v in page.obj[k]]
                                  for k in ("/MediaBox", "/BleedBox", "/TrimBox"))  # fmt: skip
            assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.1)  # A4 trim
            for i in (0, 1):
                assert trim[i] - bleed[i] == pytest.approx(3 * MM, abs=0.01)
                assert bleed[i] - media[i] > 10 * MM  # the slug
            for i in (2, 3):
                assert bleed[i] - trim[i] == pytest.approx(3 * MM, abs=0.01)
                assert media[i] - bleed[i] > 10 * MM


def mark_segments(page: pikepdf.Page) -> list[tuple[float, float, float, float, float]]:
    """(x0, y0, x1, y1, width) of every stroked straight line drawn as a page artifact."""
    out = []
    artifact, width, start = False, 1.0, (0.0, 0.0)
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC" and str(operands[0]) == "/Artifact":
            artifact = True
        elif op == "EMC":
            artifact = False
        elif op == "w":
            width = float(operands[0])
        elif op == "m":
            start = (float(operands[0]), float(operands[1]))
        elif op == "l" and artifact:
            out.append((*start, float(operands[0]), float(operands[1]), width))
    return out


@pytest.mark.slow
def test_crop_marks_lie_outside_the_bleed_box(printed: bytes) -> None:
    with open_pdf(printed) as pdf:
        page = pdf.pages[0]
        bleed = [float(v) for v in page.obj.BleedBox]
        trim = [float(v) for v in page.obj.TrimBox]
        media = [float(v) for v in page.obj.MediaBox]
        segments = mark_segments(page)
    # Crop marks: the lines on the trim's edges extended (x or y equal to a trim edge).
    xs, ys = {round(trim[0], 2), round(trim[2], 2)}, {round(trim[1], 2), round(trim[3], 2)}
    crops = [
        s
        for s in segments
        if {round(s[0], 2), round(s[2], 2)} & xs or {round(s[1], 2), round(s[3], 2)} & ys
    ]
    assert len(crops) >= 8  # two per corner
    for x0, y0, x1, y1, width in segments:
        assert width >= 0.25
        for x, y in ((x0, y0), (x1, y1)):
            outside = x < bleed[0] or x > bleed[2] or y < bleed[1] or y > bleed[3]
            assert outside, (x, y, bleed)
            assert media[0] <= x <= media[2] and media[1] <= y <= media[3]


@pytest.mark.slow
def test_rendered_corner_has_marks_in_the_slug_and_none_in_the_bleed(
    printed: bytes, tmp_path: Path
) -> None:
    """Independent of our own geometry: poppler renders the page, pixels are sampled."""
    need("pdftoppm")
    from PIL import Image

    pdf_path = tmp_path / "print.pdf"
    pdf_path.write_bytes(printed)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-gray",
                    str(pdf_path), str(tmp_path / "pg")], check=True)  # fmt: skip
    image = Image.open(next(tmp_path.glob("pg*.png"))).convert("L")
    px = 150 / 72  # pixels per point; the image's origin is the MediaBox's top-left corner
    with open_pdf(printed) as pdf:
        media = [float(v) for v in pdf.pages[0].obj.MediaBox]
        bleed = [float(v) for v in pdf.pages[0].obj.BleedBox]
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]

    def dark(x0: float, y0: float, x1: float, y1: float) -> int:
        """Dark pixels in a rectangle given in PDF points."""
        box = (int((x0 - media[0]) * px), int((media[3] - y1) * px),
               int((x1 - media[0]) * px), int((media[3] - y0) * px))  # fmt: skip
        return sum(1 for v in image.crop(box).tobytes() if v < 128)

    # Bottom-left corner: the bleed band around the trim corner is clean…
    assert dark(bleed[0], bleed[1], trim[0] + 20, trim[1]) == 0
    assert dark(bleed[0], bleed[1], trim[0], trim[1] + 20) == 0
    # …and the crop marks are drawn beyond the bleed, in the slug.
    assert dark(media[0], trim[1] - 1, bleed[0], trim[1] + 1) > 5  # horizontal mark
    assert dark(trim[0] - 1, media[1], trim[0] + 1, bleed[1]) > 5  # vertical mark


@pytest.mark.slow
def test_two_builds_are_byte_identical_and_ids_derive_from_content(
    seed: Document, printed: bytes
) -> None:
    again = build_pdf(seed, "print", base_dir=SEED.parent)
    assert again == printed
    with open_pdf(printed) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
        trailer_id = bytes(pdf.trailer.ID[0])
    ids = dict(re.findall(r"<xmpMM:(DocumentID|InstanceID)>uuid:([0-9a-f-]{36})<", xmp))
    assert set(ids) == {"DocumentID", "InstanceID"} and ids["DocumentID"] != ids["InstanceID"]
    assert "xmp.did:" not in xmp  # WeasyPrint's random uuid4 is gone
    import uuid

    assert trailer_id == uuid.UUID(ids["DocumentID"]).bytes
    # Another brief, another document id.
    other = Document.from_json(seed.to_json())
    other.meta.number = 99
    other_pdf = build_pdf(other, "print", base_dir=SEED.parent)
    with open_pdf(other_pdf) as pdf:
        assert ids["DocumentID"] not in pdf.Root.Metadata.read_bytes().decode()


@pytest.mark.slow
def test_seed_print_edition_passes_preflight(printed: bytes) -> None:
    report = preflight(printed, standard="x-4")
    assert report.ok, report.problems
    assert report.standard == "PDF/X-4"
    assert report.thinnest_line is not None and report.thinnest_line >= 0.25
    # And the whole gate, as a release runs it.
    from publish.checks.pdfcheck import check_pdf

    gate = check_pdf(printed, publish.load_document(SEED), edition="print", standard="x-4")
    assert gate.ok, gate.problems
    assert gate.preflight is not None and gate.preflight.ok


@pytest.mark.slow
def test_screen_edition_is_untouched_by_print_settings(seed: Document) -> None:
    screen = build_pdf(seed, "screen", base_dir=SEED.parent)
    odd = PrintSettings(standard="x-1a", marks=False)
    assert build_pdf(seed, "screen", base_dir=SEED.parent, print_settings=odd) == screen
    with open_pdf(screen) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes()
        assert [float(v) for v in pdf.pages[0].MediaBox] == pytest.approx(
            [0, 0, 595.28, 841.89], abs=0.01
        )
    report = preflight(screen)
    assert report.operators.get("rg") and not report.operators.get("k")  # RGB, as before


@pytest.mark.slow
@pytest.mark.parametrize(("standard", "declared"), [("x-1a", "PDF/X-1a:2003"),
                                                    ("x-3", "PDF/X-3:2003")])  # fmt: skip
def test_x1a_and_x3_when_a_printer_asks(seed: Document, standard: str, declared: str) -> None:
    data = build_pdf(seed, "print", base_dir=SEED.parent,
                     print_settings=PrintSettings(standard=standard))  # fmt: skip
    with open_pdf(data) as pdf:
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == declared
        assert pdf.pdf_version == "1.4"
    report = preflight(data, standard=standard)
    assert report.ok, report.problems
    assert report.standard == declared
    assert preflight(data, standard="x-4").problems == [
        f"declares {declared}, PDF/X-4 was asked for"
    ]


@pytest.mark.slow
def test_marks_false_gives_a_bleed_only_file(seed: Document, printed: bytes) -> None:
    data = build_pdf(seed, "print", base_dir=SEED.parent,
                     print_settings=PrintSettings(marks=False))  # fmt: skip
    with open_pdf(data) as pdf, open_pdf(printed) as marked:
        assert len(pdf.pages) == len(marked.pages)
        for page in pdf.pages:
            assert [float(v) for v in page.MediaBox] == [float(v) for v in page.obj.BleedBox]
            assert not mark_segments(page)
    assert preflight(data, standard="x-4").ok


@pytest.mark.slow
def test_project_icc_profile_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    need(str(GS_CMYK))
    source = project(tmp_path, '[print]\nicc = "press/swop.icc"\n', SEED.read_text("utf-8"))
    (tmp_path / "press").mkdir()
    shutil.copy(GS_CMYK, tmp_path / "press" / "swop.icc")
    out = tmp_path / "out.pdf"
    assert main(["pdf", str(source), "--edition", "print", "-o", str(out)]) == 0
    data = out.read_bytes()
    with open_pdf(data) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.DestOutputProfile.read_bytes() == GS_CMYK.read_bytes()
        assert str(intent.OutputConditionIdentifier) == "Artifex CMYK SWOP Profile"
        colours = fill_colours_of_text(pdf)
    # The accent (series line, headings) is separated for this press, not the default one.
    swop = tuple(round(v, 3) for v in rgb_to_cmyk("#1f4e79", GS_CMYK))
    assert ("k", *swop) in colours
    assert preflight(data, standard="x-4").ok


@pytest.mark.slow
def test_a_profile_replaced_in_place_is_used_by_the_same_process(
    tmp_path: Path, small_brief: str
) -> None:
    """The profile's deflated bytes and colour transforms are kept per process (a preview
    lives for hours), by the file's size and mtime: a printer's new profile at the same
    path is embedded and separates the colours from the next build on."""
    need(str(GS_CMYK))
    source = project(tmp_path, '[print]\nicc = "press/printer.icc"\n', small_brief)
    icc = tmp_path / "press" / "printer.icc"
    icc.parent.mkdir()
    seen = []
    for profile in (DEFAULT_ICC, GS_CMYK):
        shutil.copy(profile, icc)
        out = tmp_path / "out.pdf"
        assert main(["pdf", str(source), "--edition", "print", "-o", str(out)]) == 0
        with open_pdf(out.read_bytes()) as pdf:
            assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes() == icc.read_bytes()
        seen.append(rgb_to_cmyk("#1f4e79", icc))
    assert seen[0] != seen[1]
    assert seen[1] == rgb_to_cmyk("#1f4e79", GS_CMYK)


# --- the preflight fails when it should (small WeasyPrint files) -----------------------------


def weasy(html: str, css: str, **options: object) -> bytes:
    from weasyprint import CSS, HTML

    profiles: dict[str, object] = {}
    sheet = CSS(string=css, color_profiles=profiles)
    document = HTML(string=f'<html lang="en"><title>t</title>{html}</html>')
    variant = options.get("pdf_variant")
    rendered = document.render(stylesheets=[sheet], color_profiles=profiles,
                               **({"pdf_variant": variant} if variant else {}))  # fmt: skip
    return rendered.write_pdf(**options)


PROFILE_CSS = (
    f"@color-profile device-cmyk {{ src: url({DEFAULT_ICC.as_uri()}); "
    "components: cyan, magenta, yellow, black; }"
)


@pytest.mark.slow
def test_preflight_rejects_what_main_made() -> None:
    """main's print edition: WeasyPrint's marks (0.19 pt, inside the bleed), RGB, no PDF/X."""
    data = weasy("<p>Text</p>", "@page { bleed: 3mm; marks: crop cross } p { color: #1b1b1b }",
                 pdf_variant="pdf/ua-1")  # fmt: skip
    problems = preflight(data).problems
    assert "no PDF/X declaration (GTS_PDFXVersion)" in problems
    assert "no GTS_PDFX OutputIntent" in problems
    assert any(re.match(r"\d+ line\(s\) under 0.25 pt, first page 1: a 0.19 pt line", p)
               for p in problems), problems  # fmt: skip


@pytest.mark.slow
def test_preflight_rejects_rgb_in_x1a_and_a_thin_bleed() -> None:
    data = weasy("<p>Red</p>", PROFILE_CSS + "@page { bleed: 2mm } p { color: #ff0000 }",
                 pdf_variant="pdf/x-1a")  # fmt: skip
    problems = preflight(data, standard="x-1a").problems
    assert any(p.startswith("DeviceRGB colour in page content") for p in problems), problems
    assert "page 1: bleed is 2.0 mm; at least 3 mm is needed" in problems
    # The same RGB is allowed under X-4, where the OutputIntent converts it.
    data = weasy("<p>Red</p>", PROFILE_CSS + "@page { bleed: 3mm } p { color: #ff0000 }",
                 pdf_variant="pdf/x-4")  # fmt: skip
    assert preflight(data, standard="x-4").ok


@pytest.mark.slow
def test_preflight_warns_on_low_resolution_images(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (60, 60), (200, 30, 30)).save(tmp_path / "small.png")
    Image.new("RGB", (1200, 1200), (30, 30, 200)).save(tmp_path / "large.png")
    html = (f'<img src="{(tmp_path / "small.png").as_uri()}" style="width: 5cm">'
            f'<img src="{(tmp_path / "large.png").as_uri()}" style="width: 5cm">')  # fmt: skip
    data = weasy(html, PROFILE_CSS + "@page { bleed: 3mm }", pdf_variant="pdf/x-4")
    report = preflight(data, standard="x-4")
    assert report.images == 2
    assert report.ok  # RGB images are allowed under X-4 with the OutputIntent
    assert len(report.warnings) == 1 and "30 dpi" in report.warnings[0]  # 60 px over 5 cm


# --- an independent check: Ghostscript separates the plates ----------------------------------


def plates(data: bytes, tmp_path: Path, page: int) -> dict[str, bytes]:
    pdf_path = tmp_path / "in.pdf"
    pdf_path.write_bytes(data)
    out = subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR",
         "-dPDFSTOPONWARNING", "-dUsePDFX3Profile", "-sDEVICE=tiffsep", "-r50",
         f"-dFirstPage={page}", f"-dLastPage={page}", f"-sOutputFile={tmp_path / 'p%d.tif'}",
         str(pdf_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0 and not out.stdout.strip() and not out.stderr.strip(), out
    from PIL import Image

    return {
        ink: Image.open(tmp_path / f"p1({ink}).tif").tobytes()
        for ink in ("Cyan", "Magenta", "Yellow", "Black")
    }


@pytest.mark.slow
def test_ghostscript_prints_black_text_on_the_black_plate_only(
    printed: bytes, tmp_path: Path
) -> None:
    need("gs")
    inks = plates(printed, tmp_path, page=2)  # body text, two headings in the accent
    black = [i for i, v in enumerate(inks["Black"]) if v < 128]
    with_cyan = sum(1 for i in black if inks["Cyan"][i] < 200)
    assert len(black) > 5000
    assert with_cyan < len(black) * 0.05  # main's rich black had cyan under every pixel


# --- the press pass makes stray RGB printable -------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("standard", ["x-4", "x-1a"])
def test_press_pass_separates_stray_rgb_text_and_images(tmp_path: Path, standard: str) -> None:
    """A hex colour no palette variable covers, and an RGB image, as WeasyPrint writes them."""
    from PIL import Image

    from publish.pdf.printprep import prepare_for_press

    Image.new("RGB", (800, 800), (200, 30, 30)).save(tmp_path / "photo.png")
    html = f'<p>Red text</p><img src="{(tmp_path / "photo.png").as_uri()}" style="width: 2cm">'
    css = PROFILE_CSS + "@page { bleed: 3mm } p { color: #ff0000 }"
    raw = weasy(html, css, pdf_variant=f"pdf/{standard}")
    assert preflight(raw, standard=standard).operators.get("rg")  # WeasyPrint's DeviceRGB
    data = prepare_for_press(raw, PrintSettings(standard=standard), document_key="test")
    report = preflight(data, standard=standard)
    assert report.ok, report.problems
    assert not report.operators.get("rg") and report.operators.get("k")
    red = rgb_to_cmyk("#ff0000", DEFAULT_ICC)
    with open_pdf(data) as pdf:
        assert ("k", *(round(v, 3) for v in red)) in fill_colours_of_text(pdf)
        image = next(iter(pdf.pages[0].Resources.XObject.values()))
        if standard == "x-4":  # calibrated RGB, converted by the RIP through the OutputIntent
            assert image.ColorSpace[0] == "/ICCBased" and int(image.ColorSpace[1].N) == 3
        else:  # X-1a: separated here
            assert image.ColorSpace == "/DeviceCMYK"
            pixel = pikepdf.PdfImage(image).as_pil_image().getpixel((0, 0))
            assert pixel[0] < 40 and pixel[1] > 200  # a red: magenta and yellow, little cyan


@pytest.mark.slow
def test_ghostscript_and_preflight_agree_on_a_broken_output_intent(
    printed: bytes, tmp_path: Path
) -> None:
    """Ghostscript reads the OutputIntent's profile (-dUsePDFX3Profile): ours it takes, a
    damaged one it refuses, and so does the preflight."""
    need("gs")
    with open_pdf(printed) as pdf:
        pdf.Root.OutputIntents[0].DestOutputProfile.write(b"not an ICC profile " * 50)
        out = io.BytesIO()
        pdf.save(out)
    broken = out.getvalue()
    assert "the OutputIntent's profile is not an ICC profile" in preflight(broken).problems
    for data, ok in ((printed, True), (broken, False)):
        path = tmp_path / "x.pdf"
        path.write_bytes(data)
        run = subprocess.run(
            ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR",
             "-dPDFSTOPONWARNING", "-dUsePDFX3Profile", "-sDEVICE=nullpage", str(path)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert (run.returncode == 0) == ok, run


@pytest.mark.slow
def test_same_text_and_pagination_as_the_screen_edition(seed: Document, printed: bytes) -> None:
    from pypdf import PdfReader

    from publish.checks.pdfcheck import page_texts, squash

    screen = build_pdf(seed, "screen", base_dir=SEED.parent)
    texts = [page_texts(PdfReader(io.BytesIO(d)), d) for d in (screen, printed)]
    assert len(texts[0]) == len(texts[1])
    # One layout for both (publish/pdf/derive.py): the colophon too names both editions.
    for page, (on_screen, in_print) in enumerate(zip(*texts, strict=True), 1):
        assert squash(on_screen) == squash(in_print), page
    assert squash("Screen PDF, A4; Print PDF, A4, 3 mm bleed") in squash(texts[1][-1])


def test_marks_geometry_for_any_trim_and_bleed() -> None:
    """Fast, on the drawing itself: every mark point lies outside the bleed box, lines are at
    least 0.25 pt, and the colour bar goes away when asked."""
    from publish.pdf.printprep import SLUG, marks_content

    a5 = [0.0, 0.0, 419.53, 595.28]
    for bleed_mm in (3, 5):
        b = bleed_mm * MM
        bleed = [a5[0] - b, a5[1] - b, a5[2] + b, a5[3] + b]
        ops = marks_content(a5, bleed).decode()
        widths = [float(w) for w in re.findall(r"([\d.]+) w\b", ops)]
        assert widths and min(widths) >= 0.25
        points = [(float(x), float(y)) for x, y in re.findall(r"([-\d.]+) ([-\d.]+) [ml]\b", ops)]
        assert len(points) >= 16
        for x, y in points:
            assert x < bleed[0] or x > bleed[2] or y < bleed[1] or y > bleed[3], (x, y)
            assert (
                bleed[0] - SLUG <= x <= bleed[2] + SLUG and bleed[1] - SLUG <= y <= bleed[3] + SLUG
            )
        assert ops.count(" re f") == 9
        for _, y, _, h in re.findall(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re f", ops):
            assert float(y) > bleed[3] and float(y) + float(h) < bleed[3] + SLUG  # top slug
        assert " re f" not in marks_content(a5, bleed, colour_bar=False).decode()


PICTURE_BUILD = """
import sys
from pathlib import Path
from publish.load import normalize_file
from publish.pdf import build_pdf
sys.stdout.buffer.write(build_pdf(normalize_file(Path(sys.argv[1])), "print"))
"""


@pytest.mark.slow
def test_print_edition_with_a_picture_is_reproducible(tmp_path: Path) -> None:
    """Its images are declared ICC-based sRGB; littleCMS stamps a profile it makes with the
    time, which made every build of a brief with a picture differ."""
    import struct
    import sys

    from .richbrief import write_rich_brief

    brief = write_rich_brief(tmp_path)
    builds = [
        subprocess.run([sys.executable, "-c", PICTURE_BUILD, str(brief)], capture_output=True,
                       check=True, timeout=300).stdout
        for _ in range(2)
    ]  # fmt: skip
    with pikepdf.open(io.BytesIO(builds[0])) as pdf:
        profiles = [
            x.ColorSpace[1].read_bytes()
            for page in pdf.pages
            for x in page.obj.Resources.get("/XObject", {}).values()
            if x.get("/Subtype") == "/Image" and isinstance(x.get("/ColorSpace"), pikepdf.Array)
        ]
    assert profiles, "no calibrated picture in the print edition"
    for profile in profiles:  # the header's creation date, not the day of the build
        assert struct.unpack(">6H", profile[24:36])[:3] == (2000, 1, 1)
    assert builds[0] == builds[1]
