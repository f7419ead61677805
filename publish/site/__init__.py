"""The release's website: a landing page per brief, the catalogue, and OPDS and Atom feeds.

`build` ties it into publish.release; `page`, `head`, `catalogue` and `feeds` make the
files; `card` is what the manifest keeps about a brief for them; `check` runs the Nu HTML
Checker; `settings` reads `base_url`. See docs/SITE.md.
"""
