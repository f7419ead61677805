"""The gate's check of an EPUB's print page numbers (publish/epub/pagebreaks.py): every print
page has exactly one marker, the markers follow the pages in reading order, and the page list
names each page once, in order, linking to its marker."""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def page_list_problems(epub: bytes, pages: int) -> list[str]:
    """Problems with the page markers and page list of a book of `pages` print pages."""
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        rootfile = etree.fromstring(zf.read("META-INF/container.xml")).find(
            ".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile"
        )
        opf_path = rootfile.get("full-path")
        base = posixpath.dirname(opf_path)
        opf = etree.fromstring(zf.read(opf_path))
        items = {i.get("id"): i for i in opf.iter(f"{OPF}item")}
        spine = [items[r.get("idref")].get("href") for r in opf.iter(f"{OPF}itemref")]
        nav = next(i.get("href") for i in items.values() if "nav" in (i.get("properties") or ""))
        marks: list[tuple[str, str, str]] = []  # (file, id, label) in reading order
        for href in spine:
            root = etree.fromstring(zf.read(posixpath.join(base, href)))
            marks += [
                (href, el.get("id"), el.get("aria-label"))
                for el in root.iter(f"{XHTML}span")
                if el.get(EPUB_TYPE) == "pagebreak"
            ]
        nav_root = etree.fromstring(zf.read(posixpath.join(base, nav)))
    expected = [str(n) for n in range(1, pages + 1)]
    problems = []
    if [label for *_, label in marks] != expected:
        problems.append(
            f"page markers {[label for *_, label in marks]} are not the print edition's "
            f"pages 1–{pages} in reading order"
        )
    lists = [n for n in nav_root.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "page-list"]
    if len(lists) != 1:
        return [*problems, f"{len(lists)} page-list navs (1 expected)"]
    links = [(a.get("href") or "", (a.text or "").strip()) for a in lists[0].iter(f"{XHTML}a")]
    if [label for _, label in links] != expected:
        problems.append(f"the page list does not list pages 1–{pages} in order")
    where = {f"{file}#{ident}": label for file, ident, label in marks}
    for href, label in links:
        if where.get(href) != label:
            problems.append(f"page list entry {label} ({href}) does not reach its marker")
    return problems
