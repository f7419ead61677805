"""The house profile (publish.toml) checked once, before a release builds anything.

Every brief inherits the house profile, so a fault in it is the house's, not a brief's: it
stops the release with exit status 2 and names publish.toml and the key's line, where a
per-brief check would blame each brief in turn. The house's stylesheets are read here too:
they may refer only to files in the project, because rendering never fetches a URL or reads
outside the project (and EPUBCheck would report each such URL as an error about epub.css).
"""

from __future__ import annotations

from pathlib import Path

from .cssrefs import check_stylesheet
from .document import Style
from .errors import InputError
from .fonts import resolve_family
from .normalizer.fields import load_toml, toml_lines
from .style import load_logo, project_path


def check_house(profile: Path) -> None:
    """Raise InputError (file and line) for a publish.toml that no brief could build with."""
    if not profile.is_file():
        return
    data = load_toml(profile)  # unknown keys and wrong types, with their lines
    table = data.get("style")
    if not table:
        return

    lines = toml_lines(profile.read_text(encoding="utf-8"))
    style = Style(root=str(profile.parent), **table)

    def at(key: str) -> int | None:
        return lines.get(f"style.{key}") or lines.get("style")

    root = profile.parent

    def blame(exc: InputError, key: str) -> InputError:
        # Faults found in the file a key names (a logo that is not a PNG) stay that file's.
        if exc.path not in (None, str(profile)):
            return exc
        message = exc.message if exc.message.startswith(key) else f"{key}: {exc.message}"
        return InputError(message, path=profile, line=at(key))

    try:
        load_logo(style, profile)
    except InputError as exc:
        raise blame(exc, "logo") from None
    for spec in sorted({style.body_font, style.heading_font} - {None}):
        try:
            resolve_family(spec, root, profile)
        except InputError as exc:
            raise blame(exc, "fonts") from None
    for rel in sorted({style.stylesheet_epub, style.stylesheet_pdf} - {None}):
        try:
            sheet = project_path(style, rel, profile)
        except InputError as exc:
            raise blame(exc, "stylesheet") from None
        if sheet is not None:
            check_stylesheet(sheet, root)
