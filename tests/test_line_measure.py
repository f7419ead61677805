"""Issue 27: lines judged by their own measure, loose lines, no word broken across pages.

Real WeasyPrint PDFs, read back with poppler's pdftotext.
"""

from __future__ import annotations

import random

import pytest

import publish
from publish.checks.typography import short_line_problems
from publish.load import normalize_markdown
from publish.pdf import linebreak

CELL = """\
---
title: Cells
language: en-GB
date: 2025-03-01
---

The allies compared their spending on defence over the decade, and the table below gives
the figures that each government reported to the alliance in the spring.

Table: Spending by country

| Country        | Share |
|:---------------|------:|
| United States  | 3.4   |
| France         | 2.1   |

The figures show that the United States still spends more than any other ally, and that the
gap has narrowed only slowly since the summit at which the allies first set the target.
"""

LOOSE = """\
---
title: Loose
language: en-GB
date: 2025-03-01
---

The registry gives each reactor one code, and the code of the third is
{token} which no reader can break, so the line before it is stretched.
"""


def problems(text: str, name: str, **options: str) -> tuple[int, float, list[str]]:
    doc = normalize_markdown(text, name)
    found = short_line_problems(publish.build_pdf(doc, edition="screen", **options), doc)
    assert found is not None, "pdftotext is missing"
    return found


def test_a_short_table_cell_is_judged_by_its_own_measure() -> None:
    checked, coverage, found = problems(CELL, "cell.md")
    assert found == []
    assert coverage == 1.0 and checked >= 8  # the cells' lines were found and judged


def test_a_loose_justified_line_is_a_finding() -> None:
    _, _, found = problems(LOOSE.format(token="X" * 4 + "0123456789" * 5), "loose.md")
    assert any("is loose" in p and "house limit" in p for p in found), found
    _, _, plain = problems(LOOSE.format(token="ABC-7"), "loose.md")
    assert plain == []


def test_no_word_broken_across_a_page(seed_doc) -> None:
    with linebreak.weasyprint_own_page_breaking():
        data = publish.build_pdf(seed_doc, edition="screen")
    before = short_line_problems(data, seed_doc)
    assert before is not None
    assert any("broken across the page" in p for p in before[2]), before[2]
    after = short_line_problems(publish.build_pdf(seed_doc, edition="screen"), seed_doc)
    assert after is not None and after[2] == []


WORDS = [
    "the",
    "european",
    "union",
    "agreed",
    "interconnection",
    "transmission",
    "operators",
    "infrastructure",
    "resilience",
    "cooperation",
    "electricity",
    "market",
    "prices",
    "winter",
    "reserve",
    "capacity",
    "frequency",
    "stability",
    "investments",
    "representatives",
    "administration",
    "responsibility",
]


def generated_brief(seed: int) -> str:
    """Paragraphs of long words with note calls: many lines end in a hyphen."""
    rnd = random.Random(seed)
    body, notes, n = [], [], 0
    for _ in range(rnd.randint(3, 8)):
        words = []
        for _ in range(rnd.randint(20, 160)):
            w = rnd.choice(WORDS)
            if rnd.random() < 0.03:
                n += 1
                w = f"{w}.[^{n}]"
                notes.append(f"[^{n}]: Source number {n}, 2024.")
            words.append(w)
        body.append(" ".join(words).capitalize() + ".")
    head = "---\ntitle: Generated\nlanguage: en-GB\n---\n\n"
    return head + "\n\n".join(body) + "\n\n" + "\n".join(notes) + "\n"


@pytest.mark.parametrize("seed", [9, 30, 37])
def test_a_paragraph_that_can_keep_only_its_orphans_goes_whole_to_the_next_page(seed) -> None:
    # On A5 each of these ends a page where the paragraph keeps only its `orphans` lines and
    # the last of them is hyphenated; moving that line alone would break orphans, so the
    # paragraph goes over whole (before the fix: "ends the page in a word broken across").
    doc = normalize_markdown(generated_brief(seed), "gen.md")
    with linebreak.weasyprint_own_page_breaking():
        own = short_line_problems(publish.build_pdf(doc, edition="screen", paper="a5"), doc)
    assert own is not None and any("broken across the page" in p for p in own[2]), own[2]
    ours = short_line_problems(publish.build_pdf(doc, edition="screen", paper="a5"), doc)
    assert ours is not None
    assert [p for p in ours[2] if "broken across the page" in p] == []
