"""Headless Chromium measurements of an EPUB's content documents (WCAG reflow, target size).

Each XHTML document is opened from an unpacked copy of the book in a 360 px wide viewport with
the text at 200 % (the reader's font-size setting: `html { font-size: 200% }`), and a script
measures, after fonts have loaded:

- overflow: every element whose box is wider than its container's content box, or reaches
  past the viewport (clipped or scrolled text);
- mid-word splits: a word of letters laid out on two lines without a hyphen (a soft hyphen
  shows one when it breaks there);
- note calls: the size of each `doc-noteref` link box;
- line spacing: the distance between successive lines of each paragraph with a call.

Headless Chromium's window is at least 500 px wide, so the document is shown in a 360 px wide
iframe (its own viewport, media queries included) of an outer page served from 127.0.0.1;
`chromium --dump-dom` prints the outer page after the script has written its JSON into it, so
no driver is needed. A screenshot can be taken of the same page.
"""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import subprocess
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lxml import etree

VIEWPORT = 360
XHTML = "http://www.w3.org/1999/xhtml"

SCRIPT = r"""
window.addEventListener('load', function () { document.fonts.ready.then(function () {
  var vw = document.documentElement.clientWidth;
  var out = {overflow: [], splits: [], calls: [], lines: [], vw: vw};
  function name(el) {
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
  }
  var all = document.body.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) {
    var el = all[i], r = el.getBoundingClientRect();
    if (el.tagName.toLowerCase() === 'pre' && el.id === 'reflow-result') continue;
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > vw + 0.5 || r.left < -0.5) {
      out.overflow.push(name(el) + ' spans ' + r.left.toFixed(1) + '..' + r.right.toFixed(1));
    }
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') {
      out.overflow.push(name(el) + ' content ' + el.scrollWidth + ' > box ' + el.clientWidth);
    }
  }
  // Words of letters (and soft hyphens) split across lines.
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  var node;
  while ((node = walker.nextNode())) {
    var words = /\S+/g, w;
    while ((w = words.exec(node.data))) {
      var wr = document.createRange();
      wr.setStart(node, w.index); wr.setEnd(node, w.index + w[0].length);
      var box = node.parentElement.getBoundingClientRect(), wrs = wr.getClientRects();
      for (var j = 0; j < wrs.length; j++) {
        if (wrs[j].right > Math.min(vw, box.right) + 0.5) {
          out.overflow.push('"' + w[0] + '" reaches ' + wrs[j].right.toFixed(1) + ' in ' +
                            name(node.parentElement));
          break;
        }
      }
    }
    var re = /[\p{L}\p{N}\u00ad]+/gu, m;
    while ((m = re.exec(node.data))) {
      if (m[0].indexOf('\u00ad') >= 0) continue;   // breaks, if any, show a hyphen
      var range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      var tops = {};
      var rects = range.getClientRects();
      for (var k = 0; k < rects.length; k++) tops[Math.round(rects[k].top)] = 1;
      if (Object.keys(tops).length > 1) out.splits.push(m[0]);
    }
  }
  var calls = document.querySelectorAll('a[role="doc-noteref"]');
  for (var c = 0; c < calls.length; c++) {
    var cr = calls[c].getBoundingClientRect();
    out.calls.push([calls[c].id, cr.width, cr.height]);
  }
  // Line tops of each paragraph holding a call, from its text outside the calls.
  var paras = document.querySelectorAll('p');
  for (var p = 0; p < paras.length; p++) {
    if (!paras[p].querySelector('a[role="doc-noteref"]')) continue;
    var tw = document.createTreeWalker(paras[p], NodeFilter.SHOW_TEXT), t, lineTops = {};
    while ((t = tw.nextNode())) {
      if (t.parentElement.closest('sup')) continue;
      var rg = document.createRange(); rg.selectNodeContents(t);
      var rs = rg.getClientRects();
      for (var q = 0; q < rs.length; q++) lineTops[(rs[q].bottom).toFixed(1)] = 1;
    }
    out.lines.push(Object.keys(lineTops).map(Number).sort(function (a, b) { return a - b; }));
  }
  // The outer page (same origin, over HTTP) is what chromium --dump-dom prints.
  var pre = window.parent.document.createElement('pre');
  pre.className = 'reflow-result';
  pre.setAttribute('data-page', location.pathname.split('/').pop());
  pre.textContent = JSON.stringify(out);
  window.parent.document.body.appendChild(pre);
}); });
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unpack(epub: bytes, folder: Path) -> list[Path]:
    """The book's XHTML content documents (nav and cover aside), unpacked under `folder`."""
    import io

    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        zf.extractall(folder)
    return sorted(
        p for p in (folder / "EPUB").glob("*.xhtml") if p.name not in ("nav.xhtml", "cover.xhtml")
    )


def instrument(page: Path, scale: int = 200) -> Path:
    """A copy of `page` with the text scaled and the measuring script added."""
    root = etree.fromstring(page.read_bytes())
    head = root.find(f"{{{XHTML}}}head")
    style = etree.SubElement(head, f"{{{XHTML}}}style")
    style.text = f"html {{ font-size: {scale}% !important; }} #reflow-result {{ display: none; }}"
    script = etree.SubElement(head, f"{{{XHTML}}}script")
    script.text = SCRIPT
    out = page.with_name(f"measure-{page.name}")
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    return out


def measure(page: Path, screenshot: Path | None = None, *, height: int = 1600) -> dict:
    """Run Chromium on an instrumented page; the script's JSON result."""
    return measure_all([page], screenshot, height=height)[page.name]


def measure_all(
    pages: list[Path], screenshot: Path | None = None, *, height: int = 1600
) -> dict[str, dict]:
    """Instrumented pages of one folder side by side in one Chromium run: name -> result."""
    folder = pages[0].parent
    outer = folder / "frames.html"
    frames = "".join(
        f"<iframe src='{p.name}' width='{VIEWPORT}' height='{height}' "
        "style='border:0;display:inline-block;margin-right:4px'></iframe>"
        for p in pages
    )
    outer.write_text(
        f"<!DOCTYPE html><html><body style='margin:0;white-space:nowrap'>{frames}</body></html>",
        encoding="utf-8",
    )
    width = (VIEWPORT + 4) * len(pages)
    handler = functools.partial(_Quiet, directory=str(folder.parent))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/{folder.name}/{outer.name}"
            return _run(url, folder, screenshot, width, height)
        finally:
            server.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _run(url: str, folder: Path, screenshot: Path | None, width: int, height: int) -> dict:
    browser = chromium()
    assert browser, "chromium is not installed (apt-get install chromium)"
    common = [browser, "--headless=old", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              f"--window-size={max(500, width)},{height}", "--virtual-time-budget=8000",
              f"--user-data-dir={folder / '.chromium'}"]  # fmt: skip
    proc = subprocess.run([*common, "--dump-dom", url],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    found = re.findall(
        r'<pre class="reflow-result" data-page="([^"]+)">(.*?)</pre>', proc.stdout, re.S
    )
    assert found, f"no measurement from chromium: {proc.stderr[-500:]}"
    results = {name: json.loads(html.unescape(text)) for name, text in found}
    if screenshot is not None:
        subprocess.run([*common, f"--screenshot={screenshot}", url],
                       capture_output=True, timeout=120, check=False)  # fmt: skip
    return results
