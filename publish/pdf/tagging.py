"""PDF/UA retagging: WeasyPrint's structure tree, corrected with pikepdf.

WeasyPrint 70 tags footnotes, calls and pull quotes as NonStruct, leaves running heads and
page numbers as marked content outside the tree, splits a wrapped link into one annotation per
line fragment (many of zero width) and gives TH no /Scope (GUIDE.md). This pass fixes that.

Finding the elements: publish/pdf/marking.py copies a marker from each HTML element into its
structure element while WeasyPrint builds the tree. The pass below works on those markers
only, never on text or position, and deletes them. MAPPING (in marking.py) is the table.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any

from .marking import MAPPING, MARK, marking

__all__ = ["MAPPING", "MARK", "Edit", "marking", "retag_pdf"]


# --- after: the pikepdf pass --------------------------------------------------------------------


class TaggingError(RuntimeError):
    """The tree is not what this pass expects (a WeasyPrint change): fail, do not guess."""


def _strip(pdf: Any) -> None:
    import pikepdf

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and MARK in obj:
            del obj[MARK]


def _save(pdf: Any, object_streams: bool = True) -> bytes:
    import pikepdf

    out = io.BytesIO()
    # Deterministic: /ID[1] is computed from the content (an existing /ID[0] is kept), object
    # order is qpdf's own. Object streams need PDF 1.5 (not PDF/X-1a or X-3).
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    pdf.save(out, deterministic_id=True, object_stream_mode=mode, compress_streams=True)
    return out.getvalue()


Edit = Callable[[Any], None]  # an edit of an opened pikepdf document


def retag_pdf(
    data: bytes,
    *,
    object_streams: bool = True,
    then: Edit | None = None,
    retag: bool = True,
) -> bytes:
    """The PDF with its structure tree corrected (see MAPPING); byte-identical for equal input.
    With `retag` false, only the private markers are removed.

    `then` edits the opened pikepdf document further before the one save: the press pass,
    the XMP identifiers, the archive edition's attachments. One open and one save for all
    of them: each pikepdf round trip of a print PDF cost 20-40 ms."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    if retag:
        _Retagger(pdf).run()
    else:
        _strip(pdf)
    if then is not None:
        then(pdf)
    return _save(pdf, object_streams)


class _Retagger:
    def __init__(self, pdf: Any) -> None:
        import pikepdf

        self.pk = pikepdf
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        # (page index, old MCID) -> artifact type, for the content-stream rewrite.
        self.artifacts: dict[tuple[int, int], str] = {}
        self.notes: set[str] = set()  # endnote ids already made a Note

    # -- tree helpers

    def kids(self, elem: Any) -> list[Any]:
        k = elem.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, self.pk.Array) else [k]

    def set_kids(self, elem: Any, kids: list[Any]) -> None:
        elem.K = self.pk.Array(kids)

    def is_elem(self, obj: Any) -> bool:
        return isinstance(obj, self.pk.Dictionary) and obj.get("/Type") not in ("/MCR", "/OBJR")

    def page_of(self, elem: Any) -> int:
        pg = elem.get("/Pg")
        if pg is None:
            raise TaggingError("structure element without /Pg")
        return self.pages[pg.objgen]

    def mark(self, elem: Any) -> tuple[str, str]:
        raw = str(elem.get(MARK, ""))
        kind, _, value = raw.partition("|")
        return kind, value

    def walk(self, elem: Any) -> Iterator[Any]:
        yield elem
        for kid in self.kids(elem):
            if self.is_elem(kid):
                yield from self.walk(kid)

    def mcids(self, elem: Any) -> Iterator[tuple[int, int]]:
        """(page, mcid) of all marked content under `elem`."""
        for node in self.walk(elem):
            for kid in self.kids(node):
                if isinstance(kid, int):
                    yield self.page_of(node), int(kid)
                elif isinstance(kid, self.pk.Dictionary) and kid.get("/Type") == "/MCR":
                    yield self.pages[kid.Pg.objgen], int(kid.MCID)

    # -- the pass

    def run(self) -> None:
        document = self.kids(self.root)[0]
        reachable = {e.objgen for e in self.walk(document)}
        # Margin boxes: content whose element WeasyPrint never linked into the tree.
        for page_index, elems in self.parent_tree_pages():
            for mcid, elem in enumerate(elems):
                if isinstance(elem, self.pk.Dictionary) and elem.objgen not in reachable:
                    self.artifacts[(page_index, mcid)] = "/Pagination"
        self.fix(document)
        self.rewrite_content()
        self.annotations()
        self.rebuild_parent_tree(document)
        for elem in self.walk(document):
            if MARK in elem:
                del elem[MARK]

    def parent_tree_pages(self) -> list[tuple[int, list[Any]]]:
        nums = list(self.root.ParentTree.Nums)
        out = []
        for key, value in zip(nums[0::2], nums[1::2], strict=True):
            if isinstance(value, self.pk.Array) and int(key) < len(self.pdf.pages):
                out.append((int(key), list(value)))
        return out

    def fix(self, elem: Any) -> None:
        """Depth first; children are fixed before their parent rearranges them."""
        new_kids: list[Any] = []
        for kid in self.kids(elem):
            if not self.is_elem(kid):
                new_kids.append(kid)
                continue
            kind, value = self.mark(kid)
            if kind == "artifact":
                for key in self.mcids(kid):
                    self.artifacts[key] = "/Layout"
                continue  # out of the tree: a pull quote is read once, in its paragraph
            if kind == "link":
                self.fix_link(kid)
                # Fragments of the same <a> on this page become one Link element.
                same = next(
                    (k for k in new_kids if self.is_elem(k) and self.mark(k) == (kind, value)
                     and self.page_of(k) == self.page_of(kid)),
                    None,
                )  # fmt: skip
                if same is not None:
                    self.set_kids(same, self.kids(same) + self.kids(kid))
                    continue
                new_kids.append(kid)
                continue
            self.fix(kid)
            if kind == "note":
                kid.S = self.pk.Name.Note
                kid.ID = self.pk.String(value)
            elif kind == "note::footnote-marker" or kind == "label":
                kid.S = self.pk.Name.Lbl
            elif kind in ("note::footnote-call", "reference"):
                kid.S = self.pk.Name.Reference
            elif kind == "endnote" and kid.get("/S") == "/LBody" and value not in self.notes:
                self.notes.add(value)  # a note running onto the next page: one Note, the first
                # WeasyPrint wraps a bulletless li as LI > LBody, both built from the li box
                # and so both marked. An LI may hold only Lbl and LBody (PDF/UA): the Note
                # goes inside the LBody and takes its content.
                note = self.pdf.make_indirect(
                    self.pk.Dictionary(Type=self.pk.Name.StructElem, S=self.pk.Name.Note,
                                       ID=self.pk.String(value), P=kid, Pg=kid.Pg,
                                       K=self.pk.Array(self.kids(kid)))
                )  # fmt: skip
                for grandchild in self.kids(kid):
                    if self.is_elem(grandchild):
                        grandchild.P = note
                kid.K = self.pk.Array([note])
            elif kind == "th":
                attrs = kid.get("/A")
                if attrs is None:
                    attrs = self.pk.Dictionary(O=self.pk.Name.Table)
                    kid.A = attrs
                attrs.Scope = self.pk.Name.Row if value == "row" else self.pk.Name.Column
            new_kids.append(kid)
        self.set_kids(elem, new_kids)

    def fix_link(self, link: Any) -> None:
        """A Link holds its text and OBJRs directly: nested NonStruct (from <wbr/>) flattened,
        OBJRs to zero-size annotations dropped, one OBJR per remaining annotation."""
        flat: list[Any] = []
        seen: set[tuple[int, int]] = set()

        def gather(node: Any) -> None:
            for kid in self.kids(node):
                if isinstance(kid, int) or (
                    isinstance(kid, self.pk.Dictionary) and kid.get("/Type") == "/MCR"
                ):
                    flat.append(kid)  # one page per WeasyPrint tree: the Link's own page
                elif isinstance(kid, self.pk.Dictionary) and kid.get("/Type") == "/OBJR":
                    annot = kid.Obj
                    if _area(annot) > 0 and annot.objgen not in seen:
                        seen.add(annot.objgen)
                        flat.append(kid)
                    else:
                        annot["/PublishDrop"] = True
                elif self.is_elem(kid):
                    gather(kid)

        gather(link)
        self.set_kids(link, flat)

    def rewrite_content(self) -> None:
        """Artifacts: BDC with their MCID becomes `/Artifact <</Type …>> BDC`. Every other
        MCID is renumbered densely per page, in content order (self.renumber).

        WeasyPrint (pydyf) writes each as `/Tag <</MCID n>> BDC`; a regular expression over the
        page's one stream rewrites them in a fraction of the time of parsing every operator
        (2,000 notes: 0.3 s against 7 s; 30 ms for the seed's five pages). When a page does
        not look like that (another producer, several streams, an MCID the expression
        misses, a literal string), it is parsed in full."""
        self.renumber: dict[tuple[int, int], int] = {}
        for index, page in enumerate(self.pdf.pages):
            if not self._rewrite_fast(index, page):
                self._rewrite_parsed(index, page)

    def _rewrite_fast(self, index: int, page: Any) -> bool:
        contents = page.get("/Contents")
        if not isinstance(contents, self.pk.Stream):
            return False
        data = contents.read_bytes()
        matches = list(_BDC.finditer(data))
        # Every MCID must be one the expression sees. Other BDCs (the text layer's
        # `/Span <</ActualText …>> BDC` around a hyphenated word) are left as they are. A
        # literal string could hold either spelling: then the page is parsed in full.
        if len(matches) != data.count(b"/MCID") or b"(" in data:
            return False
        out: list[bytes] = []
        last = next_mcid = 0
        for match in matches:
            old = int(match.group(2))
            kind = self.artifacts.get((index, old))
            if kind is not None:
                text = f"/Artifact <</Type {kind}>> BDC".encode()
            else:
                self.renumber[(index, old)] = next_mcid
                text = b"/" + match.group(1) + f" <</MCID {next_mcid}>> BDC".encode()
                next_mcid += 1
            out += [data[last : match.start()], text]
            last = match.end()
        out.append(data[last:])
        if matches:
            page.Contents = self.pdf.make_stream(b"".join(out))
        return True

    def _rewrite_parsed(self, index: int, page: Any) -> None:
        ops = self.pk.parse_content_stream(page)
        out = []
        next_mcid = 0
        for operands, operator in ops:
            if str(operator) == "BDC" and len(operands) == 2:
                props = operands[1]
                if isinstance(props, self.pk.Dictionary) and "/MCID" in props:
                    old = int(props.MCID)
                    kind = self.artifacts.get((index, old))
                    if kind is not None:
                        operands = [self.pk.Name.Artifact,
                                    self.pk.Dictionary(Type=self.pk.Name(kind))]  # fmt: skip
                    else:
                        self.renumber[(index, old)] = next_mcid
                        operands = [operands[0], self.pk.Dictionary(MCID=next_mcid)]
                        next_mcid += 1
            out.append(self.pk.ContentStreamInstruction(operands, operator))
        page.Contents = self.pdf.make_stream(self.pk.unparse_content_stream(out))

    def annotations(self) -> None:
        """Zero-size link annotations go; the rest get the Print flag and /Contents."""
        for page in self.pdf.pages:
            annots = page.get("/Annots")
            if annots is None:
                continue
            kept = []
            for annot in annots:
                if annot.get("/Subtype") == "/Link" and (
                    annot.get("/PublishDrop") or _area(annot) <= 0
                ):
                    continue
                annot.F = 4  # Print
                if "/Contents" not in annot or not str(annot.Contents):
                    target = annot.get("/A", {}).get("/URI") or annot.get("/Dest") or "link"
                    annot.Contents = self.pk.String(str(target))
                kept.append(annot)
            page.Annots = self.pk.Array(kept)

    def rebuild_parent_tree(self, document: Any) -> None:
        """ParentTree from the tree as it now is: page i -> MCID-indexed elements; each
        annotation's StructParent -> its Link."""
        per_page: dict[int, dict[int, Any]] = {}
        annots: list[tuple[Any, Any]] = []
        for elem in self.walk(document):
            new_kids = []
            for kid in self.kids(elem):
                if isinstance(kid, int) or (
                    isinstance(kid, self.pk.Dictionary) and kid.get("/Type") == "/MCR"
                ):
                    page = self.page_of(elem) if isinstance(kid, int) else self.pages[kid.Pg.objgen]
                    old = int(kid) if isinstance(kid, int) else int(kid.MCID)
                    new = self.renumber.get((page, old))
                    if new is None:
                        continue  # became an artifact
                    per_page.setdefault(page, {})[new] = elem
                    if isinstance(kid, int):
                        new_kids.append(new)
                    else:
                        kid.MCID = new
                        new_kids.append(kid)
                elif isinstance(kid, self.pk.Dictionary) and kid.get("/Type") == "/OBJR":
                    annots.append((kid.Obj, elem))
                    new_kids.append(kid)
                else:
                    new_kids.append(kid)
            self.set_kids(elem, new_kids)
        nums = []
        for index, page in enumerate(self.pdf.pages):
            found = per_page.get(index, {})
            if len(found) != len(set(found)) or (found and max(found) != len(found) - 1):
                raise TaggingError(f"page {index + 1}: marked content missing from the tree")
            page.StructParents = index
            nums += [index, self.pk.Array([found[i] for i in range(len(found))])]
        key = len(self.pdf.pages)
        for annot, elem in annots:
            annot.StructParent = key
            nums += [key, elem]
            key += 1
        for page in self.pdf.pages:
            for annot in page.get("/Annots", []):
                if "/PublishDrop" in annot:
                    del annot["/PublishDrop"]
        self.root.ParentTree = self.pdf.make_indirect(self.pk.Dictionary(Nums=self.pk.Array(nums)))
        self.root.ParentTreeNextKey = key


# `/Span <</MCID 3>> BDC` as pydyf writes it; any BDC at all, to know the first found them all.
_BDC = re.compile(rb"/([A-Za-z0-9_.-]+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC(?![A-Za-z0-9])")


def _area(annot: Any) -> float:
    rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
    return abs(rect[2] - rect[0]) * abs(rect[3] - rect[1])
