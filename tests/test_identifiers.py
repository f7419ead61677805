"""ISBN, ISSN and DOI (issue 25): checked when read, and written to every output.

A wrong check digit is an input error naming the file and the line (exit 2); a valid number
reaches the OPF's dc:identifiers, the PDF's XMP and both colophons (the DOI as a link).
"""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from lxml import etree

import publish
from publish.cli import main
from publish.identifiers import check_doi, check_isbn, check_issn

ISBN = "978-0-306-40615-7"  # valid (the standard's own example)
ISBN_PDF = "978-3-16-148410-0"
ISBN_PRINT = "9781234567897"
DOI = "10.1234/rivers.7"
ISSN = "0378-5955"

BRIEF = """---
title: Rivers and Ledgers
authors: [Ann Lee, Bo Chan]
date: 2025-06-16
series: Policy Papers
number: 7
publisher: Institute for River Studies
{extra}---

Farmers along the delta share scarce water through cooperatives.

The councils recorded each trade in a ledger, which the courts later upheld.
"""


def brief(tmp_path, extra: str = "", profile: str = ""):
    (tmp_path / "publish.toml").write_text(profile, encoding="utf-8")
    path = tmp_path / "rivers.md"
    path.write_text(BRIEF.format(extra=extra), encoding="utf-8")
    return path


IDS = f"isbn: {ISBN}\nisbn_pdf: {ISBN_PDF}\nisbn_print: {ISBN_PRINT}\ndoi: {DOI}\nissn: {ISSN}\n"


def test_the_checks_accept_valid_numbers_in_one_canonical_form():
    assert check_isbn("9780306406157") == ISBN
    assert check_isbn("0-306-40615-2") == ISBN  # ISBN-10, converted
    assert check_issn("03785955") == ISSN
    assert check_doi("https://doi.org/10.1234/rivers.7") == DOI
    assert check_doi("doi:10.1234/rivers.7") == DOI


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("isbn", "978-0-306-40615-8", "its check digit is wrong"),
        ("isbn_pdf", "978-0-306-40615", "a valid ISBN"),
        ("isbn_print", "0-306-40615-3", "its check digit is wrong"),
        ("issn", "0378-5956", "its check digit is wrong"),
        ("doi", "11.1234/rivers", "a DOI such as"),
    ],
)
def test_a_wrong_identifier_in_front_matter_is_exit_2_with_its_line(
    tmp_path, capsys, key, value, says
):
    path = brief(tmp_path, f"{key}: {value}\n")
    assert main(["normalize", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert f"{path}:8:" in err[0] and f"key “{key}”" in err[0] and says in err[0]


def test_a_wrong_identifier_in_publish_toml_names_its_line(tmp_path, capsys):
    path = brief(tmp_path, profile='publisher = "X"\n\nisbn = "978-0-306-40615-8"\n')
    assert main(["normalize", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{tmp_path / 'publish.toml'}:3:" in err[0], err
    assert "check digit is wrong" in err[0]


def test_an_unknown_citation_style_is_one_line_and_exit_2(tmp_path, capsys):
    path = brief(tmp_path, profile='citation_style = "no-such-style"\n')
    assert main(["normalize", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "publish.toml:1:" in err[0] and "no-such-style" in err[0], err


def test_identifiers_stay_out_of_the_json_when_unset(tmp_path):
    doc = publish.normalize(brief(tmp_path))
    meta = doc.to_dict()["meta"]
    assert not {"isbn", "isbn_pdf", "isbn_print", "doi", "citation_style"} & set(meta)
    doc = publish.normalize(brief(tmp_path, IDS))
    meta = doc.to_dict()["meta"]
    assert (meta["isbn"], meta["isbn_print"], meta["doi"]) == (ISBN, "978-1-234-56789-7", DOI)
    assert publish.Document.from_json(doc.to_json()).meta.isbn_pdf == ISBN_PDF


def opf_and_colophon(epub: bytes) -> tuple[etree._Element, str]:
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        return opf, book.read("EPUB/colophon.xhtml").decode()


def test_the_epub_carries_the_identifiers_and_its_colophon_links_the_doi(tmp_path):
    doc = publish.normalize(brief(tmp_path, IDS))
    opf, colophon = opf_and_colophon(publish.build_epub(doc))
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    ids = {e.get("id"): e.text for e in opf.iterfind(".//dc:identifier", ns)}
    assert ids["isbn"] == "urn:isbn:9780306406157"  # the EPUB's own, not the PDFs'
    assert ids["doi"] == f"urn:doi:{DOI}" and ids["issn"] == f"urn:issn:{ISSN}"
    assert ids["edition-id"].startswith("urn:uuid:")
    assert f'<a href="https://doi.org/{DOI}">' in colophon
    # Every edition's ISBN is on the imprint page, each named.
    assert f"{ISBN} (EPUB)" in colophon and f"{ISBN_PDF} (Screen PDF)" in colophon


def test_without_identifiers_the_opf_has_only_the_edition_id(tmp_path):
    doc = publish.normalize(brief(tmp_path))
    opf, colophon = opf_and_colophon(publish.build_epub(doc))
    ids = opf.findall(".//{http://purl.org/dc/elements/1.1/}identifier")
    assert [e.get("id") for e in ids] == ["edition-id"]
    assert "doi.org" not in colophon and "ISBN" not in colophon


def xmp(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return document.Root.Metadata.read_bytes().decode()


@pytest.mark.slow
def test_each_pdf_carries_its_own_isbn_and_the_doi_in_its_xmp(tmp_path):
    doc = publish.normalize(brief(tmp_path, IDS))
    screen = publish.build_pdf(doc, edition="screen")
    packet = xmp(screen)
    assert f"<prism:doi>{DOI}</prism:doi>" in packet
    assert "<dc:identifier>urn:isbn:9783161484100</dc:identifier>" in packet  # isbn_pdf
    assert "9780306406157" not in packet  # the EPUB's ISBN names another book
    etree.fromstring(packet.split("?>", 1)[1].rsplit("<?xpacket", 1)[0].strip().encode())
    printed = xmp(publish.build_pdf(doc, edition="print"))
    assert "<dc:identifier>urn:isbn:9781234567897</dc:identifier>" in printed
    assert f"<prism:doi>{DOI}</prism:doi>" in printed


@pytest.mark.slow
def test_a_pdf_without_identifiers_has_no_prism_description(tmp_path):
    doc = publish.normalize(brief(tmp_path))
    assert "prism" not in xmp(publish.build_pdf(doc, edition="screen"))


def test_the_pdf_colophon_links_the_doi(tmp_path):
    from publish.pdf.html import document_html

    doc = publish.normalize(brief(tmp_path, IDS))
    html = document_html(doc)
    assert f'<a href="https://doi.org/{DOI}">https://doi.org/{DOI}</a>' in html
    assert ISSN in html
