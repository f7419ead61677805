"""JSON text of the release's largest records, written and read by orjson.

`manifest.json` is 4.9 MB at 1,000 briefs and is written on every release that changes
anything, with the combined `citations.csl.json` beside it. The standard library's encoder
leaves its C path when asked to indent and took 0.15 s for the manifest alone; orjson writes
the same bytes (two-space indent, UTF-8 as it is, keys in their order) in 3 ms, and reads the
manifest back in a fraction of `json.loads`'s time (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from typing import Any

import orjson

# Keys that are not strings (an int) become strings, as the standard library does.
_PRETTY = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE | orjson.OPT_NON_STR_KEYS


def pretty(data: Any) -> bytes:
    """`json.dumps(data, ensure_ascii=False, indent=2) + "\\n"`, as UTF-8 bytes."""
    return orjson.dumps(data, option=_PRETTY)


def parse(text: str | bytes) -> Any:
    """`json.loads`; a malformed text raises ValueError (orjson's JSONDecodeError is one)."""
    return orjson.loads(text)
