"""The ONIX 3.0 record (issue 25): valid for onixcheck, carried by the EPUB and linked from its
OPF, and saying about accessibility exactly what the OPF says."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from lxml import etree

import publish
from publish.checks.onixrecord import check_epub_record, onix_problems, record_of
from publish.editions import build_edition
from publish.epub.package import accessibility
from publish.onix import NS, onix_record

N = {"o": NS}
OPF = {"opf": "http://www.idpf.org/2007/opf"}

FULL = """---
title: Rivers and Ledgers
subtitle: Water Cooperatives in the Delta
authors:
  - name: Ann Lee
    role: Senior Fellow
  - Bo Chan
date: 2025-06-16
series: Policy Papers
number: 7
publisher: Institute for River Studies
website: https://rivers.example
language: {language}
keywords: [water, cooperatives]
doi: 10.1234/rivers.7
isbn: 978-0-306-40615-7
issn: 0378-5955
---

Farmers along the delta share scarce water through cooperatives that keep ledgers.

The councils recorded each trade in a ledger, which the provincial courts later upheld.
"""

BARE = """---
title: Harbours
date: 2024-03
---

Harbour towns trade with each other along the coast, and their councils keep records.

The records show a decade of growth, and the councils expect more trade to come.
"""


def doc_of(tmp_path, text: str, language: str = "en"):
    path = tmp_path / "brief.md"
    path.write_text(text.replace("{language}", language), encoding="utf-8")
    return publish.normalize(path)


def values(record: bytes, path: str) -> list[str]:
    return [e.text for e in etree.fromstring(record).iterfind(path, N)]


def features(record: bytes) -> list[str]:
    return values(record, ".//o:ProductFormFeature/o:ProductFormFeatureValue")


def test_onixcheck_passes_on_a_full_record(tmp_path):
    doc = doc_of(tmp_path, FULL)
    record = onix_record(doc, accessibility(doc, "DAISY Ace 1.3"))
    assert onix_problems(record) == []
    assert values(record, ".//o:ProductIdentifier/o:IDValue")[1:] == [
        "9780306406157", "10.1234/rivers.7",
    ]  # fmt: skip
    assert values(record, ".//o:ProductForm") == ["ED"]
    assert values(record, ".//o:ProductFormDetail") == ["E101"]
    titles = values(record, ".//o:TitleElementLevel/../o:TitleText")
    assert titles == ["Policy Papers", "Rivers and Ledgers"]
    assert values(record, ".//o:Contributor/o:PersonName") == ["Ann Lee", "Bo Chan"]
    assert values(record, ".//o:Contributor/o:ContributorRole") == ["A01", "A01"]
    assert values(record, ".//o:ProfessionalPosition") == ["Senior Fellow"]
    assert values(record, ".//o:PublisherName") == ["Institute for River Studies"]
    assert values(record, ".//o:CollectionIdentifier/o:IDValue") == ["03785955"]
    assert values(record, ".//o:LanguageCode") == ["eng"]
    assert values(record, ".//o:PublishingDate/o:Date") == ["20250616"]


def test_a_bare_brief_still_names_a_publisher_and_validates(tmp_path):
    doc = doc_of(tmp_path, BARE)
    record = onix_record(doc, accessibility(doc))
    assert onix_problems(record) == []
    # ONIX requires a publisher: with neither publisher nor authors nor series, the title.
    assert values(record, ".//o:PublisherName") == ["Harbours"]
    assert values(record, ".//o:PublishingDate/o:Date") == ["202403"]
    assert etree.fromstring(record).find(".//o:NoContributor", N) is not None


def test_the_publisher_falls_back_to_the_authors(tmp_path):
    doc = doc_of(tmp_path, BARE.replace("title: Harbours", "title: Harbours\nauthors: [Bo Chan]"))
    assert values(onix_record(doc, accessibility(doc)), ".//o:PublisherName") == ["Bo Chan"]


def test_accessibility_codes_follow_what_the_opf_claims(tmp_path):
    doc = doc_of(tmp_path, FULL)
    verified = onix_record(doc, accessibility(doc, "DAISY Ace 1.3"))
    # codelist 196: EPUB Accessibility 1.1, WCAG 2.2, level AA, the summary, certifier.
    assert {"04", "82", "85", "00", "90"} <= set(features(verified))
    assert {"11", "13", "14", "29", "36"} <= set(features(verified))  # TOC, order, alt…
    summary = values(verified, ".//o:ProductFormFeatureDescription")[0]
    assert summary == accessibility(doc, "DAISY Ace 1.3").summary
    unverified = onix_record(doc, accessibility(doc))
    assert not {"04", "82", "85", "90"} & set(features(unverified))  # no claim, no code
    assert onix_problems(unverified) == []


def test_the_language_is_iso_639_2(tmp_path):
    record = onix_record(doc := doc_of(tmp_path, FULL, "de"), accessibility(doc))
    assert values(record, ".//o:LanguageCode") == ["ger"]


def test_onixcheck_can_fail():
    bad = (
        b'<?xml version="1.0"?><ONIXMessage release="3.0" xmlns="' + NS.encode() + b'">'
        b"<Header><Sender><SenderName>X</SenderName></Sender>"
        b"<SentDateTime>20250616</SentDateTime></Header><Product><Nonsense/></Product>"
        b"</ONIXMessage>"
    )
    assert onix_problems(bad)


def test_the_epub_carries_the_record_and_links_it_from_the_opf(tmp_path):
    doc = doc_of(tmp_path, FULL)
    epub = publish.build_epub(doc)
    record = record_of(epub)
    assert record is not None and check_epub_record(epub) == []
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    (link,) = opf.iterfind(".//opf:metadata/opf:link", OPF)
    assert dict(link.attrib) == {"rel": "record", "href": "onix.xml",
                                 "media-type": "application/xml", "properties": "onix"}  # fmt: skip
    # A linked record is not a manifest item (EPUB 3.3; EPUBCheck OPF-067).
    assert not [i for i in opf.iterfind(".//opf:item", OPF) if i.get("href") == "onix.xml"]
    # The record's summary is the OPF's, word for word.
    summary = opf.find(".//opf:meta[@property='schema:accessibilitySummary']", OPF).text
    assert values(record, ".//o:ProductFormFeatureDescription")[0] == summary


def test_the_gate_fails_an_epub_without_a_record():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
    assert check_epub_record(buffer.getvalue()) == [
        "the EPUB carries no ONIX record (EPUB/onix.xml)"
    ]


def test_the_gate_runs_onixcheck_on_the_epub(tmp_path):
    doc = doc_of(tmp_path, FULL)
    result = build_edition(doc.to_json(), "epub", check=True, epubcheck=False)
    assert result.validation["onix"] == "passed" and not result.problems


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("java"), reason="EPUBCheck needs a Java runtime")
def test_epubcheck_passes_on_an_epub_with_the_record_and_identifiers(tmp_path):
    from publish.checks.epubcheck import run_epubcheck

    doc = doc_of(tmp_path, FULL)
    report = run_epubcheck(publish.build_epub(doc, verified_by="DAISY Ace 1.3"))
    assert report.ok and (report.errors, report.warnings) == (0, 0), report.messages


def test_print_page_numbers_are_declared_with_their_print_edition(tmp_path):
    """An EPUB with its print edition's page breaks says so (codelist 196 code 19, once, for
    the markers and the page list) and names the print ISBN as the source (relation 13)."""
    from publish.pdf import build_pdf_pages

    text = FULL.replace("issn: 0378-5955", "issn: 0378-5955\nisbn_print: 978-1-234-56789-7")
    doc = doc_of(tmp_path, text)
    _, starts = build_pdf_pages(doc, "print", "a4")
    record = record_of(publish.build_epub(doc, page_starts=starts))
    assert onix_problems(record) == []
    assert features(record).count("19") == 1
    related = ".//o:RelatedMaterial/o:RelatedProduct"
    assert values(record, f"{related}/o:ProductRelationCode") == ["13"]
    assert values(record, f"{related}/o:ProductIdentifier/o:IDValue") == ["9781234567897"]
    # Without page breaks, neither: the record never claims more than the book.
    plain = record_of(publish.build_epub(doc))
    assert "19" not in features(plain) and b"RelatedMaterial" not in plain
