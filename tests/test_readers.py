"""Word and saved-web-page briefs: real files from independent writers, and hostile ones."""

# ruff: noqa: E501 - the fixtures are HTML and WordprocessingML, with their long namespaces

from __future__ import annotations

import html
import io
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from publish.document import Document
from publish.errors import InputError
from publish.load import normalize_file

from .conftest import SEED, content

# --- a saved CMS page of the seed ----------------------------------------------------------


def _inline_html(doc: Document, runs, *, calls: bool = True) -> str:
    out = []
    for run in runs:
        text = html.escape(run.text)
        if run.type == "noteref" and calls:
            fn = f"fn-{run.number:04d}-8f2c"
            out.append(f'<sup data-fn="{fn}" class="fn"><a href="#{fn}" id="{fn}-link">'
                       f"{run.number}</a></sup>")  # fmt: skip
        elif run.type == "em":
            out.append(f"<em>{text}</em>")
        elif run.type == "strong":
            out.append(f"<strong>{text}</strong>")
        elif run.type == "link":
            out.append(f'<a href="{html.escape(run.href or "")}">{text}</a>')
        else:
            out.append(text)
    return "".join(out)


def cms_page(doc: Document) -> str:
    """The seed as WordPress publishes it: site chrome around an `article` with footnotes."""
    m = doc.meta
    body = []
    for i, block in enumerate(doc.blocks):
        if block.type == "heading":
            body.append(f'<h2 class="wp-block-heading">{_inline_html(doc, block.inlines)}</h2>')
        elif block.type == "pullquote":
            body.append(f'<aside class="pull-quote"><p>{html.escape(block.text)}</p></aside>')
        else:
            body.append(f"<p>{_inline_html(doc, block.inlines)}</p>")
        if i == 1:  # where the seed's web page has its download link
            body.append('<p><a href="/wp-content/brief-3.pdf">Download and read as a PDF: '
                        f"Brief {m.number}. {html.escape(m.title)}</a></p>")  # fmt: skip
    notes = "".join(
        f'<li id="fn-{n.number:04d}-8f2c">{_inline_html(doc, n.inlines, calls=False)} '
        f'<a href="#fn-{n.number:04d}-8f2c-link" aria-label="Jump to footnote reference '
        f'{n.number}">↩︎</a></li>'
        for n in doc.notes
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{html.escape(m.title)} | ICDS</title>
<meta property="og:title" content="{html.escape(m.title)}">
<link rel="stylesheet" href="https://example.org/theme.css">
<script src="https://example.org/tracker.js"></script></head>
<body>
<header class="site-header"><a href="/">ICDS</a>
<nav class="main-menu"><ul><li><a href="/research">Research Library</a></li><li><a href="/events">Upcoming Events</a></li></ul></nav>
</header>
<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/briefs">Briefs</a></nav>
<main id="content">
<article class="post type-post">
<header class="entry-header">
<h1 class="entry-title">{html.escape(m.series or "")}: {html.escape(m.title)}</h1>
<div class="entry-meta"><time datetime="{m.date}T09:00:00+03:00">{html.escape(m.date or "")}</time>
<span class="reading-time">6 min read</span></div>
</header>
<div class="share-buttons"><a href="https://twitter.com/share">Share on X</a> <a href="#">Print</a></div>
<div class="entry-content">
{chr(10).join(body)}
<h2 class="wp-block-heading">Endnotes</h2>
<ol class="wp-block-footnotes">{notes}</ol>
<p>Disclaimer: {html.escape(doc.colophon.disclaimer or "")}</p>
</div>
<footer class="entry-footer"><span class="tags-links">Tags: NATO, Russia</span></footer>
</article>
<section class="related-posts"><h2>Related</h2><p>Another brief about something else entirely, with a long enough text.</p></section>
</main>
<footer class="site-footer"><p>Read our series of briefs that examine the key issues.</p><p>Developed by Ballers</p></footer>
</body></html>
"""


def test_saved_cms_page_reads_as_the_plain_text_seed(seed_doc, tmp_path):
    page = tmp_path / "seeds" / "brief.html"
    page.parent.mkdir()
    shutil.copy(SEED.parent.parent / "publish.toml", tmp_path / "publish.toml")
    page.write_text(cms_page(seed_doc), encoding="utf-8")
    doc = normalize_file(page)
    assert not doc.errors(), [d.format() for d in doc.diagnostics]
    assert content(doc) == content(seed_doc)
    messages = [d.message for d in doc.diagnostics]
    assert any("dropped web-only line" in m for m in messages)
    # Nothing of the site's chrome reached the text.
    everything = str(content(doc))
    for chrome in ("Share on X", "Research Library", "Upcoming Events", "6 min read", "Tags:",
                   "Another brief about", "Developed by", "tracker"):  # fmt: skip
        assert chrome not in everything, chrome


def test_html_keeps_italics_and_links_that_only_html_has(tmp_path):
    page = tmp_path / "b.html"
    page.write_text(
        "<html lang='fr'><body><article><h1>Les ponts</h1>"
        "<p><time datetime='2025-06-16'>16 juin 2025</time></p>"
        "<p>Les <em>ponts de pierre</em> ont tenu, selon la "
        "<a href='https://example.org/c'>commission</a>.<sup><a href='#n1' id='r1'>1</a></sup>"
        " Les autres non.</p>"
        "<p>Voir aussi <a href='javascript:alert(1)'>ceci</a> <script>alert(2)</script>.</p>"
        "<ol><li id='n1'>Rapport, <i>Ponts</i>, 2019. <a href='#r1'>↩</a></li></ol>"
        "</article></body></html>",
        encoding="utf-8",
    )
    doc = normalize_file(page)
    first = doc.blocks[0]
    assert [r.type for r in first.inlines] == ["text", "em", "text", "link", "text", "noteref",
                                               "text"]  # fmt: skip
    assert first.inlines[3].href == "https://example.org/c"
    assert doc.notes[0].text == "Rapport, Ponts, 2019."
    assert [r.type for r in doc.notes[0].inlines] == ["text", "em", "text"]
    assert "javascript" not in doc.to_json() and "alert" not in doc.to_json()
    assert doc.meta.language == "fr" and doc.meta.title == "Les ponts"
    assert doc.meta.date == "2025-06-16"


def test_html_page_never_fetches_what_it_references(tmp_path, monkeypatch):
    import urllib.request

    def refuse(*_a, **_k):
        raise AssertionError("fetched")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    secret = tmp_path.parent / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    page = tmp_path / "b.html"
    page.write_text(
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><article>'
        f"<h1>Title &x;</h1><p>Body text here that is long enough to be a paragraph.</p>"
        f'<img src="file://{secret}"><iframe src="https://example.org"></iframe>'
        f'<link rel="stylesheet" href="file://{secret}"></article></body></html>',
        encoding="utf-8",
    )
    doc = normalize_file(page)
    assert "TOP SECRET" not in doc.to_json()


# --- Word files from two independent writers -----------------------------------------------


def pandoc_markdown(seed_doc) -> str:
    """The seed in pandoc's Markdown: pull quotes as paragraphs in a "Pull Quote" style."""
    from publish.markdown_writer import to_markdown

    text = to_markdown(seed_doc)
    lines, out = text.split("\n"), []
    for i, line in enumerate(lines):
        if line.startswith("> ") and i + 1 < len(lines) and lines[i + 1] == "{: .pullquote }":
            out += ['::: {custom-style="Pull Quote"}', line[2:], ":::"]
        elif line != "{: .pullquote }":
            out.append(line)
    return "\n".join(out)


def structure(doc: Document) -> tuple[Counter, list[int]]:
    return Counter(b.type for b in doc.blocks), [n.number for n in doc.notes]


@pytest.fixture(scope="module")
def pandoc_docx(tmp_path_factory, seed_doc) -> Path:
    pypandoc = pytest.importorskip("pypandoc")
    folder = tmp_path_factory.mktemp("pandoc")
    out = folder / "seed.docx"
    pypandoc.convert_text(pandoc_markdown(seed_doc), "docx", format="markdown",
                          outputfile=str(out))  # fmt: skip
    return out


def test_pandoc_word_file_reads_to_the_seeds_structure(pandoc_docx, seed_doc):
    doc = normalize_file(pandoc_docx)
    kinds, numbers = structure(doc)
    assert kinds["heading"] == 5 and kinds["paragraph"] == 16 and kinds["pullquote"] == 3
    assert numbers == list(range(1, 24))
    assert not doc.errors(), [d.format() for d in doc.diagnostics]
    # Same text, notes and pull-quote sources as the plain-text seed.
    assert [b.text for b in doc.blocks] == [b.text for b in seed_doc.blocks]
    assert [n.text for n in doc.notes] == [n.text for n in seed_doc.notes]
    assert [b.source for b in doc.pullquotes()] == [b.source for b in seed_doc.pullquotes()]
    assert doc.meta.title == seed_doc.meta.title


@pytest.mark.slow
def test_libreoffice_word_file_reads_to_the_seeds_structure(tmp_path, seed_doc):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        if __import__("os").environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (.ci/run installs libreoffice-writer)")
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer)")
    pypandoc = pytest.importorskip("pypandoc")
    odt = tmp_path / "seed.odt"
    pypandoc.convert_text(pandoc_markdown(seed_doc), "odt", format="markdown",
                          outputfile=str(odt))  # fmt: skip
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "docx", "--outdir", str(tmp_path), str(odt)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    doc = normalize_file(tmp_path / "seed.docx")
    kinds, numbers = structure(doc)
    assert kinds["heading"] == 5 and kinds["paragraph"] == 16
    assert numbers == list(range(1, 24))
    assert [n.text for n in doc.notes] == [n.text for n in seed_doc.notes]
    assert kinds["pullquote"] in (0, 3)  # only where LibreOffice kept the style


# --- Word files made by hand: every feature, hostile parts ---------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def para(text: str, style: str | None = None, extra: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{extra}</w:p>'


def docx(body: str, *, footnotes: list[str] = (), endnotes: list[str] = (),
         rels: str = "", core: str = "", extra_parts: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    """A minimal Word package: German built-in styles, optional notes and properties."""
    styles = (
        f'{HEAD}<w:styles xmlns:w="{W}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/></w:style>'
        # German Word: localised id and name, the outline level says what it is.
        '<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="Überschrift 1"/>'
        '<w:basedOn w:val="Standard"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Zitat"><w:name w:val="Quote"/></w:style>'
        "</w:styles>"
    )

    def notes_part(kind: str, items: list[str]) -> str:
        sep = (f'<w:{kind} w:type="separator" w:id="-1"><w:p/></w:{kind}>'
               f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p/></w:{kind}>')  # fmt: skip
        body = "".join(f'<w:{kind} w:id="{i}">{para(t)}</w:{kind}>'
                       for i, t in enumerate(items, start=1))  # fmt: skip
        return f'{HEAD}<w:{kind}s xmlns:w="{W}" xmlns:r="{R}">{sep}{body}</w:{kind}s>'

    doc_rels = (
        f'{HEAD}<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rSt" Type="{R}/styles" Target="styles.xml"/>'
        + (
            f'<Relationship Id="rFn" Type="{R}/footnotes" Target="footnotes.xml"/>'
            if footnotes
            else ""
        )
        + (
            f'<Relationship Id="rEn" Type="{R}/endnotes" Target="endnotes.xml"/>'
            if endnotes
            else ""
        )
        + rels
        + "</Relationships>"
    )
    parts = {
        "[Content_Types].xml": f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "_rels/.rels": f'{HEAD}<Relationships xmlns="{PKG}"><Relationship Id="r1" '
        f'Type="{R}/officeDocument" Target="word/document.xml"/>'
        + (
            '<Relationship Id="r2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            if core
            else ""
        )
        + "</Relationships>",
        "word/_rels/document.xml.rels": doc_rels,
        "word/styles.xml": styles,
        "word/document.xml": f'{HEAD}<w:document xmlns:w="{W}" xmlns:r="{R}" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        f'xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}</w:body></w:document>',
    }
    if footnotes:
        parts["word/footnotes.xml"] = notes_part("footnote", list(footnotes))
    if endnotes:
        parts["word/endnotes.xml"] = notes_part("endnote", list(endnotes))
    if core:
        parts["docProps/core.xml"] = (
            f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{core}</cp:coreProperties>'
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in {**parts, **(extra_parts or {})}.items():
            package.writestr(name, data)
    return out.getvalue()


def note_ref(kind: str, number: int) -> str:
    return f'<w:r><w:{kind}Reference w:id="{number}"/></w:r>'


BODY_SENTENCE = "The river councils agreed to share one survey of the seabed and its channels"


def feature_docx() -> bytes:
    body = (
        para("Tidal Power on the Northern Coast", "Titel")
        + para("12 September 2024")
        + para(
            "Coastal towns have argued about barrages for a generation.",
            extra=note_ref("footnote", 1),
        )  # fmt: skip
        + para("Die Vermessung", "berschrift1")
        + '<w:p><w:r><w:t xml:space="preserve">'
        + BODY_SENTENCE
        + ", after a decade "
        'of </w:t></w:r><w:del w:id="9" w:author="Ed"><w:r><w:delText>bitter'
        '</w:delText></w:r></w:del><w:ins w:id="10" w:author="Ed"><w:r><w:t>quiet'
        '</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> talks.</w:t></w:r>'
        '<w:commentReference w:id="1"/>'
        + note_ref("endnote", 1)
        + "</w:p>"
        # A text box that repeats a body sentence: a pull quote.
        + '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
        + para(BODY_SENTENCE)
        + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        + para(BODY_SENTENCE)
        + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>"
        "</w:r></w:p>"
        + para("A quotation from the harbour master, which nobody repeats anywhere.", "Zitat")
        + para("Disclaimer: The views are the authors’ own and not those of the Coast Institute.")
    )
    return docx(
        body,
        footnotes=["A. Author, Barrages and Towns (2019)."],
        endnotes=["Coastal Survey Office, Report 12."],
        core="<dc:title>Draft title</dc:title><dc:creator>Ann Lee; Bo Chan</dc:creator>"
        "<cp:keywords>tides, energy</cp:keywords>",
    )


def test_hand_made_word_file_every_feature(tmp_path):
    path = tmp_path / "tidal.docx"
    path.write_bytes(feature_docx())
    doc = normalize_file(path)
    kinds, numbers = structure(doc)
    assert doc.meta.title == "Tidal Power on the Northern Coast"  # the text beats properties
    assert doc.meta.authors == ["Ann Lee", "Bo Chan"] and doc.meta.keywords == ["tides", "energy"]
    assert doc.meta.date == "2024-09-12"
    assert [b.text for b in doc.headings()] == ["Die Vermessung"]  # German style, by level
    assert numbers == [1, 2]  # a footnote then an endnote, in call order
    assert doc.notes[1].text == "Coastal Survey Office, Report 12."
    body = doc.paragraphs()[1].text
    assert "quiet talks" in body and "bitter" not in body  # tracked changes accepted
    assert kinds["pullquote"] == 1 and doc.pullquotes()[0].source == doc.paragraphs()[1].id
    assert doc.colophon.disclaimer.startswith("The views are the authors")
    messages = [d.message for d in doc.diagnostics]
    assert any("tracked changes read as accepted" in m for m in messages)
    assert any("comments dropped" in m for m in messages)
    # File › Properties are often stale (a draft's title, the day the file was made): the
    # text overriding them is worth an info line, not a warning on every Word brief.
    overridden = [(d.level, d.message) for d in doc.diagnostics if "Word properties" in d.message]
    assert overridden == [("info", "title: the text gives 'Tidal Power on the Northern Coast', "
                                   "overriding Word properties ('Draft title')")]  # fmt: skip
    assert not [d for d in doc.diagnostics if d.level == "warning"]
    # A Quote-style paragraph that repeats nothing is a block quote, read aloud.
    quote = next(b for b in doc.blocks if b.type == "blockquote")
    assert quote.paragraphs[0][0].text.startswith("A quotation from the harbour master")


def test_text_box_that_repeats_nothing_is_kept_with_a_warning(tmp_path):
    body = (para("Title Here", "Titel") + para("Body text of a reasonable length, said once.")
            + "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
            + para("An unrelated boxed remark that appears nowhere else in the text")
            + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>")  # fmt: skip
    path = tmp_path / "box.docx"
    path.write_bytes(docx(body))
    doc = normalize_file(path)
    assert any(b.text.startswith("An unrelated boxed remark") for b in doc.paragraphs())
    assert any("text box kept as a paragraph" in d.message for d in doc.diagnostics)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_zip_bomb_is_refused_with_one_line(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx(para("x"), extra_parts={"word/media/huge.bin": b"\0" * 60_000_000}))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(InputError, match="zip bomb"):
        normalize_file(path)
    proc = run_cli("normalize", str(path))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "bomb.docx" in proc.stderr


def test_malformed_part_and_non_zip_are_one_line(tmp_path):
    broken = tmp_path / "broken.docx"
    good = docx(para("Title", "Titel") + para("Some body text, long enough to count."))
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(info.filename, data)
    proc = run_cli("normalize", str(broken))
    assert proc.returncode == 2 and "not well-formed XML" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    fake = tmp_path / "fake.docx"
    fake.write_text("just text", encoding="utf-8")
    proc = run_cli("normalize", str(fake))
    assert proc.returncode == 2 and "not a Word document" in proc.stderr


def test_external_image_relationship_is_never_fetched(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    blip = (
        '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="p" descr="a chart"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic><pic:blipFill><a:blip r:link="rImg"/></pic:blipFill></pic:pic></a:graphicData>'
        "</a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    rels = (f'<Relationship Id="rImg" Type="{R}/image" Target="file://{secret}" '
            'TargetMode="External"/>')  # fmt: skip
    path = tmp_path / "linked.docm"  # a macro-enabled name is read as data too
    path.write_bytes(docx(para("Title", "Titel") + para("Body text that is long enough.") + blip,
                          rels=rels, extra_parts={"word/vbaProject.bin": b"MACROS"}))  # fmt: skip
    doc = normalize_file(path)
    assert any("not fetched" in d.message and "secret.png" in d.message for d in doc.diagnostics)
    assert "not really" not in doc.to_json()


@pytest.mark.slow
def test_release_builds_word_and_html_briefs_through_the_gate(tmp_path, pandoc_docx, seed_doc):
    from publish.release import release

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED.parent.parent / "publish.toml", tmp_path / "publish.toml")
    shutil.copy(pandoc_docx, seeds / "from-word.docx")
    (seeds / "from-word.toml").write_text('slug = "from-word"\nseries = "Hague Summit Series"\n',
                                          encoding="utf-8")  # fmt: skip
    (seeds / "from-web.html").write_text(cms_page(seed_doc), encoding="utf-8")
    (seeds / "from-web.toml").write_text('slug = "from-web"\n', encoding="utf-8")
    report = release(seeds, tmp_path / "dist", jobs=2, force=True, check=True,
                     say=lambda _: None, warn=lambda _: None, progress=lambda *_: None)  # fmt: skip
    problems = [p for o in report.outcomes for p in o.problems]
    assert report.exit_code == 0, problems
    built = sorted(p.name for p in (tmp_path / "dist").iterdir())
    for slug in ("from-word", "from-web"):
        assert {f"{slug}.epub", f"{slug}.pdf", f"{slug}-print.pdf"} <= set(built)


# --- lists, tables, figures and block quotes -------------------------------------------------


def test_word_lists_tables_captions_and_quotes(tmp_path):
    docx_lib = pytest.importorskip("docx")
    from docx.oxml import OxmlElement

    d = docx_lib.Document()
    d.add_heading("Tidal Power", 0)
    d.add_paragraph("12 September 2024")
    d.add_paragraph("Councils agreed on these steps, in this order, after long talks.")
    for step in ("Survey the seabed", "Consult the towns", "Build the barrage"):
        d.add_paragraph(step, style="List Number")
    d.add_paragraph("And these were the open questions on the list.")
    for question in ("Cost", "Wildlife"):
        d.add_paragraph(question, style="List Bullet")
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate((("Town", "Households"), ("Ardmore", "1,200"), ("Bexley", "3,400"))):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # a header row
    d.add_paragraph("Table 1: Households by town", style="Caption")
    d.add_paragraph("A quotation that nobody repeats, from the harbour master himself.", "Quote")
    d.add_paragraph("Closing paragraph of the brief with enough words to be real.")
    path = tmp_path / "lists.docx"
    d.save(path)
    doc = normalize_file(path)
    kinds = [b.type for b in doc.blocks]
    assert kinds == ["paragraph", "list", "paragraph", "list", "table", "blockquote", "paragraph"]
    numbered, bulleted = (b for b in doc.blocks if b.type == "list")
    assert numbered.ordered and [i.inlines[0].text for i in numbered.items] == [
        "Survey the seabed", "Consult the towns", "Build the barrage"]  # fmt: skip
    assert not bulleted.ordered and len(bulleted.items) == 2
    table_block = next(b for b in doc.blocks if b.type == "table")
    assert [c[0].text for c in table_block.head[0]] == ["Town", "Households"]
    assert [[c[0].text for c in row] for row in table_block.rows] == [
        ["Ardmore", "1,200"], ["Bexley", "3,400"]]  # fmt: skip
    assert table_block.caption[0].text == "Households by town" and table_block.number == 1
    assert not doc.errors(), [d.format() for d in doc.diagnostics]


def test_html_lists_tables_figures_and_block_quotes(tmp_path):
    from PIL import Image

    Image.new("RGB", (1200, 600), (30, 90, 160)).save(tmp_path / "chart.png", dpi=(300, 300))
    page = tmp_path / "rich.html"
    page.write_text(
        "<html lang='en-GB'><body><article><h1>Tidal Power</h1>"
        "<p><time datetime='2024-09-12'>12 September 2024</time></p>"
        "<p>Councils agreed on these steps after long talks on the coast.</p>"
        "<ol start='3'><li>Survey<ul><li>north shore</li><li>south shore</li></ul></li>"
        "<li>Consult<sup><a href='#n1' id='r1'>1</a></sup></li></ol>"
        "<figure><img src='chart.png' alt='Bar chart of households by town'>"
        "<figcaption>Figure 1. Households by town</figcaption></figure>"
        "<figure><img src='https://cdn.example.org/map.png' alt='Map'></figure>"
        "<table><caption>Table 1: Turbines</caption><thead><tr><th>Site</th>"
        "<th style='text-align: right'>Units</th></tr></thead><tbody><tr><td>Ardmore</td>"
        "<td>12</td></tr></tbody></table>"
        "<blockquote><p>The tide does not wait for committees.</p>"
        "<footer>Harbour master, 2023</footer></blockquote>"
        "<p>Closing words of the brief, long enough to be a paragraph.</p>"
        "<ol><li id='n1'>Minutes of the council, 2023. <a href='#r1'>↩</a></li></ol>"
        "</article></body></html>",
        encoding="utf-8",
    )
    doc = normalize_file(page)
    kinds = [b.type for b in doc.blocks]
    assert kinds == ["paragraph", "list", "figure", "table", "blockquote", "paragraph"], kinds
    listed = doc.blocks[1]
    assert listed.ordered and listed.start == 3 and listed.notes == [1]
    assert [i.inlines[0].text for i in listed.items[0].sublist.items] == [
        "north shore", "south shore"]  # fmt: skip
    figure = doc.blocks[2]
    assert figure.src == "chart.png" and figure.alt.startswith("Bar chart")
    assert figure.caption[0].text == "Households by town"
    table = doc.blocks[3]
    assert table.align == [None, "right"] and table.caption[0].text == "Turbines"
    quote = doc.blocks[4]
    assert quote.attribution[0].text == "Harbour master, 2023"
    assert any("not taken" in d.message and "cdn.example.org" in d.message
               for d in doc.diagnostics)  # fmt: skip
    assert not doc.errors(), [d.format() for d in doc.diagnostics]

    from publish.checks.epubstructure import check_epub_structure
    from publish.epub import build_epub

    assert check_epub_structure(build_epub(doc, base_dir=tmp_path)) == []


def test_an_impossible_created_date_in_word_properties_is_dropped_with_a_warning(tmp_path):
    path = tmp_path / "dues.docx"
    body = para("Harbour Dues", "Titel") + para("The board met and agreed to review the dues.")
    path.write_bytes(docx(body, core="<dcterms:created>2025-02-30T09:00:00Z</dcterms:created>"))
    doc = normalize_file(path)
    assert doc.meta.date != "2025-02-30"
    said = [d.message for d in doc.diagnostics if d.level == "warning"]
    assert any("“2025-02-30” is impossible" in m and "Word properties" in m for m in said), said
    # A real day is still taken.
    path.write_bytes(docx(body, core="<dcterms:created>2025-02-28T09:00:00Z</dcterms:created>"))
    assert normalize_file(path).meta.date == "2025-02-28"
