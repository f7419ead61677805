"""Regenerate the tool-made inputs of the readers' corpus (tests/corpus/).

    .venv/bin/python -m tests.corpus.make_corpus

The hand-written HTML pages (Word filtered, WordPress, Google Docs, Ghost, Substack, pages
with `[n]` text calls or `<li id="fn1">` notes) are committed as they are, written in each
producer's markup. This script makes the rest WITH the producer: pandoc (pypandoc-binary)
for Word, ODT, HTML5 and Markdown; python-docx for Word files without a Title style; a
Google Docs .docx in Google's markup (its exporter cannot run here);
LibreOffice (`soffice`) for its .docx and .odt; and Debian's chromium (selenium) for the
plain text a user gets by copying each page in a browser (`document.body.innerText`).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

PANDOC_MD = """---
title: "Brexit: The Long Goodbye"
author:
- Jane Smith
- Tom Reyes
date: 16 June 2025
---

# Where trade stands

Trade with the continent has fallen since the agreement took effect.[^1] Exporters report
more paperwork at every border crossing they use.

> Quotation from an official report, long enough to stand as a block quote in the text.

# What comes next

A new agreement on food standards is under discussion in both capitals.[^2]

- fewer checks on plants and animals;
- a shared register of traders.

| Year | Exports (bn) |
|------|-------------:|
| 2019 | 294 |
| 2024 | 261 |

[^1]: Office for National Statistics, 2024.
[^2]: Cabinet Office, statement of 3 March 2025.
"""


def pandoc_files() -> None:
    import pypandoc

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "brief.md"
        source.write_text(PANDOC_MD, encoding="utf-8")
        untitled = Path(tmp) / "untitled.md"
        untitled.write_text(PANDOC_MD.split("---", 2)[2], encoding="utf-8")
        for target, fmt, src in (
            ("pandoc-title.docx", "docx", source),
            ("pandoc-no-title.docx", "docx", untitled),
            ("pandoc.odt", "odt", source),
            ("pandoc-html5.html", "html5", source),
            ("pandoc-gfm.md", "gfm", source),
            ("pandoc-markdown.md", "markdown", source),
        ):
            extra = ["--standalone"] if fmt in ("html5", "gfm", "markdown") else []
            pypandoc.convert_file(str(src), fmt, outputfile=str(HERE / target), extra_args=extra)


def python_docx_files() -> None:
    import docx

    word = docx.Document()
    for text in (
        "Energy Security Brief No. 4: Gas After the Winter",
        "By Ann Lee, Senior Fellow",
        "3 March 2025",
        "Europe entered the winter with storage nearly full, which few had expected a year before.",
    ):
        word.add_paragraph(text)
    word.add_heading("Prices", level=1)
    word.add_paragraph("Wholesale prices fell by half between the two winters, as new terminals "
                       "opened on the coast.[1]")  # fmt: skip
    word.add_paragraph(
        "A quotation set in Word's Quote style, long enough to count.", style="Quote"
    )
    word.add_paragraph("Households saw a smaller fall, because retail contracts adjust slowly.[2]")
    word.add_heading("Endnotes", level=1)
    word.add_paragraph("1. Gas Infrastructure Europe, storage data, 2024.")
    word.add_paragraph("2. ACER market monitoring report.")
    word.add_paragraph("© 2025 The Energy Institute")
    word.save(HERE / "python-docx-no-title.docx")
    word = docx.Document()
    word.add_paragraph("Cities and Heat", style="Title")
    word.add_paragraph("Why shade is infrastructure", style="Subtitle")
    word.add_paragraph(
        "Cities are warming faster than the countryside, and the poor feel it first."
    )
    word.add_heading("Shade", level=1)
    word.add_paragraph("Trees cut street temperatures by several degrees on the hottest days.")
    word.add_paragraph(
        "A plain quotation from a city engineer, set in the Quote style.", style="Quote"
    )
    word.add_paragraph("An intense quotation from the mayor, set apart from the text.",
                       style="Intense Quote")  # fmt: skip
    word.add_paragraph("Planting takes decades, which is longer than any budget cycle.")
    word.save(HERE / "python-docx-quotes.docx")


# Google Docs' File › Download › Microsoft Word (.docx), written in its markup (Google's
# exporter cannot run here): styles by id (`Title`, `Subtitle`, `Heading1`) with Word's
# names, a `_heading=h.…` bookmark on each heading, Arial runs, calls as superscript
# `w:footnoteReference` runs, and footnotes.xml with Google's two separators (ids 0 and 1).
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_GDOCS_STYLES = (
    ("Normal", "normal", ""), ("Title", "Title", ""), ("Subtitle", "Subtitle", ""),
    ("Heading1", "heading 1", '<w:outlineLvl w:val="0"/>'),
    ("Heading2", "heading 2", '<w:outlineLvl w:val="1"/>'),
)  # fmt: skip


def _gdocs_paragraph(text: str, style: str = "", bookmark: str = "", note: int = 0) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    mark = (f'<w:bookmarkStart w:id="{note}{len(text)}" w:name="_heading=h.{bookmark}"/>'
            f'<w:bookmarkEnd w:id="{note}{len(text)}"/>') if bookmark else ""  # fmt: skip
    run = ('<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr>'
           f'<w:t xml:space="preserve">{text}</w:t></w:r>')  # fmt: skip
    call = ('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{note + 1}"/></w:r>') if note else ""  # fmt: skip
    return f"<w:p>{ppr}{mark}{run}{call}</w:p>"


def google_docs_file() -> None:
    import zipfile

    body = "".join([
        _gdocs_paragraph("Water and the Border", "Title"),
        _gdocs_paragraph("How two countries share a shrinking river", "Subtitle"),
        _gdocs_paragraph("Maria Keller, Research Fellow"),
        _gdocs_paragraph("12 May 2024"),
        _gdocs_paragraph("The river carries a third less water than it did in 1990, and "
                         "both countries draw more from it each year.", note=1),
        _gdocs_paragraph("The treaty", "Heading1", "gjdgxs"),
        _gdocs_paragraph("The treaty of 1961 divides the flow by fixed volumes, not by "
                         "shares, so a dry year falls on one side only.", note=2),
        _gdocs_paragraph("What could change", "Heading2", "30j0zll"),
        _gdocs_paragraph("A shared gauge network would let both sides see the same numbers."),
        _gdocs_paragraph(""),  # Google Docs keeps the empty paragraphs a user typed
    ])  # fmt: skip
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}>'
                f'<w:body>{body}<w:sectPr/></w:body></w:document>')  # fmt: skip
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
        f"<w:pPr>{extra}</w:pPr></w:style>"
        for sid, name, extra in _GDOCS_STYLES
    )
    notes = ["Basin Commission, flow records 1990-2023.", "Treaty text, article 4."]
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {_W}>'
        '<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        # Google sets a note's text by direct formatting (10 pt), with no FootnoteText style.
        + "".join(f'<w:footnote w:id="{i}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
                  '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/>'
                  '</w:r><w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> '
                  f"{text}</w:t></w:r></w:p></w:footnote>" for i, text in enumerate(notes, 2))
        + "</w:footnotes>"
    )  # fmt: skip
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{main}.styles+xml"/>'
            f'<Override PartName="/word/footnotes.xml" ContentType="{main}.footnotes+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/footnotes" Target="footnotes.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": document,
        "word/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f"<w:styles {_W}>{styles}</w:styles>"
        ),  # fmt: skip
        "word/footnotes.xml": footnotes,
    }
    with zipfile.ZipFile(HERE / "google-docs.docx", "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 12, 0, 0, 0))
            package.writestr(info, text.encode("utf-8"), zipfile.ZIP_DEFLATED)


def libreoffice_files() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--convert-to", "odt", "--outdir", tmp,
                        str(HERE / "python-docx-no-title.docx")], check=True,
                       capture_output=True, timeout=180)  # fmt: skip
        odt = Path(tmp) / "python-docx-no-title.odt"
        shutil.copy(odt, HERE / "libreoffice.odt")
        subprocess.run([soffice, "--headless", "--convert-to", "docx:MS Word 2007 XML",
                        "--outdir", tmp, str(HERE / "pandoc.odt")], check=True,
                       capture_output=True, timeout=180)  # fmt: skip
        shutil.copy(Path(tmp) / "pandoc.docx", HERE / "libreoffice.docx")


def browser_copies() -> None:
    """What a user gets by selecting a page in Chromium and pasting it as plain text."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        for page in ("wordpress-word-paste", "google-docs-export", "substack", "ghost",
                     "word-filtered", "hand-li-fn", "wordpress-footnotes-block",
                     "hand-text-calls", "pandoc-html5", "drupal-word-paste"):  # fmt: skip
            driver.get((HERE / f"{page}.html").as_uri())
            text = driver.execute_script("return document.body.innerText")
            (HERE / f"browser-copy-{page}.txt").write_text(text.strip() + "\n", encoding="utf-8")
    finally:
        driver.quit()


if __name__ == "__main__":
    pandoc_files()
    python_docx_files()
    google_docs_file()
    libreoffice_files()
    browser_copies()
