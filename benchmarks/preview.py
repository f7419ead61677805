"""Save-to-preview latency: from writing the brief to its new first page shown in Chromium.

    .venv/bin/python benchmarks/preview.py [BRIEF] [--runs 7]

Starts `publish preview` on a copy of the brief, opens the page in headless Chromium
(Debian's chromium and chromium-driver), then saves an edit to the brief `--runs` times and
times each save until the browser has loaded the rebuilt first page (the page records
`Date.now()` in the image's load event; the same machine's clock timed the save).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_preview import browser, wait_for  # noqa: E402 - the tests' browser setup, reused

SEED = ROOT / "seeds" / "hague-summit-3-recalibrating-relations-with-russia.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", nargs="?", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        brief = Path(tmp) / "seeds" / args.brief.name
        brief.parent.mkdir()
        shutil.copy(args.brief, brief)
        text = brief.read_text(encoding="utf-8")
        command = [sys.executable, "-m", "publish", "preview", str(brief)]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        url = proc.stdout.readline().split(" at ")[1].strip()
        driver = browser()
        times: list[float] = []
        try:
            driver.get(url)
            wait_for(lambda: driver.execute_script("return window.firstPageShown"), "first page")
            for run in range(args.runs):
                before = driver.execute_script("return window.firstPageShown.version")
                time.sleep(0.5)  # let the watcher settle, as an editor pauses between saves
                saved = time.time()
                # Change a word in the first paragraph, so page 1 really changes.
                brief.write_text(text.replace("Summit", f"Summit{'·' * (run % 2)}", 1))
                shown = wait_for(
                    lambda b=before: (
                        (s := driver.execute_script("return window.firstPageShown"))
                        and s["version"] > b
                        and s
                    ),
                    "the rebuilt first page",
                )
                times.append(shown["at"] / 1000 - saved)
                print(f"run {run + 1}: {times[-1]:.3f} s", flush=True)
        finally:
            driver.quit()
            proc.terminate()
            proc.wait()
    # The 95th percentile as issue 24 states its goal (≤ 0.6 s), interpolated between saves.
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    print(f"save → first page shown: median {statistics.median(times):.3f} s, "
          f"p95 {p95:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s "
          f"over {len(times)} saves")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
