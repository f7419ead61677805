"""The normalizer: a brief as it comes → one validated Document.

normalize_file(path) -> Document      plain text (.txt or anything else) or Markdown (.md)
normalize_text(text, name) -> Document
load_document(path) -> Document       also accepts `publish normalize` JSON output
"""

from __future__ import annotations

import json
from pathlib import Path

from ..document import Document
from ..errors import InputError
from ..reading import read_text
from .assemble import build_document
from .layers import Layer, file_layers
from .plaintext import parse_plaintext

MARKDOWN_SUFFIXES = {".md", ".markdown"}


def normalize_text(text: str, name: str = "<brief>", layers: list[Layer] | None = None) -> Document:
    """A plain-text brief given as a string (no house profile or sidecar unless given)."""
    return build_document(parse_plaintext(text, name), layers)


def normalize_markdown(
    text: str, name: str = "<brief.md>", layers: list[Layer] | None = None
) -> Document:
    from .mdsource import parse_markdown

    return build_document(parse_markdown(text, name), layers)


def normalize_file(path: Path) -> Document:
    """A brief file, with its house profile and sidecar metadata layered in."""
    path = Path(path)
    text = read_text(path)
    layers = file_layers(path)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return normalize_markdown(text, str(path), layers)
    return normalize_text(text, str(path), layers)


def load_document(path: Path) -> Document:
    path = Path(path)
    if path.suffix.lower() != ".json":
        return normalize_file(path)
    text = read_text(path)
    try:
        return Document.from_json(text)
    except AttributeError:  # valid JSON, but a list or a string: no .get()
        raise InputError("not a publish document: expected a JSON object", path=path) from None
    except (ValueError, KeyError, TypeError) as exc:
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        raise InputError(f"not a publish document: {message}", path=path, line=line) from None
