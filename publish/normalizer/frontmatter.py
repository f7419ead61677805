"""YAML front matter, the small subset editors need, without a YAML dependency.

    ---
    title: Water Rights in the Delta
    number: 12
    authors: [Ann Lee, "Lee, Bo"]
    keywords:
      - water
      - law
    disclaimer: "The views expressed are the authors’ own."
    ---

Scalars are plain, "double-quoted" (JSON escapes, which YAML shares) or 'single-quoted';
lists are [flow] or block (`- item`). Anything else is an error with its line, so a
front matter that parses here is also valid YAML that means the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from .fields import check_fields

LIST_KEYS = {"authors", "keywords", "notices"}

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*))?$")
_ITEM = re.compile(r"^\s+-\s+(.*)$")


def split_front_matter(text: str, path: Path | str | None = None) -> tuple[list[str], int, str]:
    """(front matter lines, number of lines before the body, body text)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return [], 0, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return lines[1:end], end + 1, "\n".join(lines[end + 1 :])
    raise InputError("front matter opened with --- is never closed", path=path, line=1)


def _scalar(raw: str, path: Path | str, line: int) -> Any:
    raw = raw.strip()
    if raw in ("", "~", "null"):
        return None
    if raw.startswith('"'):
        try:
            return json.loads(raw)
        except ValueError:
            raise InputError("bad double-quoted value", path=path, line=line) from None
    if raw.startswith("'"):
        if len(raw) < 2 or not raw.endswith("'"):
            raise InputError("bad single-quoted value", path=path, line=line)
        return raw[1:-1].replace("''", "'")
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if raw[0] in "[{&*!|>%@`":
        raise InputError(f"unsupported YAML value “{raw[:30]}”", path=path, line=line)
    return raw


def _flow_list(raw: str, path: Path | str, line: int) -> list[Any]:
    inner = raw.strip()[1:-1]
    items, current, quote = [], "", ""
    for ch in inner:  # split on commas outside quotes
        if quote:
            current += ch
            if ch == quote and not current.endswith("\\" + quote):
                quote = ""
        elif ch in "\"'":
            quote = ch
            current += ch
        elif ch == ",":
            items.append(current)
            current = ""
        else:
            current += ch
    if current.strip():
        items.append(current)
    return [_scalar(item, path, line) for item in items if item.strip()]


def parse_front_matter(lines: list[str], path: Path | str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    key = None
    for offset, line in enumerate(lines, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item and key is not None and isinstance(data.get(key), list):
            data[key].append(_scalar(item.group(1), path, offset))
            continue
        match = _KEY.match(line)
        if not match:
            raise InputError(f"cannot read front matter line “{line.strip()[:40]}”", path=path,
                             line=offset)  # fmt: skip
        key, raw = match.group(1), match.group(2) or ""
        if key in data:
            raise InputError(f"key “{key}” is given twice", path=path, line=offset)
        where[key] = offset
        if raw.strip().startswith("[") and raw.strip().endswith("]"):
            data[key] = _flow_list(raw, path, offset)
        elif not raw.strip():
            data[key] = []  # a block list may follow; an empty one means "none"
        else:
            data[key] = _scalar(raw, path, offset)
    # `key:` with nothing after it is an empty list for list keys, and unset for the others.
    for name, value in data.items():
        if value == [] and name not in LIST_KEYS:
            data[name] = None
    return check_fields(data, path, where)
