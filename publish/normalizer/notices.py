"""The colophon's material in any format: the disclaimer, copyright and licence notices."""

from __future__ import annotations

import re

# A paragraph that opens the colophon: `Disclaimer:`, `© 2025 …`, `Licence: …`, `ISSN …`.
COLOPHON_LABEL = re.compile(
    r"^(?:disclaimer|legal notice|imprint|copyright|©|\(c\)|licen[cs]e|issn|isbn)\b\s*:?\s*",
    re.IGNORECASE,
)
