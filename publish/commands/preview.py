"""`publish preview [SOURCE] [--port N] [--open]`: a live preview while editing."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from ..errors import InputError
from ..normalizer.sources import find_briefs
from . import FORMATS, help_texts


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "preview",
        help="serve a live preview of a brief on 127.0.0.1 while you edit it",
        **help_texts(
            f"Build the screen PDF and the EPUB of one brief ({FORMATS}) and serve them on "
            "http://127.0.0.1:PORT/: the PDF's pages, the EPUB text in an e-reader column "
            "(night mode, 200 % text), the cover and the normalizer's diagnostics. Saving "
            "the brief, its sidecar, publish.toml or a stylesheet rebuilds what changed and "
            "the page updates itself. Only loopback is served. Ctrl-C stops it (exit 130), "
            "as does SIGTERM (exit 143); a second Ctrl-C ends the shutdown at once.",
            ("publish preview", "preview the only brief in seeds/"),
            ("publish preview seeds/brief.docx --open", "open it in a browser too"),
        ),  # fmt: skip
    )
    parser.add_argument("source", nargs="?", type=Path,
                        help="the brief (default: the only brief in seeds/)")  # fmt: skip
    parser.add_argument("--port", type=int, default=0,
                        help="port on 127.0.0.1 (default: a free one, printed)")  # fmt: skip
    parser.add_argument("--open", action="store_true", help="open the page in a browser")
    parser.set_defaults(run=run)


def pick_source(source: Path | None) -> Path:
    if source is not None:
        if not source.is_file():
            raise InputError("no such brief", path=source)
        return source
    seeds = Path("seeds")
    briefs = find_briefs(seeds) if seeds.is_dir() else []
    if len(briefs) != 1:
        found = f"{len(briefs)} briefs in {seeds}/" if briefs else f"no briefs in {seeds}/"
        raise InputError(f"{found}; name the one to preview", path=seeds)
    return briefs[0]


def run(args: argparse.Namespace) -> int:
    from ..preview import Preview
    from ..preview.interrupts import stop_signals

    source = pick_source(args.source)
    if not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port} is not a port number")

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        preview = Preview(source, port=args.port, say=say)
    except OSError as exc:
        raise InputError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror}") from None
    # Ctrl-C and SIGTERM are recorded, not raised, so neither can be lost (interrupts.py);
    # the handlers stay through the shutdown, so a second Ctrl-C ends it at once.
    with stop_signals() as signalled, preview:
        # The URL goes to stdout alone, so scripts and tests can read it.
        print(f"preview of {source} at {preview.url}", flush=True)
        say("watching for changes; Ctrl-C stops")
        if args.open:
            import webbrowser

            webbrowser.open(preview.url)
        preview.wait(until=signalled)
    signum = signalled()
    if signum is None:
        return 0
    say("publish: interrupted" if signum == signal.SIGINT else "publish: terminated")
    return 128 + signum
