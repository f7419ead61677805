"""Briefs as other publishers' web pages give them (issue 12).

Each brief below is written here, in a different house style: where the series line,
title, byline and date stand, how note calls and the notes list are written, what page
furniture comes with the paste. None uses the seed's words. Every one must come out with
the right structure, the calls in order, and the authors and date right.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.document import Author
from publish.load import normalize_text


def summary(doc) -> dict:
    m = doc.meta
    return {
        "title": m.title,
        "series": m.series,
        "subtitle": m.subtitle,
        "date": m.date,
        "authors": [(a.name, a.role) for a in m.authors],
        "kinds": "".join(
            {"heading": "H", "paragraph": "P", "pullquote": "Q"}[b.type] for b in doc.blocks
        ),  # fmt: skip
        "calls": [n for b in doc.blocks for n in b.notes],
        "notes": [n.number for n in doc.notes],
    }


def problems(doc, level: str = "warning") -> list[str]:
    levels = ("error",) if level == "error" else ("error", "warning")
    return [d.format() for d in doc.diagnostics if d.level in levels]


# 1. The issue's own case: series line, title, `By A. Author, Senior Fellow`, the date
#    under the title, digits glued to punctuation, a `Notes` list numbered `1.`.
GLUED_PUNCTUATION = """\
Security Perspectives

Rebuilding Trust on the Northern Frontier

By A. Author, Senior Fellow

June 16, 2025

Leaders agreed to rethink their approach in the light of a changed environment.1 The \
old framework, many said, had become void,2 and a new one was needed.

Old Promises

The earlier accord limited deployments of personnel;3 this would be hard to keep. Its \
authors hoped for reciprocal restraint, which never came.4

What Now

A new posture will need money and time. Governments have promised both, at least on \
paper, and they expect results within five years.5

Notes

1. First Source, “A Declaration,” 4 April 2024.

2. Second Source, “Debates,” Weekly News, 11 October 2024.

3. Third Source, The Accord (Capital: Press, 1999).

4. Fourth Source, “Restraint,” 2001.

5. Fifth Source, “Budgets,” 2025.
"""

# 2. Date first in the European numeric form, reading time and share buttons, superscript
#    calls, an `Endnotes` list numbered with superscripts.
SUPERSCRIPTS = """\
16.06.2025

6 min read

Share  Tweet  Email

Harbours in a Warming Sea

By Ann Lee and Bo Chan

Ports along the coast face rising water and stronger storms.¹ Their owners have begun \
to plan for both, though slowly.²

Print

Money and Time

The cost of raising quays is large. Insurers now ask ports to show their plans before \
they renew any cover.³

Endnotes

¹ Coastal Authority, Annual Report, 2024.

² Ann Example, “Slow Planning,” Port Review, 2023.

³ Insurance Council, “Cover and Climate,” 2025.
"""

# 3. Breadcrumbs and a tag list above the title, `By A, B and C`, an ISO date after the
#    byline, `[n]` calls, a `References` list numbered `[1]` (one without a space).
BREADCRUMBS = """\
Home › Publications › Briefs

Topics: Energy, Grids, Storage

Storing the Wind for Calm Days

By Cara Dune, Eli Moss and Fay Wren

2024-11-02

Wind farms produce most when demand is lowest.[1] Storage could shift that output to \
the evening peak.[2]

Batteries or Hydrogen

Batteries respond in seconds, hydrogen lasts for weeks. A grid probably needs both, in \
proportions that depend on its weather.[3]

References

[1] Grid Operator, Yearly Statistics, 2023.

[2]Storage Council, “Shifting Output,” 2024.

[3] G. Writer, Weather and Grids (Town: Press, 2022).
"""

# 4. One author per line with the role on the next line, a labelled date, digits glued
#    to words, a `Sources` list numbered `1)`.
ONE_AUTHOR_PER_LINE = """\
Rivers Without Borders

Maria Rossi

Senior Research Fellow

Jan Kowalski

Programme Director

Published: 3 March 2024

Shared rivers carry disputes as well as water across frontiers1 and into courtrooms. \
Treaties help, but only when upstream states keep them.

Treaties That Last

The oldest treaties share a feature: a joint commission that meets every year2 and \
publishes its figures.

Sources

1) River Institute, Disputes Database, 2022.

2) Commission Archive, Minutes 1960–2020, 2021.
"""

# 5. `Name, Role` without `By`, a date after it, `(n)` calls that run 1…N, a notes list
#    numbered `1 ` under no heading, and a note of two paragraphs.
PAREN_CALLS = """\
Farming After the Drought

Ann Lee, Director, Centre for Dry Lands

March 3, 2024

Farmers replanted quickly once the rains returned (1). Yields recovered within two \
seasons, faster than most forecasts had said (2).

Seeds and Soil

Hardier seeds explain part of the recovery (3). Soil care explains the rest.

1 Ministry of Agriculture, Harvest Figures, 2023.

2 A. Agronomist, “Hardier Seeds,” Field Journal, 2023.

The same journal published a reply, with new figures, in its next issue.

3 Forecast Office, Seasonal Outlook, 2022.
"""

# 6. A subtitle, date and reading time packed on one line, a `Footnotes` list numbered
#    `1.` without a space, glued calls after closing quotation marks.
PACKED_DATELINE = """\
The Quiet Grid

How small towns keep their lights on

June 16, 2025 · 6 min read

By Dee Holt

Small towns rely on lines that few people remember exist.1 One mayor called them “the \
threads that hold us”.2

Local Crews

Crews that live nearby fix faults faster. In one valley the average repair took three \
hours, against nine elsewhere.3

Footnotes

1.Utility Board, Rural Lines, 2021.

2.Interview with a mayor, 2024.

3.Utility Board, Repair Times, 2023.
"""

# 7. A capitalised category line, `By … | date`, superscript calls after closing
#    quotation marks, superscript notes without a space, a disclaimer without a label.
CATEGORY_LINE = """\
COMMENTARY

Old Alliances, New Members

By Jane Doe | 16 June 2025

Two new members joined the alliance this spring, bringing “fresh resolve”.¹ Their \
armies are small, but their geography matters.²

Geography First

The new members guard a narrow sea. Their ports can host allied ships within hours.³

The views expressed in this commentary are the author’s own and do not necessarily \
reflect those of the institute.

Notes

¹Alliance Press Office, “New Members,” 2025.

²A. Strategist, Narrow Seas (City: Press, 2024).

³Navy Review, “Ports,” 2025.
"""

# 8. A numbered series line, two authors as `Name, Role and Name, Role`, a `Disclaimer:`
#    before the notes, a `Print` button mid-page, digits glued after commas and colons.
NUMBERED_SERIES = """\
Policy Brief No. 7

Cities and the Heat

By Ivo Petrov, Research Fellow, and Lena Berg, Senior Analyst

2 May 2024

Cities trap heat in stone and asphalt,1 and their poorest districts trap the most.

Print

Shade and Water

Trees lower street temperatures by several degrees:2 that is why planting them is the \
cheapest measure.3

Disclaimer: The views are the authors’ own and not those of the Urban Futures Institute.

Notes

1. Climate Office, Urban Heat, 2023.

2. Parks Department, Tree Survey, 2022.

3. City Budget Office, Measures Compared, 2024.
"""

STYLES = {
    "glued-punctuation": (GLUED_PUNCTUATION, {
        "title": "Rebuilding Trust on the Northern Frontier", "series": "Security Perspectives",
        "subtitle": None, "date": "2025-06-16",
        "authors": [("A. Author", "Senior Fellow")], "kinds": "PHPHP",
        "calls": [1, 2, 3, 4, 5], "notes": [1, 2, 3, 4, 5]}),
    "superscripts": (SUPERSCRIPTS, {
        "title": "Harbours in a Warming Sea", "series": None, "subtitle": None,
        "date": "2025-06-16", "authors": [("Ann Lee", None), ("Bo Chan", None)],
        "kinds": "PHP", "calls": [1, 2, 3], "notes": [1, 2, 3]}),
    "breadcrumbs": (BREADCRUMBS, {
        "title": "Storing the Wind for Calm Days", "series": None, "subtitle": None,
        "date": "2024-11-02",
        "authors": [("Cara Dune", None), ("Eli Moss", None), ("Fay Wren", None)],
        "kinds": "PHP", "calls": [1, 2, 3], "notes": [1, 2, 3]}),
    "one-author-per-line": (ONE_AUTHOR_PER_LINE, {
        "title": "Rivers Without Borders", "series": None, "subtitle": None,
        "date": "2024-03-03",
        "authors": [("Maria Rossi", "Senior Research Fellow"),
                    ("Jan Kowalski", "Programme Director")],
        "kinds": "PHP", "calls": [1, 2], "notes": [1, 2]}),
    "paren-calls": (PAREN_CALLS, {
        "title": "Farming After the Drought", "series": None, "subtitle": None,
        "date": "2024-03-03", "authors": [("Ann Lee", "Director, Centre for Dry Lands")],
        "kinds": "PHP", "calls": [1, 2, 3], "notes": [1, 2, 3]}),
    "packed-dateline": (PACKED_DATELINE, {
        "title": "The Quiet Grid", "series": None,
        "subtitle": "How small towns keep their lights on", "date": "2025-06-16",
        "authors": [("Dee Holt", None)], "kinds": "PHP", "calls": [1, 2, 3],
        "notes": [1, 2, 3]}),
    "category-line": (CATEGORY_LINE, {
        "title": "Old Alliances, New Members", "series": "COMMENTARY", "subtitle": None,
        "date": "2025-06-16", "authors": [("Jane Doe", None)], "kinds": "PHPP",
        "calls": [1, 2, 3], "notes": [1, 2, 3]}),
    "numbered-series": (NUMBERED_SERIES, {
        "title": "Cities and the Heat", "series": "Policy Brief", "subtitle": None,
        "date": "2024-05-02",
        "authors": [("Ivo Petrov", "Research Fellow"), ("Lena Berg", "Senior Analyst")],
        "kinds": "PHP", "calls": [1, 2, 3], "notes": [1, 2, 3]}),
}  # fmt: skip


@pytest.mark.parametrize("style", sorted(STYLES))
def test_house_style_structure(style):
    text, expected = STYLES[style]
    doc = normalize_text(text, f"{style}.txt")
    assert summary(doc) == expected, problems(doc)
    assert not doc.errors(), problems(doc, "error")
    # No call is left behind as text, and no page furniture became a heading or paragraph.
    body = " ".join(b.text for b in doc.blocks)
    for furniture in ("min read", "Share ", "Print", "Home ›", "Topics:", "Notes", "Sources"):
        assert furniture not in body
    uncalled = [d for d in doc.diagnostics if "never called" in d.message]
    assert not uncalled


def test_glued_calls_keep_the_punctuation_and_leave_no_digits():
    doc = normalize_text(GLUED_PUNCTUATION, "g.txt")
    first = doc.paragraphs()[0].text
    assert "environment. The old framework, many said, had become void, and" in first
    assert "personnel; this would" in doc.paragraphs()[1].text


def test_chrome_is_dropped_with_an_info_line():
    doc = normalize_text(SUPERSCRIPTS, "s.txt")
    infos = [d for d in doc.diagnostics if d.level == "info" and "furniture" in d.message]
    assert [d.line for d in infos] == [3, 5, 13]


def test_multi_paragraph_note_is_joined():
    doc = normalize_text(PAREN_CALLS, "p.txt")
    assert doc.note(2).text.endswith("in its next issue.")
    assert doc.note(3).text == "Forecast Office, Seasonal Outlook, 2022."


def test_unlabelled_disclaimer_before_the_notes_stays_with_a_warning():
    doc = normalize_text(CATEGORY_LINE, "c.txt")
    last = doc.paragraphs()[-1]
    assert last.text.startswith("The views expressed")
    warned = [d for d in doc.diagnostics if "reads like a disclaimer" in d.message]
    assert [d.line for d in warned] == [last.line]
    assert doc.colophon.disclaimer is None


def test_labelled_disclaimer_before_the_notes_goes_to_the_colophon():
    doc = normalize_text(NUMBERED_SERIES, "n.txt")
    assert doc.meta.number == 7  # from the series line `Policy Brief No. 7`
    assert doc.colophon.disclaimer.startswith("The views are the authors’ own")
    assert doc.meta.publisher == "Urban Futures Institute"
    assert "views" not in " ".join(b.text for b in doc.blocks)


def test_unlabelled_disclaimer_after_the_notes_is_kept_in_the_colophon():
    text = GLUED_PUNCTUATION + (
        "\nThe opinions in this paper are solely those of its authors and do not represent "
        "any government.\n"
    )
    doc = normalize_text(text, "d.txt")
    assert doc.colophon.disclaimer.startswith("The opinions in this paper")
    assert not doc.note(5).text.endswith("government.")
    assert any("unlabelled paragraph after the notes" in d.message for d in doc.diagnostics)


# Numbers that must stay text, in a brief whose calls are glued digits and whose notes run
# to 9, so that 5, 7 and 9 are all note numbers.
NUMBERS = """\
Counting Forces

By Ann Lee

March 3, 2024

In 2024 the army grew to 790 000. Its reserve reached 2.4 million, said the minister.1

Under Article 5 the allies must help one another. The G7 agreed, and the F-35 order grew \
by 21 aircraft in the 21st year of the programme.2 See p.9 of the report and No.7 of the \
series; in the 1990s CO2 output was lower, and COVID-19 changed budgets in 2020.

Budgets

Spending rose 3.5 per cent, to 1,250 million, by 10:30 on 5 May.3 The 2nd review came \
later.4 Carbon in m² rose too.5

Plans

Six more steps follow.6 Each has its own budget.7 The last two are reviews.8 They end \
the plan.9

Notes

1. One.

2. Two.

3. Three.

4. Four.

5. Five.

6. Six.

7. Seven.

8. Eight.

9. Nine.
"""


def test_numbers_do_not_become_calls():
    doc = normalize_text(NUMBERS, "numbers.txt")
    assert summary(doc)["calls"] == list(range(1, 10)), problems(doc)
    assert not doc.errors()
    text = " ".join(b.text for b in doc.blocks)
    for kept in ("In 2024 the army", "790 000.", "2.4 million", "Article 5", "G7", "F-35",
                 "21 aircraft", "21st year", "p.9", "No.7", "1990s", "CO2", "COVID-19",
                 "in 2020.", "3.5 per cent", "1,250 million", "10:30", "5 May", "2nd review",
                 "m² rose"):  # fmt: skip
        assert kept in text, kept
    assert not [d for d in doc.diagnostics if "never called" in d.message]


def test_a_doubtful_call_is_a_warning_naming_the_line():
    # A glued number that fits no note: kept as text, with a warning on its line.
    doc = normalize_text(NUMBERS.replace("the minister.1", "the minister.1 Once more.12"), "x.txt")
    warned = [d for d in doc.diagnostics if "looks like a note call" in d.message]
    assert [d.line for d in warned] == [7] and "12" in warned[0].message
    assert "Once more.12" in doc.paragraphs()[0].text
    # A call after a year is taken only as the next call, and said.
    doc = normalize_text(NUMBERS.replace("the minister.1", "in 2023.1 The minister agreed."),
                         "y.txt")  # fmt: skip
    warned = [d for d in doc.diagnostics if "after a year" in d.message]
    assert [d.line for d in warned] == [7]
    assert summary(doc)["calls"] == list(range(1, 10))


def test_enumerations_in_parentheses_are_not_calls():
    text = PAREN_CALLS.replace("Soil care explains the rest.", "It had (1) roots and (2) husks.")
    doc = normalize_text(text, "enum.txt")
    assert summary(doc)["calls"] == []
    assert any("do not run 1, 2" in d.message for d in doc.diagnostics)


def test_roles_reach_the_document_and_names_stay_names():
    doc = normalize_text(GLUED_PUNCTUATION, "g.txt")
    assert doc.meta.authors == [Author("A. Author", "Senior Fellow")]
    assert doc.meta.authors[0] != "A. Author"  # it has a role


# --- generated briefs: a random structure rendered in a random house style ------------------

WORDS = ["water", "rivers", "ports", "trade", "money", "time", "towns", "roads", "power",
         "grids", "farms", "seeds", "soil", "crews", "lines", "storms", "coasts", "budgets",
         "treaties", "courts", "plans", "reviews", "figures", "markets", "prices", "workers",
         "schools", "bridges"]  # fmt: skip
JOINERS = ("of", "and", "in", "for", "the")
FIRST = ("Ann", "Bo", "Cara", "Dee", "Eli", "Fay", "Ivo", "Jan", "Lena", "Maria")
LAST = ("Lee", "Chan", "Dune", "Holt", "Moss", "Wren", "Petrov", "Berg", "Rossi", "Kowalski")
ROLES = ("Senior Fellow", "Research Fellow", "Programme Director", "Senior Analyst",
         "Director, Centre for Coastal Studies")  # fmt: skip
DATES = {  # ISO date → how a page may print it
    "2025-06-16": ("June 16, 2025", "16 June 2025", "2025-06-16", "16.06.2025",
                   "Published: 16 June 2025", "Monday, June 16, 2025"),
}  # fmt: skip
SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _token(k: int) -> str:
    syllables = ("ka", "lo", "mi", "nu", "pe", "ra", "si", "tu")
    return "".join(syllables[(k >> shift) % 8] for shift in (0, 3, 6, 9)) + "n"


def _title_case(words: list[str]) -> str:
    return " ".join(w if w in JOINERS and i else w.capitalize() for i, w in enumerate(words))


@st.composite
def phrase(draw: st.DrawFn, low: int, high: int, joiner: bool = False) -> list[str]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=low, max_size=high))
    if joiner:
        words.insert(draw(st.integers(1, len(words) - 1)), draw(st.sampled_from(JOINERS)))
    return words


@st.composite
def web_brief(draw: st.DrawFn) -> tuple[str, dict]:
    """A brief with a known structure, rendered in a randomly chosen house style."""
    call_style = draw(st.sampled_from(["bracket", "punct", "word", "super", "paren"]))
    note_form = draw(st.sampled_from(["[{n}] ", "[{n}]", "{n}. ", "{n}.", "{n}) ", "{sup} ",
                                      "{sup}", "{n} "]))  # fmt: skip
    heading_for_notes = draw(st.sampled_from(["Notes", "Endnotes", "References", "Sources",
                                              "Footnotes", None]))  # fmt: skip

    # Structure: sections of paragraphs of sentences, some sentences calling a note.
    calls = serial = 0
    sections: list[tuple[str | None, list[str]]] = []
    for index in range(draw(st.integers(1, 4))):
        heading = None if index == 0 else _title_case(draw(phrase(2, 3, joiner=True)))
        paragraphs = []
        for _ in range(draw(st.integers(1, 3))):
            sentences = []
            for _ in range(draw(st.integers(1, 3))):
                # Every third word is one no other sentence has, so that no sentence
                # repeats another closely enough to be read as a pull quote.
                serial += 1
                drawn = draw(phrase(6, 12))
                words: list[str] = []
                for i, word in enumerate(drawn):
                    words += [_token(serial * 8 + i), word] if i % 2 == 0 else [word]
                text = " ".join(words).capitalize()
                if draw(st.booleans()) or calls == 0:
                    calls += 1
                    n = calls
                    text = {
                        "bracket": f"{text}.[{n}]", "punct": f"{text}.{n}",
                        "word": f"{text}{n}.", "super": f"{text}.{str(n).translate(SUPER)}",
                        "paren": f"{text} ({n}).",
                    }[call_style]  # fmt: skip
                else:
                    text += "."
                sentences.append(text)
            paragraphs.append(" ".join(sentences))
        sections.append((heading, paragraphs))

    # Header: series line, title, byline and date in one of the orders pages use.
    title = _title_case(draw(phrase(3, 5, joiner=True)))
    series = draw(st.sampled_from([None, "Policy Papers", "Working Paper Series", "COMMENTARY"]))
    names = [f"{f} {surname}" for f, surname in zip(
        draw(st.permutations(FIRST)), draw(st.permutations(LAST)), strict=True
    )][: draw(st.integers(1, 3))]  # fmt: skip
    byline_style = draw(st.sampled_from(["by", "name-role", "per-line"]))
    roles: list[str | None] = [None] * len(names)
    if byline_style == "by":
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        byline = [f"By {joined}"]
    elif byline_style == "name-role":
        names, roles = names[:1], [draw(st.sampled_from(ROLES))]
        byline = [f"{names[0]}, {roles[0]}"]
    else:
        roles = [draw(st.sampled_from(ROLES)) for _ in names]
        byline = [line for name, role in zip(names, roles, strict=True) for line in (name, role)]
    date = draw(st.sampled_from(DATES["2025-06-16"]))
    order = draw(st.sampled_from(["series-title-by-date", "series-title-date-by",
                                  "date-series-title-by", "by-series-title-date",
                                  "series-date-title-by"]))  # fmt: skip
    if byline_style == "per-line" and order.startswith("by"):
        order = "series-title-by-date"  # names alone on lines above a title are read as it
    subtitle = None
    if not order.endswith("title") and draw(st.booleans()):
        # A sentence-case subtitle under the title, with a byline or date after it.
        subtitle = "How " + " ".join(draw(phrase(3, 6, joiner=True)))
    title_lines = [title] + ([subtitle] if subtitle else [])
    parts = {"series": [series] if series else [], "title": title_lines, "by": byline,
             "date": [date]}  # fmt: skip
    groups = [parts[key] for key in order.split("-") if parts[key]]
    chrome = draw(st.sampled_from([None, "6 min read", "Share  Tweet  Email", "Home › Briefs"]))
    if chrome:  # page furniture between two parts of the header (or before or after it)
        groups.insert(draw(st.integers(0, len(groups))), [chrome])
    header = [line for group in groups for line in group]

    lines = list(header)
    for heading, paragraphs in sections:
        if heading:
            lines.append(heading)
        lines.extend(paragraphs)
    if heading_for_notes:
        lines.append(heading_for_notes)
    for n in range(1, calls + 1):
        mark = note_form.format(n=n, sup=str(n).translate(SUPER))
        lines.append(f"{mark}{FIRST[n % 10]} {LAST[n % 7]}, {_title_case(['report'])} {n}, 2024.")
    expected = {
        "title": title, "series": series, "subtitle": subtitle, "date": "2025-06-16",
        "authors": list(zip(names, roles, strict=True)),
        "headings": [h for h, _ in sections if h],
        "paragraphs": sum(len(p) for _, p in sections),
        "calls": list(range(1, calls + 1)), "notes": list(range(1, calls + 1)),
    }  # fmt: skip
    return "\n\n".join(lines) + "\n", expected


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(web_brief())
def test_generated_briefs_in_random_styles_recover_their_structure(brief):
    text, expected = brief
    doc = normalize_text(text, "generated.txt")
    found = {
        "title": doc.meta.title, "series": doc.meta.series, "subtitle": doc.meta.subtitle,
        "date": doc.meta.date,
        "authors": [(a.name, a.role) for a in doc.meta.authors],
        "headings": [b.text for b in doc.headings()],
        "paragraphs": len(doc.paragraphs()),
        "calls": [n for b in doc.blocks for n in b.notes],
        "notes": [n.number for n in doc.notes],
    }  # fmt: skip
    assert found == expected, text
    assert not doc.errors(), problems(doc, "error")


@pytest.mark.slow
def test_briefs_in_every_house_style_pass_the_release_gate(tmp_path):
    """Each style builds an EPUB, a screen PDF and a print PDF that pass every check."""
    from publish.release import release

    folder = tmp_path / "seeds"
    folder.mkdir()
    for style, (text, _) in STYLES.items():
        (folder / f"{style}.txt").write_text(text, encoding="utf-8")
    (folder / "numbers.txt").write_text(NUMBERS, encoding="utf-8")
    report = release(folder, tmp_path / "dist", jobs=2)
    assert report.exit_code == 0, [(o.source, o.problems) for o in report.outcomes]
    assert len(report.outcomes) == len(STYLES) + 1
    built = sorted(p.name for p in (tmp_path / "dist").iterdir() if p.suffix == ".epub")
    assert len(built) == len(STYLES) + 1


def test_lists_of_glued_calls_and_a_year_before_a_call():
    text = (
        "June 16, 2025\n\nCounting Treaties\n\n"
        "Leaders met in a changed environment.1,2 The act was void.3 In 1997,4 it was "
        "signed; 3,000 copies and 2024.5 million figures followed.\n\n"
        "Notes:\n\n1. One.\n\n2. Two.\n\n3. Three.\n\n4. Four.\n"
    )
    doc = normalize_text(text, "list.txt")
    assert summary(doc)["calls"] == [1, 2, 3, 4] and summary(doc)["kinds"] == "P"
    assert "3,000 copies and 2024.5 million" in doc.paragraphs()[0].text
    warned = [d for d in doc.diagnostics if d.level == "warning"]
    assert [(d.line, "digits after a year" in d.message) for d in warned] == [(5, True)]
