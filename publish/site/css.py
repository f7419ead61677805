"""The pages' stylesheet: the house colours and faces of publish/style.py, set for screens.

Inline in each page (one file, nothing to fetch). The faces are named, not shipped: a reader
with the house fonts installed sees them, others the serif or sans fallback of the same kind.
"""

from __future__ import annotations

from typing import Any

SERIF = 'Georgia, "Times New Roman", serif'
SANS = '"Helvetica Neue", Arial, sans-serif'


def _stack(name: str) -> str:
    fallback = SANS if "sans" in name.lower() else SERIF
    return f'"{name}", {fallback}'


def stylesheet(style: dict[str, Any]) -> str:
    """CSS for both page kinds from a card's `style` (accent, ink, rule, panel, fonts)."""
    return f"""
:root {{ --ink: {style["ink"]}; --accent: {style["accent"]}; --rule: {style["rule"]};
  --panel: {style["panel"]}; --muted: #5a5a5a; --page: #ffffff; }}
* {{ box-sizing: border-box; }}
html {{ font-family: {_stack(style["body_font"])}; font-size: 112.5%; line-height: 1.5;
  color: var(--ink); background: var(--page); }}
body {{ margin: 0; }}
h1, h2, h3, .series, .masthead {{ font-family: {_stack(style["heading_font"])}; }}
h1, h2, h3 {{ line-height: 1.2; margin: 0 0 .4em; }}
a {{ color: var(--accent); }}
a:focus-visible {{ outline: 3px solid var(--accent); outline-offset: 2px; }}
.skip {{ position: absolute; left: -999em; }}
.skip:focus {{ left: 1rem; top: 1rem; background: var(--page); padding: .3em .6em; }}
header.site, footer.site {{ background: var(--panel); border-bottom: 3px solid var(--accent); }}
footer.site {{ border-bottom: 0; border-top: 1px solid var(--rule); margin-top: 3rem; }}
.wrap {{ max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem; }}
.masthead {{ margin: 0; font-size: 1.05rem; font-weight: 600; }}
.masthead a {{ color: var(--ink); text-decoration: none; }}
.series {{ margin: 0 0 .3em; color: var(--accent); font-weight: 600; text-transform: uppercase;
  letter-spacing: .04em; font-size: .85rem; }}
.subtitle {{ font-style: italic; font-size: 1.2rem; margin: 0 0 .8em; }}
.meta, .byline, .size {{ color: var(--muted); }}
.meta, .byline {{ margin: .2em 0; }}
.brief-page .byline {{ font-size: 1.1rem; color: var(--ink); font-weight: 600; }}
ul.plain {{ list-style: none; padding: 0; margin: .3em 0 1em; }}
ul.plain li {{ margin: .25em 0; }}
.brief-page {{ display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: 2rem;
  align-items: start; }}
.brief-page .cover img {{ width: 100%; height: auto; border: 1px solid var(--rule); }}
.abstract {{ font-size: 1.05rem; }}
section {{ margin-top: 1.6rem; }}
section h2 {{ font-size: 1.15rem; border-bottom: 1px solid var(--rule); padding-bottom: .2em; }}
.cite {{ background: var(--panel); padding: .8em 1em; border-left: 3px solid var(--accent);
  overflow-wrap: anywhere; }}
dl.ids {{ display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }}
dl.ids dt {{ font-weight: 600; }}
dl.ids dd {{ margin: 0; overflow-wrap: anywhere; }}
ol.catalogue {{ list-style: none; padding: 0; margin: 0; }}
ol.catalogue > li {{ display: grid; grid-template-columns: 120px 1fr; gap: 1.25rem;
  padding: 1.25rem 0; border-bottom: 1px solid var(--rule); }}
ol.catalogue img {{ width: 120px; height: auto; border: 1px solid var(--rule); }}
ol.catalogue h2 {{ font-size: 1.3rem; margin-bottom: .2em; }}
ol.catalogue .subtitle {{ font-size: 1rem; margin: 0 0 .3em; }}
ol.catalogue h2 a {{ text-decoration: none; }}
ol.catalogue h2 a:hover {{ text-decoration: underline; }}
ul.plain.editions li {{ display: inline-block; margin: .2em 1.4em .2em 0; }}
@media (max-width: 40rem) {{
  .brief-page {{ grid-template-columns: 1fr; }}
  .brief-page .cover {{ max-width: 12rem; }}
  ol.catalogue > li {{ grid-template-columns: 72px 1fr; gap: .9rem; }}
  ol.catalogue img {{ width: 72px; }}
  html {{ font-size: 100%; }}
}}
""".strip()
