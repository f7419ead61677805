"""Hand-made documents for the PDF backend: edge cases, hostile input, the checks' failures."""

from __future__ import annotations

import io
import time  # bounds are CPU seconds of this process: another job beside it cannot fail them
from pathlib import Path

import pytest
from pypdf import PdfReader

from publish.checks.pdfcheck import check_pdf, page_texts, squash
from publish.document import Block, Colophon, Document, Inline, Meta, Note
from publish.pdf import build_pdf
from publish.pdf.html import LONG_NOTE, document_html, running_head, short_title
from publish.pdf.render import render_document

LOREM = (
    "Deterrence rests on credible capabilities and on the visible will to use them, and "
    "allies that spend, train and plan together make that will plain to any adversary. "
)
NOTE = "A short note about deterrence."


def para(pid: str, text: str, calls: list[int] | None = None) -> Block:
    inlines = [Inline("text", text)]
    for n in calls or []:
        inlines.append(Inline("noteref", number=n))
    return Block("paragraph", pid, text, inlines, notes=list(calls or []))


def make_doc(**meta: object) -> Document:
    base = {"title": "A Small Brief", "language": "en-GB", "slug": "small", "date": "2025-01-02"}
    base.update(meta)
    return Document(
        meta=Meta(**base),  # type: ignore[arg-type]
        blocks=[
            Block("heading", "h1", "First Things", [Inline("text", "First Things")], level=2),
            para("p1", LOREM * 3, [1]),
            para("p2", LOREM * 2),
        ],
        notes=[Note(1, "n1", NOTE, [Inline("text", NOTE)])],
        colophon=Colophon(disclaimer="Views are the authors' own."),
    )


def texts(data: bytes) -> list[str]:
    return page_texts(PdfReader(io.BytesIO(data)))


# --- markup -----------------------------------------------------------------------------


def test_call_is_glued_to_the_word_before_it() -> None:
    html = document_html(make_doc())
    assert '<span class="call" id="ref-1">them.<span class="footnote" id="note-1"' not in html
    assert 'adversary.<span class="footnote" id="note-1" data-n="1" data-pdf="note">' in html
    assert '<span class="call" id="ref-1">adversary.' in html


def test_call_never_starts_a_line() -> None:
    """In the laid-out seed-like text no line box begins with a footnote call."""
    doc = make_doc()
    doc.blocks.append(para("p3", (LOREM + "word ") * 8, [2]))
    doc.notes.append(Note(2, "n2", "Second note.", [Inline("text", "Second note.")]))
    rendered = render_document(
        document_html(doc), edition="screen", paper="a5", running_head=running_head(doc)
    )

    def first_leaf(box: object) -> object:
        while getattr(box, "children", None):
            box = box.children[0]  # type: ignore[attr-defined]
        return box

    calls: set[str] = set()
    for page in rendered.pages:
        for box in page._page_box.descendants():
            if type(box).__name__ == "LineBox":
                leaf = first_leaf(box)
                assert "footnote-call" not in str(getattr(leaf, "element_tag", ""))
            if getattr(box, "footnote", None) is not None:
                calls.add(box.footnote.element.get("id"))
    assert calls == {"note-1", "note-2"}


def test_markup_characters_are_text_not_markup() -> None:
    doc = make_doc(title="<script>alert(1)</script> & Co < 3")
    doc.blocks.append(para("p9", "Less < more & <b>bold</b> <img src=x>"))
    html = document_html(doc)
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    data = build_pdf(doc)
    all_text = squash("".join(texts(data)))
    assert squash("<script>alert(1)</script> & Co < 3") in all_text
    assert squash("Less < more & <b>bold</b> <img src=x>") in all_text
    assert PdfReader(io.BytesIO(data)).metadata.title == "<script>alert(1)</script> & Co < 3"


def test_no_series_no_notes_no_date() -> None:
    doc = make_doc(date=None)
    doc.notes = []
    for b in doc.blocks:
        b.inlines = [i for i in b.inlines if i.type != "noteref"]
    data = build_pdf(doc)
    report = check_pdf(data, doc)
    assert report.problems == []
    assert report.pages == 1 and report.notes_total == 0
    assert report.bookmarks == ["First Things", "Colophon"]
    first = texts(data)[0]
    assert "No." not in first  # no series label invented


def test_series_number_authors_and_paper_sizes() -> None:
    doc = make_doc(series="Test Series", number=7, authors=["Ann Author", "Bo Writer"])
    for paper, width in (("a5", 419.53), ("letter", 612.0)):
        data = build_pdf(doc, "print", paper)
        reader = PdfReader(io.BytesIO(data))
        trim = [float(v) for v in reader.pages[0]["/TrimBox"]]
        assert trim[2] - trim[0] == pytest.approx(width, abs=0.1)
        assert check_pdf(data, doc, edition="print").problems == []
    meta = PdfReader(io.BytesIO(build_pdf(doc))).metadata
    assert "Ann Author" in meta["/Author"] and "Bo Writer" in meta["/Author"]
    assert squash("TEST SERIES · NO. 7") in squash(texts(build_pdf(doc))[0].upper())


def test_long_title_is_cut_in_the_running_head_only() -> None:
    title = ("Recalibrating relations with a long title " * 50)[:2000]
    doc = make_doc(title=title)
    doc.blocks.append(para("p3", LOREM * 30))
    started = time.process_time()
    data = build_pdf(doc)
    assert time.process_time() - started < 20
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == title
    head = short_title(title)
    assert len(head) <= 61 and head.endswith("…")
    assert squash(head) in squash(texts(data)[-1])


def test_oversized_note_becomes_an_endnote_quickly() -> None:
    long_text = ("An exceedingly long note that no footnote area can hold. " * 400)[:20_000]
    doc = make_doc()
    doc.notes[0] = Note(1, "n1", long_text, [Inline("text", long_text)])
    assert len(long_text) > LONG_NOTE
    started = time.process_time()
    data = build_pdf(doc)
    assert time.process_time() - started < 20  # WeasyPrint would defer a 20,000-char footnote
    report = check_pdf(data, doc)
    assert report.problems == [] and report.notes_total == 0  # no footnotes to place
    html = document_html(doc)
    assert 'class="footnote"' not in html and 'href="#endnote-1"' in html
    assert squash("Notes") in squash("".join(texts(data)))


def test_uncalled_and_twice_called_notes() -> None:
    doc = make_doc()
    doc.blocks.append(para("p3", "Again here.", [1]))
    doc.notes.append(Note(2, "n2", "Nobody calls me.", [Inline("text", "Nobody calls me.")]))
    html = document_html(doc)
    assert html.count('class="footnote"') == 1  # one float per note, the second call links
    assert 'href="#endnote-1"' in html or 'href="#note-1"' in html
    assert 'id="endnote-2"' in html  # the orphan note is kept, as an endnote
    data = build_pdf(doc)
    assert squash("Nobody calls me.") in squash("".join(texts(data)))


# --- the checks can fail ----------------------------------------------------------------


def test_check_reports_a_note_not_on_its_calls_page() -> None:
    doc = make_doc()
    doc.blocks.append(Block("heading", "h2", "Later", [Inline("text", "Later")], level=2))
    doc.blocks.append(para("p4", LOREM * 12, [2]))
    doc.notes.append(Note(2, "n2", "Note two text.", [Inline("text", "Note two text.")]))
    data = build_pdf(doc, paper="a5")
    assert check_pdf(data, doc).problems == []
    # Swap the texts the checker looks for: each note is now "elsewhere".
    swapped = Document.from_dict(doc.to_dict())
    swapped.notes[0].text, swapped.notes[1].text = doc.notes[1].text, doc.notes[0].text
    problems = check_pdf(data, swapped).problems
    pages = {p for p in problems if "note" in p}
    if check_pdf(data, doc).pages > 1:
        assert pages
    # A note the PDF never calls is reported too.
    swapped.notes.append(Note(3, "n3", "Ghost.", [Inline("text", "Ghost.")]))
    assert any("note 3" in p for p in check_pdf(data, swapped).problems)


def test_check_reports_missing_disclaimer_bookmarks_and_boxes() -> None:
    doc = make_doc()
    data = build_pdf(doc)  # a screen PDF checked as if it were the print edition
    other = Document.from_dict(doc.to_dict())
    other.colophon.disclaimer = "A disclaimer that is not in this PDF at all."
    other.blocks[0].text = "Another Heading"
    problems = check_pdf(data, other, edition="print").problems
    assert any("disclaimer" in p for p in problems)
    assert any("bookmarks" in p for p in problems)
    assert any("TrimBox" in p or "bleed" in p for p in problems)
    assert check_pdf(b"not a pdf", doc).problems[0].startswith("unreadable PDF")


# --- security ---------------------------------------------------------------------------


def test_hostile_references_are_neither_fetched_nor_embedded(tmp_path: Path) -> None:
    from publish.pdf.fetcher import SafeFetcher

    secret = "root:x:0:0"
    doc = make_doc()
    doc.blocks.append(
        Block(
            "paragraph",
            "p5",
            "",
            [
                Inline("text", 'See <img src="file:///etc/passwd"> and '),
                Inline("link", "the passwd file", href="file:///etc/passwd"),
                Inline("text", " and "),
                Inline("link", "a local server", href="http://127.0.0.1:9/x"),
                Inline("text", ' <link rel="stylesheet" href="http://127.0.0.1:9/x.css">.'),
            ],
        )
    )
    fetcher = SafeFetcher(tmp_path)
    rendered = render_document(
        document_html(doc),
        edition="screen",
        paper="a4",
        running_head="x",
        base_dir=tmp_path,
        fetcher=fetcher,
    )
    data = rendered.write_pdf()
    assert fetcher.refused == []  # nothing even tried: the brief's text is never markup
    assert all(u.startswith((tmp_path.as_uri(), "file:///")) for u in fetcher.served)
    assert not any("passwd" in u or "127.0.0.1" in u for u in fetcher.served)
    joined = squash("".join(texts(data)))
    assert squash('<img src="file:///etc/passwd">') in joined
    assert secret.encode() not in data
    uris = [
        str(a.get_object()["/A"].get("/URI"))
        for p in PdfReader(io.BytesIO(data)).pages
        for a in p.get("/Annots") or []
    ]
    # file: links are dropped to their label; an http link stays a link (never fetched).
    assert not any("passwd" in u for u in uris)
    # The whole pipeline too.
    assert secret.encode() not in build_pdf(doc, base_dir=tmp_path)


def test_fetcher_serves_only_styles_and_the_brief_folder(tmp_path: Path) -> None:
    from publish.paths import STYLES_DIR
    from publish.pdf.fetcher import FetchRefused, SafeFetcher

    (tmp_path / "figure.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "escape").symlink_to("/etc/passwd")
    fetch = SafeFetcher(tmp_path)
    font = (STYLES_DIR / "fonts" / "SourceSerifPro-Regular.ttf").as_uri()
    assert fetch(font).read()[:4] == b"\x00\x01\x00\x00"
    assert fetch((tmp_path / "figure.png").as_uri()).read() == b"\x89PNG fake"
    for url in (
        "file:///etc/passwd",
        (tmp_path / "escape").as_uri(),
        (STYLES_DIR / ".." / ".." / ".." / "etc" / "passwd").as_uri(),
        "file://evil.example/etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/font.ttf",
        "data:text/plain,hello",
        "ftp://example.org/x",
        (tmp_path / "missing.png").as_uri(),
    ):
        with pytest.raises(FetchRefused):
            fetch(url)
    assert len(fetch.refused) == 9


def test_refused_resource_does_not_stop_rendering(tmp_path: Path) -> None:
    """WeasyPrint calls the fetcher for a stylesheet's url(); a refusal is skipped."""
    from weasyprint import CSS, HTML

    from publish.pdf.fetcher import SafeFetcher

    fetch = SafeFetcher(tmp_path)
    css = CSS(
        string='@import url("http://127.0.0.1:9/x.css"); '
        'body { background: url("file:///etc/passwd") }',
        url_fetcher=fetch,
    )
    data = HTML(string="<p>ok</p>", url_fetcher=fetch, base_url=tmp_path.as_uri() + "/").write_pdf(
        stylesheets=[css]
    )
    assert data.startswith(b"%PDF")
    assert any("127.0.0.1" in u for u in fetch.refused)
    assert any("passwd" in u for u in fetch.refused)
    assert b"root:x:0:0" not in data


# --- command ----------------------------------------------------------------------------


def test_command_writes_default_and_named_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from publish.cli import main

    doc = make_doc()
    src = tmp_path / "brief.json"
    src.write_text(doc.to_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["pdf", str(src), "--edition", "print", "--paper", "a5"]) == 0
    out = tmp_path / "dist" / "small-print.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert "wrote" in capsys.readouterr().err
    assert main(["pdf", str(src), "-o", str(tmp_path / "x.pdf")]) == 0
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
