"""EPUB edition: real ebooklib output, parsed with lxml, validated by the real EPUBCheck 5."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

from publish import Document, Inline, Note
from publish.checks.epubcheck import EpubCheckResult, run_epubcheck, run_epubcheck_many
from publish.checks.epubstructure import check_epub_structure
from publish.cli import main
from publish.document import Block, Colophon, Meta
from publish.epub import build_epub
from publish.epub.cover import HEIGHT, TITLE_BOX, TITLE_SIZES, WIDTH, fit_block
from publish.identity import edition_uuid
from publish.paths import FONTS_DIR

# --- hand-made documents and an unzipped view of a book ----------------------------------

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
HOSTILE = "<script>alert(1)</script> & ]]> <!-- -->"


def text(s: str) -> list[Inline]:
    return [Inline("text", s)]


def para(pid: str, *runs: Inline) -> Block:
    return Block(
        "paragraph",
        pid,
        "".join(r.text for r in runs),
        list(runs),
        notes=[r.number for r in runs if r.type == "noteref" and r.number is not None],
    )


def heading(hid: str, s: str) -> Block:
    return Block("heading", hid, s, text(s), level=2)


def call(n: int) -> Inline:
    return Inline("noteref", number=n)


def minimal_doc() -> Document:
    """No series, no number, no notes, no pull quotes, no disclaimer; an empty section."""
    return Document(
        meta=Meta(title="A Plain Brief", language="en", slug="a-plain-brief"),
        blocks=[
            para("p-1", Inline("text", "Only a little text.")),
            heading("h-1", "An Empty Section"),
            heading("h-2", "A Section"),
            para("p-2", Inline("text", "More text.")),
        ],
    )


def hostile_doc() -> Document:
    """Markup characters everywhere, a call to a missing note, a note called twice and one
    never called, an empty heading, a javascript: link and a pull quote with a link inside."""
    return Document(
        meta=Meta(
            title=f"Title {HOSTILE}",
            series=f"Series {HOSTILE}",
            number=7,
            date="2024-02-29",
            language="en-GB",
            publisher="Smith & Sons <b>",
            authors=["Ann <i>Author</i>", "Bo & Co"],
            slug="hostile",
            website="javascript:alert(1)",
            licence="CC BY 4.0 <script>",
        ),
        blocks=[
            para("p-1", Inline("text", f"Opening {HOSTILE}"), call(1), call(99)),
            heading("h-1", f"Heading {HOSTILE}"),
            Block(
                "pullquote",
                "q-1",
                "Opening",
                [Inline("text", "Quote "), Inline("link", "a link", href="https://example.org")],
                source="p-1",
            ),
            para(
                "p-2",
                Inline("em", "emphasis <em>"),
                Inline("text", " and "),
                Inline("strong", "strong & bold"),
                Inline("link", "bad link", href="javascript:alert(1)"),
                call(1),
                call(2),
            ),
            heading("h-2", ""),
            Block("pullquote", "q-2", "Orphan quote <x>", text("Orphan quote <x>"), source="nope"),
        ],
        notes=[
            Note(1, "note-1", "Note one", text(f"Note one {HOSTILE}")),
            Note(
                2,
                "note-2",
                "Note two",
                [
                    Inline("text", "See "),
                    Inline(
                        "link",
                        "https://example.org/a/very/long/path?with=query&and=more#frag",
                        href="https://example.org/a/very/long/path?with=query&and=more#frag",
                    ),
                ],
            ),
            Note(3, "note-3", "Never called", text("Never called")),
        ],
        colophon=Colophon(
            disclaimer=f"Disclaimer {HOSTILE}",
            disclaimer_inlines=text(f"Disclaimer {HOSTILE}"),
            notices=["© 2024 Smith & Sons"],
        ),
    )


@dataclass
class Book:
    """An EPUB unzipped in memory, with its XML parsed."""

    data: bytes
    files: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
            self.infos = zf.infolist()
            self.files = {i.filename: zf.read(i) for i in self.infos}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.files[f"EPUB/{name}"])

    @property
    def opf(self) -> etree._Element:
        return self.xml("content.opf")

    def xhtml_names(self) -> list[str]:
        return [n[5:] for n in self.files if n.endswith(".xhtml")]

    def text(self, name: str) -> str:
        return "".join(self.xml(name).itertext())


def require_java() -> None:
    """EPUBCheck needs Java. Skip locally without it; in CI (CI set) that is a failure."""
    if shutil.which("java") or os.environ.get("JAVA_HOME"):
        return
    message = "Java is missing: apt-get install -y default-jre-headless"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# --- fixtures: each book is built once per session -----------------------------------------


@pytest.fixture(scope="session")
def seed_epub(seed_doc: Document) -> bytes:
    # The expected dates below are the brief's own; a SOURCE_DATE_EPOCH in CI must not move them.
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        return build_epub(seed_doc)


@pytest.fixture(scope="session")
def seed_book(seed_epub: bytes) -> Book:
    return Book(seed_epub)


@pytest.fixture(scope="session")
def hostile_epub() -> bytes:
    return build_epub(hostile_doc())


@pytest.fixture(scope="session")
def hostile_book(hostile_epub: bytes) -> Book:
    return Book(hostile_epub)


@pytest.fixture(scope="session")
def minimal_epub() -> bytes:
    return build_epub(minimal_doc())


def noterefs(root: etree._Element) -> list[etree._Element]:
    return [a for a in root.iterfind(".//x:a", NS) if a.get(EPUB_TYPE) == "noteref"]


# --- reproducibility and container ---------------------------------------------------------


def test_two_builds_are_byte_identical(
    seed_doc: Document, seed_epub: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_epub(seed_doc) == seed_epub


def test_a_fresh_process_builds_the_same_bytes(seed_path: Path, seed_epub: bytes) -> None:
    """No caches, another hash seed: what a second machine or a CI run would do."""
    code = (
        "import sys, publish; "
        "sys.stdout.buffer.write(publish.build_epub(publish.normalize(sys.argv[1])))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("SOURCE_DATE_EPOCH", None)
    out = subprocess.run(
        [sys.executable, "-c", code, str(seed_path)], capture_output=True, env=env, check=True
    )
    assert hashlib.sha256(out.stdout).hexdigest() == hashlib.sha256(seed_epub).hexdigest()


def test_source_date_epoch_sets_modified(
    seed_doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = Book(build_epub(seed_doc))
    modified = book.opf.find(".//opf:meta[@property='dcterms:modified']", NS).text
    assert modified == "2023-11-14T22:13:20Z"
    assert {i.date_time for i in book.infos} == {(2023, 11, 14, 22, 13, 20)}


def test_zip_layout(seed_book: Book) -> None:
    first = seed_book.infos[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert first.extra == b""
    assert seed_book.files["mimetype"] == b"application/epub+zip"
    names = [i.filename for i in seed_book.infos[1:]]
    assert names == sorted(names)
    assert {i.date_time for i in seed_book.infos} == {(2025, 6, 16, 0, 0, 0)}


def test_subset_fonts_keep_their_timestamp(seed_book: Book) -> None:
    # fontTools stamps the clock into head.modified unless told not to: builds would differ.
    for name in ("SourceSerifPro-Regular.ttf", "SourceSerifPro-It.ttf"):
        embedded = TTFont(io.BytesIO(seed_book.files[f"EPUB/fonts/{name}"]))
        original = TTFont(str(FONTS_DIR / name))
        assert embedded["head"].modified == original["head"].modified


# --- content: notes, pull quotes, colophon, nav, metadata -------------------------------------


def test_every_xhtml_is_well_formed(seed_book: Book, hostile_book: Book) -> None:
    for book in (seed_book, hostile_book):
        for name in book.xhtml_names():
            root = book.xml(name)
            assert root.tag == "{http://www.w3.org/1999/xhtml}html", name
            assert root.find("x:head/x:title", NS).text, name


def test_seed_notes_link_both_ways(seed_book: Book, seed_doc: Document) -> None:
    body, notes = seed_book.xml("text.xhtml"), seed_book.xml("notes.xhtml")
    refs = noterefs(body)
    assert len(refs) == 23
    assert [a.get("role") for a in refs] == ["doc-noteref"] * 23
    note_ids = {p.get("id"): p for p in notes.iterfind(".//x:li/x:p", NS)}
    for n, a in enumerate(refs, start=1):
        assert a.get("href") == f"notes.xhtml#note-{n}"
        assert a.getparent().tag == "{http://www.w3.org/1999/xhtml}sup"  # sup outside the link
        note = note_ids[f"note-{n}"]
        assert note.get(EPUB_TYPE) == "footnote" and note.get("role") == "doc-footnote"
        assert note.getparent().get(EPUB_TYPE) is None  # nothing on the li (Ace, DAISY KB)
        assert note.getparent().get("role") is None
        assert note[0].get("role") == "doc-backlink"  # backlink first
        back = note.find(".//x:a[@role='doc-backlink']", NS)
        assert back.get("href") == f"text.xhtml#{a.get('id')}"
    section = notes.find(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "endnotes" and section.get("role") == "doc-endnotes"
    # Note 15's URL is a link; <wbr/> break hints let it wrap, and its text copies clean.
    link = note_ids["note-15"].find(".//x:a[@href][2]", NS)
    assert link.get("href") == "https://www.foi.se/rest-api/report/FOI%20Memo%208540"
    assert link.findall("x:wbr", NS)
    assert "".join(link.itertext()) == link.get("href")
    assert check_epub_structure(seed_book.data) == []


def test_no_deprecated_note_semantics(seed_book: Book) -> None:
    xhtml = b"".join(seed_book.files[f"EPUB/{n}"] for n in seed_book.xhtml_names())
    for bad in (b'"doc-endnote"', b'"endnote"', b'"rearnote"', b'"rearnotes"'):
        assert bad not in xhtml


def test_seed_pull_quotes(seed_book: Book, seed_doc: Document) -> None:
    body = seed_book.xml("text.xhtml")
    asides = body.findall(".//x:aside", NS)
    assert len(asides) == 3
    for aside in asides:
        assert aside.get(EPUB_TYPE) == "pullquote"
        assert aside.get("role") == "doc-pullquote"
        assert aside.get("aria-hidden") == "true"
        assert aside.find(".//x:a", NS) is None
        # Placed right after the paragraph holding the sentence it repeats.
        before = aside.getprevious()
        assert before.tag == "{http://www.w3.org/1999/xhtml}p"
    sources = {b.id: b for b in seed_doc.paragraphs()}
    for aside, quote in zip(asides, seed_doc.pullquotes(), strict=True):
        source_text = sources[quote.source].text
        assert "".join(aside.itertext()).strip() == quote.text
        assert "".join(aside.getprevious().itertext()).startswith(source_text[:60])


def test_seed_colophon(seed_book: Book, seed_doc: Document) -> None:
    root = seed_book.xml("colophon.xhtml")
    section = root.find(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "colophon" and section.get("role") == "doc-colophon"
    assert root.find(f".//*[@id='{section.get('aria-labelledby')}']", NS) is not None
    text = "".join(root.itertext())
    assert seed_doc.colophon.disclaimer in text
    for expected in (
        "International Centre for Defence and Security",
        "16 June 2025",
        "Hague Summit Series · No. 3",
        edition_uuid(seed_doc),
    ):
        assert expected in text


def test_seed_title_page(seed_book: Book) -> None:
    text = seed_book.text("title.xhtml")
    for expected in (
        "Hague Summit Series · No. 3",
        "Recalibrating Relations with Russia",
        "16 June 2025",
        "International Centre for Defence and Security",
    ):
        assert expected in text
    assert seed_book.xml("title.xhtml").find(".//x:h1", NS) is not None


def test_seed_nav(seed_book: Book) -> None:
    nav = seed_book.xml("nav.xhtml")
    toc = nav.find(".//x:nav[@role='doc-toc']", NS)
    labels = [a.text for a in toc.iterfind(".//x:a", NS)]
    assert labels == [
        "Title page",
        "Hopes Meet Reality",
        "Russia’s End Game",
        "Putin Doubles Down",
        "Towards The Hague",
        "Conclusions",
        "Notes",
        "Colophon",
    ]
    body = seed_book.xml("text.xhtml")
    for a in toc.iterfind(".//x:a", NS):
        file, _, frag = a.get("href").partition("#")
        assert f"EPUB/{file}" in seed_book.files
        if frag:
            assert body.find(f".//*[@id='{frag}']", NS) is not None
    landmarks = [n for n in nav.iterfind(".//x:nav", NS) if n.get(EPUB_TYPE) == "landmarks"][0]
    types = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iterfind(".//x:a", NS)}
    assert types["bodymatter"] == "text.xhtml"
    assert types["endnotes"] == "notes.xhtml"
    assert types["colophon"] == "colophon.xhtml"
    # No bogus page-list (ebooklib #339).
    assert all(n.get(EPUB_TYPE) != "page-list" for n in nav.iterfind(".//x:nav", NS))


def test_seed_metadata(seed_book: Book, seed_doc: Document) -> None:
    opf = seed_book.opf
    md = opf.find("opf:metadata", NS)

    def dc(name: str) -> list[str]:
        return [e.text for e in md.findall(f"dc:{name}", NS)]

    def prop(name: str) -> list[str]:
        return [e.text for e in md.findall(f"opf:meta[@property='{name}']", NS)]

    assert dc("title") == ["Recalibrating Relations with Russia"]
    assert dc("language") == ["en-GB"]
    assert dc("date") == ["2025-06-16"]
    assert dc("publisher") == ["International Centre for Defence and Security"]
    assert dc("creator") == []  # the seed names no authors
    assert dc("identifier") == [edition_uuid(seed_doc)]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", dc("identifier")[0])
    assert opf.get("unique-identifier") == md.find("dc:identifier", NS).get("id")
    assert prop("dcterms:modified") == ["2025-06-16T00:00:00Z"]
    series = md.find("opf:meta[@property='belongs-to-collection']", NS)
    assert series.text == "Hague Summit Series"
    assert (
        md.find(f"opf:meta[@refines='#{series.get('id')}'][@property='group-position']", NS).text
        == "3"
    )
    assert set(prop("schema:accessMode")) == {"textual", "visual"}
    assert prop("schema:accessModeSufficient") == ["textual"]
    features = set(prop("schema:accessibilityFeature"))
    assert {
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
    } <= features
    assert prop("schema:accessibilityHazard") == ["none"]
    # Not checked by Ace: no conformance claim, and the summary says so.
    assert "no conformance claim" in prop("schema:accessibilitySummary")[0]
    assert prop("dcterms:conformsTo") == [] and prop("a11y:certifiedBy") == []
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"


def test_conformance_claim_only_when_verified(seed_doc: Document) -> None:
    opf = Book(build_epub(seed_doc, verified_by="DAISY Ace 1.4.6")).opf
    md = opf.find("opf:metadata", NS)

    def prop(name: str) -> list[str]:
        return [m.text for m in md.iterfind(f"opf:meta[@property='{name}']", NS)]

    assert prop("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert prop("a11y:certifiedBy") == ["International Centre for Defence and Security"]
    assert "conforms" in prop("schema:accessibilitySummary")[0]


def test_cover(seed_book: Book) -> None:
    opf = seed_book.opf
    items = opf.findall("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert len(items) == 1
    image = Image.open(io.BytesIO(seed_book.files["EPUB/" + items[0].get("href")]))
    assert image.format in ("PNG", "JPEG")
    assert image.size[0] >= 1600 and image.size[1] >= 2560
    # The cover page is linear and first, so nothing is unreachable (OPF-096).
    spine = opf.findall("opf:spine/opf:itemref", NS)
    assert spine[0].get("idref") == "cover"
    assert all(i.get("linear") != "no" for i in spine)
    img = seed_book.xml("cover.xhtml").find(".//x:img", NS)
    assert "Recalibrating Relations with Russia" in img.get("alt")


def test_long_title_shrinks_then_truncates() -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    _, lines, _ = fit_block(draw, "Word " * 400, 600, TITLE_SIZES, TITLE_BOX)
    assert lines[-1].endswith("…")
    _, short, _ = fit_block(draw, "Short Title", 600, TITLE_SIZES, TITLE_BOX)
    assert short == ["Short Title"]
    doc = minimal_doc()
    doc.meta.title = "Unbreakable" * 200  # 2,200 characters, no spaces
    book = Book(build_epub(doc))
    cover = Image.open(io.BytesIO(book.files["EPUB/images/cover.png"]))
    assert cover.size == (WIDTH, HEIGHT)


def test_fonts_cover_every_character(seed_book: Book, hostile_book: Book) -> None:
    ignorable = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}  # break hints, no glyph
    for book in (seed_book, hostile_book):
        cmaps = {
            style: set(TTFont(io.BytesIO(book.files[f"EPUB/fonts/{f}"])).getBestCmap())
            for style, f in (
                ("regular", "SourceSerifPro-Regular.ttf"),
                ("italic", "SourceSerifPro-It.ttf"),
                ("semibold", "SourceSerifPro-Semibold.ttf"),
            )
        }
        for name in book.xhtml_names():
            root = book.xml(name)
            chars = set("".join(root.itertext())) - ignorable - {"\n"}
            missing = {c for c in chars if ord(c) not in cmaps["regular"]}
            assert not missing, f"{name}: not in the regular face: {sorted(missing)}"
            italic = "".join(
                "".join(e.itertext())
                for e in root.iter()
                if etree.QName(e).localname in ("em", "aside")
            )
            missing = {c for c in set(italic) - ignorable if ord(c) not in cmaps["italic"]}
            assert not missing, f"{name}: not in the italic face: {sorted(missing)}"
            heads = "".join("".join(h.itertext()) for h in root.iterfind(".//x:h2", NS))
            assert all(ord(c) in cmaps["semibold"] for c in heads)


# --- hostile and degenerate input ----------------------------------------------------------


def test_markup_in_text_shows_literally(hostile_book: Book) -> None:
    for name in hostile_book.xhtml_names():
        root = hostile_book.xml(name)
        assert root.find(".//x:script", NS) is None
        assert root.find(".//x:b", NS) is None
    assert HOSTILE in hostile_book.text("text.xhtml")
    assert HOSTILE in hostile_book.text("notes.xhtml")
    assert f"Disclaimer {HOSTILE}" in hostile_book.text("colophon.xhtml")
    assert f"Title {HOSTILE}" in hostile_book.text("title.xhtml")
    assert "Smith & Sons <b>" in hostile_book.text("title.xhtml")
    title = hostile_book.opf.find(".//dc:title", NS).text
    assert title == f"Title {HOSTILE}"
    # Only http(s)/mailto survive as links.
    hrefs = [
        a.get("href")
        for n in hostile_book.xhtml_names()
        for a in hostile_book.xml(n).iterfind(".//x:a", NS)
    ]
    assert not [h for h in hrefs if h.lower().startswith("javascript")]


def test_hostile_notes(hostile_book: Book) -> None:
    body, notes = hostile_book.xml("text.xhtml"), hostile_book.xml("notes.xhtml")
    refs = noterefs(body)
    # Call to missing note 99 is dropped; note 1 called twice, each call with its own id.
    assert [a.get("href") for a in refs] == [
        "notes.xhtml#note-1",
        "notes.xhtml#note-1",
        "notes.xhtml#note-2",
    ]
    ids = [a.get("id") for a in refs]
    assert len(set(ids)) == 3
    note1 = notes.find(".//x:p[@id='note-1']", NS)
    backs = {a.get("href") for a in note1.iterfind(".//x:a[@role='doc-backlink']", NS)}
    assert backs == {f"text.xhtml#{ids[0]}", f"text.xhtml#{ids[1]}"}
    never = notes.find(".//x:p[@id='note-3']", NS)
    assert never.find(".//x:a", NS) is None  # nothing to go back to
    # Pull quotes: the link inside becomes text; the orphan quote is kept where it was.
    asides = body.findall(".//x:aside", NS)
    assert len(asides) == 2
    assert all(a.find(".//x:a", NS) is None for a in asides)
    assert "a link" in "".join(asides[0].itertext())
    assert check_epub_structure(hostile_book.data) == []


def test_empty_heading_gets_a_label(hostile_book: Book) -> None:
    nav = hostile_book.xml("nav.xhtml")
    labels = [a.text for a in nav.find(".//x:nav[@role='doc-toc']", NS).iterfind(".//x:a", NS)]
    assert all(label and label.strip() for label in labels)
    assert "Section 2" in labels  # the second heading, counted among headings


def test_minimal_document(minimal_epub: bytes) -> None:
    book = Book(minimal_epub)
    assert "EPUB/notes.xhtml" not in book.files
    labels = [a.text for a in book.xml("nav.xhtml").iterfind(".//x:a", NS)]
    assert "Notes" not in labels
    assert book.opf.find(".//opf:meta[@property='belongs-to-collection']", NS) is None
    body = book.xml("text.xhtml")
    assert body.find(".//x:section[@id='section-1']/x:h2", NS).text == "An Empty Section"
    assert check_epub_structure(minimal_epub) == []


def test_xml_forbidden_characters_are_dropped() -> None:
    doc = minimal_doc()
    doc.blocks.append(para("p-9", Inline("text", "bell\x07 and vt\x0b here")))
    book = Book(build_epub(doc))
    assert "bell and vt here" in book.text("text.xhtml")


def test_structure_check_finds_broken_links(seed_epub: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_epub)) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist()}
    files["EPUB/notes.xhtml"] = (
        files["EPUB/notes.xhtml"]
        .replace(b'id="note-5"', b'id="note-five"')
        .replace(b'role="doc-backlink" href="text.xhtml#noteref-7"', b'href="text.xhtml#noteref-7"')
    )
    files["EPUB/colophon.xhtml"] = files["EPUB/colophon.xhtml"].replace(b"colophon", b"x")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    problems = check_epub_structure(out.getvalue())
    # In the brief's terms (note numbers), never the EPUB's internal ids.
    assert "note 5: its call leads to no note" in problems
    assert "note 7 has no link back to its call" in problems
    assert "no colophon section" in problems


# --- command -------------------------------------------------------------------------------


def test_command_writes_the_same_bytes(
    seed_path: Path,
    seed_epub: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "book.epub"
    assert main(["epub", str(seed_path), "-o", str(out)]) == 0
    assert out.read_bytes() == seed_epub
    err = capsys.readouterr().err
    assert "warning:" in err  # the normalizer's diagnostics are shown
    assert f"wrote {out}" in err


def test_command_default_output_and_json_source(
    seed_doc: Document, seed_epub: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = tmp_path / "doc.json"
    source.write_text(seed_doc.to_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["epub", str(source)]) == 0
    assert (tmp_path / "dist" / f"{seed_doc.meta.slug}.epub").read_bytes() == seed_epub


def test_command_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["epub", str(tmp_path / "missing.txt")]) == 2
    assert "error:" in capsys.readouterr().err


def test_missing_java_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from publish.errors import ToolMissingError

    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(ToolMissingError, match="apt-get install -y default-jre-headless"):
        run_epubcheck(b"not an epub")


# --- EPUBCheck 5 ----------------------------------------------------------------------------
# A JVM costs ~5 s, mostly start-up: the clean books are checked in one, as the release checks
# its books (run_epubcheck_many; tests/test_speed.py shows it reports as one JVM per book).


@pytest.fixture(scope="session")
def small_brief_epub(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    import publish

    from .conftest import SMALL_BRIEF

    path = tmp_path_factory.mktemp("small") / "brief.txt"
    path.write_text(SMALL_BRIEF, encoding="utf-8")
    return build_epub(publish.normalize(path))


@pytest.fixture(scope="session")
def clean_reports(
    seed_epub: bytes, hostile_epub: bytes, minimal_epub: bytes, small_brief_epub: bytes
) -> dict[str, EpubCheckResult]:
    require_java()
    books = {"seed": seed_epub, "hostile": hostile_epub, "minimal": minimal_epub,
             "small": small_brief_epub}  # fmt: skip
    return dict(zip(books, run_epubcheck_many(list(books.values())), strict=True))


def assert_clean_report(result: EpubCheckResult) -> None:
    assert result.version.startswith("5.")
    assert (result.fatal, result.errors, result.warnings) == (0, 0, 0), result.messages
    assert result.usages == 0, result.messages


def assert_clean(data: bytes) -> None:
    """One book, in a JVM of its own (tests/test_pagelist.py's books)."""
    require_java()
    assert_clean_report(run_epubcheck(data))


@pytest.mark.slow
def test_epubcheck_seed(clean_reports: dict[str, EpubCheckResult]) -> None:
    assert_clean_report(clean_reports["seed"])


@pytest.mark.slow
def test_epubcheck_hostile(clean_reports: dict[str, EpubCheckResult]) -> None:
    assert_clean_report(clean_reports["hostile"])


@pytest.mark.slow
def test_epubcheck_minimal(clean_reports: dict[str, EpubCheckResult]) -> None:
    assert_clean_report(clean_reports["minimal"])


@pytest.mark.slow
def test_epubcheck_small_brief(
    small_brief_epub: bytes, clean_reports: dict[str, EpubCheckResult]
) -> None:
    assert check_epub_structure(small_brief_epub) == []
    assert_clean_report(clean_reports["small"])


@pytest.mark.slow
def test_epubcheck_reports_errors(seed_epub: bytes) -> None:
    """The wrapper is not vacuous: a broken book gives counted errors with locations."""
    require_java()
    with zipfile.ZipFile(io.BytesIO(seed_epub)) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist()}
    del files["EPUB/css/epub.css"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), files.pop("mimetype"))
        for name, data in files.items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    result = run_epubcheck(out.getvalue())
    assert result.errors > 0
    assert any(m.startswith("RSC-001") for m in result.messages)


def test_note_number_gaps_and_duplicates_stay_valid() -> None:
    doc = minimal_doc()
    doc.blocks.append(para("p-9", Inline("text", "Calls"), call(5), call(5)))
    doc.notes = [Note(5, "n5", "Five", [Inline("text", "Five")]), Note(5, "n5b", "Dup", [])]
    book = Book(build_epub(doc))
    assert len(book.xml("notes.xhtml").findall(".//x:li", NS)) == 1
    assert check_epub_structure(book.data) == []
