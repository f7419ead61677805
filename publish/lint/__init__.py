"""The gate's findings with stable codes: `publish lint`, docs/RULES.md and [lint] ignores.

from publish.lint import lint_paths
for brief in lint_paths([Path("seeds")]):
    for f in brief.findings:
        print(f.format())          # seeds/brief.md:11: N002 note 2 is never called
"""

from __future__ import annotations

from .rules import BY_CODE, RULES, Finding, Rule, classify
from .run import BriefLint, lint_paths

__all__ = ["BY_CODE", "RULES", "BriefLint", "Finding", "Rule", "classify", "lint_paths"]
