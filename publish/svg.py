"""SVG sanitising: an SVG from a project (a logo, a figure) made safe to embed, or refused.

An SVG is a program as much as a picture: it can run scripts, load other files or URLs, embed
HTML (`foreignObject`) and expand XML entities. What comes out of `sanitize_svg` is drawn from
an allow-list of SVG elements and attributes; everything else is removed:

- no `<script>`, no `foreignObject`, no event attributes (`onload`…), no animation that
  could set an `href`;
- references stay inside the file: `href`/`xlink:href` only as `#fragment` or an embedded
  `data:image/png|jpeg|gif;base64,…` picture; `url(…)` in styles only as `url(#fragment)`;
  `@import` in a `<style>` is removed;
- no DTD: a document type declaration (and so any entity) is refused outright, because
  entities are expanded before we could look at them.

Refused (SvgError), rather than cleaned, is what cannot be made safe: a file that is not
well-formed XML, not an `<svg>` root, carries a DTD, is larger than MAX_BYTES, or has nothing
left to draw once cleaned. Nothing is fetched while sanitising.
"""

from __future__ import annotations

import re

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_BYTES = 2_000_000

ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "pattern", "image", "style", "metadata",
    "marker", "filter", "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix", "feMerge",
    "feMergeNode", "feFlood", "feComposite",
}  # fmt: skip
# Presentation and geometry attributes; anything not listed (on*, and unknown ones) goes.
ATTRIBUTES = {
    "id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "width", "height",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d", "points", "fill",
    "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity",
    "clip-path", "clip-rule", "mask", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "letter-spacing", "offset", "stop-color",
    "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy",
    "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
    "maskContentUnits", "markerWidth", "markerHeight", "refX", "refY", "orient",
    "markerUnits", "marker-start", "marker-mid", "marker-end", "dx", "dy", "rotate",
    "textLength", "lengthAdjust", "startOffset", "version", "color", "display", "visibility",
    "filter", "stdDeviation", "in", "in2", "result", "mode", "values", "type", "operator",
    "k1", "k2", "k3", "k4", "flood-color", "flood-opacity", "filterUnits", "primitiveUnits",
    "href", "lang", "space", "role", "aria-label", "focusable", "media",
}  # fmt: skip
SAFE_DATA = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]+$")
URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
DRAWING = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "image",
           "use"}  # fmt: skip


class SvgError(ValueError):
    """The SVG cannot be made safe; the message says why."""


def _local(name: str) -> str:
    return etree.QName(name).localname if name.startswith("{") else name


def _safe_ref(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(SAFE_DATA.match(value))


def _safe_css(text: str) -> str:
    """CSS with external url(…) and @import removed; url(#id) kept."""
    text = re.sub(r"@import[^;]*;?", "", text, flags=re.IGNORECASE)
    text = re.sub(r"expression\s*\(", "(", text, flags=re.IGNORECASE)

    def keep(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2).strip().startswith("#") else "none"

    return URL.sub(keep, text)


def sanitize_svg(data: bytes) -> bytes:
    """The SVG with everything unsafe removed, as UTF-8 bytes; SvgError when impossible."""
    if len(data) > MAX_BYTES:
        raise SvgError(f"larger than {MAX_BYTES:,} bytes")
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:4096] + data[-4096:], re.IGNORECASE) or re.search(
        rb"<!ENTITY", data, re.IGNORECASE
    ):
        raise SvgError("has a DOCTYPE or entity declarations, which could read other files")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SvgError(f"not well-formed XML: {exc}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgError("the root element is not <svg> in the SVG namespace")
    removed: list[str] = []
    for link in root.iter(f"{{{SVG_NS}}}a"):
        link.tag = f"{{{SVG_NS}}}g"  # a link: keep what it draws, drop where it goes
        for attr in [a for a in link.attrib if _local(a) in ("href", "target")]:
            del link.attrib[attr]
    for element in list(root.iter()):
        if element is root or not isinstance(element.tag, str):
            continue
        name = _local(element.tag)
        if etree.QName(element.tag).namespace != SVG_NS or name not in ELEMENTS:
            removed.append(name)
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in list(element.attrib):
            name = _local(attr)
            ns = etree.QName(attr).namespace if attr.startswith("{") else None
            value = element.attrib[attr]
            ok = name in ATTRIBUTES and ns in (
                None,
                XLINK_NS,
                "http://www.w3.org/XML/1998/namespace",
            )
            if ok and name == "href":
                ok = _safe_ref(value)
            if ok and name == "style" or ok and "url(" in value.lower():
                element.attrib[attr] = _safe_css(value)
            if not ok:
                del element.attrib[attr]
        if _local(element.tag) == "style" and element.text:
            element.text = _safe_css(element.text)
    # An <image> or <use> whose reference was removed draws nothing and trips renderers.
    for element in list(root.iter(f"{{{SVG_NS}}}image", f"{{{SVG_NS}}}use")):
        if not (element.get("href") or element.get(f"{{{XLINK_NS}}}href")):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    etree.cleanup_namespaces(root)
    if not any(_local(e.tag) in DRAWING for e in root.iter() if isinstance(e.tag, str)):
        raise SvgError("nothing left to draw once scripts and external references are removed")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def svg_size(data: bytes) -> tuple[float, float]:
    """(width, height) from the viewBox or width/height of a sanitised SVG; (1, 1) if unknown."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return float(box[2]) or 1.0, float(box[3]) or 1.0
        except ValueError:
            pass
    try:
        width = float(re.sub(r"[a-z%]+$", "", root.get("width", "1")))
        height = float(re.sub(r"[a-z%]+$", "", root.get("height", "1")))
        return width or 1.0, height or 1.0
    except ValueError:
        return 1.0, 1.0
