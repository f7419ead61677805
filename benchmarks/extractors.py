"""Main-content extractors against our rule, on the web pages of the readers' corpus.

    make extractors        # a venv of its own (.venv-extract), then this script

For each saved page in tests/corpus/, what the brief is made of (its body paragraphs, and
its notes) is taken from our reading, which tests/corpus/expected.json holds as
hand-checked. Each extractor (trafilatura, readability-lxml, jusText) is then asked for the
page's main content, and scored by how much of that brief its text keeps:

- body: the share of the brief's body paragraphs found in the extractor's text;
- notes: the share of its notes found there (an extractor may drop them as boilerplate);
- extra: words of the extractor's text that are in neither (menus, footers, site text).

Nothing here is fetched: every page is read from disk.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publish.load import normalize_file  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _found(piece: str, haystack: str) -> bool:
    """Is (nearly all of) `piece` in `haystack`? 90 % of its words, in one window."""
    words = _words(piece)
    if not words:
        return True
    return sum(w in haystack for w in set(words)) >= 0.9 * len(set(words))


def trafilatura_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


def readability_text(html: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


def justext_text(html: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura": trafilatura_text,
    "readability-lxml": readability_text,
    "jusText": justext_text,
}


def ours_text(path: Path) -> tuple[list[str], list[str]]:
    doc = normalize_file(path)
    body = [b.text for b in doc.blocks if b.type in ("paragraph", "heading", "blockquote")]
    return body, [n.text for n in doc.notes]


def main() -> int:
    pages = sorted(CORPUS.glob("*.html"))
    totals: dict[str, list[int]] = {name: [0, 0, 0, 0, 0] for name in EXTRACTORS}
    print("| page | extractor | body kept | notes kept | extra words |")
    print("| --- | --- | --- | --- | --- |")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        body, notes = ours_text(page)
        known = set(_words(" ".join(body + notes)))
        for name, extract in EXTRACTORS.items():
            text = extract(html)
            low = " ".join(_words(text))
            kept_body = sum(_found(b, low) for b in body)
            kept_notes = sum(_found(n, low) for n in notes)
            extra = sum(w not in known for w in _words(text))
            total = totals[name]
            total[0] += kept_body
            total[1] += len(body)
            total[2] += kept_notes
            total[3] += len(notes)
            total[4] += kept_body == len(body) and kept_notes == len(notes)
            print(f"| `{page.name}` | {name} | {kept_body}/{len(body)} | "
                  f"{kept_notes}/{len(notes)} | {extra} |")  # fmt: skip
    print()
    print("| extractor | body kept | notes kept | pages read whole |")
    print("| --- | --- | --- | --- |")
    for name, (kb, nb, kn, nn, whole) in totals.items():
        print(f"| {name} | {kb}/{nb} | {kn}/{nn} | {whole}/{len(pages)} |")
    print(
        f"| our rule | {sum(len(ours_text(p)[0]) for p in pages)} (all, by construction) | "
        f"(all) | {len(pages)}/{len(pages)} (hand-checked) |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
