"""pandoc's simple tables, for Markdown that pandoc wrote (`pandoc -t markdown`):

      Year     Exports (bn)
      ------ --------------
      2019              294

A header line, a line of dash runs (one per column), the rows, and a blank line (or a
closing dash line). Columns are where the dash runs are; a header flush with the right
end of its dashes is right-aligned, as pandoc's manual says. Python-Markdown knows only
pipe tables, and would read such a table as two paragraphs of run-together cells.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown.blockprocessors import BlockProcessor

_DASHES = re.compile(r"^ {0,3}-+(?: +-+)+ *$")
_RUN = re.compile(r"-+")


class SimpleTableProcessor(BlockProcessor):
    def test(self, parent: ET.Element, block: str) -> bool:
        lines = block.split("\n")
        return len(lines) >= 3 and bool(_DASHES.match(lines[1])) and bool(lines[0].strip())

    def run(self, parent: ET.Element, blocks: list[str]) -> None:
        lines = [line for line in blocks.pop(0).split("\n") if line.strip()]
        header, rule, rows = lines[0], lines[1], lines[2:]
        if rows and _DASHES.match(rows[-1]):
            rows = rows[:-1]  # the closing rule
        runs = [m.span() for m in _RUN.finditer(rule)]
        # A column runs from its dashes' start to the next column's start.
        bounds = [(start, runs[i + 1][0] if i + 1 < len(runs) else None)
                  for i, (start, _) in enumerate(runs)]  # fmt: skip

        def cells(line: str) -> list[str]:
            return [line[a:b].strip() if b else line[a:].strip() for a, b in bounds]

        table = ET.SubElement(parent, "table")
        row = ET.SubElement(ET.SubElement(table, "thead"), "tr")
        for (start, end), text in zip(runs, cells(header), strict=True):
            cell = ET.SubElement(row, "th")
            cell.text = text
            head = header[start:end]
            flush_right, flush_left = head.endswith(text), head.startswith(text)
            if text and flush_right and not flush_left:
                cell.set("align", "right")
        body = ET.SubElement(table, "tbody")
        for line in rows:
            tr = ET.SubElement(body, "tr")
            for text in cells(line):
                ET.SubElement(tr, "td").text = text
