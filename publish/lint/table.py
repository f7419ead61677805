"""The lint rules: (code, title, pattern, fix, example), in matching order.

A code, once given, keeps its meaning: a rule that goes away leaves its code unused, and a
new kind of finding takes a new number. Each example is a real finding's text; a test checks
that it is classified under its own code. The catch-all of each family (x099) comes last in
the family and matches what the family's checks write that no rule above names.
"""

from __future__ import annotations

from .codes_editions import CHECKERS, EDITIONS
from .codes_source import SOURCE

# Matching order: findings named by their checker or edition first (their text may contain
# words that other rules look for), then the source's, then the editions'.
TABLE = (*CHECKERS, *SOURCE, *EDITIONS)
