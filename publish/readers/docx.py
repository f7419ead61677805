"""Word briefs (.docx, .docm): mammoth writes the body and notes as HTML, the HTML reader
reads that, and this module guards the file and maps Word's styles.

Why mammoth: of the readers evaluated (mammoth, python-docx, docx2python), only mammoth
turns footnotes *and* endnotes into linked notes with their formatting and links, reads
tracked insertions as accepted and skips deletions, and lets us map styles by id. Its HTML
is parsed, never rendered, so a document cannot inject markup.

The guards run before mammoth opens anything: the zip's total and per-part expanded size
(zip bombs), the parts mammoth needs, XML that parses, and external relationships, which
are never fetched (mammoth reads a file object with no base path, so it cannot open one).
Macros in a .docm are data in `vbaProject.bin`; nothing reads, let alone runs, them.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from .. import images
from ..document import Diagnostic
from ..errors import InputError
from ..normalizer.dates import property_date
from ..normalizer.header import real_value
from ..normalizer.raw import RawBrief
from .docxstyles import (
    CAPTION_STYLE,
    HEADING_STYLE,
    TEXTBOX_STYLE,
    style_map,
    style_messages,
    style_usage,
)
from .htmlbody import parse_html_tree
from .package import WORD, open_zip, parse_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def _fail(path: Path, message: str) -> InputError:
    return InputError(message, path=path)


def open_package(path: Path, data: bytes) -> zipfile.ZipFile:
    """The .docx as a zip, refused with one line when it is not a Word file or is a bomb."""
    package = open_zip(path, data, WORD)
    if "word/document.xml" not in package.namelist():
        raise _fail(path, "not a Word document: word/document.xml is missing")
    return package


def _xml(package: zipfile.ZipFile, name: str, path: Path) -> etree._Element | None:
    return parse_part(package, name, path, WORD)


def core_properties(
    package: zipfile.ZipFile, path: Path, found: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """Word's File > Properties as metadata, for the lowest layer (`found`: its warnings)."""
    core = _xml(package, "docProps/core.xml", path)
    if core is None:
        return {}
    out: dict[str, Any] = {}

    def text(tag: str) -> str:
        found = core.find(tag, NS)
        return " ".join((found.text or "").split()) if found is not None else ""

    if (title := text("dc:title")) and real_value(title):
        out["title"] = title
    if subject := text("dc:subject"):
        out["subtitle"] = subject
    if (creator := text("dc:creator")) and real_value(creator):
        out["authors"] = [a.strip() for a in re.split(r";|,| and ", creator) if a.strip()]
    if keywords := text("cp:keywords"):
        out["keywords"] = [k.strip() for k in re.split(r"[;,]", keywords) if k.strip()]
    day, problem = property_date(text("dcterms:created"), "Word properties, created")
    if day:
        out["date"] = day
    elif problem and found is not None:
        found.append(("warning", problem))
    return out


def _set_style(paragraph: etree._Element, style_id: str) -> None:
    ppr = paragraph.find("w:pPr", NS)
    if ppr is None:
        ppr = etree.SubElement(paragraph, f"{{{W}}}pPr")
        paragraph.insert(0, ppr)
    for old in ppr.findall("w:pStyle", NS):
        ppr.remove(old)
    style = etree.Element(f"{{{W}}}pStyle")
    style.set(f"{{{W}}}val", style_id)
    ppr.insert(0, style)


def _direct_outline_level(paragraph: etree._Element) -> int | None:
    """The outline level (0 = a first-level heading) set on the paragraph itself."""
    found = paragraph.find("w:pPr/w:outlineLvl", NS)
    value = found.get(f"{{{W}}}val") if found is not None else None
    return int(value) if value is not None and value.isdigit() and int(value) < 6 else None


def _numbered_caption(paragraph: etree._Element) -> bool:
    """A paragraph numbered by Word's Insert Caption: a `SEQ Figure` (or Table) field."""
    instructions = [i.text or "" for i in paragraph.iterfind(".//w:instrText", NS)]
    instructions += [f.get(f"{{{W}}}instr") or "" for f in paragraph.iterfind(".//w:fldSimple", NS)]
    return any(re.match(r"\s*SEQ\s", i) for i in instructions)


MAX_MARK = 8  # characters of a custom note mark; anything longer is text, not a mark


def _take_marks(document: etree._Element, marks: dict[str, str]) -> None:
    """Custom note marks, by the id mammoth gives the note (`footnote-3`), taken out of the
    text.

    Word writes a custom mark as a reference with `w:customMarkFollows` and the mark as the
    text right after it, in the same run (or the next). mammoth numbers such a note and
    leaves the mark in the text, so both are read here, from the XML, before it runs.
    """
    for kind in ("footnote", "endnote"):
        for ref in document.iterfind(f".//w:{kind}Reference", NS):
            if ref.get(f"{{{W}}}customMarkFollows") not in ("1", "true", "on"):
                continue
            run = ref.getparent()
            texts = [t for t in ref.itersiblings(f"{{{W}}}t")]
            if not texts and run is not None:
                following = next(run.itersiblings(f"{{{W}}}r"), None)
                texts = following.findall("w:t", NS) if following is not None else []
            mark = (texts[0].text or "").strip() if texts else ""
            if mark and len(mark) <= MAX_MARK:
                marks[f"{kind}-{ref.get(f'{{{W}}}id')}"] = mark
                texts[0].text = (texts[0].text or "").replace(mark, "", 1)


def _prepare(
    package: zipfile.ZipFile,
    path: Path,
    notes: list[tuple[str, str]],
    marker: bytes,
    marks: dict[str, str],
) -> bytes:
    """The package mammoth reads: text-box paragraphs and numbered captions marked, linked
    images unlinked, and each picture under word/media/ replaced by `marker` + its name.

    Why the names: mammoth hands its image callback the alt text and the bytes, but not the
    part they came from, and a figure's src must name that part. Putting the name where the
    bytes were lets mammoth's own relationship lookup say which member each picture is,
    exactly (a hash of the bytes would confuse two copies of one picture, and reading the
    relationship ids ourselves would repeat mammoth's resolution of targets). The pictures
    themselves are not expanded here; publish.images reads them within its limits.
    """
    document = _xml(package, "word/document.xml", path)
    assert document is not None
    for paragraph in document.iterfind(".//w:txbxContent//w:p", NS):
        _set_style(paragraph, TEXTBOX_STYLE)
    for paragraph in document.iterfind(".//w:p", NS):
        if _numbered_caption(paragraph):
            _set_style(paragraph, CAPTION_STYLE)
        elif (level := _direct_outline_level(paragraph)) is not None:
            # LibreOffice (and Word's "Outline level" setting) can make a heading of a
            # paragraph in any style; mammoth reads only styles, so name one for it.
            _set_style(paragraph, f"{HEADING_STYLE}{level + 1}")
    _take_marks(document, marks)
    for simple in list(document.iterfind(".//w:fldSimple", NS)):
        # mammoth drops a simple field with its result; keep the result (a SEQ's number).
        parent = simple.getparent()
        at = parent.index(simple)
        for offset, child in enumerate(list(simple)):
            parent.insert(at + offset, child)
        parent.remove(simple)
    if document.find(".//w:ins", NS) is not None or document.find(".//w:del", NS) is not None:
        notes.append(
            ("info", "tracked changes read as accepted: insertions kept, deletions dropped")
        )
    if document.find(".//w:commentReference", NS) is not None:
        notes.append(("info", "comments dropped"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():
            if info.filename.startswith(images.MEDIA_FOLDER):
                copy.writestr(info.filename, marker + info.filename.encode("utf-8"))
                continue
            data = package.read(info.filename)
            if info.filename == "word/document.xml":
                data = etree.tostring(
                    document, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            elif info.filename.endswith(".rels"):
                data = _unlink(data, notes)
            copy.writestr(info.filename, data)
    return out.getvalue()


def _unlink(rels: bytes, notes: list[tuple[str, str]]) -> bytes:
    """Empty external relationships other than hyperlinks: they are never fetched.

    mammoth is also told not to open external files; this makes sure of it."""
    root = etree.fromstring(rels, etree.XMLParser(resolve_entities=False, no_network=True))
    for rel in list(root):
        external = rel.get("TargetMode") == "External"
        if external and not (rel.get("Type") or "").endswith("/hyperlink"):
            notes.append(("warning", f"external {rel.get('Type', '').rsplit('/', 1)[-1]} "
                                     f"“{rel.get('Target')}” not fetched"))  # fmt: skip
            rel.set("Target", "")  # kept, so that references to it still resolve
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def parse_docx(data: bytes, path: Path) -> tuple[RawBrief, dict[str, Any]]:
    """The RawBrief of a Word file, and Word's own properties for the lowest metadata layer.

    Word has no lines: a diagnostic's line is the number of the paragraph (or heading, list
    item, table) in the body, counting from 1.
    """
    import mammoth

    from .docxxml import install

    install()  # mammoth's parts parsed by lxml, not minidom: two thirds of the time

    package = open_package(path, data)
    found: list[tuple[str, str]] = []
    styles = _xml(package, "word/styles.xml", path)
    marker = b"publish-media:" + secrets.token_hex(8).encode("ascii") + b":"
    marks: dict[str, str] = {}
    prepared = _prepare(package, path, found, marker, marks)
    properties = core_properties(package, path, found)
    usage = style_usage(_xml(package, "word/document.xml", path))
    for notes in ("word/footnotes.xml", "word/endnotes.xml"):
        for sid, count in style_usage(_xml(package, notes, path)).items():
            usage[sid] = usage.get(sid, 0) + count
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(prepared),
            style_map=style_map(styles, used=set(usage)),
            ignore_empty_paragraphs=True,
            external_file_access=False,
            convert_image=_image_converter(package, path, marker, found),
        )
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise _fail(path, f"broken Word file: {exc}") from None
    from lxml import html

    root = html.document_fromstring(f"<html><body>{result.value}</body></html>")
    order = {e: i for i, e in enumerate(root.iter(*_NUMBERED), start=1)}
    lifted = _lift_pictures(root, order)
    raw = parse_html_tree(root, str(path), lambda e: _paragraph_number(e, order),
                          marks=marks)  # fmt: skip

    for number in lifted:
        message = "picture set as a figure after the paragraph of text it sits in"
        raw.diagnostics.append(Diagnostic("info", number, message, str(path)))
    for level, message in found:
        raw.diagnostics.append(Diagnostic(level, 0, message, str(path)))  # type: ignore[arg-type]
    raw.diagnostics += style_messages(result.messages, str(path), usage)
    return raw, properties


def _image_converter(package: zipfile.ZipFile, path: Path, marker: bytes,
                     found: list[tuple[str, str]]) -> Any:  # fmt: skip
    """mammoth's image callback: an `img` whose src names the picture inside this brief
    (`brief.docx#word/media/image1.png`), checked by publish.images now so that a picture
    no edition can show is left out here with a warning rather than failing the brief."""
    from mammoth import html
    from mammoth.docx.files import ExternalFileAccessIsDisabledError

    def convert(image: Any) -> list[Any]:
        try:
            with image.open() as handle:
                head = handle.read(len(marker) + 512)
        except ExternalFileAccessIsDisabledError:
            return []  # a linked picture: _unlink has said it is never fetched
        except KeyError as exc:
            # A relationship to a part the package does not hold (or that escapes it with
            # `..`): a broken or hostile file, refused like a zip bomb (issue 17), not a
            # picture quietly lost from the brief.
            named = re.search(r"named '(.{1,120})'", str(exc))
            part = f" “{named.group(1)}”" if named else ""
            raise _fail(path, f"broken Word file: picture{part} is referenced but is not "
                              "in the file") from None  # fmt: skip
        if not head.startswith(marker):
            found.append(("warning", f"a picture outside {images.MEDIA_FOLDER} was left out"))
            return []
        member = head[len(marker) :].decode("utf-8", "replace")
        try:
            images.read_member(package, member)
        except images.ImageTooLarge as exc:
            raise _fail(path, f"picture {member}: {exc}") from None
        except images.ImageProblem as exc:
            found.append(("warning", f"picture left out: {exc}"))
            return []
        attributes = {"src": f"{path.name}#{member}", "alt": image.alt_text or ""}
        return [html.element("img", attributes)]

    return convert


_NUMBERED = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "aside", "blockquote")


def _lift_pictures(root: etree._Element, order: dict[etree._Element, int]) -> list[int]:
    """Pictures in a body paragraph that also has text, moved into paragraphs of their own
    right after it, where the HTML reader makes figures of them (and a Caption paragraph
    that follows attaches). Word anchors a floating chart to a paragraph of text; mammoth
    then writes the picture inside that paragraph. Pictures in cells, lists and notes stay
    where they are (left out, with a warning). Returns the paragraph numbers moved from."""
    moved: list[int] = []
    body = root.find("body")
    for paragraph in list(body if body is not None else ()):
        pictures = list(paragraph.iter("img")) if paragraph.tag == "p" else []
        if not pictures or not "".join(paragraph.itertext()).strip():
            continue  # no picture, or a picture alone: already a figure
        anchor = paragraph
        for picture in pictures:
            _detach(picture)
            holder = paragraph.makeelement("p", {})  # an lxml.html element, as mammoth's
            holder.append(picture)
            anchor.addnext(holder)
            order[holder] = order.get(paragraph, 0)  # diagnostics name Word's paragraph
            anchor = holder
        moved.append(order.get(paragraph, 0))
    return moved


def _detach(element: etree._Element) -> None:
    """Remove `element` from its parent, keeping the text that follows it in place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
        element.tail = None
    parent.remove(element)


def _paragraph_number(element: etree._Element, order: dict[etree._Element, int]) -> int:
    for candidate in (element, *element.iterancestors()):
        if candidate in order:
            return order[candidate]
    return 0
