"""A URL fetcher for WeasyPrint that serves only our own files.

WeasyPrint's default fetcher follows http: and file: URLs anywhere. A brief is untrusted
input, so rendering may read files under styles/ and the brief's own folder and nothing else:
no network, no data: URLs, no /etc/passwd. A refusal raises, which WeasyPrint logs and skips
(the resource is simply missing); rendering goes on.

WeasyPrint 70 expects a `URLFetcher` subclass whose `fetch` returns a `URLFetcherResponse`
(a plain function breaks its error path), hence the subclass.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..images import CONTAINER, ImageProblem, read_image, sanitize_svg
from ..paths import STYLES_DIR

MAX_RESOURCE = 20_000_000  # bytes; a font or an image, never more


class FetchRefused(ValueError):
    """The URL is outside what rendering may read."""


class SafeFetcher(URLFetcher):
    """`file:` URLs under styles/ and `roots` only. Records what it served and refused."""

    def __init__(self, *roots: Path, files: tuple[Path, ...] | list[Path] = ()) -> None:
        # No redirects, and only file: even if our fetch() were bypassed.
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = [Path(r).resolve() for r in (STYLES_DIR, *roots)]
        # Single files named by the house profile (the printer's ICC profile).
        self.files = {Path(f).resolve() for f in files}
        self.served: list[str] = []
        self.refused: list[str] = []
        # URL → (bytes, media type) served without reading a file: the sanitised logo.
        self.memory: dict[str, tuple[bytes, str]] = {}

    def allowed_path(self, url: str) -> Path | None:
        """The local file a URL names when rendering may read it, else None."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve()  # resolves .. and symlinks
        except (OSError, RuntimeError, ValueError):
            return None
        if path not in self.files and not any(path.is_relative_to(r) for r in self.roots):
            return None
        return path if path.is_file() else None

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url in self.memory:
            data, mime = self.memory[url]
            self.served.append(url)
            return URLFetcherResponse(url, data, headers={"Content-Type": mime})
        path = self.allowed_path(url)
        if path is None:
            self.refused.append(url[:200])
            raise FetchRefused(f"refused {url[:200]!r}: outside styles/ and the brief's folder")
        if path.stat().st_size > MAX_RESOURCE:
            self.refused.append(url[:200])
            raise FetchRefused(f"refused {url[:200]!r}: larger than {MAX_RESOURCE} bytes")
        fragment = unquote(urlsplit(url).fragment)
        if fragment and CONTAINER.match(f"{path.name}#{fragment}"):
            # A picture inside a Word brief (publish.images): served by the one reader of
            # figures, which checks the member and its size before expanding it.
            try:
                info, data = read_image(f"{path.name}#{fragment}", path.parent)
            except ImageProblem as exc:
                self.refused.append(url[:200])
                raise FetchRefused(f"refused {url[:200]!r}: {exc}") from None
            self.served.append(url)
            return URLFetcherResponse(url, data, headers={"Content-Type": info.media_type})
        self.served.append(url)
        mime, _ = mimetypes.guess_type(path.name)
        data = path.read_bytes()
        if path.suffix.lower() == ".svg" or mime == "image/svg+xml":
            # A brief's SVG is untrusted: WeasyPrint sees only its sanitised drawing.
            try:
                data = sanitize_svg(data)
            except ImageProblem as exc:
                self.refused.append(url[:200])
                raise FetchRefused(f"refused {url[:200]!r}: {exc}") from None
            mime = "image/svg+xml"
        return URLFetcherResponse(
            path.as_uri(), data, headers={"Content-Type": mime or "application/octet-stream"}
        )
