"""Plain text as a browser copies a web page (Ctrl+C, `innerText`): what each producer's
markup becomes, read back (publish/readers/plaincopy.py and the header rules).

A browser drops an `<ol>`'s numbers, keeps a footnote's back-link glyph, turns `<sup>`
calls into digits glued to the sentence, separates a table's cells by tabs, and copies the
site's menu and masthead with the article. Each brief here is written in that form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.load import explain_file, normalize_text

P1 = "Trade with the continent has fallen since the agreement took effect.1 Exports fell."
P2 = "A new agreement on food standards is under discussion in both capitals.2"


def kinds(doc) -> list[str]:
    return [b.type for b in doc.blocks]


def warnings(doc) -> str:
    return "\n".join(d.message for d in doc.diagnostics if d.level != "info")


@pytest.mark.parametrize(
    "glyph",
    ["\u21a9\ufe0e", "\u21a9", " \u21a9\ufe0e"],
    ids=["pandoc", "python-markdown", "spaced"],
)
def test_back_linked_notes_are_a_numbered_list(glyph):
    """pandoc, markdown-it (Ghost), WordPress's footnotes block: each note ends with `↩︎`;
    the glued digits then fit the list and are calls."""
    text = (
        "Trade After the Agreement\n\n16 June 2025\n\n"
        f"{P1}\n\nWhat comes next\n\n{P2}\n\n"
        f"Office for National Statistics, 2024.{glyph}\nCabinet Office, 2025.{glyph}\n"
    )
    doc = normalize_text(text, "copy.txt")
    assert [n.text for n in doc.notes] == [
        "Office for National Statistics, 2024.",
        "Cabinet Office, 2025.",
    ]
    assert [b.notes for b in doc.blocks if b.type == "paragraph"] == [[1], [2]]
    assert "\u21a9" not in "".join(b.text for b in doc.blocks)


def test_a_note_in_two_paragraphs_keeps_both():
    text = (
        f"Trade After the Agreement\n\n16 June 2025\n\n{P1}\n\n{P2}\n\n"
        "First source, 2024.\u21a9\ufe0e\n\nA long note opens here with its first paragraph.\n\n"
        "And its second paragraph carries the back-link.\u21a9\ufe0e\n"
    )
    doc = normalize_text(text, "copy.txt")
    assert len(doc.notes) == 2
    assert doc.notes[1].text.startswith("A long note opens here")
    assert doc.notes[1].text.endswith("carries the back-link.")


def test_substack_numbers_above_their_notes():
    text = (
        f"The Chip Race\n\n10 May 2025\n\n{P1}\n\n{P2}\n\n1\n\nOECD tracker, 2024.\n\n"
        "2\n\nSEMI workforce study, 2023.\n"
    )
    doc = normalize_text(text, "copy.txt")
    assert [n.text for n in doc.notes] == ["OECD tracker, 2024.", "SEMI workforce study, 2023."]
    assert kinds(doc) == ["paragraph", "paragraph"]


def test_a_lone_number_in_the_body_is_not_a_note():
    text = f"Counting\n\n10 May 2025\n\n{P1}\n\n1\n\nThe first of many points we make here.\n\n"
    text += "And then the text goes on for quite a while after it, as a body does.\n" * 4
    doc = normalize_text(text, "copy.txt")
    assert doc.notes == []


def test_glued_calls_without_a_notes_list_are_a_warning():
    """Notes copied from an `<ol>` without back-links lose their numbers: never silent."""
    text = f"Trade After the Agreement\n\n16 June 2025\n\n{P1}\n\n{P2}\n\nONS, 2024.\nCO, 2025.\n"
    doc = normalize_text(text, "copy.txt")
    assert doc.notes == []
    assert "look like note calls 1 to 2, but the text has no notes list" in warnings(doc)


def test_tab_separated_rows_are_a_table():
    text = (
        f"Trade After the Agreement\n\n16 June 2025\n\n{P1}\n\n"
        "Year\tExports (bn)\n2019\t294\n2024\t261\n\nThe table shows the fall in exports.\n"
    )
    doc = normalize_text(text, "copy.txt")
    (table,) = [b for b in doc.blocks if b.type == "table"]
    assert [[c[0].text for c in row] for row in table.head] == [["Year", "Exports (bn)"]]
    assert [[c[0].text for c in row] for row in table.rows] == [["2019", "294"], ["2024", "261"]]


def test_a_site_menu_is_dropped_not_a_series():
    for menu in ("Home About", "Skip to content", "Startseite Über uns", "Accueil"):
        doc = normalize_text(f"{menu}\nGrid Security\n4 March 2025\n\n{P1}\n", "copy.txt")
        assert (doc.meta.series, doc.meta.title) == (None, "Grid Security"), menu


def test_a_category_line_is_still_the_series():
    doc = normalize_text(f"COMMENTARY\nGrid Security\n4 March 2025\n\n{P1}\n", "copy.txt")
    assert (doc.meta.series, doc.meta.title) == ("COMMENTARY", "Grid Security")


def test_the_masthead_above_a_named_series_is_dropped():
    text = (
        "Atlantic Policy Centre\n\nResearch\nMaritime Security Series\nPorts and Power\n"
        f"By Tom Reyes\n\n{P1}\n"
    )
    doc = normalize_text(text, "copy.txt")
    meta = doc.meta
    assert (meta.series, meta.title, [a.name for a in meta.authors]) == (
        "Maritime Security Series",
        "Ports and Power",
        ["Tom Reyes"],
    )


def test_names_one_per_line_down_to_the_date_are_the_authors():
    """pandoc's HTML title block, copied: the title, each author, the date."""
    text = f"Brexit: The Long Goodbye\n\nJane Smith\n\nTom Reyes\n\n16 June 2025\n\n{P1}\n"
    doc = normalize_text(text, "copy.txt")
    assert [a.name for a in doc.meta.authors] == ["Jane Smith", "Tom Reyes"]
    assert doc.meta.date == "2025-06-16" and doc.meta.subtitle is None
    assert kinds(doc) == ["paragraph"]


def test_a_heading_that_looks_like_a_name_is_no_author_without_a_date():
    text = f"Trade After the Agreement\n\n{P1}\n\nKey Findings\n\n{P1}\n"
    doc = normalize_text(text, "copy.txt")
    assert doc.meta.authors == []
    assert "heading" in kinds(doc)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Von Katrin Vogel", ["Katrin Vogel"]),
        ("Par Marie Dupont et Jean Roux", ["Marie Dupont", "Jean Roux"]),
        ("Door Jan de Vries", ["Jan de Vries"]),
        ("Autor: Jaan Tamm", ["Jaan Tamm"]),
    ],
)
def test_bylines_in_the_briefs_languages(line, names):
    doc = normalize_text(f"Wasserstoff im Hafen\n{line}\n3 March 2025\n\n{P1}\n", "copy.txt")
    assert [a.name for a in doc.meta.authors] == names


def test_a_sentence_opening_with_a_label_word_is_no_byline():
    doc = normalize_text("Grid Security\n3 March 2025\n\nVon der Leyen sagte nichts.\n", "c.txt")
    assert doc.meta.authors == []


def test_a_line_right_under_the_title_is_its_subtitle():
    """Substack's `h1` and its subtitle, copied with no blank line between them."""
    text = f"The Chip Race\nWhy subsidies alone will not build a chip industry\n\n{P1}\n"
    doc = normalize_text(text, "copy.txt")
    assert doc.meta.subtitle == "Why subsidies alone will not build a chip industry"
    assert kinds(doc) == ["paragraph"]


def test_explain_names_the_copied_note_rule(tmp_path: Path):
    path = tmp_path / "copy.txt"
    path.write_text(f"Trade\n\n16 June 2025\n\n{P1}\n\nONS, 2024.\u21a9\ufe0e\n", encoding="utf-8")
    _, lines = explain_file(path)
    assert any("note 1" in line and "back-link glyph" in line for line in lines), lines
