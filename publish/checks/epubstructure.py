"""Structural check of an EPUB's bytes, for the release gate.

EPUBCheck proves the book is valid; this proves it is the book we meant: every note call
reaches a note, every called note links back to a call, pull quotes hide from assistive
technology and hold nothing focusable, a colophon exists, the cover image is declared and the
nav has a TOC and landmarks; every image has an alt attribute and is a declared file in the
book, every figure has a caption, every table a caption and header cells with a scope.
Returns problem strings; an empty list means the book is sound.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from urllib.parse import unquote, urldefrag

from lxml import etree

from ..document import Document
from ..normalizer.inlines import LOOSE_CALL
from .findings import at_line

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = f"{{{NS['epub']}}}type"
NOTE_TYPES = {"footnote", "endnote", "rearnote", "note"}


def types(el: etree._Element) -> set[str]:
    return set((el.get(EPUB_TYPE) or "").split())


def roles(el: etree._Element) -> set[str]:
    return set((el.get("role") or "").split())


def check_epub_structure(epub: bytes, doc: Document | None = None) -> list[str]:
    """Problems found; with `doc`, findings about a note name its line in the brief."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(epub))
    except zipfile.BadZipFile:
        return ["not a zip file"]
    with zf:
        try:
            return _check(zf, doc)
        except KeyError as exc:
            return [f"missing file: {exc}"]
        except etree.XMLSyntaxError as exc:
            return [f"not well-formed XML: {exc}"]


def _check(zf: zipfile.ZipFile, doc: Document | None) -> list[str]:
    problems: list[str] = []
    container = etree.fromstring(zf.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    opf = etree.fromstring(zf.read(opf_path))
    base = posixpath.dirname(opf_path)
    manifest = {item.get("id"): item for item in opf.findall("opf:manifest/opf:item", NS)}

    def resolve(href: str) -> str:
        return posixpath.normpath(posixpath.join(base, unquote(href)))

    covers = [i for i in manifest.values() if "cover-image" in (i.get("properties") or "").split()]
    if not covers:
        problems.append("no manifest item declared cover-image")
    for item in covers:
        if resolve(item.get("href")) not in zf.namelist():
            problems.append(f"cover image {item.get('href')} is declared but missing")

    # Parse every XHTML document in the manifest; ids are file-qualified: "text.xhtml#note-1".
    docs: dict[str, etree._Element] = {}
    for item in manifest.values():
        if item.get("media-type") == "application/xhtml+xml":
            docs[resolve(item.get("href"))] = etree.fromstring(zf.read(resolve(item.get("href"))))
    elements: dict[str, etree._Element] = {}
    for path, root in docs.items():
        for el in root.iter():
            if isinstance(el.tag, str) and el.get("id"):
                elements[f"{path}#{el.get('id')}"] = el

    def target(path: str, href: str) -> str:
        file, frag = urldefrag(href)
        file_path = (
            posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(file)))
            if file
            else path
        )
        return f"{file_path}#{frag}"

    nav_docs = [
        resolve(i.get("href"))
        for i in manifest.values()
        if "nav" in (i.get("properties") or "").split()
    ]
    if not nav_docs:
        problems.append("no nav document")
    for nav_path in nav_docs:
        navs = {t for n in docs[nav_path].iterfind(".//x:nav", NS) for t in types(n)}
        for needed in ("toc", "landmarks"):
            if needed not in navs:
                problems.append(f"nav has no {needed}")

    called: dict[str, list[str]] = {}  # note key -> call keys
    colophons = 0
    for path, root in docs.items():
        for a in root.iterfind(".//x:a", NS):
            if "noteref" in types(a) or "doc-noteref" in roles(a):
                key = target(path, a.get("href") or "")
                call = f"{path}#{a.get('id')}" if a.get("id") else None
                if key not in elements:
                    technical = f"{path}: note call {a.get('href')!r} points to no element"
                    what = ": its call leads to no note"
                    problems.append(_about_note(a.get("href") or "", what, technical, doc))
                    continue
                note = elements[key]
                if not (types(note) & NOTE_TYPES or _in_notes_section(note)):
                    problems.append(f"{path}: note call {a.get('href')!r} points to a non-note")
                if call is None:
                    problems.append(f"{path}: note call {a.get('href')!r} has no id to return to")
                else:
                    called.setdefault(key, []).append(call)
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            # Landmark links carry epub:type="colophon" too; only a section counts.
            if el.tag != f"{{{NS['x']}}}a" and (
                "colophon" in types(el) or "doc-colophon" in roles(el)
            ):
                colophons += 1
            if "pullquote" in types(el) or "doc-pullquote" in roles(el):
                if el.get("aria-hidden") != "true":
                    problems.append(f'{path}: pull quote without aria-hidden="true"')
                if el.find(".//x:a", NS) is not None:
                    problems.append(f"{path}: pull quote contains a link")
    if not colophons:
        problems.append("no colophon section")
    for path, root in sorted(docs.items()):
        text = "".join(root.itertext())
        if loose := LOOSE_CALL.search(text):
            problems.append(f"{path}: note call “{loose.group()}” printed as text")
    problems += _rich_problems(docs, manifest, resolve)

    for note_key, call_keys in sorted(called.items()):
        note = elements[note_key]
        backs = [
            target(note_key.split("#")[0], a.get("href") or "")
            for a in note.iterfind(".//x:a", NS)
            if "doc-backlink" in roles(a) or "backlink" in types(a)
        ]
        label = note_key.rsplit("/", 1)[-1]
        if not backs:
            technical = f"{label}: note has no backlink to its call"
            problems.append(_about_note(label, " has no link back to its call", technical, doc))
        for back in backs:
            if back not in call_keys:
                technical = f"{label}: backlink {back.rsplit('/', 1)[-1]} is not a call of it"
                what = ": its number links to another call"
                problems.append(_about_note(label, what, technical, doc))
    return problems


def _about_note(target: str, what: str, otherwise: str, doc: Document | None) -> str:
    """`note 5 has no link back to its call (line 40)` when the id names a note of ours;
    else the technical message (a book we did not make)."""
    m = re.search(r"(?:^|#)note-(\d+)$", target)
    if m is None:
        return otherwise
    number = int(m.group(1))
    return f"note {number}{what}{at_line(doc, number)}"


def _in_notes_section(el: etree._Element) -> bool:
    for parent in el.iterancestors():
        if {"endnotes", "footnotes", "rearnotes"} & types(parent) or "doc-endnotes" in roles(
            parent
        ):
            return True
    return False


def _rich_problems(docs: dict[str, etree._Element], manifest: dict, resolve) -> list[str]:
    """Figures, images and tables: what a reader without sight relies on."""
    problems: list[str] = []
    declared = {resolve(i.get("href")) for i in manifest.values()}
    for path, root in docs.items():
        for img in root.iterfind(".//x:img", NS):
            src = img.get("src") or ""
            if img.get("alt") is None:
                problems.append(f"{path}: image {src!r} has no alt attribute")
            full = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(src)))
            if full not in declared:
                problems.append(f"{path}: image {src!r} is not a declared file of the book")
        for figure in root.iterfind(".//x:figure", NS):
            caption = figure.find("x:figcaption", NS)
            if caption is None or not "".join(caption.itertext()).strip():
                problems.append(f"{path}: figure {figure.get('id')!r} has no caption")
        for table in root.iterfind(".//x:table", NS):
            if "data" not in (table.get("class") or "").split():
                continue  # layout tables of our own (none today) need no caption
            caption = table.find("x:caption", NS)
            if caption is None or not "".join(caption.itertext()).strip():
                problems.append(f"{path}: table {table.get('id')!r} has no caption")
            heads = table.findall(".//x:th", NS)
            if not heads:
                problems.append(f"{path}: table {table.get('id')!r} has no header cells")
            if any(th.get("scope") not in ("col", "row", "colgroup", "rowgroup") for th in heads):
                problems.append(f"{path}: table {table.get('id')!r} has a th without scope")
    return problems
