"""What a failed release prints (issue 10, item 4): the cause first, in the brief's terms.

The normalizer's errors and the warnings that explain the failure come before the gate's
findings; findings name the note, its line in the brief and the page, never an internal
anchor; repeats collapse into one line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publish.checks.findings import collapse, collapse_diagnostics, related_warnings
from publish.cli import main
from publish.document import Block, Document, Inline, Meta, Note


def test_gate_findings_collapse_across_notes_and_editions():
    findings = [f"{ed}: note {n} has no call in the text (line {50 + n})"
                for ed in ("pdf", "print") for n in range(1, 24)]  # fmt: skip
    findings += ["pdf: no /Lang in the catalog", "print: no /Lang in the catalog"]
    assert collapse(findings) == [
        "pdf, print: 23 notes have no call in the text (first: note 1, line 51)",
        "pdf, print: no /Lang in the catalog",
    ]


def test_a_single_finding_stays_as_it_is_and_pages_are_kept():
    assert collapse(["pdf: note 4 has no call in the text (line 9)"]) == [
        "pdf: note 4 has no call in the text (line 9)"
    ]
    pages = ["pdf: note 3 is on page 3, its call on page 2 (line 40)",
             "pdf: note 8 is on page 5, its call on page 4 (line 61)"]  # fmt: skip
    assert collapse(pages) == [
        "pdf: 2 notes are not on their call's page "
        "(first: note 3, line 40, on page 3, its call on page 2)"
    ]


def test_diagnostics_collapse_and_related_warnings():
    warnings = [f"b.md:{20 + n}: warning: note {n} is never called" for n in range(1, 6)]
    warnings.append("b.md:3: warning: dropped site text “Subscribe”")
    assert collapse_diagnostics(warnings) == [
        "b.md:21: warning: 5 notes are never called (first: note 1)",
        "b.md:3: warning: dropped site text “Subscribe”",
    ]
    failures = ["pdf: note 1 has no call in the text (line 21)"]
    assert related_warnings(warnings, failures) == warnings[:5]
    assert related_warnings(warnings, ["pdf: no /Lang in the catalog"]) == []


def test_pdf_check_speaks_of_notes_lines_and_pages_not_anchors():
    from publish.checks.pdfcheck import check_pdf
    from publish.pdf import build_pdf

    text = "A paragraph long enough to be a paragraph of the brief, with a call."
    doc = Document(
        meta=Meta(title="T", language="en-GB", date="2024-01-01", slug="t"),
        blocks=[
            Block(
                "paragraph",
                "p1",
                text,
                [Inline("text", text), Inline("noteref", number=1)],
                line=5,
                notes=[1],
            )
        ],  # fmt: skip
        notes=[
            Note(1, "note-1", "One.", [Inline("text", "One.")], line=9),
            Note(2, "note-2", "Two.", [Inline("text", "Two.")], line=10),
        ],  # fmt: skip
    )
    problems = check_pdf(build_pdf(doc), doc).problems
    assert "note 2 has no call in the text (line 10)" in problems
    assert not [p for p in problems if re.search(r"\bref-\d|anchor", p)], problems


@pytest.mark.slow
def test_failed_release_prints_the_cause_first(tmp_path: Path, capsys):
    """Calls written [n] in a Markdown brief: the notes are never called, and the PDF gate
    fails. The explanation comes first, then one collapsed line per kind of finding."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    sentence = (
        "The committee examined the budget and found several gaps in the reporting "
        "of expenses over the last three years, which auditors had flagged before."
    )
    body = "\n\n".join(f"Paragraph {i}. {sentence} It said so.[{i}]" for i in range(1, 6))
    notes = "\n".join(f"[^{i}]: Source number {i}, Annual Report {2000 + i}." for i in range(1, 6))
    brief = seeds / "budget.md"
    brief.write_text(f"---\ntitle: Budget Gaps\ndate: 2024-05-02\n---\n\n{body}\n\n{notes}\n",
                     encoding="utf-8")  # fmt: skip
    status = main(["release", str(seeds), "--out", str(tmp_path / "dist"), "-j", "1"])
    err = [line for line in capsys.readouterr().err.splitlines() if "Java" not in line]
    assert status == 1
    first_note = 6 + 2 * 5  # the line of [^1]:
    brief = "seeds/budget.md"  # as the manifest and every diagnostic name it
    assert err == [
        f"{brief}:6: warning: 5 notes are called as “[n]”, which Markdown does not read as a "
        "call; write [^n] (first: note 1)",
        f"{brief}:{first_note}: warning: 5 notes are never called (first: note 1)",
        # The gate's finding, coded (docs/RULES.md) and at the line of its first note.
        f"{brief}:{first_note}: N001 pdf, print: 5 notes have no call in the text "
        f"(first: note 1, line {first_note})",
    ]
