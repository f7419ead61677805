"""Every brief in its own language: catalogues, CLDR dates and quotes, hyphenation, RTL."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from lxml import etree

from publish.checks.pdfcheck import has_words
from publish.cli import main
from publish.i18n import LOCALES_DIR, available, language_notes, quotation_marks
from publish.labels import LABELS, Labels, placeholders
from publish.load import normalize_markdown

from .i18n_briefs import BRIEFS, LANGUAGES, markdown

SHIPPED = ("ar", "de", "en", "et", "fi", "fr", "lt", "lv", "pl", "uk")
# What the issue asks for, letter for letter.
EXPECTED_DATES = {"et": "16. juuni 2025", "de": "16. Juni 2025", "fr": "16 juin 2025"}
EXPECTED_QUOTES = {"de": ("„", "“"), "et": ("„", "“"), "fr": ("«", "»"), "pl": ("„", "”")}


def catalogue(lang: str):
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "publish.po").open("rb") as handle:
        return read_po(handle, locale=lang)


# --- the catalogues ----------------------------------------------------------------------------


def test_ten_languages_ship_a_catalogue():
    assert tuple(available()) == SHIPPED


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_label_is_translated_with_the_same_placeholders(lang):
    messages = {m.context: m for m in catalogue(lang) if m.id}
    assert set(messages) == set(LABELS), "run `make catalogues` and translate the new labels"
    for key, english in LABELS.items():
        message = messages[key]
        assert message.id == english, f"{lang}: {key} was written for another English text"
        assert message.string and not message.fuzzy, f"{lang}: {key} is not translated"
        assert placeholders(message.string) == placeholders(english), (lang, key)


def test_the_template_lists_every_label():
    with (LOCALES_DIR / "publish.pot").open("rb") as handle:
        template = read_po(handle)
    assert {m.context: m.id for m in template if m.id} == LABELS


def test_a_new_po_file_is_a_new_language_without_code(tmp_path, monkeypatch):
    """A translator drops in sv/LC_MESSAGES/publish.po: it is compiled and used on load."""
    import publish.i18n as i18n

    folder = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, folder)
    po = folder / "sv" / "LC_MESSAGES" / "publish.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "notes"\nmsgid "Notes"\nmsgstr "Noter"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES_DIR", folder)
    i18n.translations.cache_clear()
    try:
        t = Labels("sv")
        assert t("notes") == "Noter"
        assert t("colophon") == "Colophon"  # not translated yet: English
        assert not any("label catalogue" in n for n in language_notes("sv"))
    finally:
        i18n.translations.cache_clear()


def test_other_languages_fall_back_to_english_with_an_info_line():
    doc = normalize_markdown(markdown("en").replace("language: en", "language: sv"), "sv.md")
    assert Labels("sv")("notes") == "Notes"
    infos = [d.message for d in doc.diagnostics if d.level == "info"]
    assert any("no label catalogue for language “sv”" in m for m in infos), infos
    # A regional tag uses its language's catalogue, silently.
    assert Labels("de-AT")("notes") == "Anmerkungen"
    assert not any("catalogue" in n for n in language_notes("de-AT"))


# --- CLDR: dates, numbers, quotation marks --------------------------------------------------------


@pytest.mark.parametrize("lang", SHIPPED)
def test_dates_follow_cldr(lang):
    day = date(2025, 6, 16)
    cldr = Locale.parse("en_GB" if lang == "en" else lang)
    cldr_date = format_date(day, "long", locale=cldr).replace("\u202f", "\u00a0")
    assert Labels(lang).date("2025-06-16") == cldr_date
    if lang in EXPECTED_DATES:
        assert Labels(lang).date("2025-06-16") == EXPECTED_DATES[lang]
    # A month alone still names the month in the language, never in English.
    if lang != "en":
        assert "June" not in Labels(lang).date("2025-06")


def test_number_label_follows_the_locale():
    assert Labels("et")("number", number=Labels("et").number(3)) == "Nr 3"
    assert Labels("de")("number", number=3) == "Nr. 3"
    assert Labels("en")("number", number=3) == "No. 3"
    assert Labels("en").number(12345) == "12,345" and Labels("de").number(12345) == "12.345"


@pytest.mark.parametrize("lang", SHIPPED)
def test_quotation_marks_follow_cldr(lang):
    start, end = Labels(lang).quotes()
    assert (start.strip(), end.strip()) == quotation_marks(lang)
    if lang in EXPECTED_QUOTES:
        assert (start.strip(), end.strip()) == EXPECTED_QUOTES[lang]


def test_pull_quote_marks_in_the_pdf_markup_and_authors_marks_untouched():
    from publish.pdf.html import document_html

    doc = normalize_markdown(markdown("de"), "de.md")
    html = document_html(doc)
    quote = BRIEFS["de"]["quote"]
    assert f'<span class="qmark">„</span>{quote}<span class="qmark">“</span>' in html
    # The author's own marks: the text is left exactly as written, nothing added.
    own = markdown("de").replace(f"> {quote}", f"> »{quote}«")
    html = document_html(normalize_markdown(own, "de.md"))
    assert f"<p>»{quote}«</p>" in html and "qmark" not in html


# --- hyphenation, lang, direction ---------------------------------------------------------------


def test_hyphenation_language_and_ragged_setting():
    from publish.pdf.html import document_html

    de = document_html(normalize_markdown(markdown("de"), "de.md"))
    assert '<html lang="de" class="screen">' in de  # justified, hyphenated by Pyphen's de
    fi_doc = normalize_markdown(markdown("fi"), "fi.md")
    assert '<html lang="fi" class="screen ragged">' in document_html(fi_doc)
    assert any(
        d.level == "info" and "no hyphenation dictionary for language “fi”" in d.message
        for d in fi_doc.diagnostics
    )
    ar = document_html(normalize_markdown(markdown("ar"), "ar.md"))
    assert '<html lang="ar" dir="rtl" class="screen ragged">' in ar


def test_page_line_and_arabic_face_in_the_pdf_css():
    from publish.pdf.html import document_css

    css = document_css(normalize_markdown(markdown("de"), "de.md"))
    assert 'content: "Seite " counter(page) " von " counter(pages);' in css
    assert "Amiri" not in css
    css = document_css(normalize_markdown(markdown("ar"), "ar.md"))
    assert "@top-right" in css and 'url("fonts/Amiri-Regular.ttf")' in css


# --- per-brief overrides --------------------------------------------------------------------------


def test_front_matter_labels_override_one_string(tmp_path):
    from publish.epub.backmatter import notes_page
    from publish.epub.xhtml import NoteCalls

    text = markdown("de").replace("---\n\n", "labels:\n  notes: Endnoten\n---\n\n", 1)
    doc = normalize_markdown(text, "de.md")
    assert doc.meta.labels == {"notes": "Endnoten"}
    page = notes_page(doc, "de", NoteCalls({1, 2}))
    assert '<h2 id="notes-title">Endnoten</h2>' in page
    # Everything else is still German.
    from publish.labels import labels_for

    assert labels_for(doc)("colophon") == "Impressum"


def test_sidecar_labels_add_to_the_house_profile(tmp_path):
    from publish.load import normalize_file

    # The house profile sits above the briefs' folder; the sidecar beside the brief.
    (tmp_path / "publish.toml").write_text('labels = {colophon = "Imprint"}\n', encoding="utf-8")
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    (briefs / "b.md").write_text(markdown("en"), encoding="utf-8")
    (briefs / "b.toml").write_text('labels = {notes = "Endnotes"}\n', encoding="utf-8")
    doc = normalize_file(briefs / "b.md")
    assert doc.meta.labels == {"colophon": "Imprint", "notes": "Endnotes"}


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ('{footnotes = "X"}', "“footnotes” is not one"),
        ('{page_of = "{page} of {total}"}', "“page_of” may not use {total}"),
        ('"Notes"', "must be a table of label = text"),
    ],
)
def test_bad_label_overrides_name_the_file(tmp_path, capsys, labels, message):
    (tmp_path / "b.md").write_text(markdown("en"), encoding="utf-8")
    (tmp_path / "b.toml").write_text(f"labels = {labels}\n", encoding="utf-8")
    assert main(["normalize", str(tmp_path / "b.md")]) != 0
    err = capsys.readouterr().err
    assert "b.toml" in err and message in err and "Traceback" not in err


# --- the cover ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", SHIPPED)
def test_cover_text_fits_in_every_language(lang):
    from PIL import Image, ImageDraw

    from publish.epub.cover import (
        MARGIN,
        TITLE_BOX,
        TITLE_SIZES,
        WIDTH,
        _font,
        cover_texts,
        fit_block,
        single_line,
    )
    from publish.epub.fonts import needs_arabic

    doc = normalize_markdown(markdown(lang), f"{lang}.md")
    texts = cover_texts(doc, doc.meta.title)
    arabic = needs_arabic("".join(texts.values()))
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    inner = WIDTH - 2 * MARGIN
    for key, size in (("series", 56), ("number", 110), ("date", 58), ("publisher", 58)):
        font = _font(600 if key in ("series", "number") else 400, "normal", size, arabic)
        whole = " ".join(texts[key].split())  # as single_line spaces it: not cut short
        assert single_line(draw, texts[key], font, inner) == whole, (lang, key)
    _, lines, _ = fit_block(draw, doc.meta.title, 600, TITLE_SIZES, TITLE_BOX, arabic=arabic)
    assert not lines[-1].endswith("…"), lang
    assert " ".join(lines).replace(" ", "") == doc.meta.title.replace(" ", "")


# --- whole editions: EPUBCheck, the PDF gate, no English label ------------------------------------


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    """Every language's brief released once: EPUB, screen PDF and print PDF, all gated."""
    from publish.release import release

    folder = tmp_path_factory.mktemp("i18n")
    seeds = folder / "briefs"
    seeds.mkdir()
    for lang in LANGUAGES:
        (seeds / f"{lang}.md").write_text(markdown(lang, slug=f"brief-{lang}"), encoding="utf-8")
    report = release(seeds, folder / "dist", jobs=2)
    assert report.exit_code == 0, [(o.source, o.problems) for o in report.outcomes]
    return folder / "dist"


READABLE = {"alt", "aria-label", "title"}
# OPF metadata whose values are fixed vocabulary terms (collection-type "series", …).
VOCABULARY = {
    "collection-type",
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
}


def epub_strings(path: Path) -> str:
    """All text and readable attributes of the EPUB's XHTML, nav, NCX and OPF.

    Readable: what a person or a screen reader gets (alt, aria-label, title), not the
    vocabularies (epub:type="cover", role="doc-colophon", class names).
    """
    out: list[str] = []
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                root = etree.fromstring(book.read(name))
                for element in root.iter():
                    out.extend(v for k, v in element.attrib.items() if k in READABLE)
                    if element.get("property") not in VOCABULARY:
                        out.append(element.text or "")
                        out.extend(child.tail or "" for child in element)
    return "\n".join(out)


def pdf_strings(path: Path) -> str:
    from pypdf import PdfReader

    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    meta = PdfReader(path).metadata or {}
    return text + "\n" + "\n".join(str(v) for v in meta.values())


def english_leftovers(lang: str, text: str) -> list[str]:
    """English catalogue strings (or their literal parts) found in `text` for `lang`.

    A part the translation shares (French "Notes", "ISSN", "PDF") is not a leftover. Case is
    ignored: the PDF sets some labels in capitals.
    """
    t = Labels(lang)
    found = []
    for key, english in LABELS.items():
        translated = t(key, **{p: "" for p in placeholders(english)})
        for part in re.split(r"\{\w+\}", english):
            part = part.strip(" ,.()")
            if len(part) < 3 or part.lower() in translated.lower():
                continue
            if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text, re.IGNORECASE):
                found.append(f"{key}: {part!r}")
    return found


needs_tools = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("java"),
    reason="needs poppler-utils and a Java runtime (installed by .ci/run and make deps)",
)


@pytest.mark.slow
@needs_tools
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_builds_clean_with_no_english_label(editions, lang):
    texts = {
        "epub": epub_strings(editions / f"brief-{lang}.epub"),
        "pdf": pdf_strings(editions / f"brief-{lang}.pdf"),
        "print": pdf_strings(editions / f"brief-{lang}-print.pdf"),
    }
    t = Labels(lang)
    for edition, text in texts.items():
        day = t.date("2025-06-16")
        if t.rtl:  # the PDF text layer's order of mixed runs is the extractor's (pdfcheck)
            assert has_words(text, day), edition
        else:
            assert " ".join(day.split()) in " ".join(text.split()), edition
        if lang == "en":
            # The search can find what it looks for: English labels are in the English brief.
            assert "colophon" in text.lower() and "Published" in text
            assert english_leftovers("de", text)  # what the German brief must not contain
            continue
        assert english_leftovers(lang, text) == [], (lang, edition)
    assert t("colophon") in texts["epub"]
    start, end = t.quotes()
    quote = " ".join(f"{start}{BRIEFS[lang]['quote']}{end}".split())
    assert quote in " ".join(texts["pdf"].split()) or lang == "ar"  # ar: see the RTL test


@pytest.mark.slow
@needs_tools
def test_arabic_is_right_to_left_in_the_epub_and_the_pdf(editions):
    with zipfile.ZipFile(editions / "brief-ar.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        spine = opf.find("{http://www.idpf.org/2007/opf}spine")
        assert spine.get("page-progression-direction") == "rtl"
        assert opf.get("dir") == "rtl"
        for name in ("text.xhtml", "notes.xhtml", "colophon.xhtml", "title.xhtml"):
            html = etree.fromstring(book.read(f"EPUB/{name}"))
            assert (html.get("lang"), html.get("dir")) == ("ar", "rtl"), name
        assert "EPUB/fonts/Amiri-Regular.ttf" in book.namelist()
        assert "EPUB/fonts/OFL-Amiri.txt" in book.namelist()

    words = bbox_words(editions / "brief-ar.pdf")
    width = words[0][0]
    right_margin = width - 22 / 25.4 * 72  # A4 margins: 22 mm left and right
    first_line = [w for w in words[1:] if abs(w[2] - words[1][2]) < 1]
    assert abs(max(w[1] for w in first_line) - right_margin) < 1.5, first_line
    # The first body paragraph starts at the right margin too (not left-aligned).
    body = find(words, "اعتمدت")
    assert abs(body[1] - right_margin) < 1.5, body
    # Mixed direction in a note: the English title reads left to right, to the left of the
    # Arabic that precedes it, and the year follows it (further left).
    note = {w[3]: w for w in words[1:] if abs(w[2] - find(words, "Survey")[2]) < 1}
    assert note["Survey"][1] < note["River"][0] < note["Crossings"][0]
    assert note["Crossings"][1] < find(words, "النهر،")[0]
    assert next(w for k, w in note.items() if "2019" in k)[1] < note["Survey"][0]


def find(words, text):
    """The word `text`; pdftotext -bbox gives Arabic words in visual order (reversed)."""
    return next(w for w in words[1:] if text in (w[3], w[3][::-1]))


def bbox_words(pdf: Path) -> list:
    """[(page width,), (xMin, xMax, yMin, word), …] for page 1, from pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = [
        (float(a), float(c), float(b), w)
        for a, b, c, _, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]
    return [(width,), *words]
