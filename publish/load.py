"""The normalizer: a brief as it comes → one validated Document.

normalize_file(path) -> Document      plain text (.txt or anything else) or Markdown (.md)
normalize_text(text, name) -> Document
load_document(path) -> Document       also accepts `publish normalize` JSON output
explain_file(path) -> (Document, lines) which rule classified each source line, and why
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .document import OLD_SCHEMAS, SCHEMA, Diagnostic, Document
from .errors import InputError
from .normalizer.assemble import build_document
from .normalizer.layers import WORD_PROPERTIES, Layer, file_layers, style_root
from .normalizer.raw import Explanation, RawBrief
from .paths import SCHEMA_DIR
from .readers.plaintext import parse_plaintext
from .reading import read_bytes, read_text

MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
WORD_SUFFIXES = {".docx", ".docm"}
ODT_SUFFIXES = {".odt"}


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


def normalize_text(text: str, name: str = "<brief>", layers: list[Layer] | None = None) -> Document:
    """A plain-text brief given as a string (no house profile or sidecar unless given)."""
    text, diags = strip_controls(text, name)
    raw = parse_plaintext(text, name)
    raw.diagnostics[:0] = diags
    return build_document(raw, layers)


def normalize_markdown(
    text: str, name: str = "<brief.md>", layers: list[Layer] | None = None
) -> Document:
    from .readers.markdown import parse_markdown

    text, diags = strip_controls(text, name)
    raw = parse_markdown(text, name)
    raw.diagnostics[:0] = diags
    return build_document(raw, layers)


def normalize_html(
    text: str, name: str = "<brief.html>", layers: list[Layer] | None = None
) -> Document:
    from .readers.html import parse_html

    text, diags = strip_controls(text, name)
    raw = parse_html(text, name)
    raw.diagnostics[:0] = diags
    return build_document(raw, layers)


def normalize_docx(path: Path, layers: list[Layer] | None = None) -> Document:
    """A Word file; its own properties (File > Properties) are the lowest metadata layer."""
    from .readers.docx import parse_docx

    raw, properties = parse_docx(read_bytes(path), path)
    return build_document(raw, [(WORD_PROPERTIES, properties), *(layers or [])])


def normalize_odt(path: Path, layers: list[Layer] | None = None) -> Document:
    """An OpenDocument text; its own properties (meta.xml) are the lowest metadata layer."""
    from .normalizer.layers import ODT_PROPERTIES
    from .readers.odt import parse_odt

    raw, properties = parse_odt(read_bytes(path), path)
    return build_document(raw, [(ODT_PROPERTIES, properties), *(layers or [])])


def normalize_file(path: Path, project: Path | None = None) -> Document:
    """A brief file, with its house profile and sidecar metadata layered in.

    `project` is the project folder (`--project`); by default the nearest folder above the
    brief holding publish.toml. Its [style] is checked here (files, fonts and their
    licences, the logo, colour contrast), so that a bad style fails before any rendering.

    The reader is chosen by the file's suffix: Markdown, HTML, Word, else plain text.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:
        return _with_style(normalize_docx(path, file_layers(path, project)), path, project)
    if suffix in ODT_SUFFIXES:
        return _with_style(normalize_odt(path, file_layers(path, project)), path, project)
    text = read_text(path)
    layers = file_layers(path, project)
    if suffix in HTML_SUFFIXES:
        doc = normalize_html(text, str(path), layers)
    elif suffix in MARKDOWN_SUFFIXES:
        doc = normalize_markdown(text, str(path), layers)
    else:
        doc = normalize_text(text, str(path), layers)
    return _with_style(doc, path, project)


def explain_file(path: Path) -> tuple[Document, list[str]]:
    """The document for a brief, and one line per source line range saying which rule
    classified it and why: `line 3: title (first short line without closing punctuation)`.

    Plain text is read by rules, and each says why. Markdown, HTML and Word state their
    structure, so each block is explained by the syntax that made it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    layers = file_layers(path)
    if suffix in WORD_SUFFIXES:
        from .readers.docx import parse_docx

        raw, properties = parse_docx(read_bytes(path), path)
        raw.explanations = _structured_explanations(raw, "", "Word")
        doc = build_document(raw, [(WORD_PROPERTIES, properties), *layers])
        return doc, [e.format() for e in raw.explanations]
    if suffix in ODT_SUFFIXES:
        from .normalizer.layers import ODT_PROPERTIES
        from .readers.odt import parse_odt

        raw, properties = parse_odt(read_bytes(path), path)
        raw.explanations = _structured_explanations(raw, "", "OpenDocument")
        doc = build_document(raw, [(ODT_PROPERTIES, properties), *layers])
        return doc, [e.format() for e in raw.explanations]
    text, diags = strip_controls(read_text(path), str(path))
    if suffix in MARKDOWN_SUFFIXES:
        from .readers.markdown import parse_markdown

        raw = parse_markdown(text, str(path))
        raw.explanations = _structured_explanations(raw, text, "Markdown")
    elif suffix in HTML_SUFFIXES:
        from .readers.html import parse_html

        raw = parse_html(text, str(path))
        raw.explanations = _structured_explanations(raw, text, "HTML")
    else:
        raw = parse_plaintext(text, str(path))
    raw.diagnostics[:0] = diags
    doc = build_document(raw, layers)
    return doc, [e.format() for e in raw.explanations]


_SYNTAX = {
    "Markdown": {"title": "a `#` heading", "heading": "`##` heading", "paragraph": "plain text",
                 "pullquote": "`>` quotation marked {: .pullquote }", "note": "`[^n]:` footnote"},
    "OpenDocument": {"title": "the Title style", "note": "an OpenDocument footnote or endnote"},
}  # fmt: skip


def _structured_explanations(raw: RawBrief, text: str, kind: str) -> list[Explanation]:
    """A format that states its structure: each block is what its markup says."""
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
        why = syntax.get(block.type, f"a {block.type} in the {kind} markup")
        out.append(Explanation(block.line, block.line, block.type, why))
    for note in raw.notes:
        why = syntax.get("note", f"a {kind} footnote or endnote")
        out.append(Explanation(note.line, note.line, f"note {note.number}", why))
    return sorted(out, key=lambda e: (e.first, e.last))


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
