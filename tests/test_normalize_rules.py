"""Normalizer rules on small briefs written here: the rules are general, not the seed's."""

from __future__ import annotations

import pytest

from publish.load import normalize_text
from publish.normalizer.language import detect_language
from publish.normalizer.typography import clean_spaces, repair_double_quotes


def kinds(doc) -> list[str]:
    return [b.type for b in doc.blocks]


def messages(doc) -> str:
    return "\n".join(d.format() for d in doc.diagnostics)


def test_small_brief_structure(small_brief):
    doc = normalize_text(small_brief, "small.txt")
    assert doc.meta.title == "Water Rights in the Delta"
    assert doc.meta.series == "Policy Papers"
    assert doc.meta.number == 12
    assert doc.meta.date == "2024-03-03"
    assert doc.meta.publisher == "Institute for River Studies"
    assert kinds(doc) == [
        "paragraph", "heading", "paragraph", "pullquote", "paragraph", "heading", "paragraph",
    ]  # fmt: skip
    quote = doc.pullquotes()[0]
    assert quote.source == "p2"
    assert [n.number for n in doc.notes] == [1, 2, 3]
    assert doc.note(2).text.startswith("B. Writer")  # no space after [2] in the source
    assert not doc.errors()
    assert "Subscribe" in messages(doc) and "Site by" in messages(doc)


@pytest.mark.parametrize("heading", ["Notes", "References", "Endnotes", "Footnotes"])
def test_notes_heading_variants(small_brief, heading):
    doc = normalize_text(small_brief.replace("Endnotes", heading), "b.txt")
    assert [n.number for n in doc.notes] == [1, 2, 3]
    assert heading not in " ".join(b.text for b in doc.blocks)
    assert not doc.errors()


def test_dot_numbered_notes(small_brief):
    text = small_brief.replace("[1] A.", "1. A.").replace("[2]B.", "2. B.")
    text = text.replace("[3] C.", "3. C.")
    doc = normalize_text(text, "b.txt")
    assert [n.number for n in doc.notes] == [1, 2, 3]
    assert doc.note(3).text.startswith("C. Scholar")
    assert not doc.errors()


def test_no_pullquotes(small_brief):
    quote = "Villages traded hours of irrigation for labour during harvest\n\n"
    text = small_brief.replace(quote, "")
    doc = normalize_text(text, "b.txt")
    assert "pullquote" not in kinds(doc)
    assert len(doc.paragraphs()) == 4


def test_no_series_line(small_brief):
    doc = normalize_text(small_brief.replace("Policy Papers: ", ""), "b.txt")
    assert doc.meta.series is None
    assert doc.meta.title == "Water Rights in the Delta"


def test_crlf_and_bom(write_brief, small_brief):
    import publish

    path = write_brief(("\ufeff" + small_brief).replace("\n", "\r\n").encode("utf-8"))
    doc = publish.normalize(path)
    reference = normalize_text(small_brief, str(path))
    assert doc.meta == reference.meta
    assert doc.blocks == reference.blocks
    assert doc.notes == reference.notes


def test_single_newline_paragraphs(small_brief):
    text = "\n".join(line for line in small_brief.split("\n") if line.strip())
    doc = normalize_text(text, "b.txt")
    reference = normalize_text(small_brief, "b.txt")
    assert kinds(doc) == kinds(reference)
    assert [b.text for b in doc.blocks] == [b.text for b in reference.blocks]
    assert [n.text for n in doc.notes] == [n.text for n in reference.notes]


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "May 1, 2023\n\nA Title Line\n\n"
        "This paragraph was wrapped by an editor at a fixed width so that each\n"
        "line ends in the middle of a sentence and carries on in the next line,\n"
        "which the normalizer must join back into one paragraph.[1]\n\n"
        "Notes\n\n[1] A note.\n"
    )
    doc = normalize_text(text, "w.txt")
    assert len(doc.paragraphs()) == 1
    assert doc.paragraphs()[0].text.endswith("one paragraph.")
    assert doc.paragraphs()[0].line == 5


def test_pullquote_far_from_source_and_reworded():
    body = (
        "June 1, 2022\n\nField Notes: Harbour Towns\n\n"
        "Quote: harbour towns have always traded with distant ports and their fortunes "
        "followed those of the sea\n\n"
        "Section One\n\nFirst paragraph is here. It talks about many things at length.[1]\n\n"
        "Section Two\n\nThe second paragraph says that harbour towns had always traded with "
        "distant ports, and their fortunes followed those of the sea. More follows.[2]\n\n"
        "Notes\n\n[1] One.\n\n[2] Two.\n"
    )
    doc = normalize_text(body.replace("Quote: ", ""), "q.txt")
    quote = doc.pullquotes()[0]
    assert quote.source == "p2"


def test_unsourced_quote_like_line_is_reported():
    text = (
        "June 1, 2022\n\nA Title\n\nSome paragraph with a sentence. Another sentence here.[1]\n\n"
        "This standalone line repeats nothing that the body says anywhere at all in fact\n\n"
        "Notes\n\n[1] One.\n"
    )
    doc = normalize_text(text, "u.txt")
    assert "pullquote" not in kinds(doc)
    assert "no body sentence repeats it" in messages(doc)
    assert "u.txt:7:" in messages(doc)


def test_note_diagnostics():
    text = (
        "June 1, 2022\n\nA Title\n\nCalls a missing note.[4] And a real one.[1] Again.[1]\n\n"
        "Notes\n\n[1] One.\n\n[3] Three.\n\n[3] Duplicate.\n\n[2] Two.\n"
    )
    doc = normalize_text(text, "n.txt")
    out = messages(doc)
    assert "n.txt:5: error: call [4] to a note that does not exist" in out
    assert "note 1 is called more than once" in out
    assert "n.txt:13: error: duplicate note number 3" in out
    assert "note 3 out of order" in out
    assert "note 2 is never called" in out and "note 3 is never called" in out
    assert [n.number for n in doc.notes] == [1, 3, 2]


def test_missing_title_and_date():
    """A brief is never refused for want of a title: the file name stands in, said once."""
    doc = normalize_text("This brief starts with a sentence. It has no title.\n", "t.txt")
    out = messages(doc)
    assert not doc.errors()
    assert doc.meta.title == "T"
    assert "warning: no title found: took “T” from the file name" in out
    assert "warning: no date found" in out


def test_empty_section_reported():
    text = "June 1, 2022\n\nA Title\n\nIntro sentence here.\n\nEmpty One\n\nNext Heading\n\nBody.\n"
    doc = normalize_text(text, "e.txt")
    assert "empty section “Empty One”" in messages(doc)


def test_authors_line():
    text = "June 1, 2022\n\nSeries: A Title\n\nBy Ann Lee and Bo Chan\n\nBody sentence.\n"
    doc = normalize_text(text, "a.txt")
    assert doc.meta.authors == ["Ann Lee", "Bo Chan"]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("The organisation will defend its centre and analyse the behaviour.", "en-GB"),
        ("The organization will defend its center and analyze the behavior.", "en-US"),
        ("The cat sat on the mat.", "en"),
        ("We advise the enterprise to exercise caution, otherwise size matters.", "en"),
    ],
)
def test_language_from_spelling(text, tag):
    assert detect_language(text)[0] == tag


def test_non_breaking_spaces():
    assert clean_spaces("790\u00a0000 troops") == "790\u00a0000 troops"
    assert clean_spaces("NATO,\u00a0“Title”") == "NATO, “Title”"
    assert clean_spaces("end.\u00a0") == "end."


def test_quote_repair_in_later_citation():
    text, repair = repair_double_quotes("A, “One,” J, 2001; Title Two,” K, 2002.")
    assert text == "A, “One,” J, 2001; “Title Two,” K, 2002."
    assert repair is not None
    assert repair_double_quotes("“Fine,” 2001.") == ("“Fine,” 2001.", None)


def test_markup_characters_are_text():
    text = "June 1, 2022\n\nA <b>Title</b> & Co\n\nBody <script>alert(1)</script> & ]]> <!-- x.\n"
    doc = normalize_text(text, "m.txt")
    assert doc.meta.title == "A <b>Title</b> & Co"
    assert "<script>alert(1)</script>" in doc.paragraphs()[0].text


def test_slug_transliterates_letters_nfkd_cannot():
    from publish.normalizer.meta import slugify

    assert slugify("Zażółć gęślą jaźń: Øresund Straße") == "zazolc-gesla-jazn-oresund-strasse"
    assert len(slugify("word " * 100)) <= 60


def test_very_long_title_is_doubted():
    title = ("Long title words " * 30).strip()
    doc = normalize_text(f"June 1, 2022\n\n{title}\n\nBody sentence here. Another one.\n", "t.txt")
    assert doc.meta.title == title
    assert f"t.txt:3: warning: title is {len(title):,} characters long" in messages(doc)


def test_control_characters_are_removed_once_and_reported():
    text = "June 1, 2022\n\nA Title\n\nA bell\x07 rings. Then\x00 silence.\x0cNext page.\n"
    doc = normalize_text(text, "c.txt")
    assert all(ch not in doc.to_json() for ch in "\x07\x00\x0c")
    assert "c.txt:5: warning: removed 2 control character(s) (first: U+0007)" in messages(doc)


def test_duplicate_first_note_stays_in_the_notes():
    text = "June 1, 2022\n\nA Title\n\nBody.[1]\n\nNotes\n\n[1] One.\n\n[1] Again.\n\n[2] Two.\n"
    doc = normalize_text(text, "d.txt")
    assert [b.type for b in doc.blocks] == ["paragraph"]
    assert "d.txt:11: error: duplicate note number 1; dropped" in messages(doc)
