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
lists are [flow] or block (`- item`); a block item may be a small map, as authors with
a role are (`- name: Ann Lee` then `  role: Senior Fellow`); `labels:` takes indented
`key: text` lines. Anything else is an error with its line, so a front matter that parses
here is also valid YAML that means the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from .fields import check_fields

LIST_KEYS = {"authors", "keywords", "notices"}
MAP_KEYS = {"labels"}  # `labels:` then indented `notes: Endnotes` lines (a block mapping)

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*):(?:\s+(.*))?$")
_ITEM = re.compile(r"^\s*-\s+(.*)$")  # YAML allows a list at its key's indentation
# A list item that is a map (`- name: Ann Lee`), and its further keys (`    role: …`).
_MAP_ENTRY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*))?$")
_MAP_MORE = re.compile(r"^\s+([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*))?$")
# A line of an indented block mapping (`labels:` then `  notes: Endnotes`).
_SUBKEY = re.compile(r"^\s+([A-Za-z_][A-Za-z0-9_-]*):\s+(.*)$")


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


def _unreadable(line: str, key: str | None, data: dict[str, Any]) -> str:
    """Why a front matter line cannot be read, and how to write it."""
    stripped = line.strip()
    shown = stripped[:40]
    indent = line[: len(line) - len(line.lstrip())]
    if "\t" in indent:
        if stripped.startswith("-"):
            fix = f"indent list items with spaces: “  {shown}”"
        else:
            fix = f"keys start at the beginning of the line: “{shown}”"
        return f"tab before “{shown}”: YAML does not allow tabs for indentation; {fix}"
    if stripped.startswith("-"):
        if key is None or not isinstance(data.get(key), list):
            return (
                f"list item “{shown}” belongs to no list key; write the key on the line "
                "above with nothing after its colon, e.g. “keywords:” then “  - water”"
            )
        return f"cannot read list item “{shown}”; write “  - value” (a dash, then a space)"
    bare = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*):(\S.*)$", stripped)
    if bare and not bare.group(2).startswith("//"):
        return (
            f"no space after the colon in “{shown}”; write “{bare.group(1)}: {bare.group(2)[:30]}”"
        )
    if indent and _KEY.match(stripped):
        name = stripped.split(":", 1)[0]
        return (
            f"indented key “{name}”: keys start at the beginning of the line (only "
            f"“- item” lines of a list are indented); write “{stripped[:40]}”"
        )
    if indent:
        return (
            f"indented line “{shown}”: a value must fit on its key's line; put a long "
            "value on one line, in double quotes"
        )
    spaced = re.match(r"^([^:]+?)\s*:", stripped)
    if spaced and " " in spaced.group(1).strip():
        return (
            f"key “{spaced.group(1).strip()[:30]}” has a space in it; keys are single "
            "words such as “title” or “cover_color”"
        )
    return f"cannot read front matter line “{shown}”: expected “key: value”"


def _comma_warning(key: str, raw: str) -> str:
    """An unquoted value with commas for a list key: YAML reads one string, not a list."""
    items = ", ".join(_quote(part.strip()) for part in raw.split(",") if part.strip())
    return (
        f"“{key}: {raw.strip()[:40]}” is read as one {key.rstrip('s')}; for a list write "
        f"“{key}: [{items}]” (or “{key}: [{_quote(raw.strip())}]” for one with a comma)"
    )


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) if "," in text or '"' in text else text


def parse_front_matter(
    lines: list[str], path: Path | str, warnings: list[tuple[int, str]] | None = None
) -> dict[str, Any]:
    """The front matter's keys, checked; doubtful values add (line, message) to `warnings`."""
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    key = None
    for offset, line in enumerate(lines, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if (
            item
            and "\t" not in line[: line.index("-")]
            and key is not None
            and isinstance(data.get(key), list)
        ):
            entry = _MAP_ENTRY.match(item.group(1))
            if entry and not item.group(1).startswith(("'", '"')):
                data[key].append({entry.group(1): _scalar(entry.group(2) or "", path, offset)})
            else:
                data[key].append(_scalar(item.group(1), path, offset))
            continue
        more = _MAP_MORE.match(line)
        in_list = key is not None and isinstance(data.get(key), list) and data[key]
        if more and in_list and isinstance(data[key][-1], dict):
            if more.group(1) in data[key][-1]:
                raise InputError(f"key “{more.group(1)}” is given twice", path=path, line=offset)
            data[key][-1][more.group(1)] = _scalar(more.group(2) or "", path, offset)
            continue
        sub = _SUBKEY.match(line)
        if sub and key in MAP_KEYS and isinstance(data.get(key), list | dict):
            mapping = data[key] if isinstance(data[key], dict) else {}
            mapping[sub.group(1)] = _scalar(sub.group(2), path, offset)
            data[key] = mapping
            continue
        match = _KEY.match(line)
        if not match:
            raise InputError(_unreadable(line, key, data), path=path, line=offset)
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
            if (
                key in LIST_KEYS
                and isinstance(data[key], str)
                and raw.strip()[0] not in "\"'"
                and "," in raw
                and warnings is not None
            ):
                warnings.append((offset, _comma_warning(key, raw)))
    # `key:` with nothing after it is an empty list for list keys, and unset for the others.
    for name, value in data.items():
        if value == [] and name not in LIST_KEYS:
            data[name] = None
    return check_fields(_nest(data, where), path, where)


def _nest(data: dict[str, Any], where: dict[str, int]) -> dict[str, Any]:
    """`style.fonts.body: x` → {"style": {"fonts": {"body": x}}}: YAML's nesting, written flat
    (the subset reads no indented mappings). Only `style` has sub-keys."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if "." not in key:
            out[key] = value
            continue
        head, *rest = key.split(".")
        where.setdefault(head, where.get(key, 0))
        node = out.setdefault(head, {})
        if not isinstance(node, dict):
            node = out[head] = {}
        for part in rest[:-1]:
            node = node.setdefault(part, {})
        node[rest[-1]] = value
    return out
