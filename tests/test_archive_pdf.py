"""The archive edition: PDF/A-3u and PDF/UA-1 in one file, the brief attached to it.

Checked with the independent tools the gate runs (page-validation under its `3u` and `ua1`
profiles, `qpdf --check`), and by reading the attachments and the XMP back with pikepdf.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest

import publish
from publish.checks.archive import check_archive
from publish.checks.pdfcheck import run_page_validation
from publish.errors import InputError
from publish.identity import edition_uuid
from publish.normalizer.fields import load_toml
from publish.optional import optional_editions
from publish.pdf.archive import (
    Attachment,
    _no_cr_before_endstream,
    archive_attachments,
    document_json,
)

from .conftest import SEED, SMALL_BRIEF
from .i18n_briefs import markdown
from .richbrief import write_rich_brief


def attachments(data: bytes) -> dict[str, tuple[str, str, bytes, str]]:
    """name -> (AFRelationship, MIME subtype, bytes, ModDate), from the catalog's /AF."""
    out = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.Names.EmbeddedFiles.Names
        in_tree = {str(tree[i]) for i in range(0, len(tree), 2)}
        for spec in pdf.Root.AF:
            name = str(spec.UF)
            assert name in in_tree and str(spec.F) == name
            stream = spec.EF.F
            out[name] = (str(spec.AFRelationship), str(stream.Subtype), stream.read_bytes(),
                         str(stream.Params.ModDate))  # fmt: skip
    return out


def xmp(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return pdf.Root.Metadata.read_bytes().decode()


def qpdf_check(data: bytes, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    path = tmp_path / "check.pdf"
    path.write_bytes(data)
    return subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True,
                          check=False)  # fmt: skip


@pytest.fixture
def small(tmp_path: Path):
    brief = tmp_path / "seeds" / "delta.txt"
    brief.parent.mkdir()
    brief.write_text(SMALL_BRIEF, encoding="utf-8")
    return brief, publish.normalize(brief)


@pytest.mark.slow
def test_small_brief_archive_passes_pdfa_3u_ua_1_and_qpdf(small, tmp_path) -> None:
    brief, doc = small
    data = publish.build_pdf(doc, edition="archive")
    for profile in ("3u", "ua1"):
        result = run_page_validation(data, profile)
        assert result.rules > 100 and result.failures == [], (profile, result.failures)
        assert result.compliant
    check = qpdf_check(data, tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    problems, facts = check_archive(data, doc, archive_attachments(doc))
    assert problems == [] and facts["transparency_groups"] == 0

    # The brief's source and its normalized Document, byte for byte, dated by the brief.
    files = attachments(data)
    assert set(files) == {"delta.txt", "water-rights-in-the-delta.brief.json"}
    source = files["delta.txt"]
    assert source[:2] == ("/Source", "/text/plain") and source[2] == brief.read_bytes()
    relation, mime, body, when = files["water-rights-in-the-delta.brief.json"]
    assert (relation, mime) == ("/Data", "/application/json")
    assert body == document_json(doc)
    loaded = json.loads(body)
    assert loaded["source"] == "seeds/delta.txt"  # never this machine's path
    assert {d["file"] for d in loaded["diagnostics"]} == {"seeds/delta.txt"}
    skip = ("source", "diagnostics")
    assert {k: v for k, v in loaded.items() if k not in skip} == {
        k: v for k, v in doc.to_dict().items() if k not in skip
    }
    assert when == source[3] == "D:20240303000000+00'00"  # March 3, 2024: the brief's date

    # PDF/A-3u and PDF/UA-1 declared, the EPUB's identifier carried.
    meta = xmp(data)
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="U"' in meta
    assert 'pdfuaid:part="1"' in meta
    epub = publish.build_epub(doc)
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        opf = book.read("EPUB/content.opf").decode()
    (epub_id,) = re.findall(r"<dc:identifier[^>]*>([^<]+)</dc:identifier>", opf)
    assert epub_id == edition_uuid(doc)
    assert f"<dc:identifier>{epub_id}</dc:identifier>" in meta
    assert f"<xmpMM:DocumentID>{epub_id}</xmpMM:DocumentID>" in meta

    # Fonts embedded, sRGB output intent.
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and b"sRGB" in intent.DestOutputProfile.read_bytes()
    report = publish.checks.pdfcheck.check_pdf(data, doc, edition="archive")
    assert report.problems == [] and all(f.embedded for f in report.fonts)

    # Two builds, byte-identical.
    assert publish.build_pdf(doc, edition="archive") == data


@pytest.mark.slow
def test_extra_files_are_attached_with_their_relationship(small) -> None:
    _, doc = small
    bib = b"@article{delta2019, title = {Delta Cooperatives}, year = {2019}}\n"
    files = archive_attachments(doc, [("delta.bib", bib, "application/x-bibtex", "Supplement")])
    data = publish.build_pdf(doc, edition="archive", attachments=files)
    got = attachments(data)
    assert got["delta.bib"][:3] == ("/Supplement", "/application/x-bibtex", bib)
    assert len(got) == 3
    assert run_page_validation(data, "3u").failures == []


@pytest.mark.slow
def test_the_seed_archive_passes_every_check(seed_doc, tmp_path) -> None:
    data = publish.build_pdf(seed_doc, edition="archive")
    assert run_page_validation(data, "3u").failures == []
    assert run_page_validation(data, "ua1").failures == []
    assert qpdf_check(data, tmp_path).returncode == 0
    files = attachments(data)
    assert files[SEED.name][2] == SEED.read_bytes()
    problems, _ = check_archive(data, seed_doc, archive_attachments(seed_doc))
    assert problems == []


@pytest.mark.slow
def test_the_gate_finds_a_damaged_archive(small) -> None:
    """Each check can fail: an attachment without its relationship, or with other bytes."""
    _, doc = small
    data = publish.build_pdf(doc, edition="archive")
    expected = archive_attachments(doc)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        del pdf.Root.AF[0]["/AFRelationship"]
        spec = pdf.Root.AF[1]
        spec.EF.F = spec.EF.UF = pdf.make_stream(b"{}")
        del pdf.Root.Metadata
        out = io.BytesIO()
        pdf.save(out)
    problems, facts = check_archive(out.getvalue(), doc, expected)
    assert any("PDFA3U-FILE-SPEC-AF-RELATIONSHIP" in p for p in problems)
    assert any("has /AFRelationship None" in p for p in problems)
    assert any("differs from its source" in p for p in problems)
    assert facts["pdfa"]["status"] == "failed"


def test_attachment_relationship_must_be_one_pdf_knows() -> None:
    with pytest.raises(ValueError, match="AFRelationship"):
        Attachment("x.bib", b"", "application/x-bibtex", "Citations")


def test_publish_toml_switches_are_checked(tmp_path: Path) -> None:
    profile = tmp_path / "publish.toml"
    profile.write_text('kepub = true\narchive = false\npublisher = "House"\n', encoding="utf-8")
    assert optional_editions(profile) == {"kepub": True, "archive": False}
    assert load_toml(profile) == {"publisher": "House"}  # not metadata
    profile.write_text('archive = "yes"\n', encoding="utf-8")
    with pytest.raises(InputError, match="“archive” must be true or false"):
        optional_editions(profile)
    sidecar = tmp_path / "brief.toml"
    sidecar.write_text("archive = true\n", encoding="utf-8")
    with pytest.raises(InputError, match="belong in publish.toml"):
        load_toml(sidecar)


def _ends_in_cr() -> bytes:
    """A content stream whose Flate data ends with CR (its Adler-32's last byte is 0x0d)."""
    for a in range(33, 127):
        for b in range(33, 127):
            data = b"0 g\n% " + bytes([a, b]) + b"\n"
            if zlib.compress(data)[-1:] == b"\r":
                return data
    raise AssertionError("no such content")


def test_no_stream_data_ends_with_a_carriage_return(tmp_path: Path) -> None:
    """PDF/A 6.1.7.1: CR then qpdf's EOL read as one CR LF marker make /Length look wrong."""
    content = _ends_in_cr()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out, compress_streams=True)
    with pikepdf.open(io.BytesIO(out.getvalue())) as before:
        assert before.pages[0].Contents.read_raw_bytes().endswith(b"\r")  # the case is real
    fixed = _no_cr_before_endstream(out.getvalue())
    with pikepdf.open(io.BytesIO(fixed)) as after:
        streams = [o for o in after.objects if isinstance(o, pikepdf.Stream)]
        assert streams and not any(o.read_raw_bytes().endswith(b"\r") for o in streams)
        assert after.pages[0].Contents.read_bytes() == content
    assert _no_cr_before_endstream(fixed) == fixed


@pytest.mark.slow
@pytest.mark.parametrize("case", ["rich", "et", "ar"])
def test_rich_and_language_briefs_pass_pdfa_and_ua(case: str, tmp_path: Path) -> None:
    """The rich brief (figures: WeasyPrint's /Interpolate true), Estonian (a stream whose data
    ended with CR) and Arabic (right to left, Amiri)."""
    if case == "rich":
        brief = write_rich_brief(tmp_path / "rich")
    else:
        brief = tmp_path / "seeds" / f"{case}.md"
        brief.parent.mkdir()
        brief.write_text(markdown(case), encoding="utf-8")
    doc = publish.normalize(brief)
    data = publish.build_pdf(doc, edition="archive")
    assert run_page_validation(data, "3u").failures == []
    assert run_page_validation(data, "ua1").failures == []
    problems, _ = check_archive(data, doc, archive_attachments(doc))
    assert problems == []
    assert attachments(data)[brief.name][2] == brief.read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [o for o in pdf.objects
                  if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]  # fmt: skip
        assert (case == "rich") == bool(images)
        assert not any(o.get("/Interpolate") for o in images)


def test_the_project_template_documents_both_switches(tmp_path: Path) -> None:
    template = Path(publish.__file__).parent / "templates" / "publish.toml"
    text = template.read_text(encoding="utf-8")
    profile = tmp_path / "publish.toml"
    text = text.replace("# kepub = true", "kepub = true").replace(
        "# archive = true", "archive = true"
    )
    profile.write_text(text, encoding="utf-8")
    assert optional_editions(profile) == {"kepub": True, "archive": True}
    assert "style" in load_toml(profile)  # the rest of the template still reads


@pytest.mark.slow
def test_the_release_archive_carries_the_citation_records(seed_doc) -> None:
    import bibtexparser
    import rispy

    from publish.editions import build_edition
    from publish.records import brief_records

    result = build_edition(seed_doc.to_json(), "archive", check=True, epubcheck=False)
    assert result.problems == []
    files = attachments(result.data)
    for kind, (name, data) in brief_records(seed_doc, b"").items():
        assert files[name][0] == "/Data" and files[name][2] == data, kind
    bib = files[f"{seed_doc.meta.slug}.bib"][2].decode()
    assert "Recalibrating Relations" in bibtexparser.parse_string(bib).entries[0]["title"]
    (ris,) = rispy.loads(files[f"{seed_doc.meta.slug}.ris"][2].decode())
    assert ris["type_of_reference"] == "RPRT"


def test_with_base_url_the_attached_records_carry_the_landing_page(seed_doc) -> None:
    """The archive's copies of the citation records are dist/'s, base_url included."""
    from publish.editions import build_edition
    from publish.records import brief_records

    base = "https://example.org/briefs/"
    result = build_edition(seed_doc.to_json(), "archive", check=False, epubcheck=False,
                           base_url=base)  # fmt: skip
    files = attachments(result.data)
    for kind, (name, data) in brief_records(seed_doc, b"", base).items():
        assert files[name][2] == data, kind
    (item,) = json.loads(files[f"{seed_doc.meta.slug}.csl.json"][2])
    assert item["URL"] == f"{base}{seed_doc.meta.slug}/"
