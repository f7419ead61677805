"""A Crossref deposit (`report-paper`, schema 5.3.1) for the briefs of a release.

`publish release --crossref` writes `dist/crossref.xml` when publish.toml names a
`doi_prefix` (which gives each brief without a `doi` the DOI `<prefix>/<slug>`) and the
depositor (`depositor_name`, `depositor_email`). The deposit is made from the release's own
CSL-JSON records, so it says what the citations say; it is never sent anywhere: the user
uploads it. Crossref's XSD is not on the registries this project reaches, so the file's
structure is tested instead of validated (tests/test_crossref.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .errors import InputError

NS = "http://www.crossref.org/schema/5.3.1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} https://www.crossref.org/schemas/crossref5.3.1.xsd"
FILE = "crossref.xml"
KEYS = ("doi_prefix", "depositor_name", "depositor_email")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True)
class Depositor:
    name: str
    email: str
    registrant: str  # who owns the DOIs: the publisher, else the depositor


def check_prefix(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"10\.\d{4,9}", value.strip()):
        raise TypeError("a DOI prefix such as 10.1234")
    return value.strip()


def check_email(value: Any) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise TypeError("an e-mail address")
    return value.strip()


def depositor_of(profile: dict[str, Any], path: str) -> Depositor:
    """The depositor from the (checked) house profile; one clear error when incomplete."""
    missing = [k for k in KEYS if not profile.get(k)]
    if missing:
        raise InputError(f"--crossref needs {', '.join(missing)} in the house profile", path=path)
    name = profile["depositor_name"]
    return Depositor(name, profile["depositor_email"], profile.get("publisher") or name)


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrib: str):
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", attrib)
    if text is not None:
        element.text = text
    return element


def _contributors(parent: etree._Element, names: list[dict[str, str]]) -> None:
    if not names:
        return
    holder = _add(parent, "contributors")
    for index, name in enumerate(names):
        sequence = "first" if index == 0 else "additional"
        if "literal" in name:
            _add(holder, "organization", name["literal"], sequence=sequence,
                 contributor_role="author")  # fmt: skip
            continue
        person = _add(holder, "person_name", sequence=sequence, contributor_role="author")
        _add(person, "given_name", name["given"])
        family = " ".join(p for p in (name.get("non-dropping-particle"), name["family"]) if p)
        _add(person, "surname", family)


def _report(body: etree._Element, item: dict[str, Any]) -> None:
    report = _add(body, "report-paper")
    language = item.get("language", "en").split("-")[0].lower()
    if item.get("collection-title") and item.get("ISSN"):
        # A series is only expressible with its ISSN (series_metadata requires one).
        meta = _add(report, "report-paper_series_metadata", language=language)
        series = _add(meta, "series_metadata")
        _add(_add(series, "titles"), "title", item["collection-title"])
        _add(series, "issn", item["ISSN"], media_type="electronic")
    else:
        meta = _add(report, "report-paper_metadata", language=language)
    _contributors(meta, item.get("author", []))
    _add(_add(meta, "titles"), "title", item["title"])
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        published = _add(meta, "publication_date", media_type="online")
        for tag, value in zip(("month", "day"), parts[1:], strict=False):
            _add(published, tag, f"{value:02d}")
        _add(published, "year", str(parts[0]))
    if item.get("ISBN"):
        _add(meta, "isbn", item["ISBN"], media_type="electronic")
    if item.get("publisher"):
        publisher = _add(meta, "publisher")
        _add(publisher, "publisher_name", item["publisher"])
        if item.get("publisher-place"):
            _add(publisher, "publisher_place", item["publisher-place"])
    if item.get("number"):
        numbered = _add(meta, "publisher_item")
        _add(numbered, "item_number", item["number"], item_number_type="report-number")
    doi = _add(meta, "doi_data")
    _add(doi, "doi", item["DOI"])
    _add(doi, "resource", item["URL"])


def deposit(items: list[dict[str, Any]], depositor: Depositor, timestamp: str) -> bytes:
    """The deposit for CSL-JSON `items` (each with a DOI and a landing page URL).

    `timestamp` (digits, e.g. 20250616000000) orders deposits at Crossref: a later deposit of
    the same DOI must carry a larger one. The batch id is a hash of the records, so the same
    release gives the same bytes.
    """
    unready = sorted(i["id"] for i in items if not i.get("DOI") or not i.get("URL"))
    if unready:
        raise InputError(
            f"--crossref: no DOI or no landing page URL (base_url) for {', '.join(unready)}"
        )
    root = etree.Element(f"{{{NS}}}doi_batch", {"version": "5.3.1",
                         f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
                         nsmap={None: NS, "xsi": XSI})  # fmt: skip
    head = _add(root, "head")
    body = _add(root, "body")
    for item in sorted(items, key=lambda i: i["id"]):
        _report(body, item)
    digest = hashlib.sha256(etree.tostring(body, method="c14n")).hexdigest()
    _add(head, "doi_batch_id", f"publish-{digest[:24]}")
    _add(head, "timestamp", timestamp)
    who = _add(head, "depositor")
    _add(who, "depositor_name", depositor.name)
    _add(who, "email_address", depositor.email)
    _add(head, "registrant", depositor.registrant)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def timestamp_of(items: list[dict[str, Any]], epoch: str | None = None) -> str:
    """SOURCE_DATE_EPOCH when set, else the newest brief's date: never the clock."""
    from datetime import UTC, datetime

    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y%m%d%H%M%S")
    dates = [
        tuple(i["issued"]["date-parts"][0]) + (1,) * (3 - len(i["issued"]["date-parts"][0]))
        for i in items
        if i.get("issued")
    ]
    year, month, day = max(dates) if dates else (1970, 1, 1)
    return f"{year:04d}{month:02d}{day:02d}000000"
