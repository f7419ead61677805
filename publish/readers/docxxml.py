"""mammoth's XML parts read with lxml instead of xml.dom.minidom.

mammoth (1.x) parses every part of a .docx with minidom and then copies the DOM into its
own `XmlElement`/`XmlText` nodes. On a 30-page brief that parse was two thirds of reading
the file (docs/PERFORMANCE.md, benchmarks/readers.py). Here lxml builds the same nodes
directly: the same names (`w:p`, or `{uri}name` outside mammoth's namespaces), the same
attributes (without namespace declarations), the same text nodes (an element's text, then
each child and its tail), comments and processing instructions dropped as minidom's
converter drops them. tests/test_readers_xml.py checks that the trees are equal.

The parser resolves no entity, loads no DTD and fetches nothing, which minidom's expat
would not promise; the package's size and zip limits are checked before (readers/package).
"""

from __future__ import annotations

from typing import IO, Any

from lxml import etree

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
    remove_comments=True, remove_pis=True, strip_cdata=True,
)  # fmt: skip
_installed = False


def parse_xml(fileobj: IO[bytes], namespace_mapping: Any = None) -> Any:
    """mammoth.docx.xmlparser.parse_xml, on lxml."""
    from mammoth.docx.xmlparser import XmlElement, XmlText

    prefixes = {uri: prefix for prefix, uri in (namespace_mapping or [])}
    names: dict[str, str] = {}

    def name(qualified: str) -> str:
        found = names.get(qualified)
        if found is None:
            if qualified[:1] == "{":
                uri, local = qualified[1:].split("}", 1)
                prefix = prefixes.get(uri)
                found = f"{prefix}:{local}" if prefix is not None else qualified
            else:
                found = qualified
            names[qualified] = found
        return found

    def convert(element: etree._Element) -> Any:
        children: list[Any] = []
        if element.text:
            children.append(XmlText(element.text))
        for child in element:
            if isinstance(child.tag, str):  # an unexpanded entity is dropped, its tail kept
                children.append(convert(child))
            if child.tail:
                children.append(XmlText(child.tail))
        attributes = {name(key): value for key, value in element.attrib.items()}
        return XmlElement(name(element.tag), attributes, children)

    root = etree.parse(fileobj, _PARSER).getroot()
    return convert(root)


def install() -> None:
    """Have mammoth's part reader use `parse_xml` (idempotent)."""
    global _installed
    if _installed:
        return
    from mammoth.docx import office_xml

    office_xml.parse_xml = parse_xml
    _installed = True
