"""Custom note marks (Word's "Custom mark": `*`, `†`): kept from Word, through the Document,
Markdown and both editions."""

# ruff: noqa: E501 - the fixtures are WordprocessingML, with its long namespaces

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from publish.document import Document
from publish.load import normalize_file

from .conftest import SEED
from .test_readers import docx, note_ref, para


def custom_ref(kind: str, number: int, mark: str) -> str:
    """A reference as Word writes a custom mark: customMarkFollows, then the mark's text."""
    return (
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:{kind}Reference w:customMarkFollows="1" w:id="{number}"/><w:t>{mark}</w:t></w:r>'
    )


def text(words: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{words}</w:t></w:r>'


def marked_docx() -> bytes:
    """A star note, a numbered note and a dagger endnote, as Word writes them: the note's
    own text starts with its mark where a numbered note has its number."""
    body = (
        para("Tidal Power on the Northern Coast", "Titel")
        + para("12 September 2024")
        + "<w:p>" + text("Coastal towns have argued about barrages for a generation")
        + custom_ref("footnote", 1, "*") + text(" and the survey settled it")
        + note_ref("footnote", 2) + text(".") + "</w:p>"
        + "<w:p>" + text("The councils agreed to share one survey of the seabed")
        + custom_ref("endnote", 1, "†") + text(".") + "</w:p>"
        + para("A closing paragraph of the brief, with enough words to be a real one.")
    )  # fmt: skip
    return docx(
        body,
        footnotes=["* The author advised one of the councils.", "Survey Office, Report 12."],
        endnotes=["† Minutes of the joint council, 2023."],
    )


def test_word_custom_marks_are_kept(tmp_path):
    path = tmp_path / "marks.docx"
    path.write_bytes(marked_docx())
    doc = normalize_file(path)
    assert [(n.number, n.mark, n.text) for n in doc.notes] == [
        (1, "*", "The author advised one of the councils."),
        (2, None, "Survey Office, Report 12."),
        (3, "†", "Minutes of the joint council, 2023."),
    ]
    # The marks left the body text; the calls are where they were.
    first, second, _ = doc.paragraphs()
    assert first.text == (
        "Coastal towns have argued about barrages for a generation and the survey settled it."
    )
    assert first.notes == [1, 2] and second.notes == [3]
    assert "*" not in second.text and "†" not in second.text
    # As Word numbers them: a marked note takes no number, so the numbered one is 1.
    assert doc.note_labels() == {1: "*", 2: "1", 3: "†"}
    assert not doc.errors(), [d.format() for d in doc.diagnostics]
    # JSON: the mark only where there is one, and it loads back.
    data = doc.to_dict()
    assert [n.get("mark") for n in data["notes"]] == ["*", None, "†"]
    assert "mark" not in data["notes"][1]
    assert Document.from_json(doc.to_json()).notes == doc.notes


def test_old_documents_without_marks_still_load_and_validate(seed_doc):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        (Path(__file__).parent.parent / "publish/schema/brief-2.json").read_text("utf-8")
    )
    data = seed_doc.to_dict()
    assert all("mark" not in n for n in data["notes"])
    jsonschema.validate(data, schema)
    assert seed_doc.note_labels() == {n.number: str(n.number) for n in seed_doc.notes}
    data["notes"][0]["mark"] = "*"
    jsonschema.validate(data, schema)
    assert Document.from_dict(data).notes[0].mark == "*"


def test_marks_survive_the_markdown_round_trip(tmp_path):
    from publish.markdown_writer import to_markdown

    path = tmp_path / "marks.docx"
    path.write_bytes(marked_docx())
    doc = normalize_file(path)
    text = to_markdown(doc)
    assert "generation[^*] and the survey settled it[^2]." in text
    assert "[^*]: The author advised" in text and "[^†]: Minutes" in text
    (tmp_path / "marks.md").write_text(text, encoding="utf-8")
    again = normalize_file(tmp_path / "marks.md")
    assert [(n.number, n.mark, n.text) for n in again.notes] == [
        (n.number, n.mark, n.text) for n in doc.notes
    ]
    assert [b.notes for b in again.blocks] == [b.notes for b in doc.blocks]
    assert not again.errors(), [d.format() for d in again.diagnostics]


def test_repeated_marks_are_written_as_numbers(tmp_path):
    """Two notes marked `*` cannot both be `[^*]`: Markdown gets numbers (marks lost)."""
    from publish.markdown_writer import to_markdown

    body = (
        para("Tidal Power", "Titel") + para("12 September 2024")
        + "<w:p>" + text("One sentence of the body") + custom_ref("footnote", 1, "*")
        + text(" and another") + custom_ref("footnote", 2, "*") + text(".") + "</w:p>"
    )  # fmt: skip
    path = tmp_path / "twice.docx"
    path.write_bytes(docx(body, footnotes=["* First.", "* Second."]))
    doc = normalize_file(path)
    assert [n.mark for n in doc.notes] == ["*", "*"]
    text_md = to_markdown(doc)
    assert "[^1]: First." in text_md and "[^2]: Second." in text_md


def test_epub_and_pdf_show_the_marks(tmp_path):
    from publish.epub import build_epub
    from publish.pdf import build_pdf

    path = tmp_path / "marks.docx"
    path.write_bytes(marked_docx())
    doc = normalize_file(path)
    with zipfile.ZipFile(__import__("io").BytesIO(build_epub(doc))) as book:
        body = book.read("EPUB/text.xhtml").decode()
        notes = book.read("EPUB/notes.xhtml").decode()
    calls = re.findall(r'href="notes.xhtml#note-(\d)">([^<]*)</a>', body)
    assert calls == [("1", "*"), ("2", "1"), ("3", "†")]
    assert re.search(r'id="note-1"[^>]*><a [^>]*>\*</a> The author advised', notes)
    assert re.search(r'id="note-2"[^>]*><a [^>]*>1\.</a> Survey Office', notes)
    assert re.search(r'id="note-3"[^>]*><a [^>]*>†</a> Minutes', notes)
    pdf = tmp_path / "marks.pdf"
    pdf.write_bytes(build_pdf(doc, "screen", "a4", base_dir=tmp_path))
    page = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert re.search(r"generation ?\*", page) and re.search(r"settled it ?1\.", page), page
    assert re.search(r"seabed ?†", page)
    assert re.search(r"^\s*\* The author advised", page, re.MULTILINE), page
    assert re.search(r"^\s*1\. Survey Office", page, re.MULTILINE), page
    assert re.search(r"^\s*† Minutes", page, re.MULTILINE), page
    # The gate's check finds each note, by its mark, on its call's page (and fails without).
    from publish.checks.pdfcheck import check_pdf

    report = check_pdf(pdf.read_bytes(), doc)
    assert (report.notes_total, report.notes_on_call_page) == (3, 3), report.problems
    doc.notes[0].mark = "‡"  # a mark the page does not show: the check must say so
    report = check_pdf(pdf.read_bytes(), doc)
    assert report.notes_on_call_page == 2
    assert any("note 1 is not on page 1" in p for p in report.problems), report.problems


@pytest.mark.slow
def test_release_of_a_word_brief_with_marks_passes_the_gate(tmp_path):
    from publish.release import release

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED.parent.parent / "publish.toml", tmp_path / "publish.toml")
    (seeds / "marks.docx").write_bytes(marked_docx())
    report = release(seeds, tmp_path / "dist", jobs=1, force=True, check=True,
                     say=lambda _: None, warn=lambda _: None, progress=lambda *_: None)  # fmt: skip
    problems = [p for o in report.outcomes for p in o.problems]
    assert report.exit_code == 0, problems
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text("utf-8"))
    assert manifest["briefs"][0]["editions"]["epub"]["path"].endswith(".epub")
