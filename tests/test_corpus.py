"""The readers' corpus (tests/corpus/): files made by other producers, each read as
hand-checked in expected.json, and compared with pandoc's reading where pandoc has a reader.

A change to a reader that changes any count, title, series, date, author or warning here
fails until expected.json (and the table in docs/READERS.md) says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.corpus.counts import KINDS, inputs, ours, pandoc, producer, table

HERE = Path(__file__).parent / "corpus"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
FILES = inputs()


def test_the_corpus_is_large_and_varied():
    assert len(FILES) >= 30
    assert len({producer(p) for p in FILES}) >= 6
    assert sorted(EXPECTED) == sorted(p.name for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_input_reads_as_hand_checked(path: Path):
    expected, found = EXPECTED[path.name], ours(path)
    assert {k: found[k] for k in KINDS} == {k: expected[k] for k in KINDS}
    for key in ("title", "series", "authors", "date"):
        if expected[key] != "*":
            assert found[key] == expected[key], key
    # Every doubt is said, and nothing else: a new warning or a lost one fails.
    warnings = found["warnings"]
    assert len(warnings) == len(expected["warnings"]), warnings
    for said, want in zip(warnings, expected["warnings"], strict=True):
        assert said.startswith(want), (said, want)


@pytest.mark.parametrize("path", [p for p in FILES if pandoc(p) is not None], ids=lambda p: p.name)
def test_where_we_differ_from_pandoc_the_table_says_why(path: Path):
    """pandoc-binary's reading, live: equal where the corpus says so, else explained."""
    mine, theirs = ours(path), pandoc(path)
    assert theirs is not None
    same = {k: mine[k] for k in KINDS} == theirs
    why = EXPECTED[path.name]["why"]
    assert same == why.startswith("same as pandoc"), (theirs, why)


def test_the_table_in_docs_is_current():
    readers = (HERE.parent.parent / "docs" / "READERS.md").read_text(encoding="utf-8")
    assert table() in readers, "run: .venv/bin/python -m tests.corpus.counts --write"
