"""Citations (issue 25): CSL-JSON, BibTeX, RIS and "How to cite", from the Document.

The records are read back by the libraries reference managers' importers are tested against
(bibtexparser, rispy) and the CSL-JSON is validated against CSL's own schema (vendored in
publish/schema/csl-data.json, with its source and licence beside it, for the gate).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

import publish
from publish.bibformats import bibtex, bibtex_entries, ris, ris_records
from publish.citations import csl_item, csl_name, how_to_cite, how_to_cite_html
from publish.document import Author
from publish.records import csl_json

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "publish" / "schema" / "csl-data.json").read_text("utf-8")
)

BRIEF = """---
title: {title}
authors: [{authors}]
date: 2025-06-16
series: Policy Papers
number: 7
publisher: Institute for River & Delta Studies
address: Cityville
language: {language}
keywords: [water, cooperatives]
doi: 10.1234/rivers.7
isbn: 978-0-306-40615-7
issn: 0378-5955
---

Farmers along the delta share scarce water through cooperatives that keep ledgers.

The councils recorded each trade in a ledger, which the provincial courts later upheld.
"""


def doc_of(tmp_path, title="Rivers and Ledgers", authors="Ann Lee, Jan van der Berg",
           language="en", profile=""):  # fmt: skip
    (tmp_path / "publish.toml").write_text(profile, encoding="utf-8")
    path = tmp_path / f"b-{abs(hash((title, authors, language)))}.md"
    path.write_text(BRIEF.format(title=title, authors=authors, language=language), "utf-8")
    return publish.normalize(path)


def test_the_csl_item_says_what_the_document_says(tmp_path):
    item = csl_item(doc_of(tmp_path))
    assert item["type"] == "report" and item["id"] == "rivers-and-ledgers"
    assert item["title"] == "Rivers and Ledgers"
    assert item["author"] == [
        {"family": "Lee", "given": "Ann"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
    ]
    assert item["issued"] == {"date-parts": [[2025, 6, 16]]}
    assert item["publisher"] == "Institute for River & Delta Studies"
    assert (item["collection-title"], item["number"]) == ("Policy Papers", "7")
    assert (item["DOI"], item["ISBN"], item["ISSN"]) == ("10.1234/rivers.7", "9780306406157",
                                                         "0378-5955")  # fmt: skip
    assert item["language"] == "en" and "URL" not in item  # no base_url: no guessed address


def test_the_csl_json_validates_against_csl_s_schema(tmp_path):
    docs = [doc_of(tmp_path), doc_of(tmp_path, title="Harbours", authors="Bo Chan")]
    data = json.loads(csl_json([csl_item(d) for d in docs]))
    jsonschema.validate(data, SCHEMA)
    bad = [{**data[0], "type": "policy-brief"}]  # the schema can fail: not a CSL type
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def test_names_are_split_as_csl_expects():
    assert csl_name(Author("Lee, Ann")) == {"family": "Lee", "given": "Ann"}
    assert csl_name(Author("Oxfam")) == {"literal": "Oxfam"}
    assert csl_name(Author("Charles de Gaulle")) == {
        "family": "Gaulle", "given": "Charles", "non-dropping-particle": "de",
    }  # fmt: skip


def test_bibtex_reads_back_to_the_same_fields(tmp_path):
    doc = doc_of(tmp_path)
    item = csl_item(doc)
    library = bibtexparser.parse_string(bibtex(doc), append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    (entry,) = library.entries
    assert (entry.entry_type, entry.key) == ("techreport", item["id"])
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == item["title"]
    assert fields["author"] == "Lee, Ann and van der Berg, Jan"
    assert fields["institution"] == item["publisher"]  # the & came back from \&
    assert (fields["year"], fields["month"], fields["number"]) == ("2025", "6", "7")
    assert (fields["series"], fields["doi"]) == ("Policy Papers", item["DOI"])
    assert (fields["isbn"], fields["issn"]) == (item["ISBN"], item["ISSN"])
    assert (fields["address"], fields["langid"]) == ("Cityville", "en")


def test_ris_reads_back_to_the_same_fields(tmp_path):
    doc = doc_of(tmp_path)
    item = csl_item(doc)
    text = ris(doc)
    assert text.startswith("TY  - RPRT\n") and text.rstrip().endswith("ER  -")
    (record,) = rispy.loads(text)
    assert record["type_of_reference"] == "RPRT"
    assert record["title"] == item["title"]
    assert record["authors"] == ["Lee, Ann", "van der Berg, Jan"]
    assert (record["year"], record["date"]) == ("2025", "2025/06/16/")
    assert record["publisher"] == item["publisher"] and record["place_published"] == "Cityville"
    assert (record["tertiary_title"], record["number"]) == ("Policy Papers", "7")
    assert (record["doi"], record["issn"]) == (item["DOI"], item["ISBN"])
    assert record["keywords"] == ["water", "cooperatives"] and record["language"] == "en"


def test_combined_records_hold_every_brief(tmp_path):
    docs = [doc_of(tmp_path), doc_of(tmp_path, title="Harbours", authors="Bo Chan")]
    assert [e.key for e in bibtexparser.parse_string(bibtex_entries(docs)).entries] == [
        "rivers-and-ledgers", "harbours",
    ]  # fmt: skip
    assert [r["title"] for r in rispy.loads(ris_records(docs))] == ["Rivers and Ledgers",
                                                                   "Harbours"]  # fmt: skip


def test_how_to_cite_is_chicago_author_date_by_default(tmp_path):
    text = how_to_cite(doc_of(tmp_path))
    # Chicago's bibliography spells out given names ("Lee, Ann", not "Lee, A.").
    assert text.startswith("Lee, Ann, and Jan van der Berg. 2025. Rivers and Ledgers."), text
    assert "Policy Papers" in text and "https://doi.org/10.1234/rivers.7" in text


def test_another_style_named_in_the_call_or_the_profile(tmp_path):
    apa = how_to_cite(doc_of(tmp_path), "apa")
    assert apa.startswith("Lee, A., & van der Berg, J. (2025)."), apa
    doc = doc_of(tmp_path, profile='citation_style = "ieee"\n')
    assert doc.meta.citation_style == "ieee"
    assert how_to_cite(doc).startswith("A. Lee and J. van der Berg, “Rivers and Ledgers”")


def test_how_to_cite_is_localised_where_csl_has_the_locale(tmp_path):
    german = how_to_cite(doc_of(tmp_path, title="Flüsse", language="de"))
    assert german.startswith("Lee, Ann, und Jan van der Berg. 2025.") and "Nr. 7" in german
    english = how_to_cite(doc_of(tmp_path, title="Flüsse"))
    assert "and Jan" in english and "No. 7" in english


def test_the_html_form_escapes_the_brief_s_text(tmp_path):
    doc = doc_of(tmp_path, title="Rivers <b>and</b> Ledgers & More")
    html = how_to_cite_html(doc)
    assert "<b>" not in html and "&lt;b&gt;" in html and "Ledgers &amp; More" in html
    assert "<i>" in html  # the style's italics for the title are markup
    assert "<b>and</b>" in how_to_cite(doc)  # plain text stays as written


def test_both_colophons_carry_how_to_cite(tmp_path):
    import io
    import zipfile

    from publish.pdf.html import document_html

    doc = doc_of(tmp_path)
    with zipfile.ZipFile(io.BytesIO(publish.build_epub(doc))) as book:
        colophon = book.read("EPUB/colophon.xhtml").decode()
    cite = how_to_cite_html(doc)
    assert "How to cite" in colophon and cite in colophon
    html = document_html(doc)
    assert f'<p class="cite">{cite}</p>' in html


@pytest.mark.slow
def test_a_very_long_title_still_lays_out_fast(tmp_path):
    title = " ".join(["Extraordinarily"] * 400)  # 6,400 characters in How to cite
    doc = doc_of(tmp_path, title=title)
    started = time.process_time()
    publish.build_pdf(doc)
    assert time.process_time() - started < 20  # as a table row it took five minutes


def test_with_no_author_the_institution_stands_in(tmp_path):
    doc = doc_of(tmp_path)
    doc.meta.authors = []
    text = how_to_cite(doc)
    assert text.startswith("Institute for River & Delta Studies. 2025. Rivers and Ledgers."), text
    assert text.count("Rivers and Ledgers") == 1
    assert "author" not in csl_item(doc)  # the records name no author the brief does not
