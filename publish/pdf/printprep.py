"""Make WeasyPrint's PDF/X output ready for a press (pikepdf): slug, marks, stable ids.

    data = prepare_for_press(pdf_bytes, settings, document_key=edition_uuid(doc))

WeasyPrint sets MediaBox = BleedBox, so its own `marks` fall inside the bleed, where the
guillotine's tolerance can leave them on the finished page, and it draws them 0.19 pt thin
(GUIDE, "Print production"). The print stylesheet therefore asks for no marks, and this pass:

- grows the MediaBox by a slug (SLUG) beyond the bleed; TrimBox and BleedBox stay as laid
  out, so MediaBox > BleedBox > TrimBox and the text does not move;
- draws crop marks that start MARK_GAP outside the bleed, registration targets at the middle
  of each side and a CMYK colour bar, all in the slug, with MARK_WIDTH lines (≥ 0.25 pt,
  what a press can hold). Marks are in the `/All` separation, so they print on every plate,
  and are tagged `/Artifact` (production aids, outside the structure tree);
- replaces the random `xmpMM:DocumentID` with ids derived from content: DocumentID from the
  edition's identifier (the same brief keeps it across rebuilds, as XMP intends), InstanceID
  from the SHA-256 of this very file's content, and the trailer /ID from the content too.

With `settings.marks` false the file is bleed-only (MediaBox = BleedBox, no marks): for a
printer who imposes pages himself.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import uuid
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

if TYPE_CHECKING:
    from ..printing import PrintSettings
    from .tagging import Edit

MM = 72 / 25.4
SLUG = 12 * MM  # beyond the bleed: room for 5 mm marks, targets and the colour bar
MARK_GAP = 1 * MM  # crop marks start this far outside the bleed box
MARK_LENGTH = 5 * MM
MARK_WIDTH = 0.3  # pt
TARGET_RADIUS = 2 * MM
PATCH = 5 * MM
# The colour bar: solids, then 50 % tints, then a three-colour grey (C M Y K fractions).
BAR = [
    (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1),
    (0.5, 0, 0, 0), (0, 0.5, 0, 0), (0, 0, 0.5, 0), (0, 0, 0, 0.5),
    (0.5, 0.4, 0.4, 0),
]  # fmt: skip
REGISTRATION = "/PublishAll"  # colour space resource name for the /All separation
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://publish.invalid/print-edition")
_DID = re.compile(rb"xmp\.did:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TRAILER_ID = re.compile(rb"/ID \[\([0-9a-f]{32}\) \([0-9a-f]{32}\)\]")
_DID_XML = re.compile(rb"<xmpMM:DocumentID>[^<]*</xmpMM:DocumentID>")


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{_n(x0)} {_n(y0)} m {_n(x1)} {_n(y1)} l S\n"


def _circle(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r  # four Bézier quarter arcs
    return (
        f"{_n(cx + r)} {_n(cy)} m "
        f"{_n(cx + r)} {_n(cy + k)} {_n(cx + k)} {_n(cy + r)} {_n(cx)} {_n(cy + r)} c "
        f"{_n(cx - k)} {_n(cy + r)} {_n(cx - r)} {_n(cy + k)} {_n(cx - r)} {_n(cy)} c "
        f"{_n(cx - r)} {_n(cy - k)} {_n(cx - k)} {_n(cy - r)} {_n(cx)} {_n(cy - r)} c "
        f"{_n(cx + k)} {_n(cy - r)} {_n(cx + r)} {_n(cy - k)} {_n(cx + r)} {_n(cy)} c S\n"
    )


def _target(cx: float, cy: float) -> str:
    half = TARGET_RADIUS * 1.6
    return (
        _circle(cx, cy, TARGET_RADIUS)
        + _line(cx - half, cy, cx + half, cy)
        + _line(cx, cy - half, cx, cy + half)
    )


def marks_content(trim: list[float], bleed: list[float], colour_bar: bool = True) -> bytes:
    """The marks for one page, in default user space: crop marks, targets, colour bar."""
    x0, y0, x1, y1 = trim
    # Marks start outside the bleed box on every side, whatever the bleed is.
    out_l, out_b = x0 - bleed[0] + MARK_GAP, y0 - bleed[1] + MARK_GAP
    out_r, out_t = bleed[2] - x1 + MARK_GAP, bleed[3] - y1 + MARK_GAP
    ops = [f"q /Artifact <</Type /Page>> BDC {REGISTRATION} CS 1 SCN "
           f"{_n(MARK_WIDTH)} w 0 J 0 j [] 0 d\n"]  # fmt: skip
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        ox = out_l if sx < 0 else out_r
        oy = out_b if sy < 0 else out_t
        ops.append(_line(x + sx * ox, y, x + sx * (ox + MARK_LENGTH), y))  # horizontal
        ops.append(_line(x, y + sy * oy, x, y + sy * (oy + MARK_LENGTH)))  # vertical
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    band = MARK_LENGTH / 2
    ops.append(_target(mid_x, y1 + out_t + band))
    ops.append(_target(mid_x, y0 - out_b - band))
    ops.append(_target(x0 - out_l - band, mid_y))
    ops.append(_target(x1 + out_r + band, mid_y))
    if colour_bar:
        # Along the top slug, right of the target, clear of the crop marks.
        x = mid_x + TARGET_RADIUS * 3
        y = y1 + out_t + band - PATCH / 2
        for c, m, yy, k in BAR:
            ops.append(f"{_n(c)} {_n(m)} {_n(yy)} {_n(k)} k "
                       f"{_n(x)} {_n(y)} {_n(PATCH)} {_n(PATCH)} re f\n")  # fmt: skip
            x += PATCH
    ops.append("EMC Q\n")
    return "".join(ops).encode()


def _registration_space(pdf: pikepdf.Pdf) -> pikepdf.Array:
    tint = pikepdf.Dictionary(
        FunctionType=2,
        Domain=[0, 1],
        C0=[0, 0, 0, 0],
        C1=[1, 1, 1, 1],
        N=1,
    )
    return pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All,
                          pikepdf.Name.DeviceCMYK, pdf.make_indirect(tint)])  # fmt: skip


def add_slug_and_marks(pdf: pikepdf.Pdf, *, colour_bar: bool = True) -> None:
    space = None
    for page in pdf.pages:
        trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
        page.obj.MediaBox = pikepdf.Array(
            [bleed[0] - SLUG, bleed[1] - SLUG, bleed[2] + SLUG, bleed[3] + SLUG]
        )
        resources = page.obj.Resources  # WeasyPrint shares one dictionary between pages
        if "/ColorSpace" not in resources:
            resources.ColorSpace = pikepdf.Dictionary()
        if REGISTRATION not in resources.ColorSpace:
            space = space or _registration_space(pdf)
            resources.ColorSpace[REGISTRATION] = space
        # Isolate WeasyPrint's graphics state, then draw in default user space.
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"Q\n" + marks_content(trim, bleed, colour_bar)))


def deflated(profile: Path) -> tuple[bytes, bytes]:
    """The press profile's bytes and their deflated form, made once per process and file."""
    stat = profile.stat()
    return _deflated(str(profile), stat.st_size, stat.st_mtime_ns)


@cache
def _deflated(path: str, _size: int, _mtime_ns: int) -> tuple[bytes, bytes]:
    raw = Path(path).read_bytes()
    return raw, zlib.compress(raw)


def deflate_profile(pdf: pikepdf.Pdf, profile: Path) -> None:
    """The OutputIntent's profile, which WeasyPrint writes uncompressed, deflated from this
    process's copy: qpdf would deflate the same megabyte at every save (48 ms a print PDF),
    and it copies a stream that has a filter as it is."""
    raw, packed = deflated(profile)
    for intent in pdf.Root.get("/OutputIntents", []):
        stream = intent.get("/DestOutputProfile")
        if (stream is not None and "/Filter" not in stream and stream.Length == len(raw)
                and stream.read_raw_bytes() == raw):  # fmt: skip
            stream.write(packed, filter=pikepdf.Name.FlateDecode)


def plain_cmyk_operators(pdf: pikepdf.Pdf, profile: Path) -> None:
    """`/DeviceCMYK cs c m y k scn` → `c m y k k` (and the stroking pair → `K`), and any
    DeviceRGB `r g b rg` left → CMYK through the press profile.

    WeasyPrint sets device-cmyk() colours through the named space; `k`/`K` say the same in
    one operator that every prepress tool and the X-1a rules read as plain DeviceCMYK. The
    current space is tracked through q/Q, so only colours really in DeviceCMYK change. An RGB
    colour that no stylesheet variable covers (a hex colour added to a stylesheet later) is
    separated like the palette (`publish.pdf.colour`), so no DeviceRGB reaches the press.
    """
    from .colour import number, rgb_to_cmyk

    # Both PDF editions share one layout in RGB (publish/pdf/derive.py), so every colour of
    # the print edition comes through here: each distinct one is separated once.
    done: dict[str, list[pikepdf.Object]] = {}

    def separated(operands: list) -> list:  # type: ignore[type-arg]
        hex_colour = "#" + "".join(f"{round(float(v) * 255):02x}" for v in operands)
        if hex_colour not in done:
            cmyk = rgb_to_cmyk(hex_colour, profile)
            done[hex_colour] = [pikepdf.Object.parse(number(v).encode()) for v in cmyk]
        return done[hex_colour]

    cmyk = pikepdf.Name.DeviceCMYK
    for page in pdf.pages:
        fill, stroke = False, False  # is the current fill / stroke space DeviceCMYK?
        stack: list[tuple[bool, bool]] = []
        out: list[tuple[list, pikepdf.Operator]] = []  # type: ignore[type-arg]
        changed = False
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "q":
                stack.append((fill, stroke))
            elif op == "Q" and stack:
                fill, stroke = stack.pop()
            elif op in ("cs", "CS"):
                is_cmyk = operands[0] == cmyk
                if op == "cs":
                    fill = is_cmyk
                else:
                    stroke = is_cmyk
                if is_cmyk:
                    changed = True
                    continue  # implied by the k / K that follows
            elif op in ("scn", "sc") and fill and len(operands) == 4:
                operator = pikepdf.Operator("k")
            elif op in ("SCN", "SC") and stroke and len(operands) == 4:
                operator = pikepdf.Operator("K")
            elif op in ("rg", "RG") and len(operands) == 3:
                operands = separated(operands)
                operator = pikepdf.Operator("k" if op == "rg" else "K")
                changed = True
                if op == "rg":
                    fill = True
                else:
                    stroke = True
            elif op == "k":
                fill = True
            elif op == "K":
                stroke = True
            elif op == "g":
                fill = False
            elif op == "G":
                stroke = False
            out.append((operands, operator))
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


# 2000-01-01 00:00:00 as the ICC header's dateTimeNumber (six big-endian uint16).
ICC_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)


def _srgb_profile(pdf: pikepdf.Pdf) -> pikepdf.Array:
    from PIL import ImageCms

    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    # littleCMS stamps the profile's header with the time it was made (bytes 24-35): a fixed
    # date instead, or a print edition with a picture differs in every build.
    data = data[:24] + ICC_DATE + data[36:]
    stream = pikepdf.Stream(pdf, data)
    stream.N = 3
    return pikepdf.Array([pikepdf.Name.ICCBased, stream])


def _image_xobjects(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    seen: set[tuple[int, int]] = set()
    out = []
    for page in pdf.pages:
        for xobject in page.obj.get("/Resources", {}).get("/XObject", {}).values():
            if str(xobject.get("/Subtype")) == "/Image" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                out.append(xobject)
    return out


def calibrate_images(pdf: pikepdf.Pdf, settings: PrintSettings) -> None:
    """RGB images as a press takes them: WeasyPrint writes them as DeviceRGB.

    X-4 and X-3 accept calibrated RGB, converted by the RIP through the OutputIntent: the
    images are declared ICC-based sRGB (what a browser assumes, and what the screen shows).
    X-1a accepts only CMYK: the pixels are separated through the press profile here.
    """
    images = [x for x in _image_xobjects(pdf) if x.get("/ColorSpace") == pikepdf.Name.DeviceRGB]
    if not images:
        return
    if settings.standard in ("x-4", "x-3"):
        srgb = _srgb_profile(pdf)
        for image in images:
            image.ColorSpace = srgb
        return
    from PIL import ImageCms

    to_cmyk = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(settings.profile)),
        "RGB", "CMYK", ImageCms.Intent.RELATIVE_COLORIMETRIC,
        ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )  # fmt: skip
    for image in images:
        pixels = pikepdf.PdfImage(image).as_pil_image().convert("RGB")
        cmyk = to_cmyk.apply(pixels)
        image.write(zlib.compress(cmyk.tobytes()), filter=pikepdf.Name.FlateDecode)
        image.ColorSpace = pikepdf.Name.DeviceCMYK
        image.BitsPerComponent = 8
        for key in ("/DecodeParms", "/Decode"):
            if key in image:
                del image[key]


def ids(content_sha256: str, document_key: str) -> tuple[str, str]:
    """(DocumentID, InstanceID) as XMP `uuid:` URIs: no randomness."""
    document = uuid.uuid5(_NAMESPACE, f"document:{document_key}")
    instance = uuid.UUID(content_sha256[:32], version=5)
    return f"uuid:{document}", f"uuid:{instance}"


def _set_xmp_ids(pdf: pikepdf.Pdf, document_id: str, instance_id: str) -> None:
    if "/Metadata" not in pdf.Root:
        return
    xmp = pdf.Root.Metadata.read_bytes()
    tag = (f"<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>"
           f"<xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>").encode()  # fmt: skip
    if _DID_XML.search(xmp):
        xmp = _DID_XML.sub(tag, xmp, count=1)
    else:  # X-1a and X-3: WeasyPrint writes no ids; add a description that holds them
        description = (
            b'<rdf:Description xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" rdf:about="">'
            + tag
            + b"</rdf:Description>"
        )
        xmp = xmp.replace(b"</rdf:RDF>", description + b"</rdf:RDF>", 1)
    pdf.Root.Metadata.write(xmp)  # uncompressed, as WeasyPrint writes PDF/X-4 metadata


def prepare_for_press(data: bytes, settings: PrintSettings, *, document_key: str) -> bytes:
    """The press-ready file: see the module docstring."""
    from .tagging import _save

    with pikepdf.open(io.BytesIO(data)) as pdf:
        press_edit(data, settings, document_key=document_key)(pdf)
        # Object streams need PDF 1.5: X-4 (PDF 1.6) has them, X-1a and X-3 (PDF 1.4) may not.
        return _save(pdf, object_streams=settings.standard == "x-4")


def press_edit(data: bytes, settings: PrintSettings, *, document_key: str) -> Edit:
    """The press pass as an edit of WeasyPrint's `data` opened, for a caller that makes more
    edits before its one save (publish/pdf/render.py)."""
    # WeasyPrint's only random bytes are the DocumentID and the /ID hashed from it: blank
    # them, and what is left is a function of the input, so its hash names this instance.
    blank = _TRAILER_ID.sub(b"/ID []", _DID.sub(b"xmp.did:", data))
    content = hashlib.sha256(blank).hexdigest()
    document_id, instance_id = ids(content, document_key)

    def edit(pdf: pikepdf.Pdf) -> None:
        deflate_profile(pdf, settings.profile)
        plain_cmyk_operators(pdf, settings.profile)
        calibrate_images(pdf, settings)
        if settings.marks:
            add_slug_and_marks(pdf, colour_bar=settings.colour_bar)
        _set_xmp_ids(pdf, document_id, instance_id)
        # /ID[0] is the permanent identifier (qpdf keeps it): the DocumentID's 16 bytes.
        permanent = pikepdf.String(uuid.UUID(document_id[5:]).bytes)
        pdf.trailer.ID = pikepdf.Array([permanent, permanent])

    return edit
