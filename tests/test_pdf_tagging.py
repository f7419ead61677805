"""PDF/UA tagging: the retagging pass, the gate's own checks, and the independent checker.

Each property that check_pdf verifies is broken on purpose in a copy of the seed's screen PDF,
and the gate must then fail with the matching line.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
import pytest

from publish import Document
from publish.checks.pdfcheck import check_pdf, run_pdfua, tagging_problems
from publish.pdf import build_pdf
from publish.pdf.tagging import MAPPING, MARK

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def screen(seed_doc: Document) -> bytes:
    return build_pdf(seed_doc, edition="screen")


def elements(pdf: pikepdf.Pdf, kind: str) -> list[pikepdf.Dictionary]:
    return [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == kind]


def broken(data: bytes, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_seed_is_tagged_and_passes(screen: bytes, seed_doc: Document) -> None:
    report = check_pdf(screen, seed_doc, edition="screen")
    assert report.problems == []
    pdf = pikepdf.open(io.BytesIO(screen))
    ids = sorted(str(n.ID) for n in elements(pdf, "/Note"))
    assert ids == sorted(f"note-{n}" for n in range(1, 24))
    assert len(elements(pdf, "/Lbl")) == 23 and len(elements(pdf, "/Reference")) == 23
    assert not elements(pdf, "/NonStruct") or all(
        p.get("/S") != "/Link" for p in (e.get("/P") for e in elements(pdf, "/NonStruct"))
    )
    assert not any(MARK in o for o in pdf.objects if isinstance(o, pikepdf.Dictionary))
    # Note 15's URL: one Link, every annotation it holds has a size.
    links = elements(pdf, "/Link")
    assert links
    annots = [a for page in pdf.pages for a in page.get("/Annots", [])]
    assert all(int(a.F) & 4 and str(a.Contents) for a in annots)
    uaresult = run_pdfua(screen)
    print(uaresult.summary(), *uaresult.failures, sep="\n  ")  # the checker's report
    assert uaresult.compliant, uaresult.failures


def test_print_edition_gets_the_same_pass(seed_doc: Document) -> None:
    data = build_pdf(seed_doc, edition="print")
    assert tagging_problems(data, seed_doc) == []
    # PDF/X, not declared PDF/UA: only the identification rules fail, and they are left out.
    full = run_pdfua(data)
    assert full.failures and all(f.startswith("PDFUA1-ID-") for f in full.failures)
    result = run_pdfua(data, identification=False)
    print(result.summary())
    assert result.compliant and result.failures == []


def test_reproducible(screen: bytes, seed_doc: Document) -> None:
    assert build_pdf(seed_doc, edition="screen") == screen


def test_main_pdf_fails_the_checks(seed_doc: Document) -> None:
    """Without the pass (WeasyPrint's own tree) both the gate and the checker object."""
    from publish.pdf.html import document_html, running_head
    from publish.pdf.render import render_document, write_pdf

    rendered = render_document(document_html(seed_doc), edition="screen", paper="a4",
                               running_head=running_head(seed_doc))  # fmt: skip
    raw = write_pdf(rendered, retag=False)
    problems = tagging_problems(raw, seed_doc)
    print("\n".join(problems[:5]))
    assert any("no Note element" in p for p in problems)
    assert any("Pagination" in p for p in problems)
    assert any("link annotation" in p for p in problems)
    result = run_pdfua(raw)
    print(result.summary(), *result.failures, sep="\n  ")
    assert not result.compliant
    assert not any(MARK.encode() in raw for _ in [0])  # markers never ship


def _del_note_id(pdf: pikepdf.Pdf) -> None:
    del elements(pdf, "/Note")[0]["/ID"]


def _dup_note_id(pdf: pikepdf.Pdf) -> None:
    notes = elements(pdf, "/Note")
    notes[1].ID = notes[0].ID


def _no_lbl(pdf: pikepdf.Pdf) -> None:
    elements(pdf, "/Lbl")[0].S = pikepdf.Name.Span


def _no_reference(pdf: pikepdf.Pdf) -> None:
    elements(pdf, "/Reference")[0].S = pikepdf.Name.Span


def _rewrite_artifacts(old: str, new: str) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            ops = []
            for operands, operator in pikepdf.parse_content_stream(page):
                artifact = str(operator) == "BDC" and operands[0] == "/Artifact"
                if artifact and operands[1].get("/Type") == old:
                    operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name(new))]
                ops.append(pikepdf.ContentStreamInstruction(operands, operator))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))

    return change


def _print_flag(pdf: pikepdf.Pdf) -> None:
    next(a for p in pdf.pages for a in p.get("/Annots", [])).F = 0


def _contents(pdf: pikepdf.Pdf) -> None:
    del next(a for p in pdf.pages for a in p.get("/Annots", []))["/Contents"]


def _zero_size(pdf: pikepdf.Pdf) -> None:
    annot = next(a for p in pdf.pages for a in p.get("/Annots", []))
    r = [float(v) for v in annot.Rect]
    annot.Rect = pikepdf.Array([r[0], r[1], r[0], r[3]])


def _nested_link(pdf: pikepdf.Pdf) -> None:
    link = elements(pdf, "/Link")[0]
    inner = pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.NonStruct, P=link, K=pikepdf.Array()
    )
    inner = pdf.make_indirect(inner)
    link.K.append(inner)


def _orphan_objr(pdf: pikepdf.Pdf) -> None:
    link = elements(pdf, "/Link")[0]
    kept = [k for k in link.K if not (isinstance(k, pikepdf.Dictionary) and "/Obj" in k)]
    link.K = pikepdf.Array(kept)


def _parent_tree(pdf: pikepdf.Pdf) -> None:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    first = nums[1]
    first[0], first[1] = first[1], first[0]


def _lang(pdf: pikepdf.Pdf) -> None:
    pdf.Root.Lang = pikepdf.String("")


def _scope(pdf: pikepdf.Pdf) -> None:
    del elements(pdf, "/TH")[0].A["/Scope"]


def _orphan_content(pdf: pikepdf.Pdf) -> None:
    # Marked content whose element is cut out of the tree (WeasyPrint's margin boxes).
    para = elements(pdf, "/H2")[0]
    parent = para.P
    parent.K = pikepdf.Array([k for k in parent.K if k.objgen != para.objgen])


BREAKS: dict[str, tuple[Callable[[pikepdf.Pdf], None], str]] = {
    "note id": (_del_note_id, "unique /ID"),
    "duplicate note id": (_dup_note_id, "unique /ID"),
    "lbl": (_no_lbl, "has no Lbl"),
    "reference": (_no_reference, "Reference elements"),
    "pagination": (_rewrite_artifacts("/Pagination", "/Layout"), "no /Artifact /Pagination"),
    "layout": (_rewrite_artifacts("/Layout", "/Pagination"), "no /Artifact /Layout"),
    "print flag": (_print_flag, "no Print flag"),
    "contents": (_contents, "no /Contents"),
    "zero size": (_zero_size, "zero size"),
    "nested link": (_nested_link, "holds a Link or NonStruct"),
    "objr": (_orphan_objr, "OBJR of 0 Link"),
    "parent tree": (_parent_tree, "ParentTree wrong"),
    "lang": (_lang, "/Lang"),
    "scope": (_scope, "TH has no /Scope"),
    "orphan content": (_orphan_content, "is not in the tree"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_gate_fails_when_a_property_breaks(screen: bytes, seed_doc: Document, name: str) -> None:
    change, expected = BREAKS[name]
    data = broken(screen, change)
    report = check_pdf(data, seed_doc, edition="screen")
    print(name, "->", report.problems[:3])
    assert any(expected in p for p in report.problems), report.problems


def test_mapping_table_names_every_marker() -> None:
    """The table in code is the documentation: each marker the PDF's HTML modules write
    (html.py, and notecalls.py and blocks.py that it uses) is in it."""
    from pathlib import Path

    from publish.pdf import blocks, html, notecalls

    source = "".join(Path(m.__file__).read_text(encoding="utf-8")
                     for m in (html, notecalls, blocks))  # fmt: skip
    for marker in ("note", "reference", "endnote", "label", "artifact"):
        assert f'data-pdf="{marker}"' in source
        assert marker in MAPPING


def test_endnotes_are_notes_too(seed_doc: Document) -> None:
    """A note too long for a footnote is an endnote: LI > Note with /ID, Lbl, Reference."""
    import dataclasses

    from publish.document import Inline

    doc = Document.from_dict(dataclasses.replace(seed_doc).to_dict())
    long_text = "A very long note. " * 80
    doc.notes[0].text = long_text
    doc.notes[0].inlines = [Inline("text", long_text)]
    data = build_pdf(doc, edition="screen")
    pdf = pikepdf.open(io.BytesIO(data))
    assert "endnote-1" in {str(n.ID) for n in elements(pdf, "/Note")}
    assert tagging_problems(data, doc) == []
    assert run_pdfua(data).compliant


def test_parsed_rewrite_gives_the_same_tags(
    screen: bytes, seed_doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast (regular expression) content rewrite and the full parse agree."""
    from publish.pdf import tagging

    monkeypatch.setattr(tagging._Retagger, "_rewrite_fast", lambda self, index, page: False)
    slow = build_pdf(seed_doc, edition="screen")
    assert check_pdf(slow, seed_doc).problems == []
    assert run_pdfua(slow).compliant

    def ops(data: bytes) -> list[list[str]]:
        pdf = pikepdf.open(io.BytesIO(data))
        return [
            [f"{list(o)} {op}" for o, op in pikepdf.parse_content_stream(p, "BDC")]
            for p in pdf.pages
        ]

    assert ops(slow) == ops(screen)


def test_pages_with_hyphenated_words_take_the_fast_rewrite(
    seed_doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text layer's `/Span <</ActualText …>> BDC` around a hyphenated word carries no
    MCID: it must not send a page to the full parse (30 ms a page), in either edition."""
    from publish.pdf import tagging

    parsed: list[int] = []
    original = tagging._Retagger._rewrite_parsed

    def spy(self: tagging._Retagger, index: int, page: object) -> None:
        parsed.append(index)
        original(self, index, page)

    monkeypatch.setattr(tagging._Retagger, "_rewrite_parsed", spy)
    for edition in ("screen", "print"):
        data = build_pdf(seed_doc, edition=edition)
        pages = pikepdf.open(io.BytesIO(data)).pages
        streams = [
            s
            for p in pages
            for s in (p.Contents if isinstance(p.Contents, pikepdf.Array) else [p.Contents])
        ]
        assert b"/ActualText" in b"".join(s.read_bytes() for s in streams), edition
    assert parsed == []
