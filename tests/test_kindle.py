"""The Kindle check (issue 26): what KDP rejects or its conversion breaks, one finding per cause.

Each cause is planted in a real EPUB that ebooklib built from a brief, by rewriting one file of
its zip, and must give exactly one finding that names the place and carries a fix; our own
books must give none.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

import publish
from publish.checks.kindle import CAUSES, kindle_problems
from publish.load import normalize_file

from .richbrief import write_rich_brief


@pytest.fixture(scope="module")
def epub(seed_doc) -> bytes:
    return publish.build_epub(seed_doc)


def rewrite(epub: bytes, change: dict[str, bytes | None]) -> bytes:
    """The EPUB with files replaced, added (new name) or removed (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in change:
                continue
            dst.writestr(info, src.read(info.filename))
        for name, data in change.items():
            if data is not None:
                dst.writestr(name, data)
    return out.getvalue()


def read(epub: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        return zf.read(name).decode("utf-8")


def edit(epub: bytes, name: str, old: str, new: str, count: int = 1) -> bytes:
    text = read(epub, name)
    assert old in text, (name, old)
    return rewrite(epub, {name: text.replace(old, new, count).encode("utf-8")})


def add_item(epub: bytes, name: str, media_type: str, data: bytes) -> bytes:
    """A new file, declared in the OPF's manifest."""
    item = f'<item href="{name}" id="x-{len(data)}" media-type="{media_type}"/>'
    book = edit(epub, "EPUB/content.opf", "</manifest>", item + "</manifest>")
    return rewrite(book, {f"EPUB/{name}": data})


def one(found: list[str], code: str) -> str:
    what, fix = CAUSES[code]
    assert len(found) == 1, found
    assert found[0].startswith(f"kindle: {what}: ") and found[0].endswith(f"; fix: {fix}")
    return found[0]


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1f4e79").save(out, "PNG")
    return out.getvalue()


def test_our_books_give_kindle_nothing(epub, tmp_path) -> None:
    assert kindle_problems(epub) == []
    rich = normalize_file(write_rich_brief(tmp_path))
    assert kindle_problems(publish.build_epub(rich, base_dir=tmp_path)) == []


CSS = "EPUB/css/epub.css"


def test_house_css_faults_are_one_finding_each_with_the_first_place(epub) -> None:
    css = read(epub, CSS)
    three = ".a { position: absolute; }\n.b { position: fixed; }\n.c { position: absolute; }\n"
    found = kindle_problems(rewrite(epub, {CSS: (css + three).encode()}))
    line = css.count("\n") + 1
    assert f": EPUB/css/epub.css:{line} (.a) (and 2 more); fix: " in one(found, "position")
    floated = css + "@media screen { aside.pullquote { float: right; } }\n"
    one(kindle_problems(rewrite(epub, {CSS: floated.encode()})), "float-aside")
    # A floated figure is Kindle's own example of a float it keeps: not a finding.
    assert kindle_problems(rewrite(epub, {CSS: (css + "img { float: left; }").encode()})) == []


def test_viewport_units_need_a_fallback_before_them(epub) -> None:
    css = read(epub, CSS)
    bare = css + "h2 { font-size: 6vw; }\n"
    one(kindle_problems(rewrite(epub, {CSS: bare.encode()})), "viewport-units")
    # Our title's clamp(…vw…) comes after `font-size: 2em`, which older Kindles use.
    assert re.search(r"font-size: 2em;\s*font-size: clamp\(1em, 10vw, 2em\)", css)
    fallback = css + "h2 { font-size: 1.5em; font-size: 6vw; }\n"
    assert kindle_problems(rewrite(epub, {CSS: fallback.encode()})) == []


def test_negative_values(epub) -> None:
    css = read(epub, CSS)
    one(kindle_problems(rewrite(epub, {CSS: (css + "p { line-height: -1; }").encode()})),
        "negative")  # fmt: skip
    hang = css + "p.hang { text-indent: -2em; }"
    one(kindle_problems(rewrite(epub, {CSS: hang.encode()})), "negative")
    paired = css + "p.hang { text-indent: -2em; padding-left: 2em; }"
    assert kindle_problems(rewrite(epub, {CSS: paired.encode()})) == []


def test_a_missing_or_small_cover(epub) -> None:
    uncovered = edit(epub, "EPUB/content.opf", 'properties="cover-image"', "")
    one(kindle_problems(uncovered), "cover")
    small = rewrite(epub, {"EPUB/images/cover.png": png(500, 800)})
    assert "(500 × 800 px)" in one(kindle_problems(small), "cover-size")


def test_images_kindle_cannot_take(epub) -> None:
    webp = io.BytesIO()
    Image.new("RGB", (40, 40)).save(webp, "WEBP")
    one(kindle_problems(add_item(epub, "images/map.webp", "image/webp", webp.getvalue())),
        "image-type")  # fmt: skip
    noise = Image.frombytes("RGB", (1400, 1400), bytes(range(256)) * (1400 * 1400 * 3 // 256 + 1))
    big = io.BytesIO()
    noise.save(big, "PNG", compress_level=0)
    assert big.tell() > 5 * 1024 * 1024
    one(kindle_problems(add_item(epub, "images/big.png", "image/png", big.getvalue())),
        "image-size")  # fmt: skip


def _font_with(epub: bytes, fs_type: int) -> bytes:
    name = "EPUB/fonts/SourceSerifPro-Regular.ttf"
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        font = TTFont(io.BytesIO(zf.read(name)))
    font["OS/2"].fsType = fs_type
    out = io.BytesIO()
    font.save(out)
    return rewrite(epub, {name: out.getvalue()})


def test_fonts_without_embedding_rights_or_in_another_format(epub) -> None:
    assert "fsType 0x0002" in one(kindle_problems(_font_with(epub, 0x0002)), "font-rights")
    assert kindle_problems(_font_with(epub, 0x0008)) == []  # editable embedding is allowed
    woff = add_item(epub, "fonts/extra.woff", "font/woff", b"wOFF" + bytes(60))
    one(kindle_problems(woff), "font-type")


def test_notes_kindle_would_not_pop_up(epub) -> None:
    # The note's own element loses its type: the call still resolves, but to a plain paragraph.
    text = read(epub, "EPUB/notes.xhtml")
    plain = text.replace('epub:type="footnote" role="doc-footnote"', "")
    found = kindle_problems(rewrite(epub, {"EPUB/notes.xhtml": plain.encode()}))
    assert "(and 22 more)" in one(found, "notes")


def test_scripts_and_file_names(epub) -> None:
    scripted = edit(epub, "EPUB/title.xhtml", "</body>", "<script>let a = 1;</script></body>")
    one(kindle_problems(scripted), "script")
    spaced = add_item(epub, "images/my map!.png", "image/png", png(20, 20))
    assert "EPUB/images/my map!.png" in one(kindle_problems(spaced), "file-name")


@pytest.mark.slow
def test_the_release_warns_of_kindle_faults_in_the_house_css(tmp_path, capsys) -> None:
    import json

    from publish.cli import main
    from publish.commands.init import init_project

    init_project(tmp_path)
    (tmp_path / "styles" / "house.css").write_text("aside.pullquote { float: right; }\n")
    with (tmp_path / "publish.toml").open("a", encoding="utf-8") as toml:
        toml.write('stylesheet = { epub = "styles/house.css" }\n')
    assert main(["--project", str(tmp_path), "release", "--jobs", "1"]) == 0  # a warning only
    assert "kindle: a floated pull quote" in capsys.readouterr().err
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text(encoding="utf-8"))
    (brief,) = manifest["briefs"]
    assert brief["validation"]["epub"]["kindle"] == {"status": "warnings", "findings": 1}


def test_docs_list_every_cause() -> None:
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "EPUB.md").read_text(encoding="utf-8")
    for code, (what, fix) in CAUSES.items():
        assert f"| `{code}` | {what.replace('|', '/')} | {fix.replace('|', '/')} |" in text
