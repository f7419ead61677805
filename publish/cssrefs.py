"""A stylesheet's references to other files: only files in the project may be named.

Rendering never fetches a URL or reads outside the project, so a house stylesheet's
`@import url(http://…)`, a `@font-face` from a server or a `url(file:///…)` would only be
dropped, and reach the user as EPUBCheck errors about epub.css. Instead the first one is one
error naming the stylesheet, its line and the rule it sits in.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .errors import InputError


def check_stylesheet(sheet: Path, root: Path) -> None:
    """One InputError naming the stylesheet, line and rule of its first URL outside the
    project: remote, `file:`, absolute, or a relative path leading out of the project."""
    import tinycss2

    text = sheet.read_text(encoding="utf-8", errors="replace")
    found: list[tuple[int, str, str]] = []  # line, the reference, what is wrong with it
    for node, rule in _references(tinycss2.parse_stylesheet(text, True, True)):
        url = node.value if node.type in ("url", "string") else _argument(node)
        if url is None or (problem := _outside(url, sheet.parent, root.resolve())) is None:
            continue
        found.append((node.source_line, f"{rule} {url}", problem))
    if found:
        line, what, problem = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise InputError(
            f"{what}: {problem}{more}; house CSS may refer only to files in the project",
            path=sheet,
            line=line,
        )


def _references(rules: list, rule_name: str = "") -> list[tuple[object, str]]:
    """Every url() and @import target, with the rule it sits in (`@import`, `@font-face`,
    or a selector)."""
    import tinycss2

    out: list[tuple[object, str]] = []
    for rule in rules:
        if rule.type == "at-rule":
            name = f"@{rule.lower_at_keyword}"
            if rule.lower_at_keyword == "import":
                out += [(t, name) for t in rule.prelude if t.type in ("url", "string", "function")]
                continue
            if rule.content is not None:
                if rule.lower_at_keyword in ("media", "supports", "layer", "document"):
                    out += _references(tinycss2.parse_rule_list(rule.content, True, True))
                else:
                    out += [(t, name) for t in _walk(rule.content)]
        elif rule.type == "qualified-rule":
            selector = tinycss2.serialize(rule.prelude).strip()
            out += [(t, selector) for t in _walk(rule.content)]
    return out


def _walk(tokens: list) -> list:
    """url tokens and url()/src() functions, at any depth."""
    out = []
    for token in tokens or []:
        if token.type == "url":
            out.append(token)
        elif token.type == "function":
            if token.lower_name in ("url", "src"):
                out.append(token)
            else:
                out += _walk(token.arguments)
        elif getattr(token, "content", None) and token.type in ("() block", "[] block"):
            out += _walk(token.content)
    return out


def _argument(token: object) -> str | None:
    args = [a for a in getattr(token, "arguments", []) if a.type == "string"]
    return args[0].value if args else None


def _outside(url: str, base: Path, root: Path) -> str | None:
    url = url.strip()
    if not url or url.startswith("#") or url.lower().startswith("data:"):
        return None  # a fragment or inline data reads no file
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return "a file: URL is read from outside the project"
    if parts.scheme or url.startswith("//"):
        return "a remote URL is never fetched"
    if url.startswith("/"):
        return "an absolute path is outside the project"
    if not (base / parts.path).resolve().is_relative_to(root):
        return "the path leads out of the project folder"
    return None
