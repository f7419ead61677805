"""mammoth's parts read with lxml (publish/readers/docxxml.py) give the very trees that
mammoth's own minidom parser gives, for every part of every Word file we have."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from mammoth.docx import office_xml, xmlparser

from publish.readers.docxxml import parse_xml

HERE = Path(__file__).parent
WORD_FILES = sorted((HERE / "corpus").glob("*.docx"))


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_every_part_parses_to_the_same_tree(path: Path):
    with zipfile.ZipFile(path) as package:
        parts = [n for n in package.namelist() if n.endswith((".xml", ".rels"))]
        assert "word/document.xml" in parts
        for part in parts:
            data = package.read(part)
            ours = parse_xml(io.BytesIO(data), office_xml._namespaces)
            theirs = xmlparser.parse_xml(io.BytesIO(data), office_xml._namespaces)
            assert ours == theirs, part


def test_text_around_markup_and_unknown_namespaces_are_kept():
    xml = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main" xmlns:x="urn:other"><w:body> <w:p x:id="1">'
           b'<w:r><w:t xml:space="preserve">a &amp; b </w:t></w:r>tail</w:p></w:body>'
           b"</w:document>")  # fmt: skip
    ours = parse_xml(io.BytesIO(xml), office_xml._namespaces)
    assert ours == xmlparser.parse_xml(io.BytesIO(xml), office_xml._namespaces)
    paragraph = ours.children[0].children[1]
    assert paragraph.attributes == {"{urn:other}id": "1"}


def test_an_entity_is_never_expanded():
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "expanded">]>'
           b'<d xmlns="urn:x">&e;</d>')  # fmt: skip
    tree = parse_xml(io.BytesIO(xml), [])
    assert "expanded" not in repr(tree)


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_remembered_style_lookups_convert_to_the_same_html(path: Path):
    """docxxml's `_find_style` remembers mammoth's answer per kind of element: the HTML
    and the messages are those of mammoth's own lookup, rule by rule."""
    import mammoth
    from mammoth import conversion

    from publish.readers import docxxml

    docxxml.install()
    remembering = conversion._DocumentConverter._find_style
    original = remembering.__wrapped__
    results = []
    for lookup in (original, remembering):
        conversion._DocumentConverter._find_style = lookup
        try:
            result = mammoth.convert_to_html(io.BytesIO(path.read_bytes()))
        finally:
            conversion._DocumentConverter._find_style = remembering
        results.append((result.value, [m.message for m in result.messages]))
    assert results[0] == results[1]
    assert results[0][0]  # the file converted to something
