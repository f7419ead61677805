"""Where the project's own resources live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
# styles/ sits at the project root (the design card's layout); PUBLISH_STYLES overrides it.
STYLES_DIR = Path(os.environ.get("PUBLISH_STYLES", PROJECT_DIR / "styles")).resolve()
FONTS_DIR = STYLES_DIR / "fonts"
SCHEMA_DIR = PACKAGE_DIR / "schema"
SCHEMA_FILE = SCHEMA_DIR / "brief-2.json"  # the current version
