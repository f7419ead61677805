"""Benchmark the Word and OpenDocument readers on a 30-page brief (issue 23's goal: ≤ 0.3 s).

    python benchmarks/readers.py [--runs N] [--profile]

One ~30-page brief (~15,000 words, 60 notes, tables, lists, block quotes, headings) written
as Markdown, then made into a .docx and an .odt by pandoc, and into a second .odt by
LibreOffice from the .docx (when `soffice` is installed; LibreOffice writes many more
automatic styles than pandoc). Each file is normalized in this process, after one warm-up
run, `--runs` times; the median wall time (and CPU time) is printed against the goal.
`--profile` prints a cProfile summary of one run of each.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL = 0.3  # seconds to normalize a 30-page Word or ODT brief (issue 23)
SYLLABLES = [
    "ba",
    "co",
    "de",
    "fi",
    "gu",
    "ha",
    "ki",
    "lo",
    "me",
    "nu",
    "pa",
    "ri",
    "so",
    "ta",
    "vi",
    "we",
    "ar",
    "en",
    "is",
    "on",
    "ur",
]


class Vocabulary:
    """2,000 made-up words drawn by Zipf's law, as the words of real prose are: a few very
    common, most rare (a vocabulary of 30 would make every sentence look like every other)."""

    def __init__(self, rng: random.Random, size: int = 2_000) -> None:
        self.rng = rng
        self.words = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(1, 4)))
                             for _ in range(size * 2)})[:size]  # fmt: skip
        rng.shuffle(self.words)
        self.weights = [1 / rank for rank in range(1, len(self.words) + 1)]

    def choice(self) -> str:
        return self.rng.choices(self.words, self.weights)[0]


def brief_markdown(words: int = 15_000, notes: int = 60, seed: int = 23) -> str:
    """A long brief: sections of paragraphs, with lists, tables, quotes and note calls."""
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    word = vocabulary.choice
    out = ["---", "title: Tidal Power on the Northern Coast", "date: 12 September 2024",
           "author: [Ann Lee, Bo Chan]", "---", ""]  # fmt: skip
    written = called = section = 0
    while written < words:
        section += 1
        out += [f"# Section {section}: the {word()} question", ""]
        for index in range(6):
            sentences = []
            for _ in range(rng.randint(4, 7)):
                n = rng.randint(10, 22)
                words_ = [word() for _ in range(n)]
                written += n
                sentence = " ".join(words_).capitalize()
                if rng.random() < 0.3:
                    sentence = sentence.replace(words_[2], f"*{words_[2]}*", 1)
                sentences.append(sentence + ".")
            if called < notes and index % 2 == 0:
                called += 1
                sentences[-1] += f"[^{called}]"
            out += [" ".join(sentences), ""]
        out += [f"{i}. The {word()} of the {word()}" for i in (1, 2, 3)]
        out += ["", f"> The {' '.join(word() for _ in range(20))}.", ""]
        if section % 2 == 0:
            out += ["| Town | Households | Share |", "|---|---:|---:|"]
            out += [f"| {word().title()} | {rng.randint(100, 9000):,} | "
                    f"{rng.randint(1, 99)}% |" for _ in range(6)]  # fmt: skip
            out += ["", f": Households in section {section}", ""]
    while called < notes:  # a short brief still gets all its notes
        called += 1
        out += [f"A closing remark on the {word()}.[^{called}]", ""]
    for n in range(1, notes + 1):
        out += [f"[^{n}]: {word().title()} Office, Report {n} ({2000 + n % 25}).", ""]
    return "\n".join(out)


def build(folder: Path) -> dict[str, Path]:
    import pypandoc

    md = brief_markdown()
    files = {"docx (pandoc)": folder / "brief.docx", "odt (pandoc)": folder / "brief.odt"}
    for name in files.values():
        pypandoc.convert_text(md, name.suffix[1:], format="md", outputfile=str(name))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        out = folder / "lo"
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
                        "--convert-to", "odt", "--outdir", str(out), str(files["docx (pandoc)"])],
                       check=True, capture_output=True, timeout=300)  # fmt: skip
        files["odt (LibreOffice)"] = out / "brief.odt"
    return files


def measure(path: Path, runs: int) -> tuple[float, float, str]:
    from publish.load import normalize_file
    from publish.normalizer import pullquotes

    normalize_file(path)  # warm-up: imports, mammoth's and lxml's first use
    times, cpu = [], []
    for _ in range(runs):
        # Each run reads the brief afresh: nothing cached from the run before.
        cached = getattr(pullquotes, "_sentence_words", None)
        if cached is not None:
            cached.cache_clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        doc = normalize_file(path)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    words = sum(len(b.text.split()) for b in doc.blocks)
    shape = f"{words:,} words, {len(doc.blocks)} blocks, {len(doc.notes)} notes"
    return statistics.median(times), statistics.median(cpu), shape


def profile(path: Path, lines: int = 18) -> str:
    from publish.load import normalize_file

    profiler = cProfile.Profile()
    profiler.enable()
    normalize_file(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile one run of each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publish-readers-") as tmp:
        files = build(Path(tmp))
        print(f"normalize_file, median of {args.runs} (goal ≤ {GOAL} s; CPU seconds too, "
              "which other jobs on the machine disturb less):")  # fmt: skip
        for label, path in files.items():
            median, cpu, shape = measure(path, args.runs)
            verdict = "ok" if median <= GOAL else "OVER"
            print(f"  {label:18} {median:6.3f} s  {verdict:4} (CPU {cpu:.3f} s; "
                  f"{path.stat().st_size:,} bytes; {shape})")  # fmt: skip
        if args.profile:
            for label, path in files.items():
                print(f"\n--- cProfile: {label} ---\n{profile(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
