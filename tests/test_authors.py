"""Authors with a role or affiliation (issue 12): model, metadata files, both editions,
the Markdown round trip, old documents, and `publish normalize --explain`."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest

import publish
from publish.cli import main
from publish.document import Author, Document
from publish.errors import InputError
from publish.load import load_document, normalize_markdown, normalize_text
from publish.markdown_writer import to_markdown
from publish.paths import SCHEMA_FILE

from .conftest import SMALL_BRIEF, content

ROLES_MD = """\
---
title: Bridges Over Quiet Water
date: 2024-05-02
authors:
  - name: Ann Lee
    role: Senior Fellow
  - Bo Chan
  - name: "Cy Dee"
    role: "Director, Centre for River Studies"
---

Towns along the river have always depended on bridges, as the survey said.[^1]

[^1]: River Commission, Survey of Crossings, 2019.
"""

ANN = Author("Ann Lee", "Senior Fellow")
CY = Author("Cy Dee", "Director, Centre for River Studies")


def test_front_matter_gives_roles_and_plain_names_still_work():
    doc = normalize_markdown(ROLES_MD, "roles.md")
    assert doc.meta.authors == [ANN, Author("Bo Chan"), CY]
    plain = normalize_markdown(ROLES_MD.replace(ROLES_MD[ROLES_MD.index("authors:"):
                                                         ROLES_MD.index("---\n\nTowns")],
                                                'authors: [Ann Lee, "Lee, Bo"]\n'),
                               "plain.md")  # fmt: skip
    assert plain.meta.authors == [Author("Ann Lee"), Author("Lee, Bo")]


def test_markdown_round_trip_keeps_roles():
    doc = normalize_markdown(ROLES_MD, "roles.md")
    markdown = to_markdown(doc)
    assert '  - name: "Ann Lee"\n    role: "Senior Fellow"\n  - name: "Bo Chan"\n' in markdown
    again = normalize_markdown(markdown, "again.md")
    assert content(again) == content(doc)
    assert to_markdown(again) == markdown


def test_toml_sidecar_gives_roles(write_brief):
    path = write_brief(SMALL_BRIEF, "delta.txt")
    path.with_suffix(".toml").write_text(
        'authors = [{name = "Ann Lee", role = "Senior Fellow"}, "Bo Chan"]\n', encoding="utf-8"
    )
    doc = publish.normalize(path)
    assert doc.meta.authors == [ANN, Author("Bo Chan")]


@pytest.mark.parametrize(
    "value",
    ['[{name = "A", title = "B"}]', '[{role = "B"}]', '[{name = "A", role = 3}]', "3"],
)
def test_bad_author_entries_name_the_key(write_brief, value):
    path = write_brief(SMALL_BRIEF, "delta.txt")
    path.with_suffix(".toml").write_text(f"authors = {value}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        publish.normalize(path)
    assert "key “authors” must be a list of names or of {name, role} entries" in str(
        caught.value.message
    )


def test_schema_2_has_author_objects_and_schema_1_names_still_load(tmp_path):
    doc = normalize_markdown(ROLES_MD, "roles.md")
    data = json.loads(doc.to_json())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text()))
    assert data["meta"]["authors"][0] == {"name": "Ann Lee", "role": "Senior Fellow"}
    assert data["meta"]["authors"][1] == {"name": "Bo Chan", "role": None}
    assert Document.from_json(doc.to_json()) == doc

    old = dict(data, schema="publish.brief/1")
    old["meta"] = dict(data["meta"], authors=["Ann Lee", "Bo Chan"])
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    loaded = load_document(path)  # checked against brief-1.json, then upgraded
    assert loaded.meta.authors == [Author("Ann Lee"), Author("Bo Chan")]
    assert all(isinstance(a, Author) for a in loaded.meta.authors)
    # A /1 document's string authors are not valid /2: the upgrade is what makes them so.
    bad = dict(old, schema="publish.brief/2")
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputError):
        load_document(path)


def _epub_files(doc: Document) -> dict[str, str]:
    data = publish.build_epub(doc, subset_fonts=False)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = [n for n in book.namelist() if n.endswith(("html", ".opf"))]
        return {n: book.read(n).decode("utf-8") for n in names}


def test_epub_title_page_and_colophon_show_roles_and_creators_are_names():
    files = _epub_files(normalize_markdown(ROLES_MD, "roles.md"))
    title = next(v for k, v in files.items() if k.endswith("title.xhtml"))
    assert (
        'Ann Lee, <span class="role">Senior Fellow</span><br/>Bo Chan<br/>'
        'Cy Dee, <span class="role">Director, Centre for River Studies</span>'
    ) in title
    colophon = next(v for k, v in files.items() if k.endswith("colophon.xhtml"))
    assert (
        "<dt>Authors</dt><dd>Ann Lee, Senior Fellow; Bo Chan; "
        "Cy Dee, Director, Centre for River Studies</dd>"
    ) in colophon
    opf = next(v for k, v in files.items() if k.endswith(".opf"))
    assert re.findall(r"<dc:creator[^>]*>([^<]*)</dc:creator>", opf) == [
        "Ann Lee", "Bo Chan", "Cy Dee"
    ]  # fmt: skip


def test_names_without_roles_are_joined_as_before():
    doc = normalize_markdown(ROLES_MD, "roles.md")
    doc.meta.authors = [Author("Ann Lee"), Author("Bo Chan"), Author("Cy Dee")]
    title = next(v for k, v in _epub_files(doc).items() if k.endswith("title.xhtml"))
    assert '<p class="authors">Ann Lee, Bo Chan and Cy Dee</p>' in title


@pytest.mark.slow
def test_pdf_title_block_and_colophon_show_roles_and_author_is_names():
    from pypdf import PdfReader

    from publish.checks.pdfcheck import page_texts

    doc = normalize_markdown(ROLES_MD, "roles.md")
    data = publish.build_pdf(doc, edition="screen")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata["/Author"] == "Ann Lee, Bo Chan, Cy Dee"
    text = " ".join(" ".join(page.split()) for page in page_texts(reader, data))
    assert "Ann Lee, Senior Fellow" in text and "Cy Dee, Director, Centre for River" in text
    assert "Ann Lee, Senior Fellow; Bo Chan; Cy Dee" in text  # the colophon


# --- publish normalize --explain ------------------------------------------------------------


def test_explain_on_the_seed(seed_path, capsys):
    assert main(["normalize", "--explain", str(seed_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    for expected in (
        "line 1: date (a date alone on a line: 2025-06-16)",
        "line 3: series and title (first short line without closing punctuation; shared "
        "title rule: `Series: Title`, the part before the colon names a series)",
        "line 5: paragraph (ends with sentence punctuation; calls 1)",
        "line 9: dropped (a download line; brief number 3)",
        "line 11: heading (a short line of 3 words, without closing punctuation)",
        "line 15: pull quote (repeats 89 % of a sentence of line 19)",
        "line 55: notes heading (a short line just before the notes list)",
        "line 57: note 1 (numbered [n] in the notes list)",
        "line 104: colophon: disclaimer (labelled “Disclaimer:”)",
        "line 109: dropped (site text after the notes or colophon)",
    ):
        assert expected in out
    # Every non-blank source line is explained, once.
    covered: list[int] = []
    for line in out:
        first, _, last = re.match(r"lines? (\d+)(-(\d+))?:", line).groups()
        covered += range(int(first), int(last or first) + 1)
    source = Path(seed_path).read_text(encoding="utf-8").split("\n")
    wanted = [i for i, text in enumerate(source, start=1) if text.strip()]
    assert sorted(set(covered)) == wanted


def test_explain_shows_call_rules_and_header_rules(write_brief, capsys):
    from .test_webstyles import GLUED_PUNCTUATION, SUPERSCRIPTS

    path = write_brief(GLUED_PUNCTUATION, "g.txt")
    assert main(["normalize", "--explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "line 1: series (a short line above the title)" in out
    assert "line 3: title (the short line under the series line)" in out
    assert "line 5: authors (a `By …` line: A. Author (Senior Fellow))" in out
    assert (
        "line 9: call 1 (digits glued to punctuation “environment.1”: the next expected call (1))"
        in out
    )
    assert "line 9-" not in out
    path = write_brief(SUPERSCRIPTS, "s.txt")
    main(["normalize", "--explain", str(path)])
    out = capsys.readouterr().out
    assert "line 3: dropped (web page furniture: reading time)" in out
    assert "call 1 (superscript digits “coast face rising water and stronger storms.¹”" in out or (
        "call 1 (superscript digits" in out
    )


def test_explain_on_markdown_and_refuses_json(write_brief, capsys, tmp_path):
    path = write_brief(ROLES_MD, "roles.md")
    assert main(["normalize", "--explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "lines 1-10: metadata (YAML front matter; keys: authors, date, title)" in out
    assert "note 1 (`[^n]:` footnote)" in out
    doc_json = tmp_path / "doc.json"
    doc_json.write_text(normalize_text(SMALL_BRIEF, "s.txt").to_json(), encoding="utf-8")
    assert main(["normalize", "--explain", str(doc_json)]) == 2
    assert "--explain reads a brief" in capsys.readouterr().err


def test_explain_reads_html_and_word_by_their_markup(tmp_path, seed_doc, capsys):
    from .test_readers import cms_page, feature_docx

    page = tmp_path / "page.html"
    page.write_text(cms_page(seed_doc), encoding="utf-8")
    assert main(["normalize", "--explain", str(page)]) == 0
    out = capsys.readouterr().out
    assert "heading (a heading in the HTML markup)" in out
    assert "note 23 (a HTML footnote or endnote)" in out
    word = tmp_path / "brief.docx"
    word.write_bytes(feature_docx())
    main(["normalize", "--explain", str(word)])
    assert "paragraph (a paragraph in the Word markup)" in capsys.readouterr().out
