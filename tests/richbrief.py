"""A brief with every rich element, written into a folder with its two images.

Shared by the rich-content tests: two figures (a PNG drawn here with Pillow and an SVG,
which carries a script that must not survive), a table long enough to cross a page break,
nested lists with a start number, a block quote with attribution, and notes called from a
figure caption and from a table cell.
"""

from __future__ import annotations

from pathlib import Path

SVG = """<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="400" height="200" viewBox="0 0 400 200" onload="alert(1)">
  <script>alert('svg')</script>
  <title>Map</title>
  <rect x="0" y="0" width="400" height="200" fill="#e8eef5"/>
  <circle cx="120" cy="100" r="60" fill="#1f3a5f"/>
  <rect x="220" y="40" width="140" height="120" fill="#c0392b"/>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <a xlink:href="https://example.org"><text x="20" y="190">Region</text></a>
</svg>
"""


def write_png(path: Path, width: int = 1800, height: int = 900, dpi: int = 300) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, value in enumerate((30, 55, 80, 65, 90)):
        x = 100 + i * 320
        draw.rectangle([x, height - 100 - value * 8, x + 200, height - 100], fill=(31, 58, 95))
    draw.line([60, height - 100, width - 60, height - 100], fill="black", width=6)
    image.save(path, dpi=(dpi, dpi))


def rows(count: int) -> str:
    lines = []
    for i in range(1, count + 1):
        note = "[^3]" if i == 7 else ""
        lines.append(f"| Region {i} | {i * 37 % 101}.{i % 10}{note} | {2000 + i} |")
    return "\n".join(lines)


BODY = """---
title: "Rich Content in Briefs"
date: 2025-06-16
authors: ["Ada Analyst"]
publisher: "Example Institute"
---

## Why figures matter

Policy briefs carry charts, maps and tables. Figure 1 shows the growth of the sector over
five years, and the text refers to it rather than repeating its numbers.[^1]

![Bar chart: the sector grew in four of five years, from 30 to 90 units](chart.png)

Growth of the sector, 2020–2024, in units of output.[^2]
{: .caption }

Source: Example Institute calculations.
{: .source }

Recommendations follow, in this order:

1. Fund the measurement programme.
2. Publish the data:
    - quarterly, with revisions marked;
    - with a *plain-language* summary.
3. Review the programme after two years.

The second list continues the numbering:

4. Share the method with partners.
5. Train staff.

> Numbers without context mislead; context without numbers persuades no one.
>
> Good briefs give both.
>
> — A. Reviewer, *Notes on Evidence*

## The regional picture

The map in Figure 2 sets out the two regions compared in Table 1.

![Map of the two regions compared](map.svg "Two regions compared.")

Table: Output by region, with the year of the last survey
{: .row-headers }

| Region | Output | Survey |
|:-------|-------:|:------:|
{rows}

Source: National statistics office.
{: .source }

After the table, the text goes on to draw its conclusions, as briefs do, in one more
paragraph that the reader reaches once the table has ended.

[^1]: The sector is defined as in the 2019 classification.
[^2]: Units are thousands of tonnes.
[^3]: Provisional figure, revised in 2025.
"""


def write_rich_brief(folder: Path, table_rows: int = 60) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_png(folder / "chart.png")
    (folder / "map.svg").write_text(SVG, encoding="utf-8")
    path = folder / "rich.md"
    path.write_text(BODY.replace("{rows}", rows(table_rows)), encoding="utf-8")
    return path
