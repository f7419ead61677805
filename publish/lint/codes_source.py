"""Lint rules about the source: notes, metadata, structure, typography (see table.py)."""

from __future__ import annotations

from .patterns import NOTE as _NOTE

Row = tuple[str, str, str, str, str]

SOURCE: tuple[Row, ...] = (
    # --- N: notes -------------------------------------------------------------------------
    (
        "N001",
        "a note with no call",
        _NOTE + r" (?:has|have) no call in the text",
        "add the call [n] where the note belongs, or delete the note",
        "pdf: note 3 has no call in the text (line 57)",
    ),
    (
        "N002",
        "a note never called",
        _NOTE + r" (?:is|are) never called",
        "add the call [n] in the text, or delete the note",
        "note 4 is never called",
    ),
    (
        "N003",
        "a note called twice",
        _NOTE + r" (?:is|are) called more than once",
        "give the second call a note of its own, or refer to the note in words",
        "note 2 is called more than once",
    ),
    (
        "N004",
        "an empty note",
        _NOTE + r" (?:is|are) empty",
        "write the note's text after its number, or delete it",
        "note 5 is empty",
    ),
    (
        "N005",
        "notes out of order",
        r"(?:note \d+ out of order|notes are out of order|note calls are out of numerical order)",
        "number the notes 1, 2, … in the order their calls appear",
        "note 7 out of order (expected 6)",
    ),
    (
        "N006",
        "a note set off its call's page",
        _NOTE + r" (?:is on page|is not on page|are not on their call's page|are missing from)",
        "shorten the note or the paragraph that calls it; report it if it persists",
        "pdf: note 2 is on page 3, its call on page 2 (line 14)",
    ),
    (
        "N007",
        "a note with no link back",
        _NOTE + r" (?:has|have) no link back|note call .* has no id to return to",
        "report it: the EPUB writer links every note back to its call",
        "note 1 has no link back to its call",
    ),
    (
        "N008",
        "a call that leads nowhere",
        r"its call leads to no note|calls that lead to no note|points to a non-note|links to "
        r"another call|numbers that link to another call",
        "report it: every call should lead to its note",
        "note 9: its call leads to no note",
    ),
    (
        "N009",
        "a call printed as text",
        r"note call “[^”]*” printed as text|is not a call in Markdown|called as “\[n\]”",
        "write the call as [n] (plain text) or [^n] (Markdown), with a note n in the list",
        "page 4: note call “[12]” printed as text",
    ),
    (
        "N010",
        "a number read as a call, or not",
        r"taken as a call to note|looks like a note call|look like note calls|not taken as "
        r"note calls|a repeated call to note",
        "write the call as [n] if it is one; otherwise leave it (the warning says which was done)",
        "“in 2024.3” taken as a call to note 3 (digits after a year); write it [n] if that is "
        "wrong",
    ),
    (
        "N011",
        "no notes list found",
        r"no notes list|titled like the notes but was read as body text|numbered paragraphs as "
        r"the notes",
        "put the notes under a heading such as Endnotes, each starting [n]",
        "read 3 numbered paragraphs as the notes, and their [n] calls in the text as note calls",
    ),
    (
        "N012",
        "a note repaired",
        r"^note \d+: |joined this paragraph to note",
        "check the note reads as intended",
        "note 3: unclosed quotation",
    ),
    (
        "N099",
        "another note finding",
        r"\bnotes?\b \d+|Note elements? ",
        "read the message; report it if the brief is right",
        "note 2 cannot be placed",
    ),
    # --- M: metadata ----------------------------------------------------------------------
    (
        "M001",
        "no title, or a guessed one",
        r"no title (?:found|given)",
        "mark the title: a Title style (Word), `# Title` or `title:` (Markdown), or the first "
        "line (plain text)",
        "no title given: took the first heading “Aims” as the title (mark it: a Title style, "
        "`h1`, or `title:`)",
    ),
    (
        "M002",
        "no date, or a doubtful one",
        r"no date found|taken from the file's creation date|impossible date|” is impossible|"
        r"a real day|there is no month",
        "put a date line such as “June 16, 2025” under the title, or `date = 2025-06-16` in the "
        "sidecar",
        "no date found: expected a date line such as “June 16, 2025”",
    ),
    (
        "M003",
        "language unknown or unsupported",
        r"^language: |no hyphenation dictionary|no label catalogue",
        'declare the language (`language = "en-GB"` in the sidecar or front matter)',
        "language: too little text to tell its language; declare it (front matter or sidecar "
        "`language: en-GB`); tagged 'und'",
    ),
    (
        "M004",
        "an author read as a heading",
        r"looks like an author's name",
        "write “By Name” under the title, or set `authors` in the sidecar",
        "“Jane Doe” under the title looks like an author's name but is read as a heading: "
        "write “By Jane Doe” if it is the author",
    ),
    (
        "M005",
        "a metadata key or value refused",
        r"unknown key|key “[^”]+” must be|not valid TOML|belongs? in publish\.toml|check digit|"
        r"not a valid (?:ISBN|ISSN|DOI)|slug “",
        "correct the key or value at the line named; docs/METADATA.md lists every key",
        "publish.toml:4: unknown key “colour” (known keys: …)",
    ),
    (
        "M006",
        "one layer overrides another",
        r"^[a-z_.]+: .* gives .*, overriding",
        "nothing to do if the later layer is right; remove the earlier value otherwise",
        "date: the text gives '2025-06-16', overriding Word properties ('2025-06-01')",
    ),
    (
        "M007",
        "house style refused",
        r"^(?:logo|fonts|stylesheet|style)[:.]|the house CSS|stylesheet .* refers|fonts = ",
        "correct the [style] table at the line named; docs/STYLE.md lists its keys",
        "fonts: no font family “Arial” (fix: …)",
    ),
    (
        "M099",
        "another metadata finding",
        r"publish\.toml|sidecar|front matter",
        "read the message and correct the metadata it names",
        "front matter: not a table",
    ),
    # --- S: structure of the source -------------------------------------------------------
    (
        "S001",
        "no body text",
        r"no body paragraphs found|^(?:the file|the brief) is empty",
        "check the file is the brief: it has no paragraphs the reader could take",
        "no body paragraphs found",
    ),
    (
        "S002",
        "an empty section",
        r"empty section",
        "write the section's text, or delete its heading",
        "empty section “Background”",
    ),
    (
        "S003",
        "heading levels",
        r"heading level skips|heading treated as a section heading",
        "use section headings (## in Markdown, Heading 1 in Word) one level below the title",
        "h4 heading treated as a section heading (##)",
    ),
    (
        "S004",
        "a pull quote not in the body",
        r"pull quote: its source sentence|looks like a pull quote, but no body sentence",
        "a pull quote repeats a sentence of the body word for word: copy the sentence exactly",
        "line looks like a pull quote, but no body sentence repeats it; kept as a paragraph",
    ),
    (
        "S005",
        "web page text dropped",
        r"dropped (?:web|site|the site's|web-only)|site chrome|site text",
        "nothing to do if the dropped line was the website's; otherwise move it into the body",
        "dropped site text “Share this page”",
    ),
    (
        "S006",
        "a disclaimer guessed",
        r"reads like a disclaimer|as the disclaimer",
        "label it “Disclaimer:” or set the `disclaimer` key",
        "this paragraph reads like a disclaimer; kept in the body (label it “Disclaimer:” or "
        "set the `disclaimer` key to move it to the colophon)",
    ),
    (
        "S007",
        "a figure or table without its parts",
        r"^(?:figure|table) \d+|caption or source line|kept as text: the graphic|image title and "
        r"a caption|list inside a block quote|numbered list restarting",
        "give figures alt text and a caption, tables header cells, in the source",
        "figure 1 has no alt text: describe the picture (Markdown ![alt](file))",
    ),
    (
        "S008",
        "Word styles not understood",
        r"^Word file: |Word style",
        "apply Word's built-in styles (Title, Heading 1, Quote, …) in the document",
        "Word file: 3 paragraphs in style “Brief Head” read as body text",
    ),
    (
        "S009",
        "the source repaired",
        r"control character|not UTF-8|encoding|replaced",
        "save the file as UTF-8 without control characters",
        "removed 2 control characters",
    ),
    (
        "S099",
        "another finding about the source",
        r"^(?:heading|paragraph|list|section) ",
        "read the message and check the source at the line named",
        "paragraph 3 is too long",
    ),
    # --- T: typography --------------------------------------------------------------------
    (
        "T001",
        "a word broken across pages",
        r"ends the page in a word broken across the page",
        "report it: the PDF keeps hyphenated words on one page",
        "pdf: page 3, line 12 ends the page in a word broken across the page: “inter-” / "
        "“national”",
    ),
    (
        "T002",
        "a loose line",
        r" is loose: ",
        "rewrite the sentence, or add a soft hyphen (U+00AD) in a long word of the line",
        "pdf: page 2, line 7 is loose: its word spaces are 2.1 times the natural space (the "
        "house limit is 2): “…”",
    ),
    (
        "T003",
        "a line past the margin",
        r"past the right margin",
        "add a soft hyphen (U+00AD) in the long word, or a break point in a URL",
        "pdf: page 1, line 4 runs 12 pt past the right margin: “…”",
    ),
    (
        "T004",
        "a short line",
        r"of the measure: |short of its own measure",
        "report it: only a paragraph's last line may be short",
        "pdf: page 2, line 3 fills 41% of the measure: “…”",
    ),
    (
        "T099",
        "another typography finding",
        r"\bline \d+\b.*“",
        "read the message and check the page it names",
        "pdf: page 1, line 2 overlaps: “…”",
    ),
)
