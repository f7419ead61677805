"""Issue 24: a repaired layout starts at the first page the repair can change
(publish/pdf/resume.py), and writes the same bytes as WeasyPrint's own layout from page 1.

The briefs are written here: paragraphs with notes, so that some notes are deferred (a block
is moved to the next page) or fall on the colophon's page (set after the text), the two
repairs that lay a brief out again.
"""

from __future__ import annotations

import pytest

from publish.load import normalize_markdown
from publish.pdf import build_pdf_editions, resume

pytestmark = pytest.mark.slow

TEXT = (
    "the allies met again in spring and agreed that deterrence must rest on forces ready "
    "to move within days while the councils argued over budgets and the timing of each "
    "review so that ministers could report progress at the summit"
)
WORDS = TEXT.split()


def sentence(seed: int, length: int) -> str:
    return " ".join(WORDS[(seed * 7 + k) % len(WORDS)] for k in range(length)).capitalize() + "."


def brief(paragraphs: int, length: int) -> str:
    """Sections of paragraphs, each with a note call; the notes are two sentences long."""
    head = ["---", "title: Resumed layouts", "language: en-GB", "date: 2025-03-01"]
    body, notes = [], []
    for i in range(paragraphs):
        if i % 5 == 0:
            body.append(f"## Section {i // 5 + 1}")
        body.append(f"{sentence(i, length)}[^{i + 1}] {sentence(i + 3, length // 2)}")
        notes.append(f"[^{i + 1}]: {sentence(i + 5, 25)} {sentence(i + 9, 12)}")
    return "\n\n".join([*head, "---", *body, *notes]) + "\n"


def editions(text: str, contents: bool = False) -> tuple[dict[str, bytes], list]:
    doc = normalize_markdown(text, "resume.md")
    doc.meta.contents = contents or None  # a printed contents list, with its page numbers
    return build_pdf_editions(doc)


@pytest.fixture
def starts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The page each resumed layout started from (a spy on the real function)."""
    seen: list[int] = []
    real = resume.start_from

    def spy(kept: resume.Kept, page: int) -> resume.Resume | None:
        out = real(kept, page)
        seen.append(out.page if out else 0)
        return out

    monkeypatch.setattr(resume, "start_from", spy)
    return seen


@pytest.mark.parametrize(
    "paragraphs,length,contents",
    [(14, 70, False), (17, 64, False), (19, 58, False), (22, 75, True), (26, 66, True)],
)
def test_a_resumed_layout_writes_the_bytes_of_a_whole_one(
    starts: list[int], paragraphs: int, length: int, contents: bool
) -> None:
    text = brief(paragraphs, length)
    ours, our_pages = editions(text, contents)
    with resume.upstream():
        theirs, their_pages = editions(text, contents)
    assert our_pages == their_pages
    for edition in ours:
        assert ours[edition] == theirs[edition], edition


def test_some_of_these_briefs_are_laid_out_again_from_a_later_page(starts: list[int]) -> None:
    """The comparison above means something only if layouts do resume: across the briefs,
    at least one repair started past page 1."""
    for paragraphs, length in [(14, 70), (17, 64), (19, 58)]:
        editions(brief(paragraphs, length))
    assert any(page > 0 for page in starts), starts


def test_another_weasyprint_lays_out_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy is of WeasyPrint 70.0's layout_document: with another version it stays out."""
    import weasyprint

    monkeypatch.setattr(resume, "_installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    assert resume.install() is False


def test_the_first_page_to_redo_is_before_the_changed_block() -> None:
    old = '<p id="a">one</p><p id="b">two</p><p id="c">three<span>x</span></p>'
    new = '<p id="a">one</p><p id="b">two</p><p id="c">three</p>'
    pages = {"a": 0, "b": 2, "c": 3}
    # c changed; it starts on page 3, whose first lines may have been tried on page 2.
    assert resume.start_page(old, new, ["a", "b", "c"], pages) == 2
    # A change inside b's start tag, before its id: the block begun before it is a.
    changed = '<p id="a">one</p><p class="break" id="b">two</p><p id="c">three</p>'
    assert resume.start_page(old, changed, ["a", "b", "c"], pages) == 0
    # A change before every block: from the start.
    assert resume.start_page(old, "<nav>" + old, ["a", "b", "c"], pages) == 0


def _screen(text: str, first_pass=None, guess: int = 0, contents: bool = False) -> bytes:  # noqa: ANN001
    from publish.pdf import lay_out_screen, write_edition
    from publish.printing import PrintSettings

    doc = normalize_markdown(text, "resume.md")
    doc.meta.contents = contents or None
    rendered = lay_out_screen(doc, first_pass=first_pass, pages_guess=guess)
    return write_edition(rendered, doc, "screen", PrintSettings())


@pytest.mark.parametrize("paragraphs,length", [(14, 70), (19, 58), (6, 60)])
def test_the_previews_first_page_alone_then_the_rest_from_it(
    starts: list[int], paragraphs: int, length: int
) -> None:
    """The live preview's first page is laid out alone (`resume.first_pages`), and the whole
    layout goes on from it: the same bytes as a layout from the start, and the first page's
    pixels are the finished PDF's."""
    from PIL import Image, ImageChops

    from publish.pdf import first_page_pdf
    from publish.preview.builder import page_count, rasterise

    text = brief(paragraphs, length)
    whole = _screen(text)
    count = page_count(whole)
    starts.clear()  # the whole layout's own repairs
    shown: list[tuple[int, bytes]] = []
    early = _screen(text, lambda r: shown.append((len(r.pages), first_page_pdf(r))), count)
    assert early == whole
    assert [pages for pages, _ in shown] == [1]  # that page alone, before the others
    assert starts[0] == 1  # the whole layout took it and began at page 2

    def pixels(pdf: bytes) -> Image.Image:
        import io

        return Image.open(io.BytesIO(rasterise(pdf, 1, 1)[0])).convert("RGB")

    assert ImageChops.difference(pixels(shown[0][1]), pixels(whole)).getbbox() is None


def test_no_early_first_page_when_a_repair_or_the_contents_could_change_it() -> None:
    """A one-page brief (its colophon's notes are moved after the text), a contents list
    (its page numbers need every page) and no page count to number by: laid out whole, and
    `first_pass` is never called."""
    called: list[int] = []
    one_page = brief(2, 30)
    assert _screen(one_page, lambda r: called.append(1), 1) == _screen(one_page)
    long = brief(22, 75)
    assert _screen(long, lambda r: called.append(2), 5, contents=True)
    assert _screen(long, lambda r: called.append(3), 0)
    assert called == []


def test_a_cancelled_layout_stops_before_its_next_page_and_leaves_nothing_behind() -> None:
    """`lay_out_screen(cancelled=…)` asks before each page it makes and stops at the first
    true answer (the preview: a newer save waits); the next layout is a whole one's bytes."""
    from publish.pdf import LayoutCancelled, lay_out_screen

    text = brief(14, 70)
    whole = _screen(text)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2  # two pages made, then a save

    with pytest.raises(LayoutCancelled):
        lay_out_screen(normalize_markdown(text, "resume.md"), cancelled=cancelled)
    assert len(asked) == 3  # it stopped at the third page, not at the end of the layout
    assert _screen(text) == whole
    never = lay_out_screen(normalize_markdown(text, "resume.md"), cancelled=lambda: False)
    assert len(never.pages) > 2
