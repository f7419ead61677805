"""The archive edition's own gate: what the screen edition's checks do not look at.

    problems, facts = check_archive(pdf_bytes, doc, attachments)

- page-validation under PDF/A-3u (and, in publish.editions, PDF/UA-1 as for the screen PDF);
- `qpdf --check` (pikepdf's `check()`, the same libqpdf, when the qpdf command is missing);
- the associated files: each expected one in the catalog's `/AF` and in `/EmbeddedFiles`, with
  its `/AFRelationship`, MIME `/Subtype`, `/ModDate` from the brief, and the very bytes;
- the XMP: pdfaid part 3 conformance U, pdfuaid part 1, the EPUB's identifier;
- transparency: a group PDF/A-3 would refuse (no /CS while the file has no output intent)
  or a blend mode outside ISO 32000's list.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Sequence
from typing import Any

from ..document import Document
from ..identity import edition_uuid
from ..pdf.archive import Attachment, pdf_date
from .pdfcheck import run_page_validation

BLEND_MODES = {
    "/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten",
    "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion",
    "/Hue", "/Saturation", "/Color", "/Luminosity",
}  # fmt: skip


def qpdf_check(data: bytes) -> tuple[str, list[str]]:
    """(`qpdf --check` or `pikepdf check`, problems): the file's syntax and streams."""
    if tool := shutil.which("qpdf"):
        import tempfile

        with tempfile.NamedTemporaryFile(prefix="publish-", suffix=".pdf") as handle:
            handle.write(data)  # qpdf reads no PDF from standard input
            handle.flush()
            proc = subprocess.run([tool, "--check", handle.name], capture_output=True,
                                  timeout=120, check=False)  # fmt: skip
        version = subprocess.run([tool, "--version"], capture_output=True, text=True,
                                 check=False).stdout.split("\n", 1)[0]  # fmt: skip
        if proc.returncode == 0:
            return version, []
        # Exit 3 is warnings only: PDF/A wants none either.
        out = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip().splitlines()
        return version, [f"qpdf --check (exit {proc.returncode}): {line}" for line in out[-5:]]
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return f"pikepdf {pikepdf.__version__} check", [f"qpdf check: {p}" for p in pdf.check()]


def attachment_problems(pdf: Any, doc: Document, expected: Sequence[Attachment]) -> list[str]:
    import pikepdf

    problems: list[str] = []
    listed = {}
    for spec in pdf.Root.get("/AF", []):
        listed[str(spec.get("/UF", spec.get("/F", "")))] = spec
    tree = pdf.Root.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    in_tree = {str(tree[i]) for i in range(0, len(tree), 2)}
    when = pdf_date(doc)
    for item in expected:
        spec = listed.get(item.name)
        if spec is None:
            problems.append(f"archive: {item.name} is not an associated file (/AF)")
            continue
        if item.name not in in_tree:
            problems.append(f"archive: {item.name} is not in /EmbeddedFiles")
        if spec.get("/AFRelationship") != pikepdf.Name("/" + item.relationship):
            problems.append(f"archive: {item.name} has /AFRelationship "
                            f"{spec.get('/AFRelationship')}, not /{item.relationship}")  # fmt: skip
        stream = spec.EF.get("/UF", spec.EF.get("/F"))
        if stream.read_bytes() != item.data:
            problems.append(f"archive: the embedded {item.name} differs from its source")
        if str(stream.get("/Subtype", "")) != "/" + item.mime:
            problems.append(f"archive: {item.name} has MIME type {stream.get('/Subtype')}")
        if str(stream.get("/Params", {}).get("/ModDate", "")) != when:
            problems.append(f"archive: {item.name} is not dated {when}, the brief's date")
    return problems


def xmp_problems(pdf: Any, doc: Document) -> list[str]:
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8", "replace")
    problems = []
    wanted = {
        "pdfaid:part 3": r'pdfaid:part="3"|<pdfaid:part>3<',
        "pdfaid:conformance U": r'pdfaid:conformance="U"|<pdfaid:conformance>U<',
        "pdfuaid:part 1": r'pdfuaid:part="1"|<pdfuaid:part>1<',
    }
    for what, pattern in wanted.items():
        if not re.search(pattern, xmp):
            problems.append(f"archive: the XMP does not declare {what}")
    ident = edition_uuid(doc)
    for key in ("dc:identifier", "xmpMM:DocumentID"):
        if f"<{key}>{ident}</{key}>" not in xmp:
            problems.append(f"archive: the XMP {key} is not the EPUB's identifier {ident}")
    return problems


def transparency_problems(pdf: Any) -> tuple[int, list[str]]:
    """(transparency groups, problems): what PDF/A-3 (ISO 19005-3, 6.2.10) forbids of them."""
    import pikepdf

    intent = bool(pdf.Root.get("/OutputIntents"))
    groups, problems = 0, []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
            groups += 1
            if "/CS" not in group and not intent:
                problems.append("archive: a transparency group without /CS and no output intent")
        mode = obj.get("/BM")
        if mode is not None and str(mode) not in BLEND_MODES:
            problems.append(f"archive: blend mode {mode} is not one PDF/A allows")
    return groups, problems


def check_archive(
    data: bytes, doc: Document, expected: Sequence[Attachment]
) -> tuple[list[str], dict[str, object]]:
    """(problems, facts for the manifest's validation entry)."""
    import pikepdf

    problems: list[str] = []
    pdfa = run_page_validation(data, "3u")
    problems += [f"archive: PDF/A-3u ({pdfa.checker}): {f}" for f in pdfa.failures]
    qpdf, syntax = qpdf_check(data)
    problems += syntax
    groups = 0
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            problems += attachment_problems(pdf, doc, expected)
            problems += xmp_problems(pdf, doc)
            groups, transparency = transparency_problems(pdf)
            problems += transparency
    except (pikepdf.PdfError, KeyError, AttributeError) as exc:  # a broken file fails, no crash
        problems.append(f"archive: unreadable PDF: {exc}")
    facts: dict[str, object] = {
        "pdfa": {"checker": pdfa.checker, "version": pdfa.version, "profile": pdfa.profile,
                 "status": "passed" if pdfa.compliant else "failed", "rules": pdfa.rules,
                 "failures": len(pdfa.failures)},
        "qpdf": {"checker": qpdf, "status": "passed" if not syntax else "failed"},
        "associated_files": sorted(f"{f.name} ({f.relationship})" for f in expected),
        "transparency_groups": groups,
    }  # fmt: skip
    return problems, facts
