"""`publish lint`: coded findings, docs/RULES.md from the registry, and [lint] ignores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publish.cli import main
from publish.lint.rules import BY_CODE, FAMILIES, MANDATORY, RULES, classify, coded
from publish.lint.rulesdoc import rules_markdown

ROOT = Path(__file__).resolve().parent.parent

UNCALLED = """---
title: Harbour Dues
date: 2025-06-16
---

## Background

The harbour board met in June.[^1] It agreed to review the dues every year from now on.

[^1]: The minutes are public.
[^2]: This note is never called.
"""

CLEAN = """---
title: Harbour Dues
date: 2025-06-16
---

## Background

The harbour board met in June and agreed to review the dues every year from now on.
"""


def project(tmp_path: Path, brief: str, sidecar: str = "", house: str = "") -> Path:
    (tmp_path / "publish.toml").write_text(house, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "harbour.md").write_text(brief, encoding="utf-8")
    if sidecar:
        (seeds / "harbour.toml").write_text(sidecar, encoding="utf-8")
    return seeds / "harbour.md"


def lint_json(capsys, *args: str, project: Path | None = None) -> tuple[int, dict]:
    before = ["--project", str(project)] if project else []
    status = main([*before, "lint", "--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)


def test_every_example_is_classified_under_its_own_code():
    wrong = {r.code: classify(r.example).code for r in RULES if classify(r.example) is not r}
    assert wrong == {}
    assert {r.code[0] for r in RULES} == set(FAMILIES)
    assert set(BY_CODE) >= MANDATORY


def test_each_family_has_a_catch_all_that_comes_after_its_rules():
    order = [r.code for r in RULES]
    for letter in "NMSTEP":
        assert f"{letter}099" in order
    assert order[-1] == "X099" and classify("something no check writes").code == "X099"


def test_rules_md_is_generated_from_the_registry():
    assert (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/RULES.md is stale: run make rules"
    )
    for rule in RULES:
        assert f"`{rule.code}`" in rules_markdown()


def test_a_gate_finding_prints_with_its_line_and_code():
    text = "pdf, print: 5 notes have no call in the text (first: note 1, line 16)"
    assert coded(text, "seeds/b.md") == f"seeds/b.md:16: N001 {text}"
    assert (
        coded("pdf: no /Lang in the catalog", "b.md") == "b.md: P006 pdf: no /Lang in the catalog"
    )


def test_source_findings_have_file_line_code_and_fix(tmp_path, capsys):
    brief = project(tmp_path, UNCALLED)
    status, report = lint_json(capsys, "--no-render", str(brief))
    assert status == 6  # warnings only
    (found,) = report["findings"]
    assert found["code"] == "N002" and found["severity"] == "warning"
    assert found["line"] == 11 and found["file"].endswith("harbour.md")
    assert found["fix"] and report["rendered"] is False
    assert main(["lint", "--no-render", str(brief)]) == 6
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("harbour.md:11: N002 note 2 is never called")
    assert out[1].startswith("    fix: ")


def test_a_clean_brief_exits_0_and_a_missing_path_2(tmp_path, capsys):
    brief = project(tmp_path, CLEAN)
    assert main(["lint", "--no-render", str(brief)]) == 0
    assert main(["lint", str(tmp_path / "nowhere.md")]) == 2
    assert "nowhere.md" in capsys.readouterr().err


def test_a_silenced_code_with_its_reason(tmp_path, capsys):
    sidecar = '[lint]\nignore = [{code = "N002", reason = "kept for the next edition"}]\n'
    brief = project(tmp_path, UNCALLED, sidecar)
    status, report = lint_json(capsys, "--no-render", "-v", str(brief))
    assert status == 0
    (found,) = [f for f in report["findings"] if f["code"] == "N002"]
    assert found["silenced_by"] == "kept for the next edition"
    assert report["silenced"] == 1 and report["warnings"] == 0


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('{code = "N002"}', "each with both"),
        ('{code = "Z123", reason = "x"}', "known codes"),
        ('{code = "E001", reason = "EPUBCheck is wrong"}', "may be silenced"),
        ('{code = "N002", reason = " "}', "with a reason"),
    ],
)
def test_a_bad_ignore_is_an_error_with_its_line(tmp_path, capsys, entry, says):
    brief = project(tmp_path, CLEAN, f"\n[lint]\nignore = [{entry}]\n")
    status, report = lint_json(capsys, "--no-render", str(brief))
    assert status == 1
    (found,) = report["findings"]
    assert found["code"] == "M005" and says in found["message"]
    assert found["file"].endswith("harbour.toml") and found["line"] == 3


@pytest.mark.slow
def test_lint_runs_the_gate_writes_nothing_and_reports_stale_ignores(tmp_path, capsys):
    house = '[lint]\nignore = [\n  {code = "T003", reason = "long URLs"},\n]\n'
    brief = project(tmp_path, UNCALLED, house=house)
    before = sorted(p for p in tmp_path.rglob("*"))
    status, report = lint_json(capsys, str(brief), project=tmp_path)
    assert status == 1 and report["rendered"] is True
    codes = {f["code"]: f for f in report["findings"]}
    # The PDFs' own check: note 2 is on no page with its call.
    assert codes["N001"]["severity"] == "error" and codes["N001"]["line"] == 11
    assert "pdf" in codes["N001"]["message"]
    stale = codes["L001"]
    assert stale["file"].endswith("publish.toml") and stale["line"] == 3
    assert "T003" in stale["message"]
    assert sorted(p for p in tmp_path.rglob("*")) == before  # nothing written, no dist/


@pytest.mark.slow
def test_the_release_honours_ignores_and_records_them(tmp_path, capsys):
    sidecar = ('[lint]\nignore = [\n  {code = "N001", reason = "the note is for the editors"},\n'
               '  {code = "N002", reason = "the same note"},\n]\n')  # fmt: skip
    project(tmp_path, UNCALLED, sidecar)
    out = tmp_path / "dist"
    assert main(["--project", str(tmp_path), "release", "-q", "--out", str(out)]) == 0
    assert "never called" not in capsys.readouterr().err
    (entry,) = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["briefs"]
    silenced = {s["code"]: s for s in entry["silenced"]}
    assert set(silenced) == {"N001", "N002"}
    assert silenced["N001"]["reason"] == "the note is for the editors"
    # Without the ignores the same brief fails the gate.
    (tmp_path / "seeds" / "harbour.toml").unlink()
    assert main(["--project", str(tmp_path), "release", "-q", "--out", str(out)]) == 1
    assert "N001" in capsys.readouterr().err
