"""Stable identity and dates for an edition: the same brief always gets the same values."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from .document import Document

# A fixed namespace so that identifiers are stable across machines and releases.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://publish.invalid/brief")
FALLBACK_DATE = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest date a zip entry can carry


def edition_uuid(doc: Document) -> str:
    """urn:uuid v5 from publisher, series and number (or the slug when there is no number)."""
    m = doc.meta
    key = "|".join([m.publisher or "", m.series or "", str(m.number) if m.number else m.slug])
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def build_datetime(doc: Document) -> datetime:
    """The date stamped into editions: SOURCE_DATE_EPOCH when set, else the brief's date.

    Never the clock, so that two builds are byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    if doc.meta.date:
        try:
            return datetime.fromisoformat(doc.meta.date).replace(tzinfo=UTC)
        except ValueError:
            pass
    return FALLBACK_DATE
