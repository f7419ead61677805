"""The house profile's faults are the house's (issue 27): one line naming publish.toml and the
key's line, exit 2, before anything is built; house CSS may refer only to project files; and a
character no font has gets a fix, not a checker's rule id."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.cli import main
from publish.cssrefs import check_stylesheet
from publish.errors import InputError
from publish.normalizer.fields import toml_lines

BRIEF = """\
---
title: Harbour Walls
date: 2025-03-01
language: en-GB
---

The harbour walls were raised twice in the last century, and both times the sea won back
what the engineers had taken from it within a generation.
"""


def project(tmp_path: Path, toml: str, brief: str = BRIEF) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "styles").mkdir()
    (tmp_path / "seeds" / "harbour.md").write_text(brief, encoding="utf-8")
    (tmp_path / "publish.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def release(root: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--project", str(root), "release", "-q", "--jobs", "1"])
    return code, capsys.readouterr().err


def test_toml_lines_name_top_level_and_table_keys() -> None:
    text = 'publisher = "X"\n\n[style]\naccent_color = "#000000"\nlogo = "a.png"\n'
    assert toml_lines(text) == {"publisher": 1, "style": 3, "style.accent_color": 4,
                                "style.logo": 5}  # fmt: skip


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        ('publisher = "X"\ncolour = "red"\n', 2, "unknown key “colour”"),
        ('publisher = "X"\n[style]\naccent_color = "#7a1f3d"\ncolour = "red"\n', 4,
         "(not “colour”)"),
        ('[style]\naccent_color = "#7a1f3d"\nlogo = "styles/nope.png"\n', 3,
         "logo: style file not found"),
        ('[style]\nfonts = "Arial"\n', 2,
         "fonts = “Arial” is neither a bundled family nor a folder of the project; write one "
         "of “serif”, “sans”"),
        # The house's other settings: their checkers know the key, load_toml its line.
        ('publisher = "X"\n\n[print]\nstandard = "x-4"\nmarks = "yes"\n', 5,
         "key “print.marks” must be true or false"),
        ('publisher = "X"\n[print]\nbleed = 3\n', 3, "unknown key “print.bleed”"),
        ('publisher = "X"\nbase_url = "ftp://example.org/"\n', 2, "key “base_url” must be"),
        ('publisher = "X"\nkepub = "yes"\n', 2, "key “kepub” must be true or false"),
    ],
)  # fmt: skip
def test_a_house_fault_stops_the_release_naming_publish_toml_and_its_line(
    tmp_path, capsys, toml, line, message
) -> None:
    root = project(tmp_path, toml)
    code, err = release(root, capsys)
    assert code == 2
    (first,) = [x for x in err.splitlines() if "error" in x]
    assert f"{root / 'publish.toml'}:{line}: error: " in first and message in first, first
    assert "harbour.md" not in first  # the brief is not to blame
    assert not (root / "dist").exists() or not list((root / "dist").glob("*.epub"))


@pytest.mark.parametrize(
    ("css", "line", "message"),
    [
        ('h2 { color: red; }\n@import url("https://fonts.example/x.css");\n', 2,
         "@import https://fonts.example/x.css: a remote URL is never fetched"),
        ("@font-face { font-family: X; src: url(//cdn.example/x.woff2); }\n", 1,
         "@font-face //cdn.example/x.woff2: a remote URL is never fetched"),
        ("\n\nh2 { background: url(file:///etc/passwd) }\n", 3,
         "h2 file:///etc/passwd: a file: URL is read from outside the project"),
        ("@media print { p { background: url(../../secret.png) } }\n", 1,
         "p ../../secret.png: the path leads out of the project folder"),
        ('p { background-image: url("/etc/x.png"); }\np { background: url(/y.png) }\n', 1,
         "an absolute path is outside the project (and 1 more)"),
    ],
)  # fmt: skip
def test_house_css_refers_only_to_files_in_the_project(tmp_path, capsys, css, line, message):
    root = project(tmp_path, '[style]\nstylesheet = { epub = "styles/house.css" }\n')
    (root / "styles" / "house.css").write_text(css, encoding="utf-8")
    code, err = release(root, capsys)
    assert code == 2
    expected = f"{root / 'styles' / 'house.css'}:{line}: error: "
    (first,) = [x for x in err.splitlines() if "error" in x]
    assert first.startswith(f"publish: {expected}") and message in first, first
    assert first.endswith("house CSS may refer only to files in the project")


def test_files_in_the_project_and_inline_data_are_fine(tmp_path) -> None:
    (tmp_path / "styles" / "img").mkdir(parents=True)
    sheet = tmp_path / "styles" / "house.css"
    sheet.write_text(
        '@font-face { font-family: H; src: url("fonts/h.ttf"); }\n'
        "h2 { background: url(img/rule.png), url(data:image/png;base64,iVBORw0KGgo=); }\n"
        "a[href^='#'] { color: red; }\n",
        encoding="utf-8",
    )
    check_stylesheet(sheet, tmp_path)  # raises nothing
    sheet.write_text("h2 { background: url(../../x.png) }", encoding="utf-8")
    with pytest.raises(InputError):
        check_stylesheet(sheet, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("漢字", "fix: put a font that has them"),
        ("Ĭ", "fix: set fonts = “Noto Sans” in [style], which has them"),
        ("\U0001f30a", "fix: put a font that has them"),  # an emoji: no bundled family has it
    ],
)
def test_a_character_no_font_has_is_one_line_with_a_fix(tmp_path, capsys, text, fix) -> None:
    root = project(
        tmp_path, 'publisher = "X"\n', BRIEF.replace("The harbour", f"The {text} harbour")
    )
    code, err = release(root, capsys)
    assert code == 1
    lines = [x for x in err.splitlines() if "glyph" in x or "PDFUA" in x]
    assert len(lines) == 1, lines
    assert "harbour.md: A002 epub, pdf, print: fonts: no glyph" in lines[0]
    assert fix in lines[0].split("; ")[-1], lines[0]
    assert "PDFUA1-" not in err
