"""Print preflight: what a printer's preflight rejects, checked on our own print PDFs.

    report = preflight(pdf_bytes, standard="x-4")
    report.problems   # [] when a press would take the file; one readable line each
    report.warnings   # printed, not failures (images below 250 dpi)
    report.standard, report.output_intent, report.operators, report.boxes   # facts

Checks (pikepdf; content streams parsed, not searched as text, so that they can fail):

- the declared standard (`GTS_PDFXVersion` in the Info dictionary or the XMP) and, when
  given, that it is the one asked for; `/Trapped` set;
- a `GTS_PDFX` OutputIntent with an embedded CMYK ICC profile and a condition identifier;
- every font embedded;
- colour: no DeviceRGB (operators `rg`/`RG`, RGB colour spaces or images) for X-1a and X-3,
  no ICC-based colour spaces for X-1a; for X-4, RGB is allowed because the OutputIntent
  tells the RIP how to convert it; no transparency for X-1a and X-3;
- MediaBox ⊇ BleedBox ⊇ TrimBox on every page, with a bleed of at least 3 mm;
- no stroke thinner than 0.25 pt after the current transformation (a 0 width, the
  thinnest line the device can draw, counts as a hairline);
- images at least 250 dpi at their printed size (warning).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf

MM = 72 / 25.4
MIN_BLEED_MM = 3.0
MIN_LINE = 0.25  # pt
MIN_DPI = 250
DECLARED = {"x-4": "PDF/X-4", "x-1a": "PDF/X-1a:2003", "x-3": "PDF/X-3:2003"}
COLOUR_OPERATORS = ("k", "K", "rg", "RG", "g", "G", "cs", "CS", "sc", "SC", "scn", "SCN")
_STROKES = {"S", "s", "B", "B*", "b", "b*"}
_XMP_VERSION = re.compile(rb"GTS_PDFXVersion>([^<]+)<")


@dataclass
class PreflightReport:
    standard: str | None = None  # as declared in the file
    output_intent: str | None = None  # the OutputConditionIdentifier
    profile_bytes: int = 0
    operators: dict[str, int] = field(default_factory=dict)
    boxes: dict[str, list[float]] = field(default_factory=dict)  # first page's boxes
    thinnest_line: float | None = None  # pt, after transformation
    images: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        ops = ", ".join(f"{k} {v}" for k, v in sorted(self.operators.items()))
        return (
            f"{self.standard or 'no PDF/X'}; OutputIntent {self.output_intent or 'none'}; "
            f"colour operators: {ops or 'none'}; {len(self.problems)} problem(s), "
            f"{len(self.warnings)} warning(s)"
        )


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m × n for PDF matrices [a b c d e f] (m applied first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2, a * b2 + b * d2,
        c * a2 + d * c2, c * b2 + d * d2,
        e * a2 + f * c2 + e2, e * b2 + f * d2 + f2,
    )  # fmt: skip


def _space_kind(space: Any, resources: Any) -> str:
    """'rgb', 'cmyk', 'gray', 'icc-rgb', 'icc-cmyk', 'lab', 'separation', … for a colour space."""
    if isinstance(space, pikepdf.Name) and resources is not None:
        named = resources.get("/ColorSpace", {})
        if str(space) in named:
            space = named[str(space)]
    if isinstance(space, pikepdf.Name):
        return {"/DeviceRGB": "rgb", "/DeviceCMYK": "cmyk", "/DeviceGray": "gray",
                "/Pattern": "pattern"}.get(str(space), str(space))  # fmt: skip
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            n = int(space[1].get("/N", 0))
            return {1: "icc-gray", 3: "icc-rgb", 4: "icc-cmyk"}.get(n, "icc")
        if family in ("/CalRGB", "/Lab"):
            return family[1:].lower()
        if family in ("/Separation", "/DeviceN"):
            return "separation"
        if family == "/Indexed":
            return _space_kind(space[1], resources)
    return "other"


class _Scan:
    """Walks content streams with a graphics state: operators, colour, lines, images."""

    def __init__(self, report: PreflightReport, standard: str | None) -> None:
        self.report = report
        self.standard = standard
        self.spaces: dict[str, int] = {}
        self.hairlines: list[str] = []
        self.low_dpi: list[str] = []
        self.rgb_images = 0

    def run(self, stream: Any, resources: Any, ctm: tuple[float, ...], where: str) -> None:
        width = 1.0
        stack: list[tuple[tuple[float, ...], float]] = []
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op in COLOUR_OPERATORS:
                self.report.operators[op] = self.report.operators.get(op, 0) + 1
            if op == "q":
                stack.append((ctm, width))
            elif op == "Q" and stack:
                ctm, width = stack.pop()
            elif op == "cm":
                ctm = _mul(tuple(float(v) for v in operands), ctm)
            elif op == "w":
                width = float(operands[0])
            elif op in ("cs", "CS"):
                kind = _space_kind(operands[0], resources)
                self.spaces[kind] = self.spaces.get(kind, 0) + 1
            elif op in ("rg", "RG"):
                self.spaces["rgb"] = self.spaces.get("rgb", 0) + 1
            elif op in _STROKES:
                scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
                real = width * scale
                thinnest = self.report.thinnest_line
                self.report.thinnest_line = real if thinnest is None else min(thinnest, real)
                if real < MIN_LINE:
                    self.hairlines.append(f"{where}: a {real:.2f} pt line")
            elif op == "Do" and resources is not None:
                xobject = resources.get("/XObject", {}).get(str(operands[0]))
                if xobject is not None:
                    self._xobject(xobject, ctm, where)

    def _xobject(self, xobject: Any, ctm: tuple[float, ...], where: str) -> None:
        subtype = str(xobject.get("/Subtype"))
        if subtype == "/Form":
            matrix = tuple(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            self.run(xobject, xobject.get("/Resources"), _mul(matrix, ctm), where)
            return
        if subtype != "/Image":
            return
        self.report.images += 1
        kind = _space_kind(xobject.get("/ColorSpace", pikepdf.Name.DeviceGray), None)
        if kind in ("rgb", "icc-rgb", "calrgb", "lab"):
            self.rgb_images += 1
            self.spaces[kind] = self.spaces.get(kind, 0) + 1
        # The image's unit square is mapped by the CTM: its printed size in points.
        w_pt = math.hypot(ctm[0], ctm[1])
        h_pt = math.hypot(ctm[2], ctm[3])
        if w_pt and h_pt:
            dpi = min(int(xobject.Width) / (w_pt / 72), int(xobject.Height) / (h_pt / 72))
            if dpi < MIN_DPI:
                self.low_dpi.append(f"{where}: an image at {dpi:.0f} dpi")


def _declared(pdf: pikepdf.Pdf) -> str | None:
    info = pdf.trailer.get("/Info")
    if info is not None and "/GTS_PDFXVersion" in info:
        return str(info.GTS_PDFXVersion)
    if "/Metadata" in pdf.Root:
        m = _XMP_VERSION.search(pdf.Root.Metadata.read_bytes())
        if m:
            return m.group(1).decode("utf-8", "replace")
    return None


def _output_intent(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if str(i.get("/S")) == "/GTS_PDFX"]
    if not intents:
        report.problems.append("no GTS_PDFX OutputIntent")
        return
    intent = intents[0]
    report.output_intent = str(intent.get("/OutputConditionIdentifier", "")) or None
    if not report.output_intent:
        report.problems.append("the OutputIntent has no OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        report.problems.append("the OutputIntent embeds no ICC profile (DestOutputProfile)")
        return
    data = profile.read_bytes()
    report.profile_bytes = len(data)
    if len(data) < 128 or data[36:40] != b"acsp":
        report.problems.append("the OutputIntent's profile is not an ICC profile")
    elif data[16:20] != b"CMYK":
        report.problems.append(
            f"the OutputIntent's profile is {data[16:20].decode('latin-1').strip()}, not CMYK"
        )


def _fonts(pdf: pikepdf.Pdf) -> list[str]:
    missing: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def visit(resources: Any) -> None:
        if resources is None:
            return
        fonts = list(resources.get("/Font", {}).values())
        for xobject in resources.get("/XObject", {}).values():
            if str(xobject.get("/Subtype")) == "/Form":
                visit(xobject.get("/Resources"))
        while fonts:
            font = fonts.pop()
            if font.is_indirect:
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
            if "/DescendantFonts" in font:
                fonts += list(font.DescendantFonts)
                continue
            if str(font.get("/Subtype")) == "/Type3":
                continue  # glyphs are drawn by the font's own procedures
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                missing.add(str(font.get("/BaseFont", "?")))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return sorted(missing)


def _boxes(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    for number, page in enumerate(pdf.pages, 1):
        boxes = {}
        for name in ("MediaBox", "BleedBox", "TrimBox"):
            value = page.obj.get(f"/{name}")
            if value is not None:
                boxes[name] = [float(v) for v in value]
        if number == 1:
            report.boxes = boxes
        if "TrimBox" not in boxes or "BleedBox" not in boxes:
            report.problems.append(f"page {number}: no TrimBox or BleedBox")
            continue
        media, bleed, trim = boxes["MediaBox"], boxes["BleedBox"], boxes["TrimBox"]

        def inside(inner: list[float], outer: list[float]) -> bool:
            eps = 0.01
            return (inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps
                    and inner[2] <= outer[2] + eps and inner[3] <= outer[3] + eps)  # fmt: skip

        if not inside(bleed, media) or not inside(trim, bleed):
            report.problems.append(f"page {number}: boxes do not nest (MediaBox ⊇ BleedBox ⊇ "
                                   f"TrimBox): {media}, {bleed}, {trim}")  # fmt: skip
            continue
        sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        least = min(sides) / MM
        if least < MIN_BLEED_MM - 0.01:
            report.problems.append(f"page {number}: bleed is {least:.1f} mm; at least "
                                   f"{MIN_BLEED_MM:g} mm is needed")  # fmt: skip


def _transparency(pdf: pikepdf.Pdf) -> bool:
    for page in pdf.pages:
        if "/Group" in page.obj:
            return True
        states = page.obj.get("/Resources", {}).get("/ExtGState", {})
        for state in states.values():
            if float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1:
                return True
            if str(state.get("/SMask", "/None")) != "/None":
                return True
            if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
                return True
    return False


def preflight(data: bytes, *, standard: str | None = None) -> PreflightReport:
    """Check a print PDF as a printer would; `standard` (x-4, x-1a, x-3) is what was asked."""
    report = PreflightReport()
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        report.problems.append(f"unreadable PDF: {exc}")
        return report
    with pdf:
        report.standard = _declared(pdf)
        expected = DECLARED.get(standard or "")
        if report.standard is None:
            report.problems.append("no PDF/X declaration (GTS_PDFXVersion)")
        elif expected and report.standard != expected:
            report.problems.append(f"declares {report.standard}, {expected} was asked for")
        info = pdf.trailer.get("/Info")
        if info is None or str(info.get("/Trapped", "")) not in ("/True", "/False"):
            report.problems.append("no /Trapped key (True or False) in the Info dictionary")
        _output_intent(pdf, report)
        report.problems += [f"font not embedded: {name}" for name in _fonts(pdf)]
        _boxes(pdf, report)

        scan = _Scan(report, standard)
        for number, page in enumerate(pdf.pages, 1):
            scan.run(page, page.obj.get("/Resources"), (1, 0, 0, 1, 0, 0), f"page {number}")
        kind = standard or _kind(report.standard)
        rgb = sum(n for k, n in scan.spaces.items() if k in ("rgb", "icc-rgb", "calrgb", "lab"))
        if kind in ("x-1a", "x-3") and scan.spaces.get("rgb"):
            report.problems.append(f"DeviceRGB colour in page content ({scan.spaces['rgb']} "
                                   f"uses); {DECLARED[kind]} allows none")  # fmt: skip
        if kind == "x-1a":
            icc = sum(n for k, n in scan.spaces.items() if k.startswith(("icc", "cal", "lab")))
            if icc:
                report.problems.append(f"{icc} ICC-based or Lab colour use(s); PDF/X-1a allows "
                                       "only CMYK, grey and spot colours")  # fmt: skip
        if kind == "x-4" and rgb and report.output_intent is None:
            report.problems.append("RGB colour without an OutputIntent to convert it")
        if kind in ("x-1a", "x-3") and _transparency(pdf):
            report.problems.append(f"transparency; {DECLARED[kind]} allows none")
        if scan.hairlines:
            report.problems.append(f"{len(scan.hairlines)} line(s) under {MIN_LINE} pt, first "
                                   f"{scan.hairlines[0]}")  # fmt: skip
        report.warnings += [f"{w}, below {MIN_DPI} dpi" for w in scan.low_dpi]
    return report


def _kind(declared: str | None) -> str | None:
    for kind, name in DECLARED.items():
        if declared == name:
            return kind
    return None
