"""The Crossref deposit (`publish release --crossref`): its structure, tested element by
element, since Crossref's XSD is not on the registries this project reaches."""

from __future__ import annotations

import pytest
from lxml import etree

from publish.crossref import NS, Depositor, deposit, depositor_of, timestamp_of
from publish.errors import InputError

N = {"c": NS}
DEPOSITOR = Depositor("Ann Editor", "editor@rivers.example", "Institute for River Studies")

ITEM = {
    "id": "rivers",
    "type": "report",
    "title": "Rivers and Ledgers",
    "author": [
        {"family": "Lee", "given": "Ann"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
    ],
    "issued": {"date-parts": [[2025, 6, 16]]},
    "publisher": "Institute for River Studies",
    "publisher-place": "Cityville",
    "collection-title": "Policy Papers",
    "number": "7",
    "DOI": "10.1234/rivers",
    "ISBN": "9780306406157",
    "ISSN": "0378-5955",
    "language": "en-GB",
    "URL": "https://rivers.example/briefs/rivers/",
}
BARE = {
    "id": "harbours",
    "type": "report",
    "title": "Harbours",
    "author": [{"literal": "Harbour Council"}],
    "issued": {"date-parts": [[2024, 3]]},
    "DOI": "10.1234/harbours",
    "URL": "https://rivers.example/briefs/harbours/",
    "language": "de",
}


def tree(items=(ITEM, BARE)) -> etree._Element:
    return etree.fromstring(deposit(list(items), DEPOSITOR, timestamp_of(list(items))))


def text(root: etree._Element, path: str) -> list[str]:
    return [e.text for e in root.iterfind(path, N)]


def test_the_head_names_the_depositor_and_a_reproducible_batch():
    root = tree()
    assert root.tag == f"{{{NS}}}doi_batch" and root.get("version") == "5.3.1"
    assert [child.tag.split("}")[1] for child in root] == ["head", "body"]
    head = root.find("c:head", N)
    assert [c.tag.split("}")[1] for c in head] == ["doi_batch_id", "timestamp", "depositor",
                                                    "registrant"]  # fmt: skip
    assert text(head, "c:timestamp") == ["20250616000000"]  # the newest brief's date
    assert text(head, "c:depositor/c:depositor_name") == ["Ann Editor"]
    assert text(head, "c:depositor/c:email_address") == ["editor@rivers.example"]
    assert text(head, "c:registrant") == ["Institute for River Studies"]
    assert deposit([ITEM, BARE], DEPOSITOR, "1") == deposit([BARE, ITEM], DEPOSITOR, "1")
    other = etree.fromstring(deposit([ITEM], DEPOSITOR, "1"))
    assert text(other, ".//c:doi_batch_id") != text(root, ".//c:doi_batch_id")


def test_a_brief_in_a_series_with_an_issn_is_a_series_report():
    root = tree()
    harbours, rivers = root.find("c:body", N)  # sorted by id
    meta = rivers.find("c:report-paper_series_metadata", N)
    assert meta is not None and meta.get("language") == "en"
    assert [c.tag.split("}")[1] for c in meta] == [
        "series_metadata", "contributors", "titles", "publication_date", "isbn", "publisher",
        "publisher_item", "doi_data",
    ]  # fmt: skip
    assert text(meta, "c:series_metadata/c:titles/c:title") == ["Policy Papers"]
    assert text(meta, "c:series_metadata/c:issn") == ["0378-5955"]
    people = meta.findall("c:contributors/c:person_name", N)
    assert [(p.get("sequence"), p.get("contributor_role")) for p in people] == [
        ("first", "author"), ("additional", "author"),
    ]  # fmt: skip
    assert text(meta, "c:contributors/c:person_name/c:surname") == ["Lee", "van der Berg"]
    assert text(meta, "c:publication_date/*") == ["06", "16", "2025"]
    assert text(meta, "c:publisher_item/c:item_number") == ["7"]
    assert text(meta, "c:doi_data/c:doi") == ["10.1234/rivers"]
    assert text(meta, "c:doi_data/c:resource") == ["https://rivers.example/briefs/rivers/"]
    plain = harbours.find("c:report-paper_metadata", N)
    assert plain is not None and plain.get("language") == "de"
    assert text(plain, "c:contributors/c:organization") == ["Harbour Council"]
    assert text(plain, "c:publication_date/*") == ["03", "2024"]


def test_a_brief_without_a_doi_or_landing_page_is_one_clear_error():
    with pytest.raises(InputError) as caught:
        deposit([ITEM, {**BARE, "URL": None}], DEPOSITOR, "1")
    assert "harbours" in caught.value.message and "base_url" in caught.value.message


def test_the_depositor_must_be_complete():
    with pytest.raises(InputError) as caught:
        depositor_of({"doi_prefix": "10.1234", "depositor_name": "A"}, "publish.toml")
    assert "depositor_email" in caught.value.message
    who = depositor_of({"doi_prefix": "10.1234", "depositor_name": "A",
                        "depositor_email": "a@b.example"}, "publish.toml")  # fmt: skip
    assert who.registrant == "A"  # no publisher: the depositor registers


def test_the_timestamp_never_comes_from_the_clock():
    assert timestamp_of([ITEM], "1750032000") == "20250616000000"
    assert timestamp_of([BARE]) == "20240301000000"


def test_doi_prefix_gives_each_brief_without_a_doi_its_doi(tmp_path):
    import publish

    (tmp_path / "publish.toml").write_text(
        'doi_prefix = "10.1234"\ndepositor_name = "Ann Editor"\n'
        'depositor_email = "editor@rivers.example"\n',
        encoding="utf-8",
    )
    path = tmp_path / "rivers.md"
    path.write_text("---\ntitle: Rivers\ndate: 2025-06-16\n---\n\nA paragraph of text.\n")
    doc = publish.normalize(path)
    assert doc.meta.doi == "10.1234/rivers"
    assert "doi_prefix" not in doc.to_dict()["meta"]  # the house's setting, not the brief's
    path.write_text("---\ntitle: Rivers\ndoi: 10.5555/own\n---\n\nA paragraph of text.\n")
    assert publish.normalize(path).meta.doi == "10.5555/own"  # a brief's own DOI wins


@pytest.mark.parametrize(
    ("profile", "says"),
    [
        ('doi_prefix = "10.1234"\n', "--crossref needs depositor_name, depositor_email"),
        (
            'doi_prefix = "10.1234"\ndepositor_name = "A"\ndepositor_email = "a@b.example"\n',
            "--crossref needs base_url",
        ),  # fmt: skip
        ('doi_prefix = "11.1"\n', "key “doi_prefix” must be a DOI prefix"),
        ('depositor_email = "nobody"\n', "key “depositor_email” must be an e-mail address"),
    ],
)
def test_release_crossref_refuses_before_building_anything(tmp_path, capsys, profile, says):
    from publish.cli import main

    (tmp_path / "publish.toml").write_text(profile, encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "r.md").write_text("---\ntitle: R\n---\n\nA paragraph.\n")
    code = main(["release", str(tmp_path / "seeds"), "--out", str(tmp_path / "dist"),
                 "--crossref", "--no-check"])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and says in err[0], err
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())
