"""Markdown briefs, the Markdown writer, and layered publication metadata (issue 6)."""

from __future__ import annotations

import io
import zipfile

import pytest

import publish
from publish.cli import main
from publish.errors import InputError
from publish.load import normalize_markdown, normalize_text
from publish.markdown_writer import to_markdown

from .conftest import content

MD_BRIEF = """\
---
title: Bridges Over Quiet Water
series: Field Papers
number: 7
date: 2024-05-02
authors: [Ann Lee, "Lee, Bo"]
keywords:
  - rivers
  - infrastructure
disclaimer: "The views are the authors’ own and not those of the Institute for River Studies."
---

Towns along the river have *always* depended on **bridges**, as the [river
commission](https://example.org/commission) reported in its survey.[^1] The survey
counted forty crossings, most of them older than a century.

## Old Crossings

Stone bridges outlived every flood of the last century. The wooden ones did not, and
their loss cut villages off for months at a time.[^2]

> Stone bridges outlived every flood of the last century
{: .pullquote }

[^1]: River Commission, *Survey of Crossings* (2019), https://example.org/survey.
[^2]: A. Historian, “Floods and Bridges,” 2020.
"""


def test_markdown_brief_reads_into_the_model():
    doc = normalize_markdown(MD_BRIEF, "bridges.md")
    m = doc.meta
    assert (m.title, m.series, m.number, m.date) == ("Bridges Over Quiet Water", "Field Papers",
                                                     7, "2024-05-02")  # fmt: skip
    assert m.authors == ["Ann Lee", "Lee, Bo"]
    assert m.keywords == ["rivers", "infrastructure"]
    assert m.publisher == "Institute for River Studies"
    assert [b.type for b in doc.blocks] == ["paragraph", "heading", "paragraph", "pullquote"]
    first = doc.blocks[0].inlines
    assert [r.type for r in first] == ["text", "em", "text", "strong", "text", "link", "text",
                                       "noteref", "text"]  # fmt: skip
    assert first[5].href == "https://example.org/commission"
    assert first[5].text == "river commission"  # a soft line break is a space
    assert doc.blocks[3].source == "p2"
    assert [n.number for n in doc.notes] == [1, 2]
    assert [r.type for r in doc.note(1).inlines] == ["text", "em", "text"]
    assert not doc.errors()
    assert doc.blocks[1].line == 17


def test_seed_round_trips_through_markdown(seed_doc):
    text = to_markdown(seed_doc)
    again = normalize_markdown(text, "seed.md")
    assert content(again) == content(seed_doc)
    assert to_markdown(again) == text


def test_markdown_is_stable_after_one_pass():
    first = to_markdown(normalize_markdown(MD_BRIEF, "b.md"))
    second = to_markdown(normalize_markdown(first, "b.md"))
    assert first == second


def test_special_characters_survive_the_round_trip():
    text = (
        "June 1, 2022\n\nStars *and* [brackets] & <b>tags</b>\n\n"
        "# Not a heading. 1. Not a list * a_b_c \\ back `tick` {: .x } &amp; AT&T.\n\n"
        "- dash start and > arrow.[1]\n\nNotes\n\n[1] See <http://x> & “q”.\n"
    )
    doc = normalize_text(text, "s.txt")
    again = normalize_markdown(to_markdown(doc), "s.md")
    assert content(again) == content(doc)


def test_json_round_trip_is_lossless():
    doc = normalize_markdown(MD_BRIEF, "b.md")
    assert publish.Document.from_json(doc.to_json()).to_json() == doc.to_json()


def test_normalize_to_md_command(seed_path, tmp_path, capsys):
    out = tmp_path / "seed.md"
    assert main(["normalize", str(seed_path), "--to", "md", "-o", str(out), "-q"]) == 0
    doc = publish.normalize(out)
    assert doc.meta.title == "Recalibrating Relations with Russia"
    assert len(doc.notes) == 23 and len(doc.pullquotes()) == 3


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("colour: red", "unknown key “colour”"),
        ("number: seven", "key “number” must be a whole number"),
        ("authors: 3", "key “authors” must be a list of names"),
        ('cover_color: "url(file:///etc/passwd)"', "key “cover_color” must be a colour"),
        ("paper: b5", "key “paper” must be one of a4, a5, letter"),
        ("date: yesterday", "key “date” must be an ISO 8601 date"),
    ],
)
def test_bad_front_matter_names_file_and_key(write_brief, capsys, front, message):
    path = write_brief(f"---\ntitle: T\n{front}\n---\n\nBody.\n", "bad.md")
    with pytest.raises(InputError) as caught:
        publish.normalize(path)
    assert message in caught.value.message
    assert main(["normalize", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{path}:3:" in err[0] and message in err[0]


def project(tmp_path, brief: str, *, profile: str = "", sidecar: str = "", name="b.txt"):
    """A project folder: publish.toml, seeds/<name> and its sidecar; the brief's path."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "publish.toml").write_text(profile)
    (seeds / name).with_suffix(".toml").write_text(sidecar)
    (seeds / name).write_text(brief)
    return seeds / name


def test_metadata_layers_later_wins_and_conflicts_are_reported(tmp_path):
    profile = (
        'publisher = "House Press"\nissn = "1234-5679"\naddress = "1 Quay St"\n'
        'website = "https://house.example"\nlicence = "CC BY 4.0"\nlanguage = "en-GB"\n'
    )
    brief = MD_BRIEF.replace('authors: [Ann Lee, "Lee, Bo"]\n', "")
    path = project(tmp_path, brief, profile=profile, name="bridges.md",
                   sidecar='authors = ["Sidecar Author"]\nissn = "2049-3630"\n')  # fmt: skip
    doc = publish.normalize(path)
    m = doc.meta
    assert m.issn == "2049-3630"  # sidecar over house profile
    assert m.authors == ["Sidecar Author"]
    assert (m.address, m.website, m.licence) == ("1 Quay St", "https://house.example",
                                                 "CC BY 4.0")  # fmt: skip
    assert m.publisher == "House Press"  # stated, so not guessed from the disclaimer
    out = "\n".join(d.format() for d in doc.diagnostics)
    assert "issn: bridges.toml gives '2049-3630', overriding publish.toml" in out


def test_what_the_text_says_wins_over_files(tmp_path, small_brief):
    path = project(tmp_path, small_brief, profile='publisher = "House Press"\n',
                   sidecar="number = 99\n")  # fmt: skip
    doc = publish.normalize(path)
    assert doc.meta.publisher == "Institute for River Studies"
    assert doc.meta.number == 12
    out = "\n".join(d.format() for d in doc.diagnostics)
    assert "publisher: the text gives 'Institute for River Studies', overriding publish.toml" in out
    assert "number: the text gives 12, overriding b.toml (99)" in out


def test_house_profile_fills_what_text_lacks(tmp_path, small_brief):
    path = project(tmp_path, small_brief, profile='licence = "All rights reserved"\n',
                   sidecar='authors = ["A. Writer"]\nkeywords = ["water"]\n')  # fmt: skip
    doc = publish.normalize(path)
    assert doc.meta.authors == ["A. Writer"] and doc.meta.keywords == ["water"]
    assert doc.meta.licence == "All rights reserved"


def test_bad_sidecar_is_a_clear_error(tmp_path, small_brief, capsys):
    (tmp_path / "b.txt").write_text(small_brief)
    (tmp_path / "b.toml").write_text('number = "twelve"\n')
    assert main(["normalize", str(tmp_path / "b.txt")]) == 2
    err = capsys.readouterr().err
    assert "b.toml" in err and "key “number” must be a whole number" in err


def test_raw_html_and_outside_references_stay_text():
    text = (
        "---\ntitle: T\ndate: 2024-01-01\n---\n\n"
        "Body <script>alert(1)</script> and [secret](file:///etc/passwd) and "
        "[up](../../secret) and ![img](http://127.0.0.1:9/x) and [ok](http://127.0.0.1:9/x).\n"
    )
    doc = normalize_markdown(text, "h.md")
    para = doc.paragraphs()[0]
    assert "<script>alert(1)</script>" in para.text
    links = [r for r in para.inlines if r.type == "link"]
    assert [r.href for r in links] == ["http://127.0.0.1:9/x"]
    out = "\n".join(d.message for d in doc.diagnostics)
    assert "“file:///etc/passwd” is not a web address" in out
    assert "“../../secret” is not a web address" in out
    assert "image “http://127.0.0.1:9/x” left out" in out


@pytest.mark.slow
def test_seed_markdown_builds_identical_editions(seed_doc, tmp_path):
    md_path = tmp_path / "seed.md"
    md_path.write_text(to_markdown(seed_doc), encoding="utf-8")
    from_md = publish.normalize(md_path)
    assert publish.build_epub(from_md) == publish.build_epub(seed_doc)
    for edition in ("screen", "print"):
        assert publish.build_pdf(from_md, edition) == publish.build_pdf(seed_doc, edition)


@pytest.mark.slow
def test_markdown_brief_builds_valid_editions_with_its_author():
    from pypdf import PdfReader

    from publish.checks.epubcheck import run_epubcheck
    from publish.checks.pdfcheck import check_pdf

    doc = normalize_markdown(MD_BRIEF, "bridges.md")
    epub = publish.build_epub(doc)
    result = run_epubcheck(epub)
    assert result.ok, result.messages
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
        pages = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "<dc:creator" in opf and "Ann Lee" in opf
    assert "Ann Lee" in pages and "<em>always</em>" in pages
    assert 'href="https://example.org/commission"' in pages
    pdf = publish.build_pdf(doc)
    report = check_pdf(pdf, doc)
    assert report.ok, report.problems
    reader = PdfReader(io.BytesIO(pdf))
    assert "Ann Lee" in reader.metadata.author
    assert "Ann Lee" in reader.pages[0].extract_text()


@pytest.mark.slow
def test_every_metadata_field_reaches_both_editions(tmp_path):
    from pypdf import PdfReader

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "publish.toml").write_text(
        'issn = "1234-5679"\naddress = "1 Quay Street, Rivertown"\n'
        'website = "https://house.example"\nlicence = "CC BY 4.0"\n'
    )
    (seeds / "b.md").write_text(MD_BRIEF.replace("number: 7\n", "number: 7\nsubtitle: A Survey\n"))
    doc = publish.normalize(seeds / "b.md")
    facts = ["1234-5679", "1 Quay Street, Rivertown", "house.example", "CC BY 4.0", "Ann Lee"]
    with zipfile.ZipFile(io.BytesIO(publish.build_epub(doc))) as book:
        everything = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(
            (".xhtml", ".opf")))  # fmt: skip
    for fact in facts + ["A Survey"]:
        assert fact in everything, fact
    reader = PdfReader(io.BytesIO(publish.build_pdf(doc)))
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", " ").replace("\u2010", "-")
    for fact in facts:
        assert fact in text, fact
    assert reader.metadata.title.startswith("Bridges Over Quiet Water")
    assert "Ann Lee" in reader.metadata.author
    assert "rivers" in reader.metadata.get("/Keywords", "")


def test_raw_html_is_reported_as_shown_text():
    text = '---\ntitle: T\n---\n\nBody <img src="file:///etc/passwd"> and <b>bold</b>.\n'
    doc = normalize_markdown(text, "r.md")
    assert '<img src="file:///etc/passwd">' in doc.paragraphs()[0].text
    out = [d.message for d in doc.diagnostics]
    assert 'raw HTML shown as text: “<img src="file:///etc/passwd">”' in out
    assert "raw HTML shown as text: “<b>”" in out
