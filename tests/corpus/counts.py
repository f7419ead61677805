"""Counts of what a reading found, ours and pandoc's, so that they can be compared.

.venv/bin/python -m tests.corpus.counts          # print the table
.venv/bin/python -m tests.corpus.counts --write  # and put it into docs/READERS.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("heading", "paragraph", "notes", "table", "figure", "list", "blockquote")
PANDOC_FORMAT = {".docx": "docx", ".odt": "odt", ".html": "html", ".md": "markdown"}
PRODUCERS = {
    "pandoc": "pandoc", "python-docx": "python-docx", "libreoffice": "LibreOffice",
    "browser-copy": "Chromium (copy as text)", "word-filtered": "Word (Web Page, Filtered)",
    "wordpress": "WordPress", "drupal": "Drupal", "google-docs": "Google Docs",
    "substack": "Substack", "ghost": "Ghost", "hand": "hand-written page",
}  # fmt: skip


def inputs() -> list[Path]:
    return sorted(
        p for p in HERE.iterdir() if p.suffix in (".txt", ".html", ".md", ".docx", ".odt")
    )


def producer(path: Path) -> str:
    return next(v for k, v in PRODUCERS.items() if path.name.startswith(k))


def ours(path: Path) -> dict[str, object]:
    from publish.load import normalize_file

    doc = normalize_file(path)
    counts: dict[str, object] = {k: sum(b.type == k for b in doc.blocks) for k in KINDS}
    counts["paragraph"] = sum(b.type in ("paragraph", "pullquote") for b in doc.blocks)
    counts["notes"] = len(doc.notes)
    counts["title"] = doc.meta.title
    counts["series"] = doc.meta.series
    counts["date"] = doc.meta.date
    counts["authors"] = [a.name for a in doc.meta.authors]
    counts["warnings"] = [d.message for d in doc.diagnostics if d.level != "info"]
    return counts


def pandoc(path: Path) -> dict[str, int] | None:
    """pandoc's own reading: top-level blocks by kind, and its Note inlines."""
    fmt = PANDOC_FORMAT.get(path.suffix)
    if fmt is None:
        return None
    import pypandoc

    ast = json.loads(pypandoc.convert_file(str(path), "json", format=fmt))
    counts = dict.fromkeys(KINDS, 0)
    kinds = {"Header": "heading", "Para": "paragraph", "Plain": "paragraph", "Table": "table",
             "Figure": "figure", "BulletList": "list", "OrderedList": "list",
             "BlockQuote": "blockquote"}  # fmt: skip

    def walk(node: object, top: bool) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind == "Note":
                counts["notes"] += 1
            if top and kind in kinds:
                image = kind == "Para" and [i.get("t") for i in node["c"]] == ["Image"]
                counts["figure" if image else kinds[kind]] += 1
            if top and kind == "Div":  # a section or wrapper: its blocks are top level
                for child in node["c"][1]:
                    walk(child, True)
                return
            for value in node.values():
                walk(value, False)
        elif isinstance(node, list):
            for value in node:
                walk(value, False)

    for block in ast["blocks"]:
        walk(block, True)
    return counts


def row(path: Path, expected: dict[str, object]) -> str:
    mine, theirs = ours(path), pandoc(path)
    cells = []
    for kind in KINDS:
        a = mine[kind]
        b = "–" if theirs is None else theirs[kind]
        cells.append(f"{a} / {b}" if a != b else f"{a}")
    why = expected.get("why", "")
    return f"| {producer(path)} | `{path.name}` | " + " | ".join(cells) + f" | {why} |"


def table() -> str:
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    head = "| producer | file | " + " | ".join(KINDS) + " | where we differ from pandoc, why |"
    rule = "|" + " --- |" * (len(KINDS) + 3)
    return "\n".join([head, rule, *(row(p, expected.get(p.name, {})) for p in inputs())])


if __name__ == "__main__":
    text = table()
    print(text)
    if "--write" in sys.argv:
        readers = HERE.parent.parent / "docs" / "READERS.md"
        doc = readers.read_text(encoding="utf-8")
        start, end = "<!-- corpus-table -->", "<!-- /corpus-table -->"
        before, _, rest = doc.partition(start)
        _, _, after = rest.partition(end)
        readers.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")
