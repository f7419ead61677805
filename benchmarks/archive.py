"""How a release scales with the archive: 100, 300, 1,000 briefs (issue 24).

    .venv/bin/python benchmarks/archive.py --sizes 100 300 1000 [--check] [--jobs 2]

For each size it generates an archive from varied fixtures (the seed's plain text in
variants, Markdown in ten languages, the rich Markdown brief with a table and figures, and
the Word, OpenDocument and HTML files of the readers' corpus), each brief with a sidecar
giving it its own slug and number. Then, each in a fresh process, timed with its process
tree's CPU and the largest process's peak memory:

1. a full release;
2. a no-op rerun (nothing changed);
3. one brief changed (a sentence added);
4. a house-style change (publish.toml's accent colour), which rebuilds every brief.

It prints a table and writes docs/archive-scaling.svg, time against archive size, made
here without a plotting library. By default the gate's external checkers are off
(`--no-check`) so that the figure measures our work, not EPUBCheck's JVM and DAISY Ace's
Chromium; `--check` measures the real release.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from run import WRAPPER, compiled, make_variants  # noqa: E402  (the release benchmark's own helpers)

PUBLISH = ROOT / ".venv" / "bin" / "publish"
CORPUS = ROOT / "tests" / "corpus"
# The corpus files that build as they are (the others test refusals or warnings).
CORPUS_FILES = [
    "libreoffice.docx", "libreoffice.odt", "pandoc-title.docx", "pandoc.odt",
    "pandoc-html5.html", "wordpress-footnotes-block.html", "pandoc-markdown.md",
]  # fmt: skip


def fixtures(work: Path) -> list[Path]:
    """One of each kind of brief, in `work/fixtures`."""
    from tests.i18n_briefs import LANGUAGES, markdown
    from tests.richbrief import write_rich_brief

    folder = work / "fixtures"
    make_variants(ROOT / "seeds" / next(p.name for p in (ROOT / "seeds").glob("*.txt")),
                  folder, 5)  # fmt: skip
    for lang in LANGUAGES:
        (folder / f"lang-{lang}.md").write_text(markdown(lang), encoding="utf-8")
    write_rich_brief(folder, table_rows=30)
    for name in CORPUS_FILES:
        if (CORPUS / name).is_file():
            shutil.copy(CORPUS / name, folder / name)
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".docx", ".odt",
                                                                ".html"))  # fmt: skip


def make_archive(folder: Path, kinds: list[Path], size: int) -> None:
    """`size` briefs cycling through the fixtures, each with its own slug and number."""
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    for extra in kinds[0].parent.iterdir():  # the rich brief's pictures
        if extra.suffix in (".png", ".svg"):
            shutil.copy(extra, seeds / extra.name)
    for i in range(size):
        kind = kinds[i % len(kinds)]
        brief = seeds / f"b{i:04d}-{kind.stem}{kind.suffix}"
        shutil.copy(kind, brief)
        brief.with_suffix(".toml").write_text(f'slug = "brief-{i:04d}"\nnumber = {i + 1}\n',
                                              encoding="utf-8")  # fmt: skip
    (folder / "publish.toml").write_text('[style]\naccent_color = "#1f4e79"\n', encoding="utf-8")


def release(folder: Path, jobs: int, check: bool) -> dict[str, float]:
    command = [str(PUBLISH), "--project", str(folder), "release", "-q", "--jobs", str(jobs)]
    if not check:
        command.append("--no-check")
    out = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    result = json.loads(out)
    if result["rc"] != 0:
        raise SystemExit(f"release failed (exit {result['rc']}) in {folder}")
    return {"wall": result["wall"], "cpu": result["cpu"], "rss_mib": result["rss_kb"] / 1024}


def measure(work: Path, kinds: list[Path], size: int, jobs: int, check: bool) -> dict:
    folder = work / f"archive-{size}"
    make_archive(folder, kinds, size)
    full = release(folder, jobs, check)
    noop = release(folder, jobs, check)
    changed = next((folder / "seeds").glob("b0000-*"))
    if changed.suffix in (".txt", ".md"):
        changed.write_text(changed.read_text(encoding="utf-8") + "\n\nOne more sentence.\n",
                           encoding="utf-8")  # fmt: skip
    else:  # a Word or ODT file: its sidecar changes instead, still one brief
        changed.with_suffix(".toml").write_text('slug = "brief-0000"\nnumber = 999\n')
    one = release(folder, jobs, check)
    (folder / "publish.toml").write_text('[style]\naccent_color = "#7a1f3d"\n', encoding="utf-8")
    house = release(folder, jobs, check)
    shutil.rmtree(folder)
    return {"size": size, "full": full, "noop": noop, "one": one, "house": house}


def svg_plot(rows: list[dict], path: Path) -> None:
    """Seconds against briefs: the full build and the house-style rebuild, as two lines."""
    width, height, pad = 560, 340, 56
    top_x = max(r["size"] for r in rows)
    top_y = max(max(r["full"]["wall"], r["house"]["wall"]) for r in rows) * 1.1

    def xy(size: float, seconds: float) -> tuple[float, float]:
        return (pad + (width - 2 * pad) * size / top_x,
                height - pad - (height - 2 * pad) * seconds / top_y)  # fmt: skip

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12"><rect width="100%" height="100%" '
             f'fill="white"/><title>Release time against archive size</title>',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
             f'stroke="black"/><line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" '
             f'stroke="black"/>',
             f'<text x="{width / 2}" y="{height - 16}" text-anchor="middle">briefs</text>',
             f'<text x="16" y="{height / 2}" transform="rotate(-90 16 {height / 2})" '
             f'text-anchor="middle">seconds (wall)</text>']  # fmt: skip
    for key, colour, label in (("full", "#1f4e79", "full build"),
                               ("house", "#c0392b", "house-style change")):  # fmt: skip
        points = " ".join("{:.1f},{:.1f}".format(*xy(r["size"], r[key]["wall"])) for r in rows)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"/>')  # fmt: skip
        for r in rows:
            x, y = xy(r["size"], r[key]["wall"])
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        ly = pad + (0 if key == "full" else 18)
        parts.append(f'<text x="{pad + 10}" y="{ly}" fill="{colour}">{label}</text>')
    for r in rows:
        x, _ = xy(r["size"], 0)
        parts.append(f'<text x="{x:.1f}" y="{height - pad + 16}" '
                     f'text-anchor="middle">{r["size"]}</text>')  # fmt: skip
    for i in range(5):
        seconds = top_y * i / 4
        _, y = xy(0, seconds)
        parts.append(f'<text x="{pad - 6}" y="{y + 4:.1f}" text-anchor="end">{seconds:.0f}'
                     "</text>")  # fmt: skip
    path.write_text("".join(parts) + "</svg>\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="run the gate's checkers too")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "archive-scaling.svg")
    args = parser.parse_args()
    compiled(ROOT / "publish")
    rows = []
    with tempfile.TemporaryDirectory(prefix="publish-archive-") as tmp:
        work = Path(tmp)
        kinds = fixtures(work)
        print(f"{len(kinds)} kinds of brief: {', '.join(k.name for k in kinds)}", flush=True)
        for size in args.sizes:
            row = measure(work, kinds, size, args.jobs, args.check)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print(
        "\n| briefs | full s | s per brief | no-op s | one changed s | house-style s "
        "| peak MiB (full) | peak MiB (house) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['size']} | {r['full']['wall']:.1f} | {r['full']['wall'] / r['size']:.3f} "
              f"| {r['noop']['wall']:.2f} | {r['one']['wall']:.2f} | {r['house']['wall']:.1f} "
              f"| {r['full']['rss_mib']:.0f} | {r['house']['rss_mib']:.0f} |")  # fmt: skip
    svg_plot(rows, args.plot)
    print(f"\nplot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
