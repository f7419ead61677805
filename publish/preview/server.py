"""The preview's HTTP server: loopback only, a fixed set of routes, server-sent events.

The standard library's ThreadingHTTPServer is enough for one editor's browser and adds no
dependency; every response comes from the current build held in memory, never from a path
the request names, so there is nothing to traverse.
"""

from __future__ import annotations

import html
import json
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .builder import Snapshot

LOOPBACK = "127.0.0.1"
# The one page: static, so that brief text reaches it only as JSON set with textContent.
PAGE = resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")
TYPES = {
    ".xhtml": "application/xhtml+xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",
    ".opf": "application/xml",
    ".ncx": "application/xml",
}
_PAGE_ROUTE = re.compile(r"/page/([0-9]{1,4})\.png")
# Keeps idle event streams alive and notices browsers that went away.
PING_SECONDS = 10.0


class Hub:
    """The current snapshot and the event streams waiting for the next one."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.snapshot = Snapshot()
        self.serial = 0  # counts published snapshots and stages
        self.changed = threading.Condition()
        self.closing = False

    def publish(self, snap: Snapshot) -> None:
        with self.changed:
            self.snapshot = snap
            self.serial += 1
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()


class Handler(BaseHTTPRequestHandler):
    server_version = "publish-preview"
    hub: Hub  # set on the subclass made by `make_server`

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # the terminal shows builds, not every image request

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        raw = urlsplit(self.path).path
        path = unquote(raw)
        if ".." in path.split("/") or "\\" in path or "\x00" in path:
            self._send(HTTPStatus.BAD_REQUEST, b"bad path\n", "text/plain")
            return
        if not self._host_ok():
            self._send(HTTPStatus.FORBIDDEN, b"preview answers only to loopback\n", "text/plain")
            return
        snap = self.hub.snapshot
        if path == "/":
            self._send(HTTPStatus.OK, PAGE.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/events":
            self._events()
        elif path == "/state.json":
            self._json(snap.summary())
        elif path == "/source":
            self._source()
        elif path == "/edition.pdf" and snap.pdf:
            self._send(HTTPStatus.OK, snap.pdf, "application/pdf")
        elif (m := _PAGE_ROUTE.fullmatch(path)) and 1 <= int(m.group(1)) <= len(snap.pages):
            self._send(HTTPStatus.OK, snap.pages[int(m.group(1)) - 1], "image/png")
        elif path == "/cover.png" and (cover := _cover(snap)):
            self._send(HTTPStatus.OK, cover, "image/png")
        elif path.startswith("/epub/") and path[6:] in snap.epub:
            name = path[6:]
            kind = TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
            self._send(HTTPStatus.OK, snap.epub[name], kind)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    # --- routes -----------------------------------------------------------------------
    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while True:
                with self.hub.changed:
                    if self.hub.serial == seen and not self.hub.closing:
                        self.hub.changed.wait(PING_SECONDS)
                    if self.hub.closing:
                        return
                    snap, key = self.hub.snapshot, self.hub.serial
                if key != seen:
                    seen = key
                    data = json.dumps(snap.summary(), ensure_ascii=False)
                    self.wfile.write(f"data: {data}\n\n".encode())
                else:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _source(self) -> None:
        """The brief with an anchor per line, so each diagnostic can link to its line."""
        try:
            text = self.hub.source.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            text = f"cannot read {self.hub.source}: {exc.strerror}"
        rows = "".join(
            f'<tr id="L{n}"><td><a href="#L{n}">{n}</a></td><td>{html.escape(line)}</td></tr>'
            for n, line in enumerate(text.split("\n"), start=1)
        )
        body = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
            f"{html.escape(self.hub.source.name)}</title><style>"
            "body{font:14px/1.5 monospace;margin:0}td{vertical-align:top;white-space:pre-wrap;"
            "padding:0 .5em}td:first-child{color:#777;text-align:right;user-select:none}"
            ":target{background:#fff3b0}</style></head><body><table>"
            f"{rows}</table></body></html>"
        )
        self._send(HTTPStatus.OK, body.encode("utf-8"), "text/html; charset=utf-8")

    # --- helpers ----------------------------------------------------------------------
    def _host_ok(self) -> bool:
        """Refuse other Host names, so a web page cannot reach us by DNS rebinding."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in ("127.0.0.1", "localhost", "[::1]")

    def _json(self, data: object) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(HTTPStatus.OK, body, "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def _cover(snap: Snapshot) -> bytes | None:
    return next((data for name, data in snap.epub.items() if name.endswith("cover.png")), None)


def make_server(hub: Hub, port: int = 0) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1 only; port 0 asks the kernel for a free one."""
    handler = type("PreviewHandler", (Handler,), {"hub": hub})
    server = ThreadingHTTPServer((LOOPBACK, port), handler)
    server.daemon_threads = True
    return server
