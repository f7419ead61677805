"""The date tables keep only the names they need, not babel's CLDR data (issue 24: the PDF
workers fork from the process that read the dates, and count its pages)."""

from __future__ import annotations

import babel.localedata

from publish.normalizer import dates


def test_the_weekday_and_month_tables_leave_no_locale_data_cached() -> None:
    dates._weekdays.cache_clear()
    dates._months.cache_clear()
    babel.localedata.clear_caches()
    assert "lundi" in dates._weekdays()
    assert dates._months("de")["märz"] == 3
    assert not babel.localedata._cache  # all ten languages were loaded, and dropped
