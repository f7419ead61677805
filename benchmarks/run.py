"""Benchmark `publish` on the seed brief: stages, batch releases, jobs scaling, no-op release,
and the comparison with pandoc that issue 18's targets are set against.

    python benchmarks/run.py [--runs N] [--batch-runs N] [--quick] [--variants N]
    python benchmarks/run.py --against-pandoc [--before REV] [--pairs N]

Times are medians of wall-clock seconds over the runs. Memory is peak resident set size (RSS)
from `resource.getrusage` (not tracemalloc): for a stage, the `ru_maxrss` of the fresh process
that runs it (imports included) or of its largest child (EPUBCheck's JVM), whichever is
larger; for a release, `RUSAGE_CHILDREN` of a wrapper process, i.e. the largest single
process of the release (the main process, a worker or EPUBCheck's JVM).

Every measurement runs in a fresh subprocess so that imports count; `publish` keeps no cache
between processes, so every release here is a cold one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "hague-summit-3-recalibrating-relations-with-russia.txt"

# Runs a command, then prints its wall time, the CPU seconds (user + system) of it and all its
# descendants, and the peak RSS of its largest descendant.
WRAPPER = """
import json, os, resource, subprocess, sys, threading, time
# Each process's own peak (VmHWM in /proc, Linux), sampled every 20 ms: the command's main
# process apart from its workers, which getrusage's one maximum over all children cannot tell.
peaks, done = {}, threading.Event()
def hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return 0
def private(pid):  # pages this process alone holds: what one more worker costs
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            mine = ("Private_Clean:", "Private_Dirty:")
            return sum(int(l.split()[1]) for l in f if l.startswith(mine))
    except (OSError, ValueError):
        return 0
own = {}
def parents():
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    out[int(name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    return out
def sample(root):
    while not done.wait(0.02):
        ppid, tree = parents(), {root}
        grown = True
        while grown:
            grown = False
            for pid, parent in ppid.items():
                if parent in tree and pid not in tree:
                    tree.add(pid); grown = True
        for pid in tree:
            peaks[pid] = max(peaks.get(pid, 0), hwm(pid))
            if pid != root:
                own[pid] = max(own.get(pid, 0), private(pid))
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
sampler.start()
rc = proc.wait()
wall = time.perf_counter() - t
done.set(); sampler.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
workers = [kb for pid, kb in peaks.items() if pid != proc.pid]
print(json.dumps({"wall": wall, "cpu": cpu, "rss_kb": usage.ru_maxrss, "rc": rc,
                  "main_kb": peaks.get(proc.pid, 0), "worker_kb": max(workers, default=0),
                  "worker_own_kb": max(own.values(), default=0)}))
"""

# One stage in a fresh process: `python -c STAGE stage runs seed` prints per-run seconds.
STAGE = """
import io, json, resource, sys, time
from pathlib import Path
stage, runs, seed = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
from publish.load import normalize_file
doc = normalize_file(seed)
times = []
def timed(fn):
    t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
if stage == "normalize":
    for _ in range(runs): timed(lambda: normalize_file(seed))
elif stage == "epub":
    from publish.epub import build_epub, fonts
    for _ in range(runs):
        fonts._subset.cache_clear()  # what one release does: subset once
        timed(lambda: build_epub(doc))
elif stage == "import-weasyprint":
    t = time.perf_counter(); import weasyprint; times.append(time.perf_counter() - t)
elif stage in ("screen", "print"):
    import weasyprint
    from publish.pdf import build_pdf
    for _ in range(runs): timed(lambda: build_pdf(doc, stage))
elif stage == "checks":  # PDF structure (both editions) and EPUB structure
    from publish.epub import build_epub
    from publish.pdf import build_pdf
    from publish.checks.pdfcheck import check_pdf
    from publish.checks.epubstructure import check_epub_structure
    epub, screen, prnt = build_epub(doc), build_pdf(doc, "screen"), build_pdf(doc, "print")
    def run():
        assert check_pdf(screen, doc, edition="screen").ok
        assert check_pdf(prnt, doc, edition="print").ok
        assert not check_epub_structure(epub)
    for _ in range(runs): timed(run)
elif stage.startswith("epubcheck"):
    from publish.epub import build_epub
    from publish.checks import epubcheck
    epub = build_epub(doc)
    if stage == "epubcheck":
        for _ in range(runs): timed(lambda: epubcheck.run_epubcheck(epub))
    else:  # epubcheck-batch-N: one JVM for N EPUBs, time per EPUB
        n = int(stage.rsplit("-", 1)[1])
        for _ in range(runs):
            t = time.perf_counter()
            reports = epubcheck.run_epubcheck_many([epub] * n)
            assert all(r.ok for r in reports)
            times.append((time.perf_counter() - t) / n)
# The largest of this process and its children (EPUBCheck's JVM).
rss = max(resource.getrusage(who).ru_maxrss
          for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"times": times, "rss_kb": rss}))
"""


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Bench:
    def __init__(self, work: Path, runs: int, batch_runs: int, variants: int) -> None:
        self.skip_full_batch = False
        self.work = work
        self.runs = runs
        self.batch_runs = batch_runs
        self.variants = variants
        self.rows: list[tuple[str, float, float, str]] = []  # name, median s, MB, note
        self.env = dict(os.environ)
        self.env.pop("CI", None)
        self.no_java = self._env_without_java()

    def _env_without_java(self) -> dict[str, str]:
        """PATH with every entry except `java`: the release then skips EPUBCheck only."""
        shim = self.work / "bin-no-java"
        shim.mkdir(exist_ok=True)
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if not os.path.isdir(folder):
                continue
            for entry in os.scandir(folder):
                target = shim / entry.name
                if entry.name != "java" and not target.exists():
                    target.symlink_to(entry.path)
        env = dict(self.env, PATH=str(shim))
        env.pop("JAVA_HOME", None)
        return env

    def record(self, name: str, seconds: list[float], rss_kb: list[int], note: str = "") -> None:
        row = (name, median(seconds), max(rss_kb, default=0) / 1024, note)
        self.rows.append(row)
        print(f"  {name}: {row[1]:.3f} s, {row[2]:.0f} MB {note}", file=sys.stderr, flush=True)

    # Stages -------------------------------------------------------------------------------

    def stage(self, name: str, stage: str, runs: int | None = None, note: str = "") -> None:
        runs = runs or self.runs
        proc = subprocess.run(
            [sys.executable, "-c", STAGE, stage, str(runs), str(SEED)],
            capture_output=True, text=True, env=self.env, cwd=ROOT, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            print(f"  {name}: failed: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            return
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        self.record(name, data["times"], [data["rss_kb"]], note)

    # Releases -----------------------------------------------------------------------------

    def release_once(self, seeds: Path, out: Path, args: list[str], env: dict) -> dict:
        cmd = [sys.executable, "-m", "publish", "release", str(seeds), "--out", str(out), *args]
        proc = subprocess.run(
            [sys.executable, "-c", WRAPPER, *cmd],
            capture_output=True, text=True, env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        data = json.loads(proc.stdout)
        if data["rc"] != 0:
            raise SystemExit(f"release failed ({data['rc']}): {' '.join(cmd)}")
        return data

    def release(
        self,
        name: str,
        seeds: Path,
        args: list[str],
        *,
        runs: int,
        env: dict | None = None,
        before: Callable[[Path], None] | None = None,
        note: str = "",
    ) -> None:
        """A fresh output folder per run (or what `before` leaves there)."""
        walls, rss = [], []
        for i in range(runs):
            out = self.work / f"out-{len(self.rows)}-{i}"
            shutil.rmtree(out, ignore_errors=True)
            if before:
                before(out)
            data = self.release_once(seeds, out, args, env or self.env)
            walls.append(data["wall"])
            rss.append(data["rss_kb"])
        self.record(name, walls, rss, note)

    def run(self, quick: bool) -> None:
        seed_dir = self.work / "seed"
        seed_dir.mkdir()
        shutil.copy(SEED, seed_dir / SEED.name)
        batch = self.work / "batch"
        make_variants(SEED, batch, self.variants)

        print("stages (one fresh process each)", file=sys.stderr)
        self.stage("normalize", "normalize")
        self.stage("EPUB", "epub", note="(font subsets and cover included)")
        self.stage("import weasyprint", "import-weasyprint", runs=1)
        self.stage("screen PDF", "screen")
        self.stage("print PDF", "print")
        self.stage("checks: PDF ×2 + EPUB structure", "checks")
        self.stage("EPUBCheck, one JVM per EPUB", "epubcheck", runs=min(self.runs, 3))
        self.stage("EPUBCheck, one JVM for 10 EPUBs, per EPUB", "epubcheck-batch-10",
                   runs=min(self.runs, 3))  # fmt: skip

        print("seed alone, whole release, fresh process", file=sys.stderr)
        self.release("seed release --no-check", seed_dir, ["--no-check"],
                     runs=self.runs)  # fmt: skip
        self.release("seed release, checks without EPUBCheck", seed_dir, [],
                     runs=self.runs, env=self.no_java)  # fmt: skip
        self.release("seed release, all checks (EPUBCheck too)", seed_dir, [],
                     runs=min(self.runs, 3))  # fmt: skip

        n = self.variants
        print(f"{n}-brief batch, whole release", file=sys.stderr)
        runs = self.batch_runs
        self.release(f"{n} briefs --no-check --jobs 2", batch, ["--no-check", "--jobs", "2"],
                     runs=runs)  # fmt: skip
        self.release(f"{n} briefs --no-check --jobs 1", batch, ["--no-check", "--jobs", "1"],
                     runs=runs)  # fmt: skip
        self.release(f"{n} briefs, checks without EPUBCheck, --jobs 2", batch, ["--jobs", "2"],
                     runs=runs, env=self.no_java)  # fmt: skip
        if not quick and not self.skip_full_batch:
            self.release(f"{n} briefs, all checks, --jobs 2", batch, ["--jobs", "2"],
                         runs=1)  # fmt: skip

        print("no-op release (everything unchanged)", file=sys.stderr)
        noop_out = self.work / "noop"
        self.release_once(batch, noop_out, ["--jobs", "2"], self.no_java)

        def keep(out: Path) -> None:
            if not out.exists():
                shutil.copytree(noop_out, out)

        self.release(f"no-op release of {n} briefs (with checks)", batch, ["--jobs", "2"],
                     runs=self.runs, env=self.no_java, before=keep)  # fmt: skip

    def table(self) -> str:
        lines = ["| measurement | median s | peak RSS MB | note |", "| --- | ---: | ---: | --- |"]
        for name, seconds, mb, note in self.rows:
            lines.append(f"| {name} | {seconds:.2f} | {mb:.0f} | {note} |")
        ratio = self._ratio()
        if ratio:
            lines.append("")
            lines.append(f"`--jobs 2` is {ratio:.2f}× faster than `--jobs 1` on the batch.")
        return "\n".join(lines)

    def _ratio(self) -> float | None:
        got = {name: s for name, s, _, _ in self.rows}
        one = next((s for n, s in got.items() if n.endswith("--no-check --jobs 1")), None)
        two = next((s for n, s in got.items() if n.endswith("--no-check --jobs 2")), None)
        return one / two if one and two else None


# Against pandoc ---------------------------------------------------------------------------

# Issue 24's goals (issue 18's were 1.3 CPU-s and 0.45 s a brief), each against the same
# one-run baseline.
TARGETS = {
    "seed_wall_ratio": 0.5,  # the seed release's wall time, as a fraction of pandoc's
    "cpu_per_brief": 1.2,  # CPU-s per brief (the seed release, and a brief of the batch)
    "batch_s_per_brief": 0.40,  # wall seconds per brief, 50 briefs at --jobs 2
    "worker_mib": 150,  # peak RSS of the largest process
}


def pandoc_path() -> str:
    """pandoc from the `pypandoc-binary` wheel (a benchmark-only dependency), else PATH."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if not found:
            raise SystemExit("pandoc not found: pip install pypandoc-binary") from None
        return found


class Comparison:
    """pandoc, the code at `before` (a git revision) and this checkout, in paired runs.

    Each run of a pair is a fresh process tree; the order inside a pair rotates, so that a
    busy moment of a shared machine does not fall on one contender only.
    """

    def __init__(self, bench: Bench, before: str | None, pairs: int, batch_runs: int) -> None:
        self.bench = bench
        self.before = before
        self.pairs = pairs
        self.batch_runs = batch_runs
        self.work = bench.work / "against"
        self.work.mkdir()
        self.results: dict[str, dict[str, list[float]]] = {}

    def _env(self, checkout: Path | None) -> dict[str, str]:
        env = dict(self.bench.env)
        # Python's default: modules are compiled once and cached. A machine that sets
        # PYTHONDONTWRITEBYTECODE (this one does) recompiles our 60 modules in every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # pandoc's --pdf-engine=weasyprint runs the `weasyprint` beside this Python.
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        if checkout is not None:
            env["PYTHONPATH"] = str(checkout)  # `python -m publish` imports the old code
        return env

    def _checkout(self) -> Path | None:
        if not self.before:
            return None
        target = self.work / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                        str(target), self.before], check=True)  # fmt: skip
        compiled(target / "publish")  # as ours: measured alike
        return target

    def _remove(self, checkout: Path | None) -> None:
        if checkout is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(checkout)], check=False)  # fmt: skip

    def _measure(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        proc = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True,
                              text=True, env=env, cwd=self.work, check=True)  # fmt: skip
        data = json.loads(proc.stdout)
        if data["rc"] != 0:
            raise SystemExit(f"{name} failed ({data['rc']}): {' '.join(cmd)}")
        got = self.results.setdefault(
            name, {"wall": [], "cpu": [], "mib": [], "main_mib": [], "worker_mib": [],
                   "worker_own_mib": []}
        )  # fmt: skip
        got["wall"].append(data["wall"])
        got["cpu"].append(data["cpu"])
        got["mib"].append(data["rss_kb"] / 1024)
        got["main_mib"].append(data["main_kb"] / 1024)
        got["worker_mib"].append(data["worker_kb"] / 1024)
        got["worker_own_mib"].append(data["worker_own_kb"] / 1024)

    def run(self, seed_dir: Path, batch: Path, batch_count: int) -> None:
        checkout = self._checkout()
        try:
            self._run(seed_dir, batch, batch_count, checkout)
        finally:
            self._remove(checkout)

    def _run(self, seed_dir: Path, batch: Path, count: int, checkout: Path | None) -> None:
        md = self.work / "seed.md"
        with md.open("w", encoding="utf-8") as out:
            subprocess.run([sys.executable, "-m", "publish", "normalize", str(SEED), "--to", "md"],
                           stdout=out, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)  # fmt: skip
        pandoc, css = pandoc_path(), ROOT / "styles"
        # The same three editions: an EPUB, and two WeasyPrint PDFs with our stylesheets.
        script = (
            f'"{pandoc}" seed.md -s -o p.epub && '
            f'"{pandoc}" seed.md -s --pdf-engine=weasyprint --css "{css}/pdf.css" -o p.pdf && '
            f'"{pandoc}" seed.md -s --pdf-engine=weasyprint --css "{css}/pdf.css" '
            f'--css "{css}/pdf-print.css" -o p-print.pdf'
        )
        contenders: list[tuple[str, Path | None]] = [("after", None)]
        if checkout is not None:
            contenders.insert(0, ("before", checkout))
        print(f"against pandoc: {self.pairs} paired runs on the seed", file=sys.stderr)
        for i in range(self.pairs):
            runs = [("pandoc", ["sh", "-c", script], self._env(None))]
            for name, where in contenders:
                out = self.work / f"{name}-{i}"
                cmd = [sys.executable, "-m", "publish", "release", str(seed_dir), "--out",
                       str(out), "--force", "--no-check"]  # fmt: skip
                runs.append((name, cmd, self._env(where)))
            shift = i % len(runs)
            for name, cmd, env in runs[shift:] + runs[:shift]:
                self._measure(name, cmd, env)
        print(f"against pandoc: {count} briefs --jobs 2 --no-check", file=sys.stderr)
        for i in range(self.batch_runs):
            for name, where in contenders:
                out = self.work / f"{name}-batch-{i}"
                cmd = [sys.executable, "-m", "publish", "release", str(batch), "--out",
                       str(out), "--no-check", "--jobs", "2"]  # fmt: skip
                self._measure(f"{name} batch", cmd, self._env(where))
        self.count = count
        if checkout is not None:  # the speed work must not change a byte of any edition
            old, new = self.work / "before-0", self.work / "after-0"
            editions = sorted(p.name for p in new.iterdir() if p.suffix in (".pdf", ".epub"))
            self.differing = [
                name for name in editions if (old / name).read_bytes() != (new / name).read_bytes()
            ]
            self.identical = not self.differing

    def table(self) -> str:
        r = {name: {k: median(v) for k, v in got.items()} for name, got in self.results.items()}
        names = [n for n in ("before", "after") if n in r]
        pandoc = r["pandoc"]
        head = "| measurement | pandoc 3.9 | " + " | ".join(names) + " | target |"
        lines = [head, "|" + " --- |" * (3 + len(names))]

        def row(label: str, cells: list[str], target: str) -> None:
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

        t = TARGETS
        row("seed: wall s", [f"{pandoc['wall']:.2f}"] + [f"{r[n]['wall']:.2f}" for n in names],
            "")  # fmt: skip
        row("seed: wall ÷ pandoc's", ["1.00"]
            + [f"{r[n]['wall'] / pandoc['wall']:.2f}" for n in names],
            f"≤ {t['seed_wall_ratio']}")  # fmt: skip
        row("seed: CPU-s", [f"{pandoc['cpu']:.2f}"] + [f"{r[n]['cpu']:.2f}" for n in names],
            f"≤ {t['cpu_per_brief']}")  # fmt: skip
        row("seed: peak RSS MiB, largest process", [f"{pandoc['mib']:.0f}"]
            + [f"{r[n]['mib']:.0f}" for n in names], f"≤ {t['worker_mib']}")  # fmt: skip
        batch = [r.get(f"{n} batch") for n in names]
        if all(batch):
            row(f"{self.count} briefs --jobs 2: s per brief", ["—"]
                + [f"{b['wall'] / self.count:.3f}" for b in batch],  # type: ignore[index]
                f"≤ {t['batch_s_per_brief']}")  # fmt: skip
            # Forked workers' RSS counts the pages they share with the main process too.
            for label, cell, target in [
                ("CPU-s per brief", lambda b: f"{b['cpu'] / self.count:.3f}",
                 f"≤ {t['cpu_per_brief']}"),
                ("peak RSS MiB, largest process", lambda b: f"{b['mib']:.0f}", ""),
                ("peak RSS MiB, largest worker (VmHWM)", lambda b: f"{b['worker_mib']:.0f}",
                 f"≤ {t['worker_mib']}"),
                ("a worker's own memory MiB (private pages)",
                 lambda b: f"{b['worker_own_mib']:.0f}", ""),
                ("peak RSS MiB, main process (VmHWM)", lambda b: f"{b['main_mib']:.0f}", ""),
            ]:  # fmt: skip
                row(f"{self.count} briefs --jobs 2: {label}", ["—"] + [cell(b) for b in batch],
                    target)  # fmt: skip
        lines.append("")
        if getattr(self, "identical", None) is not None:
            same = "yes" if self.identical else f"NO ({', '.join(self.differing)})"
            lines.append(f"Editions of the seed byte-identical before and after: {same}.")
        lines.append(f"Medians of {self.pairs} paired runs (seed) and {self.batch_runs} batch "
                     "run(s); CPU is user + system time of the whole process tree.")  # fmt: skip
        return "\n".join(lines)


# Variants ---------------------------------------------------------------------------------

PARAGRAPH_END = re.compile(r"[.”\]\)]$")
TITLE_WORDS = ["Revisiting", "Rethinking", "Reassessing", "Reframing", "Renewing",
               "Resetting", "Reviewing", "Restoring", "Rebalancing", "Reimagining"]  # fmt: skip


def variant_text(text: str, index: int) -> str:
    """The seed with another title and brief number, other years, and shuffled paragraphs."""
    rng = random.Random(index)
    blocks = text.split("\n\n")
    word = TITLE_WORDS[index % len(TITLE_WORDS)]
    for i, block in enumerate(blocks):
        if block.startswith("Hague Summit Series:"):
            blocks[i] = f"Hague Summit Series: {word} Relations with Russia, Part {index + 1}"
        elif block.startswith("Download and read as a PDF:"):
            blocks[i] = f"Download and read as a PDF: Brief {index + 4}. {word} Relations"
    # Shuffle paragraphs between headings, in the body only (before the notes).
    end = next(i for i, b in enumerate(blocks) if b.strip() == "Endnotes")
    start = next(i for i, b in enumerate(blocks) if b.strip() == "Hopes Meet Reality")
    section: list[int] = []
    for i in range(start + 1, end + 1):
        block = blocks[i].strip()
        if i < end and PARAGRAPH_END.search(block) and len(block.split()) > 30:
            section.append(i)
            continue
        order = [blocks[j] for j in section]
        rng.shuffle(order)
        for j, b in zip(section, order, strict=True):
            blocks[j] = b
        section = []
    out = "\n\n".join(blocks)
    # Other numbers: the same year everywhere, so pull quotes still match their sources.
    return out.replace("1997", str(1991 + index % 9)).replace("2023", str(2010 + index % 13))


def make_variants(seed: Path, folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    text = seed.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"brief-{i + 1:02d}.txt").write_text(variant_text(text, i), encoding="utf-8")


def compiled(package: Path) -> None:
    """The package's bytecode written ahead, as `make bench` does (Makefile: bytecode): with
    PYTHONDONTWRITEBYTECODE set, each run would otherwise compile it from source."""
    import compileall

    compileall.compile_dir(str(package), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--batch-runs", type=int, default=None,
                        help="runs per batch release (default: --runs, at most 3)")  # fmt: skip
    parser.add_argument("--variants", type=int, default=50, help="briefs in the batch")
    parser.add_argument("--quick", action="store_true",
                        help="1 run, 8 variants, no EPUBCheck batch release")  # fmt: skip
    parser.add_argument("--no-epubcheck-batch", action="store_true",
                        help="skip the batch release with EPUBCheck (the longest)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--against-pandoc", action="store_true",
                        help="only the comparison with pandoc (issue 18's targets)")  # fmt: skip
    parser.add_argument(
        "--before",
        metavar="REV",
        help="also measure git revision REV in the comparison (a worktree)",
    )
    parser.add_argument("--pairs", type=int, default=7,
                        help="paired runs in the comparison (default 7)")  # fmt: skip
    args = parser.parse_args()
    if args.quick:
        args.runs, args.variants = 1, min(args.variants, 8)
    batch_runs = args.batch_runs or min(args.runs, 3)
    compiled(ROOT / "publish")
    work = Path(tempfile.mkdtemp(prefix="publish-bench-"))
    try:
        bench = Bench(work, args.runs, batch_runs, args.variants)
        bench.skip_full_batch = args.no_epubcheck_batch
        started = time.perf_counter()
        if not args.against_pandoc:
            bench.run(args.quick)
            print(bench.table())
        seed_dir, batch = work / "seed-alone", work / "batch-against"
        seed_dir.mkdir()
        shutil.copy(SEED, seed_dir / SEED.name)
        make_variants(SEED, batch, args.variants)
        comparison = Comparison(bench, args.before, args.pairs, batch_runs)
        comparison.run(seed_dir, batch, args.variants)
        print()
        print(comparison.table())
        print(f"\n(benchmark took {time.perf_counter() - started:.0f} s; runs={args.runs}, "
              f"batch runs={batch_runs}, {args.variants} variants)")  # fmt: skip
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
