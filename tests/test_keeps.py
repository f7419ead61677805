"""Issue 27: what the PDF keeps together at a page end (real WeasyPrint renders).

- the colophon is kept with the end of the text: a last page never holds only the colophon;
- on the colophon's page, the notes called there come before the colophon, never below it;
- a list item keeps its first two lines together, and a heading its first two lines after.

Positions come from poppler's `pdftotext -bbox` (words with their boxes, per page).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

import publish
from publish.checks.pdfcheck import check_pdf, page_texts, squash
from publish.document import Document
from publish.load import normalize_markdown

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext"),
]

TEXT = (
    "the allies met again in spring and agreed that deterrence must rest on forces ready "
    "to move within days while the councils argued over budgets and the timing of each "
    "review so that ministers could report progress at the summit"
)
WORDS = TEXT.split()
EDITIONS = ("screen", "print")


def sentence(seed: int, length: int) -> str:
    words = [WORDS[(seed * 7 + k) % len(WORDS)] for k in range(length)]
    return " ".join(words).capitalize() + "."


def brief(body: list[str], notes: list[str] = ()) -> str:  # type: ignore[assignment]
    head = ["---", "title: Keeps", "language: en-GB", "date: 2025-03-01", "---", ""]
    tail = [f"[^{i}]: {text}" for i, text in enumerate(notes, 1)]
    return "\n\n".join(head[:-1] + body + tail) + "\n"


def paragraphs(count: int, length: int = 60) -> list[str]:
    return [sentence(i, length) for i in range(count)]


@dataclass
class Word:
    text: str
    top: float
    bottom: float


def page_words(data: bytes) -> list[list[Word]]:
    """Each page's words with their vertical extent (points from the top of the page)."""
    out = subprocess.run(
        ["pdftotext", "-q", "-bbox", "-enc", "UTF-8", "-", "-"],
        input=data, capture_output=True, check=True, timeout=120,
    ).stdout.decode("utf-8")  # fmt: skip
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", out, re.S):
        pages.append(
            [
                Word(html.unescape(text), float(top), float(bottom))
                for top, bottom, text in re.findall(
                    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
                    r"(.*?)</word>",
                    page,
                )
            ]
        )
    return pages


def render(doc: Document, edition: str) -> bytes:
    return publish.build_pdf(doc, edition=edition)


# 31 paragraphs of 60 words: the text ends a few lines from the foot of page 3, too low for
# the colophon, which WeasyPrint then set alone at the top of page 4, three quarters blank.
FULL_PAGE = brief(paragraphs(31))


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_colophon_keeps_with_the_end_of_the_text(edition: str) -> None:
    doc = normalize_markdown(FULL_PAGE, "full.md")
    data = render(doc, edition)
    texts = page_texts(PdfReader(io.BytesIO(data)), data)
    last = squash(texts[-1])
    assert "colophon" in last.lower()
    # The end of the text moved over with the colophon ...
    ending = squash(" ".join(doc.blocks[-1].text.split()[-6:]))
    assert ending in last, texts[-1][:300]
    # ... and only its last lines: the brief sits where the fault was (not a page earlier).
    body_lines = [
        w for w in page_words(data)[-1] if w.text.lower() in WORDS or w.text.endswith(".")
    ]
    tops = {round(w.top) for w in body_lines if w.top < _colophon_top(page_words(data)[-1])}
    assert 2 <= len(tops) <= 6, sorted(tops)
    assert check_pdf(data, doc, edition=edition).problems == []


def _colophon_top(words: list[Word]) -> float:
    return next(w.top for w in words if w.text.upper() == "COLOPHON")


NOTES = [f"Noteworthy source {n}, Journal of Defence Studies, 2024, pp. {n}0–{n}9." for n in
         (1, 2, 3)]  # fmt: skip


def one_page_brief() -> str:
    body = paragraphs(5)
    body = [p[:-1] + f" reviewed.[^{i}]" if i <= 3 else p for i, p in enumerate(body, 1)]
    return brief(body, NOTES)


@pytest.mark.parametrize("edition", EDITIONS)
def test_on_a_one_page_brief_the_notes_come_before_the_colophon(edition: str) -> None:
    doc = normalize_markdown(one_page_brief(), "one.md")
    data = render(doc, edition)
    words = page_words(data)
    assert len(words) == 1
    page = words[0]
    notes = [w for w in page if w.text == "Noteworthy"]
    assert len(notes) == 3
    body_bottom = max(w.bottom for w in page if w.text == "reviewed.")
    # Reading down the page: the text, its notes, then the colophon.
    assert body_bottom < min(w.top for w in notes)
    assert max(w.bottom for w in notes) < _colophon_top(page)
    report = check_pdf(data, doc, edition=edition)
    assert report.problems == []
    assert (report.notes_on_call_page, report.notes_total) == (3, 3)


BULLETS = ("•", "◦")


def body_words(words: list[Word]) -> list[Word]:
    """The page's words above the page-number line at its foot."""
    foot = max(w.top for w in words if w.text == "page")
    return [w for w in words if w.top < foot - 5]


def list_lines_per_page(data: bytes) -> list[int]:
    """How many lines of the list (lines starting with a bullet) each page holds."""
    return [len({round(w.top) for w in page if w.text in BULLETS}) for page in page_words(data)]


def short_items(count: int) -> str:
    return "\n".join("- " + sentence(50 + i, 8) for i in range(count))


def nested_items(count: int) -> str:
    return "\n".join(
        f"- {sentence(50 + i, 8)}\n    - {sentence(70 + i, 8)}\n    - {sentence(80 + i, 8)}"
        for i in range(count)
    )


@pytest.mark.parametrize(
    ("items", "before", "lengths"),
    [
        # A list of one-line items: its first item fell alone at the foot of page 1 (words
        # 174-190 in the last paragraph before it), its last alone atop page 2 (88-102).
        (short_items(6), 9, range(80, 200, 6)),
        # Nested lists: a last sub-item fell alone atop the next page (52-68).
        (nested_items(4), 8, range(40, 130, 6)),
    ],
    ids=["one-line items", "nested"],
)
def test_no_lone_list_line_at_a_page_end(items: str, before: int, lengths: range) -> None:
    split = 0
    for length in lengths:
        body = paragraphs(before, 50) + [sentence(99, length), items] + paragraphs(6)
        doc = normalize_markdown(brief(body), "list.md")
        pages = [n for n in list_lines_per_page(render(doc, "screen")) if n]
        assert 1 not in pages or pages == [1], (length, pages)
        split += len(pages) > 1
    assert split, "no length split the list over two pages: the test proves nothing"


HEADING = "Ministerial Outlook"


def test_a_heading_keeps_two_lines_after_it_at_a_page_end() -> None:
    at_top = 0
    for length in range(100, 260, 8):
        body = paragraphs(9, 50) + [sentence(99, length), f"## {HEADING}"] + paragraphs(4)
        doc = normalize_markdown(brief(body), "heading.md")
        for page in page_words(render(doc, "screen")):
            words = body_words(page)
            heads = [w for w in words if w.text == HEADING.split()[0]]
            if not heads:
                continue
            head = heads[0]
            after = {round(w.top) for w in words if w.top > head.bottom}
            assert len(after) >= 2, (length, sorted(after))
            before = [w for w in words if w.bottom < head.top and w.text != "Keeps"]
            at_top += not before  # the heading went over to the next page with its text
    assert at_top, "no length brought the heading to a page end: the test proves nothing"


def test_notes_whose_calls_the_footnotes_pushed_down_still_come_before_the_colophon() -> None:
    # 24 paragraphs, the last three with a note: note 1's footnote had pushed its call's line
    # onto the last page; set after the text, the line moved back up, away from its note.
    count = 24
    body = [
        p[:-1] + f" reviewed.[^{i - count + 4}]" if i > count - 4 else p
        for i, p in enumerate(paragraphs(count), 1)
    ]
    body[2] = body[2][:-1] + " early.[^4]"
    doc = normalize_markdown(brief(body, [*NOTES, "Noteworthy source 4, an early note."]), "m.md")
    data = render(doc, "screen")
    last = page_words(data)[-1]
    notes = [w for w in last if w.text == "Noteworthy"]
    assert len(notes) == 3
    assert max(w.bottom for w in notes) < _colophon_top(last)
    assert check_pdf(data, doc, edition="screen").problems == []
