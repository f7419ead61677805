"""mammoth's XML parts read with lxml instead of xml.dom.minidom.

mammoth (1.x) parses every part of a .docx with minidom and then copies the DOM into its
own `XmlElement`/`XmlText` nodes. On a 30-page brief that parse was two thirds of reading
the file (docs/PERFORMANCE.md, benchmarks/readers.py). Here lxml builds the same nodes
directly: the same names (`w:p`, or `{uri}name` outside mammoth's namespaces), the same
attributes (without namespace declarations), the same text nodes (an element's text, then
each child and its tail), comments and processing instructions dropped as minidom's
converter drops them. tests/test_readers_xml.py checks that the trees are equal.

mammoth also looks up the style rule of every paragraph and run by trying each rule of its
map in turn (`_DocumentConverter._find_style`, mammoth 1.13.0): with the default map, 56
tries per element, a quarter of the conversion. `_find_style` below remembers the answer by
what the rules can test (element type, style id and name, numbering, colour, break type),
so each distinct kind of element is looked up once; the answer is the same.

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


def _style_key(element: Any, element_type: str) -> tuple[Any, ...]:
    """Everything a mammoth document matcher reads of an element (conversion.py's
    `_document_matcher_matches`)."""
    return (
        element_type,
        getattr(element, "style_id", None),
        getattr(element, "style_name", None),
        getattr(element, "numbering", None) if element_type == "paragraph" else None,
        getattr(element, "color", None),
        getattr(element, "break_type", None),
    )


def _remembering(find_style: Any) -> Any:
    def _find_style(self: Any, element: Any, element_type: str) -> Any:
        cache = self.__dict__.setdefault("_publish_found_styles", {})
        key = _style_key(element, element_type)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = find_style(self, element, element_type)
            return found
        except TypeError:  # an attribute that cannot be a key: ask mammoth
            return find_style(self, element, element_type)

    _find_style.__wrapped__ = find_style  # type: ignore[attr-defined]  # for the tests
    return _find_style


def install() -> None:
    """Have mammoth's part reader use `parse_xml`, and its style lookup remember (idempotent)."""
    global _installed
    if _installed:
        return
    from mammoth import conversion
    from mammoth.docx import office_xml

    office_xml.parse_xml = parse_xml
    converter = conversion._DocumentConverter
    converter._find_style = _remembering(converter._find_style)
    _installed = True
