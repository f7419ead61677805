"""`publish preview`: a live preview of one brief on http://127.0.0.1:PORT/.

    from publish.preview import Preview
    with Preview(Path("seeds/brief.md")) as preview:   # builds once, serves, watches
        print(preview.url)
        preview.wait()                                    # until Ctrl-C

Saving the brief, its sidecar, publish.toml or a stylesheet rebuilds what that file can
change; the page updates itself over server-sent events. Files are watched with
`watchfiles` (inotify on Linux, with debouncing, so an editor's save-rename-write dance is one
change), the build runs in this process with WeasyPrint kept imported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..normalizer.sources import brief_inputs
from ..paths import STYLES_DIR
from .builder import Builder, Snapshot, editions_for
from .server import Hub, make_server

__all__ = ["Preview", "Snapshot", "watched_files"]


def watched_files(source: Path) -> set[Path]:
    """The files whose change rebuilds the preview: the brief, its metadata, the styles."""
    from ..normalizer.layers import style_inputs

    # The house style's files too (logo, project stylesheets and fonts).
    files = {p.resolve() for p in brief_inputs(source, extra=style_inputs(source))}
    files |= {p.resolve() for p in STYLES_DIR.glob("*.css")}
    return files


class Preview:
    """Serve, build and watch one brief until `close()`."""

    def __init__(
        self, source: Path, *, port: int = 0, say: Callable[[str], None] = lambda _: None
    ) -> None:
        self.source = Path(source)
        self.say = say
        self.hub = Hub(self.source)
        self.builder = Builder(self.source, self._published)
        self.server = make_server(self.hub, port)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._save = threading.Event()  # a save not yet built
        self._saved: set[Path] = set()  # the files it changed
        self._saved_lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> Preview:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        self.builder.warm_up()
        self._spawn(self.server.serve_forever)
        self.rebuild(set())
        self._spawn(self._watch)

    def wait(self, until: Callable[[], object] = lambda: False) -> None:
        """Block until closed or `until()` is true (polled ten times a second); Ctrl-C
        raises KeyboardInterrupt here unless the caller handles the signal itself."""
        while not self._stop.wait(0.1) and not until():
            pass

    def close(self) -> None:
        self._stop.set()
        self.hub.close()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def rebuild(
        self, changed: set[Path], superseded: Callable[[], bool] = lambda: False
    ) -> Snapshot:
        editions = editions_for(changed)
        snap = self.builder.build(editions, superseded)
        if snap.status == "superseded":
            return snap  # a newer save is being built: nothing to say about this one
        if snap.status == "failed":
            # Each error as the command line prints it (file:line: error: message).
            for line in snap.error.splitlines() or ["unknown error"]:
                self.say(f"build {snap.version} failed: {line}")
            if snap.good:
                self.say(f"showing the last good build ({snap.good[0]}, {snap.good[1]})")
        else:
            t = snap.timings
            self.say(
                f"build {snap.version}: {', '.join(sorted(editions))} "
                f"(first page {t.get('first_page', 0):.2f} s, done {max(t.values()):.2f} s)"
            )
        return snap

    # --- internals --------------------------------------------------------------------
    def _published(self, snap: Snapshot) -> None:
        self.hub.publish(snap)

    def _spawn(self, target: Callable[[], object]) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _watch(self) -> None:
        """Saves are handed to the build thread as they come: a save made while a build
        runs stops it before its next page or stage, so the editor waits for one page or
        one stage at most, never for a whole build, to see the new page."""
        from watchfiles import watch

        files = watched_files(self.source)
        folders = sorted({str(f.parent) for f in files if f.parent.exists()})
        self._spawn(self._build_saves)
        for changes in watch(
            *folders,
            recursive=False,
            stop_event=self._stop,
            watch_filter=lambda _change, path: Path(path).resolve() in files,
            debounce=400,
            step=30,
        ):
            with self._saved_lock:
                self._saved |= {Path(path) for _change, path in changes}
            self._save.set()

    def _build_saves(self) -> None:
        while not self._stop.is_set():
            if not self._save.wait(0.5):
                continue
            with self._saved_lock:
                changed, self._saved = self._saved, set()
                self._save.clear()
            # A newer save, or Ctrl-C, stops this build before its next page or stage.
            self.rebuild(changed, superseded=lambda: self._save.is_set() or self._stop.is_set())
