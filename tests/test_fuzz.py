"""Property tests over generated briefs (issue 7).

Briefs are random mixes of headings, paragraphs with note calls, pull quotes and notes, in
text with combining marks, right-to-left letters, emoji and zero-width characters. For every
one: the normalizer does not crash, every call resolves or is diagnosed, the EPUB's content
documents are well-formed XML, and the Markdown round trip keeps the document.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.document import Document
from publish.epub import clean_document
from publish.epub import xhtml as pages
from publish.epub.colophon import colophon_page
from publish.epub.package import book_title, language
from publish.load import normalize_markdown, normalize_text
from publish.markdown_writer import to_markdown

from .conftest import content

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

WORDS = [
    "policy", "water", "delta", "Łódź", "Zürich", "naïve", "cafe\u0301",  # combining acute
    "e\u0308\u0332", "עברית", "العربية", "فارسی", "😀", "👩\u200d👩\u200d👧", "🇵🇱",
    "zero\u200bwidth", "join\u200dme", "non\u200cjoin", "word\u2060joiner", "\u200f", "\u200e",
    "<b>", "&amp;", "]]>", "<!--", "a<b", "AT&T", "x*y", "_u_", "`t`", "\\", "{: .x }",
    "“quoted”", "it’s", "—", "100 000", "§", "ﬁ", "Ⅻ", "𝔘𝔫𝔦", "\u00a0", "\ufeff",
]  # fmt: skip

word = st.sampled_from(WORDS) | st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=8,
).filter(lambda w: w.strip() and "\n" not in w)


def words(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=min_size, max_size=max_size).map(" ".join)


@st.composite
def sentence(draw: st.DrawFn, calls: list[int]) -> str:
    text = draw(words(4, 14))
    text = text[0].upper() + text[1:] if text[0].isalpha() else text
    if draw(st.booleans()):
        number = draw(st.integers(1, 12))
        calls.append(number)
        return f"{text}.[{number}]"
    return text + "."


@st.composite
def plain_brief(draw: st.DrawFn) -> tuple[str, list[int]]:
    """A plain-text brief and the note numbers it calls."""
    calls: list[int] = []
    lines = [draw(st.sampled_from(["March 3, 2024", "2024-03-03", "16 June 2025", ""]))]
    lines.append(draw(words(1, 8)).replace(".", "").replace(":", "") or "Title")
    said: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["heading", "paragraph", "paragraph", "pullquote"]))
        if kind == "heading":
            lines.append(draw(words(1, 6)).rstrip(".!?:;"))
        elif kind == "pullquote" and said:
            lines.append(draw(st.sampled_from(said)).rstrip("."))
        else:
            sentences = draw(st.lists(sentence(calls), min_size=1, max_size=4))
            said += [s.split(".[")[0] for s in sentences]
            lines.append(" ".join(sentences))
    count = draw(st.integers(0, 12))
    if count:
        lines.append(draw(st.sampled_from(["Notes", "Endnotes", "References"])))
        numbers = list(range(1, count + 1))
        if draw(st.booleans()) and count > 2:  # trouble: a duplicate or a gap
            numbers[draw(st.integers(1, count - 1))] = draw(st.integers(1, count))
        for number in numbers:
            lines.append(f"[{number}] {draw(words(1, 10))}.")
    return "\n\n".join(lines) + "\n", calls


def epub_documents(doc: Document) -> dict[str, str]:
    """The EPUB backend's content documents for `doc`, without fonts, cover image or zip."""
    doc = clean_document(doc)
    lang, title = language(doc), book_title(doc)
    calls = pages.NoteCalls(existing={n.number for n in doc.notes})
    out = {
        "body": pages.body_page(doc, lang, title, calls),
        "cover": pages.cover_page(doc, lang, "images/cover.png", "Cover"),
        "title": pages.title_page(doc, lang, title),
        "colophon": colophon_page(doc, lang, "urn:uuid:0"),
    }
    if doc.notes:
        out["notes"] = pages.notes_page(doc, lang, calls)
    return out


def check_calls(doc: Document) -> None:
    known = {n.number for n in doc.notes}
    dangling = {d.message for d in doc.diagnostics if d.level == "error"}
    form = "[^{}]" if doc.source.endswith(".md") else "[{}]"
    for block in doc.blocks:
        for number in block.notes:
            call = form.format(number)
            assert number in known or f"call {call} to a note that does not exist" in dangling


@FAST
@given(plain_brief())
def test_generated_plain_briefs(brief: tuple[str, list[int]]) -> None:
    text, calls = brief
    doc = normalize_text(text, "fuzz.txt")  # never raises
    check_calls(doc)
    called = {n for b in doc.blocks for n in b.notes}
    assert called <= set(calls)  # no call invented
    for name, page in epub_documents(doc).items():
        ET.fromstring(page.encode("utf-8"))  # well-formed, or this raises
        assert name
    markdown = to_markdown(doc)
    again = normalize_markdown(markdown, "fuzz.md")
    assert content(again) == content(doc)
    assert to_markdown(again) == markdown


@st.composite
def markdown_brief(draw: st.DrawFn) -> str:
    title = draw(st.sampled_from(["Plain Title", '"Ünï “code” ☃ <b> & ]]>"']))
    parts = ["---", f"title: {title}", "date: 2024-03-03", "---"]
    labels: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["##", "p", "p", "quote", "em"]))
        text = draw(words(1, 10))
        if kind == "##":
            parts.append(f"## {text}")
        elif kind == "quote":
            parts.append(f"> {text}\n{{: .pullquote }}")
        elif kind == "em":
            parts.append(f"Some *{text}* and **{text}** [link](https://example.org/{len(text)}).")
        else:
            label = str(draw(st.integers(1, 6)))
            labels.append(label)
            parts.append(f"{text}.[^{label}]")
    for label in sorted(set(labels)) + draw(st.lists(st.sampled_from(["7", "8"]), max_size=2)):
        parts.append(f"[^{label}]: {draw(words(1, 8))}.")
    return "\n\n".join(parts) + "\n"


@FAST
@given(markdown_brief())
def test_generated_markdown_briefs(text: str) -> None:
    doc = normalize_markdown(text, "fuzz.md")
    check_calls(doc)
    for page in epub_documents(doc).values():
        ET.fromstring(page.encode("utf-8"))
    first = to_markdown(doc)
    second_doc = normalize_markdown(first, "fuzz.md")
    assert content(second_doc) == content(doc)
    assert to_markdown(second_doc) == first  # stable after one pass


@st.composite
def markdown_with_broken_notes(draw: st.DrawFn) -> tuple[str, str, str]:
    """A Markdown brief whose notes all resolve, then one note deleted or one label renamed.

    Returns (brief, what was done, the label concerned)."""
    count = draw(st.integers(2, 6))
    parts = ["---", "title: Generated", "date: 2024-03-03", "---"]
    for label in range(1, count + 1):
        head = draw(words(2, 8))
        tail = draw(words(0, 6))
        wrap = "\n" if draw(st.booleans()) else " "  # the call may sit on a wrapped line
        parts.append(f"Claim {label} {head}.{wrap}More {label}.[^{label}] {tail}".rstrip())
        if draw(st.booleans()):
            parts.append(f"## {draw(words(1, 4)).rstrip('.!?:;')} {label}")
    definitions = [f"[^{n}]: {draw(words(1, 6))}." for n in range(1, count + 1)]
    victim = draw(st.integers(1, count))
    action = draw(st.sampled_from(["delete note", "rename call", "rename note"]))
    new = draw(st.sampled_from(["99", "x", "gone", "7a"]))
    if action == "delete note":
        definitions.pop(victim - 1)
    elif action == "rename call":
        index = next(i for i, p in enumerate(parts) if f"[^{victim}]" in p)
        parts[index] = parts[index].replace(f"[^{victim}]", f"[^{new}]")
    else:
        definitions[victim - 1] = definitions[victim - 1].replace(f"[^{victim}]:", f"[^{new}]:")
    text = "\n".join(parts[:4]) + "\n\n" + "\n\n".join(parts[4:] + definitions) + "\n"
    return text, action, f"{victim}:{new}"


def source_line(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


@FAST
@given(markdown_with_broken_notes())
def test_deleted_or_renamed_markdown_notes_are_diagnosed(case: tuple[str, str, str]) -> None:
    text, action, labels = case
    victim, new = labels.split(":")
    doc = normalize_markdown(text, "fuzz.md")
    errors = {(d.line, d.message) for d in doc.errors()}
    warnings = {(d.line, d.message) for d in doc.diagnostics if d.level == "warning"}
    if action == "delete note" or action == "rename note":
        # The call now points at nothing: an error on the call's own line.
        call = f"[^{victim}]"
        assert (source_line(text, call), f"call {call} to a note that does not exist") in errors
    if action == "rename call":
        call = f"[^{new}]"
        assert (source_line(text, call), f"call {call} to a note that does not exist") in errors
        # …and the note it used to call is never called.
        where = source_line(text, f"[^{victim}]:")
        assert (where, f"note {victim} is never called") in warnings
    if action == "rename note" and not new.isdigit():
        # A named note is numbered by its place; whatever its number, nobody calls it.
        assert any(m.endswith("is never called") for _, m in warnings)
    check_calls(doc)
    for block in doc.blocks:
        assert "[^" not in block.text
    for page in epub_documents(doc).values():
        ET.fromstring(page.encode("utf-8"))
        assert "[^" not in page  # never a literal call in an edition


@FAST
@given(st.text(max_size=400))
def test_any_text_normalizes_or_is_refused_cleanly(text: str) -> None:
    """Arbitrary text: a Document (perhaps with error diagnostics), never an exception."""
    doc = normalize_text(text, "any.txt")
    check_calls(doc)
    for page in epub_documents(doc).values():
        ET.fromstring(page.encode("utf-8"))


@pytest.mark.slow
@settings(max_examples=3, deadline=None, derandomize=True)
@given(plain_brief())
def test_generated_briefs_pass_epubcheck(brief: tuple[str, list[int]]) -> None:
    from publish import build_epub
    from publish.checks.epubcheck import run_epubcheck
    from publish.release import java_available

    doc = normalize_text(brief[0], "fuzz.txt")
    data = build_epub(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                ET.fromstring(book.read(name))
    if not java_available():
        pytest.skip("Java is not installed")
    report = run_epubcheck(data)
    assert report.ok, report.messages
