"""Lint rules about the editions and their checkers (see table.py)."""

from __future__ import annotations

Row = tuple[str, str, str, str, str]

CHECKERS: tuple[Row, ...] = (
    # --- findings named by their checker or edition, matched first --------------------
    (
        "E001",
        "EPUBCheck error",
        r"^EPUBCheck: ",
        "fix what EPUBCheck names (its message id is given); report it if the brief is right",
        "EPUBCheck: ERROR(RSC-005): EPUB/text.xhtml(12,4): Error while parsing file",
    ),
    (
        "A001",
        "DAISY Ace violation",
        r"^DAISY Ace",
        "fix what the rule names in the source (alt text, headings, language); see "
        "https://kb.daisy.org/publishing/",
        "DAISY Ace: image-alt (serious) EPUB/text.xhtml",
    ),
    (
        "A005",
        "PDF/UA-1 rule failed",
        r"PDF/UA-1 \(",
        "fix what the rule names; report it if the brief is right",
        "pdf: PDF/UA-1 (page-validation 1.2): PDFUA1-ALT-TEXT figure without /Alt",
    ),
    (
        "A004",
        "PDF tagging",
        r"^(?:pdf|print|archive): tagging: |^tagging: ",
        "report it: the PDF's tags are ours to write",
        "pdf: tagging: a TH has no /Scope",
    ),
    (
        "E005",
        "the ONIX record",
        r"^ONIX: ",
        "correct the metadata onixcheck names (docs/METADATA.md)",
        "ONIX: onix.xml:12: element ProductForm not allowed",
    ),
    (
        "E006",
        "the print page list",
        r"^epub page list: |page list",
        "report it: the page markers come from the print layout",
        "epub page list: the page list does not list pages 1–6 in order",
    ),
    (
        "E007",
        "the Kobo edition",
        r"^kepub: ",
        "report it: the Kobo edition is made from the EPUB",
        "kepub: the text of a.xhtml differs",
    ),
    (
        "K001",
        "a Kindle conversion fault",
        r"^kindle: |^azw3: ",
        "the finding gives its fix (docs/EPUB.md lists the Kindle causes)",
        "kindle: scripts are stripped by Kindle's conversion: EPUB/a.xhtml; fix: remove the script",
    ),
    (
        "P008",
        "the archive edition",
        r"^archive: ",
        "report it; PDF/A-3u is checked by page-validation",
        "archive: the XMP does not declare pdfaid:part",
    ),
    (
        "W001",
        "the landing page",
        r"landing page|^site: |Nu HTML Checker",
        "report it: the landing page is generated",
        "landing page (Nu HTML Checker): 12.4: Bad value for attribute",
    ),
    (
        "A002",
        "a character no font has",
        r"no glyph in the embedded fonts",
        "set fonts in [style] to a family that has the characters (the message names one)",
        "epub: fonts: no glyph in the embedded fonts (Source Serif 4) for “✓”; fix: …",
    ),
    (
        "X001",
        "a renderer crashed",
        r"rendering failed",
        "run again with --debug and report the traceback",
        "pdf: rendering failed: ValueError: …",
    ),
)

EDITIONS: tuple[Row, ...] = (
    # --- A: accessibility -----------------------------------------------------------------
    (
        "A003",
        "an image or table without its description",
        r"has no alt attribute|has no caption|has no header cells|a th without scope|TH has no",
        "give images alt text and tables header cells in the source",
        "epub structure: text.xhtml: image 'f1.png' has no alt attribute",
    ),
    # --- E: EPUB --------------------------------------------------------------------------
    (
        "E002",
        "no cover or nav",
        r"cover image|cover-image|no nav document|nav has no",
        "report it: publish writes a cover and a nav unless the house style removes the cover",
        "epub structure: no nav document",
    ),
    (
        "E003",
        "no colophon",
        r"no colophon",
        "report it: the EPUB always ends with a colophon",
        "epub structure: no colophon section",
    ),
    (
        "E004",
        "pull quote semantics",
        r"pull quote (?:without|contains)",
        "report it: pull quotes are aria-hidden and hold no links",
        "epub structure: text.xhtml: pull quote contains a link",
    ),
    (
        "E008",
        "a file the book does not declare",
        r"is not a declared file of the book",
        "report it: every file the EPUB refers to is in its manifest",
        "epub structure: text.xhtml: image 'f1.png' is not a declared file of the book",
    ),
    (
        "E099",
        "another EPUB finding",
        r"^epub(?: structure)?: |\.xhtml",
        "read the message; report it if the brief is right",
        "epub structure: text.xhtml: odd",
    ),
    # --- P: PDF ---------------------------------------------------------------------------
    (
        "P001",
        "a font not embedded",
        r"font not embedded",
        "use a font whose licence allows embedding (docs/STYLE.md)",
        "pdf: font not embedded: Helvetica",
    ),
    (
        "P002",
        "print boxes and bleed",
        r"TrimBox|BleedBox|bleed is|boxes do not nest",
        "check [print] bleed in publish.toml (at least 3 mm)",
        "print: page 1: bleed is not 3 mm (…)",
    ),
    (
        "P003",
        "print colour and output intent",
        r"OutputIntent|DeviceRGB|ICC|GTS_PDFX|PDF/X|/Trapped|transparency",
        "check [print] profile in publish.toml names the printer's ICC profile",
        "print: preflight: no GTS_PDFX OutputIntent",
    ),
    (
        "P004",
        "an image below print resolution",
        r"dpi",
        "supply the image at 300 dpi at its printed size",
        "print: preflight: page 2: an image at 120 dpi, below 300 dpi",
    ),
    (
        "P005",
        "hairlines",
        r"line\(s\) under|pt line",
        "make rules in the house CSS at least 0.25 pt",
        "print: preflight: 2 line(s) under 0.25 pt, first page 1: a 0.10 pt line",
    ),
    (
        "P006",
        "PDF structure",
        r"/StructTreeRoot|/MarkInfo|/Lang|/ViewerPreferences|document "
        r"Title|bookmarks|no pages|unreadable PDF",
        "report it: the PDF writer sets these",
        "pdf: no /Lang in the catalog",
    ),
    (
        "P007",
        "the disclaimer's place",
        r"disclaimer is not on the last page",
        "report it: the disclaimer ends the PDF",
        "pdf: the disclaimer is not on the last page",
    ),
    (
        "P099",
        "another PDF finding",
        r"^(?:pdf|print): |preflight: ",
        "read the message; report it if the brief is right",
        "pdf: page 1 is blank",
    ),
    # --- K: Kindle ------------------------------------------------------------------------
    # --- W: web pages and feeds -----------------------------------------------------------
    (
        "W002",
        "the feeds",
        r"\b(?:OPDS|Atom|feed)\b|opds\.xml|feed\.xml",
        "report it: the feeds are generated",
        "feed.xml: entry 2 links to a missing file",
    ),
    # --- C: citation records --------------------------------------------------------------
    (
        "C001",
        "a citation record",
        r"\b(?:RIS|BibTeX|CSL|citations?)\b|\.ris\b|\.bib\b|csl\.json",
        "check the title, authors and date the record is made from",
        "citation records: b.ris: the title reads back as 'Draft', not 'Harbour Dues'",
    ),
    # --- L: lint itself -------------------------------------------------------------------
    (
        "L001",
        "an ignore that no longer fires",
        r"^ignore of [A-Z]\d{3} no longer fires",
        "delete the ignore from [lint] ignore",
        "ignore of T002 no longer fires: remove it",
    ),
    # --- X: other -------------------------------------------------------------------------
    (
        "X099",
        "any other finding",
        r"",
        "read the message; report it if the brief is right",
        "something unexpected",
    ),
)
