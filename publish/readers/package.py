"""Zip packages (Word .docx, OpenDocument .odt): opened only within limits, XML parsed
without entities or network.

Both formats are zips of XML parts. The guards run before any part is expanded: the file's
size, the number of parts, the total expanded size and each large part's compression ratio
(zip bombs), all from the zip's directory. XML is parsed with entities left unresolved, no
network and lxml's default tree limits, so an entity bomb or an external DTD is neither
expanded nor fetched.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError

MAX_FILE = 50_000_000  # bytes of package: a brief with a few charts is a few MB
MAX_EXPANDED = 200_000_000  # bytes of all parts, expanded
MAX_RATIO = 200  # expanded/compressed for one large part; zip bombs reach thousands
MAX_PARTS = 5_000


@dataclass(frozen=True)
class Kind:
    """How messages name a package format: "Word file", "a Word document (.docx …)"."""

    file: str  # "Word file"
    document: str  # "a Word document"
    suffix: str  # ".docx"


WORD = Kind("Word file", "a Word document", ".docx")
ODT = Kind("OpenDocument file", "an OpenDocument text", ".odt")


def open_zip(path: Path, data: bytes, kind: Kind) -> zipfile.ZipFile:
    """`data` as a zip, refused with one line when it is not one or is a bomb."""
    if len(data) > MAX_FILE:
        raise InputError(
            f"{kind.file} is {len(data):,} bytes; the limit is {MAX_FILE:,} bytes", path=path
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        message = f"not {kind.document} ({kind.suffix} is a zip file; this is not)"
        raise InputError(message, path=path) from None
    if len(infos) > MAX_PARTS:
        message = f"{kind.file} has {len(infos):,} parts; refusing (the limit is {MAX_PARTS:,})"
        raise InputError(message, path=path)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 10_000_000 and ratio > MAX_RATIO:
            message = f"part {info.filename} expands {ratio:,.0f} times: a zip bomb? refused"
            raise InputError(message, path=path)
    expanded = sum(i.file_size for i in infos)
    if expanded > MAX_EXPANDED:
        message = f"{kind.file} expands to {expanded:,} bytes; refused (limit {MAX_EXPANDED:,})"
        raise InputError(message, path=path)
    return package


def read_part(package: zipfile.ZipFile, name: str, path: Path, kind: Kind) -> bytes | None:
    """A part's bytes (None when absent), refusing one the zip cannot expand."""
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    try:
        with package.open(info) as handle:
            data = handle.read(MAX_EXPANDED + 1)  # the directory's size can lie; this cannot
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputError(f"broken {kind.file}: {name} cannot be read ({exc})", path=path) from None
    if len(data) > MAX_EXPANDED:
        raise InputError(f"part {name} is larger than its zip entry says: refused", path=path)
    return data


def parse_part(
    package: zipfile.ZipFile, name: str, path: Path, kind: Kind, *, no_dtd: bool = False
) -> etree._Element | None:
    """A part's XML (None when absent): entities unresolved, no network, no DTD loaded.

    `no_dtd`: refuse a part that declares a DTD at all. OpenDocument never does, so one
    that does is hostile (an entity bomb, an external entity), and not quietly read short.
    """
    data = read_part(package, name, path, kind)
    if data is None:
        return None
    refused = f"{name} declares a DTD (entities or outside files): refused, never read"
    if no_dtd and b"<!DOCTYPE" in data:  # before libxml2 sees it: no entity is even defined
        raise InputError(refused, path=path)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        message = f"broken {kind.file}: {name} is not well-formed XML ({exc.msg})"
        raise InputError(message, path=path) from None
    if root is None:
        raise InputError(f"broken {kind.file}: {name} is empty", path=path)
    info = root.getroottree().docinfo
    if no_dtd and (info.doctype or info.internalDTD is not None or info.externalDTD is not None):
        raise InputError(refused, path=path)  # a DOCTYPE spelled in another encoding
    return root
