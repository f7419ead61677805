"""Word's paragraph styles: the style map mammoth reads them by, and its messages about
the styles it did not know, in our words."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ..document import Diagnostic

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NS = {"w": W}
TEXTBOX_STYLE = "PublishTextBox"  # marks paragraphs that stood in a text box
HEADING_STYLE = "PublishHeading"  # + N: a paragraph given outline level N-1 directly
CAPTION_STYLE = "PublishCaption"  # marks paragraphs numbered by a SEQ field ("Figure 1")


def style_map(styles: etree._Element | None, used: set[str] | None = None) -> str:
    """mammoth's style map from the document's own styles, by id and outline level.

    Display names are translated ("Überschrift 1"); a style's id, its built-in `w:name`
    ("heading 1"), the outline level it sets or inherits, and the base it derives from are
    not, so headings, titles and quotes are found in any language.

    `used`: the style ids the document's paragraphs use. mammoth tries every rule on every
    paragraph, so rules for styles nobody uses (a template defines hundreds) only cost time.
    """
    if styles is None:
        return ""
    table: dict[str, dict[str, Any]] = {}
    for style in styles.iterfind("w:style[@w:type='paragraph']", NS):
        sid = style.get(f"{{{W}}}styleId") or ""
        name = style.find("w:name", NS)
        level = style.find("w:pPr/w:outlineLvl", NS)
        based = style.find("w:basedOn", NS)
        table[sid] = {
            "name": (name.get(f"{{{W}}}val") if name is not None else "").lower(),
            "level": int(level.get(f"{{{W}}}val")) if level is not None else None,
            "based": based.get(f"{{{W}}}val") if based is not None else None,
        }

    def trait(sid: str, seen: int = 0) -> tuple[str, int | None]:
        info = table.get(sid)
        if info is None or seen > 10:
            return "", None
        name, level = info["name"], info["level"]
        if name or level is not None or not info["based"]:
            if not name and info["based"]:
                name = trait(info["based"], seen + 1)[0]
            if level is None and info["based"]:
                level = trait(info["based"], seen + 1)[1]
            return name, level
        return trait(info["based"], seen + 1)

    lines = []
    for sid in table:
        name, level = trait(sid)
        target = None
        if name == "title":
            target = "h1:fresh"
        elif name == "subtitle":
            target = "p.subtitle:fresh"
        elif m := re.fullmatch(r"heading ([1-6])", name):
            target = f"h{int(m.group(1)) + 1}:fresh"
        elif level is not None and level < 6 and level < 9:
            target = f"h{level + 2}:fresh"
        elif re.search(r"pull\s*-?quote", name) or re.search(r"pull\s*-?quote", sid, re.I):
            target = "aside > p:fresh"
        elif name in ("author", "date"):
            target = f"p.{name}:fresh"  # pandoc's header paragraphs: facts, not body text
        elif name in ("quote", "intense quote", "block text", "quotations"):
            target = "blockquote > p:fresh"
        elif re.fullmatch(r"(image |table )?caption", name):  # pandoc's "Image Caption" too
            target = "p.caption:fresh"
        if target and _mappable(sid) and (used is None or sid in used):
            lines.append(f"p.{sid} => {target}")
    for level in range(1, 7):
        lines.append(f"p.{HEADING_STYLE}{level} => h{min(level + 1, 6)}:fresh")
    lines.append(f"p.{TEXTBOX_STYLE} => p.textbox:fresh")
    lines.append(f"p.{CAPTION_STYLE} => p.caption:fresh")
    return "\n".join(lines)


def _mappable(sid: str) -> bool:
    """mammoth's style-map syntax takes ids that are identifiers (Word's always are)."""
    return bool(re.fullmatch(r"[A-Za-z_][\w-]*", sid))


# Styles that are body text by name: Word's, LibreOffice's and pandoc's. Saying that each
# is "not known" would bury the warnings that matter.
_BODY_STYLES = re.compile(
    r"^(?:normal.*|body text.*|text body|first paragraph|compact|list paragraph|"
    r"list (?:bullet|number|continue).*|plain text|standard|default.*|no spacing|"
    r"footnote text|endnote text|abstract|bibliography|table contents|table heading|"
    r"table paragraph)$",
    re.IGNORECASE,
)
_UNKNOWN_STYLE = re.compile(
    r"Unrecognised (paragraph|run) style: '?(.+?)'?(?: \(Style ID: ([^)]*)\))?$"
)
_UNDEFINED_STYLE = re.compile(r"(Paragraph|Run) style with ID (\S+) was referenced but not")


def style_usage(document: etree._Element | None) -> dict[str, int]:
    """How many paragraphs use each style id (mammoth names a style once, not per use)."""
    counts: dict[str, int] = {}
    if document is None:
        return counts
    for style in document.iterfind(".//w:p/w:pPr/w:pStyle", NS):
        sid = style.get(f"{{{W}}}val") or ""
        counts[sid] = counts.get(sid, 0) + 1
    return counts


def style_messages(messages: list[Any], name: str, usage: dict[str, int]) -> list[Diagnostic]:
    """mammoth's messages in our words: one line per unknown style, with its count."""
    counts: dict[tuple[str, str, bool], int] = {}
    out: list[Diagnostic] = []
    for message in messages:
        text = message.message
        if "Publish" in text or "unlikely to display" in text:
            continue  # our own marks (_prepare); pictures are judged by _image_converter
        if (found := _UNKNOWN_STYLE.search(text)) and found.group(2) == "None":
            continue  # an undefined style's second message: the one below says it
        if found:
            key = (found.group(1), found.group(2), False)
            sid = found.group(3) or found.group(2)
        elif found := _UNDEFINED_STYLE.search(text):
            key = (found.group(1).lower(), found.group(2), True)
            sid = found.group(2)
        else:
            out.append(Diagnostic("warning", 0, f"Word file: {text}", name))
            continue
        if key[0] == "run" or (not key[2] and _BODY_STYLES.match(key[1])):
            continue  # character styles carry no structure; body styles are body text
        counts[key] = counts.get(key, 0) + max(usage.get(sid, 0), 1)
    for (kind, style, undefined), count in counts.items():
        what = "paragraph" if count == 1 else "paragraphs"
        why = "is used but not defined in the file" if undefined else "is not one the reader knows"
        message = f"{kind} style “{style}” {why}: {count} {what} read as body text"
        out.append(Diagnostic("warning", 0, message, name))
    return out
