"""Loading WeasyPrint fast, and paying its first-use costs once before workers fork.

Two costs that every process rendering a PDF paid, measured on the seed (docs/PERFORMANCE.md):

- **Import: about 0.12 s of ~0.35 s.** WeasyPrint opens Pango, HarfBuzz and fontconfig by
  trying several names per library (`libgobject-2.0-0`, `gobject-2.0-0`, `gobject-2.0`, …).
  cffi looks up each name that fails to open with `ctypes.util.find_library`, which on Linux
  runs `ldconfig -p`, then `gcc`, then `ld` as subprocesses: 22 lookups, 66 subprocesses. We
  answer those lookups from one reading of `ldconfig -p`, the same source `find_library`
  consults first, for the time of the import only.
- **First render: 0.2–0.28 s per process.** Pyphen parses a hyphenation dictionary, the
  press profile's colour transforms are built, pikepdf and pypdf are imported, and cffi
  parses each C type string the first time it is used. `warm_up` pays the first three once
  in the parent, so that workers forked after it share the result.

What `warm_up` must not do before a fork is lay out a page. Pango 1.50 initialises
fontconfig in a thread of its own; a worker forked while that thread (or any other) holds
fontconfig's cache lock waits for it forever in `FcInitLoadConfigAndFonts`. That hung a
release in CI. So the release's warm-up touches no Pango, fontconfig or HarfBuzz; only the
preview, which never forks, lays out a page to warm up (`layout=True`).
"""

from __future__ import annotations

import ctypes.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType


def load_weasyprint() -> ModuleType:
    """`import weasyprint`, with the library lookups answered from one `ldconfig -p`."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with _one_ldconfig():
        import weasyprint
    return weasyprint


@contextmanager
def _one_ldconfig() -> Iterator[None]:
    original = ctypes.util.find_library
    listing = _ldconfig_listing() if sys.platform.startswith("linux") else None
    if listing is not None:
        ctypes.util.find_library = _finder(listing, original)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _ldconfig_listing() -> str | None:
    ldconfig = shutil.which("ldconfig") or shutil.which("ldconfig", path="/sbin:/usr/sbin")
    if not ldconfig:
        return None
    try:
        done = subprocess.run(
            [ldconfig, "-p"], capture_output=True, text=True, timeout=10, check=False,
            env={"LC_ALL": "C", "LANG": "C"},
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None


def _finder(listing: str, original: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """`find_library` answered from the ldconfig cache, as its own first step does.

    A name the cache does not hold is absent (None) rather than searched for with gcc and
    ld: WeasyPrint then tries its next spelling, and one of them is the real soname.
    """

    def find_library(name: str) -> str | None:
        match = re.search(rf"\s(lib{re.escape(name)}\.so[^\s]*) \(", listing)
        return match.group(1) if match else None

    find_library.__wrapped__ = original  # type: ignore[attr-defined]
    return find_library


def warm_up(
    languages: Iterable[str] = (), profiles: Iterable[str] = (), *, layout: bool = False
) -> None:
    """Pay WeasyPrint's first-use costs in this process (see the module's docstring).

    `languages` are the briefs' BCP 47 tags (their hyphenation dictionaries are loaded),
    `profiles` the press profiles' paths (their colour transforms are built). `layout` also
    lays out a two-line page (Pango, fontconfig, cffi's types): never before a fork.
    """
    load_weasyprint()
    # What a first PDF imports on its way (pikepdf, pypdf: 0.05 s), imported here once.
    import pikepdf  # noqa: F401
    import pypdf  # noqa: F401
    import pyphen
    from weasyprint import HTML

    from . import html, printprep, render, tagging  # noqa: F401
    from .colour import rgb_to_cmyk

    for lang in sorted(set(languages)):
        if found := pyphen.language_fallback(lang.replace("-", "_")):
            pyphen.Pyphen(lang=found)  # Pyphen keeps the parsed dictionary per process
    for profile in sorted(set(profiles)):
        rgb_to_cmyk("#000000", profile)
        printprep.deflated(Path(profile))  # each print PDF's OutputIntent, deflated once
    if layout:  # fonts, line breaking, drawing and PDF writing, once
        HTML(string="<p lang=en style='hyphens:auto'>warm <b>up</b> <i>page</i></p>").write_pdf()
