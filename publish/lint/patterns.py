"""The shapes that several lint rules share."""

# A finding's editions, as the gate prefixes them: `pdf: `, `pdf, print: `.
ED = r"^(?:(?:pdf|print|archive|epub|kepub)(?:, (?:pdf|print|archive|epub|kepub))*: )?"
# One note or several, after the editions: `note 3`, `23 notes`.
NOTE = ED + r"(?:note \d+|\d+ notes)"
