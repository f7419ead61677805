"""Where publish's own resources live: the default styles, fonts and the JSON schema.

The repository's top-level `styles/` is the one source of truth. A wheel carries a copy of it
as `publish/styles/` (setup.py copies it at build time), so an installed `publish` finds its
styles beside its code. In a source checkout (an editable install, or running from the
repository) the top-level folder is used directly, so an edit there takes effect at once.
There is no environment override: a project changes the look with its own `[style]` in
publish.toml (see publish/style.py), never by replacing the defaults.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _styles_dir() -> Path:
    checkout = PACKAGE_DIR.parent / "styles"
    if (PACKAGE_DIR.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout.resolve()
    return PACKAGE_DIR / "styles"


STYLES_DIR = _styles_dir()
FONTS_DIR = STYLES_DIR / "fonts"
SCHEMA_DIR = PACKAGE_DIR / "schema"
SCHEMA_FILE = SCHEMA_DIR / "brief-2.json"  # the current version
