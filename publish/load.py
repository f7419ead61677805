"""Choosing the reader by file type, above the readers and the shared rules.

normalize_file(path) -> Document      any brief: .txt, .md, .html, .docx, .odt (by suffix)
normalize_text(text, name) -> Document   (and normalize_markdown, normalize_html)
load_document(path) -> Document       also accepts `publish normalize` JSON output
explain_file(path) -> (Document, lines) which rule took each part of the source, and why
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .document import OLD_SCHEMAS, SCHEMA, Diagnostic, Document
from .errors import InputError
from .house import check_house
from .normalizer.assemble import build_document
from .normalizer.layers import ODT_PROPERTIES, WORD_PROPERTIES, Layer, file_layers, style_root
from .normalizer.raw import Explanation, RawBrief
from .normalizer.sources import house_profile
from .paths import SCHEMA_DIR
from .reading import read_bytes, read_text


@dataclass(frozen=True)
class Format:
    """An input format: its suffixes, and the reader (module, function) that parses it."""

    name: str
    suffixes: frozenset[str]
    reader: str  # "plaintext:parse_plaintext": publish/readers/<module>.py, function
    properties: str | None = None  # a packaged file's own properties: the lowest layer

    def parse(self, path: Path) -> tuple[RawBrief, list[Layer]]:
        module, function = self.reader.split(":")
        parse = getattr(importlib.import_module(f".readers.{module}", __package__), function)
        if self.properties:  # a zip package: bytes in, (RawBrief, properties) out
            raw, properties = parse(read_bytes(path), path)
            return raw, [(self.properties, properties)]
        text, diags = strip_controls(read_text(path), str(path))
        raw = parse(text, str(path))
        raw.diagnostics[:0] = diags
        return raw, []


PLAIN_TEXT = Format("plain text", frozenset(), "plaintext:parse_plaintext")
FORMATS = (
    Format("Markdown", frozenset({".md", ".markdown"}), "markdown:parse_markdown"),
    Format("HTML", frozenset({".html", ".htm"}), "html:parse_html"),
    Format("Word", frozenset({".docx", ".docm"}), "docx:parse_docx", WORD_PROPERTIES),
    Format("OpenDocument", frozenset({".odt"}), "odt:parse_odt", ODT_PROPERTIES),
)


def format_of(path: Path) -> Format:
    """The format a file is read as, by its suffix; anything else is plain text."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), PLAIN_TEXT)


# Characters no edition can carry (XML 1.0 forbids them; fonts have no glyph for them).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})  # vertical tab, page break


def strip_controls(text: str, name: str) -> tuple[str, list[Diagnostic]]:
    """Remove control characters once, here, so that every edition agrees and it is said."""
    text = text.translate(_BREAKS)
    found = _CONTROL.search(text)
    if not found:
        return text, []
    line = text.count("\n", 0, found.start()) + 1
    count = len(_CONTROL.findall(text))
    message = f"removed {count} control character(s) (first: U+{ord(found.group()):04X})"
    return _CONTROL.sub("", text), [Diagnostic("warning", line, message, name)]


def _from_text(reader: str, text: str, name: str, layers: list[Layer] | None) -> Document:
    module, function = reader.split(":")
    parse = getattr(importlib.import_module(f".readers.{module}", __package__), function)
    text, diags = strip_controls(text, name)
    raw = parse(text, name)
    raw.diagnostics[:0] = diags
    return build_document(raw, layers)


def normalize_text(text: str, name: str = "<brief>", layers: list[Layer] | None = None) -> Document:
    """A plain-text brief given as a string (no house profile or sidecar unless given)."""
    return _from_text(PLAIN_TEXT.reader, text, name, layers)


def normalize_markdown(
    text: str, name: str = "<brief.md>", layers: list[Layer] | None = None
) -> Document:
    return _from_text(FORMATS[0].reader, text, name, layers)


def normalize_html(
    text: str, name: str = "<brief.html>", layers: list[Layer] | None = None
) -> Document:
    return _from_text(FORMATS[1].reader, text, name, layers)


def normalize_file(path: Path, project: Path | None = None) -> Document:
    """A brief file, with its house profile and sidecar metadata layered in.

    `project` is the project folder (`--project`); by default the nearest folder above the
    brief holding publish.toml. Its [style] is checked here (files, fonts and their
    licences, the logo, colour contrast), so that a bad style fails before any rendering.
    """
    path = Path(path)
    check_house(house_profile(path, project))  # the house's faults named in publish.toml
    raw, own = format_of(path).parse(path)
    doc = build_document(raw, [*own, *file_layers(path, project)])
    return _with_style(doc, path, project)


def explain_file(path: Path) -> tuple[Document, list[str]]:
    """The document for a brief, and one line per source line range saying which rule
    took it and why: `line 3: title (first short line without closing punctuation)`.

    Plain text is read by rules, and each says why. The other formats state most of their
    structure, so a block is explained by its markup, unless a shared rule took it (a
    title found by the fallback, notes typed as text, a pull quote, a date line).
    """
    path = Path(path)
    form = format_of(path)
    raw, own = form.parse(path)
    doc = build_document(raw, [*own, *file_layers(path)])
    if form is not PLAIN_TEXT:
        text = read_text(path) if form.name == "Markdown" else ""

        def key(e: Explanation) -> tuple[int, str]:
            return e.first, "title" if "title" in e.what else e.what

        explained = {key(e) for e in raw.explanations}
        raw.explanations += [
            e for e in _structured_explanations(raw, text, form.name) if key(e) not in explained
        ]
    explanations = sorted(raw.explanations, key=lambda e: (e.first, e.last))
    return doc, [e.format() for e in explanations]


_SYNTAX = {
    "Markdown": {"title": "a `#` heading", "heading": "`##` heading", "paragraph": "plain text",
                 "pullquote": "`>` quotation marked {: .pullquote }", "note": "`[^n]:` footnote"},
    "OpenDocument": {"title": "the Title style", "note": "an OpenDocument footnote or endnote"},
    "Word": {"title": "the Title style", "note": "a Word footnote or endnote"},
}  # fmt: skip


def _structured_explanations(raw: RawBrief, text: str, kind: str) -> list[Explanation]:
    """A format that states its structure: each block is what its markup (or the shared
    rule named in `block.rule`) says."""
    out: list[Explanation] = []
    lines = text.split("\n")
    if kind == "Markdown" and lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
        keys = ", ".join(sorted(raw.front_matter)) or "none"
        out.append(Explanation(1, end + 1, "metadata", f"YAML front matter; keys: {keys}"))
    syntax = _SYNTAX.get(kind, {})
    if raw.title_line:
        why = syntax.get("title", f"the {kind} title")
        out.append(Explanation(raw.title_line, raw.title_line, "title", why))
    for block in raw.blocks:
        why = block.rule or syntax.get(block.type, f"a {block.type} in the {kind} markup")
        out.append(Explanation(block.line, block.line, block.type, why))
    for note in raw.notes:
        why = syntax.get("note", f"a {kind} footnote or endnote")
        out.append(Explanation(note.line, note.line, f"note {note.number}", why))
    return out


def _with_style(doc: Document, path: Path, project: Path | None) -> Document:
    """Give the style its project folder and check it now (files, fonts, logo, contrast)."""
    style = doc.meta.style
    if not style.is_default():
        style.root = str(style_root(path, project))
        from .style import resolve

        resolve(style, path)
    return doc


def load_document(path: Path, project: Path | None = None) -> Document:
    """A brief, or a JSON document checked against the schema before any backend sees it."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        return normalize_file(path, project)
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not a publish document: {exc.msg}", path=path, line=exc.lineno) from None
    problem = schema_problem(data)
    if problem:
        raise InputError(f"not a publish document: {problem}", path=path)
    return Document.from_dict(data)


def schema_problem(data: object) -> str | None:
    """The first way `data` breaks its version's JSON Schema, or None.

    A document edited by hand (or by a hostile hand) must fail here with one line, not
    later inside a backend with a traceback.
    """
    import jsonschema

    if not isinstance(data, dict):
        return "expected a JSON object"
    version = data.get("schema")
    if version != SCHEMA and version not in OLD_SCHEMAS:
        return f"unsupported schema {version!r}, expected {SCHEMA!r}"
    # publish.brief/N is described by schema/brief-N.json.
    schema_file = SCHEMA_DIR / f"brief-{str(version).rsplit('/', 1)[1]}.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(data)
    )
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {error.message}"
