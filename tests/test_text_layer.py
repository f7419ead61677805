"""Issue 10, item 6: text copied or extracted from the PDFs gives back the brief's characters.

Source Serif draws U+002D and U+2010 with one glyph, and a PDF's ToUnicode map gives each
glyph one character, so CSS's default break hyphen (U+2010) once made every hyphen-minus
of a URL or identifier extract as U+2010. Checked with poppler's pdftotext.
"""

from __future__ import annotations

import re
import subprocess

import pytest

import publish
from publish.identity import edition_uuid
from publish.load import normalize_markdown

URLS = [
    "https://www.example-institute.org/rest-api/report/FOI%20Memo%208540",
    "https://data.example.eu/e-tjenesten/annual-assessment-2025-en.pdf",
    "https://news.example.com/2025/02/09/baltic-states-leave-brell-grid",
]
BRIEF = f"""\
---
title: Hyphens in the Text Layer
series: Field Notes
number: 3
date: 2025-02-09
language: en-GB
---

Synchronisation with the continental European transmission infrastructure demanded
extraordinary coordination between electricity administrations, interconnection
operators and governmental institutions, uninterrupted investments in infrastructure,
and considerable international understanding of the vulnerabilities characterising
the Baltic electricity arrangements throughout the preceding decades.

The Russian-controlled BRELL ring was left on 9 February, a long-prepared and
well-rehearsed step; *state-of-the-art* frequency-control equipment, co-financed by the
EU, keeps the grid stable.[^1] Intelligence services (E-tjenesten, FOI) had warned of
cyber-attacks on transmission-system operators for years.[^2] Identifiers such as
ISBN 978-9949-7553-1-2 and NATO-Russia must survive copying out of the PDF.[^3]

[^1]: Ministry of Energy, statement, {URLS[0]}.
[^2]: Intelligence Service, “Annual Assessment,” 2025, {URLS[1]}.
[^3]: A. Reporter, “Baltic States Leave the Grid,” 9 February 2025, {URLS[2]}.
"""


def extract(data: bytes, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")  # fmt: skip


@pytest.mark.parametrize("edition", ["screen", "print"])
@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_hyphens_extract_as_hyphen_minus(edition, paper):
    doc = normalize_markdown(BRIEF, "hyphens.md")
    data = publish.build_pdf(doc, edition=edition, paper=paper)
    text = extract(data)
    assert "\u2010" not in text
    flat = re.sub(r"\s+", "", text)
    for url in URLS:
        assert url in flat
    for word in ("Russian-controlled", "E-tjenesten", "978-9949-7553-1-2", "NATO-Russia",
                 "state-of-the-art"):  # fmt: skip
        assert word in flat
    assert edition_uuid(doc) in text  # the identifier, whole, on its own line


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["screen", "print"])
def test_seed_identifier_and_url_copy_back(seed_doc, edition):
    data = publish.build_pdf(seed_doc, edition=edition)
    text = extract(data)
    assert "\u2010" not in text
    assert edition_uuid(seed_doc) in text
    urls = [u.rstrip(".,;)") for n in seed_doc.notes for u in re.findall(r"https?://\S+", n.text)]
    assert urls
    flat = re.sub(r"\s+", "", text)
    for url in urls:
        assert url in flat


def test_break_hyphens_are_soft_hyphens_in_the_text_layer():
    """A hyphen the renderer adds at a line end extracts as U+00AD (ActualText), never as a
    character of the word; the brief's own hyphens stay hyphen-minus, even at a line end."""
    doc = normalize_markdown(BRIEF, "hyphens.md")
    data = publish.build_pdf(doc, edition="screen", paper="a5")
    raw = extract(data, "-raw")
    words = set(re.findall(r"[\w-]+", BRIEF))
    breaks = re.findall(r"(\w+)\u00ad\n(\w+)", raw)
    assert breaks, "no word was hyphenated at a line end: make the brief longer"
    for head, tail in breaks:
        assert head + tail in words or any(head + tail in w for w in words), (head, tail)
    for head, tail in re.findall(r"(\w+)-\n(\w+)", raw):
        assert f"{head}-{tail}" in BRIEF.replace("\n", " ")  # the brief's hyphen
    assert "\u2010" not in raw
    visible = extract(data, "-layout")
    assert "\u00ad" in visible  # the same in layout mode: viewers can drop it


def test_a_briefs_own_u2010_copies_back():
    """U+2010 shares the hyphen's glyph: an ActualText span keeps it distinct."""
    brief = BRIEF.replace("long-prepared", "long\u2010prepared")
    doc = normalize_markdown(brief, "hyphens.md")
    for edition in ("screen", "print"):
        text = extract(publish.build_pdf(doc, edition=edition, paper="a4"))
        flat = re.sub(r"\s+", "", text)
        assert "long\u2010prepared" in flat
        assert flat.count("\u2010") == 1
        assert "Russian-controlled" in flat and URLS[0] in flat
