"""The rules every reader shares (publish/normalizer/), tried on small briefs in each format.

Each case is a brief written here in the markup its producer documents, so that no rule
fits one fixture's wording: the same fact is checked in plain text, HTML and Word.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest

from publish.errors import InputError
from publish.load import normalize_file, normalize_html, normalize_markdown, normalize_text

BODY = (
    "Trade with the continent has fallen by a measurable share since the agreement took "
    "effect in the following year."
)


def messages(doc) -> str:
    return "\n".join(d.format() for d in doc.diagnostics)


def page(article: str, head: str = "") -> str:
    return f"<html lang='en'><head>{head}</head><body><article>{article}</article></body></html>"


# --- series and title --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "series", "rest"),
    [
        ("Brexit: The Long Goodbye", None, "Brexit: The Long Goodbye"),
        ("2025: The Year Europe Woke Up", None, "2025: The Year Europe Woke Up"),
        ("Hague Summit Series: Russia", "Hague Summit Series", "Russia"),
        ("Working Papers: On Grids", "Working Papers", "On Grids"),
        ("Analüüs nr 3: Eesti energia", "Analüüs", "Eesti energia"),
    ],
)
def test_a_colon_splits_only_a_series_designation(title, series, rest, tmp_path):
    text = normalize_text(f"June 16, 2025\n\n{title}\n\n{BODY}\n", "t.txt")
    html = normalize_html(page(f"<h1>{title}</h1><p>{BODY}</p>"), "t.html")
    path = tmp_path / "t.docx"
    word = docx.Document()
    word.add_paragraph(title, style="Title")
    word.add_paragraph(BODY)
    word.save(path)
    for doc in (text, html, normalize_file(path)):
        assert (doc.meta.series, doc.meta.title) == (series, rest)
    if series == "Analüüs":
        assert text.meta.number == 3


def test_a_series_listed_in_the_house_profile_splits(tmp_path):
    (tmp_path / "publish.toml").write_text('series_names = ["Brexit"]\n', encoding="utf-8")
    brief = tmp_path / "b.txt"
    brief.write_text(f"June 16, 2025\n\nBrexit: The Long Goodbye\n\n{BODY}\n", encoding="utf-8")
    doc = normalize_file(brief)
    assert (doc.meta.series, doc.meta.title) == ("Brexit", "The Long Goodbye")


# --- the title fallback ---------------------------------------------------------------------


def test_word_without_a_title_style_takes_its_first_heading(tmp_path):
    path = tmp_path / "no-title.docx"
    word = docx.Document()
    word.add_heading("Grid Security in the Baltic", level=1)
    word.add_paragraph(BODY)
    word.add_heading("What changed", level=1)
    word.add_paragraph(BODY.replace("Trade", "Power"))
    word.save(path)
    doc = normalize_file(path)
    assert not doc.errors()
    assert doc.meta.title == "Grid Security in the Baltic"
    assert [b.text for b in doc.headings()] == ["What changed"]
    assert "took the first heading “Grid Security in the Baltic” as the title" in messages(doc)
    # python-docx's template says its author is "python-docx": never a brief's author.
    assert [a.name for a in doc.meta.authors] == []


def test_a_short_first_paragraph_then_byline_and_date(tmp_path):
    path = tmp_path / "plain.docx"
    word = docx.Document()
    for text in ("Gas After the Winter", "By Ann Lee, Senior Fellow", "3 March 2025", BODY):
        word.add_paragraph(text)
    word.save(path)
    doc = normalize_file(path)
    assert doc.meta.title == "Gas After the Winter"
    assert [(a.name, a.role) for a in doc.meta.authors] == [("Ann Lee", "Senior Fellow")]
    assert doc.meta.date == "2025-03-03"
    assert [b.type for b in doc.blocks] == ["paragraph"]


def test_no_title_anywhere_takes_the_file_name():
    doc = normalize_html(page(f"<p>{BODY}</p>"), "energy-security_brief.html")
    assert doc.meta.title == "Energy security brief"
    assert "took “Energy security brief” from the file name" in messages(doc)
    assert not doc.errors()


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("16 June 2025", "2025-06-16"),
        ("June 16, 2025", "2025-06-16"),
        ("16.06.2025", "2025-06-16"),
        ("2025-06-16", "2025-06-16"),
        ("16. juuni 2025", "2025-06-16"),
        ("16 czerwca 2025", "2025-06-16"),
        ("Montag, 16. Juni 2025", "2025-06-16"),
        ("Published: 16 June 2025", "2025-06-16"),
    ],
)
def test_dates_by_cldr_month_names(line, iso):
    doc = normalize_text(f"{line}\n\nA Title\n\n{BODY}\n", "d.txt")
    assert doc.meta.date == iso


@pytest.mark.parametrize("line", ["2025-14-03", "2025-02-30", "February 30, 2025", "31.04.2025"])
def test_an_impossible_date_is_an_error_with_its_line(line, tmp_path):
    with pytest.raises(InputError) as caught:
        normalize_text(f"A Title\n\n{line}\n\n{BODY}\n", "d.txt")
    assert caught.value.line == 3 and caught.value.exit_code == 2
    assert "impossible date" in caught.value.message
    with pytest.raises(InputError):
        normalize_html(page(f"<h1>A Title</h1><p>{line}</p><p>{BODY}</p>"), "d.html")


def test_an_impossible_front_matter_date_is_refused_through_the_cli(tmp_path):
    brief = tmp_path / "b.md"
    brief.write_text(f"---\ntitle: A Title\ndate: 2025-02-30\n---\n\n{BODY}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "publish", "normalize", str(brief)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2
    assert f"{brief}:3: error:" in done.stderr and "no day 30" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_byline_directly_above_a_date_line_gives_both():
    doc = normalize_text(
        f"A Title\n\nBy Jane Smith, Senior Fellow\nJune 16, 2025\n\n{BODY}\n", "b.txt"
    )
    assert [(a.name, a.role) for a in doc.meta.authors] == [("Jane Smith", "Senior Fellow")]
    assert doc.meta.date == "2025-06-16"
    assert [b.type for b in doc.blocks] == ["paragraph"]
    html = normalize_html(
        page(f"<h1>A Title</h1><p>By Jane Smith, Senior Fellow<br>June 16, 2025</p><p>{BODY}</p>"),
        "b.html",
    )
    assert (html.meta.date, [a.name for a in html.meta.authors]) == ("2025-06-16", ["Jane Smith"])


# --- notices -------------------------------------------------------------------------------


def test_a_copyright_line_joins_the_colophon():
    notice = "© 2025 The Example Institute. All rights reserved."
    text = f"June 16, 2025\n\nA Title\n\n{BODY}\n\n{notice}\n"
    doc = normalize_text(text, "c.txt")
    assert doc.colophon.notices == ["© 2025 The Example Institute. All rights reserved."]
    html = normalize_html(
        page(f"<h1>A Title</h1><p>{BODY}</p><p>© 2025 The Institute</p>"), "c.html"
    )
    assert html.colophon.notices == ["© 2025 The Institute"]


# --- notes in the forms other producers write ----------------------------------------------

WORD_PASTE = page(
    f"<h1>A Title</h1><p>{BODY}<a href='#_ftn1' name='_ftnref1'>"
    "<span class='MsoFootnoteReference'>[1]</span></a></p>"
    f"<h2>Part</h2><p>{BODY}<a href='#_ftn2' name='_ftnref2'>[2]</a></p>"
    "<h2>Endnotes</h2>"
    "<p><a href='#_ftnref1' name='_ftn1'>[1]</a> First source, 2024.</p>"
    "<p><a href='#_ftnref2' name='_ftn2'>[2]</a> Second source.</p>"
)
GOOGLE_DOCS = (
    "<html><head><title>draft v3</title></head><body class='doc-content'>"
    "<p class='c3 title'><span>A Title</span></p>"
    f"<p class='c2'><span>{BODY}</span><sup><a href='#ftnt1' id='ftnt_ref1'>[1]</a></sup></p>"
    "<h1 class='c6'><span>Part</span></h1>"
    f"<p class='c2'><span>{BODY}</span><sup><a href='#ftnt2' id='ftnt_ref2'>[2]</a></sup></p>"
    "<hr><div><p class='c9'><a href='#ftnt_ref1' id='ftnt1'>[1]</a><span>&nbsp;First source, "
    "with a long explanation that runs on far longer than any body paragraph of this little "
    "brief, which once made the main-content finder choose this footnote.</span></p>"
    "<p class='c9'><span>Its second paragraph.</span></p></div>"
    "<div><p class='c9'><a href='#ftnt_ref2' id='ftnt2'>[2]</a><span>&nbsp;Second source.</span>"
    "</p></div></body></html>"
)
SUBSTACK = page(
    f"<h1 class='post-title'>A Title</h1><h3 class='subtitle'>Why it matters</h3>"
    f"<div class='body markup'><p>{BODY}<a class='footnote-anchor' id='footnote-anchor-1' "
    "href='#footnote-1'>1</a></p><h2>Part</h2>"
    f"<p>{BODY}<a class='footnote-anchor' id='footnote-anchor-2' href='#footnote-2'>2</a></p>"
    "<div class='footnote'><a id='footnote-1' href='#footnote-anchor-1' "
    "class='footnote-number'>1</a><div class='footnote-content'><p>First source, 2024.</p>"
    "</div></div><div class='footnote'><a id='footnote-2' href='#footnote-anchor-2' "
    "class='footnote-number'>2</a><div class='footnote-content'><p>Second source.</p></div>"
    "</div></div>"
)
WORDPRESS_BLOCK = page(
    "<header class='entry-header'><div class='cat-links'><a href='/c/m' rel='category tag'>"
    "Maritime Security Series</a></div><h1 class='entry-title'>A Title</h1><span class='byline'>"
    "By <a href='/author/t'>Tom Reyes</a></span></header><div class='entry-content'>"
    f"<p>{BODY}<sup data-fn='u-1' class='fn'><a href='#u-1' id='u-1-link'>1</a></sup></p>"
    f"<h2>Part</h2><p>{BODY}<sup data-fn='u-2' class='fn'>"
    "<a href='#u-2' id='u-2-link'>2</a></sup></p>"
    "<ol class='wp-block-footnotes'><li id='u-1'>First source, 2024. <a href='#u-1-link' "
    "aria-label='Jump to footnote reference 1'>↩︎</a></li><li id='u-2'>Second source. "
    "<a href='#u-2-link'>↩︎</a></li></ol></div>"
)
TEXT_CALLS = page(
    f"<h1>A Title</h1><p>{BODY}[1]</p><h2>Part</h2><p>{BODY.replace('Trade', 'Power')}[2]</p>"
    "<h3>Notes</h3>"
    "<p>[1] First source, 2024.</p><p>[2] Second source.</p>"
)


@pytest.mark.parametrize(
    "markup", [WORD_PASTE, GOOGLE_DOCS, SUBSTACK, WORDPRESS_BLOCK, TEXT_CALLS],
    ids=["word-paste", "google-docs", "substack", "wordpress-block", "text-calls"],
)  # fmt: skip
def test_notes_in_each_producers_markup(markup):
    doc = normalize_html(markup, "n.html")
    assert doc.meta.title == "A Title"
    assert [n.text.split(",")[0].rstrip(".") for n in doc.notes] == [
        "First source",
        "Second source",
    ]
    assert [b.notes for b in doc.blocks if b.type == "paragraph"] == [[1], [2]]
    assert [b.text for b in doc.headings()] == ["Part"]  # no leftover notes heading
    assert "[1]" not in " ".join(b.text for b in doc.blocks)
    said = [d for d in doc.diagnostics if d.level != "info" and "no date" not in d.message]
    assert not said, messages(doc)


def test_google_docs_keeps_a_notes_second_paragraph():
    doc = normalize_html(GOOGLE_DOCS, "g.html")
    assert doc.notes[0].text.endswith("Its second paragraph.")


def test_wordpress_theme_header_facts():
    doc = normalize_html(WORDPRESS_BLOCK, "w.html")
    assert doc.meta.series == "Maritime Security Series"
    assert [a.name for a in doc.meta.authors] == ["Tom Reyes"]
    assert [b.type for b in doc.blocks] == ["paragraph", "heading", "paragraph"]


def test_substack_subtitle():
    assert normalize_html(SUBSTACK, "s.html").meta.subtitle == "Why it matters"


def test_numbered_notes_typed_in_word_under_an_endnotes_heading(tmp_path):
    path = tmp_path / "typed.docx"
    word = docx.Document()
    word.add_paragraph("A Title", style="Title")
    word.add_paragraph(BODY + "[1] More.¹")
    word.add_heading("Endnotes", level=1)
    word.add_paragraph("1. First source, 2024.")
    word.save(path)
    doc = normalize_file(path)
    assert [n.text for n in doc.notes] == ["First source, 2024."]
    assert doc.blocks[0].notes == [1, 1]
    assert not doc.headings()


def test_what_would_be_silently_wrong_is_said():
    unnumbered = page(f"<h1>A Title</h1><p>{BODY}</p><h2>Notes</h2><p>Some remark.</p>")
    out = messages(normalize_html(unnumbered, "u.html"))
    assert "u.html:1: warning: section “Notes” is titled like the notes" in out
    no_list = messages(normalize_html(page(f"<h1>A Title</h1><p>{BODY}[4]</p>"), "l.html"))
    assert "“[4]” looks like a note call, but the brief has no notes list" in no_list
    skipped = page(f"<h1>T</h1><h2>One</h2><p>{BODY}</p><h4>Deep</h4><p>{BODY}</p>")
    assert "heading level skips from 2 to 4" in messages(normalize_html(skipped, "s.html"))
    md = "---\ntitle: T\n---\n\n" + BODY + "\n\n[^1]: A note nobody calls.\n"
    assert "note 1 is never called" in messages(normalize_markdown(md, "m.md"))


# --- Word styles -----------------------------------------------------------------------------


def test_word_styles_the_reader_does_not_know_are_said_once_with_their_count(tmp_path):
    path = tmp_path / "styles.docx"
    word = docx.Document()
    word.styles.add_style("Policy Box", 1)
    word.add_paragraph("A Title", style="Title")
    for _ in range(3):
        word.add_paragraph(BODY, style="Policy Box")
    word.add_paragraph(BODY, style="Body Text")
    word.save(path)
    said = normalize_file(path).diagnostics
    out = [d.message for d in said if d.level == "warning" and "style" in d.message]
    assert out == ["paragraph style “Policy Box” is not one the reader knows: 3 paragraphs read "
                   "as body text"]  # fmt: skip


def test_a_paragraph_with_its_own_outline_level_is_a_heading(tmp_path):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    path = tmp_path / "outline.docx"
    word = docx.Document()
    word.add_paragraph("A Title", style="Title")
    heading = word.add_paragraph("Set by outline level")
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    heading._p.get_or_add_pPr().append(level)
    word.add_paragraph(BODY)
    word.save(path)
    assert [b.text for b in normalize_file(path).headings()] == ["Set by outline level"]


def test_quote_styles_are_each_read_once(tmp_path):
    path = tmp_path / "quotes.docx"
    word = docx.Document()
    word.add_paragraph("A Title", style="Title")
    word.add_paragraph(BODY)
    word.add_paragraph("Quoted plainly, in Word's own style, at some length.", style="Quote")
    word.add_paragraph(BODY.replace("Trade", "Power"))
    word.add_paragraph("Quoted with intensity, at length and with feeling.", style="Intense Quote")
    word.add_paragraph(BODY.replace("Trade", "Gas"))
    word.save(path)
    doc = normalize_file(path)
    quotes = [b for b in doc.blocks if b.type == "blockquote"]
    assert len(quotes) == 2
    text = " ".join(b.text for b in doc.blocks)
    assert text.count("Quoted plainly") == 1 and text.count("Quoted with intensity") == 1


def test_pandoc_author_and_date_paragraphs_are_header_facts(tmp_path):
    import pypandoc

    source = tmp_path / "a.md"
    front = "---\ntitle: A Title\nauthor:\n- Jane Smith\n- Tom Reyes\ndate: 16 June 2025\n---"
    source.write_text(f"{front}\n\n{BODY}\n", encoding="utf-8")
    out = tmp_path / "a.docx"
    pypandoc.convert_file(str(source), "docx", outputfile=str(out))
    doc = normalize_file(Path(out))
    assert [a.name for a in doc.meta.authors] == ["Jane Smith", "Tom Reyes"]
    assert doc.meta.date == "2025-06-16"
    assert [b.type for b in doc.blocks] == ["paragraph"]
    assert not [d for d in doc.diagnostics if d.level == "warning"], messages(doc)


def test_explain_names_the_shared_rule_that_took_each_block_in_any_format(tmp_path):
    from publish.load import explain_file

    html = tmp_path / "typed.html"
    html.write_text(TEXT_CALLS, encoding="utf-8")
    _, lines = explain_file(html)
    assert "line 1: note 1 (shared notes rule: a numbered paragraph in the notes list)" in lines
    assert any("paragraph (a paragraph in the HTML markup)" in line for line in lines)
    path = tmp_path / "w.docx"
    word = docx.Document()
    for text in ("Policy Brief No. 4: Gas After the Winter", "3 March 2025", BODY):
        word.add_paragraph(text)
    word.save(path)
    _, lines = explain_file(path)
    assert lines[0].startswith("line 1: series and title (shared title rule: a short first")
    assert "brief number 4" in lines[0]
    assert (
        "line 2: date (shared header rule: a date alone in the first paragraphs: 2025-03-03)"
        in lines
    )


# --- Markdown that pandoc wrote -------------------------------------------------------------


def test_pandoc_simple_table_is_a_table():
    text = (
        "---\ntitle: Trade\n---\n\nBody text that is long enough to be a paragraph here.\n\n"
        "  Year     Exports (bn)\n  ------ --------------\n  2019              294\n"
        "  2024              261\n\nMore body text after the table, long enough.\n"
    )
    doc = normalize_markdown(text, "pandoc.md")
    (table,) = [b for b in doc.blocks if b.type == "table"]
    assert [[c[0].text for c in row] for row in table.head + table.rows] == [
        ["Year", "Exports (bn)"], ["2019", "294"], ["2024", "261"]]  # fmt: skip
    assert table.align == [None, "right"]
    assert [b.type for b in doc.blocks] == ["paragraph", "table", "paragraph"]


def test_a_dashed_line_under_prose_is_no_table():
    text = "---\ntitle: Trade\n---\n\nOne line of prose\n-- a dash -- aside\nand the end.\n"
    doc = normalize_markdown(text, "pandoc.md")
    assert [b.type for b in doc.blocks] == ["paragraph"]


def test_a_byline_with_roles_under_a_word_title_is_the_author(tmp_path):
    """What a Word or Google Docs user types under the title: name, role; then the date."""
    path = tmp_path / "brief.docx"
    word = docx.Document()
    word.add_paragraph("Water and the Border", style="Title")
    word.add_paragraph("Maria Keller, Research Fellow")
    word.add_paragraph("12 May 2024")
    word.add_paragraph(BODY)
    word.add_paragraph("Ann Lee, Senior Fellow, said the treaty must change before the summer.")
    word.save(path)
    doc = normalize_file(path)
    assert [(a.name, a.role) for a in doc.meta.authors] == [("Maria Keller", "Research Fellow")]
    assert doc.meta.date == "2024-05-12"
    assert [b.type for b in doc.blocks] == ["paragraph", "paragraph"]
