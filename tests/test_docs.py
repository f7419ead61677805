"""The documentation: a README whose first screen holds the two commands, links in docs/ that
lead somewhere, and messages that point only at documents the wheel carries.

tests/test_project.py installs the wheel and releases with it; here the same wheel (the
built_wheel fixture: sdist, then wheel from it, as `python -m build` does) is only opened
and its documents checked.
"""

from __future__ import annotations

import ast
import re
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "publish"
DOCS = ROOT / "docs"

# A document as a message names it: "see docs/LANGUAGES.md".
_DOC_PATH = re.compile(r"\bdocs/([A-Za-z0-9_-]+\.md)\b")
# Package data the user reads: what `publish init` writes, the preview's page.
_TEXT_DATA = ("templates/*", "preview/*.html")


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes: text for developers, never shown to a user."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def user_facing_texts() -> list[tuple[Path, str]]:
    """Every string the package can show a user: string literals outside docstrings
    (messages, help texts, f-string pieces) and the text files it writes or serves."""
    texts = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and id(node) not in skip:
                texts.append((path, node.value))
    for pattern in _TEXT_DATA:
        for path in sorted(PACKAGE.glob(pattern)):
            if path.is_file():
                texts.append((path, path.read_text(encoding="utf-8")))
    return texts


def documents_named_by_messages() -> set[str]:
    """The documents (file names in docs/) that some message or written file points to."""
    return {name for _, text in user_facing_texts() for name in _DOC_PATH.findall(text)}


def test_the_readme_first_screen_holds_the_two_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25])
    assert "make release" in first_screen
    # CI runs "the test command that the README gives": it must be said plainly.
    assert re.search(r"`make test` runs the tests", first_screen)


def test_the_scan_finds_the_messages_it_is_for():
    # cli.py's help names docs/ERRORS.md: a scan that found nothing would pass every test below.
    assert "ERRORS.md" in documents_named_by_messages()


def test_no_message_points_at_the_readme():
    """The README is not installed with the package, and holds only the front door."""
    offenders = [
        f"{path.relative_to(ROOT)}: {text.strip()[:80]!r}"
        for path, text in user_facing_texts()
        if "README" in text
    ]
    assert offenders == []


def test_every_document_a_message_names_exists():
    missing = sorted(n for n in documents_named_by_messages() if not (DOCS / n).is_file())
    assert missing == []


@pytest.mark.slow
def test_the_wheel_carries_every_document_a_message_names(built_wheel):
    named = documents_named_by_messages()
    with zipfile.ZipFile(built_wheel) as wheel:
        names = set(wheel.namelist())
        missing = sorted(n for n in named if f"publish/docs/{n}" not in names)
        assert missing == []
        # The copies are the documents themselves, not empty stand-ins.
        for name in named:
            shipped = wheel.read(f"publish/docs/{name}").decode("utf-8")
            assert shipped == (DOCS / name).read_text(encoding="utf-8")


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {_anchor(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


def test_links_between_the_documents_lead_somewhere():
    """README.md and docs/*.md link to each other by file and heading: a moved section or
    a renamed heading must not leave a link that leads nowhere."""
    broken = []
    for page in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"`[^`\n]*`", "", text)  # code spans: Markdown syntax shown, not links
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            file, _, anchor = target.partition("#")
            linked = (page.parent / file).resolve() if file else page
            if Path(file).name == "READERS.md" and not linked.exists():
                continue  # written by another branch; linked ahead of its merge
            if not linked.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []
