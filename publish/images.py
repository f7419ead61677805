"""Figure images: where they may come from, what they may be, and how each edition gets them.

A brief is untrusted input, and so are its images:

- only files inside the brief's own folder (no URLs, no absolute paths, no `..` escapes, no
  symlinks pointing out);
- only PNG, JPEG and SVG, recognised by their bytes, not by their name;
- size limits (file bytes, pixels) with a clear message, so that a decompression bomb or a
  400 MB scan fails in the normalizer instead of inside a renderer;
- SVG is sanitised by publish.svg, the same rules as a house logo: no scripts, event
  handlers, external references or foreign content; entities are refused. Every edition
  gets the sanitised bytes.

A figure's `src` is either a file (`chart.png`) or a picture inside a Word or OpenDocument
brief in the same folder (`brief.docx#word/media/image1.png`, `brief.odt#Pictures/1.png`):
both keep their pictures as zip members (under `word/media/`, `Pictures/`), and naming the
member lets every edition read it straight from the brief, with nothing extracted or
written while normalizing. A member must be a real entry of the zip under its format's
picture folder (no `..`), and its size is checked from the zip's directory before a byte of
it is expanded.

`read_image(src, folder)` is the one way to get a figure: the normalizer records size and
resolution from it, the EPUB embeds its bytes (`epub_image` scales large rasters down), and
the PDF's URL fetcher serves them (`image_url` names the figure for WeasyPrint).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from lxml import etree

MAX_RASTER_BYTES = 15_000_000  # a 300 dpi full-page photograph as JPEG is well under this
MAX_SVG_BYTES = 2_000_000
MAX_PIXELS = 50_000_000  # Pillow's own bomb guard starts at 89 million
EPUB_MAX_SIDE = 1600  # px: sharp on a tablet, a fraction of the bytes of a print scan
PRINT_MIN_DPI = 250
CSS_DPI = 96.0  # a raster without a stated resolution is laid out at 96 px per inch
# Text column width per paper in millimetres (trim width minus margins, publish.pdf.render).
COLUMN_MM = {"a4": 166.0, "a5": 118.0, "letter": 170.2}

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "SVG": "image/svg+xml"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}

_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|mm|cm|in)?\s*$")
_UNIT_PX = {None: 1.0, "px": 1.0, "pt": 96 / 72, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


class ImageProblem(ValueError):
    """Why an image cannot be used, as one sentence for a diagnostic."""


class ImageTooLarge(ImageProblem):
    """The image is over a size limit (bytes or pixels): a bomb, or a scan nobody meant."""


# A picture inside a Word file: `<name>.docx#word/media/<member>` (also .docm), or inside
# an OpenDocument text: `<name>.odt#Pictures/<member>`.
CONTAINER = re.compile(r"^(?P<file>.+?\.(?:doc[xm]|odt))#(?P<member>.+)$", re.IGNORECASE)
MEDIA_FOLDER = "word/media/"
ODT_FOLDER = "Pictures/"


def _container(file: str) -> tuple[str, str]:
    """The picture folder of a container file, and what messages call the file."""
    if file.lower().endswith(".odt"):
        return ODT_FOLDER, "OpenDocument file"
    return MEDIA_FOLDER, "Word file"


# Formats Word embeds that no edition can show, recognised by their first bytes.
_REFUSED = (
    (b"\x01\x00\x00\x00", 40, b" EMF", "EMF"),
    (b"\xd7\xcd\xc6\x9a", 0, b"", "WMF"),
    (b"GIF8", 0, b"", "GIF"),
    (b"II*\x00", 0, b"", "TIFF"),
    (b"MM\x00*", 0, b"", "TIFF"),
    (b"BM", 0, b"", "BMP"),
)


@dataclass
class ImageInfo:
    media_type: str
    width: int  # px (SVG: its intrinsic size in CSS px)
    height: int
    dpi: float | None = None  # as the file states it; None when it does not


def resolve_image(src: str, folder: Path) -> Path:
    """The file `src` names inside `folder`, or ImageProblem saying why not."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", src) or src.startswith("//"):
        raise ImageProblem(f"image “{src}” is not a file in the brief's folder (no URLs)")
    relative = PurePosixPath(src.replace("\\", "/"))
    if relative.is_absolute() or not src.strip():
        raise ImageProblem(f"image “{src}” must be a path relative to the brief's folder")
    root = folder.resolve()
    path = (root / relative).resolve()  # resolves .. and symlinks
    if not path.is_relative_to(root):
        raise ImageProblem(f"image “{src}” is outside the brief's folder")
    if not path.is_file():
        raise ImageProblem(f"image file “{src}” not found")
    return path


def _sniff_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")


def _refused_format(head: bytes) -> str | None:
    for magic, at, tag, name in _REFUSED:
        if head.startswith(magic) and head[at : at + len(tag)] == tag:
            return name
    if head[:4] == b"\x01\x00\x09\x00" or head[:4] == b"\x02\x00\x09\x00":
        return "WMF"  # a WMF without its placeable header
    return None


def _check_size(name: str, size: int, head: bytes) -> None:
    """Refuse by the size the file or zip directory states, before anything is read."""
    if _sniff_svg(head):
        if size > MAX_SVG_BYTES:
            raise ImageTooLarge(f"SVG “{name}” is {size:,} bytes; the limit is {MAX_SVG_BYTES:,}")
    elif size > MAX_RASTER_BYTES:
        raise ImageTooLarge(f"image “{name}” is {size:,} bytes; the limit is {MAX_RASTER_BYTES:,}")


def _inspect(name: str, data: bytes) -> tuple[ImageInfo, bytes]:
    """Format, size and resolution of an image's bytes, checked against the limits; the
    bytes an edition may embed (SVG sanitised, rasters as they are)."""
    _check_size(name, len(data), data[:4096])
    if _sniff_svg(data[:4096]):
        clean = sanitize_svg(data)
        width, height = svg_size(clean)
        return ImageInfo("image/svg+xml", width, height), clean
    if refused := _refused_format(data[:64]):
        article = "an" if refused[0] in "AEFHILMNORSX" else "a"  # an EMF, a WMF
        raise ImageProblem(f"“{name}” is {article} {refused} image; use PNG, JPEG or SVG")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            width, height = image.size
            dpi = image.info.get("dpi")
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(f"image “{name}” is too large to open ({exc})") from None
    except (OSError, ValueError, SyntaxError) as exc:
        message = f"“{name}” is not a readable PNG, JPEG or SVG image ({exc})"
        raise ImageProblem(message) from None
    if kind not in ("PNG", "JPEG"):
        raise ImageProblem(f"“{name}” is a {kind or 'unknown'} image; use PNG, JPEG or SVG")
    if width * height > MAX_PIXELS:
        raise ImageTooLarge(
            f"image “{name}” has {width}×{height} pixels; the limit is {MAX_PIXELS:,} pixels"
        )
    stated = float(dpi[0]) if dpi and float(dpi[0]) > 1 else None
    info = ImageInfo(MEDIA_TYPES[kind], width, height, round(stated, 2) if stated else None)
    return info, data


def inspect_image(path: Path) -> ImageInfo:
    """Format, size and resolution of an image file, checked against the limits."""
    return load_image(path)[0]


def load_image(path: Path) -> tuple[ImageInfo, bytes]:
    """The bytes an edition may embed: SVG sanitised, rasters as they are."""
    with path.open("rb") as handle:
        _check_size(path.name, path.stat().st_size, handle.read(4096))
    return _inspect(path.name, path.read_bytes())


def check_member(
    package: zipfile.ZipFile, member: str, folder: str = MEDIA_FOLDER, what: str = "Word file"
) -> zipfile.ZipInfo:
    """The zip entry `member` names, when it is a real file under `folder` (word/media/).

    Names are compared as they are, never normalised, so `word/media/../document.xml` is
    refused rather than found.
    """
    parts = member.split("/")
    if not member.startswith(folder) or "\\" in member or any(p in ("", ".", "..") for p in parts):
        raise ImageProblem(f"“{member}” is not a picture under {folder} of the {what}")
    try:
        return package.getinfo(member)
    except KeyError:
        raise ImageProblem(f"picture “{member}” is missing from the {what}") from None


def read_member(
    package: zipfile.ZipFile, member: str, folder: str = MEDIA_FOLDER, what: str = "Word file"
) -> tuple[ImageInfo, bytes]:
    """A picture inside a Word (or OpenDocument) file: checked as a member, sized from the
    zip's directory before it is expanded, then read like a file (never more than the
    limit)."""
    entry = check_member(package, member, folder, what)
    name = member.rsplit("/", 1)[-1]
    try:
        with package.open(entry) as handle:
            head = handle.read(4096)
        _check_size(name, entry.file_size, head)
        limit = max(MAX_RASTER_BYTES, MAX_SVG_BYTES)
        with package.open(entry) as handle:
            data = handle.read(limit + 1)  # the directory's size can lie; the read cannot
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ImageProblem(f"picture “{member}” cannot be read from the {what} ({exc})") from None
    return _inspect(name, data)


def read_image(src: str, folder: Path) -> tuple[ImageInfo, bytes]:
    """The figure `src` names in `folder`: a file, or a picture inside a Word or
    OpenDocument file there.

    Raises ImageProblem (ImageTooLarge for size limits) with one sentence saying why not.
    """
    match = CONTAINER.match(src)
    if match is None:
        return load_image(resolve_image(src, folder))
    container = resolve_image(match.group("file"), folder)
    media, what = _container(match.group("file"))
    try:
        with zipfile.ZipFile(container) as package:
            return read_member(package, match.group("member"), media, what)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImageProblem(f"“{match.group('file')}” is not a readable {what} ({exc})") from None


def image_url(src: str, folder: Path) -> str:
    """The file: URL the PDF's HTML gives WeasyPrint for a figure; a picture inside a Word
    or OpenDocument file is the container's URL with the member as its fragment (the
    fetcher serves it through `read_image`). Raises ImageProblem when `src` is not in `folder`."""
    match = CONTAINER.match(src)
    if match is None:
        return resolve_image(src, folder).as_uri()
    container = resolve_image(match.group("file"), folder)
    return f"{container.as_uri()}#{quote(match.group('member'))}"


def printed_width_in(info: ImageInfo, paper: str) -> float:
    """Width in inches the PDF sets the image at: its own size, never wider than the column."""
    column = COLUMN_MM.get(paper, COLUMN_MM["a4"]) / 25.4
    if info.media_type == "image/svg+xml":
        return column
    return min(info.width / (info.dpi or CSS_DPI), column)


def print_dpi(info: ImageInfo, paper: str) -> float | None:
    """Effective resolution in the print edition; None for vector images."""
    if info.media_type == "image/svg+xml":
        return None
    return info.width / printed_width_in(info, paper)


def epub_image(info: ImageInfo, data: bytes) -> bytes:
    """Rasters longer than EPUB_MAX_SIDE scaled down (aspect kept); SVG as it is."""
    if info.media_type == "image/svg+xml" or max(info.width, info.height) <= EPUB_MAX_SIDE:
        return data
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        image.thumbnail((EPUB_MAX_SIDE, EPUB_MAX_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if info.media_type == "image/jpeg":
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        else:
            image.save(out, "PNG", optimize=True)
    return out.getvalue()


# --- SVG ------------------------------------------------------------------------------------


def sanitize_svg(data: bytes) -> bytes:
    """SVG reduced to drawing (publish.svg, the sanitiser house logos go through too).

    Raises ImageProblem when the bytes cannot be made safe or are not an SVG at all.
    """
    from .svg import SvgError
    from .svg import sanitize_svg as clean

    try:
        return clean(data)
    except SvgError as exc:
        raise ImageProblem(f"SVG refused: {exc}") from None


def svg_size(data: bytes) -> tuple[int, int]:
    """Intrinsic size in CSS px from width/height, else from the viewBox, else 300×150."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            bw, bh = float(box[2]), float(box[3])
        except ValueError:
            bw = bh = 0.0
        if bw > 0 and bh > 0:
            if width is None and height is None:
                width, height = bw, bh
            elif width is None:
                width = height * bw / bh  # type: ignore[operator]
            else:
                height = width * bh / bw
    return max(1, round(width or 300)), max(1, round(height or 150))


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match:
        return None
    number = float(match.group(1))
    return number * _UNIT_PX[match.group(2)] if number > 0 else None
