"""Markdown notes and the line of every Markdown diagnostic (issue 10, items 2 and 7).

A call to a note that does not exist is an error naming its file and line, a note never
called is a warning, and a literal `[^n]` never reaches an edition. Every diagnostic of a
Markdown brief points at the line that holds what it is about.
"""

from __future__ import annotations

import pytest

from publish import build_epub
from publish.checks.epubstructure import check_epub_structure
from publish.load import normalize_markdown, normalize_text

from .test_fuzz import epub_documents

HEAD = "---\ntitle: Bridges\ndate: 2024-05-02\n---\n\n"


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the nth occurrence of `needle` in `text`."""
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1


def diags(doc, level: str | None = None) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in doc.diagnostics if level in (None, d.level)]


def no_literal_call(doc) -> None:
    for block in doc.blocks:
        assert "[^" not in block.text, block.text
    for note in doc.notes:
        assert "[^" not in note.text, note.text
    for page in epub_documents(doc).values():
        assert "[^" not in page


def test_call_to_a_missing_note_is_an_error_on_its_line():
    text = HEAD + (
        "Towns along the river depend on bridges, as the commission\n"
        "reported in its survey.[^16] The survey counted forty crossings.[^1]\n\n"
        "[^1]: River Commission, 2019.\n"
    )
    doc = normalize_markdown(text, "b.md")
    assert diags(doc, "error") == [
        (line_of(text, "[^16]"), "call [^16] to a note that does not exist")
    ]
    assert doc.diagnostics[0].format().startswith(f"b.md:{line_of(text, '[^16]')}: error:")
    no_literal_call(doc)


def test_deleted_definition_is_named_not_just_out_of_order():
    text = HEAD + "".join(f"Sentence number {n} is here.[^{n}]\n\n" for n in (1, 2, 3))
    text += "[^1]: One.\n[^3]: Three.\n"
    doc = normalize_markdown(text, "b.md")
    assert (line_of(text, "[^2]"), "call [^2] to a note that does not exist") in diags(doc)
    assert [n.number for n in doc.notes] == [1, 3]
    no_literal_call(doc)


def test_call_renamed_to_a_missing_note_names_both_ends():
    text = HEAD + "First claim.[^1] Second claim.[^12]\n\n[^1]: One.\n[^2]: Two.\n"
    doc = normalize_markdown(text, "b.md")
    assert diags(doc, "error") == [
        (line_of(text, "[^12]"), "call [^12] to a note that does not exist")
    ]
    assert (line_of(text, "[^2]:"), "note 2 is never called") in diags(doc, "warning")
    no_literal_call(doc)


def test_named_labels_and_calls_inside_notes():
    text = HEAD + "A claim.[^src] Another.[^gone]\n\n[^src]: A source, see [^other].\n"
    doc = normalize_markdown(text, "b.md")
    assert sorted(diags(doc, "error")) == [
        (6, "call [^gone] to a note that does not exist"),
        (8, "call [^other] to a note that does not exist"),
    ]
    assert doc.blocks[0].notes == [1]
    no_literal_call(doc)


def test_call_inside_emphasis_is_kept():
    text = HEAD + "A *strong claim[^1]* indeed.\n\n[^1]: One.\n"
    doc = normalize_markdown(text, "b.md")
    assert doc.blocks[0].notes == [1]
    assert not diags(doc, "warning") and not diags(doc, "error")


def test_markdown_call_in_a_plain_text_brief_is_an_error():
    text = "March 3, 2024\n\nA Title\n\nA claim with a call.[^3] And more.\n"
    doc = normalize_text(text, "b.txt")
    assert (5, "“[^3]” is a Markdown note call; in plain text write [n]") in diags(doc, "error")


def test_the_gate_catches_a_literal_call_in_either_edition():
    """Whatever the normalizer misses, the release gate refuses a printed `[^n]`."""
    text = "March 3, 2024\n\nA Title\n\nA claim with a call.[^3] And more words here.\n"
    doc = normalize_text(text, "b.txt")
    problems = check_epub_structure(build_epub(doc, subset_fonts=False))
    assert any("note call “[^3]” printed as text" in p for p in problems), problems
    from publish.checks.pdfcheck import check_pdf
    from publish.pdf import build_pdf

    report = check_pdf(build_pdf(doc, edition="screen"), doc)
    assert "page 1: note call “[^3]” printed as text" in report.problems


# --- every Markdown diagnostic on its line -------------------------------------------------

EVERY = """\
---
title: Bridges
date: 2024-05-02
---

Towns along the river depend on bridges, as the commission found
in a survey ![a map](map.png) of every crossing.[^1]

A paragraph about [the archive](file:///etc/passwd) and its
holdings, with <span>raw markup</span> inside it.[^2]

> A quotation that is not marked as a pull quote at all.

- a list item about ferries

### A Third-Level Heading

Another paragraph calls the second note again.[^2] And a missing one.[^9]

## An Empty Section

## Last Section

> Nothing in the body says this sentence anywhere
{: .pullquote }

![only an image](lonely.png)

Closing words about [mail](ftp://example.org/x) and the end.

[^1]: First note.
[^3]: Third note, never called.
[^2]: Second note.
[^4]:
"""


def test_every_markdown_diagnostic_points_at_its_line():
    doc = normalize_markdown(EVERY, "every.md")
    got = diags(doc)
    want = [
        (
            "map.png",
            "image “map.png” left out: only an image alone in its paragraph makes a figure",
        ),  # fmt: skip
        ("file:///etc/passwd", "link to “file:///etc/passwd” is not a web address; kept as text"),
        ("<span>", "raw HTML shown as text: “<span>”"),
        # "> A quotation" is a block quote and "- a list item" a list: nothing to say.
        ("### A Third", "h3 heading treated as a section heading (##)"),
        ("again.[^2]", "note 2 is called more than once"),
        ("[^9]", "call [^9] to a note that does not exist"),
        ("## An Empty", "empty section “An Empty Section”"),
        ("> Nothing", "pull quote: its source sentence is not in the body"),
        ("lonely.png", "figure 1: image file “lonely.png” not found"),
        ("ftp://", "link to “ftp://example.org/x” is not a web address; kept as text"),
        ("[^3]:", "note 3 out of order (expected 2)"),
        ("[^3]:", "note 3 is never called"),
        ("[^2]:", "note 2 out of order (expected 4)"),
        ("[^4]:", "note 4 out of order (expected 3)"),
        ("[^4]:", "note 4 is empty"),
        ("[^4]:", "note 4 is never called"),
    ]
    for needle, message in want:
        assert (line_of(EVERY, needle), message) in got, (needle, message, got)
    assert len(got) == len(want), sorted(set(got) - {(line_of(EVERY, n), m) for n, m in want})


def test_pull_quotes_one_after_another_stay_apart():
    """Python-Markdown merges `>` blocks separated by a blank line; each quote stays one."""
    text = HEAD + (
        "Stone bridges outlived every flood of the century. Wooden ones burned down in the "
        "great fire of the town.[^1]\n\n"
        "> Stone bridges outlived every flood of the century\n{: .pullquote }\n\n"
        "> Wooden ones burned down in the great fire of the town\n{: .pullquote }\n\n"
        "[^1]: A note.\n"
    )
    doc = normalize_markdown(text, "b.md")
    quotes = [b for b in doc.blocks if b.type == "pullquote"]
    assert [q.text for q in quotes] == [
        "Stone bridges outlived every flood of the century",
        "Wooden ones burned down in the great fire of the town",
    ]
    assert [q.line for q in quotes] == [line_of(text, "> Stone"), line_of(text, "> Wooden")]
    assert all(q.source == "p1" for q in quotes)


def test_h1_title_and_blocks_after_long_front_matter_have_exact_lines():
    text = (
        "---\ndate: 2024-05-02\nkeywords:\n  - a\n  - b\n---\n\n# The Title\n\n"
        "Short\nfirst line, then a wrapped paragraph.\n\n## Section *One*\n\nText.\n"
    )
    doc = normalize_markdown(text, "b.md")
    assert doc.meta.title == "The Title"
    assert [b.line for b in doc.blocks] == [
        line_of(text, "Short"),
        line_of(text, "## Section"),
        line_of(text, "Text."),
    ]


@pytest.mark.parametrize("control", ["\x07", "\x1b"])
def test_control_character_line_in_markdown(control):
    text = HEAD + "One paragraph.\n\nAnother" + control + " paragraph.\n"
    doc = normalize_markdown(text, "b.md")
    message = f"removed 1 control character(s) (first: U+{ord(control):04X})"
    assert (8, message) in diags(doc)


def test_no_literal_call_in_generated_text():
    """A label of any shape, missing: never printed."""
    for label in ("1", "99999", "a-b", "x_y", "Ω"):
        text = HEAD + f"Claim.[^{label}] More.\n"
        doc = normalize_markdown(text, "b.md")
        assert [m for _, m in diags(doc, "error")] == [
            f"call [^{label}] to a note that does not exist"
        ]
        no_literal_call(doc)


# --- front matter: why a line cannot be read, and how to write it --------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  series: Policy", "indented key “series”: keys start at the beginning of the line"),
        ("\tseries: Policy", "tab before “series: Policy”: YAML does not allow tabs"),
        ("series:Policy", "no space after the colon in “series:Policy”; write “series: Policy”"),
        ("- stray", "list item “- stray” belongs to no list key; write the key on the line"),
        ("Publication date: 2024", "key “Publication date” has a space in it"),
        ("series Policy", "cannot read front matter line “series Policy”: expected “key: value”"),
        ("  continued", "indented line “continued”: a value must fit on its key's line"),
    ],
)
def test_front_matter_errors_say_why_and_how(write_brief, capsys, line, message):
    from publish.cli import main

    path = write_brief(f"---\ntitle: T\n{line}\n---\n\nBody.\n", "bad.md")
    assert main(["normalize", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"publish: {path}:3: error: "), err
    assert message in err[0]


def test_tab_before_a_list_item_says_to_use_spaces(write_brief, capsys):
    from publish.cli import main

    path = write_brief("---\ntitle: T\nkeywords:\n\t- water\n---\n\nBody.\n", "bad.md")
    assert main(["normalize", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:4: error: tab before “- water”" in err
    assert "indent list items with spaces: “  - water”" in err


def test_list_at_the_keys_indentation_is_yaml_and_is_read():
    text = "---\ntitle: T\nkeywords:\n- water\n- law\n---\n\nBody text.\n"
    assert normalize_markdown(text, "b.md").meta.keywords == ["water", "law"]


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("A. Author, B. Author", "“authors: [A. Author, B. Author]”"),
        ("Lee, Bo", '“authors: ["Lee, Bo"]” for one with a comma'),
    ],
)
def test_author_list_written_as_one_scalar_warns_with_the_list_syntax(value, hint):
    text = f"---\ntitle: T\nauthors: {value}\n---\n\nBody text.\n"
    doc = normalize_markdown(text, "b.md")
    assert doc.meta.authors == [value]  # YAML says one string: kept, but said
    warnings = [(d.line, d.message) for d in doc.diagnostics if d.level == "warning"]
    assert any(line == 3 and m.startswith(f"“authors: {value}” is read as one author")
               and hint in m for line, m in warnings), warnings  # fmt: skip


def test_quoted_or_listed_authors_do_not_warn():
    for value in ('"Lee, Bo"', "[A. Author, B. Author]", "Ann Lee"):
        doc = normalize_markdown(f"---\ntitle: T\nauthors: {value}\n---\n\nBody.\n", "b.md")
        assert not [d for d in doc.diagnostics if "authors" in d.message], value


def test_a_call_to_note_zero_survives_the_markdown_round_trip():
    """Found by hypothesis (test_fuzz): plain text reads [0] as a call, Markdown dropped [^0]."""
    from publish.markdown_writer import to_markdown

    from .conftest import content

    doc = normalize_text("March 3, 2024\n\npolicy\n\n[0]\n", "fuzz.txt")
    again = normalize_markdown(to_markdown(doc), "fuzz.md")
    assert content(again) == content(doc)
