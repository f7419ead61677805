"""Bad input: one line on stderr naming the file, exit status 2, no output file."""

from __future__ import annotations

import subprocess
import sys

import pytest

from publish.cli import main

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

CASES = {
    "empty": (b"", "empty brief"),
    "whitespace": (b"  \n\t\n\n", "empty brief"),
    "binary": (PNG, "binary file"),
    "invalid-utf8": ("June 1, 2022\n\nTitle\n\nCaf\xe9 society.\n".encode("latin-1"), "UTF-8"),
    "windows-1250": ("Title\n\nPaństwa i łódź.\n".encode("cp1250"), "UTF-8"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_bytes(case, write_brief, tmp_path, capsys):
    data, expected = CASES[case]
    source = write_brief(data, f"{case}.txt")
    out = tmp_path / "out.json"
    status = main(["normalize", str(source), "-o", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(err) == 1
    assert str(source) in err[0] and expected in err[0]
    assert not out.exists()


def test_invalid_utf8_names_the_line(write_brief, capsys):
    source = write_brief(CASES["invalid-utf8"][0])
    main(["normalize", str(source)])
    assert f"{source}:5: error:" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["directory", "missing"])
def test_not_a_file(kind, tmp_path, capsys):
    source = tmp_path / "briefs" if kind == "directory" else tmp_path / "nope.txt"
    if kind == "directory":
        source.mkdir()
    status = main(["normalize", str(source)])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and str(source) in err[0]


def test_no_traceback_from_the_real_command(tmp_path):
    source = tmp_path / "empty.txt"
    source.write_text("")
    proc = subprocess.run(
        [sys.executable, "-m", "publish", "normalize", str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_debug_shows_the_traceback(tmp_path):
    source = tmp_path / "empty.txt"
    source.write_text("")
    proc = subprocess.run(
        [sys.executable, "-m", "publish", "--debug", "normalize", str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Traceback" in proc.stderr


def test_bad_json_document(write_brief, capsys):
    source = write_brief('{"schema": "publish.brief/99", "meta": {}}', "doc.json")
    assert main(["normalize", str(source)]) == 2
    assert "not a publish document" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["meta"].update(title=5), "meta/title: 5 is not of type 'string'"),
        (lambda d: d["blocks"][0]["inlines"][0].update(type="script"), "is not one of"),
        (lambda d: d.pop("notes"), "'notes' is a required property"),
    ],
)
def test_json_document_breaking_the_schema_is_refused(seed_doc, write_brief, capsys, change,
                                                      expected):  # fmt: skip
    import json

    data = json.loads(seed_doc.to_json())
    change(data)
    source = write_brief(json.dumps(data), "doc.json")
    assert main(["epub", str(source), "-o", str(source.with_suffix(".epub"))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a publish document" in err[0] and expected in err[0]
    assert not source.with_suffix(".epub").exists()
