"""Regenerate the tool-made inputs of the readers' corpus (tests/corpus/).

    .venv/bin/python -m tests.corpus.make_corpus

The hand-written HTML pages (Word filtered, WordPress, Google Docs, Ghost, Substack, pages
with `[n]` text calls or `<li id="fn1">` notes) are committed as they are, written in each
producer's markup. This script makes the rest WITH the producer: pandoc (pypandoc-binary)
for Word, ODT, HTML5 and Markdown; python-docx for Word files without a Title style;
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
    libreoffice_files()
    browser_copies()
