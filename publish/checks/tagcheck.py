"""PDF/UA tagging (publish/pdf/tagging.py), checked from the bytes with pikepdf."""

from __future__ import annotations

import io
import re
from typing import Any

from ..document import Document
from ..pdf.notecalls import is_footnote


def tagging_problems(data: bytes, doc: Document) -> list[str]:
    """The properties the retagging pass promises, each checked on its own:

    - Lang: the catalog's /Lang is a language tag;
    - notes: one `Note` with a unique /ID `note-N` per footnote, each with a `Lbl`, and a
      `Reference` per footnote call;
    - artifacts: running heads and page numbers are `/Artifact /Pagination` on every page,
      pull quotes `/Artifact /Layout`; no marked content outside the tree;
    - links: each link annotation has a non-zero size, the Print flag and /Contents, and is
      the OBJR of exactly one `Link` element, which holds no other Link or NonStruct;
    - tables: every TH has /Scope;
    - ParentTree: every page's MCIDs map to the element that holds them, every annotation's
      StructParent to its Link.
    """
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except Exception as exc:  # a parse failure is a failed edition
        return [f"tagging: unreadable PDF: {exc}"]
    problems: list[str] = []
    lang = str(pdf.Root.get("/Lang", ""))
    if not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", lang):
        problems.append(f"tagging: /Lang {lang!r} is not a language tag")
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return problems + ["tagging: no structure tree"]
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}

    memo: dict[tuple[int, int], list[Any]] = {}

    def kids(elem: Any) -> list[Any]:
        # Each element's kids read once: pikepdf access costs ~30 µs a call (2,000 notes).
        key = elem.objgen
        if key in memo and key != (0, 0):
            return memo[key]
        k = elem.get("/K")
        found = [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]
        memo[key] = found
        return found

    def is_elem(obj: Any) -> bool:
        return isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") not in ("/MCR", "/OBJR")

    elems: list[tuple[Any, Any]] = []  # (element, parent)
    stack = [(k, root) for k in kids(root) if is_elem(k)]
    while stack:
        elem, parent = stack.pop()
        elems.append((elem, parent))
        stack += [(k, elem) for k in kids(elem) if is_elem(k)]
    by_type: dict[str, list[Any]] = {}
    for elem, _ in elems:
        by_type.setdefault(str(elem.get("/S")), []).append(elem)

    # Notes
    ids = [str(e.get("/ID", "")) for e in by_type.get("/Note", [])]
    if len(ids) != len(set(ids)) or "" in ids:
        problems.append("tagging: Note elements without a unique /ID")
    footnotes = [n for n in doc.notes if is_footnote(n, doc)]
    called = {n for b in doc.paragraphs() for n in b.notes}
    id_set = set(ids)
    for note in footnotes:
        if note.number in called and f"note-{note.number}" not in id_set:
            problems.append(f"tagging: note {note.number} has no Note element with /ID")
    for elem in by_type.get("/Note", []):
        if not any(is_elem(k) and k.get("/S") == "/Lbl" for k in _descendants(elem, kids)):
            problems.append(f"tagging: Note {elem.get('/ID')} has no Lbl")
    placed = len({n.number for n in footnotes if n.number in called})
    if len(by_type.get("/Reference", [])) < placed:
        problems.append(
            f"tagging: {len(by_type.get('/Reference', []))} Reference elements "
            f"for {placed} footnote calls"
        )

    # Marked content: artifacts per page, and every MCID in the tree through the ParentTree.
    parent_tree: dict[int, Any] = {}
    nums = list(root.get("/ParentTree", {}).get("/Nums", []))
    for key, value in zip(nums[0::2], nums[1::2], strict=False):
        parent_tree[int(key)] = value
    holder: dict[tuple[int, int], Any] = {}
    for elem, _ in elems:
        for k in kids(elem):
            if isinstance(k, int):
                holder[(pages.get(elem.get("/Pg").objgen, -1), int(k))] = elem
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                holder[(pages.get(k.Pg.objgen, -1), int(k.MCID))] = elem
    layout = 0
    for index, page in enumerate(pdf.pages):
        pagination = 0
        mapped = parent_tree.get(int(page.get("/StructParents", -1)))
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) != "BDC" or len(operands) != 2:
                continue
            tag, props = operands
            if tag == "/Artifact" and isinstance(props, pikepdf.Dictionary):
                pagination += props.get("/Type") == "/Pagination"
                layout += props.get("/Type") == "/Layout"
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcid = int(props.MCID)
                elem = holder.get((index, mcid))
                if elem is None:
                    problems.append(f"tagging: page {index + 1} MCID {mcid} is not in the tree")
                elif mapped is None or mcid >= len(mapped) or mapped[mcid].objgen != elem.objgen:
                    problems.append(f"tagging: ParentTree wrong for page {index + 1} MCID {mcid}")
        if not pagination:
            problems.append(f"tagging: page {index + 1} has no /Artifact /Pagination")
    quotes = sum(1 for b in doc.pullquotes() if b.source)
    if quotes and not layout:
        problems.append(f"tagging: {quotes} pull quote(s) but no /Artifact /Layout")

    # Links
    objr_owner: dict[tuple[int, int], list[Any]] = {}
    for elem in by_type.get("/Link", []):
        for k in kids(elem):
            if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR":
                objr_owner.setdefault(k.Obj.objgen, []).append(elem)
        if any(is_elem(k) and k.get("/S") in ("/Link", "/NonStruct") for k in kids(elem)):
            problems.append("tagging: a Link element holds a Link or NonStruct")
    for index, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            where = f"tagging: page {index + 1} link annotation"
            rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
            if abs(rect[2] - rect[0]) * abs(rect[3] - rect[1]) <= 0:
                problems.append(f"{where} has zero size")
            if not int(annot.get("/F", 0)) & 4:
                problems.append(f"{where} has no Print flag")
            if not str(annot.get("/Contents", "")):
                problems.append(f"{where} has no /Contents")
            owners = objr_owner.get(annot.objgen, [])
            if len(owners) != 1:
                problems.append(f"{where} is the OBJR of {len(owners)} Link elements")
            elif parent_tree.get(int(annot.get("/StructParent", -1))) is None or (
                parent_tree[int(annot.StructParent)].objgen != owners[0].objgen
            ):
                problems.append(f"{where}: ParentTree does not lead to its Link")

    # Tables
    for elem in by_type.get("/TH", []):
        if "/Scope" not in elem.get("/A", {}):
            problems.append("tagging: a TH has no /Scope")
    return problems


def _descendants(elem: Any, kids: Any) -> list[Any]:
    out, stack = [], list(kids(elem))
    while stack:
        k = stack.pop()
        out.append(k)
        if hasattr(k, "get") and k.get("/Type") not in ("/MCR", "/OBJR"):
            stack += kids(k)
    return out
