"""The seed brief, asserted exactly (issue 2, 'Done when')."""

from __future__ import annotations

import json

import jsonschema

from publish.document import Document
from publish.paths import SCHEMA_FILE


def test_seed_meta(seed_doc):
    m = seed_doc.meta
    assert m.title == "Recalibrating Relations with Russia"
    assert m.series == "Hague Summit Series"
    assert m.number == 3
    assert m.date == "2025-06-16"
    assert m.language == "en-GB"
    assert m.publisher == "International Centre for Defence and Security"
    assert m.authors == []
    assert m.slug == "recalibrating-relations-with-russia"


def test_seed_blocks(seed_doc):
    headings = [b.text for b in seed_doc.headings()]
    assert len(headings) == 5
    assert len(seed_doc.paragraphs()) == 16
    quotes = seed_doc.pullquotes()
    assert len(quotes) == 3
    by_id = {b.id: b for b in seed_doc.blocks}
    for quote in quotes:
        source = by_id[quote.source]
        assert source.type == "paragraph"
        # The quote's distinctive words are in its source paragraph.
        tail = quote.text.split()[-4:]
        assert " ".join(tail) in source.text


def test_seed_pullquote_sources_are_right_paragraphs(seed_doc):
    by_id = {b.id: b for b in seed_doc.blocks}
    starts = [by_id[q.source].text.split()[0] for q in seed_doc.pullquotes()]
    assert starts == ["The", "Furthermore,", "As"]


def test_seed_notes_called_once_in_order(seed_doc):
    assert [n.number for n in seed_doc.notes] == list(range(1, 24))
    calls = [n for b in seed_doc.paragraphs() for n in b.notes]
    assert calls == list(range(1, 24))
    for block in seed_doc.blocks:
        assert "[" not in block.text or "[…]" in block.text or "d[id]" in block.text


def test_seed_note_with_url_is_a_link(seed_doc):
    links = [r for n in seed_doc.notes for r in n.inlines if r.type == "link"]
    assert [link.href for link in links] == ["https://www.foi.se/rest-api/report/FOI%20Memo%208540"]


def test_seed_quotes_repaired_and_reported(seed_doc):
    assert seed_doc.note(9).text.startswith("“Speech by")
    assert seed_doc.note(23).text.startswith("“‘This Has")
    repairs = [d for d in seed_doc.diagnostics if "quotation mark" in d.message]
    assert [d.line for d in repairs] == [73, 101]


def test_seed_colophon_and_site_text(seed_doc):
    assert seed_doc.colophon.disclaimer.startswith("The views and opinions")
    body = " ".join(b.text for b in seed_doc.blocks)
    for site_text in ("Download", "Read our series", "Developed by", "Endnotes", "Disclaimer"):
        assert site_text not in body
    dropped = [d for d in seed_doc.diagnostics if "dropped site text" in d.message]
    assert [d.line for d in dropped] == [107, 109]
    assert not seed_doc.errors()


def test_seed_typography_kept(seed_doc):
    p10 = next(b for b in seed_doc.blocks if "790" in b.text)
    assert "790\u00a0000" in p10.text
    everything = seed_doc.to_json()
    assert "Geoană" in everything and "Nausėda" in everything and "państwa" in everything
    # Stray non-breaking spaces (not between digits) became plain spaces.
    assert "NATO,\u00a0“" not in everything
    assert "—" in everything and "–" in everything and "’" in everything


def test_seed_json_matches_schema_and_round_trips(seed_doc):
    schema = json.loads(SCHEMA_FILE.read_text())
    data = json.loads(seed_doc.to_json())
    jsonschema.validate(data, schema)
    assert data["schema"] == "publish.brief/2"
    again = Document.from_json(seed_doc.to_json())
    assert again == seed_doc
    assert again.to_json() == seed_doc.to_json()


def test_old_schema_version_still_loads(seed_doc, tmp_path):
    from publish.load import load_document

    data = json.loads(seed_doc.to_json())
    data["schema"] = "publish.brief/1"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    assert load_document(old) == seed_doc
